import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { confront } from "../../src/check";
import { cellId, type TableId } from "../../src/format";
import { importBytes } from "../../src/importers";
import { parseHtml, readHtml } from "../../src/importers/html";
import { flatText } from "../../src/importers/document";
import { readPublishedText, readText } from "../../src/importers/text";
import { fromInterchange, toInterchange } from "../../src/interchange";
import { decodeText } from "../../src/importers/normalize";
import { formatFinding } from "../../src/messages";
import { asSingleFormat } from "../../src/single-format";
import { createReport, modelOf, setCell, type Report } from "../../src/report";
import type { RawValue } from "../../src/values";

/**
 * Issue 8: read real published reports exactly, or say what could not be read. The fixtures in test/fixtures/grid are
 * written the way agencies write pages (a 2019-format page on one line with `<td><p>&nbsp;</p></td>` blanks and a
 * rowspan="20" row header; pipe text with blank cells; a GBK page with a large script before the tables; a UTF-16 file;
 * two years pasted into one .txt; a report printing table 二 in the 2019 layout and table 三 in the 2021 layout).
 */

const GRID = join(__dirname, "..", "fixtures", "grid");
const CORPUS = join(__dirname, "..", "fixtures", "corpus");
const bytes = (name: string) => readFileSync(join(GRID, name));
const text = (name: string) => readFileSync(join(GRID, name), "utf8");

async function load(name: string): Promise<Report> {
  const r = await importBytes(join(GRID, name), bytes(name));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.report;
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`not read: ${(r as unknown as { error: string }).error}`);
  return r as Extract<T, { ok: true }>;
}

/** A row's values as read (undefined: not given). */
function row(report: Report, table: TableId, key: string): (RawValue | undefined)[] {
  const model = modelOf(report);
  return model
    .columnsOf(table, key)
    .map((column) => report.values.get(cellId({ table, row: key, column })));
}

const rules = (report: Report) => confront(report).findings.map((f) => f.rule);
const errors = (report: Report) =>
  confront(report)
    .errors()
    .map((f) => f.rule);

const _ = null;

describe("importers: reading published reports exactly (issue 8)", () => {
  describe("1. HTML blank cells", () => {
    it("a 2019 page on one line with &nbsp; blanks and a rowspan=20 header: every number where it was printed, no false error", async () => {
      const report = await load("2019-one-line.html");
      assert.equal(report.format, "2019");
      assert.equal(report.year, 2020);
      assert.deepEqual(row(report, "三", "new"), [135, 14, _, _, 1, 1, 151]);
      assert.deepEqual(row(report, "三", "carried"), [3, _, _, _, _, _, 3]);
      assert.deepEqual(row(report, "三", "unableNotHeld"), [20, 1, _, _, _, 1, 22]);
      assert.deepEqual(row(report, "三", "otherHandling"), [2, _, _, _, _, _, 2]);
      assert.deepEqual(row(report, "三", "resultsTotal"), [130, 13, _, _, 1, 1, 145]);
      assert.deepEqual(row(report, "三", "next"), [8, 1, _, _, 0, 0, 9]);
      assert.deepEqual(row(report, "二", "licensing"), [20, -1, 356]);
      assert.deepEqual(row(report, "二", "penalty"), [8, _, 120]);
      assert.deepEqual(row(report, "二", "procurement"), [3, 45.5]);
      const result = confront(report);
      assert.deepEqual(result.errors(), []);
      assert.deepEqual(result.fixes, [], "no fix aimed at cells that were right");
      assert.equal(
        report.uncertain?.size ?? 0,
        0,
        "nothing guessed: the page gives every boundary"
      );
    });

    it("one blank cell in table 四 keeps the three groups in place (no R4 error)", async () => {
      const report = await load("2019-one-line.html");
      assert.deepEqual(row(report, "四", "review"), [2, 1, _, _, 3]);
      assert.deepEqual(row(report, "四", "suitDirect"), [1, _, _, _, 1]);
      assert.deepEqual(row(report, "四", "suitAfterReview"), [_, _, _, _, _]);
      assert.ok(!errors(report).some((r) => r.startsWith("R4")));
    });

    it("an empty <td></td> is a blank in its place; a missing <td> shifts nothing and is said to be missing", () => {
      const page = text("2019-one-line.html");
      // Row 二、上年结转 loses its last <td> (the 总计): the others stay where they are.
      const carried = page.indexOf("二、上年结转政府信息公开申请数量");
      const rowEnd = page.indexOf("</tr>", carried);
      const lastTd = page.lastIndexOf("<td>", rowEnd);
      const cut = page.slice(0, lastTd) + page.slice(rowEnd);
      const report = ok(readHtml(cut)).report;
      assert.deepEqual(row(report, "三", "carried"), [3, _, _, _, _, _, undefined]);
      assert.deepEqual(
        row(report, "三", "new"),
        [135, 14, _, _, 1, 1, 151],
        "other rows unaffected"
      );
      assert.deepEqual(errors(report), [], "no hard error on a guess");
      assert.ok(rules(report).includes("I-UNCERTAIN"));
      assert.ok(rules(report).includes("W-MISSING"));
    });

    it("a page read through the old flattened path would split 135 | 14 into digits; the grid keeps 135", async () => {
      const report = await load("2019-one-line.html");
      assert.equal(report.values.get("三:new:natural"), 135);
      assert.equal(report.values.get("三:new:commercial"), 14);
    });
  });

  describe("2. pipe text", () => {
    it("`| 1 |  | 3 |`: the blank stays blank in the middle, 3 stays in the last cell", () => {
      const t = text("2023-pipe.txt").replace(
        "| 行政规范性文件 | 3 | 1 | 27 |",
        "| 行政规范性文件 | 1 |  | 3 |"
      );
      const report = ok(readPublishedText(t)).report;
      assert.deepEqual(row(report, "二", "normativeDocs"), [1, _, 3]);
    });

    it("#REF! and a word in a cell stay in their cells (T-NUMBER names them); the rest of the row is not shifted", () => {
      const t = text("2023-pipe.txt")
        .replace("| （一）予以公开 | 8 | 2 |", "| （一）予以公开 | 8 | #REF! |")
        .replace("| 四、结转下年度继续办理 | 2 |", "| 四、结转下年度继续办理 | 暂无 |");
      const report = ok(readPublishedText(t)).report;
      assert.deepEqual(row(report, "三", "granted"), [8, "#REF!", _, _, 1, _, 11]);
      assert.deepEqual(row(report, "三", "next"), ["暂无", _, _, _, _, _, 2]);
      const result = confront(report);
      const unreadable = result.byRule("T-NUMBER").flatMap((f) => f.cells.map(cellId));
      assert.deepEqual(unreadable.sort(), ["三:granted:commercial", "三:next:natural"]);
      // Only the unreadable cells are in doubt: no sum rule is called broken because of them.
      assert.deepEqual(
        result.errors().map((f) => f.rule),
        ["T-NUMBER", "T-NUMBER"]
      );
    });

    it("a real error in pipe text is still an error, and it holds under every reading (nothing was guessed)", () => {
      const t = text("2023-pipe.txt").replace(
        "| 四、结转下年度继续办理 | 2 |  |  |  |  |  | 2 |",
        "| 四、结转下年度继续办理 | 3 |  |  |  |  |  | 3 |"
      );
      const report = ok(readPublishedText(t)).report;
      assert.equal(report.uncertain?.size ?? 0, 0);
      assert.deepEqual(errors(report).sort(), ["R3-1", "R3-1"]);
    });
  });

  describe("3. the narrative is not a table", () => {
    const narrativeOnly = [
      "某县2022年政府信息公开工作年度报告",
      "一、总体情况",
      "本年度共收到政府信息公开申请15件，其中予以公开3件，部分公开12件。行政复议5件，其中结果维持4件，结果纠正1件。",
      "二、主动公开政府信息情况",
      "（表格见附件）",
      "三、收到和处理政府信息公开申请情况",
      "本年新收政府信息公开申请数量15件，予以公开3件，部分公开12件。",
      "四、政府信息公开行政复议、行政诉讼情况",
      "行政复议5件，其中结果维持4件。",
      "五、存在的主要问题及改进情况",
      "信息公开的及时性有待提高。",
    ].join("\n");

    it("a page with only the narrative: “部分公开12件” and “行政复议5件，其中结果维持4件” become no table cell and no error", () => {
      const report = ok(readPublishedText(narrativeOnly)).report;
      assert.equal(report.values.size, 0, [...report.values.keys()].join(","));
      assert.deepEqual(errors(report), []);
    });

    it("the same as a web page whose tables are images", () => {
      const html = `<html><head><title>某县2022年政府信息公开工作年度报告</title></head><body>${narrativeOnly
        .split("\n")
        .map((p) => `<p>${p}</p>`)
        .join("")}<p><img src="t2.png"></p></body></html>`;
      const report = ok(readHtml(html)).report;
      assert.equal(report.values.size, 0);
      assert.deepEqual(errors(report), []);
    });
  });

  describe("4. no hard error built on a guess", () => {
    const guessed = (readings: RawValue[][]): Report => {
      const r = createReport("2021", { uncertain: new Set(), readings: [] });
      const cols = [
        "natural",
        "commercial",
        "research",
        "publicWelfare",
        "legalService",
        "other",
        "total",
      ];
      cols.forEach((column, i) => setCell(r, { table: "三", row: "new", column }, readings[0][i]));
      const ids = cols.map((column) => cellId({ table: "三", row: "new", column }));
      ids.forEach((id) => r.uncertain!.add(id));
      r.readings!.push({ cells: ids, values: readings });
      return r;
    };

    it("a rule that fails on the guessed reading but holds on another is a warning naming the rule and why", () => {
      // Printed “1 2 3”: read as 1,2,_,_,_,_,3 (holds) or 12,_,_,_,_,_,3 (fails); the importer kept the second.
      const report = guessed([
        [12, _, _, _, _, _, 3],
        [1, 2, _, _, _, _, 3],
      ]);
      const result = confront(report);
      assert.deepEqual(result.errors(), []);
      const [w] = result.byRule("R3-2");
      assert.equal(w.severity, "warning");
      const message = formatFinding(result.model, w);
      assert.match(message, /无法核实 R3-2/);
      assert.match(message, /推测/);
    });

    it("a rule that fails under every reading the print allows stays an error", () => {
      const report = guessed([
        [12, _, _, _, _, _, 4],
        [1, 2, _, _, _, _, 4],
      ]);
      const result = confront(report);
      assert.deepEqual(
        result.errors().map((f) => f.rule),
        ["R3-2"]
      );
    });

    it("the 2019 page flattened to one line of text (no cell boundaries): no hard error that a blank cell could explain", () => {
      const page = parseHtml(text("2019-one-line.html"));
      const flat = flatText(page.document.blocks).replace(/[|\n]/g, " ");
      const report = ok(readText(flat)).report;
      assert.ok((report.uncertain?.size ?? 0) > 0, "the guesses are marked");
      const result = confront(report);
      assert.deepEqual(
        result.errors().map((f) => f.rule),
        []
      );
      assert.ok(
        result.findings.some((f) => f.unverified),
        "the rules it could not verify are named"
      );
    });

    it("guessed cells without known readings can hold anything: never an error", () => {
      const report = guessed([[12, _, _, _, _, _, 4]]);
      report.readings = [];
      assert.deepEqual(confront(report).errors(), []);
    });
  });

  describe("5. a report mixing the formats", () => {
    it("table 二 in the 2019 layout and table 三 in the 2021 layout: both read as printed, each by its own rules, W-FORMAT-YEAR for table 二 only", async () => {
      const report = await load("mixed-2022.txt");
      assert.equal(report.format, "2021");
      assert.deepEqual(report.tableFormats, { 二: "2019" });
      assert.deepEqual(row(report, "二", "licensing"), [40, -2, 512]);
      assert.deepEqual(row(report, "二", "otherServices"), [6, 0, 10]);
      assert.deepEqual(row(report, "二", "procurement"), [4, 12.5]);
      assert.deepEqual(row(report, "三", "otherNoCorrection"), [0, 0, 0, 0, 0, 0, 0]);
      const result = confront(report);
      assert.deepEqual(result.errors(), []);
      const year = result.byRule("W-FORMAT-YEAR");
      assert.equal(year.length, 1);
      assert.match(formatFinding(result.model, year[0]), /表二是 2019 年版格式/);
      assert.ok(!rules(report).includes("W-MISSING"), "no row reported missing that is there");
    });

    it("the same mixed report as flattened text (no cell boundaries): each table read in its own format", () => {
      const flat = text("mixed-2022.txt").replace(/\|/g, " ");
      const report = ok(readText(flat)).report;
      assert.deepEqual(report.tableFormats, { 二: "2019" });
      assert.deepEqual(row(report, "二", "licensing"), [40, -2, 512]);
      assert.deepEqual(row(report, "二", "procurement"), [4, 12.5]);
      assert.deepEqual(row(report, "三", "otherNoFee"), [0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(errors(report), []);
      assert.equal(confront(report).byRule("W-FORMAT-YEAR").length, 1);
    });

    it("the mixed report travels as interchange JSON with its tables' formats and comes back the same", async () => {
      const report = await load("mixed-2022.txt");
      const doc = toInterchange(report);
      assert.deepEqual(doc.tables, { 二: "2019" });
      const back = fromInterchange(JSON.parse(JSON.stringify(doc)));
      assert.ok(back.ok);
      assert.deepEqual(back.report.tableFormats, { 二: "2019" });
      assert.deepEqual([...back.report.values], [...report.values]);
    });

    it("written into a one-format sheet, the cells of table 二 that have no place there are named with their values, not dropped silently", async () => {
      const single = asSingleFormat(await load("mixed-2022.txt"));
      assert.equal(single.tableFormats, undefined);
      assert.equal(single.values.get("二:licensing:decisions"), 512, "the shared column is kept");
      const note = single.notes!.find((n) => n.message.includes("2019 年版格式印制"));
      assert.ok(note, "a note names what could not be written");
      assert.match(note.message, /上一年项目数量”列=40/);
    });
  });

  describe("6. table 二 digit runs no rule decides", () => {
    const flat = (intro: string) =>
      `某市2022年政府信息公开工作年度报告\n一、总体情况\n${intro}\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 8855698\n第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 10\n`;

    it("`8855698` is marked uncertain, not split silently", () => {
      const report = ok(readPublishedText(flat("本年度主动公开政府信息。"))).report;
      assert.deepEqual([...(report.uncertain ?? [])].sort(), [
        "二:normativeDocs:inForce",
        "二:normativeDocs:issued",
        "二:normativeDocs:repealed",
      ]);
      assert.ok(rules(report).includes("I-UNCERTAIN"));
    });

    it("…unless the narrative quotes the numbers", () => {
      const report = ok(
        readPublishedText(
          flat("本年度制发规范性文件88件，废止规范性文件55件，现行有效规范性文件698件。")
        )
      ).report;
      assert.deepEqual(row(report, "二", "normativeDocs"), [88, 55, 698]);
      assert.equal(report.uncertain?.size ?? 0, 0);
    });
  });

  describe("6b. the same in a table whose row prints one cell for three", () => {
    it("`| 行政规范性文件 | 8855698 |` is split like run-together digits and marked uncertain, with the readings named", () => {
      const t = text("2023-pipe.txt").replace(
        "| 行政规范性文件 | 3 | 1 | 27 |",
        "| 行政规范性文件 | 8855698 |"
      );
      const report = ok(readPublishedText(t)).report;
      assert.equal(typeof report.values.get("二:normativeDocs:issued"), "number");
      assert.notEqual(
        report.values.get("二:normativeDocs:issued"),
        8855698,
        "not read as one number"
      );
      assert.deepEqual([...(report.uncertain ?? [])].filter((id) => id.startsWith("二:")).sort(), [
        "二:normativeDocs:inForce",
        "二:normativeDocs:issued",
        "二:normativeDocs:repealed",
      ]);
      const note = report.notes!.find(
        (n) => n.code === "I-UNCERTAIN" && n.message.includes("8855698")
      );
      assert.ok(note);
      assert.match(note.message, /88\/55\/698/);
    });
  });

  describe("7. encodings", () => {
    it("a GBK page with a large <script> and <style> before the tables is decoded by its <meta charset>", async () => {
      const gbk = await load("gbk-big-script.html");
      const utf8 = await load("2019-one-line.html");
      assert.equal(gbk.agency, "某县交通运输局");
      assert.deepEqual([...gbk.values], [...utf8.values]);
    });

    it("a GBK page that declares nothing, mostly ASCII script, is still recognised as GBK", () => {
      const gbk = bytes("gbk-big-script.html").toString("latin1");
      // The GBK fixture without its declaration: decoded by sniffing alone.
      const undeclared = Buffer.from(gbk.replace(/<meta[^>]*>/, ""), "latin1");
      assert.equal(decodeText(undeclared).includes("某县交通运输局"), true);
    });

    it("a UTF-16 file with a BOM is read, the same as its UTF-8 text", async () => {
      const utf16 = await load("utf16-2023.txt");
      const utf8 = await load("2023-pipe.txt");
      assert.equal(utf16.year, 2023);
      assert.deepEqual([...utf16.values], [...utf8.values]);
    });
  });

  describe("8. two reports in one file", () => {
    it("two years pasted into one .txt: the first is read, the second is named and never mixed in", async () => {
      const report = await load("two-years.txt");
      assert.equal(report.year, 2023);
      assert.deepEqual(row(report, "三", "new"), [12, 3, _, _, 1, _, 16]);
      assert.ok(rules(report).includes("I-SECOND-REPORT"));
      assert.ok(!report.text!.includes("2024年"), "the second report's text is not this one's");
      assert.deepEqual(errors(report), []);
    });

    it("two copies of the tables in one web page: the first read, the second named", () => {
      const page = text("2019-one-line.html");
      const body = page.slice(page.indexOf("<body>") + 6, page.indexOf("</body>"));
      const twice = page.replace("</body>", `${body}</body>`);
      const report = ok(readHtml(twice)).report;
      assert.deepEqual(row(report, "三", "new"), [135, 14, _, _, 1, 1, 151]);
      assert.ok(rules(report).includes("I-SECOND-REPORT"));
      assert.deepEqual(errors(report), []);
    });

    it("flattened text of two reports (digits run together): the first read, the second named", () => {
      const one = readFileSync(join(CORPUS, "001.txt"), "utf8");
      const single = ok(readPublishedText(one)).report;
      const double = ok(
        readPublishedText(`${one}\n${readFileSync(join(CORPUS, "003.txt"), "utf8")}`)
      ).report;
      assert.deepEqual([...double.values], [...single.values]);
      assert.equal(double.year, single.year);
      assert.ok(rules(double).includes("I-SECOND-REPORT"));
    });
  });

  describe("9. a dash run into the next row's number", () => {
    it("a row printed as “-” right before “5.属于…” is read as left blank, not as missing (the dash is not a value)", () => {
      const published = readFileSync(join(CORPUS, "005.txt"), "utf8").replace(
        "4.保护第三方合法权益00000005.属于三类",
        "4.保护第三方合法权益-5.属于三类"
      );
      const result = readText(published);
      assert.ok(result.ok);
      const row = [...result.report.values].filter(([id]) => id.startsWith("三:denyThirdParty:"));
      assert.equal(row.length, 7);
      assert.ok(row.every(([, v]) => v === null));
      assert.ok(!result.report.notes?.some((n) => /缺少.*保护第三方合法权益/.test(n.message)));
      // The next row is read as printed.
      assert.equal(result.report.values.get("三:denyInternal:natural"), 1);
    });
  });
});
