import {
  getFormat,
  type CellKind,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableDecl,
  type TableId,
} from "./format";
import { ruleBadge } from "./messages/names";
import { ruleInstances, type RuleInstance } from "./rules";

/**
 * The sheet layout of the three tables, derived from the format declaration: where every label, merged cell, entry
 * cell and live check cell goes, as the official template lays them out. Pure data: the Excel adapter (Office.js)
 * and the .xlsx writer (exceljs) both render this plan, and both read a filled sheet back through it.
 *
 * Coordinates are 0-based. Each table is planned relative to its own top-left corner, so a table can be found again
 * (by its workbook name) after the clerk inserts rows above it or moves it.
 */

export type CellRole =
  | "title" // the report title row
  | "meta" // format/year/agency line under the title
  | "section" // 二、主动公开政府信息情况 …
  | "heading" // 第二十条第（一）项 (table 二's sub-table headings)
  | "header" // column headers and corner cells
  | "label" // row labels
  | "entry" // a cell the clerk fills
  | "checkLabel" // the label of a row or column of live check cells
  | "check"; // a live check cell

export interface PlanCell {
  row: number;
  col: number;
  role: CellRole;
  text?: string;
  /** For entry cells: the report cell they hold. */
  ref?: CellRef;
  /** For check cells: the equation they check. */
  instance?: RuleInstance;
}

export interface Merge {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface TablePlan {
  id: TableId;
  /** Size of the official table (labels, headers, entries); check cells lie outside it, below or to the right. */
  rows: number;
  cols: number;
  cells: PlanCell[];
  merges: Merge[];
}

export interface PlacedTable extends TablePlan {
  /** Top-left corner in the sheet. */
  top: number;
  left: number;
}

export type CheckMode = "functions" | "formulas" | "none";

export interface SheetPlan {
  format: FormatId;
  /** Title and meta rows, section headings: cells with absolute coordinates. */
  cells: PlanCell[];
  merges: Merge[];
  tables: PlacedTable[];
  /** Live check cells with their formulas, absolute coordinates. */
  checks: (PlanCell & { formula: string })[];
  width: number;
  height: number;
  /** Column widths in characters. */
  columnWidths: number[];
}

/** Fills and fonts per role (hex colours without #), shared by every renderer. */
export const ROLE_STYLE: Record<
  CellRole,
  {
    fill?: string;
    bold?: boolean;
    size?: number;
    color?: string;
    italic?: boolean;
    wrap?: boolean;
    align?: "left" | "center";
  }
> = {
  title: { bold: true, size: 16, align: "center" },
  meta: { color: "595959", align: "center" },
  section: { bold: true, size: 12, align: "left" },
  heading: { bold: true, fill: "D9E1F2", align: "left" },
  header: { bold: true, fill: "D9E1F2", wrap: true, align: "center" },
  label: { wrap: true, align: "left" },
  entry: { fill: "FFF2CC", align: "center" },
  checkLabel: { italic: true, color: "595959", wrap: true, align: "left" },
  check: { italic: true, color: "595959", align: "center" },
};

/** Shows a check cell's imbalance: ✓ when 0, otherwise +n or -n (the 总计 side has n too many or too few). */
export const CHECK_NUMBER_FORMAT = '"+"General;"-"General;"✓"';

/** Labels take three columns (A:C) as in table 三; numbers start in column D. */
const LABEL_COLS = 3;

function planTable2(t: TableDecl, model: FormatModel): TablePlan {
  const dataCols = Math.max(...t.blocks!.map((b) => b.columns.length));
  const cols = LABEL_COLS + dataCols;
  const cells: PlanCell[] = [];
  const merges: Merge[] = [];
  let row = 0;
  const spans = (n: number): [number, number][] =>
    // n columns over the data width: one each, the last taking what is left (a single column spans them all).
    Array.from({ length: n }, (_, i) => [LABEL_COLS + i, i === n - 1 ? dataCols - i : 1]);
  for (const block of t.blocks!) {
    cells.push({ row, col: 0, role: "heading", text: block.heading });
    merges.push({ row, col: 0, rows: 1, cols });
    row++;
    cells.push({ row, col: 0, role: "header", text: block.corner });
    merges.push({ row, col: 0, rows: 1, cols: LABEL_COLS });
    spans(block.columns.length).forEach(([col, width], i) => {
      cells.push({ row, col, role: "header", text: model.column(t.id, block.columns[i]).label });
      if (width > 1) merges.push({ row, col, rows: 1, cols: width });
    });
    row++;
    for (const rowKey of block.rows) {
      cells.push({ row, col: 0, role: "label", text: model.row(t.id, rowKey).label });
      merges.push({ row, col: 0, rows: 1, cols: LABEL_COLS });
      spans(block.columns.length).forEach(([col, width], i) => {
        cells.push({
          row,
          col,
          role: "entry",
          ref: { table: t.id, row: rowKey, column: block.columns[i] },
        });
        if (width > 1) merges.push({ row, col, rows: 1, cols: width });
      });
      row++;
    }
  }
  return { id: t.id, rows: row, cols, cells, merges };
}

function planTable3(t: TableDecl): TablePlan {
  const HEADER = 3;
  const cells: PlanCell[] = [];
  const merges: Merge[] = [];
  cells.push({ row: 0, col: 0, role: "header", text: t.corner });
  merges.push({ row: 0, col: 0, rows: HEADER, cols: LABEL_COLS });
  cells.push({ row: 0, col: LABEL_COLS, role: "header", text: t.columnHeader });
  merges.push({ row: 0, col: LABEL_COLS, rows: 1, cols: t.columns.length });
  t.columns.forEach((c, i) => {
    const col = LABEL_COLS + i;
    if (!c.group) {
      cells.push({ row: 1, col, role: "header", text: c.label });
      merges.push({ row: 1, col, rows: 2, cols: 1 });
      return;
    }
    if (t.columns[i - 1]?.group !== c.group) {
      const width = t.columns.slice(i).findIndex((o) => o.group !== c.group);
      cells.push({ row: 1, col, role: "header", text: c.group });
      merges.push({ row: 1, col, rows: 1, cols: width < 0 ? t.columns.length - i : width });
    }
    cells.push({ row: 2, col, role: "header", text: c.label });
  });
  // Row labels: group labels are vertically merged beside their rows; the row label takes the remaining columns.
  t.rows.forEach((r, i) => {
    const row = HEADER + i;
    const groups = r.groups ?? [];
    groups.forEach((g, depth) => {
      const prev = t.rows[i - 1]?.groups?.[depth];
      if (prev === g) return;
      const span = t.rows.slice(i).findIndex((o) => o.groups?.[depth] !== g);
      const rows = span < 0 ? t.rows.length - i : span;
      cells.push({ row, col: depth, role: "label", text: g });
      if (rows > 1) merges.push({ row, col: depth, rows, cols: 1 });
    });
    cells.push({ row, col: groups.length, role: "label", text: r.label });
    if (LABEL_COLS - groups.length > 1)
      merges.push({ row, col: groups.length, rows: 1, cols: LABEL_COLS - groups.length });
    t.columns.forEach((c, j) =>
      cells.push({
        row,
        col: LABEL_COLS + j,
        role: "entry",
        ref: { table: t.id, row: r.key, column: c.key },
      })
    );
  });
  return {
    id: t.id,
    rows: HEADER + t.rows.length,
    cols: LABEL_COLS + t.columns.length,
    cells,
    merges,
  };
}

function planTable4(t: TableDecl): TablePlan {
  const cells: PlanCell[] = [];
  const merges: Merge[] = [];
  const n = t.columns.length;
  const headers = t.rowGroupHeaders ?? {};
  t.rows.forEach((r, i) => {
    const col = i * n;
    const outer = headers[r.key];
    if (outer) {
      if (headers[t.rows[i - 1]?.key] !== outer) {
        const width = t.rows.slice(i).findIndex((o) => headers[o.key] !== outer);
        cells.push({ row: 0, col, role: "header", text: outer });
        merges.push({ row: 0, col, rows: 1, cols: (width < 0 ? t.rows.length - i : width) * n });
      }
      cells.push({ row: 1, col, role: "header", text: r.label });
      merges.push({ row: 1, col, rows: 1, cols: n });
      t.columns.forEach((c, j) =>
        cells.push({ row: 2, col: col + j, role: "header", text: c.label })
      );
    } else {
      // A group without an outer header (行政复议) takes the top row for its label; its column labels span two rows.
      cells.push({ row: 0, col, role: "header", text: r.label });
      merges.push({ row: 0, col, rows: 1, cols: n });
      t.columns.forEach((c, j) => {
        cells.push({ row: 1, col: col + j, role: "header", text: c.label });
        merges.push({ row: 1, col: col + j, rows: 2, cols: 1 });
      });
    }
    t.columns.forEach((c, j) =>
      cells.push({
        row: 3,
        col: col + j,
        role: "entry",
        ref: { table: t.id, row: r.key, column: c.key },
      })
    );
  });
  return { id: t.id, rows: 4, cols: t.rows.length * n, cells, merges };
}

const planCache = new Map<FormatId, TablePlan[]>();

/** The plan of each table of a format, relative to its own top-left corner. */
export function tablePlans(format: FormatId): TablePlan[] {
  const cached = planCache.get(format);
  if (cached) return cached;
  const model = getFormat(format);
  const plans = model.tables.map((t) =>
    t.layout === "blocks"
      ? planTable2(t, model)
      : t.layout === "grid"
        ? planTable3(t)
        : planTable4(t)
  );
  planCache.set(format, plans);
  return plans;
}

/** Where each entry cell of a table lies, relative to the table. */
export function entryPositions(
  format: FormatId,
  table: TableId
): { ref: CellRef; row: number; col: number }[] {
  return tablePlans(format)
    .find((p) => p.id === table)!
    .cells.filter((c) => c.role === "entry")
    .map((c) => ({ ref: c.ref!, row: c.row, col: c.col }));
}

export function columnLetter(col: number): string {
  let s = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const a1 = (row: number, col: number): string => `${columnLetter(col)}${row + 1}`;

/** A1 text for a set of cells: one range when they form a rectangle, else a comma list. */
function rangeText(cells: { row: number; col: number }[]): string {
  const rows = cells.map((c) => c.row);
  const cols = cells.map((c) => c.col);
  const [r0, r1, c0, c1] = [
    Math.min(...rows),
    Math.max(...rows),
    Math.min(...cols),
    Math.max(...cols),
  ];
  if ((r1 - r0 + 1) * (c1 - c0 + 1) === cells.length)
    return cells.length === 1 ? a1(r0, c0) : `${a1(r0, c0)}:${a1(r1, c1)}`;
  return cells.map((c) => a1(c.row, c.col)).join(",");
}

/** The formula of a live check cell: the imbalance (the 总计 side minus what it should be), 0 when the rule holds. */
export function checkFormula(
  inst: RuleInstance,
  at: (ref: CellRef) => { row: number; col: number },
  mode: Exclude<CheckMode, "none">
): string {
  const [expected, actual] =
    inst.expectedSide === "left" ? [inst.left, inst.right] : [inst.right, inst.left];
  const e = expected.map(at);
  const a = actual.map(at);
  if (mode === "functions") {
    if (a.length === 1) return `=NIANBAO.SUMCHECK(${a1(a[0].row, a[0].col)},${rangeText(e)})`;
    // R3-1: BALANCE(本年新收, 上年结转, （七）总计, 结转下年度) with the same sign as the engine's imbalance.
    return `=NIANBAO.BALANCE(${[...e, ...a].map((c) => a1(c.row, c.col)).join(",")})`;
  }
  const sum = (cs: { row: number; col: number }[]) =>
    cs.length === 1 ? a1(cs[0].row, cs[0].col) : `SUM(${rangeText(cs)})`;
  return `=${sum(a)}-${sum(e)}`;
}

export interface SheetOptions {
  format: FormatId;
  year?: number;
  agency?: string;
  checks?: CheckMode;
}

export function reportTitle(year?: number, agency?: string): string {
  return `${agency ?? ""}${year ? `${year}年` : ""}政府信息公开工作年度报告（统计表）`;
}

/**
 * The whole sheet: title, the three tables under their section headings, and live check cells beside the rules:
 * a row under table 三 for R3-1 and one for R3-3, a column right of it for R3-2, a row under table 四 for R4-1..3.
 */
export function sheetPlan(options: SheetOptions): SheetPlan {
  const model = getFormat(options.format);
  // Native formulas by default: they compute in Excel without the add-in, in WPS and in LibreOffice (issue 12 item 6).
  const mode = options.checks ?? "formulas";
  const plans = tablePlans(options.format);
  const cells: PlanCell[] = [];
  const merges: Merge[] = [];
  const tables: PlacedTable[] = [];
  const checks: SheetPlan["checks"] = [];
  // Table 四 sits under table 三's number columns, so the wide label columns A:C keep table 三's proportions.
  const lefts: Record<TableId, number> = { 二: 0, 三: 0, 四: LABEL_COLS };
  const width = Math.max(...plans.map((p) => lefts[p.id] + p.cols));
  cells.push({ row: 0, col: 0, role: "title", text: reportTitle(options.year, options.agency) });
  merges.push({ row: 0, col: 0, rows: 1, cols: width });
  cells.push({
    row: 1,
    col: 0,
    role: "meta",
    text: `格式：${model.decl.name}（${model.id} 年版）${options.year ? `\u3000年度：${options.year}` : ""}${options.agency ? `\u3000单位：${options.agency}` : ""}`,
  });
  merges.push({ row: 1, col: 0, rows: 1, cols: width });
  let row = 3;
  for (const plan of plans) {
    const t = model.table(plan.id);
    cells.push({ row, col: 0, role: "section", text: t.title });
    merges.push({ row, col: 0, rows: 1, cols: width });
    row++;
    const placed: PlacedTable = { ...plan, top: row, left: lefts[plan.id] };
    tables.push(placed);
    row += plan.rows;
    if (mode !== "none") row += planChecks(model, placed, mode, checks, cells, merges);
    row++;
  }
  const columnWidths = Array.from({ length: width + 1 }, (_, c) =>
    c === 0 ? 8 : c === 1 ? 12 : c === 2 ? 34 : 9
  );
  return {
    format: options.format,
    cells,
    merges,
    tables,
    checks,
    width: width + 1,
    height: row,
    columnWidths,
  };
}

/** A check row's or column's label names its rules as the pane does (核对“各类申请人合计”), never by code. */
const checkName = (ids: readonly string[]) =>
  `核对${ids.map((id) => `“${ruleBadge(id)}”`).join("、")}`;

/** Adds the check cells of one table; returns how many rows they take below it. */
function planChecks(
  model: FormatModel,
  t: PlacedTable,
  mode: Exclude<CheckMode, "none">,
  checks: SheetPlan["checks"],
  cells: PlanCell[],
  merges: Merge[]
): number {
  const pos = new Map(
    t.cells
      .filter((c) => c.ref)
      .map((c) => [`${c.ref!.row}:${c.ref!.column}`, { row: t.top + c.row, col: t.left + c.col }])
  );
  const at = (ref: CellRef) => pos.get(`${ref.row}:${ref.column}`)!;
  const instances = ruleInstances(model).filter((i) => i.rule.table === t.id);
  let extraRows = 0;
  const rulesInOrder = [...new Set(instances.map((i) => i.rule.id))];
  for (const ruleId of rulesInOrder) {
    const group = instances.filter((i) => i.rule.id === ruleId);
    const rule = group[0].rule;
    if (rule.each === "row" && t.id === "三") {
      // One check per row, in a column right of the table.
      const col = t.left + t.cols;
      cells.push({
        row: t.top,
        col,
        role: "checkLabel",
        text: `${checkName([rule.id])}：总计−各项之和`,
      });
      merges.push({ row: t.top, col, rows: 3, cols: 1 });
      for (const inst of group) {
        const r = at(inst.left[0]).row;
        checks.push({
          row: r,
          col,
          role: "check",
          instance: inst,
          formula: checkFormula(inst, at, mode),
        });
      }
      continue;
    }
    // One check per column (or per group of table 四), in a row under the table, each under its 总计 side.
    const row = t.top + t.rows + extraRows;
    extraRows++;
    cells.push({
      row,
      col: 0,
      role: "checkLabel",
      text:
        t.id === "四"
          ? `${checkName(rulesInOrder)}：总计−四项结果之和`
          : `${checkName([rule.id])}：${rule.title.zh}`,
    });
    merges.push({ row, col: 0, rows: 1, cols: LABEL_COLS });
    for (const inst of group) {
      const actual = inst.expectedSide === "left" ? inst.right : inst.left;
      const col = at(actual[0]).col;
      checks.push({
        row,
        col,
        role: "check",
        instance: inst,
        formula: checkFormula(inst, at, mode),
      });
    }
    if (t.id === "四") {
      // R4-1..3 share the row: the remaining table-四 rules land in the same row.
      const rest = instances.filter((i) => i.rule.id !== ruleId);
      for (const inst of rest)
        checks.push({
          row,
          col: at(inst.left[0]).col,
          role: "check",
          instance: inst,
          formula: checkFormula(inst, at, mode),
        });
      break;
    }
  }
  return extraRows;
}

/** Data validation of an entry cell, by kind: what Excel accepts and the Chinese prompt and error it shows. */
export function entryValidation(kind: CellKind): {
  type: "wholeNumber" | "decimal";
  min?: number;
  prompt: string;
  error: string;
} {
  switch (kind) {
    case "count":
      return {
        type: "wholeNumber",
        min: 0,
        prompt: "填写件数：0 或正整数；没有请填 0。",
        error: "这里只能填写 0 或正整数（件数）。",
      };
    case "money":
      return {
        type: "decimal",
        min: 0,
        prompt: "填写金额（万元），可有小数；没有请填 0。",
        error: "这里只能填写大于或等于 0 的金额（万元）。",
      };
    case "amount":
      return {
        type: "decimal",
        min: 0,
        prompt: "填写金额，可有小数；没有请填 0。",
        error: "这里只能填写大于或等于 0 的金额。",
      };
    case "signed":
      return {
        type: "wholeNumber",
        prompt: "填写本年增减数：整数，减少填负数。",
        error: "这里只能填写整数（减少填负数）。",
      };
  }
}

/** What a spreadsheet cell value means for the engine: Excel gives "" for empty cells. */
export function sheetValueToRaw(value: unknown): number | string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "object") {
    // exceljs: formula cells {formula, result}, rich text {richText}, errors {error}.
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      error?: string;
      text?: string;
    };
    if ("error" in v && v.error) return String(v.error);
    if ("result" in v) return sheetValueToRaw(v.result);
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if (typeof v.text === "string") return v.text;
    return String(value);
  }
  return String(value);
}

/** The entry cells of one table, read from the grid of the table's range (relative to its top-left corner). */
export function readTableGrid(
  format: FormatId,
  table: TableId,
  grid: readonly (readonly unknown[])[]
): { ref: CellRef; raw: number | string | null; row: number; col: number }[] {
  return entryPositions(format, table).map((p) => ({
    ...p,
    raw: sheetValueToRaw(grid[p.row]?.[p.col]),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Measures and names shared by the renderers (Excel adapter and .xlsx writer).

export const BASE_FONT_SIZE = 11;
export const DEFAULT_ROW_HEIGHT = 15;

/** Display width of a text in character widths (CJK and full-width characters count two). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return w;
}

/**
 * Row heights for wrapped labels. Excel does not autofit rows holding merged cells, and neither Excel nor LibreOffice
 * re-fits rows of a file they did not lay out, so a wrapped label would be cut off: the height is estimated from the
 * text width against the (merged) column width.
 */
export function rowHeights(
  plan: SheetPlan,
  placed: { cell: PlanCell; merge?: Merge }[]
): Map<number, number> {
  const heights = new Map<number, number>();
  for (const { cell, merge } of placed) {
    if (!cell.text) continue;
    const style = ROLE_STYLE[cell.role];
    const size = style.size ?? BASE_FONT_SIZE;
    const cols = merge?.cols ?? 1;
    const rows = merge?.rows ?? 1;
    const width =
      plan.columnWidths.slice(cell.col, cell.col + cols).reduce((s, w) => s + w, 0) || 9;
    const lines = style.wrap
      ? Math.ceil((textWidth(cell.text) * size) / BASE_FONT_SIZE / Math.max(1, width - 1))
      : 1;
    const need = Math.ceil((lines * size * 1.35 + 3) / rows);
    if (need > DEFAULT_ROW_HEIGHT)
      heights.set(cell.row, Math.max(heights.get(cell.row) ?? 0, need));
  }
  return heights;
}

/** The title of an entry cell's input message (row｜column), within Excel's 32 characters. */
export function promptTitle(row: string, column: string): string {
  const max = 32;
  const col = column.length > 20 ? `${column.slice(0, 19)}…` : column;
  const room = max - col.length - 1;
  return `${row.length > room ? `${row.slice(0, room - 1)}…` : row}｜${col}`;
}

/** `2025年报`; `年报` without a year. */
export function sheetNameFor(year?: number): string {
  return `${year ?? ""}年报`;
}

/** A sheet name as a formula reference needs it: quoted, with quotes doubled. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
