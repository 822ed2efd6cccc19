import assert from "node:assert/strict";
import { cellId } from "../../src/format";
import { confront } from "../../src/check";
import { clerkText, preparePublication, renderPublication, type Prepared } from "../../src/publish";
import { publicationFragment, publicationPage, tablesFragment } from "../../src/publish/html";
import { importFile } from "../../src/importers";
import { join } from "node:path";
import { ref, sampleReport, withCells } from "../helpers/reports";

/**
 * What may be published and what the clerk is told: a report breaking a hard rule is refused with the errors and the
 * fix; a blank cell is printed as 0 only when the clerk confirmed it; guessed and missing cells refuse; when only
 * 提示 remain the document is made and they are listed. The clerk's own text is kept under the official headings.
 */

const refused = (p: Prepared) => {
  assert.equal(p.ok, false, "should have been refused");
  return p as Extract<Prepared, { ok: false }>;
};
const made = (p: Prepared) => {
  assert.ok(p.ok, JSON.stringify(!p.ok && p.errors));
  return p;
};

describe("publish: what may be published", () => {
  it("refuses a report that breaks a hard rule, listing each error and the fix that would make it right", () => {
    const wrong = withCells(sampleReport(), [[ref("三", "new", "natural"), 45]]); // 54 → 45
    const p = refused(preparePublication(wrong));
    assert.deepEqual(
      p.errors.map((e) => e.rule),
      ["R3-1", "R3-2"]
    );
    assert.match(p.errors[0].message, /表三“自然人”列/);
    assert.ok(
      p.suggestions.some((s) => /由 45 改为 54/.test(s)),
      p.suggestions.join("\n")
    );
  });

  it("refuses blank or “/” cells unless the clerk confirmed they are 0, then prints them as 0", () => {
    const blanks = withCells(sampleReport(), [
      [ref("二", "penalty", "decisions"), null],
      [ref("二", "enforcement", "decisions"), "/"],
    ]);
    const p = refused(preparePublication(blanks));
    assert.deepEqual(
      p.errors.map((e) => e.rule),
      ["P-BLANK"]
    );
    assert.match(p.errors[0].message, /表二有 2 格/);
    assert.match(p.errors[0].message, /--blank-as-zero/);
    const confirmed = made(preparePublication(blanks, { blankAsZero: true }));
    assert.equal(confirmed.publication.printed.get("二:penalty:decisions"), "0");
    assert.equal(confirmed.publication.printed.get("二:enforcement:decisions"), "0");
    assert.ok(!confirmed.warnings.some((w) => w.rule === "W-BLANK"));
  });

  it("takes the clerk's 说明 of a table's blank warning as the confirmation, for that table only", () => {
    const blanks = withCells(sampleReport(), [
      [ref("二", "penalty", "decisions"), null],
      [ref("四", "suitDirect", "upheld"), null],
    ]);
    const key = confront(blanks)
      .byRule("W-BLANK")
      .find((f) => f.cells[0].table === "二")!.key;
    const p = refused(preparePublication({ ...blanks, explanations: { [key]: "本年无行政处罚" } }));
    assert.equal(p.errors.length, 1);
    assert.match(p.errors[0].message, /表四/);
    const both = confront(blanks)
      .byRule("W-BLANK")
      .map((f) => [f.key, "确为 0"]);
    made(preparePublication({ ...blanks, explanations: Object.fromEntries(both) }));
  });

  it("refuses cells an importer had to guess, and a cut-off report", () => {
    const report = sampleReport();
    const guessed = { ...report, uncertain: new Set([cellId(ref("三", "granted", "natural"))]) };
    const p = refused(preparePublication(guessed));
    assert.deepEqual(
      p.errors.map((e) => e.rule),
      ["P-UNCERTAIN"]
    );
    assert.match(p.errors[0].message, /表三“（一）予以公开”行“自然人”列/);
    // Checked by the clerk: a 说明 of the import note lets the cell stand.
    const note = {
      code: "I-UNCERTAIN",
      message: "数字连在一起",
      cells: [ref("三", "granted", "natural")],
    };
    const key = confront({ ...guessed, notes: [note] }).byRule("I-UNCERTAIN")[0].key;
    made(preparePublication({ ...guessed, notes: [note], explanations: { [key]: "已核对原件" } }));
    const cut = { ...report, values: new Map(report.values) };
    cut.values.delete(cellId(ref("四", "review", "total")));
    assert.ok(refused(preparePublication(cut)).errors.some((e) => e.rule === "P-MISSING"));
  });

  it("makes the document when only 提示 remain, and lists them", () => {
    // A township reporting 规章: a warning, not an error.
    const report = withCells(sampleReport("2021", { agency: "某县某镇人民政府" }), [
      [ref("二", "rules", "issued"), 1],
    ]);
    const p = made(preparePublication(report));
    assert.ok(p.warnings.some((w) => w.rule === "W-RULEMAKING"));
    // The text gaps are named too.
    assert.deepEqual(
      p.warnings.filter((w) => w.rule === "P-TEXT-GAP").map((w) => w.message.slice(0, 2)),
      ["五、", "六、"]
    );
  });

  it("prints full-width or text numbers as the plain number they were read as", () => {
    const report = withCells(sampleReport(), [[ref("二", "licensing", "decisions"), "１２０"]]);
    const p = made(preparePublication(report));
    assert.equal(p.publication.printed.get("二:licensing:decisions"), "120");
  });
});

describe("publish: the clerk's text under the official headings", () => {
  const TEXT = [
    "某市某区司法局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "2023年，我局深入贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
    "二、主动公开政府信息情况",
    "本年度通过门户网站主动公开政府信息120条。",
    "| 第二十条第（一）项 |",
    "| 规章 | 0 | 0 | 0 |",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的问题及改进情况",
    "一是公开内容不够全面；二是解读形式较为单一。",
    "六、其他事项",
    "本年度未收取信息处理费。",
  ].join("\n");

  it("splits the text by its headings, variants included, leaving table rows out", () => {
    const s = clerkText(TEXT).sections;
    assert.deepEqual(s[1], ["本年度通过门户网站主动公开政府信息120条。"]);
    assert.deepEqual(s[4], ["一是公开内容不够全面；二是解读形式较为单一。"]);
    assert.deepEqual(s[5], ["本年度未收取信息处理费。"]);
    assert.deepEqual(s[2], []);
  });

  it("finds the headings inside a page's run-together text and keeps its prose, not its tables (corpus 001.txt)", async () => {
    const read = await importFile(join(__dirname, "../fixtures/corpus/001.txt"));
    assert.ok(read.ok);
    const c = clerkText(read.report.text!);
    assert.match(c.preface[0], /^本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）/);
    assert.equal(c.sections[0].length, 6);
    assert.match(c.sections[0][1], /^（一）主动公开方面 平潭综合实验区切实落实/);
    assert.deepEqual(c.sections.slice(1, 4), [[], [], []]);
    assert.match(
      c.sections[4][0],
      /^2022年，平潭综合实验区政府信息公开工作取得了一定成绩，但还存在一些问题和不足：一是/
    );
    assert.deepEqual(c.sections[5], ["2022年，无收取信息处理费情况。"]);
    const all = [...c.preface, ...c.sections.flat()].join("\n");
    assert.doesNotMatch(all, /第二十条第|本年新收政府信息公开申请数量|结果维持|[|]/);
    // Published from the file: the clerk's text under the official headings, no gap left.
    const p = made(preparePublication(read.report));
    assert.ok(!p.warnings.some((w) => w.rule === "P-TEXT-GAP"));
    assert.equal(p.publication.sections[5].paragraphs[0].text, "2022年，无收取信息处理费情况。");
  });

  it("leaves a page's furniture out of the last section (corpus 003.html)", async () => {
    const read = await importFile(join(__dirname, "../fixtures/corpus/003.html"));
    assert.ok(read.ok);
    const c = clerkText(read.report.text!);
    assert.deepEqual(c.sections[5], ["2024年，无收取信息处理费情况。"]);
  });

  it("keeps the clerk's text after the generated sentences and prints the official headings", () => {
    const p = made(preparePublication({ ...sampleReport(), text: TEXT })).publication;
    const [one, two, , , five, six] = p.sections;
    assert.equal(one.paragraphs.length, 3);
    assert.ok(one.paragraphs[0].generated && one.paragraphs[1].generated);
    assert.match(
      one.paragraphs[0].text,
      /^2023年，本机关共收到政府信息公开申请61件（其中本年新收57件，上年结转4件），办结59件，其中予以公开33件/
    );
    assert.equal(
      one.paragraphs[2].text,
      "2023年，我局深入贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。"
    );
    // Section 二 has no generated sentence: the clerk's text, then the table.
    assert.deepEqual(
      two.paragraphs.map((x) => x.text),
      ["本年度通过门户网站主动公开政府信息120条。"]
    );
    assert.equal(two.table, "二");
    assert.equal(five.heading, "五、存在的主要问题及改进情况");
    assert.equal(six.heading, "六、其他需要报告的事项");
    assert.equal(six.paragraphs[0].text, "本年度未收取信息处理费。");
  });

  it("warns when the clerk's own text quotes a number the tables do not give", () => {
    const text = TEXT.replace(
      "扎实推进政务公开工作。",
      "扎实推进政务公开工作。全年共收到政府信息公开申请70件。"
    );
    const p = made(preparePublication({ ...sampleReport(), text }));
    const w = p.warnings.filter((x) => x.rule === "W-TEXT-NUMBER");
    assert.equal(w.length, 1);
    assert.match(w[0].message, /收到政府信息公开申请70件/);
  });
});

describe("publish: HTML a content system accepts", () => {
  const p = made(preparePublication(sampleReport())).publication;

  it("has no script, no style block, no class and no event attribute; only tables, headings and paragraphs", () => {
    for (const html of [publicationPage(p), publicationFragment(p), tablesFragment(p)]) {
      assert.doesNotMatch(html, /<script|<style|<link|class=|\son\w+=|javascript:/i);
      const tags = new Set([...html.matchAll(/<([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
      for (const t of tags)
        assert.ok(
          [
            "html",
            "head",
            "meta",
            "title",
            "body",
            "h1",
            "h2",
            "p",
            "table",
            "colgroup",
            "col",
            "tbody",
            "tr",
            "td",
          ].includes(t),
          t
        );
    }
  });

  it("the fragments have no page around them; the page is a UTF-8 HTML5 document titled as the report", () => {
    assert.doesNotMatch(publicationFragment(p), /<html|<body|<head/);
    assert.doesNotMatch(tablesFragment(p), /<html|<p /);
    const page = publicationPage(p);
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<meta charset="utf-8" \/>/);
    assert.match(page, /<title>某市某区司法局2023年政府信息公开工作年度报告<\/title>/);
  });

  it("merges table 三's header cells with rowspan and colspan as the template does", () => {
    const html = tablesFragment(p);
    assert.match(
      html,
      /<td rowspan="3" colspan="3"[^>]*>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）<\/td><td colspan="7"[^>]*>申请人情况<\/td>/
    );
    assert.match(
      html,
      /<td rowspan="2"[^>]*>自然人<\/td><td colspan="5"[^>]*>法人或其他组织<\/td><td rowspan="2"[^>]*>总计<\/td>/
    );
    assert.match(html, /<td rowspan="22"[^>]*>三、本年度办理结果<\/td>/);
    assert.match(html, /<td colspan="5"[^>]*>行政复议<\/td><td colspan="10"[^>]*>行政诉讼<\/td>/);
  });

  it("escapes the agency's name and the clerk's text", async () => {
    const nasty = made(
      preparePublication({
        ...sampleReport("2021", { agency: "<b>某局</b>" }),
        text: "五、存在的主要问题及改进情况\n<script>alert(1)</script>问题很多。",
      })
    ).publication;
    const html = new TextDecoder().decode(await renderPublication(nasty, "html"));
    assert.doesNotMatch(html, /<script|<b>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;问题很多。/);
  });
});
