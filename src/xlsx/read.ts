import type { Workbook } from "exceljs";
import {
  FORMAT_IDS,
  formatForYear,
  getFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableId,
} from "../format";
import type { Importer, ImportResult } from "../importers/types";
import { foldLabel, type Labelled } from "../labels";
import {
  columnLetter,
  readTableGrid,
  sheetValueToRaw,
  tablePlans,
  type TablePlan,
} from "../layout";
import { createReport, setCell, type ImportNote, type Report } from "../report";
import type { RawValue } from "../values";
import { zipTooLarge } from "../importers/zip";
import { loadExcelJS } from "./exceljs";
import { readLightWorkbook } from "./light";
import { excelSource, type SheetSource, type WorkbookSource } from "./source";
import { parseMeta, parseRangeRef, TABLE_NAMES, type Meta } from "./names";

/**
 * Reading a filled .xlsx back into a Report. The tables are found, in this order:
 *
 * 1. by the workbook's defined names (`Nianbao_T2/T3/T4`, written by write.ts): they follow the tables when rows are
 *    inserted above or the sheet is renamed;
 * 2. by their labels, when the names are gone (a sheet copied into another workbook) or no longer fit: every label of
 *    the table's plan votes for the top-left corner that would put it where it is, and the corner with most votes
 *    wins (a Hough transform over the labels) — the official corner text, the row labels, the headers all count, so a
 *    retyped label or two does not lose the table;
 * 3. for sheets laid out differently from ours (another office's own sheet, or ours with columns inserted inside a
 *    table), row by row: each row label is matched (folded, with accepted variants) and its numbers are taken from
 *    the columns whose headers match.
 *
 * Cases 1 and 2 read the values through `readTableGrid`, the layout's own map of entry cells, after aligning the
 * plan's rows with the sheet's: a row inserted inside a table (the names grow over it) or deleted is recognised by the
 * row labels below it. A placement is trusted when 80% of the table's labels are in place and no column header has
 * moved sideways; otherwise case 3 applies. The format is the one
 * whose labels fit best (2019 has 本年新制作数量 and a single （六）其他处理 row); the workbook's meta (core property
 * `subject`, see write.ts) breaks ties and gives year and agency, else the title and meta rows and the sheet name do.
 */

/** A cell value as the engine reads it: formulas by their cached result, errors by their text (#REF!). */
export function normalizeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value && typeof value === "object") {
    const v = value as { formula?: string; sharedFormula?: string; result?: unknown };
    // A formula never calculated (the file was written by a program and not saved by a spreadsheet application).
    if ((v.formula !== undefined || v.sharedFormula !== undefined) && v.result === undefined)
      return `=${v.formula ?? v.sharedFormula}`;
    if (v.result instanceof Date) return v.result.toISOString().slice(0, 10);
  }
  return value;
}

interface TextCell {
  row: number;
  col: number;
  text: string;
  folded: string;
}

/** A worksheet seen as text cells (0-based, merged cells once at their top-left) and values. */
class SheetView {
  readonly texts: TextCell[] = [];
  readonly byFolded = new Map<string, TextCell[]>();
  private readonly byRow = new Map<number, TextCell[]>();
  constructor(readonly ws: SheetSource) {
    ws.eachValue((rowNumber, colNumber, value) => {
      const raw = sheetValueToRaw(normalizeValue(value));
      if (typeof raw !== "string") return;
      const folded = foldLabel(raw);
      if (!folded) return;
      const tc = { row: rowNumber - 1, col: colNumber - 1, text: raw.trim(), folded };
      this.texts.push(tc);
      const list = this.byFolded.get(folded);
      if (list) list.push(tc);
      else this.byFolded.set(folded, [tc]);
      const row = this.byRow.get(tc.row);
      if (row) row.push(tc);
      else this.byRow.set(tc.row, [tc]);
    });
  }

  /** One view per sheet: a workbook with several report sheets is read once per sheet and once as a whole. */
  private static readonly views = new WeakMap<SheetSource, SheetView>();
  static of(ws: SheetSource): SheetView {
    let view = SheetView.views.get(ws);
    if (!view) SheetView.views.set(ws, (view = new SheetView(ws)));
    return view;
  }

  /** Text cells of one row, left to right. */
  rowTexts(row: number): readonly TextCell[] {
    return this.byRow.get(row) ?? [];
  }

  value(row: number, col: number): unknown {
    if (row < 0 || col < 0) return null;
    return normalizeValue(this.ws.value(row + 1, col + 1) ?? null);
  }

  folded(row: number, col: number): string {
    const raw = sheetValueToRaw(this.value(row, col));
    return typeof raw === "string" ? foldLabel(raw) : "";
  }

  /** Rows and columns a merged cell spans (1×1 when not merged). */
  extent(row: number, col: number): { rows: number; cols: number } {
    return this.ws.mergeSpan(row + 1, col + 1) ?? { rows: 1, cols: 1 };
  }
}

interface PlanLabel {
  row: number;
  col: number;
  folded: string;
  /** A column header (its place fixes the entry columns) rather than a row label or heading. */
  header: boolean;
}

/** The labelled cells of a table plan (headings, headers, row labels), folded. */
const labelCache = new Map<string, PlanLabel[]>();
function planLabels(format: FormatId, plan: TablePlan): PlanLabel[] {
  const key = `${format}:${plan.id}`;
  let labels = labelCache.get(key);
  if (!labels) {
    // Column headers stand over the entry columns (the corner cells 信息内容 and table 三's note stand over the labels).
    const firstEntryCol = Math.min(
      ...plan.cells.filter((c) => c.role === "entry").map((c) => c.col)
    );
    labels = plan.cells
      .filter((c) => c.text && c.role !== "entry")
      .map((c) => ({
        row: c.row,
        col: c.col,
        folded: foldLabel(c.text!),
        header: c.role === "header" && c.col >= firstEntryCol,
      }));
    labelCache.set(key, labels);
  }
  return labels;
}

/** The top-left corner most labels agree on. */
function voteAnchor(
  view: SheetView,
  format: FormatId,
  plan: TablePlan
): { top: number; left: number; votes: number } | undefined {
  const votes = new Map<string, number>();
  for (const l of planLabels(format, plan))
    for (const p of view.byFolded.get(l.folded) ?? []) {
      const top = p.row - l.row;
      const left = p.col - l.col;
      if (top < 0 || left < 0) continue;
      const key = `${top}:${left}`;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  let best: { top: number; left: number; votes: number } | undefined;
  for (const [key, n] of votes) {
    const [top, left] = key.split(":").map(Number);
    // Ties go to the upper, then leftmost corner (reading order).
    if (
      !best ||
      n > best.votes ||
      (n === best.votes && (top < best.top || (top === best.top && left < best.left)))
    )
      best = { top, left, votes: n };
  }
  return best;
}

interface Placement {
  top: number;
  left: number;
  /** Sheet row of each plan row; undefined for a row the clerk deleted. */
  rows: (number | undefined)[];
  inPlace: number;
  /** Rows inserted or deleted inside the table (the labels below them moved). */
  shifts: number;
  /** A column header found elsewhere in its row: columns were inserted or moved, the plan's columns do not hold. */
  columnsMoved: boolean;
}

/**
 * The table placed with its top-left corner at (top, left), row by row: a row whose label is not where the plan puts
 * it is looked for further down (rows inserted inside the table) or taken as deleted (a later row's label is there);
 * a retyped label keeps the offset of the row above.
 */
function place(
  view: SheetView,
  format: FormatId,
  plan: TablePlan,
  top: number,
  left: number
): Placement {
  const labels = planLabels(format, plan);
  const byRow = new Map<number, PlanLabel[]>();
  for (const l of labels) byRow.set(l.row, [...(byRow.get(l.row) ?? []), l]);
  const matches = (l: PlanLabel, row: number) => view.folded(row, left + l.col) === l.folded;
  const rows: (number | undefined)[] = [];
  let offset = 0;
  let prev = top - 1;
  let shifts = 0;
  for (let r = 0; r < plan.rows; r++) {
    const own = byRow.get(r) ?? [];
    const expected = top + r + offset;
    if (!own.length || own.some((l) => matches(l, expected))) {
      rows.push(expected);
      prev = expected;
      continue;
    }
    let found: number | undefined;
    for (const l of own)
      for (const p of view.byFolded.get(l.folded) ?? [])
        if (
          p.col === left + l.col &&
          p.row > prev &&
          p.row !== expected &&
          p.row <= expected + 50 &&
          (found === undefined || Math.abs(p.row - expected) < Math.abs(found - expected))
        )
          found = p.row;
    if (found !== undefined) {
      offset = found - (top + r);
      shifts++;
      rows.push(found);
      prev = found;
      continue;
    }
    const later = labels.some((l) => l.row > r && matches(l, expected));
    if (later) {
      // Deleted: the rows below moved up by one.
      rows.push(undefined);
      offset--;
      shifts++;
      continue;
    }
    rows.push(expected);
    prev = expected;
  }
  let inPlace = 0;
  let columnsMoved = false;
  for (const l of labels) {
    const row = rows[l.row];
    if (row === undefined) continue;
    if (matches(l, row)) inPlace++;
    else if (l.header && view.rowTexts(row).some((tc) => tc.folded === l.folded))
      columnsMoved = true;
  }
  return { top, left, rows, inPlace, shifts, columnsMoved };
}

/** Share of a table's labels that must be in place for the layout's own map of entry cells to be trusted. */
const ANCHOR_SHARE = 0.8;

interface Entry {
  ref: CellRef;
  raw: RawValue;
  row: number;
  col: number;
}

interface TableRead {
  id: TableId;
  how: "names" | "labels" | "rows" | "missing";
  entries: Entry[];
  /** 0..1: labels in place (names, labels) or entry cells found (rows). */
  score: number;
  top?: number;
  left?: number;
  misplacedLabels?: number;
  /** Rows inserted or deleted inside the table. */
  shifts?: number;
}

/** Folded label and accepted variants → key, for matching many cells against the same labels (as matchLabel does). */
const matcherCache = new WeakMap<readonly Labelled[], Map<string, string>>();
function matcher(entries: readonly Labelled[]): (tc: TextCell) => string | undefined {
  let map = matcherCache.get(entries);
  if (!map) {
    map = new Map();
    for (const e of entries)
      for (const l of [e.label, ...(e.aliases ?? [])])
        if (!map.has(foldLabel(l))) map.set(foldLabel(l), e.key);
    matcherCache.set(entries, map);
  }
  const m = map;
  return (tc) => m.get(tc.folded);
}

/** The first text cell (reading order) matching each entry's label or an accepted variant. */
function firstMatches(view: SheetView, entries: readonly Labelled[]): Map<string, TextCell> {
  const match = matcher(entries);
  const out = new Map<string, TextCell>();
  for (const tc of view.texts) {
    const key = match(tc);
    if (key && !out.has(key)) out.set(key, tc);
  }
  return out;
}

/** Table 三 in another layout: row labels down one side, applicant headers above the numbers. */
function rowsGrid(view: SheetView, model: FormatModel, id: TableId): Entry[] {
  const t = model.table(id);
  const rows = firstMatches(view, t.rows);
  if (rows.size < 3) return [];
  const labelCells = [...rows.values()];
  const firstRow = Math.min(...labelCells.map((c) => c.row));
  const labelCol = Math.min(...labelCells.map((c) => c.col));
  // Column headers: the nearest match above the first row label, right of the labels.
  const cols = new Map<string, number>();
  const above = view.texts
    .filter((c) => c.row < firstRow && c.row >= firstRow - 8 && c.col > labelCol)
    .sort((a, b) => b.row - a.row || a.col - b.col);
  const column = matcher(t.columns);
  for (const tc of above) {
    const key = column(tc);
    if (key && !cols.has(key)) cols.set(key, tc.col);
  }
  const out: Entry[] = [];
  for (const [rowKey, cell] of rows)
    for (const column of model.columnsOf(id, rowKey)) {
      const col = cols.get(column);
      if (col === undefined) continue;
      out.push({
        ref: { table: id, row: rowKey, column },
        raw: sheetValueToRaw(view.value(cell.row, col)),
        row: cell.row,
        col,
      });
    }
  return out;
}

/** Table 二 in another layout: each row label, its numbers under the nearest header row above that names its columns. */
function rowsBlocks(view: SheetView, model: FormatModel): Entry[] {
  const t = model.table("二");
  const out: Entry[] = [];
  for (const [rowKey, cell] of firstMatches(view, t.rows)) {
    const own = new Set(model.columnsOf("二", rowKey));
    const column = matcher(t.columns);
    for (let r = cell.row - 1; r >= Math.max(0, cell.row - 6); r--) {
      const found = new Map<string, number>();
      for (const tc of view.rowTexts(r)) {
        if (tc.col <= cell.col) continue;
        const key = column(tc);
        if (key && own.has(key) && !found.has(key)) found.set(key, tc.col);
      }
      if (!found.size) continue;
      for (const [column, col] of found)
        out.push({
          ref: { table: "二", row: rowKey, column },
          raw: sheetValueToRaw(view.value(cell.row, col)),
          row: cell.row,
          col,
        });
      break;
    }
  }
  return out;
}

/** Table 四 in another layout: each group label (行政复议 …) over its five column headers, the numbers below them. */
function rowsFlat(view: SheetView, model: FormatModel): Entry[] {
  const t = model.table("四");
  // The official table has one data row under all groups' headers: the row under the lowest header.
  const groups: { rowKey: string; headers: Map<string, TextCell> }[] = [];
  for (const [rowKey, cell] of firstMatches(view, t.rows)) {
    const span = view.extent(cell.row, cell.col).cols;
    const right = span > 1 ? cell.col + span - 1 : cell.col + 2 * t.columns.length;
    for (let r = cell.row + 1; r <= cell.row + 3; r++) {
      const found = new Map<string, TextCell>();
      const column = matcher(t.columns);
      for (const tc of view.rowTexts(r)) {
        if (tc.col < cell.col || tc.col > right) continue;
        const key = column(tc);
        if (key && !found.has(key)) found.set(key, tc);
      }
      if (!found.size) continue;
      groups.push({ rowKey, headers: found });
      break;
    }
  }
  if (!groups.length) return [];
  const dataRow = Math.max(
    ...groups.flatMap((g) =>
      [...g.headers.values()].map((h) => h.row + view.extent(h.row, h.col).rows)
    )
  );
  return groups.flatMap(({ rowKey, headers }) =>
    [...headers].map(([column, h]) => ({
      ref: { table: "四" as const, row: rowKey, column },
      raw: sheetValueToRaw(view.value(dataRow, h.col)),
      row: dataRow,
      col: h.col,
    }))
  );
}

function readByRows(view: SheetView, model: FormatModel, id: TableId): Entry[] {
  const t = model.table(id);
  return t.layout === "blocks"
    ? rowsBlocks(view, model)
    : t.layout === "grid"
      ? rowsGrid(view, model, id)
      : rowsFlat(view, model);
}

/** The entry cells of a placed table, through the layout's map of the table (readTableGrid). */
function readPlaced(view: SheetView, format: FormatId, plan: TablePlan, p: Placement): Entry[] {
  const grid = p.rows.map((row) =>
    row === undefined
      ? []
      : Array.from({ length: plan.cols }, (_, c) => view.value(row, p.left + c))
  );
  return readTableGrid(format, plan.id, grid)
    .filter((e) => p.rows[e.row] !== undefined)
    .map((e) => ({ ...e, row: p.rows[e.row]!, col: p.left + e.col }));
}

/** Read one table of a format from a sheet: at the named corner, else at the corner its labels vote for, else row by row. */
function readTable(
  view: SheetView,
  format: FormatId,
  plan: TablePlan,
  named?: { top: number; left: number }
): TableRead {
  const labels = planLabels(format, plan).length;
  const trusted = (p: Placement) => p.inPlace >= ANCHOR_SHARE * labels && !p.columnsMoved;
  const read = (how: "names" | "labels", p: Placement): TableRead => ({
    id: plan.id,
    how,
    entries: readPlaced(view, format, plan, p),
    score: p.inPlace / labels,
    top: p.top,
    left: p.left,
    misplacedLabels: labels - p.inPlace,
    shifts: p.shifts,
  });
  const byName = named ? place(view, format, plan, named.top, named.left) : undefined;
  if (byName && trusted(byName) && !byName.shifts) return read("names", byName);
  // The labels' own corner, unless the named one fits as well (a name left behind by a tool shows as shifted rows).
  const anchor = voteAnchor(view, format, plan);
  const byLabels =
    anchor && anchor.votes >= 3 ? place(view, format, plan, anchor.top, anchor.left) : undefined;
  const better = (a: Placement, b: Placement) =>
    a.inPlace > b.inPlace || (a.inPlace === b.inPlace && a.shifts < b.shifts);
  if (byLabels && trusted(byLabels) && (!byName || !trusted(byName) || better(byLabels, byName)))
    return read("labels", byLabels);
  if (byName && trusted(byName)) return read("names", byName);
  const model = getFormat(format);
  const entries = readByRows(view, model, plan.id);
  const total = model.cells.filter((c) => c.table === plan.id).length;
  // Row-by-row reading counts for less than labels in place, so a sheet in our layout always prefers the layout.
  return entries.length
    ? { id: plan.id, how: "rows", entries, score: (0.75 * entries.length) / total }
    : { id: plan.id, how: "missing", entries: [], score: 0 };
}

interface SheetRead {
  ws: SheetSource;
  format: FormatId;
  tables: TableRead[];
  score: number;
}

/** Where the workbook's defined names put each table: sheet name and top-left corner. */
function namedTables(
  wb: WorkbookSource
): Map<TableId, { sheet: string; top: number; left: number }> {
  const out = new Map<TableId, { sheet: string; top: number; left: number }>();
  for (const [id, name] of Object.entries(TABLE_NAMES) as [TableId, string][]) {
    let ranges: string[] = [];
    try {
      ranges = wb.nameRanges(name);
    } catch {
      continue;
    }
    const r = ranges.length ? parseRangeRef(ranges[0]) : undefined;
    if (r?.sheet && wb.sheets.some((ws) => ws.name === r.sheet))
      out.set(id, { sheet: r.sheet, top: r.top, left: r.left });
  }
  return out;
}

function readSheet(
  view: SheetView,
  format: FormatId,
  named: Map<TableId, { sheet: string; top: number; left: number }>
): SheetRead {
  const tables = tablePlans(format).map((plan) => {
    const n = named.get(plan.id);
    return readTable(view, format, plan, n && n.sheet === view.ws.name ? n : undefined);
  });
  return { ws: view.ws, format, tables, score: tables.reduce((s, t) => s + t.score, 0) };
}

/** Year and agency from the sheet's own text: the meta row (年度：2025\u3000单位：某局), the title, the sheet name. */
function sheetFacts(view: SheetView): { year?: number; agency?: string; format?: FormatId } {
  const facts: { year?: number; agency?: string; format?: FormatId } = {};
  for (const tc of view.texts) {
    const t = tc.text.normalize("NFKC");
    const meta = /格式:.*?\((2021|2019)\s*年版\)/.exec(t);
    if (meta) {
      facts.format ??= meta[1] as FormatId;
      const y = /年度:\s*(\d{4})/.exec(t);
      if (y) facts.year ??= Number(y[1]);
      const a = /单位:\s*(.+?)\s*$/.exec(t);
      if (a) facts.agency ??= a[1];
      continue;
    }
    const title = /^(.*?)(\d{4})\s*年度?(?:政府信息公开|政务公开)[^\n]*年度报告/.exec(
      t.replace(/\s+/g, "")
    );
    if (title) {
      facts.year ??= Number(title[2]);
      if (title[1]) facts.agency ??= title[1];
    }
  }
  const fromName = /(\d{4})\s*年/.exec(view.ws.name) ?? /^(\d{4})$/.exec(view.ws.name.trim());
  if (fromName) facts.year ??= Number(fromName[1]);
  if (facts.year !== undefined && (facts.year < 2000 || facts.year > 2100)) delete facts.year;
  return facts;
}

const HOW: Record<TableRead["how"], string> = {
  names: "按工作簿中的表格名称定位",
  labels: "按行列标签定位",
  rows: "按行标签和列标题逐行读取（表格布局与模板不同）",
  missing: "未找到",
};

/** A report from a loaded workbook; `{ok:false}` when no table can be found. */
export function reportFromWorkbook(wb: Workbook): ImportResult {
  return readWorkbook(excelSource(wb)).result;
}

/**
 * Every report sheet of a workbook, each read as its own report (a county's workbook with one sheet per department);
 * one result when the workbook holds one report sheet or none.
 */
export function reportsFromWorkbook(wb: Workbook): { sheet?: string; result: ImportResult }[] {
  return reportsFromSource(excelSource(wb));
}

function reportsFromSource(wb: WorkbookSource): { sheet?: string; result: ImportResult }[] {
  const all = readWorkbook(wb);
  if (all.withTables.length < 2) return [{ result: all.result }];
  return all.withTables.map((sheet) => ({ sheet, result: readWorkbook(wb, sheet).result }));
}

/** The best report sheet (or only `only`), and the names of all sheets that hold report tables. */
function readWorkbook(
  wb: WorkbookSource,
  only?: string
): { result: ImportResult; withTables: string[] } {
  const meta: Meta | undefined = parseMeta(wb.subject);
  const named = namedTables(wb);
  // Sheets in the order they are tried: the named one, the active one, then the others; ties go to the earlier.
  const sheets = wb.sheets.filter(
    (ws) => ws.state !== "veryHidden" && (only === undefined || ws.name === only)
  );
  const namedSheet = [...named.values()][0]?.sheet;
  const active = wb.sheets[wb.activeTab ?? -1];
  const order = [
    ...sheets.filter((ws) => ws.name === namedSheet),
    ...(active && sheets.includes(active) ? [active] : []),
    ...sheets,
  ].filter((ws, i, all) => all.indexOf(ws) === i);

  let best: SheetRead | undefined;
  let bestView: SheetView | undefined;
  const withTables: string[] = [];
  for (const ws of order) {
    const view = SheetView.of(ws);
    if (!view.texts.length) continue;
    const facts = sheetFacts(view);
    const preferred =
      (ws.name === namedSheet ? meta?.format : undefined) ??
      facts.format ??
      (facts.year ? formatForYear(facts.year) : undefined);
    const formats = [...FORMAT_IDS].sort((a, b) =>
      a === preferred ? -1 : b === preferred ? 1 : 0
    );
    let sheetBest: SheetRead | undefined;
    for (const format of formats) {
      const read = readSheet(view, format, named);
      if (!sheetBest || read.score > sheetBest.score + 1e-9) sheetBest = read;
    }
    if (!sheetBest || !sheetBest.tables.some((t) => t.how !== "missing" && t.score >= 0.3))
      continue;
    withTables.push(ws.name);
    if (!best || sheetBest.score > best.score + 1e-9) {
      best = sheetBest;
      bestView = view;
    }
  }
  if (!best || !bestView) {
    return {
      withTables,
      result: {
        ok: false,
        error: `在工作簿中没有找到年报统计表（表二、表三、表四）：共 ${sheets.length} 个工作表，没有一个含有官方格式的行列标签（如“一、本年新收政府信息公开申请数量”“申请人情况”）`,
      },
    };
  }

  const facts = sheetFacts(bestView);
  const fromMeta = best.ws.name === namedSheet && meta ? meta : undefined;
  const year = fromMeta?.year ?? facts.year;
  const agency = fromMeta?.agency ?? facts.agency;
  const report: Report = createReport(best.format, {
    ...(year !== undefined ? { year } : {}),
    ...(agency ? { agency } : {}),
  });
  const notes: ImportNote[] = [];
  const unevaluated: CellRef[] = [];
  for (const t of best.tables) {
    for (const e of t.entries) {
      setCell(report, e.ref, e.raw);
      if (typeof e.raw === "string" && e.raw.startsWith("=")) unevaluated.push(e.ref);
    }
    const where = t.top !== undefined ? `（左上角 ${columnLetter(t.left!)}${t.top + 1}）` : "";
    notes.push({
      code: `xlsx-${t.how}`,
      message: `表${t.id}：${HOW[t.how]}${where}，工作表“${best.ws.name}”`,
    });
    if (t.shifts)
      notes.push({
        code: "xlsx-rows-shifted",
        message: `表${t.id}中有 ${t.shifts} 处插入或删除了行，已按行标签对齐`,
      });
    if (t.misplacedLabels)
      notes.push({
        code: "xlsx-labels-differ",
        message: `表${t.id}有 ${t.misplacedLabels} 个标签与官方格式的文字不同`,
      });
  }
  if (unevaluated.length)
    notes.push({
      code: "xlsx-formula-no-result",
      message: `${unevaluated.length} 个单元格是没有计算结果的公式（文件未经电子表格软件保存）：请在 Excel 或 WPS 中打开并保存后再检查`,
      cells: unevaluated,
    });
  if (withTables.length > 1)
    notes.push({
      code: "xlsx-several-sheets",
      message: `工作簿中有 ${withTables.length} 个工作表含统计表（${withTables.join("、")}），已读取“${best.ws.name}”`,
    });
  report.notes = notes;
  return { withTables, result: { ok: true, report } };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const XLSX_EXT = /\.(xlsx|xlsm|xltx|xltm)$/i;

/** Whether a ZIP holds a workbook (its entry names are stored uncompressed: look for xl/workbook). */
function zipHasWorkbook(bytes: Uint8Array): boolean {
  const needle = [...new TextEncoder().encode("xl/workbook")];
  outer: for (
    let i = bytes.indexOf(needle[0]);
    i >= 0 && i <= bytes.length - needle.length;
    i = bytes.indexOf(needle[0], i + 1)
  ) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** Whether a ZIP ends with its central directory (a cut-off download does not). */
function zipComplete(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= from; i--)
    if (
      bytes[i] === 0x50 &&
      bytes[i + 1] === 0x4b &&
      bytes[i + 2] === 0x05 &&
      bytes[i + 3] === 0x06
    )
      return true;
  return false;
}

/** How an .xlsx is read: the light reader first, exceljs when it is unsure ("light"), or exceljs only. */
export type XlsxReader = "light" | "exceljs";

/** Read .xlsx bytes into a report; never throws on user data. */
export async function readXlsx(
  bytes: Uint8Array,
  path = "",
  reader: XlsxReader = "light"
): Promise<ImportResult> {
  const wb = await loadWorkbook(bytes, path, reader);
  if (!("sheets" in wb)) return wb;
  try {
    return readWorkbook(wb).result;
  } catch (e) {
    return { ok: false, error: `无法读取工作簿中的统计表：${(e as Error).message}` };
  }
}

/** Every report sheet of an .xlsx, each its own report (see reportsFromWorkbook); never throws on user data. */
export async function readXlsxEach(
  bytes: Uint8Array,
  path = "",
  reader: XlsxReader = "light"
): Promise<{ sheet?: string; result: ImportResult }[]> {
  const wb = await loadWorkbook(bytes, path, reader);
  if (!("sheets" in wb)) return [{ result: wb }];
  try {
    return reportsFromSource(wb);
  } catch (e) {
    return [{ result: { ok: false, error: `无法读取工作簿中的统计表：${(e as Error).message}` } }];
  }
}

/** The workbook, or why it cannot be opened. */
async function loadWorkbook(
  bytes: Uint8Array,
  path: string,
  reader: XlsxReader
): Promise<WorkbookSource | { ok: false; error: string }> {
  if (startsWith(bytes, OLE_MAGIC))
    return {
      ok: false,
      error:
        "这是旧版 Excel 97-2003（.xls）文件或加了密码的工作簿：请在 Excel 或 WPS 中“另存为” .xlsx（不设密码）后再检查",
    };
  if (!startsWith(bytes, ZIP_MAGIC))
    return {
      ok: false,
      error: `不是有效的 .xlsx 文件：内容不是 Excel 工作簿${XLSX_EXT.test(path) ? "（可能已损坏，或只是改了扩展名）" : ""}`,
    };
  if (!zipComplete(bytes))
    return {
      ok: false,
      error: "无法读取 .xlsx 文件：文件已损坏或不完整（可能没有下载或复制完整），请重新获取文件",
    };
  if (!zipHasWorkbook(bytes))
    return {
      ok: false,
      error:
        "这是一个 ZIP 压缩包，但不是 Excel 工作簿（.xlsx）：里面没有工作簿内容（是否是 Word 文档或其他压缩包？）",
    };
  const tooLarge = zipTooLarge(bytes);
  if (tooLarge) return { ok: false, error: tooLarge };
  if (reader === "light") {
    // The light reader answers as exceljs would; what it is unsure of (comments, drawings, odd XML …) goes to exceljs.
    const light = readLightWorkbook(bytes);
    if (light.ok) return light.workbook;
    if ("error" in light) return light;
  }
  const wb = new (await loadExcelJS()).Workbook();
  try {
    // Node's exceljs wants a Buffer; its browser build (the task pane's import) an ArrayBuffer.
    const data =
      typeof Buffer !== "undefined"
        ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : bytes.slice().buffer;
    await wb.xlsx.load(data as ArrayBuffer);
  } catch (e) {
    return {
      ok: false,
      // JSZip's and the XML parser's own words ("Bug : uncompressed data size mismatch") are not for a clerk.
      error: `无法读取 .xlsx 文件：文件已损坏或不完整${/size mismatch|corrupt|invalid|end of data/i.test((e as Error).message) ? "（压缩数据有误）" : ""}`,
    };
  }
  return excelSource(wb);
}

/** The importer for .xlsx workbooks: recognised by the ZIP signature with a workbook inside, or by the extension. */
export const xlsxImporter: Importer = {
  name: "xlsx",
  accepts(path, bytes) {
    if (XLSX_EXT.test(path) || /\.xls$/i.test(path)) return true;
    return startsWith(bytes, ZIP_MAGIC) && zipHasWorkbook(bytes);
  },
  read(path, bytes) {
    return readXlsx(bytes, path);
  },
  readEach(path, bytes) {
    return readXlsxEach(bytes, path);
  },
};
