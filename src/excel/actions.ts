import { formatForYear } from "../format";
import { insertTemplate } from "./insert";
import type { ExcelRun, InsertOptions, WorkbookValidation } from "./types";
import { clearMarks, validateWorkbook } from "./validate";

/**
 * What the ribbon's ExecuteFunction buttons (插入模板, 校验, 清除标记) do in the workbook, as plain functions. They run
 * with the task pane closed: what they have to say goes through `ui` (the pane, when it is there). Failures are
 * thrown. The adapter knows no pane and no ribbon: taskpane/ribbon.ts wires these to the ribbon's action ids.
 */

export interface ExcelActionsUi {
  /** Options for 插入模板 from the ribbon (default: last year's report, its format, live checks as native formulas). */
  insertOptions?(): InsertOptions | Promise<InsertOptions>;
  /** A validation with something to look at (errors, warnings or sheets that could not be read). */
  showValidation?(validation: WorkbookValidation): void | Promise<void>;
  /** A short message: all passed, a template inserted, marks cleared. */
  notify?(message: string, validation?: WorkbookValidation): void | Promise<void>;
}

/**
 * Reports are published early in the year for the year before. The live checks are native formulas (SUM, IF), so a
 * workbook sent to a colleague without the add-in, or opened in WPS or LibreOffice, shows ✓ or the imbalance rather
 * than #NAME?; the NIANBAO.* custom functions are the other option of the template form.
 */
export function defaultInsertOptions(now: Date = new Date()): InsertOptions {
  const year = now.getFullYear() - 1;
  return { format: formatForYear(year), year, checks: "formulas" };
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

/** The three document actions of the ribbon, bound to a batch runner and a ui. */
export interface ExcelActions {
  insertTemplate(): Promise<void>;
  validate(): Promise<void>;
  clearMarks(): Promise<void>;
}

export function excelActions(run: ExcelRun, ui: ExcelActionsUi = {}): ExcelActions {
  return {
    insertTemplate: async () => {
      const options = (await ui.insertOptions?.()) ?? defaultInsertOptions();
      const { sheetName, problems } = await insertTemplate(run, options);
      const notes = problems.length ? ` ${problems.map((p) => p.message).join(" ")}` : "";
      await ui.notify?.(`已插入工作表“${sheetName}”，请在浅黄色的格中填写。${notes}`);
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
  };
}
