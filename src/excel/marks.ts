import type { Confrontation } from "../check";
import type { CellRef, TableId } from "../format";
import { formatComment, formatFix } from "../messages";
import { entryPosition, type Assembled } from "./assemble";
import { cellKey, type ReadReport, type WorkbookRead } from "./read";
import { settingKey, storedValue, type StoredMark } from "./store";
import type { HostCapabilities } from "./capabilities";
import { setFormats } from "./formats";
import { COMMENT_MARKER, FLAG_LOOK, sameLook } from "./style";
import { suspectsOf } from "./suspects";

/**
 * Marking the cells of the engine's findings, and taking the marks off again.
 *
 * Only the cells a finding is really about are marked (suspects.ts): the cells its best fix changes get the strong
 * look and the comment; cells only an alternative fix changes, or every cell of an equation no fix explains, get a
 * light look and no comment (that finding's comment goes to one cell only). A mark is a fill and font colour
 * (setFormats: Range.setCellProperties, ExcelApi 1.9, or cell by cell below it) and, where the host has comments
 * (ExcelApi 1.10), a comment starting with COMMENT_MARKER. What the cell looked like before is recorded in the report's
 * setting, relative to its table; a mark is undone only while the cell still looks as the add-in made it, so a fill
 * the clerk chose afterwards is never overwritten. A cell that holds the clerk's own comment or a note gets the fill
 * only. All of it is queued into one batch — the record first, then fills, then comments — so a comment Excel refuses
 * fails only the comments after it (validate.ts adds those again).
 */

export type FlagLevel = "error" | "warning" | "light";

export interface Flag {
  table: TableId;
  row: number;
  col: number;
  level: FlagLevel;
  /** The comment's lines (none: a light mark, or a cell whose findings comment elsewhere). */
  lines: string[];
}

const flagKey = (table: TableId, row: number, col: number) => `${table}:${row}:${col}`;
const RANK: Record<FlagLevel, number> = { error: 3, warning: 2, light: 1 };

/** The cells to mark for a confrontation (explained warnings excepted), with their comments. */
export function flagsOf(a: Assembled, result: Confrontation): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  const add = (
    at: { table: TableId; row: number; col: number } | undefined,
    level: FlagLevel,
    line?: string
  ) => {
    if (!at) return;
    const key = flagKey(at.table, at.row, at.col);
    const flag = flags.get(key) ?? { ...at, level, lines: [] };
    if (RANK[level] > RANK[flag.level]) flag.level = level;
    if (line && !flag.lines.includes(line)) flag.lines.push(line);
    flags.set(key, flag);
  };
  const place = (ref: CellRef) => {
    const at = entryPosition(a, ref);
    return at && { table: ref.table, ...at };
  };
  for (const f of result.findings) {
    if (f.severity === "warning" && f.explanation) continue;
    // The same plain words as the pane: severity, the rule's plain name, the message; the code never.
    const line = formatComment(result.model, f);
    if (f.cells.length === 0) {
      const stray = a.strays.get(f.key);
      if (stray) add(stray, f.severity, line);
      continue;
    }
    const s = suspectsOf(result, f);
    const strong: FlagLevel = f.severity;
    const weak: FlagLevel = f.severity === "error" ? "light" : "warning";
    for (const ref of s.likely) add(place(ref), strong, line);
    for (const ref of s.possible) add(place(ref), weak);
    // No best fix names a culprit here: the finding's comment goes to one cell only (its total, else a candidate).
    if (!s.likely.length) {
      const at = s.unknown ? s.anchor : (s.possible[0] ?? s.anchor);
      if (at) add(place(at), weak, line);
    }
  }
  // The best fix of each group, on the cells it changes.
  for (const fix of result.fixes) {
    if (fix.rank !== 1) continue;
    const line = `建议：${formatFix(result.model, fix, result.fixes)}`;
    for (const change of fix.changes) {
      const at = place(change.cell);
      const flag = at && flags.get(flagKey(at.table, at.row, at.col));
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
  /** Comments queued, in queue order (the last actions of the batch). */
  comments: PlannedComment[];
}

/** A comment the add-in adds to a marked cell. */
export interface PlannedComment {
  sheet: string;
  /** 0-based position in the sheet. */
  row: number;
  col: number;
  cell: Excel.Range;
  content: string;
}

/** Cap on a comment's length: Excel shows long comments badly, and the pane has the full list. */
const MAX_COMMENT = 1500;

/**
 * Queue the marks of one report: the record of looks first, then new flags on and stale marks off, then its old
 * comments removed, then the new comments (returned, for validate.ts). Reports on a protected sheet must not be
 * passed here.
 */
export function queueMarks(
  context: Excel.RequestContext,
  wr: WorkbookRead,
  report: ReadReport,
  flags: Map<string, Flag>,
  caps: HostCapabilities = wr.caps
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
        const look = FLAG_LOOK[flag.level];
        // A light mark keeps the cell's font colour.
        const applied = { fill: look.fill, font: look.font ?? before.font };
        if (!sameLook(current, applied)) {
          grid[row][col] = {
            format: {
              fill: { color: applied.fill! },
              ...(look.font ? { font: { color: look.font } } : {}),
            },
          };
          if (!look.font && current.font !== before.font)
            grid[row][col].format!.font = { color: before.font };
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
        setFormats(caps, table.range, grid);
        // "No fill" is restored by clearing the fill (RangeFill.clear, ExcelApi 1.1), never by painting it white.
        for (const [row, col] of clears) table.range.getCell(row, col).format.fill.clear();
      });
  }
  // Marks in tables that were not read this time are kept for a later run.
  for (const m of report.stored.marks) if (!report.tables.get(m.t)?.looks) next.push(m);

  // The record goes first: should anything after it fail, 清除标记 still knows every look it may have changed.
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
  const comments: PlannedComment[] = [];
  for (const flag of wr.comments ? flags.values() : []) {
    if (!flag.lines.length) continue;
    const table = report.tables.get(flag.table);
    if (!table) continue;
    const row = table.top + flag.row;
    const col = table.left + flag.col;
    if (wr.occupied.has(cellKey(table.sheetName, row, col))) continue;
    let content = `${COMMENT_MARKER}\n${flag.lines.join("\n")}`;
    if (content.length > MAX_COMMENT) content = `${content.slice(0, MAX_COMMENT - 1)}…`;
    comments.push({
      sheet: table.sheetName,
      row,
      col,
      cell: table.range.getCell(flag.row, flag.col),
      content,
    });
  }
  return { flagged, restored, queued, comments };
}

/** Queue the comments (after everything else of the batch). */
export function queueComments(context: Excel.RequestContext, comments: PlannedComment[]): void {
  for (const c of comments) context.workbook.comments.add(c.cell, c.content, "Plain");
}
