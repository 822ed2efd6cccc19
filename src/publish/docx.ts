import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from "docx";
import { cellId } from "../format";
import type { Publication, PublishedParagraph } from "./document";
import { PAGE, TABLE_WIDTH, type PrintedCell, type PrintedTable } from "./tables";

/**
 * The report as a Word document (docx package): A4, the title, the six sections, the three tables laid out as the
 * official template (template-2021.docx) lays them out — the same grid, the same merged cells (w:gridSpan across,
 * w:vMerge restart/continue down), 宋体 10 pt in the tables, the template's blue fill on table 二's headings — and the numbers as
 * checked. Merged cells are written as the template writes them: a vMerge="continue" cell in every row a vertical
 * merge covers, with the span of the cell it continues.
 */

const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体" };
const HEADING_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };
/** Half-points: 16 pt text (三号), 22 pt title (二号), 10 pt in the tables as in the template. */
const SIZE = { title: 44, heading: 32, body: 32, table: 20 };
const HEADER_FILL = "C6D9F1";
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function cellParagraph(text: string, center: boolean): Paragraph {
  return new Paragraph({
    alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { before: 0, after: 0 },
    children: text ? [new TextRun({ text, font: BODY_FONT, size: SIZE.table })] : [],
  });
}

function wordCell(
  table: PrintedTable,
  c: PrintedCell,
  text: string,
  merge?: (typeof VerticalMergeType)[keyof typeof VerticalMergeType]
): TableCell {
  const width = table.widths.slice(c.col, c.col + c.colSpan).reduce((s, w) => s + w, 0);
  // As in the template: only table 二's sub-table headings (第二十条第（一）项 …) are filled.
  const filled = c.role === "heading";
  return new TableCell({
    children: [cellParagraph(text, c.role === "header" || c.role === "entry")],
    width: { size: width, type: WidthType.DXA },
    ...(c.colSpan > 1 ? { columnSpan: c.colSpan } : {}),
    ...(merge ? { verticalMerge: merge } : {}),
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 57, right: 57 },
    borders: BORDERS,
    ...(filled ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: HEADER_FILL } } : {}),
  });
}

/** A printed table as a Word table. */
export function wordTable(table: PrintedTable, printed: Map<string, string>): Table {
  const covering: (PrintedCell | undefined)[][] = Array.from({ length: table.rows }, () =>
    Array<PrintedCell | undefined>(table.cols).fill(undefined)
  );
  for (const c of table.cells)
    for (let r = c.row; r < c.row + c.rowSpan; r++)
      for (let k = c.col; k < c.col + c.colSpan; k++) covering[r][k] = c;
  // Header rows (those without an entry cell) repeat at the top of each page table 三 runs onto.
  const headerRows = new Set(
    Array.from({ length: table.rows }, (_, r) => r).filter(
      (r) => !table.cells.some((c) => c.row === r && c.role === "entry")
    )
  );
  const rows: TableRow[] = [];
  for (let r = 0; r < table.rows; r++) {
    const cells: TableCell[] = [];
    for (let k = 0; k < table.cols;) {
      const c = covering[r][k];
      if (!c) throw new Error(`table ${table.id}: no cell at row ${r}, column ${k}`);
      if (c.row === r) {
        const text = c.ref ? (printed.get(cellId(c.ref)) ?? "") : (c.text ?? "");
        cells.push(wordCell(table, c, text, c.rowSpan > 1 ? VerticalMergeType.RESTART : undefined));
      } else cells.push(wordCell(table, c, "", VerticalMergeType.CONTINUE));
      k += c.colSpan;
    }
    rows.push(
      new TableRow({
        children: cells,
        cantSplit: true,
        height: { value: 340, rule: HeightRule.ATLEAST },
        ...(table.id === "三" && headerRows.has(r) && r < 3 ? { tableHeader: true } : {}),
      })
    );
  }
  return new Table({
    rows,
    width: { size: TABLE_WIDTH, type: WidthType.DXA },
    columnWidths: table.widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
  });
}

/** A paragraph of text; `keepNext` for the one just before a table, so the table does not start a page without it. */
function textParagraph(p: PublishedParagraph, keepNext = false): Paragraph {
  return new Paragraph({
    keepNext,
    indent: { firstLine: 640 },
    spacing: { line: 560, after: 0 },
    alignment: AlignmentType.JUSTIFIED,
    children: [
      new TextRun({
        text: p.text,
        font: BODY_FONT,
        size: SIZE.body,
        ...(p.placeholder ? { color: "C00000" } : {}),
      }),
    ],
  });
}

const headingParagraph = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { before: 120, after: 120, line: 560 },
    keepNext: true,
    children: [new TextRun({ text, font: HEADING_FONT, size: SIZE.heading })],
  });

/** The publication as a Word document (docx package model). */
export function publicationDocument(p: Publication): Document {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: p.title, font: BODY_FONT, size: SIZE.title, bold: true })],
    }),
  ];
  children.push(...p.preface.map((x) => textParagraph(x)));
  for (const s of p.sections) {
    const table = s.table && p.tables.find((t) => t.id === s.table);
    children.push(
      headingParagraph(s.heading),
      ...s.paragraphs.map((x, i) => textParagraph(x, !!table && i === s.paragraphs.length - 1))
    );
    if (table) children.push(wordTable(table, p.printed), new Paragraph({ children: [] }));
  }
  return new Document({
    title: p.title,
    creator: "Nianbao 政务公开年报助手",
    styles: { default: { document: { run: { font: BODY_FONT } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.side, right: PAGE.side },
          },
        },
        children,
      },
    ],
  });
}

/** The .docx file's bytes (in Node and in the browser). */
export async function publicationDocx(p: Publication): Promise<Uint8Array> {
  return Packer.pack(publicationDocument(p), "uint8array");
}
