import type { SourceBlock, SourceCell, SourceTable } from "./document";
import { joinLines } from "./document-text";

/**
 * Rebuilding a PDF page's structure from what a PDF holds: text items at positions, and the ruling lines drawn for
 * cell borders. Pure geometry (no pdfjs here; pdf.ts extracts the primitives), in PDF user space (y grows upwards).
 *
 * - Tables: ruling segments that touch each other form a table; the distinct x of its vertical rules and y of its
 *   horizontal rules make a fine grid, and two neighbouring grid cells belong to one (merged) cell when no rule
 *   separates them. Text belongs to the cell its centre falls in; the lines of a cell are joined (a label wrapping in
 *   a narrow column stays one cell, a number wrapped in two stays one number).
 * - Text outside tables: items grouped into lines by baseline, lines into paragraphs (a new paragraph where a line
 *   is indented, the previous one stops short, or the gap is larger), page numbers dropped.
 * - Pages: a table that ends one page and one that starts the next with the same columns are one table split by the
 *   page break: joined, the header rows dropped when the next page repeats them, and a merged label cell that the
 *   break cut in two (its text or its blank rest on the next page) made one cell again.
 */

export interface TextItem {
  str: string;
  /** Baseline start. */
  x: number;
  y: number;
  width: number;
  /** Font size (height of the text). */
  size: number;
}

/** A straight ruling segment (x1 ≤ x2, y1 ≤ y2); horizontal when y1 = y2, vertical when x1 = x2. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PageContent {
  number: number;
  width: number;
  height: number;
  items: TextItem[];
  segments: Segment[];
  /** Images painted on the page (a scan is images and no text). */
  images: number;
}

/** A table with its geometry, before it becomes a SourceTable. */
interface GeoCell {
  r: number;
  c: number;
  rs: number;
  cs: number;
  x0: number;
  x1: number;
  text: string;
  /** Whether the cell's last line reaches its right edge (so its text may go on: wrapped by a page break). */
  full: boolean;
}
interface GeoTable {
  xs: number[];
  rows: number;
  cells: GeoCell[];
  top: number;
  bottom: number;
  pages: number[];
}

type PageBlock = { top: number; table?: GeoTable; paragraph?: string };

const TOL = 2;

function cluster(values: number[], tol = TOL): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1] <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Horizontal and vertical segments only, collinear overlapping pieces merged. */
function normalizeSegments(segments: Segment[]): { h: Segment[]; v: Segment[] } {
  const h: Segment[] = [];
  const v: Segment[] = [];
  for (const s of segments) {
    const dx = s.x2 - s.x1;
    const dy = s.y2 - s.y1;
    if (Math.abs(dy) <= 1 && Math.abs(dx) > 2) {
      const y = (s.y1 + s.y2) / 2;
      h.push({ x1: Math.min(s.x1, s.x2), x2: Math.max(s.x1, s.x2), y1: y, y2: y });
    } else if (Math.abs(dx) <= 1 && Math.abs(dy) > 2) {
      const x = (s.x1 + s.x2) / 2;
      v.push({ x1: x, x2: x, y1: Math.min(s.y1, s.y2), y2: Math.max(s.y1, s.y2) });
    }
  }
  const merge = (list: Segment[], horizontal: boolean) => {
    const key = (s: Segment) => (horizontal ? s.y1 : s.x1);
    const lo = (s: Segment) => (horizontal ? s.x1 : s.y1);
    const hi = (s: Segment) => (horizontal ? s.x2 : s.y2);
    list.sort((a, b) => key(a) - key(b) || lo(a) - lo(b));
    const out: Segment[] = [];
    for (const s of list) {
      const same = out.find(
        (o) => Math.abs(key(o) - key(s)) <= 1 && lo(s) <= hi(o) + 1.5 && hi(s) >= lo(o) - 1.5
      );
      if (!same) {
        out.push({ ...s });
        continue;
      }
      if (horizontal) {
        same.x1 = Math.min(same.x1, s.x1);
        same.x2 = Math.max(same.x2, s.x2);
      } else {
        same.y1 = Math.min(same.y1, s.y1);
        same.y2 = Math.max(same.y2, s.y2);
      }
    }
    return out;
  };
  return { h: merge(h, true), v: merge(v, false) };
}

const itemCentre = (i: TextItem) => ({ x: i.x + i.width / 2, y: i.y + i.size * 0.35 });

/** Items into lines (by baseline), top to bottom, each left to right. */
function toLines(items: TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextItem[][] = [];
  for (const it of sorted) {
    const line = lines.find(
      (l) => Math.abs(l[0].y - it.y) <= Math.max(1.5, Math.min(l[0].size, it.size) * 0.5)
    );
    if (line) line.push(it);
    else lines.push([it]);
  }
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines.sort((a, b) => b[0].y - a[0].y);
}

/** A line's text: pieces close together joined directly, a wider gap kept as one space. */
function lineText(line: TextItem[]): string {
  let out = "";
  let end = -Infinity;
  for (const it of line) {
    const gap = it.x - end;
    const size = it.size || 10;
    if (out) {
      const latin = /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(it.str);
      if (gap > size * 0.8 || (latin && gap > size * 0.15)) out += " ";
    }
    out += it.str;
    end = Math.max(end, it.x + it.width);
  }
  return out.replace(/\s+/g, " ").trim();
}

/** The tables drawn on a page, with the items inside them taken out of `items`. */
/** More rules than any table draws (a chart, hatching): the page is read as text, in bounded time. */
const MAX_SEGMENTS = 3000;

function pageTables(
  page: PageContent,
  items: TextItem[]
): { tables: GeoTable[]; rest: TextItem[] } {
  if (page.segments.length > MAX_SEGMENTS) return { tables: [], rest: items };
  const { h, v } = normalizeSegments(page.segments);
  const all = [...h, ...v];
  const uf = new UnionFind(all.length);
  for (let i = 0; i < h.length; i++)
    for (let j = 0; j < v.length; j++) {
      const a = h[i];
      const b = v[j];
      if (b.x1 >= a.x1 - TOL && b.x1 <= a.x2 + TOL && a.y1 >= b.y1 - TOL && a.y1 <= b.y2 + TOL)
        uf.union(i, h.length + j);
    }
  const groups = new Map<number, number[]>();
  all.forEach((_, i) => {
    const root = uf.find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const tables: GeoTable[] = [];
  let rest = items;
  for (const members of groups.values()) {
    const hs = members.filter((i) => i < h.length).map((i) => all[i]);
    const vs = members.filter((i) => i >= h.length).map((i) => all[i]);
    if (hs.length < 2 || vs.length < 2) continue;
    const xs = cluster(vs.map((s) => s.x1));
    const ys = cluster(hs.map((s) => s.y1)).reverse(); // top to bottom
    if (xs.length < 2 || ys.length < 2) continue;
    const rows = ys.length - 1;
    const cols = xs.length - 1;
    // Whether a rule separates neighbouring grid cells.
    const vRule = (x: number, yLo: number, yHi: number) => {
      const mid = (yLo + yHi) / 2;
      return vs.some((s) => Math.abs(s.x1 - x) <= TOL && s.y1 <= mid + 0.5 && s.y2 >= mid - 0.5);
    };
    const hRule = (y: number, xLo: number, xHi: number) => {
      const mid = (xLo + xHi) / 2;
      return hs.some((s) => Math.abs(s.y1 - y) <= TOL && s.x1 <= mid + 0.5 && s.x2 >= mid - 0.5);
    };
    const id = (r: number, c: number) => r * cols + c;
    const cellsUf = new UnionFind(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        if (c + 1 < cols && !vRule(xs[c + 1], ys[r + 1], ys[r]))
          cellsUf.union(id(r, c), id(r, c + 1));
        if (r + 1 < rows && !hRule(ys[r + 1], xs[c], xs[c + 1]))
          cellsUf.union(id(r, c), id(r + 1, c));
      }
    const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const root = cellsUf.find(id(r, c));
        const b = boxes.get(root);
        if (!b) boxes.set(root, { r0: r, r1: r, c0: c, c1: c });
        else {
          b.r0 = Math.min(b.r0, r);
          b.r1 = Math.max(b.r1, r);
          b.c0 = Math.min(b.c0, c);
          b.c1 = Math.max(b.c1, c);
        }
      }
    // Text into cells.
    const inCell = new Map<number, TextItem[]>();
    const left = xs[0];
    const right = xs[cols];
    const top = ys[0];
    const bottom = ys[rows];
    const outside: TextItem[] = [];
    for (const it of rest) {
      const p = itemCentre(it);
      if (p.x < left || p.x > right || p.y > top || p.y < bottom) {
        outside.push(it);
        continue;
      }
      let c = 0;
      while (c < cols - 1 && p.x > xs[c + 1]) c++;
      let r = 0;
      while (r < rows - 1 && p.y < ys[r + 1]) r++;
      const root = cellsUf.find(id(r, c));
      inCell.set(root, [...(inCell.get(root) ?? []), it]);
    }
    rest = outside;
    const cells: GeoCell[] = [];
    for (const [root, b] of boxes) {
      const itemLines = toLines(inCell.get(root) ?? []);
      const lines = itemLines.map(lineText);
      const last = itemLines[itemLines.length - 1];
      const lastRight = last ? Math.max(...last.map((i) => i.x + i.width)) : -Infinity;
      const lastSize = last ? Math.max(...last.map((i) => i.size)) : 0;
      cells.push({
        full: xs[b.c1 + 1] - lastRight < lastSize * 1.5 + 6,
        r: b.r0,
        c: b.c0,
        rs: b.r1 - b.r0 + 1,
        cs: b.c1 - b.c0 + 1,
        x0: xs[b.c0],
        x1: xs[b.c1 + 1],
        text: joinLines(lines),
      });
    }
    cells.sort((a, b) => a.r - b.r || a.c - b.c);
    tables.push({ xs, rows, cells, top, bottom, pages: [page.number] });
  }
  return { tables, rest };
}

/** Running heads and page numbers ("- 2 -", "第 2 页", "2/5") near the top or bottom edge. */
function isFurniture(text: string, y: number, page: PageContent): boolean {
  const margin = page.height * 0.08;
  if (y > margin && y < page.height - margin) return false;
  return /^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(\s*[，,]?\s*共\s*\d+\s*页)?$|^\d+\s*\/\s*\d+$/.test(
    text
  );
}

/** A page's blocks in reading order (top to bottom). */
function pageBlocks(page: PageContent): PageBlock[] {
  const items = page.items.filter((i) => i.str.trim() !== "");
  const { tables, rest } = pageTables(page, items);
  const blocks: PageBlock[] = tables.map((t) => ({ top: t.top, table: t }));
  const lines = toLines(rest)
    .map((l) => ({
      text: lineText(l),
      y: l[0].y,
      x0: l[0].x,
      x1: Math.max(...l.map((i) => i.x + i.width)),
      size: Math.max(...l.map((i) => i.size)),
    }))
    .filter((l) => l.text && !isFurniture(l.text, l.y, page));
  const leftMargin = Math.min(...lines.map((l) => l.x0));
  const rightMargin = Math.max(...lines.map((l) => l.x1));
  // Paragraphs: consecutive lines with no table between them and no sign of a paragraph break.
  const tops = tables.map((t) => ({ top: t.top, bottom: t.bottom }));
  let current: { top: number; lines: string[]; last: (typeof lines)[number] } | undefined;
  const flush = () => {
    if (current) blocks.push({ top: current.top, paragraph: joinLines(current.lines) });
    current = undefined;
  };
  for (const line of lines) {
    const prev = current?.last;
    const tableBetween = prev && tops.some((t) => t.top <= prev.y && t.top >= line.y);
    const breakHere =
      !prev ||
      tableBetween ||
      prev.y - line.y > Math.max(prev.size, line.size) * 2 ||
      line.x0 > leftMargin + line.size * 0.8 ||
      prev.x1 < rightMargin - prev.size * 2 ||
      Math.abs(prev.size - line.size) > 1;
    if (breakHere) {
      flush();
      current = { top: line.y + line.size, lines: [line.text], last: line };
    } else {
      current!.lines.push(line.text);
      current!.last = line;
    }
  }
  flush();
  return blocks.sort((a, b) => b.top - a.top);
}

/** Column boundaries of `b` that `a` also has (within tolerance), as a share of `b`'s. */
function sameColumns(a: number[], b: number[]): boolean {
  if (Math.abs(a[0] - b[0]) > 3 || Math.abs(a[a.length - 1] - b[b.length - 1]) > 3) return false;
  const within = (xs: number[], x: number) => xs.some((y) => Math.abs(y - x) <= 3);
  return b.every((x) => within(a, x)) || a.every((x) => within(b, x));
}

/** A grid as a matrix of texts over common columns (for comparing header rows). */
function rowTexts(t: GeoTable, xs: number[], r: number): string {
  return t.cells
    .filter((c) => c.r <= r && r < c.r + c.rs)
    .map((c) => `${colIndex(xs, c.x0)}:${colIndex(xs, c.x1)}:${c.text}`)
    .sort()
    .join("|");
}

const colIndex = (xs: number[], x: number) => {
  let best = 0;
  xs.forEach((v, i) => {
    if (Math.abs(v - x) < Math.abs(xs[best] - x)) best = i;
  });
  return best;
};

const ENUMERATED = /^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、|^\d+[.、．]/;

/** `b` (the top of the next page) appended to `a` (the bottom of this one). */
function joinTables(a: GeoTable, b: GeoTable): GeoTable {
  const xs = cluster([...a.xs, ...b.xs], 3);
  const place = (c: GeoCell, rowOffset: number): GeoCell => {
    const c0 = colIndex(xs, c.x0);
    const c1 = colIndex(xs, c.x1);
    return { ...c, r: c.r + rowOffset, c: c0, cs: Math.max(1, c1 - c0) };
  };
  // Header rows repeated at the top of the next page.
  let repeated = 0;
  while (
    repeated < Math.min(5, a.rows - 1, b.rows - 1) &&
    rowTexts(a, xs, repeated) === rowTexts(b, xs, repeated) &&
    rowTexts(a, xs, repeated).replace(/\d+:\d+:\|?/g, "") !== ""
  )
    repeated++;
  // Never cut a cell of b that spans the header boundary.
  while (repeated > 0 && b.cells.some((c) => c.r < repeated && c.r + c.rs > repeated)) repeated--;
  const cells = a.cells.map((c) => place(c, 0));
  const numeric = (c: GeoCell) => /^\d/.test(c.text) && !ENUMERATED.test(c.text);
  const firstNumeric = Math.min(
    ...[...a.cells, ...b.cells].filter(numeric).map((c) => colIndex(xs, c.x0)),
    xs.length
  );
  const bottomCell = (cell: GeoCell) =>
    cells.find((c) => c.r + c.rs === a.rows && c.c === cell.c && c.cs === cell.cs);
  const firstRow = b.cells.filter((c) => c.r === repeated).map((c) => place(c, 0));
  // A row cut in two by the page break (Writer lets rows break across pages): the next page's first row goes on
  // with the text of cells whose last line was full (a wrapped label, header or number), or fills cells left blank
  // above; at least one of them is text, not a number.
  const continues = (cell: GeoCell) => {
    const above = bottomCell(cell);
    return !!above && above.full && above.text !== "" && !ENUMERATED.test(cell.text);
  };
  const labelSplit =
    firstRow.some((c) => c.text !== "" && !numeric(c) && continues(c)) &&
    firstRow.every((c) => c.text === "" || continues(c) || bottomCell(c)?.text === "");
  // A row of numbers only (table 四's values) cut by the break: only when the rows on both sides have no labels, and
  // every number on the next page goes on from a full number above it.
  const numbersSplit =
    firstRow.some((c) => c.text !== "") &&
    firstRow.every(
      (c) => c.text === "" || (numeric(c) && continues(c) && numeric(bottomCell(c)!))
    ) &&
    cells.filter((c) => c.r + c.rs === a.rows).every((c) => c.text === "" || numeric(c));
  const splitRow = labelSplit || numbersSplit;
  const offset = a.rows - repeated - (splitRow ? 1 : 0);
  for (const raw of b.cells) {
    if (raw.r < repeated) continue;
    const cell = place(raw, offset);
    if (raw.r === repeated) {
      const above = bottomCell(cell);
      if (splitRow && above) {
        above.rs += cell.rs - 1;
        above.text = joinLines([above.text, cell.text]);
        continue;
      }
      // A merged label cell cut by the page break: its rest on the next page (blank, or text that does not start a
      // new enumerated label) continues the cell above it.
      if (
        !splitRow &&
        above &&
        cell.c < firstNumeric &&
        above.text !== "" &&
        (above.rs > 1 || cell.rs > 1) &&
        (cell.text === "" || !ENUMERATED.test(cell.text)) &&
        !numeric(cell)
      ) {
        above.rs += cell.rs;
        above.text = joinLines([above.text, cell.text]);
        continue;
      }
    }
    cells.push(cell);
  }
  return {
    xs,
    rows: a.rows + b.rows - repeated - (splitRow ? 1 : 0),
    cells,
    top: a.top,
    bottom: b.bottom,
    pages: [...a.pages, ...b.pages],
  };
}

function toSourceTable(t: GeoTable): SourceTable {
  const cells: SourceCell[] = t.cells
    .map((c) => ({ row: c.r, col: c.c, rowSpan: c.rs, colSpan: c.cs, text: c.text }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const pages =
    t.pages[0] === t.pages[t.pages.length - 1]
      ? `${t.pages[0]}`
      : `${t.pages[0]}–${t.pages[t.pages.length - 1]}`;
  return { rows: t.rows, cols: t.xs.length - 1, cells, origin: `第 ${pages} 页` };
}

/**
 * The pages' blocks in reading order, tables split across page breaks joined; and the pages where a table runs past
 * the page's edge (Writer lays a table too wide for the page out anyway, and the PDF cuts what is beyond the edge:
 * a number there may be printed only in part).
 */
export function layoutPages(pages: PageContent[]): { blocks: SourceBlock[]; cutPages: number[] } {
  const blocks: PageBlock[] = [];
  const cutPages: number[] = [];
  for (const page of pages) {
    const own = pageBlocks(page);
    // A table touching the page's edge, or text running past it (rules beyond the edge are not drawn either).
    const atEdge = (x: number) => x < 1 || x > page.width - 1;
    if (
      own.some(
        (b) => b.table && (atEdge(b.table.xs[0]) || atEdge(b.table.xs[b.table.xs.length - 1]))
      ) ||
      page.items.some((i) => i.str.trim() && (atEdge(i.x) || atEdge(i.x + i.width)))
    )
      cutPages.push(page.number);
    const last = blocks[blocks.length - 1];
    const first = own[0];
    if (last?.table && first?.table && sameColumns(last.table.xs, first.table.xs)) {
      last.table = joinTables(last.table, first.table);
      own.shift();
    }
    blocks.push(...own);
  }
  return {
    blocks: blocks.map((b) =>
      b.table
        ? { kind: "table" as const, table: toSourceTable(b.table) }
        : { kind: "paragraph" as const, text: b.paragraph ?? "" }
    ),
    cutPages,
  };
}
