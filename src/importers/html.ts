import { parseDocument } from "htmlparser2";
import type { Importer, ImportResult } from "./registry";
import { readPublished } from "./cells";
import { decodeText, looksBinary, normalizeText } from "./normalize";

/**
 * HTML pages of published reports. The page is parsed with htmlparser2; each innermost <table> is expanded into a grid
 * (rowspan/colspan), and its cells are fed, row by row, through the same label and number matching as published text
 * (cells.ts). Text outside the tables is the report's text; the <title> gives year and agency.
 */

/** The parts of domhandler's nodes this module reads (kept structural so no extra package is imported). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** One position of an expanded table grid. */
export interface GridCell {
  text: string;
  /** The cell's top-left position (false where a rowspan/colspan repeats it). */
  origin: boolean;
  rowspan: number;
  colspan: number;
}

export interface HtmlContent {
  title?: string;
  /** Innermost tables, expanded into grids. */
  grids: GridCell[][][];
  /** Text outside the tables. */
  text: string;
  /** Everything in reading order: text, and each table as rows of " | "-separated cells. */
  stream: string;
}

const SKIP = new Set(["script", "style", "noscript", "template", "iframe", "svg", "object", "select", "option", "button"]);
const BLOCK = new Set([
  "p", "div", "br", "tr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
  "header", "footer", "blockquote", "pre", "hr", "table", "tbody", "thead", "tfoot", "caption", "td", "th", "nav", "aside",
  "main", "form", "center", "title", "body",
]);

const MAX_SPAN_COLS = 60;
const MAX_SPAN_ROWS = 400;
const MAX_POSITIONS = 200_000;

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt((value ?? "1").trim(), 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

function containsTable(node: DomNode): boolean {
  const stack = [...(node.children ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "tag" && n.name === "table") return true;
    if (n.children) stack.push(...n.children);
  }
  return false;
}

/** Text of a node, block boundaries as spaces (inside a cell) or newlines (in the page). */
function textOf(node: DomNode, blockSep: string): string {
  let out = "";
  const stack: (DomNode | string)[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === "string") {
      out += n;
      continue;
    }
    if (n.type === "text") {
      out += n.data ?? "";
      continue;
    }
    if (n.type !== "tag" && n.type !== "root") continue;
    if (n.name && SKIP.has(n.name)) continue;
    const block = n.name ? BLOCK.has(n.name) : false;
    if (block) stack.push(blockSep);
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    if (block) stack.push(blockSep);
  }
  return out;
}

function cellText(node: DomNode): string {
  return textOf(node, " ").replace(/[\s\u00a0\u3000]+/g, " ").trim();
}

/** Rows of a table (its own <tr>s, in order), each the list of its <td>/<th> elements. */
function tableRows(table: DomNode): DomNode[][] {
  const rows: DomNode[][] = [];
  const stack: DomNode[] = [...(table.children ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== "tag") continue;
    if (n.name === "tr") {
      rows.push((n.children ?? []).filter((c) => c.type === "tag" && (c.name === "td" || c.name === "th")));
      continue;
    }
    if (n.name === "table") continue;
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return rows;
}

/** Expand rowspan/colspan into a grid of positions. */
export function expandTable(table: DomNode): GridCell[][] {
  const grid: GridCell[][] = [];
  const rows = tableRows(table);
  let positions = 0;
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r][c]) c++;
      const colspan = span(cell.attribs?.colspan, MAX_SPAN_COLS);
      const rowspan = Math.min(span(cell.attribs?.rowspan, MAX_SPAN_ROWS), rows.length - r);
      const text = cellText(cell);
      // A page cannot make the grid grow without bound: past the limit, spans are not repeated.
      const repeat = positions + rowspan * colspan <= MAX_POSITIONS;
      positions += repeat ? rowspan * colspan : 1;
      if (!repeat) {
        grid[r][c] = { text, origin: true, rowspan: 1, colspan: 1 };
        c += 1;
        continue;
      }
      for (let dr = 0; dr < rowspan; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) grid[r + dr][c + dc] = { text, origin: dr === 0 && dc === 0, rowspan, colspan };
      }
      c += colspan;
    }
  });
  // Fill holes left by ragged rows.
  return grid.map((row) => Array.from({ length: row.length }, (_, i) => row[i] ?? { text: "", origin: true, rowspan: 1, colspan: 1 }));
}

/** A grid as rows of cells for the matcher: each cell once (at its origin), " | " between cells, a line per row. */
export function gridStream(grid: GridCell[][]): string {
  return grid
    .map((row) => row.filter((c) => c.origin && c.text).map((c) => c.text).join(" | "))
    .filter(Boolean)
    .map((line) => `| ${line} |`)
    .join("\n");
}

export function parseHtml(html: string): HtmlContent {
  const doc = parseDocument(html, { decodeEntities: true }) as unknown as DomNode;
  const grids: GridCell[][][] = [];
  let title: string | undefined;
  let text = "";
  let stream = "";
  const stack: (DomNode | string)[] = [doc];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === "string") {
      text += n;
      stream += n;
      continue;
    }
    if (n.type === "text") {
      text += n.data ?? "";
      stream += n.data ?? "";
      continue;
    }
    if (n.type !== "tag" && n.type !== "root") continue;
    const name = n.name ?? "";
    if (SKIP.has(name)) continue;
    if (name === "title") {
      title ??= cellText(n);
      continue;
    }
    if (name === "head") {
      // Only the title matters in the head.
      const t = (n.children ?? []).find((c) => c.type === "tag" && c.name === "title");
      if (t) title ??= cellText(t);
      continue;
    }
    if (name === "table" && !containsTable(n)) {
      const grid = expandTable(n);
      grids.push(grid);
      stream += `\n${gridStream(grid)}\n`;
      text += "\n";
      continue;
    }
    const block = BLOCK.has(name);
    if (block) stack.push("\n");
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    if (block) stack.push("\n");
  }
  const tidy = (s: string) =>
    s
      .replace(/[ \t\u00a0\u3000]+/g, " ")
      .replace(/ *\n */g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  return { ...(title ? { title } : {}), grids, text: tidy(text), stream: tidy(stream) };
}

export function readHtml(html: string): ImportResult {
  const page = parseHtml(html);
  const stream = normalizeText(page.stream);
  const text = normalizeText(page.text);
  const title = page.title ? normalizeText(page.title) : undefined;
  const result = readPublished(stream, { text, ...(title ? { title } : {}) });
  if (!result.ok) return result;
  return { ok: true, report: result.report };
}

export const htmlImporter: Importer = {
  name: "html",
  accepts(path, bytes) {
    if (/\.(html?|xhtml|shtml)$/i.test(path)) return true;
    if (looksBinary(bytes)) return false;
    const head = new TextDecoder().decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, "").trimStart();
    return head.startsWith("<");
  },
  async read(_path, bytes) {
    if (looksBinary(bytes)) return { ok: false, error: "这不是 HTML 文件，没有找到年报统计表" };
    return readHtml(decodeText(bytes));
  },
};
