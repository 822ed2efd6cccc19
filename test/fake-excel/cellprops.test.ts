import assert from "node:assert/strict";
import { createFakeExcel } from "./index";

describe("fake-excel: getCellProperties / setCellProperties (ExcelApi 1.9)", () => {
  it("getCellProperties returns only the requested properties of every cell, after the sync", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!B2", {
      value: 5,
      fill: "#FFC7CE",
      font: { bold: true, color: "#9C0006" },
    });
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A2:B2");
      const props = range.getCellProperties({
        address: true,
        format: { fill: { color: true, pattern: true }, font: { bold: true, color: true } },
      });
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => props.value, { code: "ValueNotLoaded" });
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      assert.deepEqual(props.value, [
        [
          {
            address: "Sheet1!A2",
            format: {
              fill: { color: "#FFFFFF", pattern: null }, // no fill: white, null pattern (office-js #4900)
              font: { bold: false, color: "#000000" },
            },
          },
          {
            address: "Sheet1!B2",
            format: {
              fill: { color: "#FFC7CE", pattern: "Solid" },
              font: { bold: true, color: "#9C0006" },
            },
          },
        ],
      ]);
    });
  });

  it("reads borders, alignment, wrap and protection per cell", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", {
      borders: { top: { style: "Continuous", color: "#808080" } },
      wrapText: true,
      horizontalAlignment: "Center",
      locked: false,
    });
    await fake.Excel.run(async (context) => {
      const props = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1")
        .getCellProperties({
          format: {
            borders: { style: true, color: true },
            wrapText: true,
            horizontalAlignment: true,
            protection: true,
          },
        });
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      const f = props.value[0][0].format!;
      assert.equal(f.borders!.top!.style, "Continuous");
      assert.equal(f.borders!.top!.color, "#808080");
      assert.equal(f.borders!.bottom!.style, "None");
      assert.equal(f.wrapText, true);
      assert.equal(f.horizontalAlignment, "Center");
      assert.deepEqual(f.protection, { locked: false, formulaHidden: false });
      assert.deepEqual(
        f.borders!.left,
        { style: "None", color: "#000000" },
        "every side answers the requested leaves"
      );
    });
  });

  it("setCellProperties applies per cell; {} leaves a cell alone; pattern None removes a fill", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!B1", { value: "x", fill: "#00FF00", font: { italic: true } });
    const before = fake.snapshot("Sheet1");
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      range.setCellProperties([
        [{ format: { fill: { color: "#FFC7CE" }, font: { color: "#9C0006", bold: true } } }, {}],
      ]);
      await context.sync();
      assert.equal(fake.cell("Sheet1!A1").fill, "#FFC7CE");
      assert.equal(fake.cell("Sheet1!A1").font.bold, true);
      assert.equal(fake.cell("Sheet1!B1").fill, "#00FF00", "{} changes nothing");
      range.setCellProperties([
        [{ format: { fill: { pattern: "None" }, font: { color: "#000000", bold: false } } }, {}],
      ]);
      await context.sync();
    });
    assert.deepEqual(fake.snapshot("Sheet1"), before, "restoring the defaults leaves no trace");
  });

  it("setCellProperties sets borders, alignment and unlocks cells", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1")
        .setCellProperties([
          [
            {
              format: {
                borders: { left: { style: "Continuous", weight: "Thin", color: "#808080" } },
                verticalAlignment: "Center",
                wrapText: true,
                protection: { locked: false },
              },
            },
          ],
        ]);
      await context.sync();
    });
    const c = fake.cell("Sheet1!A1");
    assert.deepEqual(c.borders.left, { style: "Continuous", color: "#808080", weight: "Thin" });
    assert.equal(c.verticalAlignment, "Center");
    assert.equal(c.wrapText, true);
    assert.equal(c.locked, false);
  });

  it("a wrongly sized array or a bad value fails at sync with InvalidArgument", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      range.setCellProperties([[{}]]);
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      range.setCellProperties([[{ format: { fill: { color: "not a colour" } } }, {}]]);
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
    assert.equal(fake.cell("Sheet1!A1").fill, null);
  });

  it("on a protected sheet formatting and unlocking fail with AccessDenied and nothing is applied", async () => {
    const fake = createFakeExcel();
    fake.protect("Sheet1");
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      range.setCellProperties([
        [{ format: { fill: { color: "#FFFF00" } } }, { format: { protection: { locked: false } } }],
      ]);
      await assert.rejects(context.sync(), { code: "AccessDenied" });
    });
    assert.equal(fake.cell("Sheet1!A1").fill, null);
    assert.equal(fake.cell("Sheet1!B1").locked, true);
    fake.unprotect("Sheet1");
    fake.protect("Sheet1", { allowFormatCells: true });
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.setCellProperties([[{ format: { fill: { color: "#FFFF00" } } }]]);
      await context.sync();
      range.setCellProperties([[{ format: { protection: { locked: false } } }]]);
      await assert.rejects(
        context.sync(),
        { code: "AccessDenied" },
        "allowFormatCells does not allow unlocking"
      );
    });
    assert.equal(fake.cell("Sheet1!A1").fill, "#FFFF00");
  });
});
