import { cellId, getFormat, type TableId } from "../format";
import {
  a1,
  CHECK_NUMBER_FORMAT,
  entryValidation,
  promptTitle,
  rowHeights,
  sheetNameFor,
  sheetPlan,
  sheetValueToRaw,
  type Merge,
  type PlanCell,
  type SheetPlan,
} from "../layout";
import type { Report } from "../report";
import { asSingleFormat } from "../single-format";
import type { RawValue } from "../values";
import { currentHost, missingMessage, type Feature, type HostCapabilities } from "./capabilities";
import { guarded, requireFeature } from "./errors";
import { setFormats } from "./formats";
import {
  NARRATIVE_MAX_CHARS,
  narrativeKey,
  narrativeTooLong,
  narrativeValue,
  newUid,
  settingKey,
  storedValue,
  tableName,
  type StoredReport,
} from "./store";
import { columnPoints, roleFormat, TABLE_BORDERS } from "./style";
import type {
  AdapterProblem,
  ExcelRun,
  InsertOptions,
  InsertResult,
  WorkbookValidation,
} from "./types";
import { validateInContext } from "./validate";

/**
 * 插入模板: a new worksheet holding the three tables exactly as the sheet plan (layout.ts) lays them out, in two
 * round trips — one to learn which sheet names, names and settings are taken, one to write everything:
 *
 * - contents (labels, title, live check formulas) as one `formulas` array, number formats as one array;
 * - the look of every cell (fills, fonts, alignment, wrap, borders, unlocked entry cells) as one setCellProperties;
 * - merged areas, column widths, row heights for wrapped labels, data validation on every entry cell;
 * - A4 landscape, scaled to one page wide, centred (Worksheet.pageLayout, ExcelApi 1.9);
 *
 * Merged areas are merged before any cell is formatted: formats set before merge() can be lost (office-js #6405,
 * #6557). What the host lacks is left out and said (capabilities.ts): no data validation below ExcelApi 1.8, no page
 * setup below 1.9, formats cell by cell below 1.9, native check formulas where custom functions are missing.
 * - workbook names NB_<uid>_T2/T3/T4 over the tables and the setting NB_<uid> (store.ts).
 *
 * The sheet is created in the same batch, so nothing of the clerk's can be under it; a sheet or name taken meanwhile
 * (another user) fails the batch as Excel's ItemAlreadyExists, reported as AdapterError "Conflict".
 */

export interface Taken {
  sheets: Set<string>;
  settings: Set<string>;
  names: Set<string>;
}

/** Round trip 1 of an insert: what is taken. */
export async function readTaken(context: Excel.RequestContext): Promise<Taken> {
  const wb = context.workbook;
  const sheets = wb.worksheets.load("items/name");
  const settings = wb.settings.load("items/key");
  const names = wb.names.load("items/name");
  await context.sync();
  return {
    sheets: new Set(sheets.items.map((s) => s.name.toLowerCase())),
    settings: new Set(settings.items.map((s) => s.key)),
    names: new Set(names.items.map((n) => n.name.toLowerCase())),
  };
}

/** `2025年报`, else `2025年报 (2)`, `2025年报 (3)` … (Excel compares sheet names case-insensitively). */
export function freeSheetName(base: string, taken: Set<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Text that Excel must not read as a formula or a number is written with the text prefix '. */
function asText(text: string): string {
  return /^[=+\-@']/.test(text) || /^\s*[-+]?(\d|\.\d)/.test(text) ? `'${text}` : text;
}

/** A report value as written into an entry cell: numbers as numbers, text kept verbatim, blank left empty. */
function entryContent(raw: RawValue | undefined): string | number {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "number") return raw;
  return raw.trim() === "" ? "" : `'${raw}`;
}

const ROLE_ORDER: Record<PlanCell["role"], number> = {
  title: 0,
  meta: 0,
  section: 0,
  heading: 1,
  header: 1,
  label: 1,
  entry: 2,
  checkLabel: 3,
  check: 3,
};

interface Placed {
  cell: PlanCell;
  merge?: Merge;
}

/** Every plan cell with absolute coordinates, with the merged area it heads. */
function placedCells(plan: SheetPlan): { placed: Placed[]; merges: Merge[] } {
  const merges: Merge[] = [...plan.merges];
  for (const t of plan.tables)
    for (const m of t.merges) merges.push({ ...m, row: m.row + t.top, col: m.col + t.left });
  const mergeAt = new Map(merges.map((m) => [`${m.row}:${m.col}`, m]));
  const cells: PlanCell[] = [...plan.cells];
  for (const t of plan.tables)
    for (const c of t.cells) cells.push({ ...c, row: c.row + t.top, col: c.col + t.left });
  for (const c of plan.checks) cells.push(c);
  cells.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return {
    placed: cells.map((cell) => ({ cell, merge: mergeAt.get(`${cell.row}:${cell.col}`) })),
    merges,
  };
}

export interface QueuedSheet {
  uid: string;
  sheetName: string;
  plan: SheetPlan;
  /** What this host could not get (features it lacks). */
  problems: AdapterProblem[];
}

/** A4 landscape, less the side margins below (0.4 in each), in points. */
const A4_LANDSCAPE_PRINTABLE = 842 - 2 * 28.8;

/**
 * The print scale that puts the template on one page wide. A fit-to-pages zoom set through the API may not apply
 * until the Page Layout tab has been shown (office-js #1860), a scale always does.
 */
export function printScale(columnWidthsInPoints: number[]): number {
  const width = columnWidthsInPoints.reduce((a, b) => a + b, 0);
  return Math.max(10, Math.min(100, Math.floor((A4_LANDSCAPE_PRINTABLE / width) * 100)));
}

/** Queue the whole template sheet (and, with a report, its values); nothing is synced here. */
export function queueTemplate(
  context: Excel.RequestContext,
  taken: Taken,
  options: Partial<InsertOptions> & Pick<InsertOptions, "format">,
  report?: Report,
  caps: HostCapabilities = currentHost()
): QueuedSheet {
  const wb = context.workbook;
  const model = getFormat(options.format);
  const problems: AdapterProblem[] = [];
  const lacking = (feature: Feature) => {
    if (caps.has(feature)) return false;
    problems.push({ code: "Unsupported", message: missingMessage(feature) });
    return true;
  };
  let checks = options.checks ?? "formulas";
  // NIANBAO.* would show #NAME? on a host without custom functions: native formulas instead.
  if (checks === "functions" && lacking("customFunctions")) checks = "formulas";
  const plan = sheetPlan({
    format: options.format,
    year: options.year,
    agency: options.agency,
    checks,
  });
  const sheetName = freeSheetName(sheetNameFor(options.year), taken.sheets);
  const uid = newUid(
    (u) =>
      taken.settings.has(settingKey(u)) ||
      (["二", "三", "四"] as TableId[]).some((t) => taken.names.has(tableName(u, t).toLowerCase()))
  );
  const { placed, merges } = placedCells(plan);
  const height = Math.max(...placed.map((p) => p.cell.row + (p.merge?.rows ?? 1)));
  const width = Math.max(...placed.map((p) => p.cell.col + (p.merge?.cols ?? 1)));

  const sheet = wb.worksheets.add(sheetName);
  const area = sheet.getRangeByIndexes(0, 0, height, width);

  // Contents and number formats: one array each.
  const contents: (string | number)[][] = Array.from({ length: height }, () =>
    Array<string | number>(width).fill("")
  );
  const formats: string[][] = Array.from({ length: height }, () =>
    Array<string>(width).fill("General")
  );
  for (const { cell } of placed) {
    if (cell.role === "check") {
      contents[cell.row][cell.col] = (cell as PlanCell & { formula: string }).formula;
      formats[cell.row][cell.col] = CHECK_NUMBER_FORMAT;
    } else if (cell.role === "entry" && cell.ref) {
      const kind = model.kindOf(cell.ref);
      formats[cell.row][cell.col] = kind === "count" || kind === "signed" ? "0" : "General";
      if (report) contents[cell.row][cell.col] = entryContent(report.values.get(cellId(cell.ref)));
    } else if (cell.text !== undefined) contents[cell.row][cell.col] = asText(cell.text);
  }
  area.numberFormat = formats;
  area.formulas = contents;

  // Merge first, format after (office-js #6405, #6557).
  for (const m of merges)
    if (m.rows > 1 || m.cols > 1)
      sheet.getRangeByIndexes(m.row, m.col, m.rows, m.cols).merge(false);

  // The look of every cell: borders over each official table, then each role's look over its (merged) area.
  const looks: Excel.SettableCellProperties[][] = Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({}))
  );
  for (const t of plan.tables)
    for (let r = 0; r < t.rows; r++)
      for (let c = 0; c < t.cols; c++)
        looks[t.top + r][t.left + c] = { format: { borders: TABLE_BORDERS } };
  for (const { cell, merge } of placed) {
    const format = roleFormat(cell.role);
    for (let r = cell.row; r < cell.row + (merge?.rows ?? 1); r++)
      for (let c = cell.col; c < cell.col + (merge?.cols ?? 1); c++)
        looks[r][c] = { format: { ...looks[r][c].format, ...format } };
  }
  setFormats(caps, area, looks);

  plan.columnWidths.forEach(
    (w, c) => (sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = columnPoints(w))
  );
  const heights = rowHeights(plan, placed);
  heights.set(0, Math.max(heights.get(0) ?? 0, 28));
  for (const [row, h] of heights) sheet.getRangeByIndexes(row, 0, 1, 1).format.rowHeight = h;

  // Data validation on every entry cell (its merged area): what Excel accepts, the Chinese prompt and error.
  const validation = !lacking("dataValidation");
  for (const { cell, merge } of validation ? placed : []) {
    if (cell.role !== "entry" || !cell.ref) continue;
    const v = entryValidation(model.kindOf(cell.ref));
    const dv = sheet.getRangeByIndexes(
      cell.row,
      cell.col,
      merge?.rows ?? 1,
      merge?.cols ?? 1
    ).dataValidation;
    const bound =
      v.min !== undefined
        ? { formula1: v.min, operator: "GreaterThanOrEqualTo" as const }
        : { formula1: -999999999, formula2: 999999999, operator: "Between" as const };
    dv.rule = v.type === "wholeNumber" ? { wholeNumber: bound } : { decimal: bound };
    dv.ignoreBlanks = true;
    dv.prompt = {
      showPrompt: true,
      title: promptTitle(
        model.row(cell.ref.table, cell.ref.row).label,
        model.column(cell.ref.table, cell.ref.column).label
      ),
      message: v.prompt,
    };
    dv.errorAlert = { showAlert: true, style: "Stop", title: "数值不符合要求", message: v.error };
  }

  // Printing: A4 landscape, one page wide (as a scale: office-js #1860), centred.
  if (!lacking("pageLayout")) {
    const layout = sheet.pageLayout;
    layout.orientation = "Landscape";
    layout.paperSize = "A4";
    layout.centerHorizontally = true;
    layout.zoom = { scale: printScale(plan.columnWidths.slice(0, width).map(columnPoints)) };
    layout.leftMargin = layout.rightMargin = 28.8; // 0.4 in
    layout.topMargin = layout.bottomMargin = 36; // 0.5 in
    layout.headerMargin = layout.footerMargin = 21.6; // 0.3 in
    layout.setPrintArea(`A1:${a1(height - 1, width - 1)}`);
  }

  for (const t of plan.tables)
    wb.names.add(
      tableName(uid, t.id),
      sheet.getRangeByIndexes(t.top, t.left, t.rows, t.cols),
      `政务公开年报助手：${sheetName} 表${t.id}`
    );
  const stored: StoredReport = {
    v: 1,
    format: options.format,
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.agency ? { agency: options.agency } : {}),
    ...(options.level ? { level: options.level } : {}),
    checks,
    explanations: { ...(report?.explanations ?? {}) },
    marks: [],
    ...(report ? importedNotes(report) : {}),
  };
  wb.settings.add(settingKey(uid), storedValue(stored));
  // An imported report's own text (sections 一 … 六) stays with its sheet, for the export.
  const text = report?.text?.trim() ? report.text : undefined;
  if (text && text.length > NARRATIVE_MAX_CHARS)
    problems.push({ code: "TooLong", message: narrativeTooLong(text.length) });
  else if (text) wb.settings.add(narrativeKey(uid), narrativeValue(text));
  sheet.activate();
  sheet.getRange("A1").select();
  return { uid, sheetName, plan, problems };
}

/**
 * The notes an importer made about cells (I-UNCERTAIN: a guessed digit split …), kept with the values written, so
 * validation shows them on those cells until the clerk has looked at them and changed the value.
 */
function importedNotes(report: Report): Pick<StoredReport, "imported"> {
  const notes = (report.notes ?? []).filter((n) => n.cells?.length);
  if (!notes.length) return {};
  const values: Record<string, RawValue> = {};
  for (const n of notes)
    for (const c of n.cells!) values[cellId(c)] = sheetValueToRaw(report.values.get(cellId(c)));
  return {
    imported: {
      notes: notes.map((n) => ({ code: n.code, message: n.message, cells: n.cells!.map(cellId) })),
      values,
    },
  };
}

export async function insertTemplate(run: ExcelRun, options: InsertOptions): Promise<InsertResult> {
  const caps = currentHost();
  requireFeature(caps, "workbook", "插入模板");
  return guarded("插入模板", () =>
    run(async (context) => {
      const taken = await readTaken(context);
      const { uid, sheetName, problems } = queueTemplate(context, taken, options, undefined, caps);
      await context.sync();
      return { uid, sheetName, problems };
    })
  );
}

export type WriteReportOptions = Partial<Omit<InsertOptions, "format">>;

/**
 * A report read from a file (importer output) written into a new template sheet: numbers as numbers, text exactly as
 * published (“/”, “１２”), blank cells empty; the importer's notes on uncertain cells kept; then the workbook is
 * validated so the sheet comes up marked.
 */
export async function writeReport(
  run: ExcelRun,
  report: Report,
  options: WriteReportOptions = {}
): Promise<InsertResult & { validation: WorkbookValidation }> {
  const caps = currentHost();
  requireFeature(caps, "workbook", "写入年报");
  // The sheet lays out one format: a table printed in the other one keeps what fits, the rest is named in a note.
  report = asSingleFormat(report);
  return guarded("写入年报", () =>
    run(async (context) => {
      const taken = await readTaken(context);
      const { uid, sheetName, problems } = queueTemplate(
        context,
        taken,
        {
          format: report.format,
          year: options.year ?? report.year,
          agency: options.agency ?? report.agency,
          level: options.level ?? report.level,
          checks: options.checks ?? "formulas",
        },
        report,
        caps
      );
      await context.sync();
      const validation = await validateInContext(context);
      return { uid, sheetName, problems, validation };
    })
  );
}
