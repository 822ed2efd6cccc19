import JSZip from "jszip";
import { parseDocument } from "htmlparser2";

/**
 * A small reader of a .docx's body for tests: the body's paragraphs and tables in order, each table's grid
 * (w:tblGrid), and its cells with w:gridSpan and w:vMerge resolved into positioned cells with spans — the same
 * reading a Word importer does, written independently of the writer so the tests check what the file says.
 */

interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

export interface DocxCell {
  text: string;
  gridSpan: number;
  vMerge?: "restart" | "continue";
  /** w:tcW in twips. */
  width?: number;
}

export interface DocxTable {
  /** w:gridCol widths in twips. */
  grid: number[];
  width?: number;
  rows: DocxCell[][];
}

export type DocxBlock = { kind: "paragraph"; text: string } | { kind: "table"; table: DocxTable };

export interface DocxBody {
  blocks: DocxBlock[];
  page: { width: number; height: number; left: number; right: number };
}

/** A cell of a table with its spans resolved: top-left grid position, rows and columns it covers. */
export interface SpannedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

const kids = (n: Node, name: string) => (n.children ?? []).filter((c) => c.name === name);
const kid = (n: Node | undefined, name: string) => (n ? kids(n, name)[0] : undefined);
const val = (n: Node | undefined, attr = "w:val") => n?.attribs?.[attr];

function textOf(n: Node): string {
  if (n.name === "w:t") return (n.children ?? []).map((c) => c.data ?? "").join("");
  if (n.name === "w:tab") return "\t";
  return (n.children ?? []).map(textOf).join("");
}

function readTable(tbl: Node): DocxTable {
  const grid = kids(kid(tbl, "w:tblGrid")!, "w:gridCol").map((g) => Number(val(g, "w:w")));
  const width = Number(val(kid(kid(tbl, "w:tblPr"), "w:tblW"), "w:w"));
  const rows = kids(tbl, "w:tr").map((tr) =>
    kids(tr, "w:tc").map((tc) => {
      const pr = kid(tc, "w:tcPr");
      const vm = kid(pr, "w:vMerge");
      const w = Number(val(kid(pr, "w:tcW"), "w:w"));
      return {
        text: kids(tc, "w:p").map(textOf).join("\n"),
        gridSpan: Number(val(kid(pr, "w:gridSpan")) ?? 1),
        ...(vm ? { vMerge: val(vm) === "restart" ? "restart" : "continue" } : {}),
        ...(Number.isFinite(w) ? { width: w } : {}),
      } as DocxCell;
    })
  );
  return { grid, ...(Number.isFinite(width) ? { width } : {}), rows };
}

/** The body of a .docx: paragraphs and tables in order, and the page size and side margins. */
export async function readDocxBody(bytes: Uint8Array): Promise<DocxBody> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const doc = parseDocument(xml, { xmlMode: true }) as unknown as Node;
  const body = kid(kid(doc, "w:document"), "w:body")!;
  const blocks: DocxBlock[] = [];
  for (const n of body.children ?? []) {
    if (n.name === "w:p") blocks.push({ kind: "paragraph", text: textOf(n) });
    if (n.name === "w:tbl") blocks.push({ kind: "table", table: readTable(n) });
  }
  const sect = kid(body, "w:sectPr");
  const size = kid(sect, "w:pgSz");
  const mar = kid(sect, "w:pgMar");
  return {
    blocks,
    page: {
      width: Number(val(size, "w:w")),
      height: Number(val(size, "w:h")),
      left: Number(val(mar, "w:left")),
      right: Number(val(mar, "w:right")),
    },
  };
}

export const tablesOf = (body: DocxBody): DocxTable[] =>
  body.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));

/** A table's cells with gridSpan and vMerge resolved (a vMerge continue cell extends the cell above it). */
export function spannedCells(table: DocxTable): SpannedCell[] {
  const out: SpannedCell[] = [];
  /** The open cell covering each grid column (for vMerge continue). */
  const above = new Map<number, SpannedCell>();
  table.rows.forEach((row, r) => {
    let col = 0;
    for (const c of row) {
      if (c.vMerge === "continue") {
        const top = above.get(col);
        if (!top || top.colSpan !== c.gridSpan)
          throw new Error(`row ${r} column ${col}: vMerge continue without a cell above`);
        top.rowSpan++;
      } else {
        const cell = { row: r, col, rowSpan: 1, colSpan: c.gridSpan, text: c.text };
        out.push(cell);
        for (let k = col; k < col + c.gridSpan; k++) above.delete(k);
        if (c.vMerge === "restart") above.set(col, cell);
      }
      col += c.gridSpan;
    }
    if (col !== table.grid.length)
      throw new Error(`row ${r} covers ${col} grid columns, the grid has ${table.grid.length}`);
  });
  return out;
}
