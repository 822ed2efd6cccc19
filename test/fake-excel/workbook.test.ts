import assert from "node:assert/strict";
import { createFakeExcel } from "./index";

describe("fake-excel: worksheets", () => {
  it("add, rename, move, delete; duplicate names fail at sync", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const data = sheets.add("数据");
      sheets.add(); // default name
      await context.sync();
      assert.deepEqual(fake.sheetNames(), ["Sheet1", "数据", "Sheet3"]);
      data.name = "2025年报";
      data.position = 0;
      await context.sync();
      assert.deepEqual(fake.sheetNames(), ["2025年报", "Sheet1", "Sheet3"]);
      data.load("name, position");
      await context.sync();
      assert.deepEqual(
        [data.name, data.position],
        ["2025年报", 0],
        "the proxy follows its sheet through the rename"
      );
      sheets.add("sheet1");
      await assert.rejects(context.sync(), { code: "ItemAlreadyExists" });
      sheets.getItem("Sheet3").name = "2025年报";
      await assert.rejects(context.sync(), { code: "ItemAlreadyExists" });
      sheets.add("bad:name");
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      sheets.getItem("Sheet3").delete();
      await context.sync();
      data.delete();
      data.load("name");
      await assert.rejects(
        context.sync(),
        { code: "ItemNotFound" },
        "a deleted sheet's proxy is dead"
      );
    });
    assert.deepEqual(fake.sheetNames(), ["Sheet1"]);
  });

  it("the last visible sheet cannot be deleted", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").delete();
      await assert.rejects(context.sync(), { code: "InvalidOperation" });
    });
  });

  it("getActiveWorksheet / activate", async () => {
    const fake = createFakeExcel({ sheets: ["A", "B"] });
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("B").activate();
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      assert.equal(active.name, "B");
    });
    assert.equal(fake.activeSheet(), "B");
  });
});

describe("fake-excel: protection", () => {
  it("writing to a protected sheet fails at sync with AccessDenied", async () => {
    const fake = createFakeExcel();
    fake.protect("Sheet1");
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const protection = sheet.protection.load("protected");
      await context.sync();
      assert.equal(protection.protected, true);
      sheet.getRange("A1").values = [[1]];
      await assert.rejects(context.sync(), { code: "AccessDenied", name: "RichApi.Error" });
      sheet.getRange("A1").format.fill.color = "#FF0000";
      await assert.rejects(context.sync(), { code: "AccessDenied" });
      sheet.getRange("2:2").insert("Down");
      await assert.rejects(context.sync(), { code: "AccessDenied" });
      context.workbook.comments.add("Sheet1!A1", "x");
      await assert.rejects(context.sync(), { code: "AccessDenied" });
      const read = sheet.getRange("A1").load("values");
      await context.sync();
      assert.deepEqual(read.values, [[""]], "reads still work");
    });
    assert.equal(fake.cell("A1").value, "");
    assert.equal(fake.cell("A1").fill, null);
  });

  it("unlocked cells stay editable; protect options allow formatting; unprotect restores", async () => {
    const fake = createFakeExcel();
    fake.setCell("Sheet1!B2", { locked: false });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.protection.protect({ allowFormatCells: true });
      sheet.getRange("B2").values = [["ok"]];
      sheet.getRange("A1").format.font.bold = true;
      await context.sync();
      sheet.getRange("B2").format.protection.locked = true;
      await assert.rejects(
        context.sync(),
        { code: "AccessDenied" },
        "locking cannot change while protected"
      );
      sheet.protection.protect();
      await assert.rejects(context.sync(), { code: "AccessDenied" }, "already protected");
      sheet.protection.unprotect();
      sheet.getRange("A1").values = [["free"]];
      await context.sync();
    });
    assert.equal(fake.cell("B2").value, "ok");
    assert.equal(fake.cell("A1").font.bold, true);
    assert.equal(fake.cell("A1").value, "free");
    assert.equal(fake.isProtected("Sheet1"), false);
  });
});

describe("fake-excel: names", () => {
  it("names.add with a Range or a formula; getItem().getRange(); items", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "2025年报"] });
    fake.setValues("2025年报", "A1", [
      [1, 2],
      [3, 4],
    ]);
    await fake.Excel.run(async (context) => {
      const report = context.workbook.worksheets.getItem("2025年报");
      context.workbook.names.add("TableOne", report.getRange("A1:B2"), "table 1");
      context.workbook.names.add("Rate", "=0.5");
      report.names.add("Local", "=A1");
      await context.sync();
      const r = context.workbook.names.getItem("tableone").getRange().load("address, values");
      const items = context.workbook.names.load(
        "items/name, items/formula, items/type, items/value"
      );
      const local = report.names.getItem("Local").load("formula, scope");
      const missing = context.workbook.names.getItemOrNullObject("Nope");
      await context.sync();
      assert.equal(r.address, "'2025年报'!A1:B2");
      assert.deepEqual(r.values, [
        [1, 2],
        [3, 4],
      ]);
      assert.deepEqual(
        items.items.map((n) => [n.name, n.formula, n.type, n.value]),
        [
          ["TableOne", "='2025年报'!$A$1:$B$2", "Range", "'2025年报'!$A$1:$B$2"],
          ["Rate", "=0.5", "Double", 0.5],
        ]
      );
      assert.deepEqual([local.formula, local.scope], ["='2025年报'!A1", "Worksheet"]);
      assert.equal(missing.isNullObject, true);
      context.workbook.names.add("TableOne", "=1");
      await assert.rejects(context.sync(), { code: "ItemAlreadyExists" });
      context.workbook.names.add("A1", "=1");
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      context.workbook.names.getItem("Nope").load("name");
      await assert.rejects(context.sync(), { code: "ItemNotFound" });
    });
  });

  it("renaming a sheet keeps names and formulas pointing at it", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "Summary"] });
    fake.setValues("Sheet1", "B2", [[42]]);
    fake.addName("Answer", "=Sheet1!$B$2");
    fake.setCell("Summary!A1", { formula: "=Sheet1!B2+1" });
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").name = "2025 数据";
      await context.sync();
      const r = context.workbook.names.getItem("Answer").getRange().load("address, values");
      await context.sync();
      assert.equal(r.address, "'2025 数据'!B2");
      assert.deepEqual(r.values, [[42]]);
    });
    assert.deepEqual(
      fake.names().map((n) => n.formula),
      ["='2025 数据'!$B$2"]
    );
    assert.equal(fake.cell("Summary!A1").formula, "='2025 数据'!B2+1");
    assert.equal(fake.cell("Summary!A1").value, 43);
  });

  it("deleting a name; a deleted sheet turns its names into #REF!", async () => {
    const fake = createFakeExcel({ sheets: ["Sheet1", "Temp"] });
    fake.addName("Gone", "=Temp!$A$1");
    fake.addName("Stay", "=Sheet1!$A$1");
    await fake.Excel.run(async (context) => {
      context.workbook.names.getItem("Stay").delete();
      context.workbook.worksheets.getItem("Temp").delete();
      await context.sync();
      const gone = context.workbook.names.getItem("Gone").load("type, formula");
      const range = context.workbook.names.getItem("Gone").getRangeOrNullObject();
      await context.sync();
      assert.deepEqual([gone.type, gone.formula], ["Error", "=#REF!"]);
      assert.equal(range.isNullObject, true);
    });
    assert.deepEqual(
      fake.names().map((n) => n.name),
      ["Gone"]
    );
  });
});

describe("fake-excel: comments and notes", () => {
  it("comments: add, read by cell, edit, delete", async () => {
    const fake = createFakeExcel({
      sheets: ["Sheet1", "2025年报"],
      author: { name: "年报助手", email: "bot@example.com" },
    });
    await fake.Excel.run(async (context) => {
      const added = context.workbook.comments.add("'2025年报'!B3", "应为整数");
      added.load("id, content, authorName");
      await context.sync();
      assert.deepEqual([added.content, added.authorName], ["应为整数", "年报助手"]);
      const byCell = context.workbook.comments.getItemByCell("'2025年报'!B3");
      byCell.content = "应为非负整数";
      const loc = byCell.getLocation().load("address");
      const all = context.workbook.worksheets.getItem("2025年报").comments.load("items/content");
      const count = context.workbook.comments.getCount();
      await context.sync();
      assert.equal(loc.address, "'2025年报'!B3");
      assert.deepEqual(
        all.items.map((c) => c.content),
        ["应为非负整数"]
      );
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      assert.equal(count.value, 1);
      context.workbook.comments.add("'2025年报'!B3", "second");
      await assert.rejects(context.sync(), { code: "InvalidOperation" }, "one comment per cell");
      context.workbook.comments.add("'2025年报'!B3:B4", "range");
      await assert.rejects(context.sync(), { code: "InvalidArgument" }, "single cell only");
      context.workbook.comments.add("B3", "unqualified");
      await assert.rejects(
        context.sync(),
        { code: "InvalidArgument" },
        "workbook comments need the sheet"
      );
      assert.deepEqual(fake.comments(), [
        { address: "'2025年报'!B3", content: "应为非负整数", author: "年报助手", resolved: false },
      ]);
      byCell.delete();
      await context.sync();
      context.workbook.comments.getItemByCell("'2025年报'!B3").load("content");
      await assert.rejects(context.sync(), { code: "ItemNotFound" });
    });
    assert.deepEqual(fake.comments(), []);
  });

  it("notes: add via worksheet or workbook, getItemOrNullObject by address, delete", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.notes.add("C5", "请核对");
      context.workbook.notes.add(sheet.getRange("D6"), "second");
      await context.sync();
      const note = sheet.notes.getItem("C5").load("content, authorName");
      const none = sheet.notes.getItemOrNullObject("A1");
      const items = context.workbook.notes.load("items/content");
      await context.sync();
      assert.equal(note.content, "请核对");
      assert.equal(none.isNullObject, true);
      assert.deepEqual(
        items.items.map((n) => n.content),
        ["请核对", "second"]
      );
      note.delete();
      await context.sync();
    });
    assert.deepEqual(
      fake.notes().map((n) => n.address),
      ["Sheet1!D6"]
    );
    assert.equal(fake.cell("C5").note, null);
  });
});

describe("fake-excel: data validation", () => {
  it("round-trips rule, prompt, errorAlert; clear() removes; mixed ranges read Inconsistent", async () => {
    const fake = createFakeExcel();
    fake.setValues("Sheet1", "B2", [[5], [-1]]);
    await fake.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("B2:B3");
      r.dataValidation.rule = { wholeNumber: { formula1: 0, operator: "GreaterThanOrEqualTo" } };
      r.dataValidation.prompt = { title: "数量", message: "请填写非负整数", showPrompt: true };
      r.dataValidation.errorAlert = {
        title: "错误",
        message: "必须为非负整数",
        showAlert: true,
        style: "Stop",
      };
      await context.sync();
      const dv = r.dataValidation.load("rule, prompt, errorAlert, type, valid, ignoreBlanks");
      const mixed = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("B3:B4")
        .dataValidation.load("type, rule");
      await context.sync();
      assert.deepEqual(dv.rule, {
        wholeNumber: { formula1: 0, operator: "GreaterThanOrEqualTo" },
      });
      assert.deepEqual(dv.prompt, {
        title: "数量",
        message: "请填写非负整数",
        showPrompt: true,
      });
      assert.deepEqual(dv.errorAlert, {
        title: "错误",
        message: "必须为非负整数",
        showAlert: true,
        style: "Stop",
      });
      assert.equal(dv.type, "WholeNumber");
      assert.equal(dv.valid, null, "one valid, one invalid value");
      assert.equal(dv.ignoreBlanks, true);
      assert.deepEqual([mixed.type, mixed.rule], ["Inconsistent", null]);
      r.dataValidation.rule = { decimal: { formula1: 0, operator: "Between" } }; // Between needs formula2
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      r.dataValidation.rule = {
        wholeNumber: { formula1: 0, operator: "GreaterThan" },
        decimal: { formula1: 0, operator: "GreaterThan" },
      };
      await assert.rejects(context.sync(), { code: "InvalidArgument" }, "one rule type at a time");
      r.dataValidation.clear();
      const cleared = r.dataValidation.load("type");
      await context.sync();
      assert.equal(cleared.type, "None");
    });
    assert.equal(fake.cell("B2").validation, null);
  });
});

describe("fake-excel: settings and custom XML parts", () => {
  it("settings: add, getItem, getItemOrNullObject, items, value update, delete", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const settings = context.workbook.settings;
      settings.add("nianbao.format", { year: 2025, format: "2021" });
      settings.add("nianbao.version", 1);
      await context.sync();
      const s = settings.getItem("nianbao.format").load("key, value");
      const missing = settings.getItemOrNullObject("nope");
      const items = settings.load("items/key");
      await context.sync();
      assert.deepEqual(s.value, { year: 2025, format: "2021" });
      assert.equal(missing.isNullObject, true);
      assert.deepEqual(
        items.items.map((x) => x.key),
        ["nianbao.format", "nianbao.version"]
      );
      settings.add("nianbao.version", 2); // add overwrites
      settings.getItem("nianbao.format").delete();
      settings.getItem("gone").load("value");
      await assert.rejects(context.sync(), {
        code: "ItemNotFound",
        debugInfo: {
          code: "ItemNotFound",
          message: "The requested resource doesn't exist.",
          errorLocation: "SettingCollection.getItem",
        },
      });
    });
    assert.deepEqual(fake.settings(), { "nianbao.version": 2 });
  });

  it("custom XML parts: add, getByNamespace, getXml, setXml, delete", async () => {
    const fake = createFakeExcel();
    const NS = "urn:nianbao:meta";
    await fake.Excel.run(async (context) => {
      const parts = context.workbook.customXmlParts;
      const part = parts.add(`<?xml version="1.0"?><meta xmlns="${NS}"><year>2025</year></meta>`);
      parts.add(`<other xmlns="urn:other"/>`);
      part.load("id, namespaceUri");
      await context.sync();
      assert.equal(part.namespaceUri, NS);
      const scoped = parts.getByNamespace(NS).load("items/id");
      const only = parts.getByNamespace(NS).getOnlyItem();
      const xml = only.getXml();
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- deliberately read too early: the fake must throw as office.js does
      assert.throws(() => xml.value, { code: "ValueNotLoaded" });
      await context.sync();
      assert.deepEqual(
        scoped.items.map((p) => p.id),
        [part.id]
      );
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      assert.match(xml.value, /<year>2025<\/year>/);
      only.setXml(`<meta xmlns="${NS}"><year>2026</year></meta>`);
      parts.add("not xml");
      await assert.rejects(context.sync(), { code: "InvalidArgument" });
      parts.getItem(part.id).delete();
      await context.sync();
    });
    assert.deepEqual(
      fake.customXmlParts().map((p) => p.namespaceUri),
      ["urn:other"]
    );
  });
});
