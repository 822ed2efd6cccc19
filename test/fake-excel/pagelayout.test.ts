import assert from "node:assert/strict";
import { createFakeExcel } from "./index";

describe("fake-excel: Worksheet.pageLayout (ExcelApi 1.9)", () => {
  it("starts portrait at 100% with Excel's normal margins; properties load after the sync", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("Sheet1").pageLayout;
      layout.load("orientation,zoom,leftMargin,topMargin");
      assert.throws(() => layout.orientation, { code: "PropertyNotLoaded" });
      await context.sync();
      assert.equal(layout.orientation, "Portrait");
      assert.deepEqual(layout.zoom, { scale: 100 });
      assert.equal(layout.leftMargin, 50.4);
      assert.equal(layout.topMargin, 54);
    });
  });

  it("A4 landscape, one page wide, centred, print area and margins", async () => {
    const fake = createFakeExcel({ sheets: ["2025年报"] });
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("2025年报").pageLayout;
      layout.orientation = "Landscape";
      layout.paperSize = "A4";
      layout.centerHorizontally = true;
      layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      layout.setPrintArea("A1:R58");
      layout.setPrintMargins("Inches", { left: 0.4, right: 0.4 });
      layout.setPrintTitleRows("$1:$2");
      await context.sync();
      const area = layout.getPrintArea().load("address");
      await context.sync();
      assert.equal(area.address, "'2025年报'!A1:R58");
    });
    const p = fake.pageLayout("2025年报");
    assert.equal(p.orientation, "Landscape");
    assert.equal(p.paperSize, "A4");
    assert.equal(p.centerHorizontally, true);
    assert.deepEqual(p.zoom, { horizontalFitToPages: 1, verticalFitToPages: 0 });
    assert.deepEqual(p.printArea, ["A1:R58"]);
    assert.equal(p.printTitleRows, "1:2");
    assert.ok(Math.abs(p.leftMargin - 28.8) < 1e-9 && Math.abs(p.rightMargin - 28.8) < 1e-9);
    assert.equal(p.topMargin, 54, "margins not given stay as they were");
  });

  it("getPrintArea throws ItemNotFound when none is set; the OrNullObject variant is null", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("Sheet1").pageLayout;
      const none = layout.getPrintAreaOrNullObject();
      await context.sync();
      assert.equal(none.isNullObject, true);
      layout.getPrintArea().load("address");
      await assert.rejects(context.sync(), { code: "ItemNotFound" });
    });
  });

  it("invalid values fail at sync with InvalidArgument", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("Sheet1").pageLayout;
      (layout as unknown as { orientation: string }).orientation = "Sideways";
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      layout.zoom = { scale: 5 };
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      layout.zoom = { scale: 80, horizontalFitToPages: 1 };
      await assert.rejects(
        context.sync(),
        { code: "InvalidArgument" },
        "a scale and a fit cannot both be given"
      );
      layout.leftMargin = -1;
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
    });
    assert.equal(fake.pageLayout("Sheet1").orientation, "Portrait");
  });
});
