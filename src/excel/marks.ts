import type { Confrontation } from "../check";
import type { TableId } from "../format";
import { formatFinding, formatFix } from "../messages";
import { entryPosition, type Assembled } from "./assemble";
import { cellKey, type ReadReport, type WorkbookRead } from "./read";
import { settingKey, storedValue, type StoredMark } from "./store";
import { COMMENT_MARKER, FLAG_LOOK, sameLook } from "./style";

/**
 * Marking the cells of the engine's findings, and taking the marks off again.
 *
 * A mark is a fill and font colour (set with Range.setCellProperties, ExcelApi 1.9) and a comment starting with
 * COMMENT_MARKER (CommentCollection.add, ExcelApi 1.10) holding the engine's messages. What the cell looked like
 * before is recorded in the report's setting, relative to its table; a mark is undone only while the cell still
 * looks as the add-in made it, so a fill the clerk chose afterwards is never overwritten. A cell that holds the
 * clerk's own comment or a note gets the fill only. All of it is queued into one batch: one round trip.
 */

export interface Flag {
  table: TableId;
  row: number;
  col: number;
  severity: "error" | "warning";
  lines: string[];
}

const flagKey = (table: TableId, row: number, col: number) => `${table}:${row}:${col}`;

/** The cells to mark for a confrontation: every cell of every finding (explained warnings excepted), with messages. */
export function flagsOf(a: Assembled, result: Confrontation): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  const add = (
    table: TableId,
    row: number,
    col: number,
    severity: Flag["severity"],
    line: string
  ) => {
    const key = flagKey(table, row, col);
    const flag = flags.get(key) ?? { table, row, col, severity, lines: [] };
    if (severity === "error") flag.severity = "error";
    if (!flag.lines.includes(line)) flag.lines.push(line);
    flags.set(key, flag);
  };
  for (const f of result.findings) {
    if (f.severity === "warning" && f.explanation) continue;
    const line = `${f.severity === "error" ? "错误" : "提示"}（${f.rule}）：${formatFinding(result.model, f)}`;
    for (const ref of f.cells) {
      const at = entryPosition(a, ref);
      if (at) add(ref.table, at.row, at.col, f.severity, line);
    }
    const stray = f.cells.length === 0 ? a.strays.get(f.key) : undefined;
    if (stray) add(stray.table, stray.row, stray.col, f.severity, line);
  }
  // The best fix of each group, on the cells it changes.
  for (const fix of result.fixes) {
    if (fix.rank !== 1) continue;
    const line = `建议：${formatFix(result.model, fix, result.fixes)}`;
    for (const change of fix.changes) {
      const at = entryPosition(a, change.cell);
      const flag = at && flags.get(flagKey(change.cell.table, at.row, at.col));
      if (flag && !flag.lines.includes(line)) flag.lines.push(line);
    }
  }
  return flags;
}

export interface MarkOutcome {
  /** Cells marked now. */
  flagged: number;
  /** Marks undone (cells given back their look). */
  restored: number;
  /** Something was queued (the caller syncs). */
  queued: boolean;
}

/** Cap on a comment's length: Excel shows long comments badly, and the pane has the full list. */
const MAX_COMMENT = 1500;

/**
 * Queue the marks of one report: new flags on, stale marks off, the record updated, its comments replaced. Reports
 * on a protected sheet must not be passed here.
 */
export function queueMarks(
  context: Excel.RequestContext,
  wr: WorkbookRead,
  report: ReadReport,
  flags: Map<string, Flag>
): MarkOutcome {
  const wb = context.workbook;
  const old = new Map(report.stored.marks.map((m) => [flagKey(m.t, m.r, m.c), m]));
  const next: StoredMark[] = [];
  let flagged = 0;
  let restored = 0;
  let queued = false;
  const fills: (() => void)[] = [];
  for (const [id, table] of report.tables) {
    if (!table.looks) continue;
    const grid: Excel.SettableCellProperties[][] = table.values.map((row) => row.map(() => ({})));
    const clears: [number, number][] = [];
    let touched = false;
    const keys = new Set<string>();
    for (const m of report.stored.marks) if (m.t === id) keys.add(flagKey(m.t, m.r, m.c));
    for (const f of flags.values()) if (f.table === id) keys.add(flagKey(f.table, f.row, f.col));
    for (const key of keys) {
      const [, r, c] = key.split(":");
      const row = Number(r);
      const col = Number(c);
      const current = table.looks[row]?.[col];
      if (!current) continue; // outside the table (its shape changed): nothing to do there
      const mark = old.get(key);
      const ours = !!mark && sameLook(current, mark.applied);
      const before = ours ? mark!.before : current;
      const flag = flags.get(key);
      if (flag) {
        const applied = FLAG_LOOK[flag.severity];
        if (!sameLook(current, applied)) {
          grid[row][col] = {
            format: { fill: { color: applied.fill! }, font: { color: applied.font } },
          };
          touched = true;
        }
        next.push({ t: id, r: row, c: col, before, applied });
        flagged++;
      } else if (ours) {
        grid[row][col] = {
          format: {
            font: { color: before.font },
            ...(before.fill ? { fill: { color: before.fill } } : {}),
          },
        };
        if (!before.fill) clears.push([row, col]);
        touched = true;
        restored++;
      }
    }
    if (touched)
      fills.push(() => {
        table.range.setCellProperties(grid);
        // "No fill" is restored by clearing the fill (RangeFill.clear, ExcelApi 1.1), not by a colour.
        for (const [row, col] of clears) table.range.getCell(row, col).format.fill.clear();
      });
  }
  // Marks in tables that were not read this time are kept for a later run.
  for (const m of report.stored.marks) if (!report.tables.get(m.t)?.looks) next.push(m);

  const changedRecord =
    !report.hasSetting || JSON.stringify(next) !== JSON.stringify(report.stored.marks);
  if (changedRecord) {
    wb.settings.add(settingKey(report.uid), storedValue({ ...report.stored, marks: next }));
    queued = true;
  }
  for (const f of fills) {
    f();
    queued = true;
  }

  // Comments: the add-in's old ones on this report's sheets go, the new ones come.
  const sheets = new Set([...report.tables.values()].map((t) => t.sheetName.toLowerCase()));
  for (const c of wr.ourComments)
    if (sheets.has(c.sheet.toLowerCase())) {
      c.comment.delete();
      queued = true;
    }
  for (const flag of wr.comments ? flags.values() : []) {
    const table = report.tables.get(flag.table);
    if (!table) continue;
    if (wr.occupied.has(cellKey(table.sheetName, table.top + flag.row, table.left + flag.col)))
      continue;
    let content = `${COMMENT_MARKER}\n${flag.lines.join("\n")}`;
    if (content.length > MAX_COMMENT) content = `${content.slice(0, MAX_COMMENT - 1)}…`;
    wb.comments.add(table.range.getCell(flag.row, flag.col), content, "Plain");
    queued = true;
  }
  return { flagged, restored, queued };
}
