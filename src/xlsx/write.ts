import type * as ExcelJS from "exceljs";
import { writeFile } from "node:fs/promises";
import { cellId, getFormat, type FormatId, type TableId } from "../format";
import {
  a1,
  BASE_FONT_SIZE,
  CHECK_NUMBER_FORMAT,
  entryValidation,
  promptTitle,
  quoteSheetName,
  reportTitle,
  ROLE_STYLE,
  rowHeights,
  sheetNameFor,
  sheetPlan,
  type CheckMode,
  type Merge,
  type PlanCell,
  type SheetPlan,
} from "../layout";
import type { Report } from "../report";
import { asSingleFormat } from "../single-format";
import { loadExcelJS } from "./exceljs";
import { META_PREFIX, metaText, TABLE_NAMES } from "./names";

/**
 * The sheet layout (layout.ts) rendered into an .xlsx workbook with exceljs, for offices that pass files around
 * instead of using the add-in. The workbook carries everything the reader (read.ts) needs to find the tables again:
 *
 * - workbook-level defined names `Nianbao_T2`, `Nianbao_T3`, `Nianbao_T4`, each covering one official table (labels,
 *   headers and entry cells; not the check cells). Excel, WPS and LibreOffice move a name with its cells when rows
 *   are inserted above and rewrite it when the sheet is renamed;
 * - format, year and agency in the workbook's core document properties: `subject` = `Nianbao|2021|2025|某局`
 *   (docProps/core.xml). LibreOffice and Excel keep core properties when they save the file, and exceljs reads them.
 *   (A defined name holding a constant, `="2021|2025|某局"`, survives LibreOffice too, but exceljs can neither write
 *   nor read constant names, so it is not used.) A sheet copied into another workbook keeps neither: the reader then
 *   finds the tables by their labels and takes format, year and agency from the labels and the title and meta rows.
 *
 * Check cells hold native formulas (`checks: "formulas"`): the add-in's custom functions do not exist outside it.
 * They are written without cached results and the workbook asks for a full recalculation on load, so Excel, WPS and
 * LibreOffice all compute them when the file is opened.
 */

export interface TemplateOptions {
  format: FormatId;
  year?: number;
  agency?: string;
  /** Live check cells: native formulas (default) or none. */
  checks?: Exclude<CheckMode, "functions">;
  /** Protect the sheet (no password) so only the entry cells can be edited; rows may still be inserted. */
  protect?: boolean;
}

export interface BuiltWorkbook {
  workbook: ExcelJS.Workbook;
  worksheet: ExcelJS.Worksheet;
  plan: SheetPlan;
}

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF808080" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const argb = (hex: string) => ({ argb: `FF${hex.toUpperCase()}` });

/** Apply a role's look (ROLE_STYLE) to a cell. */
function styleCell(cell: ExcelJS.Cell, role: PlanCell["role"]): void {
  const s = ROLE_STYLE[role];
  const font: Partial<ExcelJS.Font> = { size: s.size ?? BASE_FONT_SIZE };
  if (s.bold) font.bold = true;
  if (s.italic) font.italic = true;
  if (s.color) font.color = argb(s.color);
  cell.font = font;
  if (s.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: argb(s.fill) };
  cell.alignment = { horizontal: s.align ?? "left", vertical: "middle", wrapText: !!s.wrap };
}

/** Render a sheet plan into an (empty) worksheet: labels, merges, styles, borders, entry cells, check formulas. */
export function renderPlan(ws: ExcelJS.Worksheet, plan: SheetPlan): void {
  const model = getFormat(plan.format);
  // exceljs drops a column width equal to its default (9) from the file, so the sheet's default width is set too.
  ws.properties.defaultColWidth = 9;
  plan.columnWidths.forEach((w, c) => (ws.getColumn(c + 1).width = w));

  // Every labelled cell with absolute coordinates, and the merge it heads (for heights).
  const placed: { cell: PlanCell; merge?: Merge }[] = [];
  const mergeAt = new Map<string, Merge>();
  const allMerges: Merge[] = [...plan.merges];
  for (const t of plan.tables)
    for (const m of t.merges) allMerges.push({ ...m, row: m.row + t.top, col: m.col + t.left });
  for (const m of allMerges) mergeAt.set(`${m.row}:${m.col}`, m);
  const cells: PlanCell[] = [...plan.cells];
  for (const t of plan.tables)
    for (const c of t.cells) cells.push({ ...c, row: c.row + t.top, col: c.col + t.left });

  // Borders first, on every cell of each official table (merged cells draw their edges from the cells they cover).
  for (const t of plan.tables)
    for (let r = 0; r < t.rows; r++)
      for (let c = 0; c < t.cols; c++) ws.getCell(t.top + r + 1, t.left + c + 1).border = BORDER;

  for (const cell of cells) {
    const xc = ws.getCell(cell.row + 1, cell.col + 1);
    styleCell(xc, cell.role);
    if (cell.text !== undefined) xc.value = cell.text;
    if (cell.role === "entry" && cell.ref) {
      xc.protection = { locked: false };
      const kind = model.kindOf(cell.ref);
      const v = entryValidation(kind);
      xc.dataValidation = {
        type: v.type === "wholeNumber" ? "whole" : "decimal",
        ...(v.min !== undefined
          ? { operator: "greaterThanOrEqual", formulae: [v.min] }
          : { operator: "between", formulae: [-999999999, 999999999] }),
        allowBlank: true,
        showInputMessage: true,
        promptTitle: promptTitle(
          model.row(cell.ref.table, cell.ref.row).label,
          model.column(cell.ref.table, cell.ref.column).label
        ),
        prompt: v.prompt,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "数值不符合要求",
        error: v.error,
      };
      xc.numFmt = kind === "count" || kind === "signed" ? "0" : "General";
    }
    placed.push({ cell, merge: mergeAt.get(`${cell.row}:${cell.col}`) });
  }
  for (const check of plan.checks) {
    const xc = ws.getCell(check.row + 1, check.col + 1);
    styleCell(xc, "check");
    // No cached result: every spreadsheet application then computes the formula when it opens the file.
    xc.value = { formula: check.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
    xc.numFmt = CHECK_NUMBER_FORMAT;
  }
  for (const m of allMerges)
    if (m.rows > 1 || m.cols > 1)
      ws.mergeCells(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols);

  for (const [row, height] of rowHeights(plan, placed)) ws.getRow(row + 1).height = height;
  ws.getRow(1).height = Math.max(ws.getRow(1).height ?? 0, 28);

  // The printed area: everything placed (the plan's width and height leave a spare column and row).
  const lastRow = Math.max(
    ...cells.map((c) => c.row),
    ...plan.checks.map((c) => c.row),
    ...allMerges.map((m) => m.row + m.rows - 1)
  );
  const lastCol = Math.max(
    ...cells.map((c) => c.col),
    ...plan.checks.map((c) => c.col),
    ...allMerges.map((m) => m.col + m.cols - 1)
  );
  // A4 landscape, one page wide; table 三 starts a new page.
  ws.pageSetup = {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printArea: `A1:${a1(lastRow, lastCol)}`,
  };
  ws.headerFooter = { oddFooter: "&C第 &P 页，共 &N 页" };
  const t3 = plan.tables.find((t) => t.id === "三");
  // Break before table 三's section heading (the row above it is the blank row after table 二 and its checks).
  if (t3) ws.getRow(t3.top - 1).addPageBreak();
}

/** A1 range of a placed table, absolute ($A$5:$F$18), for a defined name. */
function tableRange(plan: SheetPlan, id: TableId): string | undefined {
  const t = plan.tables.find((p) => p.id === id);
  if (!t) return undefined;
  const abs = (row: number, col: number) => a1(row, col).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  return `${abs(t.top, t.left)}:${abs(t.top + t.rows - 1, t.left + t.cols - 1)}`;
}

/** A new workbook holding the template sheet (first and only sheet), optionally filled from a report. */
export async function buildWorkbook(
  options: TemplateOptions,
  report?: Report
): Promise<BuiltWorkbook> {
  // One format per sheet: a table printed in the other format keeps the cells that fit (asSingleFormat).
  if (report) report = asSingleFormat(report);
  const plan = sheetPlan({
    format: options.format,
    year: options.year,
    agency: options.agency,
    checks: options.checks ?? "formulas",
  });
  const workbook = new (await loadExcelJS()).Workbook();
  const now = new Date();
  workbook.creator = "nianbao 政务公开年报助手";
  workbook.lastModifiedBy = "nianbao";
  workbook.created = now;
  workbook.modified = now;
  workbook.title = reportTitle(options.year, options.agency);
  workbook.subject = metaText({
    format: options.format,
    year: options.year,
    agency: options.agency,
  });
  workbook.category = "政府信息公开工作年度报告";
  workbook.keywords = `${META_PREFIX} ${options.format}`;
  workbook.calcProperties.fullCalcOnLoad = true;
  const name = sheetNameFor(options.year);
  const worksheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: "landscape" },
    views: [{ state: "normal", zoomScale: 100 }],
  });
  renderPlan(worksheet, plan);
  for (const id of ["二", "三", "四"] as TableId[]) {
    const range = tableRange(plan, id);
    if (range) workbook.definedNames.add(`${quoteSheetName(name)}!${range}`, TABLE_NAMES[id]);
  }
  if (report) fillEntries(worksheet, plan, report);
  if (options.protect) {
    await worksheet.protect("", {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      insertRows: true,
    });
  }
  return { workbook, worksheet, plan };
}

/**
 * Fill a plan's entry cells from a report: numbers as numbers, text as published ("/"), blank as empty. Cells the
 * report does not give are left as they are. Returns how many cells were written.
 */
export function fillEntries(ws: ExcelJS.Worksheet, plan: SheetPlan, report: Report): number {
  if (report.format !== plan.format)
    throw new Error(
      `report format ${report.format} does not match the sheet's format ${plan.format}`
    );
  let n = 0;
  for (const t of plan.tables)
    for (const c of t.cells) {
      if (c.role !== "entry" || !c.ref) continue;
      const id = cellId(c.ref);
      if (!report.values.has(id)) continue;
      const raw = report.values.get(id);
      ws.getCell(t.top + c.row + 1, t.left + c.col + 1).value =
        raw === null || raw === undefined ? null : raw;
      n++;
    }
  return n;
}

/** The template (or a filled report, with `report`) as .xlsx bytes. */
export async function templateBuffer(options: TemplateOptions, report?: Report): Promise<Buffer> {
  const { workbook } = await buildWorkbook(options, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A report written as an .xlsx file in the template layout (format, year and agency from the report). */
export async function reportBuffer(
  report: Report,
  options: Omit<TemplateOptions, "format" | "year" | "agency"> = {}
): Promise<Buffer> {
  return templateBuffer(
    { ...options, format: report.format, year: report.year, agency: report.agency },
    report
  );
}

/** Write the template (or a filled report) to a file; file-system errors are thrown to the caller. */
export async function writeTemplateFile(
  path: string,
  options: TemplateOptions,
  report?: Report
): Promise<void> {
  await writeFile(path, await templateBuffer(options, report));
}
