import type { SourceBlock, SourceDocument, SourceTable } from "./document";

/**
 * Pipe-separated text (`规章 | 0 | 0 | 0 |`, markdown rows `| 1 |  | 3 |`): the `|` are cell boundaries the source
 * gives, so these lines become table rows of the source-document model, each cell at its printed position; the other
 * lines are paragraphs. Lines with a single pipe (one cell per line ending in " |") give no row boundaries and stay
 * text.
 */

/** Cells of a pipe row, or undefined when the line is not one (fewer than two pipes, or a markdown rule line). */
export function pipeCells(line: string, outer = /^\|/.test(line)): string[] | undefined {
  const first = line.indexOf("|");
  if (first < 0 || line.indexOf("|", first + 1) < 0) return undefined; // fewer than two pipes
  let cells = line.split("|");
  // The outer pipes of `| a | b |` delimit, they do not add cells; without them (`  | 9 |`) a leading blank is a
  // blank first cell.
  if (outer && /^\s*\|/.test(line)) cells = cells.slice(1);
  if (/\|\s*$/.test(line)) cells = cells.slice(0, -1);
  cells = cells.map((c) => c.trim());
  if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === ""))
    return cells.some(Boolean) ? [] : undefined;
  return cells;
}

/** Whether a text has pipe rows a grid can be built from (at least two rows with two cells or more). */
export function hasPipeRows(text: string): boolean {
  let n = 0;
  // Only lines with two pipes or more can be rows: found from the pipes (most report texts have none).
  for (let p = text.indexOf("|"); p >= 0;) {
    let end = text.indexOf("\n", p);
    if (end < 0) end = text.length;
    const second = text.indexOf("|", p + 1);
    if (second >= 0 && second < end) {
      const cells = pipeCells(text.slice(text.lastIndexOf("\n", p) + 1, end));
      if (cells && cells.length >= 2 && ++n >= 2) return true;
    }
    p = text.indexOf("|", end);
  }
  return false;
}

/** The text as a source document: runs of pipe rows as tables, other lines as paragraphs. */
export function pipeDocument(text: string, title?: string): SourceDocument {
  const blocks: SourceBlock[] = [];
  let table: SourceTable | undefined;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", text: paragraph.join("\n") });
    paragraph = [];
  };
  const lines = text.split("\n");
  // Whether the rows are written with outer pipes (`| a | b |`): most pipe rows start with one.
  const piped = lines.filter((l) => pipeCells(l) !== undefined);
  const outer = piped.filter((l) => /^\|/.test(l.trimStart())).length * 2 > piped.length;
  for (const line of lines) {
    const cells = pipeCells(line, outer);
    if (cells === undefined) {
      if (line.trim() === "" && table) continue; // a blank line inside a table
      table = undefined;
      paragraph.push(line);
      continue;
    }
    if (!cells.length) continue; // a markdown rule line
    if (!table) {
      flush();
      table = { rows: 0, cols: 0, cells: [] };
      blocks.push({ kind: "table", table });
    }
    const row = table.rows++;
    cells.forEach((text, col) => table!.cells.push({ row, col, rowSpan: 1, colSpan: 1, text }));
    table.cols = Math.max(table.cols, cells.length);
  }
  flush();
  return { ...(title ? { title } : {}), blocks };
}
