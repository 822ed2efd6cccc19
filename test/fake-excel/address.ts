/** A1-style address parsing/formatting. All indexes are 0-based. */

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface ParsedAddress {
  /** Sheet name as written (unquoted), if the address was sheet-qualified. */
  sheet?: string;
  rect: Rect;
  /** "cells" for A1 / A1:B2, "rows" for 1:3, "cols" for A:C. */
  kind: "cells" | "rows" | "cols";
}

export function colToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function indexToCol(index: number): string {
  let s = "";
  let n = index + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export const lastRow = (r: Rect) => r.row + r.rows - 1;
export const lastCol = (r: Rect) => r.col + r.cols - 1;
export const cellCount = (r: Rect) => r.rows * r.cols;
export const isEntireRows = (r: Rect) => r.col === 0 && r.cols === MAX_COLS;
export const isEntireCols = (r: Rect) => r.row === 0 && r.rows === MAX_ROWS;

export function rectFromCorners(r1: number, c1: number, r2: number, c2: number): Rect {
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { row, col, rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

export function inBounds(r: Rect): boolean {
  return (
    r.row >= 0 &&
    r.col >= 0 &&
    r.rows >= 1 &&
    r.cols >= 1 &&
    lastRow(r) < MAX_ROWS &&
    lastCol(r) < MAX_COLS
  );
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const r1 = Math.max(a.row, b.row);
  const c1 = Math.max(a.col, b.col);
  const r2 = Math.min(lastRow(a), lastRow(b));
  const c2 = Math.min(lastCol(a), lastCol(b));
  if (r1 > r2 || c1 > c2) return null;
  return { row: r1, col: c1, rows: r2 - r1 + 1, cols: c2 - c1 + 1 };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.row >= outer.row &&
    inner.col >= outer.col &&
    lastRow(inner) <= lastRow(outer) &&
    lastCol(inner) <= lastCol(outer)
  );
}

export function boundingRect(a: Rect, b: Rect): Rect {
  return rectFromCorners(
    Math.min(a.row, b.row),
    Math.min(a.col, b.col),
    Math.max(lastRow(a), lastRow(b)),
    Math.max(lastCol(a), lastCol(b))
  );
}

export const sameRect = (a: Rect, b: Rect) =>
  a.row === b.row && a.col === b.col && a.rows === b.rows && a.cols === b.cols;

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COL_RE = /^\$?([A-Za-z]{1,3})$/;
const ROW_RE = /^\$?([0-9]{1,7})$/;

/** Split "Sheet!A1" / "'My ''Sheet'''!A1" into sheet name and local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i++];
    }
    if (s[i] !== "'" || s[i + 1] !== "!") throw new Error(`bad address: ${address}`);
    return { sheet: name, local: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf("!");
  if (bang >= 0) return { sheet: s.slice(0, bang), local: s.slice(bang + 1) };
  return { local: s };
}

/** Parse an A1 reference. Returns null for anything that is not a valid address. */
export function parseAddress(address: string): ParsedAddress | null {
  let split: { sheet?: string; local: string };
  try {
    split = splitSheet(address);
  } catch {
    return null;
  }
  const parts = split.local.trim().split(":");
  if (parts.length < 1 || parts.length > 2) return null;
  const [a, b = parts[0]] = parts;
  let m1 = CELL_RE.exec(a);
  let m2 = CELL_RE.exec(b);
  let result: ParsedAddress | null = null;
  if (m1 && m2) {
    const r1 = +m1[2] - 1,
      c1 = colToIndex(m1[1]),
      r2 = +m2[2] - 1,
      c2 = colToIndex(m2[1]);
    result = { rect: rectFromCorners(r1, c1, r2, c2), kind: "cells" };
  } else if (parts.length === 2 && (m1 = COL_RE.exec(a)) && (m2 = COL_RE.exec(b))) {
    const c1 = colToIndex(m1[1]),
      c2 = colToIndex(m2[1]);
    result = { rect: rectFromCorners(0, c1, MAX_ROWS - 1, c2), kind: "cols" };
  } else if (parts.length === 2 && (m1 = ROW_RE.exec(a)) && (m2 = ROW_RE.exec(b))) {
    const r1 = +m1[1] - 1,
      r2 = +m2[1] - 1;
    result = { rect: rectFromCorners(r1, 0, r2, MAX_COLS - 1), kind: "rows" };
  }
  if (!result || !inBounds(result.rect)) return null;
  if (split.sheet !== undefined) result.sheet = split.sheet;
  return result;
}

/** Does this sheet name need quotes in an address? (mirrors Excel's rule closely enough) */
export function needsQuotes(name: string): boolean {
  if (name === "") return true;
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name)) return true; // looks like A1
  if (/^[Rr]([0-9]*)?[Cc]?([0-9]*)?$/.test(name)) return true; // looks like R1C1 / R / C
  return false;
}

export function quoteSheet(name: string): string {
  return needsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

export function localAddress(r: Rect, absolute = false): string {
  const d = absolute ? "$" : "";
  if (isEntireRows(r)) return `${d}${r.row + 1}:${d}${lastRow(r) + 1}`;
  if (isEntireCols(r)) return `${d}${indexToCol(r.col)}:${d}${indexToCol(lastCol(r))}`;
  const tl = `${d}${indexToCol(r.col)}${d}${r.row + 1}`;
  if (r.rows === 1 && r.cols === 1) return tl;
  return `${tl}:${d}${indexToCol(lastCol(r))}${d}${lastRow(r) + 1}`;
}

/** "Sheet1!A1:B2", as Range.address returns it. */
export function fullAddress(sheet: string, r: Rect, absolute = false): string {
  return `${quoteSheet(sheet)}!${localAddress(r, absolute)}`;
}

export function cellAddress(row: number, col: number): string {
  return `${indexToCol(col)}${row + 1}`;
}
