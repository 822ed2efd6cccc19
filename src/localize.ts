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
 * Sets are enumerated by size (iterative deepening over hitting sets of the broken equations) up to `maxSize`;
 * every set of the least cost is returned, ranked by how well a clerk's slip explains it — never one guess as certain.
 * When no set that small exists (a whole 总计 column left 0), the fallback recomputes totals from their parts.
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
   * group); recomputed: totals recomputed from their parts, when no small fix exists.
   */
  certainty: "unique" | "oneOf" | "recomputed";
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
  const maxSize = input.maxSize ?? 3;
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
  const x0 = info.map((c) => c.value ?? 0);
  const kind: CellKind[] = refs.map((r) => model.kindOf(r));
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
  const coefOf = (i: number, j: number) => {
    const k = eqs[i].cells.indexOf(j);
    return k < 0 ? 0 : eqs[i].coef[k];
  };

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

  /** Solve A_S d = -r over the equations S touches (and the broken ones); undefined when infeasible. */
  function solve(set: number[], broken: number[]): number[] | undefined {
    const rows = new Set(broken);
    set.forEach((j) => cellEqs[j].forEach((i) => rows.add(i)));
    const m = [...rows].map((i) => [...set.map((j) => coefOf(i, j)), -residual[i]]);
    const n = set.length;
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
    const d = set.map((_, k) => m[k][n] / m[k][k]);
    for (let k = 0; k < n; k++) {
      const j = set[k];
      if (Math.abs(d[k]) < EPS && info[j].value !== undefined) return undefined; // no change: not minimal
      let to = x0[j] + d[k];
      if (kind[j] === "count" || kind[j] === "signed") {
        if (Math.abs(to - Math.round(to)) > EPS) return undefined;
        to = Math.round(to);
      }
      if (kind[j] !== "signed" && to < -EPS) return undefined;
      d[k] = to - x0[j];
    }
    return d;
  }

  function candidate(set: number[], delta: number[]): Candidate {
    const changes = set.map((j, k) => ({
      cell: refs[j],
      from: info[j].value,
      to: x0[j] + delta[k],
    }));
    const slips = explainChanges(slipContext, changes);
    const cost = set.reduce((s, j) => s + weight[j], 0);
    return { set, delta, cost, slips, slipScore: slips.filter(Boolean).length };
  }

  function searchComponent(compEqs: number[]): Candidate[] {
    const broken = compEqs.filter((i) => Math.abs(residual[i]) > EPS);
    if (broken.length === 0) return [];
    const brokenSet = new Set(broken);
    const minWeight = Math.min(...compEqs.flatMap((i) => eqs[i].cells.map((j) => weight[j])));
    const found: Candidate[] = [];
    const tried = new Set<string>();
    let nodes = 0;

    const dfs = (set: number[], size: number) => {
      if (++nodes > maxNodes) return;
      const covered = new Set(set.flatMap((j) => cellEqs[j]));
      const uncovered = broken.filter((i) => !covered.has(i));
      if (set.length === size) {
        if (uncovered.length > 0) return;
        const key = [...set].sort((a, b) => a - b).join(",");
        if (tried.has(key)) return;
        tried.add(key);
        const d = solve(set, broken);
        if (d) found.push(candidate(set, d));
        return;
      }
      // Branch on the uncovered broken equation with the fewest cells; once all are covered, a further cell can
      // only help by balancing an equation the set has touched.
      let branch: number[];
      if (uncovered.length > 0) {
        const eq = uncovered.reduce((a, b) => (eqs[a].cells.length <= eqs[b].cells.length ? a : b));
        branch = eqs[eq].cells;
      } else {
        branch = [
          ...new Set([...covered].filter((i) => !brokenSet.has(i)).flatMap((i) => eqs[i].cells)),
        ];
      }
      // Each cell hits at most a few equations: prune when the rest cannot cover what is left.
      const maxHit = Math.max(...branch.map((j) => cellEqs[j].length));
      if (uncovered.length > (size - set.length) * maxHit) return;
      for (const j of branch) if (!set.includes(j)) dfs([...set, j], size);
    };

    for (let size = 1; size <= maxSize; size++) {
      const best = found.length ? Math.min(...found.map((c) => c.cost)) : Infinity;
      if (size * minWeight > best + EPS) break;
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
    if (broken.length === 0 && !unknownInComp) continue;
    let candidates = searchComponent(compEqs);
    let certainty: Fix["certainty"] = candidates.length === 1 ? "unique" : "oneOf";
    if (candidates.length === 0) {
      const recomputed = recomputeTotals(compEqs);
      if (!recomputed) continue;
      candidates = [recomputed];
      certainty = "recomputed";
    }
    group++;
    const resolves = [...new Set(broken.map((i) => eqs[i].inst.rule.id))];
    candidates.forEach((c, k) => {
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
