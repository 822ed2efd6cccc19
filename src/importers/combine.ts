/**
 * Choosing one reading per ambiguous row of table 三 so that the column rules hold: a depth-first search over plain
 * arrays (cells.ts builds its input from the rows' candidates and the rules).
 */

/** One term of an equation side: a cell of a variable row (row ≥ 0, its column), or a fixed value (row −1). */
export interface Term {
  row: number;
  column: number;
  value: number;
}

/** Σ left = Σ right. */
export interface Equation {
  left: readonly Term[];
  right: readonly Term[];
}

/** A row with more than one reading: its candidates' values, candidate by candidate (values[k · width + column]). */
export interface VariableRow {
  width: number;
  values: Float64Array;
}

/** The first index of a sorted array whose value is ≥ x (> x when `after`). */
function lowerBound(a: Float64Array, x: number, after = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x || (after && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The combinations of readings of table 三's ambiguous rows (one candidate per row) that satisfy every column rule
 * (R3-1, R3-3): the first `maxSolutions` in the order of a depth-first walk over the rows and their candidates (row 0's
 * first candidate first), stopping after `budget` steps. `capped` says the list stopped there (more solutions, or the
 * budget ran out: `outOfSteps`).
 *
 * The walk is pruned without changing what it finds: a partial choice is dropped when an equation can no longer
 * balance (bounds on what the rows still to choose can add), when the row that completes an equation has no
 * candidate that balances it (looked up, not tried one by one), and rows no equation involves are walked with their
 * first candidate only, their other candidates combined in afterwards in the same order.
 */
export function searchCombinations(
  rows: readonly VariableRow[],
  eqs: readonly Equation[],
  budget = 300_000,
  maxSolutions = 64
): { solutions: number[][]; capped: boolean; outOfSteps: boolean } {
  const V = rows.length;
  const width = rows.map((r) => r.width);
  const count = rows.map((r) => (r.width ? r.values.length / r.width : 0));
  const vals = rows.map((r) => r.values);
  interface Terms {
    vi: Int32Array; // −1 for a fixed value
    col: Int32Array;
    fixed: Float64Array;
  }
  const terms = (side: readonly Term[]): Terms => {
    const t: Terms = {
      vi: new Int32Array(side.length),
      col: new Int32Array(side.length),
      fixed: new Float64Array(side.length),
    };
    side.forEach((x, i) => {
      t.vi[i] = x.row;
      t.col[i] = x.row < 0 ? -1 : x.column;
      t.fixed[i] = x.row < 0 ? x.value : 0;
    });
    return t;
  };
  const compiled = eqs.map((eq) => ({ left: terms(eq.left), right: terms(eq.right) }));
  const choice = new Int32Array(V);
  const sideSum = (t: Terms): number => {
    let s = 0;
    for (let i = 0; i < t.vi.length; i++) {
      const vi = t.vi[i];
      s += vi < 0 ? t.fixed[i] : vals[vi][choice[vi] * width[vi] + t.col[i]];
    }
    return s;
  };
  // The rule check itself, summing each side in the order the rule lists its cells.
  const holds = (e: number) =>
    Math.abs(sideSum(compiled[e].left) - sideSum(compiled[e].right)) < 1e-7;
  // For each equation: the last variable row it depends on (evaluated once that row is assigned).
  const byLast: number[][] = Array.from({ length: V }, () => []);
  const lastOf = new Int32Array(eqs.length).fill(-1);
  compiled.forEach((eq, e) => {
    let last = -1;
    for (const t of [eq.left, eq.right]) for (const vi of t.vi) last = Math.max(last, vi);
    lastOf[e] = last;
    if (last >= 0) byLast[last].push(e); // only fixed cells: the report's own business
  });

  // Pruning by bounds: each equation as Σ left − Σ right = 0; what each variable row can add to it (its least and
  // greatest over its candidates), summed over the rows still to choose. A partial choice that cannot reach 0 within
  // those bounds has no solution below it, so it is skipped. Solutions, and the order they are found in, stay the same.
  const E = eqs.length;
  const contrib = rows.map((_, vi) => {
    const K = count[vi];
    const w = width[vi];
    const c = new Float64Array(K * E);
    compiled.forEach((eq, e) => {
      for (const [t, sign] of [
        [eq.left, 1],
        [eq.right, -1],
      ] as const)
        for (let i = 0; i < t.vi.length; i++)
          if (t.vi[i] === vi)
            for (let k = 0; k < K; k++) c[k * E + e] += sign * vals[vi][k * w + t.col[i]];
    });
    return c;
  });
  const restLo = new Float64Array((V + 1) * E); // Σ over rows ≥ vi of their least contribution
  const restHi = new Float64Array((V + 1) * E);
  const scale = new Float64Array(E); // magnitude of the equation's terms, for the rounding slack
  for (let vi = V - 1; vi >= 0; vi--) {
    const K = count[vi];
    for (let e = 0; e < E; e++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < K; k++) {
        const x = contrib[vi][k * E + e];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      restLo[vi * E + e] = restLo[(vi + 1) * E + e] + lo;
      restHi[vi * E + e] = restHi[(vi + 1) * E + e] + hi;
      scale[e] += Math.max(Math.abs(lo), Math.abs(hi));
    }
  }
  const partial = new Float64Array((V + 1) * E); // fixed terms plus the contributions of the rows chosen so far
  compiled.forEach((eq, e) => {
    let f = scale[e];
    for (const [t, sign] of [
      [eq.left, 1],
      [eq.right, -1],
    ] as const)
      for (let i = 0; i < t.vi.length; i++)
        if (t.vi[i] < 0) {
          partial[e] += sign * t.fixed[i];
          f += Math.abs(t.fixed[i]);
        }
    scale[e] = 1e-6 + 1e-12 * f;
  });
  // Rows vi… still to choose; equations whose last row is before vi were checked exactly already.
  const within = (vi: number, e: number) => {
    const p = partial[vi * E + e];
    return p + restLo[vi * E + e] <= scale[e] && p + restHi[vi * E + e] >= -scale[e];
  };
  const reachable = (vi: number): boolean => {
    for (let e = 0; e < E; e++) if (lastOf[e] >= vi && !within(vi, e)) return false;
    return true;
  };
  // Once row vi is chosen only the open equations it is part of can have changed.
  const rowsOf = compiled.map((eq) => [...eq.left.vi, ...eq.right.vi].filter((vi) => vi >= 0));
  const involved = rows.map((_, vi) =>
    compiled.flatMap((eq, e) => (lastOf[e] > vi && rowsOf[e].includes(vi) ? [e] : []))
  );
  // When an equation has one row left to choose, that row must hold a candidate that balances it exactly: each
  // equation's possible contributions of its last row, sorted, are looked up once the row before it is chosen.
  const lastValues = compiled.map((_, e) => {
    const j = lastOf[e];
    if (j < 0) return new Float64Array(0);
    const K = count[j];
    const a = new Float64Array(K);
    for (let k = 0; k < K; k++) a[k] = contrib[j][k * E + e];
    return a.sort();
  });
  // Depth (rows chosen) → equations to look up then. Not when the last row comes next: choosing it looks them up anyway.
  const balancedAt: number[][] = Array.from({ length: V + 1 }, () => []);
  compiled.forEach((_, e) => {
    if (lastOf[e] < 0) return;
    const before = Math.max(-1, ...rowsOf[e].filter((vi) => vi !== lastOf[e]));
    if (before + 1 < lastOf[e] || count[lastOf[e]] <= 8) balancedAt[before + 1].push(e);
  });
  // For the row that completes equations: its candidates by their contributions to them. With whole numbers (every
  // count is one) that is an exact lookup; otherwise each equation's contributions are searched, sorted, within the
  // rounding slack.
  const completing = new Map<
    number,
    { exact?: Map<number, number[]>; sorted: Map<number, { value: Float64Array; k: Int32Array }> }
  >();
  const mix = (h: number, v: number) =>
    Math.imul(h ^ (v | 0), 0x01000193) ^ Math.floor(v / 4294967296);
  const want = new Float64Array(E);
  const balancing = (vi: number, eqs: readonly number[]): number[] => {
    let index = completing.get(vi);
    const K = count[vi];
    const cv = contrib[vi];
    const m = eqs.length;
    if (!index) {
      index = { sorted: new Map() };
      let whole = true;
      for (let k = 0; k < K && whole; k++)
        for (let i = 0; i < m && whole; i++) whole = Number.isSafeInteger(cv[k * E + eqs[i]]);
      if (whole) {
        const exact = new Map<number, number[]>();
        for (let k = 0; k < K; k++) {
          let h = 0x811c9dc5;
          for (let i = 0; i < m; i++) h = mix(h, cv[k * E + eqs[i]]);
          const ks = exact.get(h);
          if (ks) ks.push(k);
          else exact.set(h, [k]);
        }
        index.exact = exact;
      }
      completing.set(vi, index);
    }
    const base = vi * E;
    let whole = !!index.exact;
    for (let i = 0; i < m; i++) {
      want[i] = -partial[base + eqs[i]];
      if (!Number.isSafeInteger(want[i])) whole = false;
    }
    if (whole) {
      let h = 0x811c9dc5;
      for (let i = 0; i < m; i++) h = mix(h, want[i]);
      const ks = index.exact!.get(h);
      if (!ks) return [];
      const out: number[] = [];
      for (const k of ks) {
        let same = true;
        for (let i = 0; i < m && same; i++) same = cv[k * E + eqs[i]] === want[i];
        if (same) out.push(k);
      }
      return out;
    }
    // The candidates within reach of each equation's balance; those of the narrowest, checked against the others.
    let best:
      { sorted: { value: Float64Array; k: Int32Array }; lo: number; hi: number } | undefined;
    for (const e of eqs) {
      let sorted = index.sorted.get(e);
      if (!sorted) {
        const ks = Array.from({ length: K }, (_, k) => k).sort(
          (a, b) => contrib[vi][a * E + e] - contrib[vi][b * E + e]
        );
        sorted = {
          value: Float64Array.from(ks, (k) => contrib[vi][k * E + e]),
          k: Int32Array.from(ks),
        };
        index.sorted.set(e, sorted);
      }
      const w = -partial[vi * E + e];
      const from = lowerBound(sorted.value, w - scale[e]);
      const to = lowerBound(sorted.value, w + scale[e], true);
      if (!best || to - from < best.hi - best.lo) best = { sorted, lo: from, hi: to };
      if (to === from) return [];
    }
    const out: number[] = [];
    for (let i = best!.lo; i < best!.hi; i++) {
      const k = best!.sorted.k[i];
      if (eqs.every((e) => Math.abs(contrib[vi][k * E + e] + partial[vi * E + e]) <= scale[e]))
        out.push(k);
    }
    return out.sort((a, b) => a - b);
  };
  const canBalance = (depth: number, e: number): boolean => {
    const want = -partial[depth * E + e];
    const a = lastValues[e];
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < want - scale[e]) lo = mid + 1;
      else hi = mid;
    }
    return lo < a.length && a[lo] <= want + scale[e];
  };
  const free = rows.map((_, vi) => !rowsOf.some((rows) => rows.includes(vi)));
  const solutions: number[][] = [];
  let steps = 0;
  let capped = false;
  let outOfSteps = false;
  const BUDGET = budget;
  const MAX_SOLUTIONS = maxSolutions;
  const search = (vi: number): void => {
    if (capped) return;
    // Rows no equation involves are passed with their first candidate (one step each, as if tried).
    if (vi < V && free[vi]) {
      let to = vi;
      while (to < V && free[to]) choice[to++] = 0;
      steps += to - vi;
      if (steps > BUDGET) {
        capped = outOfSteps = true;
        return;
      }
      partial.copyWithin(to * E, vi * E, vi * E + E);
      vi = to;
    }
    if (vi === V) {
      solutions.push([...choice]);
      if (solutions.length >= MAX_SOLUTIONS) capped = true;
      return;
    }
    explore(vi);
  };
  const explore = (vi: number): void => {
    const K = count[vi];
    const checks = byLast[vi];
    const next = involved[vi];
    const balance = balancedAt[vi + 1];
    const c = contrib[vi];
    // The row completes an equation: only the candidates that balance it can pass (in their order).
    const only = checks.length && K > 8 ? balancing(vi, checks) : undefined;
    const tries = only ? only.length : K;
    for (let i = 0; i < tries; i++) {
      const k = only ? only[i] : i;
      if (++steps > BUDGET) {
        capped = true;
        outOfSteps = true;
        return;
      }
      choice[vi] = k;
      let ok = true;
      for (let j = 0; j < checks.length && ok; j++) ok = holds(checks[j]);
      if (!ok) continue;
      for (let e = 0; e < E; e++) partial[(vi + 1) * E + e] = partial[vi * E + e] + c[k * E + e];
      let open = true;
      for (let i = 0; i < next.length && open; i++) open = within(vi + 1, next[i]);
      for (let i = 0; i < balance.length && open; i++) open = canBalance(vi + 1, balance[i]);
      if (open) search(vi + 1);
      if (capped) return;
    }
  };
  if (reachable(0) && balancedAt[0].every((e) => canBalance(0, e))) search(0);
  if (!free.some(Boolean)) return { solutions, capped, outOfSteps };
  // The solutions with every free row at its first candidate, in order; the first 64 of all solutions are among
  // their combinations with the free rows' candidates (each of those orders after the same choice with fewer found).
  const all: number[][] = [];
  const full = new Array<number>(V).fill(0);
  const expand = (vi: number, among: number[][]): void => {
    if (all.length >= MAX_SOLUTIONS || !among.length) return;
    if (vi === V) {
      all.push([...full]);
      return;
    }
    if (free[vi]) {
      for (let k = 0; k < count[vi] && all.length < MAX_SOLUTIONS; k++) {
        full[vi] = k;
        expand(vi + 1, among);
      }
      return;
    }
    const ks = [...new Set(among.map((sol) => sol[vi]))].sort((a, b) => a - b);
    for (const k of ks) {
      full[vi] = k;
      expand(
        vi + 1,
        among.filter((sol) => sol[vi] === k)
      );
    }
  };
  expand(0, solutions);
  let combinations = solutions.length;
  for (let vi = 0; vi < V; vi++) if (free[vi]) combinations *= count[vi];
  return { solutions: all, capped: capped || combinations >= MAX_SOLUTIONS, outOfSteps };
}
