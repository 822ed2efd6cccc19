import type { ImportResult } from "./types";
import { normalizeText } from "./normalize";
import { readText } from "./text";

/**
 * The spine of every importer that knows where its cells are: a published report as a sequence of blocks in reading
 * order — paragraphs of text, and tables as grids of positioned cells. HTML tables, Word tables (w:tbl with
 * w:gridSpan / w:vMerge), PDF tables rebuilt from text positions and ruling lines, and pipe-separated text all become
 * this model; one reader maps a grid's header and label cells onto the format's rows and columns. A blank cell stays
 * blank in its position; digits are never split across a boundary the source gives.
 */

/** One cell of a table as the source printed it: its top-left position, its span, and its text (blank = ""). */
export interface SourceCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** A table: its cells (each once, at its top-left position) and the grid's size. */
export interface SourceTable {
  rows: number;
  cols: number;
  cells: SourceCell[];
  /** Where it came from, for messages (e.g. "第 2 页" for a PDF, "表格 3" for a Word document). */
  origin?: string;
}

export type SourceBlock =
  { kind: "paragraph"; text: string } | { kind: "table"; table: SourceTable };

/** A published report as read from its source, before any report-format knowledge is applied. */
export interface SourceDocument {
  /** The document's title, where the source gives one apart from the text (an HTML <title>, docx core title). */
  title?: string;
  blocks: SourceBlock[];
  /** Source-level facts the reader should pass on as import notes (e.g. a PDF page with no text layer). */
  notes?: { code: string; message: string }[];
}

/** The table as rows of texts, each cell at every position its span covers (for readers that want a plain grid). */
export function tableRows(table: SourceTable): string[][] {
  const rows = Array.from({ length: table.rows }, () => Array<string>(table.cols).fill(""));
  for (const cell of table.cells) {
    for (let r = cell.row; r < Math.min(table.rows, cell.row + cell.rowSpan); r++)
      for (let c = cell.col; c < Math.min(table.cols, cell.col + cell.colSpan); c++)
        rows[r][c] = cell.text;
  }
  return rows;
}

/**
 * Read a source document into a report. Interim implementation: the blocks are written out as text (a table as
 * pipe rows) and read by the text importer; the grid reader replaces this with a reader that keeps cell positions.
 */
export function readDocument(doc: SourceDocument): ImportResult {
  const parts: string[] = [];
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") parts.push(block.text);
    else
      parts.push(
        block.table.cells.length
          ? groupRows(block.table)
              .map((row) => `| ${row.map((c) => c.text || " ").join(" | ")} |`)
              .join("\n")
          : ""
      );
  }
  return readText(parts.join("\n"), doc.title ? normalizeText(doc.title) : undefined);
}

function groupRows(table: SourceTable): SourceCell[][] {
  const rows: SourceCell[][] = Array.from({ length: table.rows }, () => []);
  for (const cell of table.cells) rows[cell.row]?.push(cell);
  return rows.map((r) => r.sort((a, b) => a.col - b.col)).filter((r) => r.length);
}
