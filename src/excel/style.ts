import { ROLE_STYLE, type CellRole, type Merge, type PlanCell, type SheetPlan } from "../layout";
import type { CellLook } from "./store";

/** How the sheet plan's roles and the add-in's marks look in Excel (Range.setCellProperties formats, ExcelApi 1.9). */

const BORDER_COLOR = "#808080";
const THIN = { style: "Continuous", weight: "Thin", color: BORDER_COLOR } as const;
export const TABLE_BORDERS: Excel.CellBorderCollection = { top: THIN, bottom: THIN, left: THIN, right: THIN };

const BASE_FONT_SIZE = 11;
const DEFAULT_ROW_HEIGHT = 15;

/** A role's look (ROLE_STYLE) as a setCellProperties format. */
export function roleFormat(role: CellRole): Excel.CellPropertiesFormat {
  const s = ROLE_STYLE[role];
  const font: Excel.CellPropertiesFont = { size: s.size ?? BASE_FONT_SIZE, bold: !!s.bold, italic: !!s.italic };
  if (s.color) font.color = `#${s.color}`;
  const format: Excel.CellPropertiesFormat = {
    font,
    horizontalAlignment: s.align === "center" ? "Center" : "Left",
    verticalAlignment: "Center",
    wrapText: !!s.wrap,
  };
  if (s.fill) format.fill = { color: `#${s.fill}` };
  if (role === "entry") format.protection = { locked: false };
  return format;
}

/** The marks: Excel's own "Bad" look for errors, an amber one for warnings (distinct from the pale entry fill). */
export const FLAG_LOOK: Record<"error" | "warning", CellLook> = {
  error: { fill: "#FFC7CE", font: "#9C0006" },
  warning: { fill: "#FFD966", font: "#7F6000" },
};

/** Marker that starts every comment the add-in writes: a comment without it is the clerk's and is never touched. */
export const COMMENT_MARKER = "【年报助手】";

export const sameLook = (a: CellLook, b: CellLook): boolean =>
  (a.fill ?? "").toUpperCase() === (b.fill ?? "").toUpperCase() && a.font.toUpperCase() === b.font.toUpperCase();

/** What getCellProperties reports, as a look: pattern "None" is no fill (Excel reads the colour of no fill as white). */
export function lookOf(props: Excel.CellProperties | undefined): CellLook {
  const fill = props?.format?.fill;
  const font = props?.format?.font;
  return { fill: !fill || fill.pattern === "None" || !fill.color ? null : fill.color.toUpperCase(), font: (font?.color ?? "#000000").toUpperCase() };
}

/** Column width in points for a width in characters (Excel: pixels = chars × 7 + 5 at the default font; 0.75 pt a pixel). */
export function columnPoints(chars: number): number {
  return Math.round(chars * 7 + 5) * 0.75;
}

/** Display width of a text in character widths (CJK and full-width characters count two). */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return w;
}

/**
 * Row heights for wrapped labels. Excel does not autofit rows holding merged cells, so a wrapped label in a merged
 * cell would be cut off: the height is estimated from the text width against the (merged) column width.
 */
export function rowHeights(plan: SheetPlan, placed: { cell: PlanCell; merge?: Merge }[]): Map<number, number> {
  const heights = new Map<number, number>();
  for (const { cell, merge } of placed) {
    if (!cell.text) continue;
    const style = ROLE_STYLE[cell.role];
    const size = style.size ?? BASE_FONT_SIZE;
    const cols = merge?.cols ?? 1;
    const rows = merge?.rows ?? 1;
    const width = plan.columnWidths.slice(cell.col, cell.col + cols).reduce((s, w) => s + w, 0) || 9;
    const lines = style.wrap ? Math.ceil((textWidth(cell.text) * size) / BASE_FONT_SIZE / Math.max(1, width - 1)) : 1;
    const need = Math.ceil((lines * size * 1.35 + 3) / rows);
    if (need > DEFAULT_ROW_HEIGHT) heights.set(cell.row, Math.max(heights.get(cell.row) ?? 0, need));
  }
  return heights;
}

/** The title of an entry cell's input message (row｜column), within Excel's 32 characters. */
export function promptTitle(row: string, column: string): string {
  const max = 32;
  const col = column.length > 20 ? `${column.slice(0, 19)}…` : column;
  const room = max - col.length - 1;
  return `${row.length > room ? `${row.slice(0, room - 1)}…` : row}｜${col}`;
}
