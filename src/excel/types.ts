import type { Confrontation } from "../check";
import type { Finding } from "../findings";
import type { CellRef, FormatId, TableId } from "../format";
import type { CheckMode } from "../layout";
import type { AgencyLevel } from "../report";

/** `Excel.run` in production, the fake's `Excel.run` in tests. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface InsertOptions {
  format: FormatId;
  year: number;
  agency?: string;
  level?: AgencyLevel;
  /** Live check cells: custom functions (=NIANBAO.…), native formulas, or none. */
  checks: CheckMode;
}

/** What 插入模板 did: the sheet, and what this host could not do (missing features, in Chinese). */
export interface InsertResult {
  uid: string;
  sheetName: string;
  /** Features left out on this host (no data validation, no page setup …), with their Chinese messages. */
  problems: AdapterProblem[];
}

export type AdapterErrorCode =
  | "NoReport" // the workbook holds no report sheet
  | "Protected" // a report sheet is protected: nothing can be marked or written there
  | "NotFound" // a report, a table or a cell the caller names is gone
  | "Conflict" // the write would overwrite something it should not (a cell changed since it was read, a taken name)
  | "Unreadable" // a table is there but no longer has the template's shape
  | "Unsupported" // the Excel host lacks a requirement set the operation needs
  | "TooLong" // text too long to keep in the workbook (a batch on the web carries at most 5 MB)
  | "Excel"; // any other error Excel reported

/** A report sheet (or part of one) that could not be read or marked, with a Chinese message for the clerk. */
export interface AdapterProblem {
  code: AdapterErrorCode;
  message: string;
  uid?: string;
  sheetName?: string;
  table?: TableId;
}

/** One report sheet, read and confronted with the rules. */
export interface SheetResult {
  uid: string;
  sheetName: string;
  format: FormatId;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  result: Confrontation;
  /** The clerk's text of the report (年报正文) kept with the sheet, for the export. */
  text?: string;
  /** The sheet-qualified address of a report cell, e.g. "'2025年报'!D24"; the sheet name alone when its table was not found. */
  address(ref: CellRef): string;
  /**
   * The cells a finding is about, for the pane to select: the cells its best fix changes (the likely culprits), else
   * every cell it names (suspects.ts).
   */
  suspects(finding: Finding): CellRef[];
  /** Cells of this sheet marked by this validation (0 when the sheet is protected). */
  flagged: number;
  /** The sheet is protected: results are given but nothing was marked. */
  protected: boolean;
  /** Tables found (by their workbook names) and read. */
  tables: TableId[];
}

export interface WorkbookValidation {
  sheets: SheetResult[];
  /** Sheets or tables that could not be read or marked, with Chinese messages. */
  problems: AdapterProblem[];
  /**
   * What the clerk should know about how the marks were made on this host (no comments below ExcelApi 1.10, comments
   * Excel refused), in Chinese. Not problems: the validation itself is complete.
   */
  notices: string[];
  /** Cells marked in the workbook by this validation. */
  flagged: number;
}
