import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { cellId, getFormat, type CellRef } from "../../src/format";
import { formatFix } from "../../src/messages";
import type { Report } from "../../src/report";
import { buildReport, cellsOf, ref, sampleReport, valueAt, withCells } from "../helpers/reports";

/**
 * The slips clerks make, as the user sees them: the suggested fix names the cell, its original value and why it is
 * probably wrong; among equally small fixes none is presented as certain.
 */

const model = getFormat("2021");
const granted = ref("三", "granted", "natural");
const partial = ref("三", "partial", "natural");

/** A consistent report with 予以公开 47 and 部分公开 447 from natural persons. */
const report: Report = buildReport(
  "2021",
  (c) =>
    (
      ({
        [cellId(granted)]: 47,
        [cellId(partial)]: 447,
        "三:carried:natural": 5,
        "三:next:natural": 3,
      }) as Record<string, number>
    )[cellId(c)] ?? 0
);

function onlyFix(r: Report) {
  const c = confront(r);
  assert.equal(c.fixes.length, 1, "one fix");
  return { fix: c.fixes[0], text: formatFix(c.model, c.fixes[0], c.fixes) };
}

describe("slips behind a suggested fix", () => {
  describe("digits slipped", () => {
    it("a transposed digit in 予以公开 (47 typed 74) is located and its original value suggested", () => {
      const { fix, text } = onlyFix(withCells(report, [[granted, 74]]));
      assert.equal(fix.certainty, "unique");
      assert.deepEqual(fix.changes, [{ cell: granted, from: 74, to: 47, slip: "transposed" }]);
      assert.match(text, /可确定的改法/);
      assert.match(text, /表三“（一）予以公开”行“自然人”列由 74 改为 47/);
      assert.match(text, /数字颠倒/);
    });

    it("a doubled digit (47 typed 447) is recognised", () => {
      const { fix, text } = onlyFix(withCells(report, [[granted, 447]]));
      assert.deepEqual(fix.changes, [{ cell: granted, from: 447, to: 47, slip: "doubled" }]);
      assert.match(text, /重复数字/);
    });

    it("a dropped digit (447 typed 47) is recognised", () => {
      const { fix, text } = onlyFix(withCells(report, [[partial, 47]]));
      assert.deepEqual(fix.changes, [{ cell: partial, from: 47, to: 447, slip: "dropped" }]);
      assert.match(text, /漏打一位/);
    });

    it("a transposition in a 总计 cell is recognised too", () => {
      const total = ref("三", "resultsTotal", "total"); // 494
      const { fix } = onlyFix(withCells(report, [[total, 449]]));
      assert.deepEqual(fix.changes, [{ cell: total, from: 449, to: 494, slip: "transposed" }]);
    });

    it("a wrong value no slip explains is still fixed, without a made-up reason", () => {
      const { fix, text } = onlyFix(withCells(report, [[granted, 52]]));
      assert.deepEqual(fix.changes, [{ cell: granted, from: 52, to: 47 }]);
      assert.doesNotMatch(text, /疑似/);
    });
  });

  describe("a value typed in the neighbouring cell", () => {
    it("本年新收's total landing in 上年结转's row is moved back, explained as neighbour", () => {
      const base = sampleReport(); // 本年新收 total 57, 上年结转 total 4
      const c = confront(
        withCells(base, [
          [ref("三", "new", "total"), 0],
          [ref("三", "carried", "total"), 57],
        ])
      );
      assert.equal(c.fixes.length, 1);
      const [fix] = c.fixes;
      assert.equal(fix.certainty, "unique");
      assert.deepEqual(fix.changes, [
        { cell: ref("三", "new", "total"), from: 0, to: 57, slip: "neighbour" },
        { cell: ref("三", "carried", "total"), from: 57, to: 4, slip: "neighbour" },
      ]);
      assert.deepEqual([...fix.resolves].sort(), ["R3-1", "R3-2"]);
      assert.match(formatFix(c.model, fix, c.fixes), /相邻格/);
    });

    it("the same slip with the first row left blank is recognised alike", () => {
      const c = confront(
        withCells(sampleReport(), [
          [ref("三", "new", "total"), null],
          [ref("三", "carried", "total"), 57],
        ])
      );
      assert.deepEqual(
        c.fixes[0].changes.map((ch) => [ch.cell.row, ch.from, ch.to, ch.slip]),
        [
          ["new", null, 57, "neighbour"],
          ["carried", 57, 4, "neighbour"],
        ]
      );
    });
  });

  describe("totals left empty", () => {
    it("a whole 总计 column left 0 gets a recomputed fix that sets each total to the sum of its parts", () => {
      const base = sampleReport();
      const totals = cellsOf("2021", "三").filter((c) => c.column === "total");
      const c = confront(
        withCells(
          base,
          totals.map((t) => [t, 0] as [CellRef, number])
        )
      );
      assert.ok(c.errors().length >= 9, "one R3-2 error per non-zero row");
      assert.equal(c.fixes.length, 1);
      const [fix] = c.fixes;
      assert.equal(fix.certainty, "recomputed");
      const nonZero = totals.filter((t) => (valueAt(base, t) as number) !== 0);
      assert.deepEqual(
        fix.changes.map((ch) => [cellId(ch.cell), ch.from, ch.to, ch.slip]),
        nonZero.map((t) => [cellId(t), 0, valueAt(base, t), "missingTotal"]),
        "every non-zero total restored, in table order, each as a missing total"
      );
      assert.match(formatFix(c.model, fix, c.fixes), /按各分项重新计算合计/);
    });

    it("a 行政复议 result entered with its 总计 left 0: filling the 总计 is the one fix (no count can go below 0)", () => {
      const review = (column: string) => ref("四", "review", column);
      const { fix } = onlyFix(withCells(sampleReport(), [[review("total"), 0]])); // upheld 1 + pending 1
      assert.equal(fix.certainty, "unique");
      assert.deepEqual(fix.changes, [
        { cell: review("total"), from: 0, to: 2, slip: "missingTotal" },
      ]);
    });

    it("a blank 总计 is filled with its parts' sum", () => {
      const { fix } = onlyFix(withCells(report, [[ref("三", "granted", "total"), null]]));
      assert.deepEqual(fix.changes, [
        { cell: ref("三", "granted", "total"), from: null, to: 47, slip: "missingTotal" },
      ]);
    });
  });

  describe("several equally small fixes", () => {
    it("are all listed, ranked, and none is presented as certain", () => {
      const review = (column: string) => ref("四", "review", column);
      const c = confront(withCells(sampleReport(), [[review("total"), 3]])); // upheld 1 + pending 1 = 2
      const fixes = c.fixes.map((f) =>
        f.changes.map((ch) => `${ch.cell.column}:${ch.from}→${ch.to}`).join()
      );
      assert.deepEqual(fixes.sort(), [
        "corrected:0→1",
        "otherResult:0→1",
        "pending:1→2",
        "total:3→2",
        "upheld:1→2",
      ]);
      assert.ok(c.fixes.every((f) => f.certainty === "oneOf" && f.group === c.fixes[0].group));
      assert.deepEqual(
        c.fixes.map((f) => f.rank),
        [1, 2, 3, 4, 5]
      );
      const text = formatFix(c.model, c.fixes[0], c.fixes);
      assert.match(text, /可能的改法之一（共 5 种同样小的改法/);
      assert.doesNotMatch(text, /可确定/);
    });

    it("a number moved between two rows of one applicant column is ambiguous: both readings are offered", () => {
      // One application counted under 上年结转 instead of 本年新收 in 自然人: the column still balances, the rows do not.
      const base = sampleReport();
      const c = confront(
        withCells(base, [
          [ref("三", "new", "natural"), 53],
          [ref("三", "carried", "natural"), 5],
        ])
      );
      const readings = c.fixes.map((f) =>
        f.changes.map((ch) => `${ch.cell.row}:${ch.cell.column}→${ch.to}`).join()
      );
      assert.deepEqual(readings.sort(), [
        "new:natural→54,carried:natural→4",
        "new:total→56,carried:total→5",
      ]);
      assert.ok(c.fixes.every((f) => f.certainty === "oneOf"));
    });

    it("independent slips in different tables are fixed separately, each with its own certainty", () => {
      const c = confront(
        withCells(report, [
          [granted, 74],
          [ref("四", "suitDirect", "total"), 1],
        ])
      );
      const groups = new Set(c.fixes.map((f) => f.group));
      assert.equal(groups.size, 2);
      const best = c.fixes.filter((f) => f.rank === 1);
      assert.deepEqual(
        best.map((f) => [f.changes[0].cell.table, f.certainty]),
        [
          ["三", "unique"],
          ["四", "oneOf"],
        ]
      );
    });
  });

  it("every slip a fix names is one the messages can say, in both languages", () => {
    const c = confront(withCells(report, [[granted, 74]]));
    for (const f of c.fixes) {
      assert.doesNotMatch(formatFix(model, f, c.fixes, "zh"), /undefined/);
      assert.doesNotMatch(formatFix(model, f, c.fixes, "en"), /undefined/);
      assert.match(formatFix(model, f, c.fixes, "en"), /transposed/);
    }
  });
});
