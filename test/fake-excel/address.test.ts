import assert from "node:assert/strict";
import { createFakeExcel, fullAddress, parseAddress, quoteSheet } from "./index";

describe("fake-excel: A1 addresses", () => {
  it("parses cells, ranges, $ and whole rows/columns", () => {
    assert.deepEqual(parseAddress("B3")?.rect, { row: 2, col: 1, rows: 1, cols: 1 });
    assert.deepEqual(parseAddress("$B$3:$C$5")?.rect, { row: 2, col: 1, rows: 3, cols: 2 });
    assert.deepEqual(
      parseAddress("c5:b3")?.rect,
      { row: 2, col: 1, rows: 3, cols: 2 },
      "reversed corners and lower case"
    );
    assert.deepEqual(parseAddress("2:4")?.rect, { row: 1, col: 0, rows: 3, cols: 16384 });
    assert.deepEqual(parseAddress("B:C")?.rect, { row: 0, col: 1, rows: 1048576, cols: 2 });
    assert.equal(parseAddress("XFD1048576")?.rect.col, 16383);
    assert.equal(parseAddress("XFE1"), null, "beyond the last column");
    assert.equal(parseAddress("A0"), null);
    assert.equal(parseAddress("hello world"), null);
  });

  it("parses sheet-qualified addresses, quoted names and escaped quotes", () => {
    assert.equal(parseAddress("Sheet1!A1:B2")?.sheet, "Sheet1");
    const q = parseAddress("'2025年报'!$A$1");
    assert.equal(q?.sheet, "2025年报");
    assert.deepEqual(q?.rect, { row: 0, col: 0, rows: 1, cols: 1 });
    assert.equal(parseAddress("'My Sheet'!C3")?.sheet, "My Sheet");
    assert.equal(parseAddress("'It''s'!A1")?.sheet, "It's");
    assert.equal(parseAddress("年报!A1")?.sheet, "年报");
  });

  it("quotes sheet names the way Excel does in addresses", () => {
    assert.equal(quoteSheet("Sheet1"), "Sheet1");
    assert.equal(quoteSheet("年报"), "年报");
    assert.equal(quoteSheet("2025年报"), "'2025年报'");
    assert.equal(quoteSheet("My Sheet"), "'My Sheet'");
    assert.equal(quoteSheet("It's"), "'It''s'");
    assert.equal(quoteSheet("A1"), "'A1'", "looks like a cell reference");
    assert.equal(fullAddress("Sheet1", { row: 0, col: 0, rows: 2, cols: 2 }), "Sheet1!A1:B2");
    assert.equal(fullAddress("Sheet1", { row: 2, col: 0, rows: 1, cols: 16384 }), "Sheet1!3:3");
  });

  it("Range.address is sheet-qualified and quoted when needed", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "2025年报", "My Sheet"] });
    await fake.Excel.run(async (context) => {
      const a = context.workbook.worksheets.getItem("Sheet1").getRange("$b$2:c3").load("address");
      const b = context.workbook.worksheets
        .getItem("2025年报")
        .getRange("'2025年报'!A1")
        .load("address");
      const c = context.workbook.worksheets
        .getItem("My Sheet")
        .getRange("2:3")
        .load("address, rowIndex, columnIndex, rowCount, columnCount");
      const d = context.workbook.worksheets.getItem("Sheet1").getRange("C:C").load("address");
      await context.sync();
      assert.equal(a.address, "Sheet1!B2:C3");
      assert.equal(b.address, "'2025年报'!A1");
      assert.equal(c.address, "'My Sheet'!2:3");
      assert.deepEqual([c.rowIndex, c.columnIndex, c.rowCount, c.columnCount], [1, 0, 2, 16384]);
      assert.equal(d.address, "Sheet1!C:C");
    });
  });

  it("a malformed address or another sheet's address fails at sync with InvalidArgument", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "Sheet2"] });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const bad = sheet.getRange("A1:").load("address"); // no throw at the call
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      void bad;
      sheet.getRange("Sheet2!A1").load("address");
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
  });
});
