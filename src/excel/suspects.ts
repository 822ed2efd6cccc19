import type { Confrontation } from "../check";
import type { Finding } from "../findings";
import { cellId, type CellRef } from "../format";

/**
 * Which cells a finding is really about. A broken equation names every cell in it (a row sum: 7 cells; R3-3: a whole
 * column), yet the best fix usually changes one or two of them: those are the likely culprits. The marks put the
 * strong look and the comment there, the pane selects them (issue 9 item 2).
 */
export interface Suspects {
  /** Cells the best fix (rank 1) of the finding's group changes: strong mark and the comment. */
  likely: CellRef[];
  /** Cells only an alternative fix changes (one of several equally small fixes): light mark, no comment. */
  possible: CellRef[];
  /**
   * The cell that carries the finding's comment: the first likely cell; without a fix, the equation's total (the side
   * with one cell), else the finding's first cell.
   */
  anchor: CellRef | undefined;
  /** No fix names a culprit: every cell of the finding is equally suspect (light marks, comment on the anchor). */
  unknown: boolean;
}

/** Fixes that settle this finding: they resolve its rule and change one of its cells. */
function fixesOf(result: Confrontation, f: Finding) {
  const ids = new Set(f.cells.map(cellId));
  return result.fixes.filter(
    (fix) => fix.resolves.includes(f.rule) && fix.changes.some((c) => ids.has(cellId(c.cell)))
  );
}

export function suspectsOf(result: Confrontation, f: Finding): Suspects {
  const ids = new Set(f.cells.map(cellId));
  const inFinding = (cells: CellRef[]) => cells.filter((c) => ids.has(cellId(c)));
  if (f.cells.length <= 1)
    return { likely: [...f.cells], possible: [], anchor: f.cells[0], unknown: false };
  const fixes = fixesOf(result, f);
  const likely = new Map<string, CellRef>();
  const possible = new Map<string, CellRef>();
  for (const fix of fixes)
    for (const cell of inFinding(fix.changes.map((c) => c.cell)))
      (fix.rank === 1 ? likely : possible).set(cellId(cell), cell);
  for (const id of likely.keys()) possible.delete(id);
  if (likely.size)
    return {
      likely: [...likely.values()],
      possible: [...possible.values()],
      anchor: [...likely.values()][0],
      unknown: false,
    };
  let anchor = f.cells[0];
  if (f.detail.type === "sum") {
    const { left, right } = f.detail;
    if (left.length === 1) anchor = left[0].cell;
    else if (right.length === 1) anchor = right[0].cell;
  }
  return { likely: [], possible: [...f.cells], anchor, unknown: true };
}

/**
 * The cells the pane selects for a finding: its likely culprits, else (alternatives only, or no fix) every cell it
 * names that could be wrong.
 */
export function suspectCells(result: Confrontation, f: Finding): CellRef[] {
  const s = suspectsOf(result, f);
  return s.likely.length ? s.likely : s.possible.length ? s.possible : [...f.cells];
}
