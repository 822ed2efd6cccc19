import assert from "node:assert/strict";
import { cellId, type CellRef } from "../../src/format";
import {
  AdapterError,
  applyFix,
  explainWarning,
  insertTemplate,
  settingKey,
  selectCells,
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
  syncSplit,
  typeInto,
} from "./helpers";

async function filled() {
  const { fake, run } = setup();
  const { uid, sheetName } = await insertTemplate(run, {
    format: "2021",
    year: 2025,
    agency: AGENCY,
    checks: "formulas",
  });
  const report = goodReport("2021");
  fillSheet(fake, uid, report);
  return { fake, run, uid, sheetName, report };
}

describe("excel adapter: applying a fix, selecting cells, explanations", () => {
  it("applying the engine's fix writes its values in one round trip and the report then passes, unmarked", async () => {
    const { fake, run, uid, sheetName, report } = await filled();
    const before = fake.snapshot(sheetName);
    const cell = ref("三", "granted", "natural");
    const right = report.values.get(cellId(cell)) as number;
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, right * 10 + 1);
    const v = await validateWorkbook(run);
    const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1)!;
    assert.equal(fix.certainty, "unique");
    const from = fake.syncCount();
    const after = await applyFix(run, uid, fix);
    const writes = fake.writes().filter((w) => w.sync > from);
    assert.deepEqual(
      [...new Set(writes.filter((w) => w.op === "Range.values").map((w) => w.sync))],
      [from + 2],
      "every value of the fix is written in the round trip after the first read, before the tables are read again"
    );
    assert.equal(
      syncSplit(fake, from).total,
      3,
      "read, write + read again, marks (issue 12 item 9)"
    );
    assert.equal(fake.cell(address).value, right);
    assert.ok(after.sheets[0].result.passes());
    assert.equal(after.flagged, 0);
    assert.deepEqual(fake.snapshot(sheetName), before, "the stale marks are gone with the error");
  });

  it("a fix of several cells (a 总计 column left 0) writes them all at once", async () => {
    const { fake, run, uid } = await filled();
    const rows = ["granted", "partial", "denySecret", "denyLaw"];
    for (const row of rows)
      typeInto(fake, addressOf(fake, uid, "2021", ref("三", row, "total")), 0);
    const v = await validateWorkbook(run);
    const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1 && f.changes.length > 1)!;
    assert.ok(fix, "a multi-cell fix");
    const after = await applyFix(run, uid, fix);
    for (const c of fix.changes)
      assert.equal(fake.cell(addressOf(fake, uid, "2021", c.cell)).value, c.to);
    assert.ok(after.sheets[0].result.errors().length < v.sheets[0].result.errors().length);
  });

  it("a cell changed since the validation is not overwritten: AdapterError Conflict", async () => {
    const { fake, run, uid } = await filled();
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, 999);
    const v = await validateWorkbook(run);
    const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1)!;
    typeInto(fake, address, 998); // the clerk corrects it differently meanwhile
    const writes = fake.writes().length;
    await assert.rejects(applyFix(run, uid, fix), (e: unknown) => {
      assert.ok(e instanceof AdapterError);
      assert.equal(e.code, "Conflict");
      assert.match(e.message, /表三“（一）予以公开”行“自然人”列现在是 998，不是校验时读到的 999/);
      return true;
    });
    assert.equal(fake.writes().length, writes, "nothing written");
    assert.equal(fake.cell(address).value, 998);
  });

  it("on a protected sheet the fix still goes into its unlocked entry cell; nothing else is written", async () => {
    const { fake, run, uid, sheetName, report } = await filled();
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, 999);
    fake.protect(sheetName);
    const v = await validateWorkbook(run);
    assert.equal(v.problems[0].code, "Protected");
    const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1)!;
    const after = await applyFix(run, uid, fix);
    assert.equal(fake.cell(address).value, report.values.get(cellId(cell)));
    assert.ok(after.sheets[0].result.passes());
    assert.equal(flaggedCells(fake, sheetName).size, 0);
    assert.deepEqual(fake.comments(), []);
  });

  it("a locked cell on a protected sheet cannot take a fix: AdapterError Protected", async () => {
    const { fake, run, uid, sheetName } = await filled();
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, 999);
    const v = await validateWorkbook(run);
    const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1)!;
    fake.setCell(address, { locked: true });
    fake.protect(sheetName);
    await assert.rejects(
      applyFix(run, uid, fix),
      (e: unknown) =>
        e instanceof AdapterError &&
        e.code === "Protected" &&
        /应用修改失败：工作表受保护/.test(e.message)
    );
    assert.equal(fake.cell(address).value, 999);
  });

  it("a text-formatted cell gets its number as a number", async () => {
    const { fake, run, uid } = await filled();
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    fake.setCell(address, { numberFormat: "@", value: "abc" });
    const v = await validateWorkbook(run);
    const fix = v.sheets[0].result.fixes.find(
      (f) => f.rank === 1 && f.changes.some((c) => cellId(c.cell) === cellId(cell))
    )!;
    await applyFix(run, uid, fix);
    assert.equal(fake.cell(address).valueType, "Double");
  });

  it("an unknown report: AdapterError NotFound", async () => {
    const { run } = await filled();
    await assert.rejects(
      applyFix(run, "zzzzzzzz", {
        changes: [],
        resolves: [],
        cost: 0,
        certainty: "unique",
        group: 1,
        rank: 1,
      }),
      { code: "NotFound" }
    );
    await assert.rejects(selectCells(run, "zzzzzzzz", [ref("三", "new", "total")]), {
      code: "NotFound",
    });
    await assert.rejects(explainWarning(run, "zzzzzzzz", "k", "t"), { code: "NotFound" });
  });

  it("selecting cells activates their sheet and selects exactly them: adjacent cells together, scattered ones never the block between them", async () => {
    const { fake, run, uid, sheetName } = await filled();
    fake.addSheet("其他");
    fake.select("其他!A1");
    const local = (c: CellRef) => addressOf(fake, uid, "2021", c).replace(/^.*!/, "");
    const one = ref("三", "granted", "natural");
    await selectCells(run, uid, [one]);
    assert.deepEqual(fake.selection(), { sheet: sheetName, address: local(one) });

    // Two cells side by side: both.
    const pair = [ref("三", "granted", "natural"), ref("三", "granted", "commercial")];
    await selectCells(run, uid, pair);
    assert.deepEqual(fake.selection(), {
      sheet: sheetName,
      address: `${local(pair[0])}:${local(pair[1])}`,
    });

    // The four cells of 收结平衡 in one column lie far apart: Excel cannot select them alone (no multi-area
    // select), and their bounding block would be the whole column — the first is selected, in 2 round trips.
    const cells = [
      ref("三", "new", "natural"),
      ref("三", "carried", "natural"),
      ref("三", "resultsTotal", "natural"),
      ref("三", "next", "natural"),
    ];
    const from = fake.syncCount();
    await selectCells(run, uid, cells);
    assert.equal(fake.syncCount() - from, 2);
    assert.deepEqual(fake.selection(), { sheet: sheetName, address: local(cells[0]) });
  });

  it("a clerk's explanation of a warning is kept in the settings and read back at the next validation", async () => {
    const { fake, run, uid, sheetName } = await filled();
    const cell = ref("二", "licensing", "decisions");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, "/"); // a warning: 无 written as “/”
    let v = await validateWorkbook(run);
    const [warning] = v.sheets[0].result.byRule("W-BLANK");
    assert.ok(flaggedCells(fake, sheetName).has(address));

    await explainWarning(run, uid, warning.key, "本年度无行政许可事项。");
    assert.deepEqual((fake.settings()[settingKey(uid)] as { explanations: unknown }).explanations, {
      [warning.key]: "本年度无行政许可事项。",
    });

    v = await validateWorkbook(run);
    const [explained] = v.sheets[0].result.explained();
    assert.equal(explained.key, warning.key);
    assert.equal(explained.explanation, "本年度无行政许可事项。");
    assert.deepEqual(v.sheets[0].result.warnings(), []);
    assert.ok(!flaggedCells(fake, sheetName).has(address), "an explained warning is not marked");

    await explainWarning(run, uid, warning.key, "  ");
    assert.deepEqual(
      (fake.settings()[settingKey(uid)] as { explanations: unknown }).explanations,
      {}
    );
    v = await validateWorkbook(run);
    assert.equal(v.sheets[0].result.warnings().length, 1);
  });
});
