import { cellId, type CellRef, type FormatModel } from "./format";

/**
 * The slips clerks make, recognised behind a suggested change (from → to), so a fix can say why a cell is probably
 * wrong — and so that, among equally small fixes, the one a clerk's slip explains ranks first.
 */
export type SlipKind =
  | "transposed" // 47 → 74
  | "doubled" // 47 → 447: a digit typed twice
  | "dropped" // 447 → 47: a digit left out
  | "extraDigit" // another digit slipped in
  | "missingTotal" // a 总计 left 0 or blank while its parts are filled
  | "blank" // a blank cell that should hold a number
  | "neighbour" // the value belongs to the neighbouring cell
  | "sign"; // -5 for 5

function digits(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 ? String(n) : undefined;
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return (
    diff.length === 2 &&
    diff[1] === diff[0] + 1 &&
    a[diff[0]] === b[diff[1]] &&
    a[diff[1]] === b[diff[0]]
  );
}

/** b is a with one character removed. */
function oneRemoved(a: string, b: string): number | undefined {
  if (a.length !== b.length + 1) return undefined;
  for (let i = 0; i < a.length; i++) if (a.slice(0, i) + a.slice(i + 1) === b) return i;
  return undefined;
}

/** Neighbouring cells in the printed table: same row one column over, or same column one row over. */
export function neighbours(model: FormatModel, cell: CellRef): CellRef[] {
  const table = model.table(cell.table);
  const rowIdx = table.rows.findIndex((r) => r.key === cell.row);
  const cols = model.columnsOf(cell.table, cell.row);
  const colIdx = cols.indexOf(cell.column);
  const out: CellRef[] = [];
  for (const dc of [-1, 1]) {
    const c = cols[colIdx + dc];
    if (c) out.push({ table: cell.table, row: cell.row, column: c });
  }
  for (const dr of [-1, 1]) {
    const r = table.rows[rowIdx + dr];
    if (r && model.hasCell({ table: cell.table, row: r.key, column: cell.column }))
      out.push({ table: cell.table, row: r.key, column: cell.column });
  }
  return out;
}

export interface SlipContext {
  model: FormatModel;
  /** The number a cell holds now (0 for blank), undefined when unknown. */
  valueOf(cell: CellRef): number | undefined;
  isBlank(cell: CellRef): boolean;
  isTotal(cell: CellRef): boolean;
}

/** The slip that best explains why `cell` holds `from` when it should hold `to`, if any. */
export function recogniseSlip(
  ctx: SlipContext,
  cell: CellRef,
  from: number | undefined,
  to: number
): SlipKind | undefined {
  if (ctx.isBlank(cell)) return ctx.isTotal(cell) ? "missingTotal" : "blank";
  if (from === undefined) return undefined;
  if (from === 0 && to > 0 && ctx.isTotal(cell)) return "missingTotal";
  if (from === -to && to !== 0) return "sign";
  const a = digits(from);
  const b = digits(to);
  if (a !== undefined && b !== undefined) {
    if (isTransposition(a, b)) return "transposed";
    const removed = oneRemoved(a, b);
    if (removed !== undefined)
      return a[removed] === a[removed - 1] || a[removed] === a[removed + 1]
        ? "doubled"
        : "extraDigit";
    if (oneRemoved(b, a) !== undefined) return "dropped";
  }
  if (from !== 0 && neighbours(ctx.model, cell).some((n) => ctx.valueOf(n) === from))
    return "neighbour";
  return undefined;
}

export interface ChangeToExplain {
  cell: CellRef;
  from: number | undefined;
  to: number;
}

/**
 * Slips for every change of a fix. A value typed one row or one column off shows as two neighbouring changes that
 * move one number across; that is recognised first, then each remaining change on its own.
 */
export function explainChanges(
  ctx: SlipContext,
  changes: readonly ChangeToExplain[]
): (SlipKind | undefined)[] {
  const out: (SlipKind | undefined)[] = changes.map(() => undefined);
  const key = cellId;
  for (let i = 0; i < changes.length; i++) {
    const near = new Set(neighbours(ctx.model, changes[i].cell).map(key));
    for (let j = 0; j < changes.length; j++) {
      if (i === j || !near.has(key(changes[j].cell))) continue;
      const moved =
        changes[i].from !== undefined && changes[i].from !== 0 && changes[i].from === changes[j].to;
      if (moved) out[i] = out[j] = "neighbour";
    }
  }
  return out.map(
    (slip, i) => slip ?? recogniseSlip(ctx, changes[i].cell, changes[i].from, changes[i].to)
  );
}
