import assert from "node:assert/strict";
import { createFakeExcel } from "./index";

describe("fake-excel: load / sync semantics", () => {
  it("reading a property without load throws PropertyNotLoaded", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", 42);
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => range.values, { code: "PropertyNotLoaded", name: "RichApi.Error" });
      assert.throws(
        // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
        () => range.values,
        /The property 'values' is not available\. Before reading the property's value, call the load method/
      );
      await context.sync();
      assert.throws(
        // eslint-disable-next-line office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
        () => range.values,
        { code: "PropertyNotLoaded" },
        "a sync alone does not load anything"
      );
    });
  });

  it("load without sync throws; load + sync works; other properties stay unloaded", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", 42);
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.load("values");
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => range.values, { code: "PropertyNotLoaded" });
      await context.sync();
      assert.deepEqual(range.values, [[42]]);
      // eslint-disable-next-line office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => range.address, { code: "PropertyNotLoaded" });
    });
  });

  it("forgetting to await sync is caught: nothing is loaded or applied yet", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [[1]];
      range.load("address");
      const pending = context.sync(); // no await
      assert.throws(() => range.address, { code: "PropertyNotLoaded" });
      assert.equal(fake.cell("A1").value, "", "write not applied before the round trip completes");
      await pending;
      assert.equal(range.address, "Sheet1!A1");
      assert.equal(fake.cell("A1").value, 1);
    });
  });

  it("accepts the string, array, path and object forms of load", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", { value: 5, font: { bold: true }, fill: "#FF0000" });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const a = sheet.getRange("A1").load("values, address");
      const b = sheet.getRange("A1").load(["rowIndex", "format/font/bold"]);
      const c = sheet.getRange("A1").load({ select: "columnIndex,format/fill/color" });
      const d = sheet
        .getRange("A1")
        .load({ numberFormat: true, format: { font: { color: true } } });
      const e = sheet.getRange("A1").load();
      await context.sync();
      assert.deepEqual([a.values, a.address], [[[5]], "Sheet1!A1"]);
      assert.deepEqual([b.rowIndex, b.format.font.bold], [0, true]);
      assert.deepEqual([c.columnIndex, c.format.fill.color], [0, "#FF0000"]);
      assert.deepEqual([d.numberFormat, d.format.font.color], [[["General"]], "#000000"]);
      assert.deepEqual([e.values, e.address, e.text], [[[5]], "Sheet1!A1", [["5"]]]);
      assert.throws(
        () => e.format.font.bold,
        { code: "PropertyNotLoaded" },
        "load() loads scalar properties only"
      );
    });
  });

  it("a write is queued: invisible in the workbook before sync, visible after", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      range.values = [["x", 2]];
      range.format.fill.color = "#FFFF00";
      assert.equal(fake.cell("A1").value, "");
      assert.equal(fake.cell("A1").fill, null);
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- a value set on the proxy is readable at once (what this test checks)
      assert.deepEqual(range.values, [["x", 2]], "a value you set is readable on the proxy");
      await context.sync();
      assert.deepEqual(fake.values("Sheet1!A1:B1"), [["x", 2]]);
      assert.equal(fake.cell("B1").fill, "#FFFF00");
    });
  });

  it("loaded values are snapshots taken in batch order", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!A1", 1);
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      const before = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      range.values = [[2]];
      const after = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      await context.sync();
      assert.deepEqual(before.values, [[1]]);
      assert.deepEqual(after.values, [[2]]);
      fake.setCell("Sheet1!A1", 3);
      assert.deepEqual(after.values, [[2]], "not live: needs another load + sync");
    });
  });

  it("counts syncs deterministically, including Excel.run's final flush", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      await context.sync();
      await context.sync();
    });
    assert.equal(fake.syncCount(), 2, "no flush when nothing is pending");
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
    });
    assert.equal(fake.syncCount(), 3, "pending writes are flushed by one more round trip");
    assert.equal(fake.cell("A1").value, 1);
    fake.resetSyncCount();
    assert.equal(fake.syncCount(), 0);
    fake.setCell("Sheet1!B1", 2);
    assert.equal(fake.syncCount(), 0, "preparation helpers do not count");
    assert.equal(fake.runCount(), 2);
  });

  it("getItem of a missing sheet fails at sync (not at the call) with ItemNotFound", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Nope"); // no throw here
      sheet.getRange("A1").values = [[1]];
      await assert.rejects(
        context.sync(),
        (e: Error & { code: string; debugInfo: { errorLocation: string } }) => {
          assert.equal(e.code, "ItemNotFound");
          assert.equal(e.message, "The requested resource doesn't exist.");
          assert.equal(e.debugInfo.errorLocation, "WorksheetCollection.getItem");
          return true;
        }
      );
    });
  });

  it("a failing action stops the batch: earlier actions stay, later ones are dropped, loads are not delivered", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const loaded = sheet.getRange("A1").load("values");
      sheet.getRange("A1").values = [["before"]];
      context.workbook.worksheets.getItem("Missing").load("name");
      sheet.getRange("A2").values = [["after"]];
      await assert.rejects(context.sync(), { code: "ItemNotFound" });
      assert.equal(fake.cell("A1").value, "before");
      assert.equal(fake.cell("A2").value, "");
      assert.throws(() => loaded.values, { code: "PropertyNotLoaded" });
    });
  });

  it("getItemOrNullObject exposes isNullObject after the next sync, without load", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Data");
      const present = context.workbook.worksheets.getItemOrNullObject("Sheet1");
      // eslint-disable-next-line office-addins/call-sync-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => missing.isNullObject, { code: "PropertyNotLoaded" });
      await context.sync();
      assert.equal(missing.isNullObject, true);
      assert.equal(present.isNullObject, false);
      missing.getRange("A1").values = [[1]]; // ignored on a null object
      await context.sync();
      const added = context.workbook.worksheets.add("Data");
      added.load("name, position");
      await context.sync();
      assert.deepEqual([added.name, added.position], ["Data", 1]);
    });
  });

  it("ClientResult.value throws until the sync", async () => {
    const fake = createFakeExcel({ sheets: ["A", "B"] });
    await fake.Excel.run(async (context) => {
      const count = context.workbook.worksheets.getCount();
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => count.value, { code: "ValueNotLoaded" });
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      assert.equal(count.value, 2);
    });
  });

  it("collections: items need load('items/...') + sync", async () => {
    const fake = createFakeExcel({ sheets: ["A", "B", "C"] });
    await fake.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      assert.throws(() => sheets.items, { code: "PropertyNotLoaded" });
      sheets.load("items/name");
      await context.sync();
      assert.deepEqual(
        sheets.items.map((s) => s.name),
        ["A", "B", "C"]
      );
      assert.throws(() => sheets.items[0].position, { code: "PropertyNotLoaded" });
      sheets.load("name, position");
      await context.sync();
      assert.deepEqual(
        sheets.items.map((s) => s.position),
        [0, 1, 2]
      );
    });
  });

  it("Excel.run rejects a batch that does not return a promise", async () => {
    const fake = createFakeExcel();
    // A plain (non-async) batch that forgets to return context.sync().
    const batch = ((context: Excel.RequestContext) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
    }) as unknown as (c: Excel.RequestContext) => Promise<void>;
    await assert.rejects(fake.Excel.run(batch), { code: "RunMustReturnPromise" });
    assert.equal(fake.cell("A1").value, "");
  });

  it("a context cannot be used after its Excel.run completed", async () => {
    const fake = createFakeExcel();
    let leaked!: Excel.Range;
    await fake.Excel.run(async (context) => {
      leaked = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
      await context.sync();
    });
    assert.equal(leaked.address, "Sheet1!A1", "loaded values remain readable");
    assert.throws(() => (leaked.values = [[1]]), { code: "InvalidRequestContext" });
  });

  it("Excel.run(object, batch) continues on the object's context", async () => {
    const fake = createFakeExcel();
    let range!: Excel.Range;
    await fake.Excel.run(async (context) => {
      range = context.workbook.worksheets.getItem("Sheet1").getRange("B2");
      await context.sync();
    });
    await fake.Excel.run(range, async (context) => {
      range.values = [["again"]];
      await context.sync();
    });
    assert.equal(fake.cell("B2").value, "again");
  });

  it("install() provides the Excel and OfficeExtension globals", async () => {
    const fake = createFakeExcel();
    const g = globalThis as unknown as { Excel?: unknown; OfficeExtension?: unknown };
    const uninstall = fake.install();
    try {
      await Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [
          [Excel.SheetVisibility.visible],
        ];
        context.workbook.worksheets.getItem("Nope").load("name");
        try {
          await context.sync();
          assert.fail("expected ItemNotFound");
        } catch (e) {
          assert.ok(e instanceof OfficeExtension.Error);
          assert.equal((e as OfficeExtension.Error).code, Excel.ErrorCodes.itemNotFound);
        }
      });
    } finally {
      uninstall();
    }
    assert.equal(g.Excel, undefined);
    assert.equal(fake.cell("A1").value, "Visible");
  });

  it("failNextSync injects a host error", async () => {
    const fake = createFakeExcel();
    fake.failNextSync("GeneralException");
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await assert.rejects(context.sync(), { code: "GeneralException" });
    });
    assert.equal(fake.cell("A1").value, "");
  });

  it("records applied writes", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      r.load("values");
      await context.sync();
      assert.deepEqual(fake.writes(), [], "loads are not writes");
      r.format.font.bold = true;
      r.merge();
      await context.sync();
    });
    assert.deepEqual(
      fake.writes().map((w) => [w.op, w.target]),
      [
        ["RangeFont.bold", "Sheet1!A1:B2"],
        ["Range.merge", "Sheet1!A1:B2"],
      ]
    );
  });
});
