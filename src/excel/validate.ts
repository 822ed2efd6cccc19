import type { CellRef } from "../format";
import { a1 } from "../layout";
import { quoteSheetName } from "../layout";
import { assemble, confrontAll, entryPosition, type Assembled } from "./assemble";
import { AdapterError, guarded, NO_REPORT_MESSAGE, protectedMessage } from "./errors";
import { flagsOf, queueMarks } from "./marks";
import { readWorkbook } from "./read";
import type { AdapterProblem, ExcelRun, SheetResult, WorkbookValidation } from "./types";

/**
 * 校验: every report sheet of the workbook read in two round trips (read.ts), confronted with the engine's rules,
 * and the cells of its findings marked in one more (marks.ts) — three round trips whatever the number of sheets.
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
    address(ref: CellRef): string {
      const table = read.tables.get(ref.table);
      const at = entryPosition(a, ref);
      if (!table || !at) return quoteSheetName(table?.sheetName ?? read.sheetName);
      return `${quoteSheetName(table.sheetName)}!${a1(table.top + at.row, table.left + at.col)}`;
    },
    flagged,
    protected: read.protected,
    tables: [...a.tables],
  };
}

/** Validate within an open batch (applyFix and writeReport validate right after writing). */
export async function validateInContext(
  context: Excel.RequestContext
): Promise<WorkbookValidation> {
  const wr = await readWorkbook(context, { looks: true, comments: true });
  if (!wr.reports.length) throw new AdapterError("NoReport", NO_REPORT_MESSAGE);
  const assembled = wr.reports.map(assemble);
  const results = confrontAll(assembled);
  const problems: AdapterProblem[] = assembled.flatMap((a) => a.problems);
  const flaggedBy = new Map<string, number>();
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
    queued ||= outcome.queued;
  });
  if (queued) {
    try {
      await context.sync();
    } catch (e) {
      // The findings stand even when marking fails (e.g. a host refusing a comment): say so, do not lose them.
      problems.push({
        code: "Excel",
        message: `校验已完成，但标记单元格时 Excel 报告错误：${(e as Error)?.message ?? String(e)}`,
      });
      flaggedBy.clear();
    }
  }
  const sheets = assembled.map((a, i) =>
    sheetResult(a, results[i], flaggedBy.get(a.read.uid) ?? 0)
  );
  return { sheets, problems, flagged: sheets.reduce((n, s) => n + s.flagged, 0) };
}

/** Reads every report sheet, runs the engine, marks the cells of its findings (removing stale marks). */
export async function validateWorkbook(run: ExcelRun): Promise<WorkbookValidation> {
  return guarded("校验", () => run((context) => validateInContext(context)));
}

/** 清除标记: every mark the add-in made is undone, each cell given back exactly the look it had; its comments go. */
export async function clearMarks(
  run: ExcelRun
): Promise<{ restored: number; problems: AdapterProblem[] }> {
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
