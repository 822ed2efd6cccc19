import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { a1, tablePlans } from "../../src/layout";
import {
  AdapterError,
  clearMarks,
  COMMENT_MARKER,
  insertTemplate,
  NO_REPORT_MESSAGE,
  tableName,
  validateWorkbook,
} from "../../src/excel";
import { ref } from "../helpers/reports";
import {
  addressOf,
  AGENCY,
  fillSheet,
  flaggedCells,
  goodReport,
  setup,
  tableOrigin,
  typeInto,
} from "./helpers";

async function filled(year = 2025) {
  const { fake, run } = setup();
  const { uid, sheetName } = await insertTemplate(run, {
    format: "2021",
    year,
    agency: AGENCY,
    checks: "formulas",
  });
  const report = goodReport("2021", year);
  fillSheet(fake, uid, report);
  return { fake, run, uid, sheetName, report };
}

describe("excel adapter: what clerks do to the sheet", () => {
  it("rows inserted above the tables: the names follow, the right cells are read and marked", async () => {
    const { fake, run, uid, sheetName } = await filled();
    const before = tableOrigin(fake, uid, "三");
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(sheetName).getRange("1:3").insert("Down");
      await context.sync();
    });
    assert.equal(tableOrigin(fake, uid, "三").top, before.top + 3);
    let v = await validateWorkbook(run);
    assert.ok(
      v.sheets[0].result.passes() && v.sheets[0].result.warnings().length === 0,
      "the filled values are still read"
    );
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, 999);
    v = await validateWorkbook(run);
    assert.equal(v.sheets[0].address(cell), address);
    assert.equal(flaggedCells(fake, sheetName).get(address), "error");
  });

  it("the sheet renamed: the report is found under its new name", async () => {
    const { fake, run, uid } = await filled();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("2025年报").name = "交通局年报";
      await context.sync();
    });
    const v = await validateWorkbook(run);
    assert.equal(v.sheets[0].sheetName, "交通局年报");
    assert.equal(v.sheets[0].uid, uid);
    assert.match(v.sheets[0].address(ref("四", "review", "total")), /^'交通局年报'!/);
    assert.ok(v.sheets[0].result.passes());
  });

  it("a table cut and pasted elsewhere (its name moves with it) is read at its new place", async () => {
    const { fake, run, uid, sheetName } = await filled();
    const o = tableOrigin(fake, uid, "四");
    const plan = tablePlans("2021").find((p) => p.id === "四")!;
    const from = `'${sheetName}'!${a1(o.top, o.left)}:${a1(o.top + plan.rows - 1, o.left + plan.cols - 1)}`;
    const grid = fake.values(from);
    // Cut: the cells move to T70, the old place is empty, the name now points at the new place.
    const top = 69;
    const left = 19;
    fake.setValues(sheetName, a1(top, left), grid);
    for (let r = 0; r < plan.rows; r++)
      for (let c = 0; c < plan.cols; c++)
        fake.setCell(`'${sheetName}'!${a1(o.top + r, o.left + c)}`, "");
    fake.workbook.names.find((n) => n.name === tableName(uid, "四"))!.formula =
      `='${sheetName}'!$T$70:$AH$73`;
    const cell = ref("四", "review", "total");
    typeInto(fake, addressOf(fake, uid, "2021", cell), 99);
    assert.match(addressOf(fake, uid, "2021", cell), /!X73$/);
    const v = await validateWorkbook(run);
    assert.deepEqual(
      v.sheets[0].result.errors().map((f) => f.rule),
      ["R4-1"]
    );
    assert.equal(v.sheets[0].address(cell), `'${sheetName}'!X73`);
    // The likeliest culprit of R4-1 at the table's new place carries the strong mark; the others of its row lightly.
    const flags = flaggedCells(fake, sheetName);
    assert.equal([...flags.values()].filter((l) => l === "error").length, 1);
    assert.ok(
      [...flags.keys()].every((a) => /!(T|U|V|W|X|Y|Z|A[A-H])73$/.test(a)),
      [...flags.keys()].join()
    );
  });

  it("two report sheets: both validated; last year's report is used for the carry-over check", async () => {
    const { fake, run } = setup();
    const last = await insertTemplate(run, {
      format: "2021",
      year: 2024,
      agency: AGENCY,
      checks: "none",
    });
    const now = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    const r2024 = goodReport("2021", 2024);
    const r2025 = goodReport("2021", 2025);
    fillSheet(fake, last.uid, r2024);
    fillSheet(fake, now.uid, r2025);
    const v = await validateWorkbook(run);
    assert.deepEqual(
      v.sheets.map((s) => s.sheetName),
      ["2024年报", "2025年报"]
    );
    const expected = confront(r2025, { previous: r2024 }).byRule("W-CARRYOVER");
    assert.ok(expected.length > 0);
    assert.deepEqual(
      v.sheets[1].result.byRule("W-CARRYOVER").map((f) => f.key),
      expected.map((f) => f.key)
    );
    assert.deepEqual(v.sheets[0].result.byRule("W-CARRYOVER"), [], "2023 is not in the workbook");
    assert.equal(flaggedCells(fake, "2024年报").size, 0);
    // goodReport's 表二 does not add up across the two years either (W-INFORCE marks 现行有效件数).
    const inForce = confront(r2025, { previous: r2024 }).byRule("W-INFORCE");
    assert.equal(flaggedCells(fake, "2025年报").size, expected.length + inForce.length);
  });

  it("a protected sheet: results are given, a clear Chinese problem, and nothing is written", async () => {
    const { fake, run, uid, sheetName } = await filled();
    typeInto(fake, addressOf(fake, uid, "2021", ref("三", "granted", "natural")), 999);
    fake.protect(sheetName);
    const before = fake.snapshot(sheetName);
    const settings = fake.settings();
    const writes = fake.writes().length;
    const v = await validateWorkbook(run);
    assert.equal(fake.writes().length, writes, "no write at all");
    assert.deepEqual(fake.snapshot(sheetName), before);
    assert.deepEqual(fake.settings(), settings);
    assert.ok(!v.sheets[0].result.passes(), "the findings are still reported");
    assert.equal(v.sheets[0].protected, true);
    assert.equal(v.flagged, 0);
    assert.equal(v.problems.length, 1);
    assert.equal(v.problems[0].code, "Protected");
    assert.match(v.problems[0].message, /工作表“2025年报”受保护.*撤销工作表保护/);
  });

  it("a workbook without a report: AdapterError NoReport with the Chinese message", async () => {
    const { run } = setup(["Sheet1", "数据"]);
    await assert.rejects(validateWorkbook(run), (e: unknown) => {
      assert.ok(e instanceof AdapterError);
      assert.equal(e.code, "NoReport");
      assert.equal(e.message, "本工作簿中没有年报表格，请先点击“插入模板”。");
      assert.equal(e.message, NO_REPORT_MESSAGE);
      return true;
    });
  });

  it("a deleted sheet leaves no report behind", async () => {
    const { fake, run, sheetName } = await filled();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(sheetName).delete();
      await context.sync();
    });
    await assert.rejects(validateWorkbook(run), { code: "NoReport" });
  });

  it("a table whose name was deleted is reported missing; the others are still checked", async () => {
    const { fake, run, uid } = await filled();
    await fake.Excel.run(async (context) => {
      context.workbook.names.getItem(tableName(uid, "四")).delete();
      await context.sync();
    });
    const v = await validateWorkbook(run);
    assert.deepEqual(v.sheets[0].tables, ["二", "三"]);
    assert.equal(v.problems.length, 1);
    assert.equal(v.problems[0].code, "NotFound");
    assert.match(v.problems[0].message, /表四/);
    assert.deepEqual(
      v.sheets[0].result
        .byRule("W-MISSING")
        .map((f) => f.detail.type === "missing" && f.detail.table),
      ["四"]
    );
  });

  it("rows inserted inside a table: that table cannot be read as the template and says so", async () => {
    const { fake, run, uid, sheetName } = await filled();
    const o = tableOrigin(fake, uid, "三");
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets
        .getItem(sheetName)
        .getRange(`${o.top + 6}:${o.top + 6}`)
        .insert("Down");
      await context.sync();
    });
    const v = await validateWorkbook(run);
    assert.deepEqual(v.sheets[0].tables, ["二", "四"]);
    assert.equal(v.problems[0].code, "Unreadable");
    assert.match(v.problems[0].message, /表三现在是 29 行 × 10 列，模板是 28 行 × 10 列/);
  });

  it("comments of the add-in left on a sheet whose names were deleted go with 清除标记; the clerk's stay", async () => {
    const { fake, run, uid, sheetName } = await filled();
    typeInto(fake, addressOf(fake, uid, "2021", ref("三", "granted", "natural")), 999);
    await validateWorkbook(run);
    fake.setCell(`'${sheetName}'!A60`, { comment: "我的批注" });
    await fake.Excel.run(async (context) => {
      for (const t of ["二", "三", "四"] as const)
        context.workbook.names.getItem(tableName(uid, t)).delete();
      await context.sync();
    });
    await clearMarks(run);
    assert.deepEqual(
      fake.comments().map((c) => c.content),
      ["我的批注"]
    );
    assert.ok(!fake.comments().some((c) => c.content.startsWith(COMMENT_MARKER)));
  });
});
