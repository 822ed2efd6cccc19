import assert from "node:assert/strict";
import type { Workbook, Worksheet } from "exceljs";
import { cellId, getFormat, type CellRef, type FormatId } from "../../src/format";
import { importBytes } from "../../src/importers";
import { fillReport, type Report } from "../../src/report";
import type { RawValue } from "../../src/values";
import { readXlsx, xlsxImporter } from "../../src/xlsx/read";
import { reportBuffer, templateBuffer } from "../../src/xlsx/write";
import { buildReport, FORMATS, ref, sampleReport } from "../helpers/reports";
import {
  copyWithoutNames,
  ExcelJS,
  insertColumns,
  insertRows,
  loadWorkbook,
  renameSheet,
  saveWorkbook,
  spliceRows,
} from "./helpers";

/** Every entry a different number, so a cell read from the wrong place cannot go unnoticed. */
function distinctReport(format: FormatId): Report {
  return fillReport(
    format,
    (c, model) => {
      const i = model.indexOf(c) + 1;
      const kind = model.kindOf(c);
      return kind === "money" || kind === "amount" ? i + 0.25 : kind === "signed" ? -i : 100 + i;
    },
    { year: format === "2021" ? 2025 : 2020, agency: "某市某区司法局" }
  );
}

async function read(bytes: Uint8Array, path = "report.xlsx"): Promise<Report> {
  const r = await readXlsx(bytes, path);
  if (!r.ok) assert.fail(r.error);
  return r.report;
}

/** The report holds exactly the expected value for every cell of its format. */
function assertSameCells(actual: Report, expected: Report): void {
  assert.equal(actual.format, expected.format);
  const wrong: string[] = [];
  for (const c of getFormat(expected.format).cells) {
    const id = cellId(c);
    if (actual.values.get(id) !== expected.values.get(id))
      wrong.push(`${id}: ${actual.values.get(id)} ≠ ${expected.values.get(id)}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(actual.values.size, expected.values.size);
}

const codes = (r: Report) => (r.notes ?? []).map((n) => n.code);

describe("xlsx reader: round trip", () => {
  for (const format of FORMATS) {
    it(`${format}: every entry cell comes back as the report cell it was written from`, async () => {
      const report = distinctReport(format);
      const back = await read(await reportBuffer(report));
      assertSameCells(back, report);
      assert.equal(back.year, report.year);
      assert.equal(back.agency, report.agency);
      assert.deepEqual(codes(back), ["xlsx-names", "xlsx-names", "xlsx-names"]);
    });
  }

  it("a number typed at a given address is the report cell the official template has there", async () => {
    const wb = await loadWorkbook(await templateBuffer({ format: "2021", year: 2025 }));
    const ws = wb.worksheets[0];
    const typed: [string, CellRef, number][] = [
      ["D7", ref("二", "rules", "issued"), 2],
      ["F8", ref("二", "normativeDocs", "inForce"), 3],
      ["D11", ref("二", "licensing", "decisions"), 120],
      ["D18", ref("二", "fees", "feeAmount"), 1.5],
      ["D24", ref("三", "new", "natural"), 58],
      ["I25", ref("三", "carried", "other"), 4],
      ["E28", ref("三", "denySecret", "commercial"), 6],
      ["J47", ref("三", "resultsTotal", "total"), 9],
      ["J48", ref("三", "next", "total"), 7],
      ["D56", ref("四", "review", "upheld"), 1],
      ["M56", ref("四", "suitDirect", "total"), 5],
      ["R56", ref("四", "suitAfterReview", "total"), 3],
    ];
    for (const [addr, , v] of typed) ws.getCell(addr).value = v;
    const back = await read(await saveWorkbook(wb));
    for (const [addr, c, v] of typed) assert.equal(back.values.get(cellId(c)), v, addr);
    const filled = new Set(typed.map(([, c]) => cellId(c)));
    for (const [id, v] of back.values) if (!filled.has(id)) assert.equal(v, null, id);
    assert.equal(back.values.size, getFormat("2021").cells.length);
  });

  it("reads what a cell shows: text as typed, formulas by their cached result, errors by their text", async () => {
    const wb = await loadWorkbook(await templateBuffer({ format: "2021", year: 2025 }));
    const ws = wb.worksheets[0];
    ws.getCell("D24").value = "/";
    ws.getCell("E24").value = { formula: "1+2", result: 3 } as never;
    ws.getCell("F24").value = { formula: "1/0", result: { error: "#DIV/0!" } } as never;
    ws.getCell("G24").value = { error: "#REF!" } as never;
    ws.getCell("H24").value = { richText: [{ text: "1" }, { text: "2" }] };
    ws.getCell("I24").value = " 12件 ";
    ws.getCell("J24").value = { formula: "SUM(D24:I24)" } as never; // never calculated
    const back = await read(await saveWorkbook(wb));
    const at = (column: string) => back.values.get(cellId(ref("三", "new", column)));
    assert.equal(at("natural"), "/");
    assert.equal(at("commercial"), 3);
    assert.equal(at("research"), "#DIV/0!");
    assert.equal(at("publicWelfare"), "#REF!");
    assert.equal(at("legalService"), "12");
    assert.equal(at("other"), " 12件 ");
    assert.equal(at("total"), "=SUM(D24:I24)");
    const note = back.notes!.find((n) => n.code === "xlsx-formula-no-result");
    assert.ok(note, "a note about the uncalculated formula");
    assert.deepEqual(note.cells, [ref("三", "new", "total")]);
  });
});

describe("xlsx reader: a template the clerk has changed", () => {
  const original = distinctReport("2021");
  let bytes: Buffer;
  before(async () => {
    bytes = await reportBuffer(original);
  });

  it("rows inserted above table 三: the names moved with the table", async () => {
    const wb = await loadWorkbook(bytes);
    insertRows(wb.worksheets[0], 20, 3);
    const back = await read(await saveWorkbook(wb));
    assertSameCells(back, original);
    assert.match(back.notes![1].message, /表三：按工作簿中的表格名称定位（左上角 A24）/);
  });

  it("rows inserted at the top: every table moved", async () => {
    const wb = await loadWorkbook(bytes);
    insertRows(wb.worksheets[0], 1, 2);
    const back = await read(await saveWorkbook(wb));
    assertSameCells(back, original);
    assert.deepEqual(codes(back), ["xlsx-names", "xlsx-names", "xlsx-names"]);
  });

  it("the sheet renamed (names rewritten, as Excel does)", async () => {
    const wb = await loadWorkbook(bytes);
    renameSheet(wb, wb.worksheets[0], "我局年报 (终稿)");
    const saved = await saveWorkbook(wb);
    assert.equal((await loadWorkbook(saved)).worksheets[0].name, "我局年报 (终稿)");
    const back = await read(saved);
    assertSameCells(back, original);
    assert.deepEqual(codes(back), ["xlsx-names", "xlsx-names", "xlsx-names"]);
    assert.equal(back.year, 2025);
  });

  it("the sheet renamed by a tool that left the names behind: found by labels", async () => {
    const wb = await loadWorkbook(bytes);
    wb.worksheets[0].name = "Sheet1";
    const back = await read(await saveWorkbook(wb));
    assertSameCells(back, original);
    assert.deepEqual(codes(back), ["xlsx-labels", "xlsx-labels", "xlsx-labels"]);
  });

  it("names that no longer fit the labels (rows inserted by a tool that did not move them): found by labels", async () => {
    const wb = await loadWorkbook(bytes);
    const ws = wb.worksheets[0];
    const names = wb.definedNames.model;
    insertRows(ws, 20, 2);
    wb.definedNames.model = names; // put the old ranges back
    const back = await read(await saveWorkbook(wb));
    assertSameCells(back, original);
    assert.deepEqual(codes(back), ["xlsx-names", "xlsx-labels", "xlsx-labels"]);
  });

  it("a row inserted inside table 三 (the names grow over it): the rows below are found by their labels", async () => {
    for (const at of [30, 48]) {
      const wb = await loadWorkbook(bytes);
      insertRows(wb.worksheets[0], at, 1);
      wb.worksheets[0].getCell(at, 3).value = "（自加的说明行）";
      const back = await read(await saveWorkbook(wb));
      assertSameCells(back, original);
      assert.ok(
        back.notes!.some(
          (n) => n.code === "xlsx-rows-shifted" && n.message.startsWith("表三中有 1 处")
        ),
        `row ${at}`
      );
    }
  });

  it("a row deleted inside table 三: its cells are missing, the others read right", async () => {
    const wb = await loadWorkbook(bytes);
    spliceRows(wb.worksheets[0], 30, 1, 0); // 3.危及“三安全一稳定”
    const back = await read(await saveWorkbook(wb));
    const gone = getFormat("2021").cells.filter((c) => c.table === "三" && c.row === "denySafety");
    assert.equal(gone.length, 7);
    for (const c of gone) assert.equal(back.values.has(cellId(c)), false);
    for (const c of getFormat("2021").cells.filter((c) => !gone.includes(c)))
      assert.equal(back.values.get(cellId(c)), original.values.get(cellId(c)), cellId(c));
  });

  it("a column inserted inside table 三: the plan's columns no longer hold, the headers are matched instead", async () => {
    const wb = await loadWorkbook(bytes);
    insertColumns(wb.worksheets[0], 5, 1); // between 自然人 and 商业企业
    wb.worksheets[0].getCell("E23").value = "其中：外地";
    const back = await read(await saveWorkbook(wb));
    assertSameCells(back, original);
    assert.equal(back.notes!.find((n) => n.message.startsWith("表三"))!.code, "xlsx-rows");
  });

  it("a label or two retyped: the others still place the table", async () => {
    const wb = await loadWorkbook(bytes);
    const ws = wb.worksheets[0];
    ws.getCell("A21").value = "（勾稽关系：第一项加第二项之和＝第三项加第四项之和）";
    ws.getCell("C29").value = "2.其他法律、行政法规禁止公开";
    const copy = copyWithoutNames(ws);
    const back = await read(await saveWorkbook(copy));
    assertSameCells(back, original);
    assert.ok(
      back.notes!.some((n) => n.code === "xlsx-labels-differ" && /表三有 2 个标签/.test(n.message))
    );
  });
});

describe("xlsx reader: a sheet copied into another workbook (no names, no properties)", () => {
  for (const format of FORMATS) {
    it(`${format}: found by its labels, moved down and right, after another sheet; format from the labels`, async () => {
      const original = distinctReport(format);
      const wb = await loadWorkbook(await reportBuffer(original));
      const copy = copyWithoutNames(wb.worksheets[0], {
        rows: 4,
        cols: 2,
        name: "汇总",
        before: ["说明"],
      });
      assert.ok(!copy.subject);
      assert.equal(copy.definedNames.model.length, 0);
      const back = await read(await saveWorkbook(copy));
      assertSameCells(back, original);
      assert.deepEqual(codes(back), ["xlsx-labels", "xlsx-labels", "xlsx-labels"]);
      assert.match(back.notes![1].message, /左上角 C2\d/);
      // Year and agency from the title and meta rows.
      assert.equal(back.year, original.year);
      assert.equal(back.agency, original.agency);
    });
  }

  it("year from the sheet name when the title has none", async () => {
    const wb = await loadWorkbook(await templateBuffer({ format: "2019" }));
    const copy = copyWithoutNames(wb.worksheets[0], { name: "2020年报" });
    const back = await read(await saveWorkbook(copy));
    assert.equal(back.format, "2019");
    assert.equal(back.year, 2020);
    assert.equal(back.agency, undefined);
  });
});

/**
 * Another office's own sheet: table 三 with all row labels in column A and one header row, table 二 with one label
 * column, table 四 with unmerged headers over a blank row. Nothing lines up with our layout.
 */
function foreignSheet(report: Report): Workbook {
  const model = getFormat(report.format);
  const value = (c: CellRef) => report.values.get(cellId(c)) as RawValue;
  const wb = new ExcelJS.Workbook();
  const ws: Worksheet = wb.addWorksheet("统计");
  let r = 1;
  ws.getCell(r++, 1).value = "某县财政局2023年度政府信息公开工作年度报告";
  const t2 = model.table("二");
  for (const block of t2.blocks!) {
    ws.getCell(r++, 1).value = block.heading;
    ws.getCell(r, 1).value = block.corner;
    block.columns.forEach((k, j) => (ws.getCell(r, 2 + j).value = model.column("二", k).label));
    r++;
    for (const row of block.rows) {
      ws.getCell(r, 1).value = model.row("二", row).label;
      block.columns.forEach((k, j) => (ws.getCell(r, 2 + j).value = value(ref("二", row, k))));
      r++;
    }
  }
  r += 2;
  const t3 = model.table("三");
  ws.getCell(r, 2).value = "申请人情况";
  r++;
  t3.columns.forEach((c, j) => (ws.getCell(r, 2 + j).value = c.label));
  r++;
  let group = "";
  for (const row of t3.rows) {
    const inner = row.groups?.[row.groups.length - 1];
    if (inner && inner !== group) ws.getCell(r++, 1).value = inner; // a group label on its own line
    group = inner ?? "";
    ws.getCell(r, 1).value = row.label;
    t3.columns.forEach((c, j) => (ws.getCell(r, 2 + j).value = value(ref("三", row.key, c.key))));
    r++;
  }
  r += 2;
  // Table 四 with 行政诉讼 first and 行政复议 last; 行政复议's headers are not merged down over the blank row.
  const t4 = model.table("四");
  ws.getCell(r, 2).value = "行政诉讼";
  ws.mergeCells(r, 2, r, 11);
  ws.getCell(r + 1, 2).value = "未经复议直接起诉";
  ws.getCell(r + 1, 7).value = "复议后起诉";
  ws.getCell(r, 12).value = "行政复议";
  ws.mergeCells(r, 12, r, 16);
  const start: Record<string, number> = { suitDirect: 2, suitAfterReview: 7, review: 12 };
  for (const row of t4.rows) {
    const headerRow = row.key === "review" ? r + 1 : r + 2;
    t4.columns.forEach((c, j) => {
      ws.getCell(headerRow, start[row.key] + j).value = c.label;
      ws.getCell(r + 3, start[row.key] + j).value = value(ref("四", row.key, c.key));
    });
  }
  return wb;
}

describe("xlsx reader: another office's own layout", () => {
  for (const format of FORMATS) {
    it(`${format}: row labels and column headers are matched one by one`, async () => {
      const original = buildReport(format, (c, model) => (model.indexOf(c) % 7) + 1, {
        year: 2023,
      });
      const back = await read(await saveWorkbook(foreignSheet(original)));
      assertSameCells(back, original);
      assert.deepEqual(codes(back), ["xlsx-rows", "xlsx-rows", "xlsx-rows"]);
      assert.equal(back.year, 2023);
      assert.equal(back.agency, "某县财政局");
    });
  }
});

describe("xlsx reader: files that are not a filled template", () => {
  it("random bytes named .xlsx: not a workbook", async () => {
    const r = await readXlsx(new TextEncoder().encode("这不是表格，只是一段文字"), "年报.xlsx");
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /不是有效的 \.xlsx 文件.*改了扩展名/);
  });

  it("a truncated workbook: damaged", async () => {
    const bytes = await templateBuffer({ format: "2021", year: 2025 });
    const r = await readXlsx(bytes.subarray(0, Math.floor(bytes.length / 2)), "年报.xlsx");
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /无法读取 \.xlsx 文件：文件已损坏或不完整/);
  });

  it("a ZIP that holds no workbook (a Word document, say): not taken for a workbook", async () => {
    const bytes = Buffer.from(await templateBuffer({ format: "2021", year: 2025 }));
    const notXl = Buffer.from(bytes.toString("latin1").replace(/xl\//g, "wd/"), "latin1");
    assert.equal(xlsxImporter.accepts("report.docx", notXl), false);
    const r = await readXlsx(notXl, "report.zip");
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /ZIP 压缩包，但不是 Excel 工作簿/);
  });

  it("an old .xls (or encrypted) workbook: asked to save as .xlsx", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    assert.equal(xlsxImporter.accepts("年报.xls", ole), true);
    const r = await importBytes("年报.xls", ole);
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /另存为” \.xlsx/);
  });

  it("a workbook without the tables: says what it looked for", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("工资表").getCell("A1").value = "姓名";
    const r = await readXlsx(await saveWorkbook(wb), "x.xlsx");
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /没有找到年报统计表/);
  });

  it("the importer registry finds .xlsx by content, whatever the file is called; JSON still goes to JSON", async () => {
    const bytes = await reportBuffer(sampleReport("2021"));
    const r = await importBytes("upload-1234.bin", bytes);
    assert.ok(r.ok);
    assert.equal(r.report.values.get(cellId(ref("三", "granted", "natural"))), 31);
    const json = await importBytes(
      "x.json",
      new TextEncoder().encode('{"format":"2021","cells":[]}')
    );
    assert.ok(json.ok);
  });
});
