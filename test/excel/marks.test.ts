import assert from "node:assert/strict";
import { cellId, type CellRef } from "../../src/format";
import {
  applyFix,
  clearMarks,
  COMMENT_MARKER,
  insertTemplate,
  validateWorkbook,
} from "../../src/excel";
import { formatComment, ruleBadge } from "../../src/messages";
import type { FakeExcel } from "../fake-excel";
import { HOSTS } from "../fake-excel/host";
import { ref } from "../helpers/reports";
import {
  addressOf,
  AGENCY,
  fillSheet,
  flaggedCells,
  goodReport,
  setup,
  setupHost,
  typeInto,
} from "./helpers";

/**
 * Marks point at the mistakes (issue 9 item 2): the cells the best fix changes carry the strong mark and the comment;
 * a broken row or column does not paint or comment all its cells. Clearing gives every cell back exactly its look.
 */

const ourComments = (fake: FakeExcel) =>
  fake.comments().filter((c) => c.content.startsWith(COMMENT_MARKER));

async function filled(run = setup()) {
  const { fake } = run;
  const { uid, sheetName } = await insertTemplate(run.run, {
    format: "2021",
    year: 2025,
    agency: AGENCY,
    checks: "formulas",
  });
  const report = goodReport("2021");
  fillSheet(fake, uid, report);
  const at = (c: CellRef) => addressOf(fake, uid, "2021", c);
  const value = (c: CellRef) => report.values.get(cellId(c)) as number;
  return { ...run, uid, sheetName, at, value };
}

describe("excel adapter: marks on the likely culprits", () => {
  const cases: [string, CellRef][] = [
    [
      "a slipped number in 本年新收 · 自然人 (breaks its row and its column)",
      ref("三", "new", "natural"),
    ],
    ["a wrong 总计 of a row (R3-2 and R3-1 broken)", ref("三", "new", "total")],
    [
      "a wrong （一）予以公开 · 总计 (R3-3 in the 总计 column, R3-2 in its row)",
      ref("三", "granted", "total"),
    ],
  ];
  for (const [what, cell] of cases)
    it(`${what}: exactly one cell carries the strong mark and the comment; clearing restores the sheet`, async () => {
      const { fake, run, sheetName, at, value } = await filled();
      const before = fake.snapshot(sheetName);
      typeInto(fake, at(cell), value(cell) + 27);
      const v = await validateWorkbook(run);
      const sheet = v.sheets[0];
      assert.ok(sheet.result.errors().length >= 2, "several equations are broken");
      assert.deepEqual([...flaggedCells(fake, sheetName)], [[at(cell), "error"]]);
      const comments = ourComments(fake);
      assert.equal(comments.length, 1);
      assert.equal(comments[0].address, fake.cell(at(cell)).address);
      // The comment holds every broken equation's message, in the pane's plain words (no rule code), and the fix.
      const lines = comments[0].content.split("\n");
      for (const f of sheet.result.errors()) {
        const said = formatComment(sheet.result.model, f);
        assert.ok(lines.includes(said), `the comment says: ${said}`);
        assert.ok(said.startsWith(`错误 · ${ruleBadge(f.rule)}：`), said);
      }
      assert.doesNotMatch(comments[0].content, /\b[RTWI]\d?-[A-Z0-9-]+/);
      assert.match(comments[0].content, /建议：/);
      // The pane selects exactly that cell for each finding.
      for (const f of sheet.result.errors())
        assert.deepEqual(sheet.suspects(f).map(cellId), [cellId(cell)], f.rule);

      typeInto(fake, at(cell), value(cell));
      await clearMarks(run);
      assert.deepEqual(fake.snapshot(sheetName), before);
    });

  it("table 四's one equation cannot tell which cell is wrong: the likeliest strongly with the comment, the other candidates lightly", async () => {
    const { fake, run, sheetName, at, value } = await filled();
    const cell = ref("四", "review", "upheld");
    typeInto(fake, at(cell), value(cell) + 5);
    const v = await validateWorkbook(run);
    const flags = [...flaggedCells(fake, sheetName).values()];
    const alternatives = v.sheets[0].result.fixes.filter((f) => f.rank > 1);
    assert.ok(alternatives.length >= 1, "several cells could be the wrong one");
    assert.equal(flags.filter((l) => l === "error").length, 1);
    assert.equal(flags.filter((l) => l === "light").length, alternatives.length);
    assert.equal(ourComments(fake).length, 1);
    const [finding] = v.sheets[0].result.errors();
    assert.equal(v.sheets[0].suspects(finding).length, 1, "the pane selects the likeliest");
  });

  it("a cell without fill is given back no fill by 清除标记, never white (Excel reports no fill as #FFFFFF)", async () => {
    const { fake, run, sheetName, at, value } = await filled();
    const none = ref("三", "new", "natural");
    const white = ref("三", "new", "commercial");
    fake.setCell(at(none), { fill: null });
    fake.setCell(at(white), { fill: "#FFFFFF" });
    const before = fake.snapshot(sheetName);
    typeInto(fake, at(none), value(none) + 10);
    typeInto(fake, at(white), value(white) + 100);
    const v = await validateWorkbook(run);
    assert.equal(v.flagged, 2);
    typeInto(fake, at(none), value(none));
    typeInto(fake, at(white), value(white));
    await clearMarks(run);
    assert.equal(fake.cell(at(none)).fill, null);
    assert.equal(fake.cell(at(white)).fill, "#FFFFFF");
    assert.deepEqual(fake.snapshot(sheetName), before);
  });

  describe("a comment Excel refuses (a cell holding a note, on a host that cannot read notes)", () => {
    let uninstall: (() => void) | undefined;
    afterEach(() => uninstall?.());

    it("does not lose the batch: every cell is marked, the other comments are added, the result names the cell", async () => {
      const host = setupHost(HOSTS.office2024); // ExcelApi 1.17: comments, no notes API
      uninstall = host.uninstall;
      const { fake, run, sheetName, at, value } = await filled(host);
      const cells = [ref("三", "new", "natural"), ref("三", "granted", "research")];
      fake.setCell(at(cells[0]), { note: "去年口径不同，已与办公室核对。" });
      fake.setCell(at(cells[1]), { note: "请复核" });
      const third = ref("三", "partial", "other");
      const before = fake.snapshot(sheetName);
      for (const c of [...cells, third]) typeInto(fake, at(c), value(c) + 50);
      const v = await validateWorkbook(run);
      assert.deepEqual(v.problems, []);
      assert.equal(v.flagged, 3, "the result says what is in the workbook");
      assert.equal(flaggedCells(fake, sheetName).size, 3);
      assert.deepEqual(
        ourComments(fake).map((c) => c.address),
        [fake.cell(at(third)).address],
        "the comment Excel accepts is there"
      );
      assert.match(v.notices.join(""), /拒绝在 2 个单元格上添加批注/);
      for (const c of cells) assert.ok(v.notices.join("").includes(at(c).replace(/^'[^']*'!/, "")));
      assert.deepEqual(
        fake
          .notes()
          .map((n) => n.content)
          .sort(),
        ["去年口径不同，已与办公室核对。", "请复核"].sort(),
        "the clerk's notes are untouched"
      );

      for (const c of [...cells, third]) typeInto(fake, at(c), value(c));
      const cleared = await clearMarks(run);
      assert.equal(cleared.restored, 3);
      assert.deepEqual(fake.snapshot(sheetName), before);
    });
  });

  it("-1 typed in a count (a sign slip) gets a fix, and 应用 puts the number back", async () => {
    const { fake, run, uid, at, value } = await filled();
    const cell = ref("三", "granted", "natural");
    typeInto(fake, at(cell), -value(cell));
    const v = await validateWorkbook(run);
    const result = v.sheets[0].result;
    assert.ok(result.byRule("T-NEGATIVE").length, "the negative is an error");
    const fix = result.fixes.find(
      (f) => f.rank === 1 && f.changes.some((c) => cellId(c.cell) === cellId(cell))
    );
    assert.ok(fix, "a fix changes the negative cell");
    assert.ok(fix.resolves.includes("T-NEGATIVE"));
    const after = await applyFix(run, uid, fix);
    assert.equal(fake.cell(at(cell)).value, value(cell));
    assert.ok(after.sheets[0].result.passes());
    assert.equal(after.flagged, 0);
  });
});
