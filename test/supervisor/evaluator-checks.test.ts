import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { confront } from "../../src/check";
import { importBytes } from "../../src/importers";
import { getFormat } from "../../src/format";
import { formatFinding } from "../../src/messages";
import { pairedReport, pairingRecord } from "../../src/pairing";
import { bodyKind, publicationDates } from "../../src/published";
import type { Report } from "../../src/report";
import { fingerprint, narrativeOf, overlap, SimilarityIndex } from "../../src/similarity";
import { COPIED_SHARE } from "../../src/supervisor-checks";
import { buildReport, sampleReport, seededRandom } from "../helpers/reports";
import { check, CORPUS, tempFolder } from "./helpers";

/**
 * The checks evaluators score, on real published reports: the department reports of one 综合实验区 (2019–2025,
 * test/fixtures/corpus/dept) and pages derived from them (test/fixtures/evaluator/SOURCE.md says how).
 */

const DEPT = join(CORPUS, "dept");
const EVAL = resolve(__dirname, "../fixtures/evaluator");

async function load(path: string): Promise<Report> {
  const r = await importBytes(path, readFileSync(path));
  if (!r.ok) throw new Error(`${path}: ${r.error}`);
  return r.report;
}
const dept = (name: string) => load(join(DEPT, name));

describe("W-INFORCE: 表二's 现行有效件数 across years", () => {
  it("财政金融局 2022 (real): 3 in force in 2021 + 8 issued − 0 repealed should be 11, the report says 8", async () => {
    const [before, now] = [await dept("103.txt"), await dept("104.txt")];
    const c = confront(now, { previous: before });
    const [f] = c.byRule("W-INFORCE");
    assert.ok(f, "warned");
    assert.equal(f.severity, "warning");
    assert.deepEqual(f.cells, [{ table: "二", row: "normativeDocs", column: "inForce" }]);
    assert.equal(f.expected, 11);
    assert.equal(f.actual, 8);
    const text = formatFinding(c.model, f);
    assert.match(text, /表二“行政规范性文件”/);
    assert.match(
      text,
      /现行有效件数 3，加本年制发 8、减本年废止 0，应为 11，但本年现行有效件数为 8，少 3/
    );
    assert.match(formatFinding(c.model, f, "en"), /makes 11, but 8 are reported in force/);
  });

  it("交通与建设局 2022 (real): 12 + 4 − 0 = 16 as reported: no warning", async () => {
    const c = confront(await dept("交通与建设局-2022.txt"), {
      previous: await dept("交通与建设局-2021.txt"),
    });
    assert.deepEqual(c.byRule("W-INFORCE"), []);
  });

  it("2019 format both years (财政金融局 2019→2020, real): 对外公开总数量 7 + 4 new = 11 as reported: no warning", async () => {
    const c = confront(await dept("102.txt"), { previous: await dept("101.txt") });
    assert.equal(c.model.id, "2019");
    assert.deepEqual(c.byRule("W-INFORCE"), []);
  });

  it("after a 2019-format year (交通与建设局 2020→2021, real): 12 in force cannot come from 5 published + 0 issued", async () => {
    const c = confront(await dept("交通与建设局-2021.txt"), {
      previous: await dept("交通与建设局-2020.txt"),
    });
    const [f] = c.byRule("W-INFORCE");
    assert.ok(f);
    assert.match(
      formatFinding(c.model, f),
      /对外公开总数量（2019 年版格式） 5.*最多为 5，但本年现行有效件数为 12，多 7/
    );
  });

  it("after a 2019-format year, fewer in force than the old total allows is not warned (the old total may count repealed ones)", () => {
    const prev = buildReport(
      "2019",
      (c) => (c.row === "normativeDocs" && c.column === "publishedTotal" ? 40 : 0),
      { year: 2020 }
    );
    const now = buildReport(
      "2021",
      (c) =>
        c.row === "normativeDocs" && c.column === "inForce"
          ? 30
          : c.row === "normativeDocs" && c.column === "issued"
            ? 2
            : 0,
      { year: 2021 }
    );
    assert.deepEqual(confront(now, { previous: prev }).byRule("W-INFORCE"), []);
  });

  it("numbers the importer had to guess (digits run together, 管委会办公室 2022→2023) are not used", async () => {
    const now = await dept("117.txt");
    assert.ok(now.uncertain?.has("二:normativeDocs:inForce"));
    assert.deepEqual(confront(now, { previous: await dept("116.txt") }).byRule("W-INFORCE"), []);
  });

  it("“/” in last year's 规章 row (a body without rule-making power) is not read as 0 in force", () => {
    const prev = buildReport("2021", () => 0, { year: 2022 });
    prev.values.set("二:rules:inForce", "/");
    const now = buildReport("2021", (c) => (c.row === "rules" && c.column === "inForce" ? 2 : 0), {
      year: 2023,
    });
    assert.deepEqual(confront(now, { previous: prev }).byRule("W-INFORCE"), []);
  });

  it("for all numbers (2021 format both years): warned exactly when 现行有效 ≠ last 现行有效 + 制发 − 废止", () => {
    const n = fc.integer({ min: 0, max: 500 });
    fc.assert(
      fc.property(n, n, n, n, (last, issued, repealed, inForce) => {
        const prev = buildReport(
          "2021",
          (c) => (c.row === "rules" && c.column === "inForce" ? last : 0),
          { year: 2022 }
        );
        const values: Record<string, number> = { issued, repealed, inForce };
        const now = buildReport("2021", (c) => (c.row === "rules" ? (values[c.column] ?? 0) : 0), {
          year: 2023,
        });
        const warned = confront(now, { previous: prev }).byRule("W-INFORCE");
        assert.equal(warned.length, inForce !== last + issued - repealed ? 1 : 0);
      }),
      { numRuns: 200 }
    );
  });

  it("without last year's report nothing is said", async () => {
    assert.deepEqual(confront(await dept("104.txt")).byRule("W-INFORCE"), []);
  });
});

describe("W-COPIED-TEXT: 内容雷同", () => {
  it("交通与建设局 2023 carried over from 2022 with every number changed is warned, with the share and the passages", async () => {
    const before = await dept("交通与建设局-2022.txt");
    const now = await load(join(EVAL, "交通与建设局-2023-copied.txt"));
    const c = confront(now, { previous: before });
    const [f] = c.byRule("W-COPIED-TEXT");
    assert.ok(f, "warned");
    assert.equal(f.detail.type, "copied");
    if (f.detail.type !== "copied") return;
    assert.ok(f.detail.share > 0.9, `share ${f.detail.share}`);
    assert.ok(f.detail.passages.length > 0);
    // The passages are the report's own words (its numbers, not last year's).
    assert.ok(f.detail.passages.every((p) => narrativeOf(now.text!).source.includes(p)));
    const text = formatFinding(c.model, f);
    assert.match(
      text,
      /^内容雷同：正文（总体情况、存在的主要问题及改进情况、其他需要报告的事项）约 \d+% 与 2022 年度本单位报告逐字相同（数字不计），重复段落如“/
    );
  });

  it("real reports carried over (财政金融局 2022→2023: 93 %) are warned; rewritten ones (交通与建设局 2021→2022: 27 %) are not", async () => {
    const copied = confront(await dept("105.txt"), { previous: await dept("104.txt") });
    assert.equal(copied.byRule("W-COPIED-TEXT").length, 1);
    const rewritten = confront(await dept("交通与建设局-2022.txt"), {
      previous: await dept("交通与建设局-2021.txt"),
    });
    assert.deepEqual(rewritten.byRule("W-COPIED-TEXT"), []);
  });

  it("another agency's report of the same year is not “copied” (交通与建设局 and 市场监督管理局 2022 share a local template: 17 %)", async () => {
    const a = await dept("交通与建设局-2022.txt");
    const b = await dept("市场监督管理局-2022.txt");
    const o = overlap(a.text!, fingerprint(b.text!));
    assert.ok(o.share > 0.05 && o.share < COPIED_SHARE, `share ${o.share}`);
    const c = confront(a, {
      peers: [{ agency: b.agency!, year: 2022, fingerprint: fingerprint(b.text!) }],
    });
    assert.deepEqual(c.byRule("W-COPIED-TEXT"), []);
  });

  it("boilerplate alone is not copying: same headings, tables, template sentences and page, another narrative", async () => {
    const mine = await dept("交通与建设局-2022.txt");
    const other = await dept("市场监督管理局-2022.txt");
    // My page with sections 一 and 五 written by another department: what stays is boilerplate.
    const text = mine.text!;
    const otherText = other.text!;
    const section = (t: string, from: string, to: string) =>
      t.slice(t.indexOf(from), t.indexOf(to));
    const swapped = text
      .replace(
        section(text, "一、总体情况", "二、主动公开"),
        section(otherText, "一、总体情况", "二、主动公开")
      )
      .replace(section(text, "五、", "六、"), section(otherText, "五、", "六、"));
    const o = overlap(swapped, fingerprint(text));
    assert.ok(o.share < 0.2, `share ${o.share}`);
    // And the headings and table labels are not in what is compared at all.
    const { norm } = narrativeOf(text);
    for (const boiler of [
      "总体情况",
      "主动公开政府信息情况",
      "第二十条",
      "本年新收",
      "存在的主要问题及改进情况",
    ])
      assert.ok(!norm.includes(boiler), boiler);
  });

  it("for any new numbers, a narrative carried over still matches last year's in full (real text, random numbers)", async () => {
    const text = (await dept("交通与建设局-2022.txt")).text!;
    const fp = fingerprint(text);
    // Kept sorted and unique: looked up by binary search.
    assert.ok(fp.hashes.length > 100 && fp.hashes.every((h, i) => i === 0 || h > fp.hashes[i - 1]));
    const whole = overlap(text, fp).share;
    assert.ok(whole > 0.95, `itself: ${whole}`);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99999 }), { minLength: 1, maxLength: 50 }),
        (numbers) => {
          let k = 0;
          const renumbered = text.replace(/\d+/g, () => String(numbers[k++ % numbers.length]));
          assert.equal(overlap(renumbered, fp).share, whole);
        }
      ),
      { numRuns: 30 }
    );
  });

  it("a narrative too short to judge (a report that says 无) is never called copied", () => {
    const text =
      "一、总体情况\n无。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。";
    const r = sampleReport("2021", { text });
    assert.deepEqual(
      confront(r, { previous: sampleReport("2021", { text, year: 2022 }) }).byRule("W-COPIED-TEXT"),
      []
    );
  });

  it("the similarity index proposes a copy published under another agency's name, within the same year only", async () => {
    const index = new SimilarityIndex<string>();
    const reports: [string, Report][] = [];
    for (const name of [
      "交通与建设局-2022.txt",
      "市场监督管理局-2022.txt",
      "104.txt",
      "111.txt",
      "116.txt",
    ])
      reports.push([name, await dept(name)]);
    for (const [name, r] of reports) index.add(name, r.agency!, 2022, fingerprint(r.text!));
    // A copy of 财政金融局's 2022 report published under another name.
    const copy = (await dept("104.txt")).text!;
    const proposed = index.similar("某某局", 2022, fingerprint(copy));
    assert.ok(proposed.includes("104.txt"));
    assert.deepEqual(
      index.similar("某某局", 2023, fingerprint(copy)),
      [],
      "another year is not proposed"
    );
  });

  it("a province's folder: a copy is still found among a thousand other reports of the year, the copied one named first", async () => {
    const index = new SimilarityIndex<string>();
    for (const name of ["104.txt", "111.txt", "116.txt"]) {
      const r = await dept(name);
      index.add(name, r.agency!, 2022, fingerprint(r.text!));
    }
    // Reports added after the copied one, each its own text, until the index has grown many times over.
    const random = seededRandom(11);
    const chars = (n: number) =>
      Array.from({ length: n }, () =>
        String.fromCharCode(0x4e00 + Math.floor(random() * 3000))
      ).join("");
    for (let i = 0; i < 1000; i++)
      index.add(`other-${i}`, `某县第${i}局`, 2022, fingerprint(chars(400)));
    const copy = fingerprint((await dept("104.txt")).text!);
    assert.ok(index.similar("某某局", 2022, copy).includes("104.txt"));
    assert.deepEqual(index.similar("某某局", 2022, copy, 1), ["104.txt"]);
  });

  it("nianbao check on a folder: the copy is warned from last year's report, in the JSON with its share", async () => {
    const folder = tempFolder();
    try {
      folder.copy(join(DEPT, "交通与建设局-2022.txt"), "交通与建设局-2022.txt");
      folder.copy(join(EVAL, "交通与建设局-2023-copied.txt"), "交通与建设局-2023.txt");
      folder.copy(join(DEPT, "市场监督管理局-2022.txt"), "市场监督管理局-2022.txt");
      const run = await check([folder.dir], { json: true });
      const doc = JSON.parse(run.out) as {
        reports: {
          file: string;
          findings: {
            rule: string;
            message: string;
            evidence?: { share: number; passages: string[] };
          }[];
        }[];
      };
      const byFile = (name: string) => doc.reports.find((r) => r.file.endsWith(name))!;
      const copied = byFile("交通与建设局-2023.txt").findings.filter(
        (f) => f.rule === "W-COPIED-TEXT"
      );
      assert.equal(copied.length, 1);
      assert.match(copied[0].message, /与 2022 年度本单位报告逐字相同/);
      assert.ok(copied[0].evidence!.share > 0.9);
      assert.ok(copied[0].evidence!.passages.length > 0);
      for (const name of ["交通与建设局-2022.txt", "市场监督管理局-2022.txt"])
        assert.deepEqual(
          byFile(name).findings.filter((f) => f.rule === "W-COPIED-TEXT"),
          [],
          name
        );
    } finally {
      folder.remove();
    }
  });

  it("nianbao check on a folder: two agencies publishing the same narrative are both warned, naming each other", async () => {
    const folder = tempFolder();
    try {
      folder.copy(join(DEPT, "104.txt"), "财政金融局-2022.txt");
      const text = readFileSync(join(DEPT, "104.txt"), "utf8").split("财政金融局").join("统计局");
      folder.write("统计局-2022.txt", text);
      folder.copy(join(DEPT, "市场监督管理局-2022.txt"), "市场监督管理局-2022.txt");
      const run = await check([folder.dir], { json: true });
      const doc = JSON.parse(run.out) as {
        reports: { file: string; findings: { rule: string; message: string }[] }[];
      };
      const warned = (name: string) =>
        doc.reports
          .find((r) => r.file.endsWith(name))!
          .findings.filter((f) => f.rule === "W-COPIED-TEXT");
      assert.match(warned("财政金融局-2022.txt")[0].message, /同年度“平潭综合实验区统计局”的报告/);
      assert.match(warned("统计局-2022.txt")[0].message, /同年度“平潭综合实验区财政金融局”的报告/);
      assert.deepEqual(warned("市场监督管理局-2022.txt"), []);
    } finally {
      folder.remove();
    }
  });

  it("ten offices publishing one narrative: every report is warned, naming at most three of the others", async () => {
    const folder = tempFolder();
    const offices = [
      "统计局",
      "审计局",
      "民政局",
      "水利局",
      "林业局",
      "商务局",
      "文旅局",
      "医保局",
    ];
    try {
      folder.copy(join(DEPT, "104.txt"), "财政金融局-2022.txt");
      for (const office of offices)
        folder.write(
          `${office}-2022.txt`,
          readFileSync(join(DEPT, "104.txt"), "utf8").split("财政金融局").join(office)
        );
      folder.copy(join(DEPT, "104.txt"), "z-财政金融局-2022-副本.txt");
      const run = await check([folder.dir], { json: true });
      const doc = JSON.parse(run.out) as {
        reports: { file: string; findings: { rule: string; message: string }[] }[];
      };
      assert.equal(doc.reports.length, offices.length + 2);
      for (const r of doc.reports) {
        const copied = r.findings.filter((f) => f.rule === "W-COPIED-TEXT");
        assert.ok(copied.length >= 1 && copied.length <= 3, `${r.file}: ${copied.length}`);
        // Never the same agency (the copy under the same name is the same office's, not another's).
        const own = r.file.split(/[\\/]/).pop()!.replace(/^z-/, "").split("-")[0];
        for (const f of copied) assert.ok(!f.message.includes(`“平潭综合实验区${own}”`), f.message);
      }
    } finally {
      folder.remove();
    }
  });
});

describe("W-COPIED-TEXT in worker threads (nianbao check --jobs 2)", () => {
  it("warns the same copies from last year and from another agency as in one thread", async () => {
    const folder = tempFolder();
    try {
      folder.copy(join(DEPT, "交通与建设局-2022.txt"), "交通与建设局-2022.txt");
      folder.copy(join(EVAL, "交通与建设局-2023-copied.txt"), "交通与建设局-2023.txt");
      folder.copy(join(DEPT, "104.txt"), "财政金融局-2022.txt");
      const text = readFileSync(join(DEPT, "104.txt"), "utf8").split("财政金融局").join("统计局");
      folder.write("统计局-2022.txt", text);
      const copied = async (jobs: number) => {
        const run = await check([folder.dir], { json: true, jobs });
        const doc = JSON.parse(run.out) as {
          reports: { file: string; findings: { rule: string; message: string }[] }[];
        };
        return doc.reports.flatMap((r) =>
          r.findings
            .filter((f) => f.rule === "W-COPIED-TEXT")
            .map((f) => `${r.file.split(/[\\/]/).pop()}：${f.message}`)
        );
      };
      const threaded = await copied(2);
      assert.equal(threaded.length, 3, threaded.join("\n"));
      assert.ok(threaded.some((m) => /^交通与建设局-2023\.txt：.*2022 年度本单位报告/.test(m)));
      assert.deepEqual(threaded, await copied(0));
    } finally {
      folder.remove();
    }
  });
});

describe("W-PUBLISHED-LATE: publication date against 条例 第四十九条", () => {
  it("a department's page with 发布时间 2023-03-15 for its 2022 report is late by 43 days (deadline 1月31日)", async () => {
    const r = await load(join(EVAL, "交通与建设局-2022-late.txt"));
    const c = confront(r);
    const [f] = c.byRule("W-PUBLISHED-LATE");
    assert.ok(f, "warned");
    assert.deepEqual(f.detail, {
      type: "late",
      label: "发布时间",
      date: "2023-03-15",
      deadline: "2023-01-31",
      days: 43,
      body: "department",
    });
    assert.match(
      formatFinding(c.model, f),
      /网页所载发布时间为 2023-03-15，晚于《中华人民共和国政府信息公开条例》第四十九条规定的期限 2023-01-31（县级以上人民政府部门应在每年1月31日前公布上一年度报告），晚 43 天/
    );
  });

  it("an HTML page (平潭综合实验区 2024) whose header says 发布日期：2025-04-18 is late for any body (3月31日)", async () => {
    const c = confront(await load(join(EVAL, "003-late.html")));
    const [f] = c.byRule("W-PUBLISHED-LATE");
    assert.ok(f);
    assert.equal(f.detail.type === "late" && f.detail.deadline, "2025-03-31");
    assert.equal(f.detail.type === "late" && f.detail.days, 18);
  });

  it("an HTML page whose 政府信息公开 metadata table gives 成文日期 / 发布日期 in cells: the dates are read from the table", async () => {
    const page = (date: string) =>
      `<html><head><meta charset="utf-8"><title>某县教育局2023年政府信息公开工作年度报告</title></head><body>` +
      `<table class="xxgk"><tr><td>索引号：</td><td>11330000/2024-00012</td><td>发布机构：</td><td>某县教育局</td></tr>` +
      `<tr><td>成文日期：</td><td>2024-01-20</td><td>发布日期：</td><td>${date}</td></tr></table>` +
      `<h1>某县教育局2023年政府信息公开工作年度报告</h1>` +
      readFileSync(join(EVAL, "003-late.html"), "utf8")
        .split("<div class=TRS_Editor>")[1]
        .split("</div>")[0] +
      `</body></html>`;
    const late = await importBytes("late.html", new TextEncoder().encode(page("2024年02月21日")));
    assert.ok(late.ok);
    const [f] = confront(late.report).byRule("W-PUBLISHED-LATE");
    assert.ok(f, "warned");
    assert.equal(f.detail.type === "late" && f.detail.label, "发布日期");
    assert.equal(f.detail.type === "late" && f.detail.days, 21);
    const onTime = await importBytes("on-time.html", new TextEncoder().encode(page("2024-01-25")));
    assert.ok(onTime.ok);
    assert.deepEqual(confront(onTime.report).byRule("W-PUBLISHED-LATE"), []);
  });

  it("every real department page of the corpus (published 2020-01-06 … 2026-01-30, 31 January included) is on time", async () => {
    for (const name of [
      "101.txt",
      "105.txt",
      "117.txt",
      "市场监督管理局-2023.txt",
      "交通与建设局-2022.txt",
    ]) {
      const r = await dept(name);
      assert.equal(publicationDates(r.text!).length, 1, name);
      assert.deepEqual(confront(r).byRule("W-PUBLISHED-LATE"), [], name);
    }
  });

  it("the government's report published 2023-02-20 is on time (3月31日), though a department's would not be", async () => {
    const r = await load(join(CORPUS, "001.txt"));
    assert.equal(bodyKind(r.level, r.agency), "unknown");
    assert.deepEqual(publicationDates(r.text!), [{ label: "发布时间", date: "2023-02-20" }]);
    assert.deepEqual(confront(r).byRule("W-PUBLISHED-LATE"), []);
    assert.equal(
      confront({ ...r, agency: "平潭综合实验区某局" }).byRule("W-PUBLISHED-LATE").length,
      1
    );
  });

  it("dates in the narrative never count: 001.txt's “成文日期、发布日期…规范标注”, or a labelled date inside 一、总体情况", async () => {
    const r = await load(join(CORPUS, "001.txt"));
    assert.ok(r.text!.includes("成文日期、发布日期"));
    const text = r
      .text!.replace("发布时间: 2023-02-20 15:07", "")
      .replace("一、总体情况", "一、总体情况\n本局《某某办法》发布日期：2023年6月1日。");
    assert.deepEqual(publicationDates(text), []);
    assert.deepEqual(confront({ ...r, text }).byRule("W-PUBLISHED-LATE"), []);
  });

  it("a township's report is never called late: article 49 sets no date for 乡镇、街道", () => {
    const text = "发布日期：2024-06-01\n某某镇2023年政府信息公开工作年度报告\n一、总体情况\n……";
    for (const agency of [
      "某某县某某镇人民政府",
      "某某区某某街道办",
      "某某县某某乡政府",
      "某某区东湖街道办事处",
    ]) {
      const r = sampleReport("2021", { agency, year: 2023, text });
      assert.deepEqual(confront(r).byRule("W-PUBLISHED-LATE"), [], agency);
    }
    const dept2 = sampleReport("2021", { agency: "某某县教育局", year: 2023, text });
    assert.equal(confront(dept2).byRule("W-PUBLISHED-LATE").length, 1);
  });
});

describe("the three checks in --summary and the model's messages", () => {
  it("the summary workbook's 全部问题 sheet lists W-INFORCE, W-COPIED-TEXT and W-PUBLISHED-LATE rows", async () => {
    const folder = tempFolder();
    try {
      folder.copy(join(DEPT, "103.txt"), "in/103.txt");
      folder.copy(join(DEPT, "104.txt"), "in/104.txt");
      folder.copy(join(EVAL, "交通与建设局-2022-late.txt"), "in/late.txt");
      const out = folder.path("汇总.xlsx");
      const run = await check([folder.path("in")], { summary: out });
      assert.equal(run.code, 0, run.err);
      const ExcelJS = (await import("exceljs")).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const rules = new Set<string>();
      wb.getWorksheet("全部问题")!.eachRow((row, n) => {
        if (n > 1) rules.add(String(row.getCell(5).value));
      });
      for (const id of ["W-INFORCE", "W-PUBLISHED-LATE"]) assert.ok(rules.has(id), id);
      assert.ok(rules.has("W-COPIED-TEXT"), "104.txt repeats 53 % of 103.txt");
    } finally {
      folder.remove();
    }
  });
});

describe("--report", () => {
  it("refuses to overwrite a report it checks (exit 2, the report file unchanged)", async () => {
    const folder = tempFolder();
    try {
      const file = folder.copy(join(DEPT, "104.txt"), "104.txt");
      const before = readFileSync(file, "utf8");
      const run = await check([file], { report: file });
      assert.equal(run.code, 2);
      assert.match(run.err, /汇总网页 .*104\.txt：与要读取的文件是同一个文件，写入会覆盖它/);
      assert.equal(readFileSync(file, "utf8"), before);
    } finally {
      folder.remove();
    }
  });
});

describe("the compact record a streaming batch keeps for next year's checks", () => {
  it("gives the same cross-year findings as the whole report, on every consecutive pair of the real series", async () => {
    const names = readdirSync(DEPT).filter((f) => f.endsWith(".txt"));
    const reports = await Promise.all(names.map((n) => dept(n)));
    let pairs = 0;
    let found = 0;
    for (const now of reports)
      for (const before of reports) {
        if (before.agency !== now.agency || before.year !== now.year! - 1) continue;
        pairs++;
        // Plain data (it crosses the worker-thread boundary), without the text, and a small part of the cells.
        const record = structuredClone(pairingRecord(before));
        const kept = pairedReport(record);
        const all = getFormat(before.format).cells.length;
        assert.ok(kept.values.size * 4 < all, `${kept.values.size} of ${all} cells kept`);
        assert.equal(kept.text, undefined);
        const cross = (f: { rule: string }) => /W-CARRYOVER|W-INFORCE|W-COPIED-TEXT/.test(f.rule);
        const whole = confront(now, { previous: before }).findings.filter(cross);
        const compact = confront(now, {
          previous: kept,
          previousText: record.text,
        }).findings.filter(cross);
        assert.deepEqual(compact, whole, `${before.agency} ${before.year}→${now.year}`);
        found += whole.length;
      }
    assert.ok(pairs >= 20, `${pairs} pairs`);
    assert.ok(found >= 10, `${found} cross-year findings compared`);
  });
});
