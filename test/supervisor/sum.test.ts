import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat } from "../../src/format";
import { parseInterchange } from "../../src/interchange";
import type { Report } from "../../src/report";
import { sumReports, type SumPart } from "../../src/sum";
import { readValue } from "../../src/values";
import { loadExcelJS } from "../../src/xlsx/exceljs";
import { readXlsx } from "../../src/xlsx/read";
import {
  consistentReport,
  FORMATS,
  ref,
  sampleReport,
  valueAt,
  withCells,
} from "../helpers/reports";
import { cli, tempFolder } from "./helpers";

/** 汇总: several agencies' tables added cell by cell (src/sum.ts) and `nianbao sum`. */

const parts = (...reports: Report[]): SumPart[] =>
  reports.map((report, i) => ({ name: `单位${i + 1}.json`, report }));
const num = (r: Report, id: string) => readValue(r.values.get(id) ?? null).value;

describe("sumReports (pure)", () => {
  it("adds every cell of the parts", () => {
    const a = sampleReport("2021", { agency: "甲局" });
    const b = sampleReport("2021", { agency: "乙局" });
    const s = sumReports(parts(a, b));
    assert.ok(s.ok);
    const model = getFormat("2021");
    for (const id of model.ids) assert.equal(num(s.report, id), 2 * num(a, id)!, id);
    assert.equal(s.report.year, 2023);
    assert.equal(s.report.agency, "2 个单位汇总");
    assert.equal(s.report.uncertain, undefined);
    assert.deepEqual(s.notes, []);
    assert.ok(confront(s.report).passes());
  });

  it("refuses to mix the 2019 and the 2021 format, saying which report is which", () => {
    const s = sumReports([
      { name: "甲局2021.json", report: sampleReport("2021") },
      { name: "乙局2020.json", report: sampleReport("2019") },
      { name: "丙局2021.json", report: sampleReport("2021") },
    ]);
    assert.equal(s.ok, false);
    if (s.ok) return;
    assert.match(s.error, /不能汇总不同格式的报告/);
    assert.match(s.error, /甲局2021\.json、丙局2021\.json 是2021 年版格式/);
    assert.match(s.error, /乙局2020\.json 是2019 年版格式/);
    assert.match(s.error, /请按格式分别汇总/);
  });

  it("reads blank and placeholders as 0 (not uncertain)", () => {
    const granted = ref("三", "granted", "natural");
    const a = withCells(sampleReport("2021"), [[granted, "/"]]);
    const b = withCells(sampleReport("2021"), [[granted, null]]);
    const c = sampleReport("2021");
    const s = sumReports(parts(a, b, c));
    assert.ok(s.ok);
    assert.equal(valueAt(s.report, granted), 31);
    assert.equal(s.report.uncertain?.has(cellId(granted)) ?? false, false);
  });

  it("propagates uncertainty: a guessed cell, a cell not given, a cell not readable", () => {
    const guessed = ref("三", "granted", "natural");
    const missing = ref("四", "review", "total");
    const broken = ref("二", "licensing", "decisions");
    const a = sampleReport("2021");
    a.uncertain = new Set([cellId(guessed)]);
    const b = sampleReport("2021");
    b.values.delete(cellId(missing));
    const c = withCells(sampleReport("2021"), [[broken, "#REF!"]]);
    const s = sumReports(parts(a, b, c));
    assert.ok(s.ok);
    assert.deepEqual(
      [...s.report.uncertain!].sort(),
      [cellId(guessed), cellId(missing), cellId(broken)].sort()
    );
    assert.equal(valueAt(s.report, guessed), 93, "the guessed values are still added");
    assert.equal(valueAt(s.report, missing), 4, "the parts that give the cell are added");
    assert.equal(valueAt(s.report, broken), 240, "the readable parts are added");
    assert.deepEqual(
      s.notes.map((n) => [n.code, n.part]),
      [
        ["missing", "单位2.json"],
        ["unreadable", "单位3.json"],
        ["uncertain", "单位1.json"],
      ]
    );
    assert.match(
      s.notes[0].message,
      /单位2\.json 缺少 1 格（表四“行政复议”行“总计”列），按 0 计入，汇总数标为不确定/
    );
  });

  it("adds money without float noise (0.1 + 0.2 万元 = 0.3)", () => {
    const fee = ref("二", "fees", "feeAmount");
    const s = sumReports(
      parts(
        withCells(sampleReport("2021"), [[fee, 0.1]]),
        withCells(sampleReport("2021"), [[fee, 0.2]])
      )
    );
    assert.ok(s.ok);
    assert.equal(valueAt(s.report, fee), 0.3);
  });

  it("different years are summed with a note; the year may be given", () => {
    const s = sumReports(
      parts(sampleReport("2021", { year: 2022 }), sampleReport("2021", { year: 2023 })),
      { agency: "某县", year: 2023 }
    );
    assert.ok(s.ok);
    assert.equal(s.report.year, 2023);
    assert.equal(s.report.agency, "某县");
    assert.equal(s.notes[0].code, "mixed-years");
  });

  it("nothing to sum is an error", () => {
    assert.equal(sumReports([]).ok, false);
  });

  for (const format of FORMATS) {
    it(`property (${format} format): the sum of consistent reports is consistent`, () => {
      fc.assert(
        fc.property(
          fc.array(consistentReport(format), { minLength: 1, maxLength: 6 }),
          (reports) => {
            const s = sumReports(parts(...reports));
            if (!s.ok) return false;
            const c = confront(s.report, { localize: false });
            return c.errors().length === 0;
          }
        ),
        { numRuns: 60 }
      );
    });

    it(`property (${format} format): the sum is cell by cell (and order does not matter)`, () => {
      fc.assert(
        fc.property(consistentReport(format), consistentReport(format), (a, b) => {
          const ab = sumReports(parts(a, b));
          const ba = sumReports(parts(b, a));
          if (!ab.ok || !ba.ok) return false;
          return getFormat(format).ids.every(
            (id) =>
              num(ab.report, id) === Math.round((num(a, id)! + num(b, id)!) * 1e6) / 1e6 &&
              num(ab.report, id) === num(ba.report, id)
          );
        }),
        { numRuns: 40 }
      );
    });
  }
});

describe("nianbao sum (CLI)", function () {
  this.timeout(60_000);
  const folder = tempFolder("nianbao-sum-");
  after(() => folder.remove());
  let a: string, b: string, wrong: string, old: string;
  before(() => {
    a = folder.json("in/甲局.json", sampleReport("2021", { agency: "甲局" }));
    // Another agency's report, not a copy of 甲局's (the same cells twice are refused as a duplicate): every value doubled.
    const base = sampleReport("2021", { agency: "乙局" });
    b = folder.json("in/乙局.json", {
      ...base,
      values: new Map([...base.values].map(([k, v]) => [k, typeof v === "number" ? v * 2 : v])),
    });
    wrong = folder.json(
      "bad/丙局.json",
      withCells(sampleReport("2021", { agency: "丙局" }), [[ref("三", "granted", "natural"), 13]])
    );
    old = folder.json("old/丁局2020.json", sampleReport("2019", { agency: "丁局", year: 2020 }));
  });

  it("-o total.json: writes the interchange format, says what it did, exit 0", async () => {
    const out = folder.path("total.json");
    const r = await cli("sum", a, b, "-o", out, "--agency", "某县汇总");
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /已汇总 2 份报告（2021 年版格式，2023 年度）→ .*total\.json；汇总表勾稽关系全部成立/
    );
    const back = parseInterchange(readFileSync(out, "utf8"));
    assert.ok(back.ok);
    assert.equal(back.report.agency, "某县汇总");
    assert.equal(valueAt(back.report, ref("三", "granted", "natural")), 93);
  });

  it("a folder can be summed; -o total.xlsx writes the template layout, readable by nianbao check", async () => {
    const out = folder.path("total.xlsx");
    const r = await cli("sum", folder.path("in"), "-o", out);
    assert.equal(r.code, 0, r.err);
    const back = await readXlsx(readFileSync(out));
    assert.ok(back.ok, back.ok ? "" : back.error);
    assert.equal(valueAt(back.report, ref("三", "new", "total")), 171);
    assert.equal(back.report.format, "2021");
    const checked = await cli("check", out);
    assert.equal(checked.code, 0, checked.out);
  });

  it("a report with errors is named; the sum is still written (exit 1) — or refused with --strict", async () => {
    const out = folder.path("with-errors.json");
    const r = await cli("sum", a, wrong, "-o", out);
    assert.equal(r.code, 1);
    assert.match(r.err, /以下报告有错误，仍然汇总，汇总数可能有误：.*丙局\.json（2 个错误）/);
    assert.ok(existsSync(out));
    assert.match(r.out, /汇总表有 2 个错误/);
    const strictOut = folder.path("strict.json");
    const strict = await cli("sum", a, wrong, "-o", strictOut, "--strict");
    assert.equal(strict.code, 1);
    assert.match(strict.err, /按 --strict 不汇总：.*丙局\.json/);
    assert.equal(existsSync(strictOut), false);
  });

  it("mixed formats are refused with a Chinese message, nothing written (exit 2)", async () => {
    const out = folder.path("mixed.json");
    const r = await cli("sum", a, old, "-o", out);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /不能汇总不同格式的报告：.*甲局\.json 是2021 年版格式.*丁局2020\.json 是2019 年版格式/
    );
    assert.equal(existsSync(out), false);
  });

  it("usage errors: no -o, an output that is neither .xlsx nor .json, an unreadable input", async () => {
    assert.match((await cli("sum", a)).err, /请用 -o 指定输出文件/);
    const txt = await cli("sum", a, "-o", folder.path("total.txt"));
    assert.equal(txt.code, 2);
    assert.match(txt.err, /应以 .xlsx 或 .json 结尾/);
    const missing = await cli("sum", a, folder.path("nope.json"), "-o", folder.path("x.json"));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.json：文件不存在/);
    assert.match(missing.err, /1 个文件无法读取，未汇总/);
  });
});

describe("nianbao sum -o .xlsx with uncertain cells", function () {
  this.timeout(60_000);
  const folder = tempFolder("nianbao-sum-xlsx-");
  after(() => folder.remove());

  it("marks each uncertain cell with a note saying why; the values are the sums", async () => {
    const cut = sampleReport("2021", { agency: "甲镇" });
    cut.values.delete(cellId(ref("四", "review", "total")));
    const a = folder.json("甲镇.json", cut);
    const b = folder.json("乙镇.json", sampleReport("2021", { agency: "乙镇" }));
    const out = folder.path("total.xlsx");
    const r = await cli("sum", a, b, "-o", out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1 格不确定/);
    assert.match(r.err, /甲镇\.json 缺少 1 格/);
    const wb = new (await loadExcelJS()).Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const notes: string[] = [];
    wb.worksheets[0].eachRow((row) =>
      row.eachCell(
        (cell) =>
          cell.note &&
          notes.push(typeof cell.note === "string" ? cell.note : JSON.stringify(cell.note))
      )
    );
    assert.equal(notes.length, 1);
    assert.match(notes[0], /汇总数不确定.*甲镇\.json 缺少 1 格/s);
    const back = await readXlsx(readFileSync(out));
    assert.ok(back.ok);
    assert.equal(valueAt(back.report, ref("四", "review", "total")), 2);
  });
});
