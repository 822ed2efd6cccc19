import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createFakeExcel } from ".";
import { apiSetOf, blankArgument, HOSTS, isSetSupported } from "./host";

const { build } = require("../../scripts/excel-api-sets.js") as {
  build(source: string): unknown;
};

/** The fake is only as capable as the host it stands for (host.ts). */
describe("fake-excel host profiles", () => {
  it("the requirement-set table is the one @types/office-js tags (regenerate with scripts/excel-api-sets.js)", () => {
    const root = path.join(__dirname, "../..");
    const types = fs.readFileSync(
      path.join(root, "node_modules/@types/office-js/index.d.ts"),
      "utf8"
    );
    const committed = JSON.parse(
      fs.readFileSync(path.join(__dirname, "api-sets.json"), "utf8")
    ) as unknown;
    assert.deepEqual(build(types), committed);
    assert.equal(apiSetOf("Range", "getCellProperties"), "ExcelApi 1.9");
    assert.equal(apiSetOf("Workbook", "comments"), "ExcelApi 1.10");
    assert.equal(apiSetOf("Workbook", "notes"), "ExcelApi 1.18");
    assert.equal(apiSetOf("Worksheet", "getRangeByIndexes"), "ExcelApi 1.7");
  });

  it("isSetSupported answers for the host: Office 2019 has ExcelApi 1.7 and no shared runtime", () => {
    assert.ok(isSetSupported(HOSTS.office2019, "ExcelApi", "1.7"));
    assert.ok(!isSetSupported(HOSTS.office2019, "ExcelApi", "1.8"));
    assert.ok(!isSetSupported(HOSTS.office2019, "SharedRuntime", "1.1"));
    assert.ok(isSetSupported(HOSTS.office2024, "ExcelApi", "1.17"));
    assert.ok(!isSetSupported(HOSTS.office2024, "ExcelApi", "1.18"), "no notes on LTSC 2024");
    assert.ok(isSetSupported(HOSTS.m365, "ExcelApi", "1.18"));
    assert.ok(isSetSupported(HOSTS.office2021, "ExcelApi", "1.10"), "1.10 > 1.9, not 1.1");
    assert.equal(blankArgument(HOSTS.web), null);
    assert.equal(blankArgument(HOSTS.m365), 0);
  });

  it("a call above the host queues fine and fails the sync with ApiNotFound; what came before it is applied", async () => {
    const fake = createFakeExcel({ sheets: ["S"], host: HOSTS.office2019 });
    await assert.rejects(
      fake.Excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem("S").getRange("A1");
        range.values = [[1]];
        const props = range.getCellProperties({ format: { fill: { color: true } } }); // ExcelApi 1.9
        range.getCell(0, 0).values = [[2]];
        await context.sync();
        return props;
      }),
      (e: { code?: string; debugInfo?: { errorLocation?: string } }) => {
        assert.equal(e.code, "ApiNotFound");
        assert.equal(e.debugInfo?.errorLocation, "Range.getCellProperties");
        return true;
      }
    );
    assert.equal(fake.cell("S!A1").value, 1, "the write before the refused call stays applied");
  });

  it("loading a property or using a class above the host fails the sync (comments on ExcelApi 1.7, notes on 1.17)", async () => {
    const old = createFakeExcel({ sheets: ["S"], host: HOSTS.office2019 });
    await assert.rejects(
      old.Excel.run(async (context) => {
        context.workbook.comments.load("items/content");
        await context.sync();
      }),
      { code: "ApiNotFound" }
    );
    await assert.rejects(
      old.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A1").load("format/fill/pattern");
        await context.sync();
      }),
      { code: "ApiNotFound" }
    );
    const ltsc = createFakeExcel({ sheets: ["S"], host: HOSTS.office2024 });
    await assert.rejects(
      ltsc.Excel.run(async (context) => {
        context.workbook.notes.load("items/content");
        await context.sync();
      }),
      { code: "ApiNotFound" }
    );
    await ltsc.Excel.run(async (context) => {
      context.workbook.comments.add("S!A1", "hello", "Plain");
      await context.sync();
    });
    assert.equal(ltsc.comments().length, 1, "comments are there on 1.17");
  });

  it("the host's Office global is installed with the fake and answers isSetSupported", () => {
    const fake = createFakeExcel({ host: HOSTS.office2021 });
    const target: Record<string, unknown> = {};
    const uninstall = fake.install(target);
    const office = target.Office as typeof fake.Office;
    assert.ok(office?.context.requirements.isSetSupported("ExcelApi", "1.14"));
    assert.ok(!office?.context.requirements.isSetSupported("ExcelApi", "1.15"));
    uninstall();
    assert.ok(!("Office" in target));
  });
});

describe("fake-excel: where real Excel differs from the documentation's ideal", () => {
  it("no fill reads #FFFFFF with a null pattern, like white; only tintAndShade tells them apart (office-js #4900, #6218)", async () => {
    const fake = createFakeExcel({ sheets: ["S"] });
    fake.setCell("S!B1", { fill: "#FFFFFF" });
    const props = await fake.Excel.run(async (context) => {
      const p = context.workbook.worksheets
        .getItem("S")
        .getRange("A1:B1")
        .getCellProperties({
          format: { fill: { color: true, pattern: true, tintAndShade: true } },
        });
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult's value, read after the sync (it has no load)
      return p.value;
    });
    assert.deepEqual(props[0][0].format?.fill, {
      color: "#FFFFFF",
      pattern: null,
      tintAndShade: null,
    });
    assert.deepEqual(props[0][1].format?.fill, {
      color: "#FFFFFF",
      pattern: "Solid",
      tintAndShade: 0,
    });
  });

  it("merging a blank area loses the fill and borders set before; merged first, the format stays (office-js #6405, #6557)", async () => {
    const fake = createFakeExcel({ sheets: ["S"] });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      const before = sheet.getRange("A1:A2");
      before.format.fill.color = "#FFFF00";
      before.merge(false);
      const after = sheet.getRange("C1:C2");
      after.merge(false);
      after.format.fill.color = "#FFFF00";
      const labelled = sheet.getRange("E1:E2");
      labelled.values = [["标签"], [""]];
      labelled.format.fill.color = "#FFFF00";
      labelled.merge(false);
      await context.sync();
    });
    assert.equal(fake.cell("S!A1").fill, null, "formatted before merge: lost");
    assert.equal(fake.cell("S!C1").fill, "#FFFF00", "merged first: kept");
    assert.equal(
      fake.cell("S!E1").fill,
      "#FFFF00",
      "a value in the upper-left cell keeps it (#6557)"
    );
  });

  it("comments are attributed to the current user, whatever the add-in (Comment.authorName is read-only)", async () => {
    const fake = createFakeExcel({
      sheets: ["S"],
      author: { name: "张三", email: "z@example.cn" },
    });
    await fake.Excel.run(async (context) => {
      context.workbook.comments.add("S!A1", "【年报助手】", "Plain");
      await context.sync();
    });
    assert.equal(fake.comments()[0].author, "张三");
  });
});
