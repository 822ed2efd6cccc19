import assert from "node:assert/strict";
import { createFakeExcel } from "./index";

const sheet1 = (context: Excel.RequestContext) => context.workbook.worksheets.getItem("Sheet1");

describe("fake-excel: range values and formulas", () => {
  it("values with a mismatched 2-D size fail at sync with InvalidArgument; nothing is written", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A1:B2").values = [[1, 2, 3]];
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      sheet1(context).getRange("A1:B2").numberFormat = [["0"], ["0"]];
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      sheet1(context).getRange("A1:B2").formulas = [["=1", "=2"]];
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
    assert.deepEqual(fake.values("Sheet1!A1:B2"), [
      ["", ""],
      ["", ""],
    ]);
  });

  it("a scalar fills the range; null leaves a cell untouched; '' clears", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [["keep", "old"]]);
    await fake.Excel.run(async (context) => {
      (sheet1(context).getRange("A2:B3") as { values: unknown }).values = 7;
      sheet1(context).getRange("A1:B1").values = [[null, ""]] as unknown as string[][];
      await context.sync();
    });
    assert.deepEqual(fake.values("Sheet1!A1:B3"), [
      ["keep", ""],
      [7, 7],
      [7, 7],
    ]);
  });

  it("interprets strings as Excel does (numbers, percent, booleans, formulas, errors, ' prefix, text format)", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A2", { numberFormat: "@" });
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A1:H1").values = [
        ["12", "1,234", "50%", "true", "=1+1", "#N/A", "'007", "-"],
      ];
      sheet1(context).getRange("A2").values = [["0012"]];
      await context.sync();
      const r = sheet1(context)
        .getRange("A1:H2")
        .load("values, valueTypes, numberFormat, formulas");
      await context.sync();
      assert.deepEqual(r.values[0], [12, 1234, 0.5, true, 2, "#N/A", "007", "-"]);
      assert.deepEqual(r.valueTypes[0], [
        "Double",
        "Double",
        "Double",
        "Boolean",
        "Double",
        "Error",
        "String",
        "String",
      ]);
      assert.deepEqual(r.numberFormat[0].slice(0, 3), ["General", "#,##0", "0%"]);
      assert.equal(r.formulas[0][4], "=1+1");
      assert.equal(r.values[1][0], "0012", "text-formatted cells keep strings");
    });
  });

  it("error values read as strings with valueType Error", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", "#REF!");
    fake.setCell("Sheet1!B1", { formula: "=1/0" });
    fake.setCell("Sheet1!C1", { formula: "=NOSUCHFN(1)" });
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:D1").load("values, valueTypes, text");
      await context.sync();
      assert.deepEqual(r.values, [["#REF!", "#DIV/0!", "#NAME?", ""]]);
      assert.deepEqual(r.valueTypes, [["Error", "Error", "Error", "Empty"]]);
      assert.deepEqual(r.text, [["#REF!", "#DIV/0!", "#NAME?", ""]]);
    });
  });

  it("computes simple formulas; formulas returns the formula text; unknown functions use the cached value", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "数据"] });
    fake.setValues("Sheet1", "A1", [[10, 4, 3]]);
    fake.setValues("数据", "A1", [[100]]);
    fake.setCell("Sheet1!D1", { formula: "=A1+B1-C1" });
    fake.setCell("Sheet1!E1", { formula: "=sum(a1:c1)" });
    fake.setCell("Sheet1!F1", { formula: "=数据!A1*2" });
    fake.setCell("Sheet1!G1", { formula: "=XLOOKUP(1,A1:C1,A1:C1)", value: 99 });
    fake.setCell("Sheet1!H1", { formula: '=IF(D1>10,"big","small")&"!"' });
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("D1:H1").load("values, formulas");
      await context.sync();
      assert.deepEqual(r.values, [[11, 17, 200, 99, "big!"]]);
      assert.deepEqual(r.formulas, [
        [
          "=A1+B1-C1",
          "=SUM(A1:C1)",
          "=数据!A1*2",
          "=XLOOKUP(1,A1:C1,A1:C1)",
          '=IF(D1>10,"big","small")&"!"',
        ],
      ]);
      sheet1(context).getRange("A1").values = [[20]];
      r.load("values");
      await context.sync();
      assert.deepEqual(r.values[0].slice(0, 2), [21, 27], "recomputed after the input changed");
    });
  });

  it("a scalar formula written to a range fills with relative references", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [[1], [2], [3]]);
    await fake.Excel.run(async (context) => {
      (sheet1(context).getRange("B1:B3") as { formulas: unknown }).formulas = "=A1*$A$1*10";
      await context.sync();
    });
    assert.deepEqual(fake.formulas("Sheet1!B1:B3"), [
      ["=A1*$A$1*10"],
      ["=A2*$A$1*10"],
      ["=A3*$A$1*10"],
    ]);
    assert.deepEqual(fake.values("Sheet1!B1:B3"), [[10], [20], [30]]);
  });

  it("number formats drive text", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [[1234.567, 0.256, 12, -5, 1 / 3, "abc"]]);
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:F1");
      r.numberFormat = [["#,##0.00", "0.0%", "0", "0;(0)", "General", "@"]];
      await context.sync();
      r.load("text, numberFormat, values");
      await context.sync();
      assert.deepEqual(r.text, [["1,234.57", "25.6%", "12", "(5)", "0.333333333", "abc"]]);
      assert.deepEqual(r.numberFormat, [["#,##0.00", "0.0%", "0", "0;(0)", "General", "@"]]);
      assert.equal(r.values[0][0], 1234.567, "formatting does not change the value");
    });
  });

  it("getCell / getOffsetRange / getResizedRange / getBoundingRect / getIntersection / entire row", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const base = sheet1(context).getRange("B2:C3");
      const list = [
        base.getCell(1, 1),
        base.getOffsetRange(1, 2),
        base.getResizedRange(1, -1),
        base.getBoundingRect("E5"),
        base.getIntersection("C3:D4"),
        base.getEntireRow(),
        base.getEntireColumn(),
        base.getLastRow(),
        base.getRowsBelow(2),
        sheet1(context).getRangeByIndexes(4, 0, 2, 3),
        sheet1(context).getCell(0, 27),
      ].map((r) => r.load("address"));
      const none = base.getIntersectionOrNullObject("Z9");
      await context.sync();
      assert.deepEqual(
        list.map((r) => r.address),
        [
          "Sheet1!C3",
          "Sheet1!D3:E4",
          "Sheet1!B2:B4",
          "Sheet1!B2:E5",
          "Sheet1!C3",
          "Sheet1!2:3",
          "Sheet1!B:C",
          "Sheet1!B3:C3",
          "Sheet1!B4:C5",
          "Sheet1!A5:C6",
          "Sheet1!AB1",
        ]
      );
      assert.equal(none.isNullObject, true);
      base.getOffsetRange(-5, 0).load("address");
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
  });

  it("used range ignores empty sheets (OrNullObject) and can consider values only", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const empty = sheet1(context).getUsedRangeOrNullObject();
      const fallback = sheet1(context).getUsedRange().load("address");
      await context.sync();
      assert.equal(empty.isNullObject, true);
      assert.equal(fallback.address, "Sheet1!A1");
    });
    fake.setValues("Sheet1", "B2", [
      [1, 2],
      [3, 4],
    ]);
    fake.setCell("Sheet1!E7", { fill: "#FF0000" });
    await fake.Excel.run(async (context) => {
      const all = sheet1(context).getUsedRange().load("address");
      const values = sheet1(context).getUsedRange(true).load("address");
      await context.sync();
      assert.equal(all.address, "Sheet1!B2:E7");
      assert.equal(values.address, "Sheet1!B2:C3");
    });
  });

  it("select() records the selection; getSelectedRange reads it", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "Sheet2"] });
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet2").getRange("C4:D5").select();
      await context.sync();
      const sel = context.workbook.getSelectedRange().load("address");
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      assert.equal(sel.address, "Sheet2!C4:D5");
      assert.equal(active.name, "Sheet2");
    });
    assert.deepEqual(fake.selection(), { sheet: "Sheet2", address: "C4:D5" });
  });

  it("find locates text, findOrNullObject reports absence", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [
      ["项目", "数量"],
      ["收到申请", 12],
    ]);
    await fake.Excel.run(async (context) => {
      const hit = sheet1(context)
        .getRange("A1:B2")
        .find("申请", { completeMatch: false })
        .load("address");
      const miss = sheet1(context).getRange("A1:B2").findOrNullObject("不存在", {});
      await context.sync();
      assert.equal(hit.address, "Sheet1!A2");
      assert.equal(miss.isNullObject, true);
    });
  });
});

describe("fake-excel: formats", () => {
  it("reads per range: equal cells give the value, mixed cells give null", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", {
      fill: "#FF0000",
      font: { bold: true, color: "#0000FF" },
      wrapText: true,
    });
    fake.setCell("Sheet1!B1", { fill: "#FF0000", font: { bold: false, color: "#0000FF" } });
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:B1");
      r.load(
        "format/fill/color, format/font/bold, format/font/color, format/font/size, format/font/name, format/wrapText, format/horizontalAlignment"
      );
      const empty = sheet1(context).getRange("C1").load("format/fill/color");
      await context.sync();
      assert.equal(r.format.fill.color, "#FF0000");
      assert.equal(r.format.font.bold, null);
      assert.equal(r.format.font.color, "#0000FF");
      assert.equal(r.format.font.size, 11);
      assert.equal(r.format.font.name, "Calibri");
      assert.equal(r.format.wrapText, null);
      assert.equal(r.format.horizontalAlignment, "General");
      assert.equal(empty.format.fill.color, "#FFFFFF", "no fill reads as white");
    });
  });

  it("fill.clear() removes the fill; colour names are normalized; bad colours fail at sync", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:B2");
      r.format.fill.color = "yellow";
      r.format.font.color = "#f00";
      await context.sync();
      assert.equal(fake.cell("B2").fill, "#FFFF00");
      assert.equal(fake.cell("B2").font.color, "#FF0000");
      r.format.fill.clear();
      await context.sync();
      assert.equal(fake.cell("B2").fill, null);
      r.format.fill.color = "not-a-colour";
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
  });

  it("borders: edges and inside lines per BorderIndex", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:B2");
      const top = r.format.borders.getItem("EdgeTop");
      top.style = "Continuous";
      top.color = "#FF0000";
      top.weight = "Medium";
      r.format.borders.getItem("InsideHorizontal").style = "Dash";
      await context.sync();
      const read = r.format.borders.getItem("EdgeTop").load("style, color, weight");
      const bottom = r.format.borders.getItem("EdgeBottom").load("style");
      const items = r.format.borders.load("items/sideIndex, items/style");
      await context.sync();
      assert.deepEqual([read.style, read.color, read.weight], ["Continuous", "#FF0000", "Medium"]);
      assert.equal(bottom.style, "None");
      assert.equal(items.items.find((b) => b.sideIndex === "InsideHorizontal")?.style, "Dash");
    });
    assert.deepEqual(fake.cell("A1").borders, {
      top: { style: "Continuous", color: "#FF0000", weight: "Medium" },
      bottom: { style: "Dash", color: "#000000", weight: "Thin" },
    });
    assert.deepEqual(fake.cell("B2").borders, {
      top: { style: "Dash", color: "#000000", weight: "Thin" },
    });
  });

  it("columnWidth / rowHeight apply to whole columns/rows and read null when mixed", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("B1").format.columnWidth = 120;
      sheet1(context).getRange("A3").format.rowHeight = 30;
      await context.sync();
      const ab = sheet1(context).getRange("A1:B1").load("format/columnWidth");
      const b = sheet1(context).getRange("B5:B9").load("format/columnWidth");
      const row = sheet1(context).getRange("C3").load("format/rowHeight");
      await context.sync();
      assert.equal(ab.format.columnWidth, null);
      assert.equal(b.format.columnWidth, 120);
      assert.equal(row.format.rowHeight, 30);
    });
    assert.equal(fake.columnWidth("Sheet1", "B"), 120);
    assert.equal(fake.rowHeight("Sheet1", 3), 30);
  });

  it("merge / unmerge / getMergedAreasOrNullObject", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [["keep", "lost"]]);
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A1:B2").merge();
      sheet1(context).getRange("D1:E2").merge(true);
      await context.sync();
      const areas = sheet1(context)
        .getRange("A1:F5")
        .getMergedAreasOrNullObject()
        .load("address, areaCount");
      const none = sheet1(context).getRange("H1:H2").getMergedAreasOrNullObject();
      await context.sync();
      assert.equal(areas.address, "Sheet1!A1:B2, Sheet1!D1:E1, Sheet1!D2:E2");
      assert.equal(areas.areaCount, 3);
      assert.equal(none.isNullObject, true);
      sheet1(context).getRange("D1").unmerge();
      await context.sync();
    });
    assert.deepEqual(fake.merges("Sheet1"), ["A1:B2", "D2:E2"]);
    assert.deepEqual(
      fake.values("Sheet1!A1:B1"),
      [["keep", ""]],
      "only the top-left value survives a merge"
    );
    assert.equal(fake.cell("B2").merge, "A1:B2");
  });

  it("clear(Formats) resets formatting and unmerges; clear(Contents) keeps formats", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", { value: 1, fill: "#00FF00", numberFormat: "0.00" });
    fake.setCell("Sheet1!B1", { value: 2, fill: "#00FF00" });
    fake.merge("Sheet1!C1:D1");
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A1").clear("Contents");
      sheet1(context).getRange("B1:D1").clear(fake.Excel.ClearApplyTo.formats);
      await context.sync();
    });
    assert.deepEqual(
      [fake.cell("A1").value, fake.cell("A1").fill, fake.cell("A1").numberFormat],
      ["", "#00FF00", "0.00"]
    );
    assert.deepEqual([fake.cell("B1").value, fake.cell("B1").fill], [2, null]);
    assert.deepEqual(fake.merges("Sheet1"), []);
  });

  it("snapshot() makes restoring formatting exactly assertable", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [
      ["项目", 1],
      ["合计", "=B1"],
    ]);
    fake.setCell("Sheet1!A1:B1", { fill: "#DDEBF7", font: { bold: true } });
    const before = fake.snapshot("Sheet1");
    await fake.Excel.run(async (context) => {
      const r = sheet1(context).getRange("A1:B2");
      r.load("format/fill/color, format/font/bold");
      await context.sync();
      const saved = { color: r.format.fill.color, bold: r.format.font.bold };
      r.format.fill.color = "#FFC7CE";
      r.format.font.bold = false;
      await context.sync();
      assert.notDeepEqual(fake.snapshot("Sheet1"), before);
      // Restoring from a mixed read (null) would be a bug: the fake makes it visible.
      assert.deepEqual(saved, { color: null, bold: null });
      sheet1(context).getRange("A1:B1").format.fill.color = "#DDEBF7";
      sheet1(context).getRange("A1:B1").format.font.bold = true;
      sheet1(context).getRange("A2:B2").format.fill.clear();
      sheet1(context).getRange("A2:B2").format.font.bold = false;
      await context.sync();
    });
    assert.deepEqual(fake.snapshot("Sheet1"), before);
  });
});

describe("fake-excel: inserting and deleting rows", () => {
  it("insert rows shifts values, formulas, merges, formats, row heights and names", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "A1", [["title"], [1], [2], ["=SUM(A2:A3)"]]);
    fake.setCell("Sheet1!A2:B2", { fill: "#FFFF00" });
    fake.setCell("Sheet1!A3", { note: "check me" });
    fake.merge("Sheet1!A5:B6");
    fake.addName("TotalCell", "=Sheet1!$A$4");
    fake.addName("Data", "=Sheet1!$A$2:$A$3");
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A3").format.rowHeight = 25;
      sheet1(context).getRange("3:4").insert(fake.Excel.InsertShiftDirection.down);
      await context.sync();
      const total = context.workbook.names.getItem("TotalCell").getRange().load("address, values");
      const data = context.workbook.names.getItem("Data").getRange().load("address");
      await context.sync();
      assert.equal(total.address, "Sheet1!A6");
      assert.deepEqual(total.values, [[3]]);
      assert.equal(data.address, "Sheet1!A2:A5", "an insertion inside a named range expands it");
    });
    assert.deepEqual(fake.values("Sheet1!A1:A6"), [["title"], [1], [""], [""], [2], [3]]);
    assert.equal(fake.cell("A6").formula, "=SUM(A2:A5)");
    assert.deepEqual(fake.merges("Sheet1"), ["A7:B8"]);
    assert.equal(fake.cell("A5").note?.content, "check me");
    assert.equal(fake.cell("B3").fill, "#FFFF00", "inserted rows take the format of the row above");
    assert.equal(fake.rowHeight("Sheet1", 5), 25, "row height moved with its row");
    assert.equal(fake.cell("A5").fill, null);
  });

  it("getEntireRow().insert and delete('Up') shift, and deleted references become #REF!", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "Other"] });
    fake.setValues("Sheet1", "A1", [[1], [2], [3]]);
    fake.setCell("Other!A1", { formula: "=Sheet1!A3*2" });
    fake.setCell("Other!A2", { formula: "=Sheet1!A2" });
    fake.addName("Second", "=Sheet1!$A$2");
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("A1").getEntireRow().insert("Down");
      await context.sync();
      assert.equal(fake.cell("Other!A1").formula, "=Sheet1!A4*2");
      sheet1(context).getRange("3:3").delete("Up"); // the row that holds 2
      await context.sync();
      const name = context.workbook.names.getItem("Second").load("type, value, formula");
      await context.sync();
      assert.deepEqual([name.type, name.formula], ["Error", "=Sheet1!#REF!"]);
    });
    assert.deepEqual(fake.values("Sheet1!A1:A3"), [[""], [1], [3]]);
    assert.equal(fake.cell("Other!A1").formula, "=Sheet1!A3*2");
    assert.equal(fake.cell("Other!A1").value, 6);
    assert.equal(fake.cell("Other!A2").formula, "=Sheet1!#REF!");
    assert.equal(fake.cell("Other!A2").value, "#REF!");
  });

  it("inserting cells that would split a merged area fails with InsertDeleteConflict", async () => {
    const fake = createFakeExcel();
    fake.merge("Sheet1!A5:C5");
    await fake.Excel.run(async (context) => {
      sheet1(context).getRange("B2:B3").insert("Down");
      await assert.rejects(context.sync(), { code: "InsertDeleteConflict" });
    });
    assert.deepEqual(fake.merges("Sheet1"), ["A5:C5"]);
  });
});
