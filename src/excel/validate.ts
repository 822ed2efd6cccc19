import type { Finding } from "../findings";
import type { CellRef } from "../format";
import { a1, quoteSheetName } from "../layout";
import { assemble, confrontAll, entryPosition, type Assembled } from "./assemble";
import { currentHost, missingMessage } from "./capabilities";
import {
  AdapterError,
  guarded,
  NO_REPORT_MESSAGE,
  protectedMessage,
  requireFeature,
} from "./errors";
import { flagsOf, queueComments, queueMarks, type PlannedComment } from "./marks";
import { cellKey, readWorkbook, type ReadOptions } from "./read";
import { COMMENT_MARKER } from "./style";
import { suspectCells } from "./suspects";
import type { AdapterProblem, ExcelRun, SheetResult, WorkbookValidation } from "./types";

/**
 * 校验: every report sheet of the workbook read in two round trips (read.ts), confronted with the engine's rules,
 * and the cells of its findings marked in one more (marks.ts) — three round trips whatever the number of sheets.
 * Should Excel refuse a comment (a cell holding a note, on hosts that cannot read notes), the fills and the record
 * are already in (they come first in the batch): the comments after the refused one are added again in a few more
 * round trips, and the result names the cells left without a comment.
 */

function sheetResult(a: Assembled, result: SheetResult["result"], flagged: number): SheetResult {
  const { read } = a;
  return {
    uid: read.uid,
    sheetName: read.sheetName,
    format: read.format,
    ...(read.stored.year !== undefined ? { year: read.stored.year } : {}),
    ...(read.stored.agency !== undefined ? { agency: read.stored.agency } : {}),
    ...(read.stored.level !== undefined ? { level: read.stored.level } : {}),
    result,
    // Not on the checked report: its text checks (sections 一 … 六 present) would warn about a text that only holds
    // the sections the clerk writes, while the export writes the others from the tables.
    ...(read.text ? { text: read.text } : {}),
    address(ref: CellRef): string {
      const table = read.tables.get(ref.table);
      const at = entryPosition(a, ref);
      if (!table || !at) return quoteSheetName(table?.sheetName ?? read.sheetName);
      return `${quoteSheetName(table.sheetName)}!${a1(table.top + at.row, table.left + at.col)}`;
    },
    suspects: (f: Finding) => suspectCells(result, f),
    flagged,
    protected: read.protected,
    tables: [...a.tables],
  };
}

/** Is this Excel error about adding a comment (office.js names the failing call in debugInfo.errorLocation)? */
function refusedComment(e: unknown): boolean {
  const info = (e as { debugInfo?: { errorLocation?: string } })?.debugInfo;
  return /^CommentCollection\.add$/i.test(info?.errorLocation ?? "");
}

/** Where the add-in's comments are now: two round trips (the comments, then their cells). */
async function ourCommentCells(context: Excel.RequestContext): Promise<Set<string>> {
  const comments = context.workbook.comments.load("items/content");
  await context.sync();
  const locations = comments.items
    .filter((c) => c.content.startsWith(COMMENT_MARKER))
    .map((c) => c.getLocation().load("address"));
  if (locations.length) await context.sync();
  const cells = new Set<string>();
  for (const at of locations) {
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)/.exec(at.address);
    if (!m) continue;
    const sheet = (m[1] ?? m[2]).replace(/''/g, "'");
    let col = 0;
    for (const ch of m[3]) col = col * 26 + ch.charCodeAt(0) - 64;
    cells.add(cellKey(sheet, Number(m[4]) - 1, col - 1));
  }
  return cells;
}

const MAX_COMMENT_RETRIES = 3;

/**
 * After Excel refused a comment: find the first planned comment that is missing (the refused one — the batch stops
 * there), leave it out, add the rest again; at most a few times. Returns the comments left out.
 */
async function retryComments(
  context: Excel.RequestContext,
  planned: PlannedComment[],
  attempt = 1
): Promise<PlannedComment[]> {
  const present = await ourCommentCells(context);
  const missing = planned.filter((c) => !present.has(cellKey(c.sheet, c.row, c.col)));
  if (!missing.length) return [];
  const [refused, ...rest] = missing;
  if (!rest.length) return [refused];
  if (attempt > MAX_COMMENT_RETRIES) return missing;
  queueComments(context, rest);
  try {
    await context.sync();
    return [refused];
  } catch (e) {
    if (!refusedComment(e)) throw e;
    return [refused, ...(await retryComments(context, rest, attempt + 1))];
  }
}

/** Validate within an open batch (applyFix and writeReport validate right after writing). */
export async function validateInContext(
  context: Excel.RequestContext,
  options: Pick<ReadOptions, "alsoRead" | "beforeTables"> = {}
): Promise<WorkbookValidation> {
  const wr = await readWorkbook(context, { looks: true, comments: true, ...options });
  if (!wr.reports.length) throw new AdapterError("NoReport", NO_REPORT_MESSAGE);
  const assembled = wr.reports.map(assemble);
  const results = confrontAll(assembled);
  const problems: AdapterProblem[] = assembled.flatMap((a) => a.problems);
  const notices: string[] = [];
  if (!wr.caps.has("comments")) notices.push(missingMessage("comments"));
  const flaggedBy = new Map<string, number>();
  const comments: PlannedComment[] = [];
  let queued = false;
  assembled.forEach((a, i) => {
    if (a.read.protected) {
      const sheet =
        [...a.read.tables.values()].find((t) => t.protected)?.sheetName ?? a.read.sheetName;
      problems.push({
        code: "Protected",
        message: `${protectedMessage(sheet)}校验结果见任务窗格，单元格没有标记。`,
        uid: a.read.uid,
        sheetName: sheet,
      });
      return;
    }
    const outcome = queueMarks(context, wr, a.read, flagsOf(a, results[i]));
    flaggedBy.set(a.read.uid, outcome.flagged);
    comments.push(...outcome.comments);
    queued ||= outcome.queued;
  });
  // The comments last: a refused one fails only what comes after it.
  queueComments(context, comments);
  if (queued || comments.length) {
    try {
      await context.sync();
    } catch (e) {
      if (comments.length && refusedComment(e)) {
        const left = await retryComments(context, comments);
        if (left.length)
          notices.push(
            `Excel 拒绝在 ${left.length} 个单元格上添加批注（${left
              .slice(0, 8)
              .map((c) => `${quoteSheetName(c.sheet)}!${a1(c.row, c.col)}`)
              .join(
                "、"
              )}${left.length > 8 ? " 等" : ""}），这些单元格可能已有备注：它们只标了底色，问题的说明见任务窗格。`
          );
      } else {
        // The findings stand even when marking fails: say so, do not lose them.
        problems.push({
          code: "Excel",
          message: `校验已完成，但标记单元格时 Excel 报告错误：${(e as Error)?.message ?? String(e)}`,
        });
        flaggedBy.clear();
      }
    }
  }
  const sheets = assembled.map((a, i) =>
    sheetResult(a, results[i], flaggedBy.get(a.read.uid) ?? 0)
  );
  return { sheets, problems, notices, flagged: sheets.reduce((n, s) => n + s.flagged, 0) };
}

/** Reads every report sheet, runs the engine, marks the cells of its findings (removing stale marks). */
export async function validateWorkbook(run: ExcelRun): Promise<WorkbookValidation> {
  requireFeature(currentHost(), "workbook", "校验");
  return guarded("校验", () => run((context) => validateInContext(context)));
}

/** 清除标记: every mark the add-in made is undone, each cell given back exactly the look it had; its comments go. */
export async function clearMarks(
  run: ExcelRun
): Promise<{ restored: number; problems: AdapterProblem[] }> {
  requireFeature(currentHost(), "workbook", "清除标记");
  return guarded("清除标记", () =>
    run(async (context) => {
      const wr = await readWorkbook(context, { looks: true, comments: true });
      const problems: AdapterProblem[] = [];
      let restored = 0;
      let queued = false;
      const protectedSheets = new Set<string>(); // sheets of protected reports
      for (const report of wr.reports) {
        if (report.protected) {
          for (const t of report.tables.values())
            if (t.protected) protectedSheets.add(t.sheetName.toLowerCase());
          if (report.stored.marks.length)
            problems.push({
              code: "Protected",
              message: `${protectedMessage(report.sheetName)}该表的标记没有清除。`,
              uid: report.uid,
              sheetName: report.sheetName,
            });
          continue;
        }
        const outcome = queueMarks(context, wr, report, new Map());
        restored += outcome.restored;
        queued ||= outcome.queued;
      }
      // The add-in's comments anywhere else (a sheet whose report names were deleted) go too, unless protected.
      const reportSheets = new Set(
        wr.reports.flatMap((r) => [...r.tables.values()].map((t) => t.sheetName.toLowerCase()))
      );
      for (const c of wr.ourComments) {
        const sheet = c.sheet.toLowerCase();
        if (reportSheets.has(sheet) || protectedSheets.has(sheet) || c.protected) continue;
        c.comment.delete();
        queued = true;
      }
      if (queued) await context.sync();
      return { restored, problems };
    })
  );
}
