import { cellId, type CellKind, type CellRef, type FormatModel } from "./format";
import type { RuleInstance } from "./rules";
import { explainChanges, type SlipKind } from "./slips";
import { kindProblem, type RawValue } from "./values";

/**
 * Error localization (Fellegi–Holt, as R's errorlocate does): the hard rules are linear equations over the cells;
 * find the cheapest sets of cells whose change makes every equation hold, with the values they must take.
 *
 * Cost of changing a cell: an unreadable cell (text, #REF!) 0.1 — it has no value and must get one; a blank 0.6 —
 * blanks are the cheapest to fill, yet two blanks (1.2) never outrank one wrong number (1); any other cell 1.
 * A 总计 left blank is derivable from its parts and does not count against the budget: it is eliminated from the
 * equations first and filled back in (see `reduce`). Sets of typed cells are enumerated by size (iterative deepening
 * over the equations that lack a change) up to `maxSize` (5); every set of the least cost is returned, ranked by how
 * well a clerk's slip explains it — never one guess as certain. When no set that small exists, the fallback recomputes
 * totals from their parts (a whole 总计 column left 0), or else offers the part that is certain (certainty `partial`).
 * A negative count is read as a sign slip (-3 for 3): its own fix, and the search starts from the corrected sign.
 */

export interface LocalizeCell {
  /** The number used in the rules; undefined when the cell is unreadable. */
  value: number | undefined;
  raw: RawValue;
  blank: boolean;
}

export interface LocalizeInput {
  model: FormatModel;
  /** Equations whose cells are all present in the report. */
  instances: readonly RuleInstance[];
  cell(ref: CellRef): LocalizeCell;
  maxSize?: number;
  /** Bound on search nodes per component, so a pathological report cannot hang the checker. */
  maxNodes?: number;
}

export interface FixChange {
  cell: CellRef;
  from: RawValue;
  to: number;
  slip?: SlipKind;
}

export interface Fix {
  changes: FixChange[];
  /** Rule ids whose broken equations this fix makes hold. */
  resolves: string[];
  cost: number;
  /**
   * unique: the only cheapest fix for these equations; oneOf: one of several equally cheap fixes (alternatives share a
   * group); recomputed: totals recomputed from their parts, when no small fix exists; partial: no complete fix was
   * found (more slips than the search covers) and this is the part that is certain (blank totals from their parts, a
   * cell every equation of which agrees on), possibly nothing — check again after applying it.
   */
  certainty: "unique" | "oneOf" | "recomputed" | "partial";
  /** Fixes with the same group are alternatives for the same broken equations. */
  group: number;
  /** 1 for the best fix of its group. */
  rank: number;
}

const EPS = 1e-7;
const WEIGHT = { unknown: 0.1, blank: 0.6, value: 1 };
const TOTAL_PRIOR = 0.01; // among equals, a 总计 is a slightly likelier slip than a detail cell

interface Eq {
  inst: RuleInstance;
  cells: number[];
  coef: number[];
}

interface Candidate {
  set: number[];
  delta: number[];
  cost: number;
  slipScore: number;
  slips: (SlipKind | undefined)[];
}

export function localize(input: LocalizeInput): Fix[] {
  const { model } = input;
  const maxSize = input.maxSize ?? 5;
  const maxNodes = input.maxNodes ?? 200_000;

  // Dense indexing of the cells the equations use.
  const index = new Map<string, number>();
  const refs: CellRef[] = [];
  const eqs: Eq[] = input.instances.map((inst) => {
    const cells: number[] = [];
    const coef: number[] = [];
    const add = (ref: CellRef, c: number) => {
      const id = cellId(ref);
      let j = index.get(id);
      if (j === undefined) {
        j = refs.length;
        index.set(id, j);
        refs.push(ref);
      }
      cells.push(j);
      coef.push(c);
    };
    inst.left.forEach((r) => add(r, 1));
    inst.right.forEach((r) => add(r, -1));
    return { inst, cells, coef };
  });
  const info = refs.map((r) => input.cell(r));
  const kind: CellKind[] = refs.map((r) => model.kindOf(r));
  // A negative number where only numbers ≥ 0 are allowed is read as the clerk's sign slip (-3 typed for 3): the
  // search starts from 3, and every fix of its component carries that change.
  const flipped = info.map((c, j) => c.value !== undefined && c.value < 0 && kind[j] !== "signed");
  const x0 = info.map((c, j) => (flipped[j] ? -c.value! : (c.value ?? 0)));
  let compFlips: number[] = [];
  const isTotal = refs.map(
    (r) => !!model.row(r.table, r.row).total || !!model.column(r.table, r.column).total
  );
  const weight = info.map(
    (c, j) =>
      (c.value === undefined ? WEIGHT.unknown : c.blank ? WEIGHT.blank : WEIGHT.value) -
      (isTotal[j] ? TOTAL_PRIOR : 0)
  );
  const cellEqs: number[][] = refs.map(() => []);
  eqs.forEach((e, i) => e.cells.forEach((j) => cellEqs[j].push(i)));
  const residual = eqs.map((e) => e.cells.reduce((s, j, k) => s + e.coef[k] * x0[j], 0));

  const slipContext = {
    model,
    valueOf: (ref: CellRef) => {
      const j = index.get(cellId(ref));
      return j === undefined ? input.cell(ref).value : info[j].value;
    },
    isBlank: (ref: CellRef) => input.cell(ref).blank,
    isTotal: (ref: CellRef) =>
      !!model.row(ref.table, ref.row).total || !!model.column(ref.table, ref.column).total,
  };

  // Components: equations that share cells must be solved together; independent ones separately.
  const parent = eqs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  cellEqs.forEach((list) => list.slice(1).forEach((i) => (parent[find(i)] = find(list[0]))));
  const components = new Map<number, number[]>();
  eqs.forEach((_, i) => {
    const root = find(i);
    if (!components.has(root)) components.set(root, []);
    components.get(root)!.push(i);
  });

  /** A fix from the typed cells changed and the blank totals filled in (these cost nothing: they follow). */
  function candidate(
    typed: number[],
    delta: number[],
    free: number[] = [],
    freeDelta: number[] = []
  ): Candidate {
    const set = [...typed];
    const all = [...delta];
    free.forEach((j, k) => {
      if (Math.abs(freeDelta[k]) > EPS) {
        set.push(j);
        all.push(freeDelta[k]);
      }
    });
    const changes = set.map((j, k) => ({
      cell: refs[j],
      from: info[j].value,
      to: x0[j] + all[k],
    }));
    const slips = explainChanges(slipContext, changes);
    const cost = typed.reduce((s, j) => s + weight[j], 0);
    return { set, delta: all, cost, slips, slipScore: slips.filter(Boolean).length };
  }

  /**
   * A component's equations with the blank totals eliminated. A 总计 left blank is derivable from its parts, so it
   * does not count against the size budget: Gauss–Jordan elimination solves each blank total from one equation
   * (its pivot row) and substitutes it into the others; the search then runs over the reduced equations, whose
   * cells are the ones a clerk actually typed, and the blank totals are filled back in from their pivot rows.
   */
  interface Reduced {
    rows: { cells: number[]; coef: number[]; rhs: number }[];
    /** Per eliminated blank total: its pivot row (coefficients over non-free cells) and the right-hand side. */
    pivots: { cell: number; a: number; cells: number[]; coef: number[]; rhs: number }[];
    /** An equation over blank totals only that cannot hold: no search can help. */
    inconsistent: boolean;
  }

  function reduce(compEqs: number[], free: number[]): Reduced {
    const local = new Map<number, number>();
    const cols: number[] = [];
    for (const i of compEqs)
      for (const j of eqs[i].cells)
        if (!local.has(j)) {
          local.set(j, cols.length);
          cols.push(j);
        }
    const n = cols.length;
    const m = compEqs.map((i) => {
      const row = new Array<number>(n + 1).fill(0);
      eqs[i].cells.forEach((j, k) => (row[local.get(j)!] += eqs[i].coef[k]));
      row[n] = -residual[i];
      return row;
    });
    const used = new Set<number>();
    const pivotRows: { cell: number; row: number }[] = [];
    for (const f of free) {
      const c = local.get(f)!;
      let p = -1;
      for (let r = 0; r < m.length; r++)
        if (
          !used.has(r) &&
          Math.abs(m[r][c]) > EPS &&
          (p < 0 || Math.abs(m[r][c]) > Math.abs(m[p][c]))
        )
          p = r;
      if (p < 0) continue; // already determined by other blank totals' rows: stays as it is
      used.add(p);
      pivotRows.push({ cell: f, row: p });
      for (let r = 0; r < m.length; r++) {
        if (r === p || Math.abs(m[r][c]) < EPS) continue;
        const factor = m[r][c] / m[p][c];
        for (let k = 0; k <= n; k++) m[r][k] -= factor * m[p][k];
      }
    }
    const freeSet = new Set(pivotRows.map((p) => p.cell));
    const sparse = (row: number[]) => {
      const cells: number[] = [];
      const coef: number[] = [];
      row.slice(0, n).forEach((v, k) => {
        if (Math.abs(v) > EPS && !freeSet.has(cols[k])) {
          cells.push(cols[k]);
          coef.push(v);
        }
      });
      return { cells, coef, rhs: Math.abs(row[n]) < EPS ? 0 : row[n] };
    };
    const rows: Reduced["rows"] = [];
    let inconsistent = false;
    m.forEach((row, r) => {
      if (used.has(r)) return;
      const s = sparse(row);
      if (s.cells.length === 0) inconsistent ||= s.rhs !== 0;
      else rows.push(s);
    });
    const pivots = pivotRows.map(({ cell, row }) => ({
      cell,
      a: m[row][local.get(cell)!],
      ...sparse(m[row]),
    }));
    return { rows, pivots, inconsistent };
  }

  /** Whether a cell may take this value: whole for counts, ≥ 0 unless signed. */
  function admissible(j: number, to: number): number | undefined {
    if (kind[j] === "count" || kind[j] === "signed") {
      if (Math.abs(to - Math.round(to)) > EPS) return undefined;
      to = Math.round(to);
    }
    if (kind[j] !== "signed" && to < -EPS) return undefined;
    return to;
  }

  /**
   * Search for the smallest sets of typed cells that make the reduced equations hold. Every broken equation must
   * have a changed cell, and an equation that holds must have none or at least two (one change alone would break
   * it): the search branches on the equation that lacks one, with the fewest cells to choose from.
   */
  function searchComponent(red: Reduced): Candidate[] {
    const rows = red.rows;
    const broken = rows.map((r) => r.rhs !== 0);
    if (!broken.some(Boolean)) return [];
    const rowsOf = new Map<number, number[]>();
    rows.forEach((r, i) =>
      r.cells.forEach((j) => {
        if (!rowsOf.has(j)) rowsOf.set(j, []);
        rowsOf.get(j)!.push(i);
      })
    );
    const maxHit = Math.max(...[...rowsOf.values()].map((l) => l.length));
    const minWeight = Math.min(...[...rowsOf.keys()].map((j) => weight[j]));
    const found: Candidate[] = [];
    const tried = new Set<string>();
    let nodes = 0;
    const hits = rows.map(() => 0);

    const solve = (set: number[]): { delta: number[]; freeDelta: number[] } | undefined => {
      const touched = new Set<number>();
      set.forEach((j) => rowsOf.get(j)!.forEach((i) => touched.add(i)));
      const n = set.length;
      const m = [...touched].map((i) => {
        const r = rows[i];
        return [
          ...set.map((j) => {
            const k = r.cells.indexOf(j);
            return k < 0 ? 0 : r.coef[k];
          }),
          r.rhs,
        ];
      });
      let rank = 0;
      for (let col = 0; col < n && rank < m.length; col++) {
        let pivot = rank;
        for (let r = rank + 1; r < m.length; r++)
          if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
        if (Math.abs(m[pivot][col]) < EPS) return undefined; // dependent columns: not a minimal set
        [m[rank], m[pivot]] = [m[pivot], m[rank]];
        for (let r = 0; r < m.length; r++) {
          if (r === rank) continue;
          const f = m[r][col] / m[rank][col];
          if (f !== 0) for (let c = col; c <= n; c++) m[r][c] -= f * m[rank][c];
        }
        rank++;
      }
      if (rank < n) return undefined;
      for (let r = n; r < m.length; r++) if (Math.abs(m[r][n]) > EPS) return undefined; // inconsistent
      const delta = set.map((_, k) => m[k][n] / m[k][k]);
      for (let k = 0; k < n; k++) {
        const j = set[k];
        if (Math.abs(delta[k]) < EPS && info[j].value !== undefined) return undefined; // no change: not minimal
        const to = admissible(j, x0[j] + delta[k]);
        if (to === undefined) return undefined;
        delta[k] = to - x0[j];
      }
      // The blank totals, from their pivot rows.
      const freeDelta: number[] = [];
      for (const p of red.pivots) {
        let v = p.rhs;
        p.cells.forEach((j, k) => {
          const s = set.indexOf(j);
          if (s >= 0) v -= p.coef[k] * delta[s];
        });
        const to = admissible(p.cell, x0[p.cell] + v / p.a);
        if (to === undefined) return undefined;
        freeDelta.push(to - x0[p.cell]);
      }
      return { delta, freeDelta };
    };

    const visited = new Set<string>();
    const dfs = (set: number[], size: number) => {
      if (++nodes > maxNodes) return;
      if (set.length === size) {
        if (rows.some((_, i) => (broken[i] ? hits[i] === 0 : hits[i] === 1))) return;
        const key = [...set].sort((a, b) => a - b).join(",");
        if (tried.has(key)) return;
        tried.add(key);
        const d = solve(set);
        if (d)
          found.push(
            candidate(
              set,
              d.delta,
              red.pivots.map((p) => p.cell),
              d.freeDelta
            )
          );
        return;
      }
      const key = [...set].sort((a, b) => a - b).join(",");
      if (visited.has(key)) return;
      visited.add(key);
      let lacking = 0;
      let branchRow = -1;
      let branchSize = Infinity;
      rows.forEach((r, i) => {
        if (broken[i] ? hits[i] > 0 : hits[i] !== 1) return;
        lacking++;
        const open = r.cells.length - hits[i];
        if (open < branchSize) {
          branchSize = open;
          branchRow = i;
        }
      });
      const left = size - set.length;
      if (lacking > left * maxHit) return;
      // Nothing lacking but the set does not solve: a further cell can only help where the set already acts.
      const branch =
        branchRow >= 0
          ? rows[branchRow].cells
          : [...new Set(set.flatMap((j) => rowsOf.get(j)!.flatMap((i) => rows[i].cells)))];
      for (const j of branch) {
        if (set.includes(j)) continue;
        rowsOf.get(j)!.forEach((i) => hits[i]++);
        set.push(j);
        dfs(set, size);
        set.pop();
        rowsOf.get(j)!.forEach((i) => hits[i]--);
      }
    };

    for (let size = 1; size <= maxSize; size++) {
      const best = found.length ? Math.min(...found.map((c) => c.cost)) : Infinity;
      if (size * minWeight > best + EPS) break;
      visited.clear();
      dfs([], size);
      if (nodes > maxNodes) break;
    }
    if (found.length === 0) return [];
    const best = Math.min(...found.map((c) => c.cost));
    return found
      .filter((c) => c.cost <= best + 0.05) // within the tiny 总计 prior: equally cheap
      .sort(
        (a, b) =>
          b.slipScore - a.slipScore || a.cost - b.cost || Math.min(...a.set) - Math.min(...b.set)
      );
  }

  /**
   * When no complete fix is found: the part that is certain. A typed cell whose every equation is broken by the same
   * amount, in at least two equations (74 for 47 breaks its row and its column by 27), is changed by that amount; the
   * blank totals are then filled in from their parts. Undefined when nothing is certain.
   */
  function certainPart(red: Reduced): Candidate | undefined {
    const rowsOf = new Map<number, number[]>();
    red.rows.forEach((r, i) =>
      r.cells.forEach((j) => {
        if (!rowsOf.has(j)) rowsOf.set(j, []);
        rowsOf.get(j)!.push(i);
      })
    );
    const typed: number[] = [];
    const delta: number[] = [];
    for (const [j, list] of rowsOf) {
      if (list.length < 2) continue;
      const by = list.map((i) => red.rows[i].rhs / red.rows[i].coef[red.rows[i].cells.indexOf(j)]);
      if (by.some((d) => Math.abs(d) < EPS || Math.abs(d - by[0]) > EPS)) continue;
      const to = admissible(j, x0[j] + by[0]);
      if (to === undefined || Math.abs(to - x0[j]) < EPS) continue;
      typed.push(j);
      delta.push(to - x0[j]);
    }
    const freeCells: number[] = [];
    const freeDelta: number[] = [];
    for (const p of red.pivots) {
      let v = p.rhs;
      p.cells.forEach((j, k) => {
        const s = typed.indexOf(j);
        if (s >= 0) v -= p.coef[k] * delta[s];
      });
      const to = admissible(p.cell, x0[p.cell] + v / p.a);
      if (to === undefined) continue;
      freeCells.push(p.cell);
      freeDelta.push(to - x0[p.cell]);
    }
    const c = candidate(typed, delta, freeCells, freeDelta);
    return c.set.length ? c : undefined;
  }

  /** Fallback: set every broken total to the sum of its parts, in rule order; a fix only if all then hold. */
  function recomputeTotals(compEqs: number[]): Candidate | undefined {
    const x = [...x0];
    for (const i of compEqs) {
      const e = eqs[i];
      const sideOf = (k: number) => (e.coef[k] > 0 ? "left" : "right");
      const actual = e.cells.filter((_, k) => sideOf(k) !== e.inst.expectedSide);
      if (actual.length !== 1 || !isTotal[actual[0]]) continue;
      const sum = e.cells.reduce(
        (s, j, k) => (sideOf(k) === e.inst.expectedSide ? s + x[j] : s),
        0
      );
      x[actual[0]] = sum;
    }
    const holds = compEqs.every(
      (i) => Math.abs(eqs[i].cells.reduce((s, j, k) => s + eqs[i].coef[k] * x[j], 0)) < EPS
    );
    const set = x
      .map((v, j) => j)
      .filter(
        (j) =>
          x[j] !== x0[j] ||
          (info[j].value === undefined && compEqs.some((i) => eqs[i].cells.includes(j)))
      );
    if (!holds || set.length === 0) return undefined;
    return candidate(
      set,
      set.map((j) => x[j] - x0[j])
    );
  }

  const fixes: Fix[] = [];
  let group = 0;
  for (const compEqs of components.values()) {
    const broken = compEqs.filter((i) => Math.abs(residual[i]) > EPS);
    const unknownInComp = compEqs.some((i) =>
      eqs[i].cells.some((j) => info[j].value === undefined)
    );
    const cellsInComp = [...new Set(compEqs.flatMap((i) => eqs[i].cells))];
    compFlips = cellsInComp.filter((j) => flipped[j]);
    if (compFlips.length) {
      // The sign slips first, as a fix of their own: the other slips are searched from the corrected signs.
      const before = (i: number) =>
        eqs[i].cells.reduce((sum, j, q) => sum + eqs[i].coef[q] * (info[j].value ?? 0), 0);
      const nowBroken = new Set(broken.map((i) => eqs[i].inst.rule.id));
      const healed = compEqs
        .filter((i) => Math.abs(before(i)) > EPS && !nowBroken.has(eqs[i].inst.rule.id))
        .map((i) => eqs[i].inst.rule.id);
      fixes.push({
        changes: compFlips
          .map((j) => ({ cell: refs[j], from: info[j].raw, to: x0[j], slip: "sign" as const }))
          .sort((a, b) => model.indexOf(a.cell) - model.indexOf(b.cell)),
        resolves: [...new Set(healed), "T-NEGATIVE"],
        cost: compFlips.length,
        certainty: "unique",
        group: ++group,
        rank: 1,
      });
    }
    if (broken.length === 0 && !unknownInComp) continue;
    const free = [...new Set(compEqs.flatMap((i) => eqs[i].cells))].filter(
      (j) => info[j].blank && isTotal[j] && info[j].value !== undefined
    );
    const red = reduce(compEqs, free);
    let candidates = red.inconsistent ? [] : searchComponent(red);
    let certainty: Fix["certainty"] = candidates.length === 1 ? "unique" : "oneOf";
    if (candidates.length === 0) {
      const recomputed = recomputeTotals(compEqs);
      const part = recomputed ? undefined : red.inconsistent ? undefined : certainPart(red);
      if (recomputed) {
        candidates = [recomputed];
        certainty = "recomputed";
      } else if (part) {
        candidates = [part];
        certainty = "partial";
      } else {
        candidates = [candidate([], [])];
        certainty = "partial";
      }
    }
    group++;
    const allResolved = [...new Set(broken.map((i) => eqs[i].inst.rule.id))];
    candidates.forEach((c, k) => {
      // A partial fix resolves only the broken equations that hold once it is applied.
      let resolves = allResolved;
      if (certainty === "partial") {
        const x = [...x0];
        c.set.forEach((j, n) => (x[j] += c.delta[n]));
        const holds = (i: number) =>
          Math.abs(eqs[i].cells.reduce((sum, j, q) => sum + eqs[i].coef[q] * x[j], 0)) < EPS;
        const stillBroken = new Set(
          broken.filter((i) => !holds(i)).map((i) => eqs[i].inst.rule.id)
        );
        resolves = allResolved.filter((id) => !stillBroken.has(id));
      }
      // A fix that gives an unreadable, negative or fractional cell a proper value also settles that cell's T- error.
      const valueRules = new Set<string>();
      for (const j of c.set) {
        const v = info[j].value;
        const problem = v === undefined ? "unreadable" : kindProblem(v, kind[j]);
        if (problem)
          valueRules.add(
            problem === "unreadable"
              ? "T-NUMBER"
              : problem === "negative"
                ? "T-NEGATIVE"
                : "T-WHOLE"
          );
      }
      fixes.push({
        // Changes in the order of the printed table, so a fix reads top to bottom like the report.
        changes: c.set
          .map((j, n) => ({
            cell: refs[j],
            from: info[j].raw,
            to: x0[j] + c.delta[n],
            ...(c.slips[n] ? { slip: c.slips[n] } : {}),
          }))
          .sort((a, b) => model.indexOf(a.cell) - model.indexOf(b.cell)),
        resolves: [...resolves, ...valueRules],
        cost: Math.round(c.cost * 100) / 100,
        certainty,
        group,
        rank: k + 1,
      });
    });
  }
  // Best first: every group's best fix, then the alternatives.
  return fixes.sort((a, b) => a.rank - b.rank || a.group - b.group);
}
