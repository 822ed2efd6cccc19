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

/**
 * The marks: Excel's own "Bad" look for the likely culprits of errors, an amber one for warnings (distinct from the
 * pale entry fill), and a light pink fill (font unchanged) for the other suspects of a broken equation.
 */
export const FLAG_LOOK: Record<"error" | "warning" | "light", { fill: string; font?: string }> = {
  error: { fill: "#FFC7CE", font: "#9C0006" },
  warning: { fill: "#FFD966", font: "#7F6000" },
  light: { fill: "#FCE8EA" },
};

/** Marker that starts every comment the add-in writes: a comment without it is the clerk's and is never touched. */
export const COMMENT_MARKER = "【年报助手】";

export const sameLook = (a: CellLook, b: CellLook): boolean =>
  (a.fill ?? "").toUpperCase() === (b.fill ?? "").toUpperCase() &&
  a.font.toUpperCase() === b.font.toUpperCase();

/**
 * What getCellProperties reports, as a look. "No fill" is reported as white with a null pattern, like an explicit
 * white fill (office-js #4900, #6218); tintAndShade is null only for no fill (#4900). So white counts as a fill only
 * when the host says so (pattern "Solid" or a numeric tintAndShade); when in doubt it is "no fill", which 清除标记
 * restores with RangeFill.clear() — never painting a cell white that had no fill.
 */
export function lookOf(props: Excel.CellProperties | undefined): CellLook {
  const fill = props?.format?.fill;
  const font = props?.format?.font;
  return {
    fill: fillOf(fill?.color, fill?.pattern, fill?.tintAndShade),
    font: (font?.color ?? "#000000").toUpperCase(),
  };
}

/** A fill as recorded: null for no fill (see lookOf). Without pattern and tintAndShade (ExcelApi < 1.9), white is no fill. */
export function fillOf(
  color: string | null | undefined,
  pattern?: string | null,
  tintAndShade?: number | null
): string | null {
  if (!color || pattern === "None") return null;
  const upper = color.toUpperCase();
  if (upper !== "#FFFFFF") return upper;
  const filled = pattern === "Solid" || typeof tintAndShade === "number";
  return filled ? upper : null;
}

/** Column width in points for a width in characters (Excel: pixels = chars × 7 + 5 at the default font; 0.75 pt a pixel). */
export function columnPoints(chars: number): number {
  return Math.round(chars * 7 + 5) * 0.75;
}
