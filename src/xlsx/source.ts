import type { Workbook, Worksheet } from "exceljs";

/**
 * What the .xlsx reader (read.ts) needs of a workbook, and nothing more: sheet names and states in tab order, cell
 * values, merged ranges, defined names, the active tab and the core `subject`. Two implementations: over exceljs's
 * loaded Workbook (`excelSource`), and the light reader straight from the package (light.ts), which gives the same
 * answers for the files it accepts.
 *
 * Cell values are given as exceljs gives them (number, string, boolean, Date, `{richText}`, `{error}`,
 * `{formula|sharedFormula, result}`), so the reader normalises both the same way. Rows and columns are 1-based.
 */
export interface SheetSource {
  readonly name: string;
  /** "visible", "hidden", "veryHidden" or undefined, as workbook.xml says. */
  readonly state?: string;
  /**
   * Every cell holding a value, row by row and left to right, except the cells a merged range covers besides its
   * top-left one.
   */
  eachValue(fn: (row: number, col: number, value: unknown) => void): void;
  /** A cell's value (a merged range's value for each of its cells), null or undefined when empty. */
  value(row: number, col: number): unknown;
  /** Rows and columns of the merged range whose top-left cell this is; undefined for any other cell. */
  mergeSpan(row: number, col: number): { rows: number; cols: number } | undefined;
}

export interface WorkbookSource {
  /** Worksheets in tab order (chart sheets are not worksheets). */
  readonly sheets: readonly SheetSource[];
  /** The first window's active tab, as an index into `sheets`. */
  readonly activeTab?: number;
  /** The core property `subject` (write.ts stores the report's meta there). */
  readonly subject?: string;
  /** The ranges a defined name covers (`'Sheet'!$A$5:$F$18`), the first one first; may throw on a broken name. */
  nameRanges(name: string): string[];
}

/** exceljs's loaded workbook seen through the reader's interface. */
export function excelSource(wb: Workbook): WorkbookSource {
  return {
    sheets: wb.worksheets.map(sheetOf),
    activeTab: wb.views?.[0]?.activeTab,
    subject: wb.subject,
    nameRanges: (name) => wb.definedNames.getRanges(name).ranges,
  };
}

function sheetOf(ws: Worksheet): SheetSource {
  return {
    name: ws.name,
    state: ws.state,
    eachValue(fn) {
      ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
          if (cell.isMerged && cell.master.address !== cell.address) return;
          fn(rowNumber, colNumber, cell.value);
        });
      });
    },
    value(row, col) {
      return ws.findCell(row, col)?.value ?? null;
    },
    mergeSpan(row, col) {
      const master = ws.findCell(row, col);
      if (!master?.isMerged || master.master !== master) return undefined;
      const isPart = (r: number, c: number) => {
        const cell = ws.findCell(r, c);
        return !!cell?.isMerged && cell.master.address === master.address;
      };
      let rows = 1;
      while (isPart(row + rows, col)) rows++;
      let cols = 1;
      while (isPart(row, col + cols)) cols++;
      return { rows, cols };
    },
  };
}
