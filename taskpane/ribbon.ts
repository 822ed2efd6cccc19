/**
 * The ribbon's document actions wired to the Excel adapter: the adapter (src/excel/actions.ts) exposes plain
 * functions; this module registers them under the ribbon's action ids (actions.ts), for commands.ts and the pane.
 */
import { registerActions } from "./actions";
import { excelActions, type ExcelActionsUi, type ExcelRun } from "../src/excel";

/** Registers the adapter's implementations of the ribbon actions; returns a function that removes them. */
export function registerExcelActions(run: ExcelRun, ui: ExcelActionsUi = {}): () => void {
  const actions = excelActions(run, ui);
  return registerActions({
    insertTemplate: actions.insertTemplate,
    validate: actions.validate,
    clearMarks: actions.clearMarks,
  });
}
