import assert from "node:assert/strict";
import type { Cell, Workbook, Worksheet } from "exceljs";
import { getFormat } from "../../src/format";
import {
  a1,
  CHECK_NUMBER_FORMAT,
  entryValidation,
  ROLE_STYLE,
  sheetPlan,
  type SheetPlan,
} from "../../src/layout";
import { parseMeta, TABLE_NAMES } from "../../src/xlsx/names";
import { buildWorkbook, templateBuffer } from "../../src/xlsx/write";
import { FORMATS } from "../helpers/reports";
import { loadWorkbook } from "./helpers";

/** The written file, read back with exceljs, against the layout: sample cells by address, then every cell of the plan. */

const text = (c: Cell) =>
  typeof c.value === "string" ? c.value : c.value === null ? null : JSON.stringify(c.value);
const merges = (ws: Worksheet) => new Set(ws.model.merges);

describe("xlsx template: the written sheet", () => {
  let wb: Workbook;
  let ws: Worksheet;
  before(async () => {
    wb = await loadWorkbook(await templateBuffer({ format: "2021", year: 2025, agency: "某局" }));
    ws = wb.worksheets[0];
  });

  it("is the first sheet, named year + 年报, with the title and meta rows", () => {
    assert.equal(wb.worksheets.length, 1);
    assert.equal(ws.name, "2025年报");
    assert.equal(text(ws.getCell("A1")), "某局2025年政府信息公开工作年度报告（统计表）");
    assert.ok(merges(ws).has("A1:R1"));
    assert.equal(ws.getCell("A1").font.bold, true);
    assert.match(text(ws.getCell("A2"))!, /2021 年版.*年度：2025.*单位：某局/);
  });

  it("labels the check cells with the checks' plain names, as the pane names them, never a code like R3-2", () => {
    const labels = sheetPlan({ format: "2021", year: 2025, checks: "formulas" })
      .cells.filter((c) => c.role === "checkLabel")
      .map((c) => text(ws.getCell(a1(c.row, c.col))));
    assert.deepEqual(labels, [
      "核对“收结平衡”：本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理",
      "核对“各类申请人合计”：总计−各项之和",
      "核对“办理结果合计”：（七）总计 = 各项办理结果之和",
      "核对“行政复议合计”、“直接起诉合计”、“复议后起诉合计”：总计−四项结果之和",
    ]);
    for (const label of labels) assert.doesNotMatch(label!, /R\d-\d/);
  });

  it("puts table 二's labels, headings and merged entry cells where the official template has them", () => {
    assert.equal(text(ws.getCell("A4")), "二、主动公开政府信息情况");
    assert.equal(text(ws.getCell("A5")), "第二十条第（一）项");
    assert.equal(text(ws.getCell("A6")), "信息内容");
    assert.deepEqual(
      [text(ws.getCell("D6")), text(ws.getCell("E6")), text(ws.getCell("F6"))],
      ["本年制发件数", "本年废止件数", "现行有效件数"]
    );
    assert.equal(text(ws.getCell("A7")), "规章");
    assert.equal(text(ws.getCell("A11")), "行政许可");
    assert.equal(text(ws.getCell("D17")), "本年收费金额（单位：万元）");
    for (const m of ["A5:F5", "A6:C6", "A7:C7", "D10:F10", "D11:F11", "D17:F17", "D18:F18"])
      assert.ok(merges(ws).has(m), m);
    assert.equal(ws.getCell("A5").fill.type, "pattern");
    assert.equal(
      (ws.getCell("D6").fill as { fgColor: { argb: string } }).fgColor.argb,
      `FF${ROLE_STYLE.header.fill}`
    );
  });

  it("puts table 三's header block and merged group labels where the official template has them", () => {
    assert.equal(text(ws.getCell("A20")), "三、收到和处理政府信息公开申请情况");
    assert.equal(
      text(ws.getCell("A21")),
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    );
    assert.equal(text(ws.getCell("D21")), "申请人情况");
    assert.equal(text(ws.getCell("D22")), "自然人");
    assert.equal(text(ws.getCell("E22")), "法人或其他组织");
    assert.deepEqual(
      ["E23", "F23", "G23", "H23", "I23"].map((a) => text(ws.getCell(a))),
      ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    );
    assert.equal(text(ws.getCell("J22")), "总计");
    assert.equal(text(ws.getCell("A24")), "一、本年新收政府信息公开申请数量");
    assert.equal(text(ws.getCell("A26")), "三、本年度办理结果");
    assert.equal(text(ws.getCell("B28")), "（三）不予公开");
    assert.equal(text(ws.getCell("C28")), "1.属于国家秘密");
    assert.equal(text(ws.getCell("B47")), "（七）总计");
    assert.equal(text(ws.getCell("A48")), "四、结转下年度继续办理");
    for (const m of [
      "A21:C23",
      "D21:J21",
      "D22:D23",
      "E22:I22",
      "J22:J23",
      "A24:C24",
      "A26:A47",
      "B28:B35",
      "B44:B46",
      "B47:C47",
      "A48:C48",
    ])
      assert.ok(merges(ws).has(m), m);
    assert.equal(ws.getCell("A21").alignment.wrapText, true);
  });

  it("puts table 四 under table 三's number columns", () => {
    assert.equal(text(ws.getCell("A52")), "四、政府信息公开行政复议、行政诉讼情况");
    assert.equal(text(ws.getCell("D53")), "行政复议");
    assert.equal(text(ws.getCell("I53")), "行政诉讼");
    assert.equal(text(ws.getCell("I54")), "未经复议直接起诉");
    assert.equal(text(ws.getCell("N54")), "复议后起诉");
    assert.equal(text(ws.getCell("D54")), "结果维持");
    assert.equal(text(ws.getCell("R55")), "总计");
    for (const m of ["D53:H53", "I53:R53", "I54:M54", "N54:R54", "D54:D55", "H54:H55"])
      assert.ok(merges(ws).has(m), m);
  });

  it("marks entry cells: unlocked, entry fill, bordered, with the kind's validation, prompt and error", () => {
    for (const addr of ["D7", "D11", "D24", "J48", "D56", "R56"]) {
      const c = ws.getCell(addr);
      assert.equal(c.protection?.locked, false, addr);
      assert.equal(
        (c.fill as { fgColor: { argb: string } }).fgColor.argb,
        `FF${ROLE_STYLE.entry.fill}`,
        addr
      );
      assert.equal(c.border.top?.style, "thin", addr);
      const v = c.dataValidation;
      const expected = entryValidation("count");
      assert.equal(v.type, "whole", addr);
      assert.equal(v.operator, "greaterThanOrEqual", addr);
      assert.equal(Number(v.formulae[0]), 0, addr);
      assert.equal(v.prompt, expected.prompt, addr);
      assert.equal(v.error, expected.error, addr);
      assert.equal(v.showInputMessage, true, addr);
      assert.equal(v.showErrorMessage, true, addr);
    }
    const fee = ws.getCell("D18").dataValidation;
    assert.equal(fee.type, "decimal");
    assert.equal(fee.prompt, entryValidation("money").prompt);
    assert.equal(fee.error, entryValidation("money").error);
    assert.equal(
      ws.getCell("D24").dataValidation.promptTitle,
      "一、本年新收政府信息公开申请数量｜自然人"
    );
    // Labels stay locked (protection only bites when the sheet is protected, but the flag is there).
    assert.notEqual(ws.getCell("A24").protection?.locked, false);
  });

  it("writes the live checks as native formulas without cached results, with the check number format", () => {
    const cases: [string, string][] = [
      ["D49", "SUM(D47:D48)-SUM(D24:D25)"], // R3-1 自然人
      ["K24", "J24-SUM(D24:I24)"], // R3-2 本年新收
      ["D50", "D47-SUM(D26:D46)"], // R3-3 自然人
      ["H57", "H56-SUM(D56:G56)"], // R4-1
      ["R57", "R56-SUM(N56:Q56)"], // R4-3
    ];
    for (const [addr, formula] of cases) {
      const c = ws.getCell(addr);
      assert.equal(c.formula, formula, addr);
      assert.equal(c.result, undefined, addr);
      assert.equal(c.numFmt, CHECK_NUMBER_FORMAT, addr);
    }
  });

  it("asks for a full recalculation on load (exceljs does not read calcPr back: checked on the built workbook)", async () => {
    const { workbook } = await buildWorkbook({ format: "2021", year: 2025 });
    assert.equal(workbook.calcProperties.fullCalcOnLoad, true);
  });

  it("names each official table with a workbook-level name and stores format, year and agency in the core properties", () => {
    const range = (name: string) => wb.definedNames.getRanges(name).ranges;
    assert.deepEqual(range(TABLE_NAMES["二"]), ["'2025年报'!$A$5:$F$18"]);
    assert.deepEqual(range(TABLE_NAMES["三"]), ["'2025年报'!$A$21:$J$48"]);
    assert.deepEqual(range(TABLE_NAMES["四"]), ["'2025年报'!$D$53:$R$56"]);
    assert.equal(wb.subject, "Nianbao|2021|2025|某局");
    assert.deepEqual(parseMeta(wb.subject), { format: "2021", year: 2025, agency: "某局" });
    assert.equal(wb.title, "某局2025年政府信息公开工作年度报告（统计表）");
  });

  it("prints A4 landscape, one page wide, with column widths from the layout", () => {
    const p = ws.pageSetup;
    assert.equal(p.paperSize, 9);
    assert.equal(p.orientation, "landscape");
    assert.equal(p.fitToPage, true);
    assert.equal(p.fitToWidth, 1);
    assert.equal(p.fitToHeight, 0);
    assert.equal(p.printArea, "A1:R57");
    const plan = sheetPlan({ format: "2021", year: 2025, checks: "formulas" });
    for (let c = 0; c < 18; c++)
      assert.equal(
        ws.getColumn(c + 1).width ?? ws.properties.defaultColWidth,
        plan.columnWidths[c]
      );
  });

  it("protects the sheet only when asked", async () => {
    const protection = (s: Worksheet) =>
      (s as unknown as { sheetProtection?: { sheet?: boolean; insertRows?: boolean } })
        .sheetProtection;
    assert.equal(protection(ws), undefined);
    const protectedWs = (
      await loadWorkbook(await templateBuffer({ format: "2021", year: 2025, protect: true }))
    ).worksheets[0];
    assert.equal(protection(protectedWs)?.sheet, true);
    assert.equal(protection(protectedWs)?.insertRows, true, "rows may still be inserted");
  });

  it("leaves the check cells out with checks: none", async () => {
    const w = await loadWorkbook(
      await templateBuffer({ format: "2021", year: 2025, checks: "none" })
    );
    const s = w.worksheets[0];
    let formulas = 0;
    s.eachRow((row) => row.eachCell((c) => void (c.formula ? formulas++ : 0)));
    assert.equal(formulas, 0);
  });
});

/** Every cell of the plan is in the file as planned, for both formats. */
function assertMatchesPlan(ws: Worksheet, plan: SheetPlan): void {
  const model = getFormat(plan.format);
  const fileMerges = merges(ws);
  const planMerges = [
    ...plan.merges,
    ...plan.tables.flatMap((t) =>
      t.merges.map((m) => ({ ...m, row: m.row + t.top, col: m.col + t.left }))
    ),
  ];
  const expectedMerges = new Set(
    planMerges
      .filter((m) => m.rows > 1 || m.cols > 1)
      .map((m) => `${a1(m.row, m.col)}:${a1(m.row + m.rows - 1, m.col + m.cols - 1)}`)
  );
  assert.deepEqual([...fileMerges].sort(), [...expectedMerges].sort());
  const cells = [
    ...plan.cells,
    ...plan.tables.flatMap((t) =>
      t.cells.map((c) => ({ ...c, row: c.row + t.top, col: c.col + t.left }))
    ),
  ];
  for (const c of cells) {
    const xc = ws.getCell(a1(c.row, c.col));
    if (c.text) assert.equal(xc.value, c.text, a1(c.row, c.col));
    if (c.role === "entry") {
      assert.equal(xc.protection?.locked, false, a1(c.row, c.col));
      const v = entryValidation(model.kindOf(c.ref!));
      assert.equal(xc.dataValidation?.prompt, v.prompt, a1(c.row, c.col));
      assert.equal(
        xc.dataValidation?.type,
        v.type === "wholeNumber" ? "whole" : "decimal",
        a1(c.row, c.col)
      );
    }
  }
  for (const c of plan.checks)
    assert.equal(ws.getCell(a1(c.row, c.col)).formula, c.formula.slice(1), a1(c.row, c.col));
  // Thin borders on every cell of each official table, none outside them (but for nothing else drawn).
  for (const t of plan.tables)
    for (let r = 0; r < t.rows; r++)
      for (let k = 0; k < t.cols; k++)
        assert.equal(ws.getCell(a1(t.top + r, t.left + k)).border?.left?.style, "thin");
}

describe("xlsx template: every planned cell, both formats", () => {
  for (const format of FORMATS) {
    it(`${format}: labels, merges, entry cells, validation and check formulas match sheetPlan`, async () => {
      const year = format === "2021" ? 2025 : 2020;
      const wb = await loadWorkbook(await templateBuffer({ format, year }));
      assertMatchesPlan(wb.worksheets[0], sheetPlan({ format, year, checks: "formulas" }));
    });
  }

  it("2019: 本年增/减 accepts negative whole numbers, 采购总金额 decimals", async () => {
    const ws = (await loadWorkbook(await templateBuffer({ format: "2019", year: 2020 })))
      .worksheets[0];
    assert.equal(ws.name, "2020年报");
    assert.equal(ws.getCell("D6").value, "本年新制作数量");
    assert.equal(ws.getCell("E10").value, "本年增/减");
    const change = ws.getCell("E11").dataValidation;
    assert.equal(change.type, "whole");
    assert.equal(change.operator, "between");
    assert.ok(Number(change.formulae[0]) < 0);
    assert.equal(change.prompt, entryValidation("signed").prompt);
    assert.equal(ws.getCell("E22").dataValidation.type, "decimal");
    assert.equal(ws.getCell("B48").value, "（六）其他处理");
    assert.equal(ws.getCell("D51").formula, "SUM(D49:D50)-SUM(D28:D29)");
  });
});
