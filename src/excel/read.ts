import { FORMAT_IDS, type FormatId, type TableId } from "../format";
import { tablePlans } from "../layout";
import { parseRangeRef } from "../xlsx/names";
import { currentHost, type HostCapabilities } from "./capabilities";
import { loadLooks, type PendingLooks } from "./formats";
import {
  parseNarrative,
  parseNarrativeKey,
  parseSettingKey,
  parseStored,
  parseTableName,
  type CellLook,
  type StoredReport,
} from "./store";
import { COMMENT_MARKER } from "./style";
import type { AdapterProblem } from "./types";

/**
 * Reading every report of a workbook in two round trips, whatever their number:
 *
 * 1. settings, workbook names and comments (and notes, where the host has them);
 * 2. for every table name of every report: its range's position, values, the look of its cells (getCellProperties)
 *    and its sheet's name and protection; the location of every comment and note.
 *
 * Nothing is written here.
 */

export interface ReadTable {
  id: TableId;
  sheetName: string;
  /** 0-based top-left corner in the sheet. */
  top: number;
  left: number;
  /** The table's range (the name's range), bound to this batch. */
  range: Excel.Range;
  values: unknown[][];
  /** Fill and font colour of every cell (when looks were asked for). */
  looks?: CellLook[][];
  protected: boolean;
}

export interface ReadReport {
  uid: string;
  stored: StoredReport;
  /** The setting exists (else format and facts were inferred from the names). */
  hasSetting: boolean;
  /** The clerk's text of the report (its `NB_<uid>_text` setting), when kept. */
  text?: string;
  format: FormatId;
  /** The sheet of table 三 (else of the first table found). */
  sheetName: string;
  tables: Map<TableId, ReadTable>;
  /** A sheet holding one of its tables is protected. */
  protected: boolean;
  problems: AdapterProblem[];
}

export interface AnnotationAt {
  sheet: string;
  row: number;
  col: number;
}

export interface WorkbookRead {
  reports: ReadReport[];
  /** The add-in's own comments (content starts with the marker), where they are and whether that sheet is protected. */
  ourComments: (AnnotationAt & { comment: Excel.Comment; protected: boolean })[];
  /** Cells holding a clerk's comment or a note: the add-in never puts its comment there. Keys from `cellKey`. */
  occupied: Set<string>;
  /** Keys of all settings (to pick fresh uids). */
  settingKeys: Set<string>;
  /** Every workbook-scoped name (lower-case), to pick fresh uids. */
  names: Set<string>;
  /** The host has comments (ExcelApi 1.10) and they were read: the add-in may write its own. */
  comments: boolean;
  /** Notes were read (ExcelApi 1.18): `occupied` holds every cell with a note. Without, a comment may be refused. */
  notes: boolean;
  /** What the host can do (asked once per batch). */
  caps: HostCapabilities;
}

export const cellKey = (sheet: string, row: number, col: number): string =>
  `${sheet.toLowerCase()}!${row}:${col}`;

const PLAN_SIZE = (format: FormatId, table: TableId) => {
  const p = tablePlans(format).find((t) => t.id === table)!;
  return { rows: p.rows, cols: p.cols };
};

/** The format whose plan has a table of this size (for names without a setting). */
export function formatBySize(table: TableId, rows: number, cols: number): FormatId | undefined {
  return FORMAT_IDS.find((f) => {
    const s = PLAN_SIZE(f, table);
    return s.rows === rows && s.cols === cols;
  });
}

export interface ReadOptions {
  /** Read the fill and font colour of every table cell (to mark and unmark). */
  looks: boolean;
  /** Read comments and notes and where they are. */
  comments: boolean;
  /** The host's capabilities (default: asked from Office.context.requirements). */
  caps?: HostCapabilities;
  /** Called while round trip 1 is queued: whatever it loads (applyFix's target cells) comes back with it. */
  alsoRead?: () => void;
  /**
   * Called after round trip 1, before round trip 2 is queued: whatever it queues (applyFix's writes) runs before the
   * tables are read, in the same round trip; what it throws ends the batch before anything was written.
   */
  beforeTables?: () => void | Promise<void>;
}

export async function readWorkbook(
  context: Excel.RequestContext,
  options: ReadOptions
): Promise<WorkbookRead> {
  const wb = context.workbook;
  const caps = options.caps ?? currentHost();
  // --- round trip 1: what reports there are
  const settings = wb.settings.load("items/key,items/value");
  const names = wb.names.load("items/name,items/type");
  const comments =
    options.comments && caps.has("comments")
      ? wb.comments.load("items/id,items/content")
      : undefined;
  // Notes (ExcelApi 1.18): a cell holding a note cannot take a comment.
  const notes = options.comments && caps.has("notes") ? wb.notes.load("items/content") : undefined;
  options.alsoRead?.();
  await context.sync();

  const stored = new Map<string, StoredReport>();
  const settingKeys = new Set<string>();
  const texts = new Map<string, string>();
  for (const s of settings.items) {
    settingKeys.add(s.key);
    const uid = parseSettingKey(s.key);
    const value = uid ? parseStored(s.value) : undefined;
    if (uid && value) stored.set(uid, value);
    const textOf = parseNarrativeKey(s.key);
    const text = textOf !== undefined ? parseNarrative(s.value) : undefined;
    if (textOf && text) texts.set(textOf, text);
  }
  const tableItems = new Map<string, Map<TableId, Excel.NamedItem>>();
  for (const n of names.items) {
    const parsed = parseTableName(n.name);
    if (!parsed || n.type !== "Range") continue;
    if (!tableItems.has(parsed.uid)) tableItems.set(parsed.uid, new Map());
    tableItems.get(parsed.uid)!.set(parsed.table, n);
  }

  // --- round trip 2: the tables' cells, their sheets, and where comments and notes are
  const pending: {
    uid: string;
    table: TableId;
    range: Excel.Range;
    looks?: PendingLooks;
  }[] = [];
  await options.beforeTables?.();
  for (const [uid, items] of tableItems)
    for (const [table, item] of items) {
      const range = item.getRangeOrNullObject();
      range.load(
        "rowIndex,columnIndex,rowCount,columnCount,values,worksheet/name,worksheet/protection/protected"
      );
      // The looks of the cells the template puts there (a table's size is known from its format, else its name).
      const size = tableSize(stored.get(uid)?.format, table);
      const looks =
        options.looks && size ? loadLooks(caps, range, size.rows, size.cols) : undefined;
      pending.push({ uid, table, range, looks });
    }
  const commentLocations = (comments?.items ?? []).map((comment) => {
    const at = comment.getLocation().load("address");
    const ours = comment.content.startsWith(COMMENT_MARKER);
    return {
      comment,
      at,
      ours,
      protection: ours ? at.worksheet.protection.load("protected") : undefined,
    };
  });
  const noteLocations = (notes?.items ?? []).map((note) => note.getLocation().load("address"));
  if (pending.length || commentLocations.length || noteLocations.length) await context.sync();

  const reports = new Map<string, ReadReport>();
  for (const p of pending) {
    if (p.range.isNullObject) continue;
    const table: ReadTable = {
      id: p.table,
      sheetName: p.range.worksheet.name,
      top: p.range.rowIndex,
      left: p.range.columnIndex,
      range: p.range,
      values: p.range.values,
      ...(p.looks && lookSized(p.looks, p.range) ? { looks: p.looks.value() } : {}),
      protected: p.range.worksheet.protection.protected,
    };
    let report = reports.get(p.uid);
    if (!report) {
      const own = stored.get(p.uid);
      const format = own?.format ?? formatBySize(p.table, p.range.rowCount, p.range.columnCount);
      if (!format) continue; // a name of ours without a setting, on something that is not one of our tables
      report = {
        uid: p.uid,
        stored: own ?? inferredStored(format, table.sheetName),
        hasSetting: !!own,
        ...(texts.has(p.uid) ? { text: texts.get(p.uid) } : {}),
        format,
        sheetName: table.sheetName,
        tables: new Map(),
        protected: false,
        problems: [],
      };
      reports.set(p.uid, report);
    }
    report.tables.set(p.table, table);
    if (p.table === "三") report.sheetName = table.sheetName;
    if (table.protected) report.protected = true;
  }

  const ourComments: WorkbookRead["ourComments"] = [];
  const occupied = new Set<string>();
  for (const { comment, at, ours, protection } of commentLocations) {
    const where = parseRangeRef(at.address);
    if (!where?.sheet) continue;
    if (ours)
      ourComments.push({
        comment,
        sheet: where.sheet,
        row: where.top,
        col: where.left,
        protected: !!protection?.protected,
      });
    else occupied.add(cellKey(where.sheet, where.top, where.left));
  }
  for (const at of noteLocations) {
    const where = parseRangeRef(at.address);
    if (where?.sheet) occupied.add(cellKey(where.sheet, where.top, where.left));
  }

  // Reports in sheet-name order then uid, so results and exports are stable.
  const list = [...reports.values()].sort(
    (a, b) => a.sheetName.localeCompare(b.sheetName, "zh") || a.uid.localeCompare(b.uid)
  );
  return {
    reports: list,
    ourComments,
    occupied,
    settingKeys,
    names: new Set(names.items.map((n) => n.name.toLowerCase())),
    comments: !!comments,
    notes: !!notes,
    caps,
  };
}

/**
 * The template's size of a table: with getCellProperties the whole range is read whatever its size; cell by cell
 * (ExcelApi < 1.9) only the template's rows and columns, so the format must be known (from the setting, else the
 * 2021 format's size is tried and a table of another shape is left without looks).
 */
function tableSize(format: FormatId | undefined, table: TableId) {
  return PLAN_SIZE(format ?? "2021", table);
}

/** Looks read cell by cell cover the template's size only: use them when the range has that size. */
function lookSized(looks: PendingLooks, range: Excel.Range): boolean {
  const grid = looks.value();
  return grid.length === range.rowCount && grid.every((row) => row.length === range.columnCount);
}

/** Facts for a report whose setting is gone: the format from the tables' shape, the year from the sheet name. */
function inferredStored(format: FormatId, sheetName: string): StoredReport {
  const year = /(\d{4})\s*年/.exec(sheetName);
  return { v: 1, format, ...(year ? { year: Number(year[1]) } : {}), explanations: {}, marks: [] };
}
