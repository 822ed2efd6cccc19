import type { TableFormats } from "../format";
import { createReport, type Report } from "../report";
import { shortLabel, type ImportNoteEx } from "./row-labels";
import { gridRows, readGrids, type GridReading } from "./grid";
import { extractMeta, type ReportMeta } from "./meta";
import { normalizeText } from "./normalize";
import { readText } from "./text";
import type { ImportResult } from "./types";

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
  /**
   * A table ran off the page (a PDF printed narrower than its table): any printed number may be cut, so every cell
   * is read as a guess — no hard error can rest on it.
   */
  cutTables?: boolean;
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
 * Read a source document into a report: the tables through the grid reader (grid.ts), cell by cell, each in its own
 * format; the paragraphs are the report's text, used for the title facts and the text checks only — a sentence in the
 * narrative never becomes a table cell. A document without a table the grid reader recognises (the tables were
 * images, or the text was flattened) is read as text.
 */
export function readDocument(doc: SourceDocument): ImportResult {
  const title = doc.title ? normalizeText(doc.title) : undefined;
  const tables = doc.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));
  const allText = normalizeText(paragraphText(doc.blocks));
  const meta = extractMeta(allText, title);
  let last = doc.blocks.length - 1;
  while (last >= 0 && doc.blocks[last].kind !== "table") last--;
  const endsInTable = doc.blocks
    .slice(last + 1)
    .every((b) => b.kind === "paragraph" && !b.text.trim());
  const grid = tables.length ? readGrids(tables, meta.year, endsInTable) : undefined;
  if (!grid || grid.values.size === 0)
    return readText(
      flatText(doc.blocks),
      title,
      tables.length ? paragraphText(doc.blocks) : undefined
    );
  // A second report after the first one's tables: its paragraphs are not this report's text either.
  let text = allText;
  let ownMeta = meta;
  if (grid.secondReportAt !== undefined) {
    const table = tables[gridRows(tables)[grid.secondReportAt].table];
    const at = doc.blocks.findIndex((b) => b.kind === "table" && b.table === table);
    const cut = secondStart(doc.blocks, at);
    text = normalizeText(paragraphText(doc.blocks.slice(0, cut)));
    ownMeta = extractMeta(text, title);
  }
  return {
    ok: true,
    report: assembleReport(grid, text, ownMeta, doc.notes ?? []),
  };
}

/** Where the second report's blocks begin: its title or first heading before the table where its rows begin. */
function secondStart(blocks: readonly SourceBlock[], tableAt: number): number {
  for (let i = tableAt - 1; i > 0; i--) {
    const b = blocks[i];
    if (b.kind === "table") return i + 1;
    if (/年度报告|一[、.]\s*总体情况/.test(b.text)) return i;
  }
  return Math.max(0, tableAt);
}

function paragraphText(blocks: readonly SourceBlock[]): string {
  return blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : [])).join("\n");
}

/** The blocks as text, a table as pipe rows (for a document whose tables the grid reader does not recognise). */
export function flatText(blocks: readonly SourceBlock[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.kind === "paragraph") parts.push(block.text);
    else
      parts.push(
        groupRows(block.table)
          .map((row) => `| ${row.map((c) => c.text || " ").join(" | ")} |`)
          .join("\n")
      );
  }
  return parts.join("\n");
}

function groupRows(table: SourceTable): SourceCell[][] {
  const rows: SourceCell[][] = Array.from({ length: table.rows }, () => []);
  for (const cell of table.cells) rows[cell.row]?.push(cell);
  return rows.map((r) => r.sort((a, b) => a.col - b.col)).filter((r) => r.length);
}

/** Rows of tables 二 and 三 not read, tables not read, and a format told by no label: noted. */
function noteWhatIsMissing(grid: GridReading, notes: ImportNoteEx[]): void {
  const { model } = grid;
  for (const table of ["二", "三"] as const) {
    const read = grid.rows[table];
    if (!read.size) continue;
    const missing = model.table(table).rows.filter((r) => !read.has(r.key));
    if (!missing.length) continue;
    const names = missing.map((r) => `“${shortLabel(r.label)}”`);
    notes.push({
      code: "I-MISSING-ROWS",
      message: `表${table}缺少 ${missing.length} 行：${names.slice(0, 6).join("、")}${names.length > 6 ? " 等" : ""}。`,
      en: `Table ${table} lacks ${missing.length} row(s): ${missing
        .slice(0, 6)
        .map((r) => r.label)
        .join(", ")}${missing.length > 6 ? " …" : ""}.`,
      cells: missing.flatMap((r) =>
        model.columnsOf(table, r.key).map((column) => ({ table, row: r.key, column }))
      ),
    });
  }
  for (const table of ["二", "三", "四"] as const) {
    if (grid.rows[table].size) continue;
    const count = model.cells.filter((c) => c.table === table).length;
    notes.push({
      code: "I-MISSING-TABLE",
      message: `表${table}缺失（没有找到），其中 ${count} 格无法核对。`,
      en: `Table ${table} is missing (not found); its ${count} cells cannot be checked.`,
    });
  }
  if (!grid.formatFrom["二"] && !grid.formatFrom["三"])
    notes.push({
      code: "I-FORMAT-GUESS",
      message: `表格中没有能区分 2019 年版和 2021 年版格式的列名，按 ${model.id} 年版格式读取。`,
      en: `No column label tells the 2019 and 2021 formats apart; read as the ${model.id} format.`,
    });
}

/** The report from what the grid reader read: values, guesses, notes, and what is missing. */
function assembleReport(
  grid: GridReading,
  text: string,
  meta: ReportMeta,
  sourceNotes: { code: string; message: string }[]
): Report {
  const { model } = grid;
  const notes: ImportNoteEx[] = [...sourceNotes, ...grid.notes];
  // The notes are made in a function of their own: with them inline, V8 took 35 ms to optimise this one, again and
  // again as new kinds of page came past.
  noteWhatIsMissing(grid, notes);
  const tableFormats: TableFormats = {};
  for (const t of model.tables)
    if (model.formatOf(t.id) !== model.id) tableFormats[t.id] = model.formatOf(t.id);
  const report = createReport(model.id, {
    ...(Object.keys(tableFormats).length ? { tableFormats } : {}),
    ...(meta.year ? { year: meta.year } : {}),
    ...(meta.agency ? { agency: meta.agency } : {}),
    text,
    notes,
    uncertain: grid.uncertain,
    ...(grid.readings.length ? { readings: grid.readings } : {}),
  });
  // In the format's order (the order the report's cells are listed in).
  for (const id of model.ids) {
    const value = grid.values.get(id);
    if (value !== undefined) report.values.set(id, value);
  }
  return report;
}
