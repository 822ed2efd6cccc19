import assert from "node:assert/strict";
import fc from "fast-check";
import type { CellKind } from "../../src/format";
import { searchCombinations, type Equation, type VariableRow } from "../../src/importers/combine";
import { enumerate, numeric, partValue, validPart, type Token } from "../../src/importers/split";
import type { RawValue } from "../../src/values";

/**
 * The importers' two searches are pruned (splitting digit runs into cells; choosing table 三's readings under the
 * column rules). Pruning must only skip what cannot lead anywhere: both must find exactly what the plain walks they
 * replace find, in the same order, whenever the plain walk finishes within its budget. The plain walks are kept here
 * as the reference.
 */

/** The plain depth-first walk splitting tokens into cells (the reference for `enumerate`). */
function plainEnumerate(
  tokens: readonly Token[],
  kinds: readonly CellKind[],
  budget: number,
  max: number,
  totals?: readonly (number | undefined)[]
) {
  const n = kinds.length;
  const acc: RawValue[] = [];
  const fits = (c: number, value: RawValue): boolean => {
    const start = totals?.[c];
    if (start === undefined) return true;
    let sum = 0;
    for (let i = start; i < c; i++) sum += numeric(acc[i]);
    return Math.abs(numeric(value) - sum) < 1e-7;
  };
  const out: RawValue[][] = [];
  let steps = 0;
  let truncated = false;
  const rec = (t: number, c: number): void => {
    if (truncated) return;
    if (++steps > budget || out.length >= max) {
      truncated = true;
      return;
    }
    if (t === tokens.length) {
      if (c === n) out.push([...acc]);
      return;
    }
    const tokensLeft = tokens.length - t - 1;
    if (n - c < tokensLeft + 1) return;
    const tok = tokens[t];
    if (tok.placeholder) {
      if (!fits(c, tok.text)) return;
      acc.push(tok.text);
      rec(t + 1, c + 1);
      acc.pop();
      return;
    }
    cut(tok.text, t, c, tokensLeft);
  };
  const cut = (s: string, t: number, c: number, tokensLeft: number): void => {
    if (truncated || c >= n) return;
    const cellsLeft = n - c;
    if (validPart(s, kinds[c]) && fits(c, partValue(s))) {
      acc.push(partValue(s));
      rec(t + 1, c + 1);
      acc.pop();
    }
    if (cellsLeft - 1 < tokensLeft + 1) return;
    if (s.length > cellsLeft * 20) return;
    for (let len = 1; len < Math.min(s.length, 21); len++) {
      if (truncated) return;
      const part = s.slice(0, len);
      if (!validPart(part, kinds[c])) {
        if (part === "0" || /^[+-]?0\d/.test(part)) break;
        continue;
      }
      if (++steps > budget) {
        truncated = true;
        return;
      }
      if (!fits(c, partValue(part))) continue;
      acc.push(partValue(part));
      cut(s.slice(len), t, c + 1, tokensLeft);
      acc.pop();
    }
  };
  if (n > 0) rec(0, 0);
  return { out, truncated };
}

/** The plain depth-first walk over rows and candidates (the reference for `searchCombinations`). */
function plainCombinations(
  rows: readonly VariableRow[],
  eqs: readonly Equation[],
  budget: number,
  maxSolutions: number
) {
  const choice = rows.map(() => 0);
  const value = (t: { row: number; column: number; value: number }) =>
    t.row < 0 ? t.value : rows[t.row].values[choice[t.row] * rows[t.row].width + t.column];
  const holds = (eq: Equation) =>
    Math.abs(
      eq.left.reduce((s, t) => s + value(t), 0) - eq.right.reduce((s, t) => s + value(t), 0)
    ) < 1e-7;
  const byLast = new Map<number, Equation[]>();
  for (const eq of eqs) {
    const last = Math.max(-1, ...[...eq.left, ...eq.right].map((t) => t.row));
    if (last < 0) continue;
    byLast.set(last, [...(byLast.get(last) ?? []), eq]);
  }
  const solutions: number[][] = [];
  let steps = 0;
  let capped = false;
  let outOfSteps = false;
  const search = (vi: number): void => {
    if (capped) return;
    if (vi === rows.length) {
      solutions.push([...choice]);
      if (solutions.length >= maxSolutions) capped = true;
      return;
    }
    for (let k = 0; k < rows[vi].values.length / rows[vi].width; k++) {
      if (++steps > budget) {
        capped = outOfSteps = true;
        return;
      }
      choice[vi] = k;
      if ((byLast.get(vi) ?? []).every(holds)) search(vi + 1);
      if (capped) return;
    }
  };
  if (rows.length) search(0);
  return { solutions, capped, outOfSteps };
}

const KINDS: CellKind[] = ["count", "signed", "money", "amount"];

/** Printed numbers as the page gives them: digit runs (often with zeros), signs, decimals, placeholders. */
const tokenArb: fc.Arbitrary<Token> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.stringMatching(/^[0-9]{1,12}$/).map((text) => ({ text, sep: "weak" as const })),
  },
  {
    weight: 3,
    arbitrary: fc.stringMatching(/^[0-9]{8,30}$/).map((text) => ({ text, sep: "none" as const })),
  },
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[+-][0-9]{1,4}$|^[0-9]{1,4}\.[0-9]{1,3}$/)
      .map((text) => ({ text, sep: "strong" as const })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("—", "/", "无")
      .map((text) => ({ text, placeholder: true, sep: "strong" as const })),
  }
);

const rowArb = fc.oneof(
  // Table 三 rows (总计 last) and table 四's row (three groups of five), with and without the sum groups.
  fc.record({
    kinds: fc.constant(new Array<CellKind>(7).fill("count")),
    groups: fc.constantFrom<number[] | undefined>([7], undefined),
    tokens: fc.array(tokenArb, { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kinds: fc.constant(new Array<CellKind>(15).fill("count")),
    groups: fc.constantFrom<number[] | undefined>([5, 5, 5], undefined),
    tokens: fc.array(tokenArb, { minLength: 1, maxLength: 16 }),
  }),
  // Table 二 rows: a few cells of any kind.
  fc.record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 4 }),
    groups: fc.constant(undefined),
    tokens: fc.array(tokenArb, { minLength: 1, maxLength: 5 }),
  })
);

function totalsOf(n: number, groups?: number[]): (number | undefined)[] | undefined {
  if (!groups) return undefined;
  const totals = new Array<number | undefined>(n).fill(undefined);
  let at = 0;
  for (const size of groups) {
    totals[at + size - 1] = at;
    at += size;
  }
  return totals;
}

describe("importers: the pruned searches find what the plain walks find", function () {
  this.timeout(120_000);

  it("splitting digit runs: the same readings in the same order (when the plain walk finishes)", () => {
    let compared = 0;
    fc.assert(
      fc.property(rowArb, ({ kinds, groups, tokens }) => {
        const totals = totalsOf(kinds.length, groups);
        const plain = plainEnumerate(tokens, kinds, 200_000, 4_000, totals);
        const pruned = enumerate(tokens, kinds, 200_000, 4_000, totals);
        if (plain.truncated) return;
        compared++;
        assert.equal(pruned.truncated, false);
        assert.deepEqual(
          pruned.out.map((c) => c.values),
          plain.out
        );
        pruned.out.forEach((c, i) => assert.equal(c.order, i));
      }),
      { numRuns: 1500, seed: 20240131 }
    );
    assert.ok(compared > 1000, `${compared} compared`);
  });

  it("splitting a long run with a total: a third of the plain walk's steps, the same single reading", () => {
    // 24 digits for 7 cells, the last the sum of the others: the plain walk takes ~145,000 steps for this one.
    const tokens: Token[] = [{ text: "671367154915910687754985", sep: "strong" }];
    const kinds = new Array<CellKind>(7).fill("count");
    const plain = plainEnumerate(tokens, kinds, 200_000, 4_000, totalsOf(7, [7]));
    const pruned = enumerate(tokens, kinds, 50_000, 4_000, totalsOf(7, [7]));
    assert.equal(pruned.truncated, false, "within 50,000 steps");
    assert.deepEqual(
      pruned.out.map((c) => c.values),
      plain.out
    );
  });

  const small = fc.integer({ min: 0, max: 4 });
  const combinationsArb = fc
    .record({
      widths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
      counts: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 6, maxLength: 6 }),
      values: fc.array(small, { minLength: 6 * 12 * 3, maxLength: 6 * 12 * 3 }),
      eqCount: fc.integer({ min: 0, max: 5 }),
      eqTerms: fc.array(
        fc.tuple(
          fc.boolean(),
          fc.integer({ min: -1, max: 5 }),
          fc.integer({ min: 0, max: 2 }),
          small
        ),
        { minLength: 40, maxLength: 40 }
      ),
      maxSolutions: fc.constantFrom(1, 4, 64),
      // Tenths now and then: sums that are equal only up to rounding (0.1 + 0.2 against 0.3).
      scale: fc.constantFrom(1, 1, 1, 0.1),
    })
    .map(({ widths, counts, values, eqCount, eqTerms, maxSolutions, scale }) => {
      const rows: VariableRow[] = widths.map((width, vi) => ({
        width,
        values: Float64Array.from(
          values.slice(vi * 36, vi * 36 + counts[vi] * width),
          (x) => x * scale
        ),
      }));
      const eqs: Equation[] = [];
      for (let e = 0; e < eqCount; e++) {
        const left: Equation["left"][number][] = [];
        const right: Equation["left"][number][] = [];
        for (const [onLeft, row, column, value] of eqTerms.slice(
          e * 8,
          e * 8 + 1 + ((e * 3) % 7)
        )) {
          const term =
            row < 0 || row >= rows.length
              ? { row: -1, column: -1, value: value * scale }
              : { row, column: column % rows[row].width, value: 0 };
          (onLeft ? left : right).push(term);
        }
        eqs.push({ left, right });
      }
      return { rows, eqs, maxSolutions };
    });

  it("table 三's readings under the column rules: the same solutions in the same order, capped alike", () => {
    let compared = 0;
    fc.assert(
      fc.property(combinationsArb, ({ rows, eqs, maxSolutions }) => {
        const plain = plainCombinations(rows, eqs, 300_000, maxSolutions);
        if (plain.outOfSteps) return;
        compared++;
        const pruned = searchCombinations(rows, eqs, 300_000, maxSolutions);
        assert.deepEqual(pruned, plain);
      }),
      { numRuns: 3000, seed: 20240131 }
    );
    assert.ok(compared > 2500, `${compared} compared`);
  });

  it("table 三: rows no rule involves multiply the plain walk, not the pruned one", () => {
    // Two rows tied by a rule (x = y) around six rows no rule involves, of 1,000 candidates each.
    const row = (k: number, f: (i: number) => number): VariableRow => ({
      width: 1,
      values: Float64Array.from({ length: k }, (_, i) => f(i)),
    });
    const free = Array.from({ length: 6 }, () => row(1000, (i) => i % 7));
    const eqs: Equation[] = [
      { left: [{ row: 0, column: 0, value: 0 }], right: [{ row: 7, column: 0, value: 0 }] },
    ];
    // No x equals any y: the plain walk tries every free combination under every x and runs out of steps.
    const none = [row(50, (i) => i), ...free, row(50, (i) => 100 + i)];
    assert.equal(plainCombinations(none, eqs, 300_000, 64).outOfSteps, true);
    assert.deepEqual(searchCombinations(none, eqs, 300_000, 64), {
      solutions: [],
      capped: false,
      outOfSteps: false,
    });
    // x = y for x = 0, y = 49 − 49: the first 64 solutions vary the last free row, as the plain walk finds them.
    const some = [row(50, (i) => i), ...free, row(50, (i) => 49 - i)];
    const r = searchCombinations(some, eqs, 300_000, 64);
    assert.deepEqual(r, plainCombinations(some, eqs, 300_000, 64));
    assert.equal(r.capped, true);
    assert.deepEqual(r.solutions[0], [0, 0, 0, 0, 0, 0, 0, 49]);
    assert.deepEqual(r.solutions[63], [0, 0, 0, 0, 0, 0, 63, 49]);
  });
});
