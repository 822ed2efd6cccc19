import assert from "node:assert/strict";
import fc from "fast-check";
import type { CellKind } from "../../src/format";
import {
  enumerate,
  splitRow,
  type Candidate,
  type SplitOptions,
  type Token,
} from "../../src/importers/split";
import type { RawValue } from "../../src/values";
import * as before from "./split-oracle";

/**
 * The splitter's search was made cheaper (its pruning tables are worked out as the walk asks for them, its parts kept in
 * flat lists, the ways of reading a row worked out only when needed). What it reads must not change at all: every row
 * is read as the splitter before did (test/importers/split-oracle.ts) — the same readings, in the same order, with the
 * same numbers, left-out values and blanks, and cut off at the same point when the step budget or the reading cap runs
 * out (small budgets here, so that happens often).
 */

const KINDS: CellKind[] = ["count", "signed", "money", "amount"];

/** Printed numbers as pages give them: digit runs (often of zeros), signs, decimals, placeholders, odd spacing. */
const tokenArb: fc.Arbitrary<Token> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.stringMatching(/^[0-9]{1,6}$/) },
      { weight: 3, arbitrary: fc.stringMatching(/^[0-3]{4,14}$/) },
      { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{8,30}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[+-]?[0-9]{0,4}[.+-]?[0-9]{0,4}$/) },
      { weight: 1, arbitrary: fc.constantFrom("—", "/", "无", "") }
    ),
    fc.constantFrom<Token["sep"]>("none", "weak", "strong")
  )
  .map(([text, sep]) =>
    /^[—/无]$/.test(text) ? { text, sep, placeholder: true as const } : { text, sep }
  );

/**
 * A pure rule on the values, like the importers' (总计 = the sum of the rest, per group), or none; "nested" splits the
 * row's digits again while the search is under way (with the splitter it is handed), as a rule may.
 */
function ruleOf(
  name: string,
  groups: number[] | undefined,
  split: typeof splitRow
): SplitOptions["rowOk"] {
  if (name === "none") return undefined;
  if (name === "odd") return (v) => v.reduce((s, x) => s + x, 0) % 2 === 1;
  if (name === "nested")
    return (v) =>
      split([{ text: v.join("").replace(/\D/g, "").slice(0, 9) || "0", sep: "strong" }], {
        kinds: ["count", "count", "count"],
      }).candidates.length %
        2 ===
      0;
  const sizes = groups ?? [];
  return (v) => {
    let at = 0;
    for (const size of sizes) {
      const cells = v.slice(at, at + size);
      if (Math.abs(cells[size - 1] - cells.slice(0, -1).reduce((s, x) => s + x, 0)) > 1e-7)
        return false;
      at += size;
    }
    return true;
  };
}

const rowArb = fc
  .oneof(
    fc.record({
      kinds: fc.constant(new Array<CellKind>(7).fill("count")),
      groups: fc.constantFrom<number[] | undefined>([7], [3, 4], undefined),
      tokens: fc.array(tokenArb, { minLength: 0, maxLength: 9 }),
    }),
    fc.record({
      kinds: fc.constant(new Array<CellKind>(15).fill("count")),
      groups: fc.constantFrom<number[] | undefined>([5, 5, 5], [5, 5, 4], undefined),
      tokens: fc.array(tokenArb, { minLength: 0, maxLength: 17 }),
    }),
    fc.record({
      kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 0, maxLength: 5 }),
      groups: fc.constantFrom<number[] | undefined>(undefined, [1, 1], [2]),
      tokens: fc.array(tokenArb, { minLength: 0, maxLength: 6 }),
    })
  )
  .chain((row) =>
    fc.record({
      row: fc.constant(row),
      rule: fc.constantFrom("none", "sums", "odd", "nested"),
      ranked: fc.constantFrom("balanced", "minor"),
      budget: fc.constantFrom(undefined, 40, 300, 2_000, 20_000),
      maxCandidates: fc.constantFrom(undefined, 1, 3, 50),
    })
  );

/** Everything a caller can read off a candidate. */
const plainCandidate = (c: Candidate) => ({
  values: c.values,
  dropped: c.dropped,
  blanks: c.blanks,
  order: c.order,
  droppedCount: c.droppedCount ?? c.dropped.length,
});

/** A cost like the importers' table 二 one: balanced lengths, and big values in the first cell cost more. */
const minorCost = (c: Candidate) =>
  c.values.reduce<number>(
    (s, v, i) => s + (typeof v === "number" ? String(v).length * (i + 1) : 3),
    0
  );

/** Sum groups as `enumerate` takes them: cell index → start of the range it totals. */
function totalsOf(n: number, groups?: number[]): (number | undefined)[] | undefined {
  const totals = groups?.reduce<(number | undefined)[]>((acc, size) => {
    const at = acc.length;
    for (let i = 0; i < size; i++) acc.push(i === size - 1 ? at : undefined);
    return acc;
  }, []);
  return totals && totals.length === n ? totals : undefined;
}

describe("importers: the faster splitter reads every row as the one before it did", function () {
  this.timeout(300_000);

  it("splitRow: the same way of reading, the same readings in the same order, cut off alike", () => {
    let truncated = 0;
    let compared = 0;
    fc.assert(
      fc.property(rowArb, ({ row, rule, ranked, budget, maxCandidates }) => {
        const options = (split: typeof splitRow): SplitOptions => ({
          kinds: row.kinds,
          rowOk: ruleOf(rule, row.groups, split),
          ...(row.groups ? { sumGroups: row.groups } : {}),
          ...(ranked === "minor" ? { cost: minorCost } : {}),
          ...(budget !== undefined ? { budget } : {}),
          ...(maxCandidates !== undefined ? { maxCandidates } : {}),
        });
        const was = before.splitRow(row.tokens, options(before.splitRow));
        const now = splitRow(row.tokens, options(splitRow));
        compared++;
        if (was.truncated) truncated++;
        assert.equal(now.mode, was.mode);
        assert.equal(now.ruleOk, was.ruleOk);
        assert.equal(now.truncated, was.truncated);
        assert.deepEqual(now.candidates.map(plainCandidate), was.candidates.map(plainCandidate));
      }),
      { numRuns: 6000, seed: 20261206 }
    );
    // The cut-off rows are compared too, not only those read to the end.
    assert.ok(truncated > 300, `${truncated} of ${compared} cut off`);
  });

  it("enumerate: the same readings, order numbers and cut-off, with and without a filter", () => {
    fc.assert(
      fc.property(rowArb, fc.boolean(), ({ row, budget, maxCandidates }, filtered) => {
        const sums = totalsOf(row.kinds.length, row.groups);
        // A filter that remembers nothing: readings whose first cell is even.
        const keep = filtered
          ? (values: readonly RawValue[]) => typeof values[0] !== "number" || values[0] % 2 === 0
          : undefined;
        const args = [
          row.tokens,
          row.kinds,
          budget ?? 200_000,
          maxCandidates ?? 4_000,
          sums,
          keep,
        ] as const;
        const was = before.enumerate(...args);
        const now = enumerate(...args);
        assert.equal(now.truncated, was.truncated);
        assert.deepEqual(now.out.map(plainCandidate), was.out.map(plainCandidate));
      }),
      { numRuns: 6000, seed: 20261207 }
    );
  });

  it("enumerate: the walk takes exactly as many steps as before (the least budget it finishes within is the same)", () => {
    let pruned = 0;
    fc.assert(
      fc.property(rowArb, ({ row }) => {
        const sums = totalsOf(row.kinds.length, row.groups);
        const finishes = (split: typeof enumerate, budget: number) =>
          !split(row.tokens, row.kinds, budget, 4_000, sums).truncated;
        if (!finishes(before.enumerate, 200_000)) return;
        // The steps the walk before took: the least budget it finishes within (it stops at the budget, no sooner).
        let lo = 0;
        let hi = 200_000;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (finishes(before.enumerate, mid)) hi = mid;
          else lo = mid + 1;
        }
        if (lo > 256) pruned++;
        assert.equal(finishes(enumerate, lo), true, `finishes within ${lo} steps`);
        if (lo > 0) assert.equal(finishes(enumerate, lo - 1), false, `needs all ${lo} steps`);
      }),
      { numRuns: 3000, seed: 20261208 }
    );
    // Walks long enough to prune (after 256 steps) are among them.
    assert.ok(pruned > 100, `${pruned} walks pruned`);
  });
});
