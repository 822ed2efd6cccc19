/**
 * Range.getCellProperties / Range.setCellProperties (ExcelApi 1.9): the per-cell format of a range as a 2-D array of
 * plain objects, and the reverse.
 *
 * FAITHFUL to the reference (Excel.CellPropertiesLoadOptions, Excel.SettableCellProperties):
 *  - getCellProperties returns exactly the requested properties for every cell of the range, row by row; a cell
 *    inside a merged area reports its own format. "No fill" reads color "#FFFFFF" with a null pattern and a null
 *    tintAndShade (office-js #4900, #6218: indistinguishable from white but for tintAndShade); a missing border
 *    reads style "None".
 *  - setCellProperties takes a 2-D array the size of the range (InvalidArgument otherwise); a property left out of a
 *    cell's object is left unchanged, so `{}` changes nothing. fill.pattern "None" removes the fill; a fill color
 *    makes it solid. On a protected sheet formatting needs allowFormatCells and `protection` cannot be changed
 *    (AccessDenied, nothing of the call applied).
 * NOT MODELLED: style, hyperlink, textRuns, tintAndShade (but for the fill), patternColor, autoIndent, readingOrder, shrinkToFit,
 * textOrientation, useStandardHeight/Width (read as Excel's defaults where asked, ignored when set).
 */
import { fullAddress, lastCol, lastRow, Rect } from "./address";
import { invalidArg } from "./errors";
import type { Book, Border, SheetState, Side, Style } from "./model";
import { normalizeColor } from "./model";

type Opts = Record<string, unknown> | boolean | undefined;

const want = (opts: Opts, key: string): Opts => {
  if (opts === true) return true;
  if (!opts || typeof opts !== "object") return undefined;
  const v = (opts as Record<string, unknown>)[key];
  return v === true || (v && typeof v === "object") ? (v as Opts) : undefined;
};

const BORDER_SIDES: Array<[string, Side]> = [
  ["top", "top"],
  ["bottom", "bottom"],
  ["left", "left"],
  ["right", "right"],
  ["diagonalDown", "diagonalDown"],
  ["diagonalUp", "diagonalUp"],
];
const H_ALIGN = [
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
];
const V_ALIGN = ["Top", "Center", "Bottom", "Justify", "Distributed"];
const UNDERLINE = ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"];
const LINE_STYLES = [
  "None",
  "Continuous",
  "Dash",
  "DashDot",
  "DashDotDot",
  "Dot",
  "Double",
  "SlantDashDot",
];
const WEIGHTS = ["Hairline", "Thin", "Medium", "Thick"];

/**
 * Pick the requested leaves of a full object. `borders` is asked for by leaf ({color: true, style: true}) and
 * answered for every side; `protection: true` (like any `true`) returns the whole sub-object.
 */
function pick(full: Record<string, unknown>, opts: Opts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) {
    const w = want(opts, k);
    if (!w) continue;
    if (k === "borders" && v && typeof v === "object")
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, Record<string, unknown>>).map(([side, b]) => [
          side,
          pick(b, w),
        ])
      );
    else
      out[k] =
        v && typeof v === "object" && !Array.isArray(v) ? pick(v as Record<string, unknown>, w) : v;
  }
  return out;
}

function formatOf(s: Style): Record<string, unknown> {
  const borders: Record<string, unknown> = {};
  for (const [name, side] of BORDER_SIDES) {
    const b = s.borders[side];
    borders[name] = {
      style: b?.style ?? "None",
      color: b?.color ?? "#000000",
      weight: b?.weight ?? "Thin",
      tintAndShade: 0,
    };
  }
  return {
    autoIndent: false,
    borders,
    // "No fill" reads as white with a null pattern, like an explicit white fill (office-js #4900, #6218); only
    // tintAndShade tells them apart: null for no fill, a number for a fill (#4900, answer of the Excel team).
    fill: s.fill
      ? { color: s.fill, pattern: "Solid", tintAndShade: 0 }
      : { color: "#FFFFFF", pattern: null, tintAndShade: null },
    font: {
      bold: s.bold,
      color: s.fontColor,
      italic: s.italic,
      name: s.fontName,
      size: s.fontSize,
      strikethrough: s.strikethrough,
      subscript: false,
      superscript: false,
      tintAndShade: 0,
      underline: s.underline,
    },
    horizontalAlignment: s.horizontalAlignment,
    indentLevel: s.indentLevel,
    protection: { locked: s.locked, formulaHidden: s.formulaHidden },
    readingOrder: "Context",
    shrinkToFit: false,
    textOrientation: 0,
    useStandardHeight: true,
    useStandardWidth: true,
    verticalAlignment: s.verticalAlignment,
    wrapText: s.wrapText,
  };
}

export function readCellProperties(
  book: Book,
  sheet: SheetState,
  rect: Rect,
  opts: unknown,
  loc = "Range.getCellProperties"
): Record<string, unknown>[][] {
  if (!opts || typeof opts !== "object") throw invalidArg(loc);
  const o = opts as Record<string, unknown>;
  const out: Record<string, unknown>[][] = [];
  for (let r = rect.row; r <= lastRow(rect); r++) {
    const row: Record<string, unknown>[] = [];
    for (let c = rect.col; c <= lastCol(rect); c++) {
      const cell: Record<string, unknown> = {};
      const single = { row: r, col: c, rows: 1, cols: 1 };
      if (o.address) cell.address = fullAddress(sheet.name, single);
      if (o.addressLocal) cell.addressLocal = fullAddress(sheet.name, single);
      if (o.hidden) cell.hidden = false;
      if (o.style) cell.style = "Normal";
      if (o.format)
        cell.format = pick(formatOf(book.effectiveStyle(sheet, r, c)), o.format as Opts);
      row.push(cell);
    }
    out.push(row);
  }
  return out;
}

const bool = (v: unknown, loc: string) => {
  if (typeof v !== "boolean") throw invalidArg(loc);
  return v;
};
const oneOf = (v: unknown, values: string[], loc: string) => {
  if (typeof v !== "string" || !values.includes(v)) throw invalidArg(loc);
  return v;
};

/** The style patch one cell's `format` object asks for; whether it touches formatting and/or protection. */
function patchFor(
  format: unknown,
  loc: string
): { apply: (s: Style) => Style; formats: boolean; protection: boolean } {
  if (format === undefined) return { apply: (s) => s, formats: false, protection: false };
  if (!format || typeof format !== "object") throw invalidArg(loc);
  const f = format as Record<string, Record<string, unknown> | unknown>;
  const p: Partial<Style> = {};
  let borders: Partial<Record<Side, Border | null>> | undefined;
  let formats = false;
  let protection = false;
  const fill = f.fill as Record<string, unknown> | undefined;
  if (fill !== undefined) {
    if (!fill || typeof fill !== "object") throw invalidArg(loc);
    if (fill.color !== undefined) p.fill = normalizeColor(fill.color, loc);
    if (fill.pattern !== undefined) {
      if (typeof fill.pattern !== "string") throw invalidArg(loc);
      if (fill.pattern === "None") p.fill = null;
    }
    formats = true;
  }
  const font = f.font as Record<string, unknown> | undefined;
  if (font !== undefined) {
    if (!font || typeof font !== "object") throw invalidArg(loc);
    if (font.bold !== undefined) p.bold = bool(font.bold, loc);
    if (font.italic !== undefined) p.italic = bool(font.italic, loc);
    if (font.strikethrough !== undefined) p.strikethrough = bool(font.strikethrough, loc);
    if (font.color !== undefined) p.fontColor = normalizeColor(font.color, loc);
    if (font.underline !== undefined) p.underline = oneOf(font.underline, UNDERLINE, loc);
    if (font.name !== undefined) {
      if (typeof font.name !== "string" || font.name === "") throw invalidArg(loc);
      p.fontName = font.name;
    }
    if (font.size !== undefined) {
      if (typeof font.size !== "number" || !(font.size >= 1 && font.size <= 409))
        throw invalidArg(loc);
      p.fontSize = font.size;
    }
    formats = true;
  }
  if (f.horizontalAlignment !== undefined)
    ((p.horizontalAlignment = oneOf(f.horizontalAlignment, H_ALIGN, loc)), (formats = true));
  if (f.verticalAlignment !== undefined)
    ((p.verticalAlignment = oneOf(f.verticalAlignment, V_ALIGN, loc)), (formats = true));
  if (f.wrapText !== undefined) ((p.wrapText = bool(f.wrapText, loc)), (formats = true));
  if (f.indentLevel !== undefined) {
    const v = f.indentLevel;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 250) throw invalidArg(loc);
    p.indentLevel = v;
    formats = true;
  }
  const prot = f.protection as Record<string, unknown> | undefined;
  if (prot !== undefined) {
    if (!prot || typeof prot !== "object") throw invalidArg(loc);
    if (prot.locked !== undefined) p.locked = bool(prot.locked, loc);
    if (prot.formulaHidden !== undefined) p.formulaHidden = bool(prot.formulaHidden, loc);
    protection = true;
  }
  const b = f.borders as Record<string, Record<string, unknown>> | undefined;
  if (b !== undefined) {
    if (!b || typeof b !== "object") throw invalidArg(loc);
    borders = {};
    for (const [name, side] of BORDER_SIDES) {
      const x = b[name];
      if (x === undefined) continue;
      if (!x || typeof x !== "object") throw invalidArg(loc);
      const style = x.style === undefined ? undefined : oneOf(x.style, LINE_STYLES, loc);
      if (style === "None") {
        borders[side] = null;
        continue;
      }
      borders[side] = {
        style: style ?? "Continuous",
        color: x.color === undefined ? "#000000" : normalizeColor(x.color, loc),
        weight: x.weight === undefined ? "Thin" : oneOf(x.weight, WEIGHTS, loc),
      };
    }
    formats = true;
  }
  const apply = (s: Style): Style => {
    let next: Style = { ...s, ...p };
    if (borders) {
      const merged = { ...s.borders };
      for (const [side, v] of Object.entries(borders) as Array<[Side, Border | null]>) {
        if (v === null) delete merged[side];
        else merged[side] = v;
      }
      next = { ...next, borders: merged };
    }
    return JSON.stringify(next) === JSON.stringify(s) ? s : next;
  };
  return { apply, formats, protection };
}

export function writeCellProperties(
  book: Book,
  sheet: SheetState,
  rect: Rect,
  data: unknown,
  loc = "Range.setCellProperties"
): void {
  if (
    !Array.isArray(data) ||
    data.length !== rect.rows ||
    data.some((row) => !Array.isArray(row) || row.length !== rect.cols)
  )
    throw invalidArg(
      loc,
      "The number of rows or columns in the input array doesn't match the size or dimensions of the range."
    );
  // Validate every cell first: an invalid entry or a protected sheet fails the call with nothing applied.
  const patches = (data as unknown[][]).map((row) =>
    row.map((cell) => {
      if (cell === null || cell === undefined) return patchFor(undefined, loc);
      if (typeof cell !== "object") throw invalidArg(loc);
      return patchFor((cell as Record<string, unknown>).format, loc);
    })
  );
  if (patches.some((row) => row.some((p) => p.formats)))
    book.assertAllowed(sheet, "allowFormatCells", loc);
  if (patches.some((row) => row.some((p) => p.protection))) book.assertAllowed(sheet, null, loc);
  patches.forEach((row, i) =>
    row.forEach((p, j) => {
      if (!p.formats && !p.protection) return;
      book.patchStyle(
        sheet,
        { row: rect.row + i, col: rect.col + j, rows: 1, cols: 1 },
        p.apply,
        loc,
        true
      );
    })
  );
}
