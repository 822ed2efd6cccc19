import { BASE_FONT_SIZE, ROLE_STYLE, type CellRole } from "../layout";
import type { CellLook } from "./store";

/** How the sheet plan's roles and the add-in's marks look in Excel (Range.setCellProperties formats, ExcelApi 1.9). */

const BORDER_COLOR = "#808080";
const THIN = { style: "Continuous", weight: "Thin", color: BORDER_COLOR } as const;
export const TABLE_BORDERS: Excel.CellBorderCollection = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
};

/** A role's look (ROLE_STYLE) as a setCellProperties format. */
export function roleFormat(role: CellRole): Excel.CellPropertiesFormat {
  const s = ROLE_STYLE[role];
  const font: Excel.CellPropertiesFont = {
    size: s.size ?? BASE_FONT_SIZE,
    bold: !!s.bold,
    italic: !!s.italic,
  };
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
  (a.fill ?? "").toUpperCase() === (b.fill ?? "").toUpperCase() &&
  a.font.toUpperCase() === b.font.toUpperCase();

/** What getCellProperties reports, as a look: pattern "None" is no fill (Excel reads the colour of no fill as white). */
export function lookOf(props: Excel.CellProperties | undefined): CellLook {
  const fill = props?.format?.fill;
  const font = props?.format?.font;
  return {
    fill: !fill || fill.pattern === "None" || !fill.color ? null : fill.color.toUpperCase(),
    font: (font?.color ?? "#000000").toUpperCase(),
  };
}

/** Column width in points for a width in characters (Excel: pixels = chars × 7 + 5 at the default font; 0.75 pt a pixel). */
export function columnPoints(chars: number): number {
  return Math.round(chars * 7 + 5) * 0.75;
}
