import { DomHandler, parseDocument, Parser } from "htmlparser2";
import type { SourceBlock, SourceCell, SourceTable } from "../../src/importers/document";
import { limitDepth, type HtmlContent } from "../../src/importers/html";

/**
 * The HTML reader as it was before it built its own tree (commit 28c03d4, src/importers/html.ts, kept here verbatim
 * but for the exports): htmlparser2's Parser and domhandler's DOM, walked with regular expressions tidying the text.
 * The oracle the new reader is compared against: both must read every page the same.
 */

const MAX_DEPTH = 512;

/** The parts of domhandler's nodes this module reads (kept structural so no extra package is imported). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** One position of an expanded table grid. */
interface GridCell {
  text: string;
  /** The cell's top-left position (false where a rowspan/colspan repeats it). */
  origin: boolean;
  rowspan: number;
  colspan: number;
}

const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "svg",
  "object",
  "select",
  "option",
  "button",
]);
const BLOCK = new Set([
  "p",
  "div",
  "br",
  "tr",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
  "header",
  "footer",
  "blockquote",
  "pre",
  "hr",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "caption",
  "td",
  "th",
  "nav",
  "aside",
  "main",
  "form",
  "center",
  "title",
  "body",
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
  return textOf(node, " ")
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim();
}

/** Rows of a table (its own <tr>s, in order), each the list of its <td>/<th> elements. */
function tableRows(table: DomNode): DomNode[][] {
  const rows: DomNode[][] = [];
  const stack: DomNode[] = [...(table.children ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== "tag") continue;
    if (n.name === "tr") {
      rows.push(
        (n.children ?? []).filter((c) => c.type === "tag" && (c.name === "td" || c.name === "th"))
      );
      continue;
    }
    if (n.name === "table") continue;
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return rows;
}

/** Expand rowspan/colspan into a grid of positions. */
function expandTable(table: DomNode): GridCell[][] {
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
        for (let dc = 0; dc < colspan; dc++)
          grid[r + dr][c + dc] = { text, origin: dr === 0 && dc === 0, rowspan, colspan };
      }
      c += colspan;
    }
  });
  // Fill holes left by ragged rows.
  return grid.map((row) =>
    Array.from(
      { length: row.length },
      (_, i) => row[i] ?? { text: "", origin: true, rowspan: 1, colspan: 1 }
    )
  );
}

/** domhandler's DOM builder, pausing the parser once elements nest deeper than MAX_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  running?: Parser;
  deep = false;
  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // The document node and the open elements.
    if (this.tagStack.length > MAX_DEPTH + 1 && !this.deep) {
      this.deep = true;
      this.running?.pause();
    }
  }
}

/** The options parseDocument gets (for the parser and the DOM builder alike). */
const PARSE_OPTIONS = { decodeEntities: true };

/**
 * htmlparser2's DOM of a page, as parseDocument builds it. The parse stops as soon as elements nest deeper than
 * MAX_DEPTH; the page is then parsed again without its deepest wrapping (limitDepth).
 */
function parseDom(html: string): DomNode {
  const handler = new DepthLimitedHandler(
    undefined,
    PARSE_OPTIONS as ConstructorParameters<typeof DomHandler>[1]
  );
  const parser = new Parser(handler, PARSE_OPTIONS);
  handler.running = parser;
  parser.end(html);
  if (!handler.deep) return handler.root as unknown as DomNode;
  return parseDocument(limitDepth(html), PARSE_OPTIONS) as unknown as DomNode;
}

const DATE_LABEL = /^(发布日期|发布时间|发文日期|成文日期|印发日期)\s*[:：]?$/;
const DATE_VALUE =
  /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/;

/** “label：date” lines for each cell labelled as a date and followed in its row by a date; empty for other tables. */
function labelledDates(grid: GridCell[][]): string {
  const lines: string[] = [];
  for (const row of grid)
    for (let i = 0; i + 1 < row.length; i++) {
      const label = DATE_LABEL.exec(row[i].text.trim());
      const value = row[i + 1].text.trim();
      if (label && row[i + 1].origin && DATE_VALUE.test(value)) lines.push(`${label[1]}：${value}`);
    }
  return lines.join("\n");
}

function tidy(s: string): string {
  return s
    .replace(/[ \t\u00a0\u3000]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** An expanded grid as the source-document table: each cell once, at its top-left position, with its spans. */
function sourceTable(grid: GridCell[][]): SourceTable {
  const cells: SourceCell[] = [];
  let cols = 0;
  grid.forEach((row, r) => {
    cols = Math.max(cols, row.length);
    row.forEach((cell, c) => {
      if (!cell.origin) return;
      // A span cut short by the grid's limits (see expandTable) stands as one position.
      const repeated = grid[r + cell.rowspan - 1]?.[c + cell.colspan - 1];
      const spans = repeated && !repeated.origin ? cell : { ...cell, rowspan: 1, colspan: 1 };
      cells.push({
        row: r,
        col: c,
        rowSpan: spans.rowspan,
        colSpan: spans.colspan,
        text: cell.text,
      });
    });
  });
  return { rows: grid.length, cols, cells };
}

/** What the reader took from a page through domhandler's DOM. */
export function domhandlerContent(html: string): HtmlContent {
  const doc = parseDom(html);
  const grids: GridCell[][][] = [];
  let title: string | undefined;
  // The text outside the tables, with how many line ends it ends in. A third line end in a row is left out as it
  // comes: tidy() would collapse it anyway (a page of 50,000 empty paragraphs would otherwise make 100,000 of them).
  let text = "";
  let textEnds = 0;
  const blocks: SourceBlock[] = [];
  let paragraphFrom = 0;
  const endParagraph = () => {
    const piece = tidy(text.slice(paragraphFrom));
    if (piece) blocks.push({ kind: "paragraph", text: piece });
    paragraphFrom = text.length;
  };
  const endsOf = (piece: string, before: number) => {
    let k = piece.length;
    while (k > 0 && piece.charCodeAt(k - 1) === 10) k--;
    return k === 0 ? before + piece.length : piece.length - k;
  };
  const addText = (piece: string) => {
    if (piece === "\n" && textEnds >= 2) return;
    text += piece;
    textEnds = endsOf(piece, textEnds);
  };
  const stack: (DomNode | string)[] = [doc];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === "string") {
      addText(n);
      continue;
    }
    if (n.type === "text") {
      addText(n.data ?? "");
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
      endParagraph();
      blocks.push({ kind: "table", table: sourceTable(grid) });
      // A page's 政府信息公开 metadata table (成文日期 | 2024-02-20 | 发布日期 | …) keeps its dates in the text, where
      // the table stood: the publication-date check reads them from the page's header.
      addText(`\n${labelledDates(grid)}\n`);
      continue;
    }
    const block = BLOCK.has(name);
    if (block) stack.push("\n");
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    if (block) stack.push("\n");
  }
  endParagraph();
  return {
    ...(title ? { title } : {}),
    grids,
    document: { ...(title ? { title } : {}), blocks },
  };
}
