import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { confront } from "../../src/check";
import { compactOf } from "../../src/importers/normalize";
import { CHECKS } from "../../src/checks";
import { getFormat } from "../../src/format";
import { importBytes } from "../../src/importers";
import { formatFinding } from "../../src/messages";
import type { Report } from "../../src/report";
import {
  extractStatements,
  headingStarts,
  matchesAt,
  compactText,
  isEmptyContent,
  knownCompact,
  parseCount,
  patternsOf,
  scanSections,
  SECTION_SPECS,
  TEXT_CHECKS,
} from "../../src/text-checks";
import { buildReport, ref, sampleReport, withCells } from "../helpers/reports";

/**
 * Checks against the published text: numbers in 一、总体情况, the six section headings, an empty section 五, and
 * 信息处理费 in section 六. Small hand-written texts first (the sample report: 本年新收 57, 上年结转 4, （七）总计 59,
 * 结转下年度 2, 予以公开 33, 部分公开 6, 不予公开 3, 无法提供 13, 不予处理 4, 行政复议 2, 行政诉讼 0), then real
 * published reports from the corpus fixtures.
 */

const model = getFormat("2021");
const CORPUS = resolve(__dirname, "../fixtures/corpus");

interface Parts {
  one?: string;
  five?: string;
  six?: string;
  headings?: Partial<Record<1 | 2 | 3 | 4 | 5 | 6, string | null>>;
}

const STANDARD: Record<number, string> = {
  1: "一、总体情况",
  2: "二、主动公开政府信息情况",
  3: "三、收到和处理政府信息公开申请情况",
  4: "四、政府信息公开行政复议、行政诉讼情况",
  5: "五、存在的主要问题及改进情况",
  6: "六、其他需要报告的事项",
};

/** A report text in the statutory order; a heading set to null is left out. */
function reportText(parts: Parts = {}): string {
  const heading = (n: 1 | 2 | 3 | 4 | 5 | 6) =>
    parts.headings && n in parts.headings ? parts.headings[n] : STANDARD[n];
  const body: Record<number, string> = {
    1:
      parts.one ??
      "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，不断提高政务公开水平。",
    2: "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0",
    3: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    4: "行政复议 结果维持 结果纠正",
    5:
      parts.five ??
      "一是公开内容还不够全面；二是解读形式较为单一。下一步，我局将加强培训，丰富解读形式。",
    6: parts.six ?? "本年度未收取信息处理费。",
  };
  return ([1, 2, 3, 4, 5, 6] as const)
    .map((n) => [heading(n), body[n]].filter((s) => s !== null && s !== undefined).join("\n"))
    .join("\n\n");
}

const withText = (report: Report, text: string): Report => ({ ...report, text });
const sample = (parts: Parts = {}) => withText(sampleReport("2021"), reportText(parts));
const textFindings = (report: Report, rule?: string) =>
  confront(report).findings.filter((f) =>
    rule ? f.rule === rule : TEXT_CHECKS.some((c) => c.id === f.rule)
  );
const zh = (report: Report, rule: string) =>
  textFindings(report, rule).map((f) => formatFinding(model, f));

async function corpus(name: string): Promise<Report> {
  const path = join(CORPUS, name);
  const r = await importBytes(path, readFileSync(path));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.report;
}

describe("text checks: registration and documentation", () => {
  it("each text check is its own entry of the engine, with its own id", () => {
    for (const id of [
      "W-TEXT-NUMBER",
      "W-SECTION-MISSING",
      "W-SECTION-WORDING",
      "W-SECTION5-EMPTY",
      "W-FEE-NOT-REPORTED",
    ])
      assert.equal(CHECKS.filter((c) => c.id === id).length, 1, id);
  });

  it("every text check has a row in the README's rules table", () => {
    const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
    for (const c of TEXT_CHECKS)
      assert.match(readme, new RegExp(`^\\| \`${c.id}\` \\| warning \\|`, "m"), c.id);
  });

  it("nothing is said about the text of a report that has none (JSON, xlsx)", () => {
    assert.deepEqual(textFindings(sampleReport("2021")), []);
    assert.deepEqual(textFindings(withText(sampleReport("2021"), "   ")), []);
  });

  it("a well-formed text that agrees with the tables gives no finding", () => {
    const one =
      "全年共收到政府信息公开申请57件，予以公开33件，部分公开6件，不予公开3件，无法提供13件，不予处理4件，结转下年度继续办理2件。因政府信息公开被申请行政复议2件，行政诉讼0件。";
    assert.deepEqual(textFindings(sample({ one })), []);
  });
});

describe("W-TEXT-NUMBER: counts in 一、总体情况 against the tables", () => {
  it("收到 accepts either reading: 本年新收 (57) or 本年新收 + 上年结转 (61)", () => {
    assert.deepEqual(
      textFindings(sample({ one: "全年共收到政府信息公开申请57件。" }), "W-TEXT-NUMBER"),
      []
    );
    assert.deepEqual(
      textFindings(sample({ one: "全年共收到政府信息公开申请61件。" }), "W-TEXT-NUMBER"),
      []
    );
  });

  it("warns when neither reading matches, naming both cells and numbers", () => {
    const report = sample({ one: "2023年，我局共收到政府信息公开申请60件，均按时答复。" });
    const [f] = textFindings(report, "W-TEXT-NUMBER");
    assert.ok(f, "a finding");
    assert.equal(f.severity, "warning");
    assert.deepEqual(f.cells, [ref("三", "new", "total"), ref("三", "carried", "total")]);
    assert.deepEqual([f.expected, f.actual, f.imbalance], [57, 60, 3]);
    const text = formatFinding(model, f);
    assert.match(text, /收到政府信息公开申请60件/);
    assert.match(text, /本年新收（表三“一、本年新收政府信息公开申请数量”行“总计”列）为 57/);
    assert.match(text, /本年新收 \+ 上年结转 = 61/);
    assert.match(text, /都不是 60/);
    assert.match(
      formatFinding(model, f, "en"),
      /Section 一 says .*60.*new requests = 57, new requests \+ carried over = 61/
    );
  });

  it("the number may stand before 申请 (共收到70件申请) and be written in Chinese (收到五件申请)", () => {
    assert.equal(
      textFindings(sample({ one: "本年度共收到70件申请。" }), "W-TEXT-NUMBER")[0]?.actual,
      70
    );
    assert.equal(
      textFindings(sample({ one: "本年度共收到五件申请。" }), "W-TEXT-NUMBER")[0]?.actual,
      5
    );
    assert.deepEqual(
      textFindings(sample({ one: "本年度共收到五十七件申请。" }), "W-TEXT-NUMBER"),
      []
    );
  });

  const results: [string, string, number, string][] = [
    ["予以公开30件", "granted", 33, "（一）予以公开"],
    ["同意公开答复数30件", "granted", 33, "（一）予以公开"],
    ["部分公开5件", "partial", 6, "（二）部分公开"],
    ["区分处理后公开5件", "partial", 6, "（二）部分公开"],
    ["不予公开答复4件", "denied", 3, "（三）不予公开各项之和"],
    ["因无法提供相关信息答复12件", "unable", 13, "（四）无法提供各项之和"],
    ["不予处理5件", "ignored", 4, "（五）不予处理各项之和"],
    ["结转下年度继续办理3件", "next", 2, "四、结转下年度继续办理"],
    ["1件结转下年度", "next", 2, "四、结转下年度继续办理"],
    ["上年结转5件", "carried", 4, "二、上年结转"],
    ["结转上年度政府信息公开申请5件", "carried", 4, "二、上年结转"],
    ["全年办结政府信息公开申请58件", "resultsTotal", 59, "（七）总计"],
  ];
  for (const [said, row, table, name] of results) {
    it(`“${said}” is compared with ${name} (${table})`, () => {
      const fs = textFindings(sample({ one: `2023年，${said}。` }), "W-TEXT-NUMBER");
      assert.equal(fs.length, 1, JSON.stringify(fs.map((f) => f.detail)));
      assert.equal(fs[0].expected, table);
      assert.ok(
        fs[0].cells.some(
          (c) =>
            c.row === row ||
            (row === "denied" && c.row.startsWith("deny")) ||
            (row === "unable" && c.row.startsWith("unable")) ||
            (row === "ignored" && c.row.startsWith("ignore"))
        )
      );
      assert.match(formatFinding(model, fs[0]), new RegExp(name.replace(/[()（）]/g, ".")));
    });
  }

  it("行政复议 and 行政诉讼 are compared with table 四's 总计 (诉讼: both groups)", () => {
    assert.deepEqual(
      textFindings(sample({ one: "共有行政诉讼案件0件、行政复议案件2件。" }), "W-TEXT-NUMBER"),
      []
    );
    const [review] = textFindings(
      sample({ one: "因政府信息公开产生行政复议共3件。" }),
      "W-TEXT-NUMBER"
    );
    assert.deepEqual(review.cells, [ref("四", "review", "total")]);
    assert.deepEqual([review.expected, review.actual], [2, 3]);
    const [suit] = textFindings(sample({ one: "被提起行政诉讼1件。" }), "W-TEXT-NUMBER");
    assert.deepEqual(suit.cells, [
      ref("四", "suitDirect", "total"),
      ref("四", "suitAfterReview", "total"),
    ]);
    const [both] = textFindings(sample({ one: "行政复议和行政诉讼案件共1件。" }), "W-TEXT-NUMBER");
    assert.deepEqual([both.expected, both.actual], [2, 1]);
  });

  it("counts about another year, or comparisons, are not taken for this year's", () => {
    for (const one of [
      "2022年共收到政府信息公开申请40件。",
      "较上年收到申请增加40件。",
      "去年收到政府信息公开申请40件，今年有所增加。",
    ])
      assert.deepEqual(textFindings(sample({ one }), "W-TEXT-NUMBER"), [], one);
  });

  it("other counts of 件 (投诉, 咨询, 许可, 主动公开 …) are not requests", () => {
    const one =
      "我局在12345平台受理群众投诉咨询877件，网上服务平台共受理公安业务6945件，申请户外广告设置许可证783件，主动公开政府信息120条，规范性文件3件。";
    assert.deepEqual(textFindings(sample({ one }), "W-TEXT-NUMBER"), []);
  });

  it("only section 一 is read: numbers elsewhere in the text are not statements about the tables", () => {
    const report = sample({ five: "下一步，力争全年办结政府信息公开申请100件以上。" });
    assert.deepEqual(textFindings(report, "W-TEXT-NUMBER"), []);
  });

  it("says nothing when the cells compared are not given (a cut-off report) or not readable", () => {
    const cut = withText(sampleReport("2021"), reportText({ one: "共收到政府信息公开申请99件。" }));
    cut.values.delete("三:new:total");
    cut.values.delete("三:carried:total");
    assert.deepEqual(textFindings(cut, "W-TEXT-NUMBER"), []);
    const unreadable = withText(
      withCells(sampleReport("2021"), [
        [ref("三", "new", "total"), "#REF!"],
        [ref("三", "carried", "total"), "#REF!"],
      ]),
      reportText({ one: "共收到政府信息公开申请99件。" })
    );
    assert.deepEqual(textFindings(unreadable, "W-TEXT-NUMBER"), []);
  });

  it("the same statement repeated is one finding; an explanation (说明) silences it", () => {
    const report = sample({
      one: "共收到政府信息公开申请60件。其中，全年收到政府信息公开申请60件。",
    });
    const fs = textFindings(report, "W-TEXT-NUMBER");
    assert.equal(fs.length, 1);
    const explained = { ...report, explanations: { [fs[0].key]: "含转办申请 3 件" } };
    const c = confront(explained);
    assert.equal(c.warnings().filter((f) => f.rule === "W-TEXT-NUMBER").length, 0);
    assert.equal(c.explained().length, 1);
  });

  it("parses counts written in digits or Chinese numerals", () => {
    assert.deepEqual(
      ["0", "75", "十", "十二", "二十", "两", "一百零五", "零"].map(parseCount),
      [0, 75, 10, 12, 20, 2, 105, 0]
    );
    assert.equal(parseCount("x"), undefined);
  });

  it("reads statements out of run-together published text (quotes and spaces removed)", () => {
    const st = extractStatements(
      compactText("该5件政府信息公开申请告知“同意公开”3件，“区分处理后公开” 1 件。"),
      2021
    );
    assert.deepEqual(
      st.map((s) => [s.kind, s.value]),
      [
        ["granted", 3],
        ["partial", 1],
      ]
    );
  });
});

describe("W-SECTION-MISSING and W-SECTION-WORDING: the six headings", () => {
  it("finds the six standard headings, also when run together with the table digits", () => {
    const scan = scanSections(
      "……行政事业性收费9116.36三、收到和处理政府信息公开申请情况(本列数据…)一、本年新收政府信息公开申请数量713000074"
    );
    assert.equal(scan.sections[2]?.wording, "standard");
    assert.deepEqual(textFindings(sample()), []);
  });

  it("a section left out is named", () => {
    const fs = textFindings(sample({ headings: { 5: null } }), "W-SECTION-MISSING");
    assert.equal(fs.length, 1);
    assert.match(formatFinding(model, fs[0]), /没有找到“五、存在的主要问题及改进情况”/);
  });

  it("a list of the six parts in the introduction is not taken for the headings", () => {
    const intro =
      "本报告包括一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。";
    const report = withText(
      sampleReport("2021"),
      `${intro}\n${reportText({ headings: { 6: null } })}`
    );
    const fs = textFindings(report, "W-SECTION-MISSING");
    assert.equal(fs.length, 1, "六 is missing from the body although the introduction lists it");
    assert.deepEqual(textFindings(report, "W-SECTION5-EMPTY"), []);
  });

  it("a cut-off text is checked only up to where it stops", () => {
    const cut = withText(sampleReport("2021"), reportText().slice(0, reportText().indexOf("四、")));
    cut.values.delete("四:review:total");
    assert.deepEqual(textFindings(cut, "W-SECTION-MISSING"), []);
  });

  const variants: [1 | 4 | 5 | 6, string][] = [
    [5, "五、政府信息公开工作存在的主要问题及改进情况"],
    [5, "五、存在的问题及改进情况"],
    [4, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"],
    [6, "六、其他事项"],
    [5, "五、存在的主要问题及明年工作计划"],
    [1, "一、工作基本情况"],
  ];
  for (const [n, heading] of variants) {
    it(`“${heading}” is accepted as section ${n}, flagged as non-standard wording`, () => {
      const report = sample({ headings: { [n]: heading } });
      assert.deepEqual(textFindings(report, "W-SECTION-MISSING"), []);
      const fs = zh(report, "W-SECTION-WORDING");
      assert.equal(fs.length, 1);
      assert.ok(fs[0].includes(`“${heading}”`), fs[0]);
      assert.ok(fs[0].includes(`“${STANDARD[n]}”`), fs[0]);
    });
  }

  it("headings in full-width or with spaces are standard (六、 其他需要报告的事项)", () => {
    assert.deepEqual(
      textFindings(
        sample({ headings: { 6: "六、 其他需要报告的事项", 2: "二．主动公开政府信息情况" } })
      ),
      []
    );
  });
});

describe("W-SECTION5-EMPTY", () => {
  for (const five of ["无", "无。", "暂无", "本年度无", "", "无存在的主要问题"]) {
    it(`section 五 that says only “${five}” is warned`, () => {
      const fs = zh(sample({ five }), "W-SECTION5-EMPTY");
      assert.equal(fs.length, 1);
      assert.match(fs[0], /五、存在的主要问题及改进情况/);
    });
  }
  it("a section 五 with content is not; a missing one is W-SECTION-MISSING instead", () => {
    assert.deepEqual(textFindings(sample(), "W-SECTION5-EMPTY"), []);
    assert.deepEqual(textFindings(sample({ headings: { 5: null } }), "W-SECTION5-EMPTY"), []);
    assert.equal(isEmptyContent("无明显问题，但仍需在以下方面改进：一是……"), false);
  });
  it("a section is told empty as by removing every separator first, however long it is", () => {
    const plain = (content: string) => {
      const c = content.replace(/[\s,，、。.;；:：!！\-—_·]/g, "");
      return (
        c === "" ||
        (c.length <= 12 &&
          /^(本年度?|今年|本单位|我单位|本机关|我局|我委|我办)?(暂|均)?(无|没有)(存在的?)?(主要)?(问题|情况|需要改进的问题|相关情况)?$/.test(
            c
          ))
      );
    };
    const piece = fc.constantFrom(
      "无",
      "本年度",
      "暂",
      "问题",
      "，",
      "。",
      " ",
      "\n",
      "—",
      "·",
      "改进",
      "a"
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (xs) =>
        assert.equal(isEmptyContent(xs.join("")), plain(xs.join("")))
      ),
      { numRuns: 3000 }
    );
  });
});

describe("W-FEE-NOT-REPORTED", () => {
  const feeReport = (fee: number, six: string | null) => {
    const r = buildReport(
      "2021",
      (c) =>
        c.table === "三" && c.row === "otherNoFee" && c.column === "natural"
          ? fee
          : c.table === "三" && c.row === "granted" && c.column === "natural"
            ? 3
            : 0,
      { year: 2023 }
    );
    return withText(
      r,
      reportText({ six: six ?? undefined, headings: six === null ? { 6: null } : {} })
    );
  };

  it("（六）2 > 0 and section 六 silent about 信息处理费: warned, naming the cell and the count", () => {
    const [f] = textFindings(feeReport(2, "无其他需要报告的事项。"), "W-FEE-NOT-REPORTED");
    assert.ok(f);
    assert.deepEqual(f.cells, [ref("三", "otherNoFee", "total")]);
    assert.equal(f.actual, 2);
    assert.match(formatFinding(model, f), /为 2，说明发出过收费通知.*信息处理费/);
  });

  it("section 六 reporting the fee (even as none collected) is enough", () => {
    assert.deepEqual(
      textFindings(feeReport(2, "本年度发出收费通知2件，未收取信息处理费。"), "W-FEE-NOT-REPORTED"),
      []
    );
    assert.deepEqual(
      textFindings(feeReport(1, "2022年，无收取信息处理费情况。"), "W-FEE-NOT-REPORTED"),
      []
    );
  });

  it("no fee notice, or the 2019 format (no such row): nothing to report", () => {
    assert.deepEqual(textFindings(feeReport(0, "无。"), "W-FEE-NOT-REPORTED"), []);
    assert.deepEqual(
      textFindings(
        withText(sampleReport("2019"), reportText({ six: "无。" })),
        "W-FEE-NOT-REPORTED"
      ),
      []
    );
  });

  it("section 六 missing altogether while fee notices were issued is warned too", () => {
    assert.match(zh(feeReport(1, null), "W-FEE-NOT-REPORTED")[0], /没有“六、其他需要报告的事项”/);
  });
});

describe("text checks on real published reports (test/fixtures/corpus)", function () {
  this.timeout(30_000);

  it("001: “收到申请75件” is 新收 74 + 上年结转 1 — accepted; its heading 四 misspelt (行政法复议) is non-standard", async () => {
    const report = await corpus("001.txt");
    assert.deepEqual(textFindings(report, "W-TEXT-NUMBER"), []);
    assert.deepEqual(textFindings(report, "W-SECTION-MISSING"), []);
    const wording = zh(report, "W-SECTION-WORDING");
    assert.equal(wording.length, 1);
    assert.match(wording[0], /四、政府信息公开行政法复议、行政诉讼情况/);
  });

  it("005 and 003: 收到70件申请 / 办结69件 / 1件结转下年度 and 办理申请218件 agree with the tables", async () => {
    for (const name of ["005.txt", "003.txt", "003.html"])
      assert.deepEqual(textFindings(await corpus(name)), [], name);
  });

  it("019 (excerpt): the text says 受理2件 while table 三 has 本年新收 3", async () => {
    const [f] = textFindings(await corpus("019.txt"), "W-TEXT-NUMBER");
    assert.ok(f);
    assert.deepEqual([f.expected, f.actual], [3, 2]);
    assert.match(formatFinding(model, f), /受理政府信息公开申请2件/);
  });

  it("dept/119: 受理公开申请34件 against 本年新收 32", async () => {
    const [f] = textFindings(await corpus("dept/119.txt"), "W-TEXT-NUMBER");
    assert.deepEqual([f.expected, f.actual], [32, 34]);
  });

  it("dept/103 has no section 六; the seed names section 五 “存在的问题及改进情况”", async () => {
    assert.match(
      zh(await corpus("dept/103.txt"), "W-SECTION-MISSING").join(),
      /六、其他需要报告的事项/
    );
    assert.match(
      zh(await corpus("seed-000_26925f727e4ff8e1.txt"), "W-SECTION-WORDING").join(),
      /五、存在的问题及改进情况/
    );
  });

  it("excerpts cut before the end are not said to lack the later sections", async () => {
    for (const name of ["009.txt", "011.txt", "012.txt", "028.txt", "035.txt"])
      assert.deepEqual(textFindings(await corpus(name), "W-SECTION-MISSING"), [], name);
  });

  it("every full report of the department series has six sections found (except 103 and the empty page 109)", async () => {
    const names = [
      "101",
      "102",
      "104",
      "105",
      "106",
      "107",
      "111",
      "112",
      "113",
      "114",
      "115",
      "116",
      "117",
      "118",
      "119",
    ];
    for (const n of names)
      assert.deepEqual(textFindings(await corpus(`dept/${n}.txt`), "W-SECTION-MISSING"), [], n);
  });

  it("市场监督管理局-2025 issued fee notices ((六)2 = 2) and reports 收取 in section 六", async () => {
    const report = await corpus("dept/市场监督管理局-2025.txt");
    assert.equal(confront(report).read(ref("三", "otherNoFee", "total"))?.value, 2);
    assert.deepEqual(textFindings(report, "W-FEE-NOT-REPORTED"), []);
  });
});

describe("section headings numbered otherwise", () => {
  it("“1、总体情况” or “（二）主动公开政府信息情况” are found, flagged as non-standard, not missing", () => {
    const report = sample({ headings: { 1: "1、总体情况", 2: "（二）主动公开政府信息情况" } });
    assert.deepEqual(textFindings(report, "W-SECTION-MISSING"), []);
    const wording = zh(report, "W-SECTION-WORDING");
    assert.equal(wording.length, 2);
    assert.match(wording[0], /“1、总体情况”，格式规定为“一、总体情况”/);
  });

  it("a sub-heading of section 一 worded like a later section does not cut section 一 short", () => {
    const one =
      "（一）主动公开政府信息情况。全年主动公开政府信息120条。（二）依申请公开。全年共收到政府信息公开申请60件。";
    const report = sample({ one });
    assert.deepEqual(textFindings(report, "W-SECTION-WORDING"), []);
    assert.equal(textFindings(report, "W-TEXT-NUMBER")[0]?.actual, 60);
  });
});

describe("section headings: the fast search finds what a full search finds", () => {
  it("for any text made of numerals, brackets and titles, each heading pattern matches at the same places", () => {
    const titles = SECTION_SPECS.flatMap((s) => [s.standard, ...s.variants]);
    const piece = fc.oneof(
      fc.constantFrom(
        "一、",
        "二.",
        "三,",
        "四、",
        "五、",
        "六、",
        "1、",
        "2.",
        "12.",
        "3、",
        ".4、"
      ),
      fc.constantFrom(
        "(一)",
        "（二）",
        "(三)",
        "第四部分",
        "第五部分:",
        "第六部分、",
        "第",
        "(",
        "（",
        ")",
        "）",
        "一",
        "三"
      ),
      fc.constantFrom(...titles),
      fc.constantFrom("情况", "问题", "计划", "。", ",", "5", "年", "主动公开", "其他")
    );
    const text = fc.array(piece, { maxLength: 14 }).map((xs) => xs.join(""));
    const seen = (ms: Iterable<RegExpMatchArray>) => [...ms].map((m) => [m.index, ...m]);
    fc.assert(
      fc.property(text, (t) => {
        const starts = headingStarts(t);
        for (const spec of SECTION_SPECS) {
          const p = patternsOf(spec);
          const at = {
            known: starts.numbered[spec.n - 1],
            other: starts.numbered[spec.n - 1],
            renumbered: starts.renumbered[spec.n - 1],
          };
          for (const k of ["known", "renumbered", "other"] as const)
            assert.deepEqual(
              seen(matchesAt(p[k], t, at[k])),
              seen(t.matchAll(new RegExp(p[k].source, "g"))),
              `${p[k].source} in ${t}`
            );
        }
      }),
      { numRuns: 1500 }
    );
  });
});

describe("the text checks' compact form", () => {
  const slow = (text: string) => text.normalize("NFKC").replace(/[\s|“”"‘’'「」『』\u200b]+/g, "");

  it("leaves out exactly whitespace, pipes, quotes and zero-width spaces, for every UTF-16 code unit", () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (compactText(`a${c}b`) !== slow(`a${c}b`)) differ.push(code.toString(16));
    }
    assert.deepEqual(differ, []);
  });

  it("is the same after the reader has compacted the text (its compact form is reused only where it is this one)", () => {
    const unit = fc.constantFrom(" ", "\n", "|", "“", "\u200b", "一", "、", "1", "（", "Ａ", "ｱ");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), (xs) => {
        const t = xs.join("");
        knownCompact(t, compactOf(t).text);
        assert.equal(compactText(t), slow(t));
      }),
      { numRuns: 2000 }
    );
  });

  it("is the same as removing them with a regular expression, for any text", () => {
    const unit = fc.oneof(
      fc.constantFrom(" ", "\n", "|", "“", "」", "\u200b", "\u3000", "一", "、", "1", "（", "Ａ"),
      fc.string({ maxLength: 3 })
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (xs) => {
        const t = xs.join("");
        assert.equal(compactText(t), slow(t));
      }),
      { numRuns: 2000 }
    );
  });
});
