import { cellId, getFormat, type CellRef, type FormatId, type TableId } from "../format";
import { sheetValueToRaw } from "../layout";
import type { Fix } from "../localize";
import { describeRaw } from "../messages/zh";
import type { RawValue } from "../values";
import { currentHost } from "./capabilities";
import { AdapterError, guarded, requireFeature } from "./errors";
import { tableGeometry } from "./geometry";
import { formatBySize } from "./read";
import { parseStored, settingKey, storedValue, tableName, type StoredReport } from "./store";
import type { ExcelRun, WorkbookValidation } from "./types";
import { validateInContext } from "./validate";

/** The pane's actions on one report: apply a fix, select cells, keep a clerk's explanation. */

const notFound = (uid: string) =>
  new AdapterError(
    "NotFound",
    `找不到这份年报（编号 ${uid}）：它的工作表或表格可能已被删除。请重新校验。`
  );

interface Located {
  stored: StoredReport | undefined;
  format: FormatId;
  ranges: Map<TableId, Excel.Range>;
}

/** What queueLocate queued: the report's setting and the ranges of the tables asked for. */
interface PendingLocate {
  uid: string;
  setting: Excel.Setting;
  ranges: Map<TableId, Excel.Range>;
}

/**
 * Queue a read of the report's setting and of the ranges of the tables asked for, with their values and number
 * formats when `withValues` (applyFix checks and writes them), else their position only.
 */
function queueLocate(
  context: Excel.RequestContext,
  uid: string,
  tables: TableId[],
  withValues: boolean
): PendingLocate {
  const wb = context.workbook;
  const setting = wb.settings.getItemOrNullObject(settingKey(uid));
  setting.load("value");
  const ranges = new Map<TableId, Excel.Range>();
  for (const t of new Set(tables)) {
    const range = wb.names.getItemOrNullObject(tableName(uid, t)).getRangeOrNullObject();
    if (withValues) range.load("rowIndex,rowCount,columnCount,values,numberFormat");
    else range.load("rowIndex,rowCount,columnCount");
    ranges.set(t, range);
  }
  return { uid, setting, ranges };
}

/**
 * After the sync: the report's facts and its tables' ranges. The format comes from the setting, else from the shape
 * of a table.
 */
function located({ uid, setting, ranges }: PendingLocate): Located {
  const stored = setting.isNullObject ? undefined : parseStored(setting.value);
  const found = new Map([...ranges].filter(([, range]) => !range.isNullObject));
  let format = stored?.format;
  for (const [t, range] of found) format ??= formatBySize(t, range.rowCount, range.columnCount);
  if (!format || (!stored && !found.size)) throw notFound(uid);
  return { stored, format, ranges: found };
}

/** One round trip: the report's setting and its tables' ranges. */
async function locate(
  context: Excel.RequestContext,
  uid: string,
  tables: TableId[],
  withValues: boolean
): Promise<Located> {
  const pending = queueLocate(context, uid, tables, withValues);
  await context.sync();
  return located(pending);
}

function position(format: FormatId, ref: CellRef): { row: number; col: number } {
  const at = tableGeometry(format, ref.table).entries.get(cellId(ref));
  if (!at)
    throw new AdapterError(
      "NotFound",
      `${getFormat(format).cellName(ref)}不是这份年报格式中的填报格。`
    );
  return at;
}

const sameRaw = (a: RawValue, b: RawValue) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-9);

/**
 * Write a fix's values into its cells and validate again, in three round trips: the validation's first read also
 * reads the fix's tables (values and number formats); the writes are queued before the validation's second read, so
 * that read sees them; the marks are the third. Each cell must still hold what the fix was computed from: a cell
 * changed since (by the clerk) is not overwritten — AdapterError "Conflict", nothing written.
 */
export async function applyFix(run: ExcelRun, uid: string, fix: Fix): Promise<WorkbookValidation> {
  requireFeature(currentHost(), "workbook", "应用修改");
  return guarded("应用修改", () =>
    run(async (context) => {
      let pending: PendingLocate | undefined;
      return validateInContext(context, {
        alsoRead: () => {
          pending = queueLocate(
            context,
            uid,
            fix.changes.map((c) => c.cell.table),
            true
          );
        },
        beforeTables: () => queueWrites(fix, located(pending!)),
      });
    })
  );
}

/** Check that the fix's cells still hold what it was computed from, and queue its values. */
function queueWrites(fix: Fix, { format, ranges }: Located): void {
  const model = getFormat(format);
  const writes: { range: Excel.Range; row: number; col: number; to: number; text: boolean }[] = [];
  for (const change of fix.changes) {
    const range = ranges.get(change.cell.table);
    if (!range)
      throw new AdapterError(
        "NotFound",
        `找不到${model.cellName(change.cell)}所在的表（表格名称已被删除）。请重新校验。`
      );
    const { row, col } = position(format, change.cell);
    const now = sheetValueToRaw(range.values[row]?.[col]);
    if (!sameRaw(now, change.from))
      throw new AdapterError(
        "Conflict",
        `${model.cellName(change.cell)}现在是 ${describeRaw(now)}，不是校验时读到的 ${describeRaw(change.from)}（校验后被改过），没有写入。请重新校验后再应用修改。`
      );
    writes.push({
      range,
      row,
      col,
      to: change.to,
      text: range.numberFormat[row]?.[col] === "@",
    });
  }
  for (const w of writes) {
    const cell = w.range.getCell(w.row, w.col);
    // A cell formatted as text would keep the number as text: give it back the General format first.
    if (w.text) cell.numberFormat = [["General"]];
    cell.values = [[w.to]];
  }
}

/** Activate the report's sheet and select the cells (their bounding rectangle when they are not one cell). */
export async function selectCells(run: ExcelRun, uid: string, cells: CellRef[]): Promise<void> {
  if (!cells.length) return;
  return guarded("选择单元格", () =>
    run(async (context) => {
      const table = cells[0].table;
      const { format, ranges } = await locate(context, uid, [table], false);
      const range = ranges.get(table);
      if (!range) throw notFound(uid);
      const same = cells.filter((c) => c.table === table);
      // Excel selects one rectangle only: RangeAreas has no select() (office-js issue #2558). Cells that fill their
      // bounding rectangle are selected together; scattered ones would drag in every cell between them (a finding
      // naming 4 cells selected 25, issue 9 item 2), so the first — the likeliest culprit — is selected alone.
      const at = same.map((ref) => position(format, ref));
      const rows = at.map((p) => p.row);
      const cols = at.map((p) => p.col);
      const area =
        (Math.max(...rows) - Math.min(...rows) + 1) * (Math.max(...cols) - Math.min(...cols) + 1);
      const distinct = new Set(at.map((p) => `${p.row}:${p.col}`)).size;
      let target: Excel.Range | undefined;
      for (const { row, col } of area === distinct ? at : at.slice(0, 1)) {
        const cell = range.getCell(row, col);
        target = target ? target.getBoundingRect(cell) : cell;
      }
      target!.worksheet.activate();
      target!.select();
      await context.sync();
    })
  );
}

/** Keep the clerk's explanation (说明) of a warning in the report's setting; empty text removes it. */
export async function explainWarning(
  run: ExcelRun,
  uid: string,
  findingKey: string,
  text: string
): Promise<void> {
  return guarded("保存说明", () =>
    run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(settingKey(uid));
      setting.load("value");
      await context.sync();
      const stored = setting.isNullObject ? undefined : parseStored(setting.value);
      if (!stored) throw notFound(uid);
      const explanations = { ...stored.explanations };
      const trimmed = text.trim();
      if (trimmed) explanations[findingKey] = trimmed;
      else delete explanations[findingKey];
      context.workbook.settings.add(settingKey(uid), storedValue({ ...stored, explanations }));
      await context.sync();
    })
  );
}
