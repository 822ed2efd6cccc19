import type { CellRef, FormatId, TableId } from "../format";
import { tablePlans, type CellRole, type TablePlan } from "../layout";

/**
 * The three tables as a published document prints them, derived from the sheet layout (src/layout.ts) so that the
 * labels, the merged header cells and the place of every entry cell are declared once.
 *
 * The sheet gives every table three label columns (A:C, as table 三 needs them); table 二 only ever uses them merged,
 * so a printed table drops grid lines no cell starts or ends at. Table 二 then has 4 columns, table 三 10 and table 四
 * 15 — the grids of the official template (template-2021.docx).
 */

/** One printed cell at its top-left grid position, with its spans. */
export interface PrintedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: Exclude<CellRole, "title" | "meta" | "section" | "checkLabel" | "check">;
  /** Label or header text; for entry cells the report cell it prints. */
  text?: string;
  ref?: CellRef;
}

export interface PrintedTable {
  id: TableId;
  rows: number;
  cols: number;
  /** Column widths in twentieths of a point (Word's twips), summing to TABLE_WIDTH. */
  widths: number[];
  cells: PrintedCell[];
}

/**
 * Width of every table: the template's tables are 9740–9748 twips wide. With A4 (11906 twips) and side margins of
 * 1077 twips (1.9 cm), the text width is 9752, so the tables fit the page as printed.
 */
export const TABLE_WIDTH = 9748;
export const PAGE = { width: 11906, height: 16838, side: 1077, top: 1440, bottom: 1440 };

/** Table 三's label columns in the template (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密): 754, 921, 3271 twips. */
const GRID_LABEL_WIDTHS = [754, 921, 3271];

/** Grid boundaries any cell starts or ends at, in sheet columns. */
function boundaries(plan: TablePlan): number[] {
  const merges = new Map(plan.merges.map((m) => [`${m.row}:${m.col}`, m]));
  const set = new Set<number>([0, plan.cols]);
  for (const c of plan.cells) {
    const m = merges.get(`${c.row}:${c.col}`);
    set.add(c.col);
    set.add(c.col + (m?.cols ?? 1));
  }
  return [...set].sort((a, b) => a - b);
}

function widthsFor(plan: TablePlan, layout: "blocks" | "grid" | "flat", cols: number): number[] {
  if (layout === "grid" && cols > GRID_LABEL_WIDTHS.length) {
    const rest = TABLE_WIDTH - GRID_LABEL_WIDTHS.reduce((s, w) => s + w, 0);
    return [...GRID_LABEL_WIDTHS, ...share(rest, cols - GRID_LABEL_WIDTHS.length)];
  }
  return share(TABLE_WIDTH, cols);
}

/** `total` split into `n` whole widths as equal as can be (the last ones a twip wider, as in the template). */
function share(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i >= n - extra ? 1 : 0));
}

const LAYOUTS: Record<TableId, "blocks" | "grid" | "flat"> = {
  二: "blocks",
  三: "grid",
  四: "flat",
};

const cache = new Map<string, PrintedTable>();

/** The printed form of a table of a format. */
export function printedTable(format: FormatId, id: TableId): PrintedTable {
  const key = `${format}:${id}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const plan = tablePlans(format).find((p) => p.id === id)!;
  const merges = new Map(plan.merges.map((m) => [`${m.row}:${m.col}`, m]));
  const bounds = boundaries(plan);
  const index = new Map(bounds.map((b, i) => [b, i]));
  const cells: PrintedCell[] = plan.cells.map((c) => {
    const m = merges.get(`${c.row}:${c.col}`);
    const col = index.get(c.col)!;
    return {
      row: c.row,
      col,
      rowSpan: m?.rows ?? 1,
      colSpan: index.get(c.col + (m?.cols ?? 1))! - col,
      role: c.role as PrintedCell["role"],
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.ref ? { ref: c.ref } : {}),
    };
  });
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const cols = bounds.length - 1;
  const table = {
    id,
    rows: plan.rows,
    cols,
    widths: widthsFor(plan, LAYOUTS[id], cols),
    cells,
  };
  cache.set(key, table);
  return table;
}

/** The printed tables of a format, in order (二、三、四). */
export function printedTables(format: FormatId): PrintedTable[] {
  return tablePlans(format).map((p) => printedTable(format, p.id));
}
