import assert from "node:assert/strict";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat, type CellRef, type FormatId } from "../../src/format";
import {
  cellsOf,
  consistentReport,
  FORMATS,
  isTotalCell,
  valueAt,
  withCells,
} from "../helpers/reports";

/**
 * Error localization, as properties over random consistent reports: whatever a clerk mistypes in tables 三 and 四
 * is detected, and a single mistyped cell in table 三 is located and its original value suggested — by the rules alone,
 * without knowing which cell was changed.
 */

const RUNS = 150;

/** A new value for a cell: different from the original, still a whole number ≥ 0 (so no other check gives it away). */
const otherValue = (original: number): fc.Arbitrary<number> =>
  fc
    .oneof(
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 5000 }),
      fc.constant(0),
      fc.constant(original * 10),
      fc.constant(original + 1)
    )
    .filter((v) => v !== original);

/** A consistent report and one cell of the given tables changed. */
function oneChange(format: FormatId, tables: ("三" | "四")[]) {
  const cells = getFormat(format).cells.filter((c) => (tables as string[]).includes(c.table));
  return consistentReport(format).chain((report) =>
    fc.constantFrom(...cells).chain((cell) => {
      const original = valueAt(report, cell) as number;
      return otherValue(original).map((to) => ({
        report,
        cell,
        original,
        changed: withCells(report, [[cell, to]]),
      }));
    })
  );
}

const same = (a: CellRef, b: CellRef) => cellId(a) === cellId(b);

/** Whether changing these cells by these amounts keeps every rule; only shifts inside one table 四 group can. */
function invisibleToTheRules(format: FormatId, changes: { cell: CellRef; by: number }[]): boolean {
  const model = getFormat(format);
  if (!changes.every((c) => c.cell.table === "四" && c.cell.row === changes[0].cell.row))
    return false;
  const sign = (c: CellRef) => (isTotalCell(model, c) ? 1 : -1);
  return changes.reduce((s, c) => s + sign(c.cell) * c.by, 0) === 0;
}

describe("locating errors", () => {
  for (const format of FORMATS) {
    describe(`${format} format`, () => {
      it("a consistent report has no error and no fix", () => {
        fc.assert(
          fc.property(consistentReport(format), (report) => {
            const c = confront(report);
            assert.deepEqual(c.findings, []);
            assert.deepEqual(c.fixes, []);
          }),
          { numRuns: RUNS }
        );
      });

      it("a single mistyped cell of table 三 is the one certain fix, which restores its original value", () => {
        fc.assert(
          fc.property(oneChange(format, ["三"]), ({ cell, original, changed }) => {
            const c = confront(changed);
            assert.ok(c.errors().length > 0, "the change is detected");
            assert.equal(c.fixes.length, 1, "one fix, no alternatives");
            const [fix] = c.fixes;
            assert.equal(fix.certainty, "unique");
            assert.equal(fix.changes.length, 1);
            assert.ok(
              same(fix.changes[0].cell, cell),
              `located ${cellId(fix.changes[0].cell)}, changed ${cellId(cell)}`
            );
            assert.equal(fix.changes[0].to, original);
            assert.deepEqual(
              [...fix.resolves].sort(),
              [...new Set(c.errors().map((f) => f.rule))].sort(),
              "the fix resolves every broken rule"
            );
          }),
          { numRuns: RUNS }
        );
      });

      it("a single mistyped cell of table 四 is detected, and its original value is among the suggested fixes", () => {
        fc.assert(
          fc.property(oneChange(format, ["四"]), ({ cell, original, changed }) => {
            const c = confront(changed);
            assert.ok(c.errors().length > 0, "the change is detected");
            assert.ok(
              c.fixes.some(
                (f) =>
                  f.changes.length === 1 &&
                  same(f.changes[0].cell, cell) &&
                  f.changes[0].to === original
              ),
              "the true cell and value are among the candidates"
            );
            if (c.fixes.length > 1)
              assert.ok(
                c.fixes.every((f) => f.certainty === "oneOf"),
                "alternatives are never certain"
              );
          }),
          { numRuns: RUNS }
        );
      });

      it("any two mistyped cells of tables 三 and 四 are detected, unless they shift a number within one 表四 group", () => {
        const cells = [...cellsOf(format, "三"), ...cellsOf(format, "四")];
        const twoChanges = consistentReport(format).chain((report) =>
          fc
            .uniqueArray(fc.constantFrom(...cells), {
              minLength: 2,
              maxLength: 2,
              selector: cellId,
            })
            .chain((pair) =>
              fc
                .tuple(...pair.map((cell) => otherValue(valueAt(report, cell) as number)))
                .map((tos) => ({
                  report,
                  changes: pair.map((cell, k) => ({
                    cell,
                    to: tos[k],
                    by: tos[k] - (valueAt(report, cell) as number),
                  })),
                }))
            )
        );
        fc.assert(
          fc.property(twoChanges, ({ report, changes }) => {
            fc.pre(!invisibleToTheRules(format, changes));
            const c = confront(
              withCells(
                report,
                changes.map((ch) => [ch.cell, ch.to])
              )
            );
            assert.ok(c.errors().length > 0, "the changes are detected");
            assert.ok(c.fixes.length > 0, "and a fix is suggested");
          }),
          { numRuns: RUNS }
        );
      });
    });
  }

  it("two mistyped cells in different rows and columns of table 三 are both located", () => {
    const format: FormatId = "2021";
    const model = getFormat(format);
    const details = cellsOf(format, "三").filter((c) => !isTotalCell(model, c));
    fc.assert(
      fc.property(
        consistentReport(format).chain((report) =>
          fc
            .uniqueArray(fc.constantFrom(...details), {
              minLength: 2,
              maxLength: 2,
              selector: cellId,
            })
            .filter(([a, b]) => a.row !== b.row && a.column !== b.column)
            .chain((pair) =>
              fc
                .tuple(...pair.map((c) => otherValue(valueAt(report, c) as number)))
                .map((tos) => ({ report, pair, tos }))
            )
        ),
        ({ report, pair, tos }) => {
          const c = confront(
            withCells(
              report,
              pair.map((cell, k) => [cell, tos[k]] as [CellRef, number])
            )
          );
          const truth = pair.map((cell) => `${cellId(cell)}=${valueAt(report, cell)}`).sort();
          assert.ok(
            c.fixes.some(
              (f) =>
                f.changes
                  .map((ch) => `${cellId(ch.cell)}=${ch.to}`)
                  .sort()
                  .join() === truth.join()
            ),
            `the true correction ${truth} is among the fixes`
          );
        }
      ),
      { numRuns: 60 }
    );
  });
});
