/**
 * The Excel adapter: the only code that calls the Excel JavaScript API (Excel.run, context.sync). Every function takes
 * the batch runner (`Excel.run` in the add-in, the fake's in tests); the rules, messages and fixes are the engine's.
 *
 * Requirement sets: ExcelApi 1.9 for inserting (Range.setCellProperties, Worksheet.pageLayout) and for marking
 * (Range.getCellProperties/setCellProperties); 1.10 for the comments on marked cells (without it, cells get the fill
 * only); 1.18 only to learn where notes are (a cell with a note gets no comment; without 1.18 notes are not read).
 * Everything else is ExcelApi ≤ 1.8: names 1.4, settings 1.4, data validation 1.8, protection 1.2.
 */
export type {
  ExcelRun,
  InsertOptions,
  SheetResult,
  WorkbookValidation,
  AdapterProblem,
  AdapterErrorCode,
} from "./types";
export { AdapterError, NO_REPORT_MESSAGE } from "./errors";
export { insertTemplate, writeReport, type WriteReportOptions } from "./insert";
export { validateWorkbook, clearMarks } from "./validate";
export { applyFix, selectCells, explainWarning } from "./fix";
export { exportFindings, findingRows } from "./export";
export {
  registerExcelActions,
  defaultInsertOptions,
  allPass,
  passMessage,
  type ExcelActionsUi,
} from "./actions";
export { COMMENT_MARKER, FLAG_LOOK } from "./style";
export { settingKey, tableName } from "./store";
