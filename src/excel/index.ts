/**
 * The Excel adapter: the only code that calls the Excel JavaScript API (Excel.run, context.sync). Every function takes
 * the batch runner (`Excel.run` in the add-in, the fake's in tests); the rules, messages and fixes are the engine's.
 *
 * Requirement sets (capabilities.ts, checked before use): ExcelApi 1.7 for everything (Worksheet.getRangeByIndexes;
 * names and settings 1.4); 1.8 for the template's data validation; 1.9 for page setup and for reading and setting
 * formats in bulk (below it, cell by cell); 1.10 for the comments on marked cells (without it, the fill only); 1.18
 * only to learn where notes are. The host-profile tests (test/excel/hosts.test.ts) run every path under Office 2019,
 * 2021, 2024, Microsoft 365 and the web.
 */
export type {
  ExcelRun,
  InsertOptions,
  SheetResult,
  WorkbookValidation,
  AdapterProblem,
  AdapterErrorCode,
  InsertResult,
} from "./types";
export { AdapterError, NO_REPORT_MESSAGE } from "./errors";
export { insertTemplate, writeReport, type WriteReportOptions } from "./insert";
export { validateWorkbook, clearMarks } from "./validate";
export { applyFix, selectCells, explainWarning } from "./fix";
export { exportFindings, findingRows } from "./export";
export {
  excelActions,
  defaultInsertOptions,
  allPass,
  passMessage,
  type ExcelActions,
  type ExcelActionsUi,
} from "./actions";
export { COMMENT_MARKER, FLAG_LOOK } from "./style";
export { suspectCells, suspectsOf, type Suspects } from "./suspects";
export {
  hostCapabilities,
  currentHost,
  missingMessage,
  FEATURES,
  type Feature,
  type FeatureInfo,
  type HostCapabilities,
  type IsSetSupported,
  type MissingFeature,
} from "./capabilities";
export { settingKey, tableName } from "./store";
