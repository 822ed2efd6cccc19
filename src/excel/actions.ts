import { registerActions } from "../../taskpane/actions";
import { formatForYear } from "../format";
import { insertTemplate } from "./insert";
import type { ExcelRun, InsertOptions, WorkbookValidation } from "./types";
import { clearMarks, validateWorkbook } from "./validate";

/**
 * The ribbon's ExecuteFunction buttons (插入模板, 校验, 清除标记) on the adapter. They run with the task pane closed:
 * what they have to say goes through `ui` (the pane, when it is there). Failures are thrown and reach the clerk
 * through actions.ts's error reporter.
 */

export interface ExcelActionsUi {
  /** Options for 插入模板 from the ribbon (default: last year's report, its format, live checks as custom functions). */
  insertOptions?(): InsertOptions | Promise<InsertOptions>;
  /** A validation with something to look at (errors, warnings or sheets that could not be read). */
  showValidation?(validation: WorkbookValidation): void | Promise<void>;
  /** A short message: all passed, a template inserted, marks cleared. */
  notify?(message: string, validation?: WorkbookValidation): void | Promise<void>;
}

/** Reports are published early in the year for the year before. */
export function defaultInsertOptions(now: Date = new Date()): InsertOptions {
  const year = now.getFullYear() - 1;
  return { format: formatForYear(year), year, checks: "functions" };
}

/** Nothing to look at: no error, no unexplained warning, no sheet that could not be read or marked. */
export function allPass(v: WorkbookValidation): boolean {
  return (
    !v.problems.length &&
    v.sheets.every((s) => s.result.passes() && s.result.warnings().length === 0)
  );
}

export function passMessage(v: WorkbookValidation): string {
  const explained = v.sheets.reduce((n, s) => n + s.result.explained().length, 0);
  const what = v.sheets.length === 1 ? `“${v.sheets[0].sheetName}”` : `${v.sheets.length} 份年报`;
  return `校验通过：${what}没有发现问题${explained ? `（${explained} 条提示已作说明）` : ""}。`;
}

/** Registers the adapter's implementations of the ribbon actions; returns a function that removes them. */
export function registerExcelActions(run: ExcelRun, ui: ExcelActionsUi = {}): () => void {
  return registerActions({
    insertTemplate: async () => {
      const options = (await ui.insertOptions?.()) ?? defaultInsertOptions();
      const { sheetName } = await insertTemplate(run, options);
      await ui.notify?.(`已插入工作表“${sheetName}”，请在浅黄色的格中填写。`);
    },
    validate: async () => {
      const validation = await validateWorkbook(run);
      if (allPass(validation)) await ui.notify?.(passMessage(validation), validation);
      else await ui.showValidation?.(validation);
    },
    clearMarks: async () => {
      const { restored, problems } = await clearMarks(run);
      const text = restored ? `已清除 ${restored} 个单元格的标记。` : "没有需要清除的标记。";
      await ui.notify?.(
        problems.length ? `${text}${problems.map((p) => p.message).join(" ")}` : text
      );
    },
  });
}
