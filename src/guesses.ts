import { cellId, type CellRef, type FormatModel } from "./format";
import type { Finding } from "./findings";
import type { Report } from "./report";
import type { RuleInstance } from "./rules";
import { readValue, type ReadValue } from "./values";

/**
 * Hard errors only where they hold under every reading of what was printed. An importer that had to guess some cells
 * (digits run together, a blank whose position is not printed) marks them uncertain and may keep the readings it
 * considered (Report.readings). A broken rule that touches a guessed cell stays an error only when it fails for every
 * kept reading; otherwise — or when the readings are not known — it becomes a warning saying that the rule could not
 * be verified and why.
 */

const EPS = 1e-7;
/** Combinations of readings tried per equation before giving up (and calling it unverifiable). */
const MAX_COMBINATIONS = 20_000;

/** Whether an equation holds for some combination of the kept readings of its guessed cells (undefined: unknown). */
function holdsSomehow(
  inst: RuleInstance,
  report: Report,
  model: FormatModel,
  reads: readonly (ReadValue | undefined)[]
): boolean | undefined {
  const cells = [...inst.left, ...inst.right].map(cellId);
  const guessed = cells.filter((id) => report.uncertain?.has(id));
  const groups = (report.readings ?? []).filter((g) => g.cells.some((id) => cells.includes(id)));
  // A guessed cell no kept reading covers could hold anything.
  if (guessed.some((id) => !groups.some((g) => g.cells.includes(id)))) return undefined;
  let combinations = 1;
  for (const g of groups) combinations *= Math.max(1, g.values.length);
  if (combinations > MAX_COMBINATIONS) return undefined;
  const value = new Map<string, number | null>();
  for (const id of cells) value.set(id, reads[model.indexOf(parseRef(id))]?.value ?? null);
  const sideSum = (refs: CellRef[]) => {
    let s = 0;
    for (const r of refs) {
      const v = value.get(cellId(r));
      if (v === null || v === undefined) return null;
      s += v;
    }
    return s;
  };
  const holds = (): boolean | undefined => {
    const l = sideSum(inst.left);
    const r = sideSum(inst.right);
    return l === null || r === null ? undefined : Math.abs(l - r) < EPS;
  };
  let unknown = false;
  const walk = (k: number): boolean => {
    if (k === groups.length) {
      const h = holds();
      if (h === undefined) unknown = true;
      return h === true;
    }
    const g = groups[k];
    for (const tuple of g.values) {
      g.cells.forEach((id, i) => {
        if (value.has(id)) value.set(id, readValue(tuple[i] ?? null).value);
      });
      if (walk(k + 1)) return true;
    }
    return false;
  };
  if (walk(0)) return true;
  return unknown ? undefined : false;
}

function parseRef(id: string): CellRef {
  const [table, row, column] = id.split(":");
  return { table: table as CellRef["table"], row, column };
}

/**
 * Turn the hard errors that rest on guessed cells into warnings (in place), unless they fail under every kept
 * reading. Returns the equations so downgraded (they are left out of error localization: no fix aims at a guess).
 */
export function downgradeGuesses(
  report: Report,
  model: FormatModel,
  reads: readonly (ReadValue | undefined)[],
  instances: readonly RuleInstance[],
  findings: Finding[]
): Set<RuleInstance> {
  const downgraded = new Set<RuleInstance>();
  if (!report.uncertain?.size) return downgraded;
  for (const f of findings) {
    if (f.severity !== "error" || f.detail.type !== "sum") continue;
    const guessed = f.cells.filter((c) => report.uncertain!.has(cellId(c)));
    if (!guessed.length) continue;
    const line = f.detail.line;
    const inst = instances.find((i) => i.rule.id === f.rule && i.line === line);
    if (!inst) continue;
    const holds = holdsSomehow(inst, report, model, reads);
    if (holds === false) continue; // fails under every reading: a true error
    f.severity = "warning";
    f.unverified = { cells: guessed, why: holds ? "guessed" : "noReading" };
    downgraded.add(inst);
  }
  return downgraded;
}
