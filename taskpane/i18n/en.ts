import type { Strings } from "./zh";

/** The task pane's words in English (Office display language en-*). Official table labels stay Chinese. */
export const en: Strings = {
  lang: "en",
  appTitle: "Annual Report Assistant (政务公开年报助手)",
  appHint:
    "Checks that the figures in the statutory government information disclosure annual report tables add up.",

  connecting: "Connecting to Excel…",
  connected: "Connected to Excel. Use the buttons below or the “政务公开年报” ribbon tab.",
  noOffice: "Office.js could not be loaded: open this add-in in Excel through its manifest.xml.",
  notExcel: "Not running in Excel: load this add-in in Excel through its manifest.xml.",
  working: (what: string) => `${what}…`,
  failed: (what: string, detail: string) => `“${what}” did not complete: ${detail}`,

  templateSection: "Template",
  format: "Format",
  formatName: (id: string) => (id === "2021" ? "2021 format" : "2019 format (trial)"),
  formatSource: (id: string) =>
    id === "2021"
      ? "国办公开办函〔2021〕30号, for reports on 2021 and later."
      : "国办公开办函〔2019〕60号, for reports on 2019 and 2020.",
  formatAdvice: (year: number, expected: string) =>
    `A ${year} report should use the ${expected} format.`,
  year: "Year",
  yearInvalid: "Enter a year from 2019 on.",
  agency: "Agency",
  agencyPlaceholder: "e.g. 某县交通运输局",
  level: "Agency level",
  levelNone: "Not specified",
  checkMode: "Check cells beside the tables",
  checkFunctions: "Check as you type (needs this add-in)",
  checkFormulas: "Plain formulas (work for colleagues without the add-in)",
  insert: "Insert template",
  inserted: (sheet: string) =>
    `Template inserted: sheet “${sheet}”. Fill in the yellow cells, then press “Check”.`,

  validateSection: "Check",
  validate: "Check",
  clearMarks: "Clear marks",
  exportFindings: "Export results",
  cleared: (n: number) =>
    n ? `Cleared ${n} marks and restored the formatting.` : "There were no marks to clear.",
  exported: (sheet: string) => `Results exported to sheet “${sheet}”.`,
  notValidated: "Not checked yet. Fill in the figures, then press “Check”.",
  summary: (errors: number, warnings: number, explained: number, sheets: number) =>
    `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${explained ? ` (${explained} explained)` : ""}, ${sheets} sheet${sheets === 1 ? "" : "s"} checked.`,
  allPass: (sheets: number) => `All clear: no errors in ${sheets} sheet${sheets === 1 ? "" : "s"}.`,
  flagged: (n: number) => (n ? ` ${n} cell${n === 1 ? "" : "s"} marked in the tables.` : ""),
  noSheets: "No report tables in this workbook. Insert a template or import a report first.",
  sheetMeta: (format: string, year?: number, agency?: string) =>
    [year ? String(year) : "", agency ?? "", `${format} format`].filter(Boolean).join(" · "),
  table: (id: string) => `Table ${id}`,
  otherFindings: "Other",
  noFindings: "No problems found.",
  error: "Error",
  warning: "Warning",
  explainedBadge: "Explained",
  imbalance: (n: number) => `Off by ${n > 0 ? "+" : "−"}${fmt(Math.abs(n))}`,
  cells: (list: string) => `Cells ${list}`,
  selectHint: "Click or press Enter to select the cells in the sheet",
  fixHeading: "Suggestion",
  certainty: (certainty: string, alternatives: number) =>
    certainty === "unique"
      ? "The fix"
      : certainty === "recomputed"
        ? "Totals recomputed from their parts"
        : certainty === "partial"
          ? "No change makes every rule hold; this part is certain — apply it, then check again"
          : `One of ${alternatives} equally small fixes (check the records)`,
  alternatives: "Other equally small fixes",
  change: (cell: string, from: string, to: string) => `${cell}: ${from} → ${to}`,
  apply: "Apply",
  applied: "Change applied and checked again.",
  sameFixAbove: "The same fix is shown above.",
  explain: "Explain",
  explainLabel: "Explanation (why this warning is not an error)",
  saveExplanation: "Save explanation",
  explanationSaved: "Explanation saved in the workbook; this warning no longer counts.",
  explanationEmpty: "Write an explanation first.",
  explainedAs: (text: string) => `Explanation: ${text}`,
  editExplanation: "Edit explanation",
  withdrawExplanation: "Withdraw explanation",
  explanationWithdrawn: "Explanation withdrawn; the warning counts again.",
  ruleCode: (code: string) => `rule code ${code}`,
  unfilled: (tables: string) => `${tables} not filled in yet.`,
  notFilled: (sheets: number) =>
    sheets === 1
      ? "The tables are not filled in yet. Type the numbers, then Check."
      : `None of the ${sheets} sheets is filled in yet.`,
  problems: "Note",

  mapTitle: (table: string) => `Map of Table ${table}`,
  mapLegendOk: "OK",
  mapLegendError: "Error",
  mapLegendWarning: "Warning",
  mapLegendFix: "Suggested change",
  mapLegendSuspect: "Possibly wrong",
  mapCell: (row: string, column: string, value: string, state: string) =>
    `${row} · ${column}: ${value}${state ? `, ${state}` : ""}`,
  mapStateError: "error",
  mapStateWarning: "warning",
  mapStateFix: (to: string) => `suggested ${to}`,
  mapStateSuspect: "possibly wrong",
  blank: "blank",

  importSection: "Import",
  importPasteLabel: "Paste a report (text, web page HTML or JSON)",
  importPaste: "Import pasted text",
  importOpen: "Open file…",
  importFileHint: (types: string) =>
    `Accepts ${types}. The report is written to a new sheet and checked.`,
  importPasted: "pasted text",
  importEmpty: "Paste a report first.",
  imported: (name: string, sheet: string) => `Imported “${name}” as sheet “${sheet}”.`,
  importFailed: (name: string, error: string) => `Could not import “${name}”: ${error}`,
  importUnknown: "Unrecognised content (report text, web page HTML and JSON are supported)",

  adapterError: (code: string, message: string) =>
    ADAPTER_ERRORS[code] ? `${ADAPTER_ERRORS[code]} (${message})` : message,
};

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** The Excel adapter speaks Chinese; its error codes say the same in English (its message follows, for details). */
const ADAPTER_ERRORS: Record<string, string> = {
  NoReport: "No report tables in this workbook. Insert a template or import a report first.",
  Protected:
    "The sheet is protected or the workbook is read-only. Unprotect it first (Review › Unprotect Sheet).",
  NotFound: "A report table or sheet is gone (deleted?). Check again.",
  Conflict: "Something changed meanwhile (a name is taken or a cell changed). Try again.",
  Unreadable: "A table no longer has the template's shape.",
  Unsupported: "This version of Excel lacks a feature this needs. Update Excel.",
  Excel: "Excel reported an error.",
};
