import { cellId, getFormat, type CellRef, type FormatId, type TableId } from "../format";
import { foldLabel } from "../labels";
import { tablePlans, type Merge, type TablePlan } from "../layout";

/**
 * Where things are inside one table of the plan (layout.ts), relative to the table's top-left corner: the entry
 * cells, the merged areas, and what every other position should hold (its label, or nothing).
 */
export interface TableGeometry {
  plan: TablePlan;
  /** cellId → position of the entry cell (top-left of its merged area). */
  entries: Map<string, { row: number; col: number; ref: CellRef }>;
  /**
   * Every position that is not part of an entry cell: the label it holds ("" where the plan leaves it empty) and the
   * folded forms a clerk's sheet may show there (the label and its accepted variants).
   */
  labels: { row: number; col: number; text: string; accepted: Set<string> }[];
  /** The merged area whose top-left is at a position. */
  mergeAt(row: number, col: number): Merge | undefined;
}

const cache = new Map<string, TableGeometry>();

export function tableGeometry(format: FormatId, table: TableId): TableGeometry {
  const key = `${format}:${table}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const plan = tablePlans(format).find((p) => p.id === table)!;
  const model = getFormat(format);
  const merges = new Map(plan.merges.map((m) => [`${m.row}:${m.col}`, m]));
  const entries = new Map<string, { row: number; col: number; ref: CellRef }>();
  const covered = new Set<string>();
  for (const c of plan.cells) {
    if (c.role !== "entry" || !c.ref) continue;
    entries.set(cellId(c.ref), { row: c.row, col: c.col, ref: c.ref });
    const m = merges.get(`${c.row}:${c.col}`) ?? { row: c.row, col: c.col, rows: 1, cols: 1 };
    for (let r = m.row; r < m.row + m.rows; r++)
      for (let k = m.col; k < m.col + m.cols; k++) covered.add(`${r}:${k}`);
  }
  const texts = new Map(
    plan.cells.filter((c) => c.text !== undefined).map((c) => [`${c.row}:${c.col}`, c.text!])
  );
  const t = model.table(table);
  const aliases = new Map<string, string[]>();
  for (const e of [...t.rows, ...t.columns]) if (e.aliases) aliases.set(e.label, e.aliases);
  const labels: TableGeometry["labels"] = [];
  for (let r = 0; r < plan.rows; r++)
    for (let c = 0; c < plan.cols; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const text = texts.get(`${r}:${c}`) ?? "";
      const accepted = new Set([text, ...(aliases.get(text) ?? [])].map(foldLabel));
      labels.push({ row: r, col: c, text, accepted });
    }
  const geometry: TableGeometry = {
    plan,
    entries,
    labels,
    mergeAt: (row, col) => merges.get(`${row}:${col}`),
  };
  cache.set(key, geometry);
  return geometry;
}
