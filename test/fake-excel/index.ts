/**
 * fake-excel — an in-memory fake of the Excel JavaScript API for tests.
 *
 * Plain TypeScript with no Node imports, so it can also be bundled into a
 * browser sandbox page.
 *
 *   const fake = createFakeExcel({ sheets: ["2025年报"] });
 *   fake.setValues("2025年报", "A1", [["项目", "数量"], ["收到申请", 12]]);
 *   await fake.Excel.run(async (context) => {
 *     const r = context.workbook.worksheets.getItem("2025年报").getRange("B2");
 *     r.load("values");
 *     await context.sync();
 *     r.format.fill.color = "#FFFF00";       // queued, applied at the next sync
 *   });                                       // Excel.run flushes pending writes
 *   fake.cell("'2025年报'!B2").fill           // "#FFFF00"
 *   fake.syncCount()                          // 2 (explicit sync + the final flush)
 *
 * FAITHFUL (modelled on the office.js request/response protocol and the
 * learn.microsoft.com reference):
 *  - Proxies and batching: property writes and method calls are queued and run
 *    in order at context.sync(). Errors are raised at the sync, not at the call
 *    (ItemNotFound, AccessDenied, InvalidArgument, ItemAlreadyExists ...), as
 *    RichApi.Error-shaped objects with code/message/debugInfo.errorLocation.
 *    Actions before the failing one stay applied, later ones are dropped.
 *  - Reads: reading a property that was not load()ed, or was load()ed but not
 *    synced yet, throws PropertyNotLoaded (the exact office.js message).
 *    Loaded values are snapshots taken when the load runs within the batch.
 *    A value you set on a proxy reads back immediately. load() accepts "a,b",
 *    ["a","b"], "format/font/bold", {select, expand}, option objects, none (all
 *    scalar properties); collections accept "items/name", "name", "items".
 *    ClientResult.value throws ValueNotLoaded before the sync.
 *  - Object paths resolve on first use within a batch and then stay bound
 *    (a renamed sheet keeps working; a deleted one raises ItemNotFound).
 *    *OrNullObject results expose isNullObject after the next sync (no load
 *    needed); writes/method calls on null objects are ignored.
 *  - sync() is really asynchronous: nothing is applied before the promise
 *    settles, so a missing `await` is caught. Excel.run() rejects with
 *    RunMustReturnPromise when the batch does not return a promise, and flushes
 *    pending actions with one last sync when the batch resolves (that flush is
 *    counted by syncCount(), it is a real round trip in Excel too).
 *  - Values: 2-D arrays must match the range size (InvalidArgument otherwise);
 *    a scalar fills the range; null entries leave cells untouched; "" clears;
 *    strings starting with "=" become formulas; numeric / percent / thousands /
 *    TRUE / error-literal strings are converted as Excel does; "'" forces text;
 *    cells formatted "@" keep strings verbatim. A scalar formula written to a
 *    multi-cell range fills with relative references shifted.
 *  - Formats read per range: when cells differ the property reads null (fill,
 *    font, alignment, wrapText, locked, columnWidth, rowHeight, border props).
 *    "No fill" reads "#FFFFFF". Colours are normalized to "#RRGGBB".
 *  - Insert/delete rows/columns/cells shift values, formulas' references
 *    (in every sheet), defined names, merges, formats, row heights, column
 *    widths, notes/comments and validation; inserted cells take the format of
 *    the row above / column to the left; deleted references become #REF!.
 *    Renaming a sheet rewrites references to it; deleting one turns them into #REF!.
 *  - Protection: on a protected sheet, writing values/formulas to locked cells,
 *    formatting without allowFormatCells, inserting/deleting rows without the
 *    allow* option, merging, data validation, comment/note edits (without
 *    allowEditObjects) and changing `locked` fail with AccessDenied.
 *  - Comments (threaded) and notes are per cell, one per cell, single-cell
 *    addresses only (InvalidArgument otherwise); workbook-level collections need
 *    sheet-qualified addresses.
 *  - Range.getCellProperties / setCellProperties (ExcelApi 1.9): per-cell fill,
 *    font, alignment, wrap, indent, protection and borders as 2-D arrays of plain
 *    objects; only requested properties are returned; "{}" changes nothing;
 *    fill.pattern "None" removes a fill (see cellprops.ts).
 *  - Worksheet.pageLayout (ExcelApi 1.9): orientation, paperSize, margins (points),
 *    centering, zoom (set as a whole object: a scale or pages wide/tall),
 *    setPrintArea/getPrintArea(OrNullObject), setPrintMargins(unit, …),
 *    setPrintTitleRows. The print area is stored as rectangles and does not move
 *    with inserted rows (Excel keeps it in a defined name that would).
 *
 * SIMPLIFIED / NOT MODELLED:
 *  - Formula evaluation covers + - * / ^ & % comparisons, refs, ranges, names
 *    and SUM AVERAGE MIN MAX COUNT COUNTA ABS ROUND IF IFERROR AND OR NOT
 *    ISBLANK ISNUMBER ISERROR LEN CONCATENATE. Other functions or syntax
 *    (structured refs, arrays, R1C1, spills) evaluate to the cell's cached value
 *    (fake.setCell(addr, {formula, value})) or "#NAME?". Evaluation is lazy on read.
 *  - Number formats render General, 0, 0.00, #,##0, percentages, literals and
 *    sections into `text`; dates/fractions/scientific render as General. Date
 *    strings written to values stay text.
 *  - Borders are stored per cell edge; setting EdgeBottom of A1 does not
 *    change A2's EdgeTop (Excel shares the visual edge).
 *  - Range proxies are bound by address after first use: they do not follow
 *    later row insertions as Excel's tracked ranges would.
 *  - Merging requires no partial overlap; values outside the top-left cell of a
 *    merge are discarded; writes to hidden merged cells are ignored.
 *  - Error codes not documented precisely were chosen by best knowledge:
 *    duplicate sheet/name → ItemAlreadyExists; protect() on a protected sheet →
 *    AccessDenied; comment/note on an occupied cell → InvalidOperation;
 *    getOnlyItem with many items → InvalidOperation. The protected-cell message
 *    is Excel's UI sentence.
 *  - Using a context after its Excel.run finished throws InvalidRequestContext
 *    at the call (real Excel would silently drop the queued action).
 *  - Not provided: tables, charts, conditional formats, events, pivot tables,
 *    undo, hidden rows/columns, CommentCollection.getItemByCellOrNullObject
 *    (it does not exist in the real API either).
 */
import {
  cellCount,
  fullAddress,
  indexToCol,
  lastCol,
  lastRow,
  localAddress,
  parseAddress,
} from "./address";
import { ErrorCodes, FakeOfficeError, OfficeExtensionErrorCodes, officeError } from "./errors";
import { isError } from "./formula";
import {
  Book,
  BookOptions,
  Border,
  DEFAULT_VALIDATION,
  PageLayoutState,
  ProtectionOptions,
  SheetState,
  Side,
  Style,
  ValidationData,
  normalizeColor,
  toApiValue,
} from "./model";
import { officeFor, type HostProfile } from "./host-profile";
import { WorkbookProxy } from "./objects";
import { ClientObject, ClientResult, Engine, RequestContext, WriteRecord } from "./proxy";

export { FakeOfficeError, ErrorCodes } from "./errors";
// The host profiles themselves (HOSTS, with the requirement-set table) are in ./host, kept out of this entry so the
// sandbox bundle does not carry the table.
export { isSetSupported, blankArgument, type HostProfile } from "./host-profile";
export { RequestContext, ClientResult } from "./proxy";
export {
  parseAddress,
  fullAddress,
  localAddress,
  quoteSheet,
  colToIndex,
  indexToCol,
} from "./address";
export type { Rect, ParsedAddress } from "./address";
export type { WriteRecord } from "./proxy";
export type {
  Book,
  Style,
  Border,
  Side,
  ValidationData,
  ProtectionOptions,
  PageLayoutState,
} from "./model";

// ---------------------------------------------------------------- enums

function enumOf<T extends string>(values: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const v of values) out[v.charAt(0).toLowerCase() + v.slice(1)] = v;
  return Object.freeze(out);
}

export const ExcelEnums = {
  ErrorCodes,
  SheetVisibility: enumOf(["Visible", "Hidden", "VeryHidden"] as const),
  DataValidationType: enumOf([
    "None",
    "WholeNumber",
    "Decimal",
    "List",
    "Date",
    "Time",
    "TextLength",
    "Custom",
    "Inconsistent",
    "MixedCriteria",
  ] as const),
  DataValidationOperator: enumOf([
    "Between",
    "NotBetween",
    "EqualTo",
    "NotEqualTo",
    "GreaterThan",
    "LessThan",
    "GreaterThanOrEqualTo",
    "LessThanOrEqualTo",
  ] as const),
  DataValidationAlertStyle: enumOf(["Stop", "Warning", "Information"] as const),
  BorderIndex: enumOf([
    "EdgeTop",
    "EdgeBottom",
    "EdgeLeft",
    "EdgeRight",
    "InsideVertical",
    "InsideHorizontal",
    "DiagonalDown",
    "DiagonalUp",
  ] as const),
  BorderLineStyle: enumOf([
    "None",
    "Continuous",
    "Dash",
    "DashDot",
    "DashDotDot",
    "Dot",
    "Double",
    "SlantDashDot",
  ] as const),
  BorderWeight: enumOf(["Hairline", "Thin", "Medium", "Thick"] as const),
  HorizontalAlignment: enumOf([
    "General",
    "Left",
    "Center",
    "Right",
    "Fill",
    "Justify",
    "CenterAcrossSelection",
    "Distributed",
  ] as const),
  VerticalAlignment: enumOf(["Top", "Center", "Bottom", "Justify", "Distributed"] as const),
  ClearApplyTo: enumOf([
    "All",
    "Formats",
    "Contents",
    "Hyperlinks",
    "RemoveHyperlinks",
    "ResetContents",
  ] as const),
  InsertShiftDirection: enumOf(["Down", "Right"] as const),
  DeleteShiftDirection: enumOf(["Up", "Left"] as const),
  RangeValueType: enumOf([
    "Unknown",
    "Empty",
    "String",
    "Integer",
    "Double",
    "Boolean",
    "Error",
    "RichValue",
  ] as const),
  NamedItemType: enumOf([
    "String",
    "Integer",
    "Double",
    "Boolean",
    "Range",
    "Error",
    "Array",
  ] as const),
  NamedItemScope: enumOf(["Worksheet", "Workbook"] as const),
  RangeUnderlineStyle: enumOf([
    "None",
    "Single",
    "Double",
    "SingleAccountant",
    "DoubleAccountant",
  ] as const),
  CalculationType: enumOf(["Recalculate", "Full", "FullRebuild"] as const),
  CalculationMode: enumOf(["Automatic", "AutomaticExceptTables", "Manual"] as const),
  ContentType: enumOf(["Plain", "Mention"] as const),
};

// ---------------------------------------------------------------- public types

export type Batch<T> = (context: Excel.RequestContext) => Promise<T>;

export type FakeExcelNamespace = typeof ExcelEnums & {
  run<T>(batch: Batch<T>): Promise<T>;
  run<T>(object: unknown, batch: Batch<T>): Promise<T>;
  RequestContext: typeof RequestContext;
};

export interface FakeOfficeExtensionNamespace {
  Error: typeof FakeOfficeError;
  ErrorCodes: typeof OfficeExtensionErrorCodes;
  ClientResult: typeof ClientResult;
  ClientObject: typeof ClientObject;
}

export interface FakeExcelOptions extends BookOptions {
  /**
   * The host the fake stands for (host.ts HOSTS): calls above its requirement sets fail the sync with ApiNotFound,
   * and `Office.context.requirements.isSetSupported` answers for it. Without one, the fake has every API.
   */
  host?: HostProfile;
}

export interface CellInfo {
  /** Sheet-qualified address, e.g. "Sheet1!B3". */
  address: string;
  /** As Range.values reports it: "" when empty, "#REF!" for errors. */
  value: number | string | boolean;
  formula: string | null;
  text: string;
  valueType: "Empty" | "Double" | "String" | "Boolean" | "Error";
  numberFormat: string;
  /** "#RRGGBB", or null when the cell has no fill. */
  fill: string | null;
  font: {
    name: string;
    size: number;
    color: string;
    bold: boolean;
    italic: boolean;
    underline: string;
    strikethrough: boolean;
  };
  horizontalAlignment: string;
  verticalAlignment: string;
  wrapText: boolean;
  indentLevel: number;
  borders: Partial<Record<Side, Border>>;
  locked: boolean;
  /** Local address of the merged area containing the cell, or null. */
  merge: string | null;
  comment: { id: string; content: string; author: string; resolved: boolean } | null;
  note: { content: string; author: string } | null;
  validation: ValidationData | null;
}

/** What fake.setCell accepts besides a bare value. */
export interface CellSpec {
  value?: unknown;
  /** A formula; with `value` too, `value` is the cached result used when the formula cannot be evaluated. */
  formula?: string;
  numberFormat?: string;
  fill?: string | null;
  font?: Partial<CellInfo["font"]>;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  locked?: boolean;
  borders?: Partial<Record<Side, Partial<Border> | null>>;
  comment?: string;
  note?: string;
  validation?: Partial<ValidationData>;
}

export interface SheetSnapshot {
  name: string;
  visibility: string;
  protected: boolean;
  merges: string[];
  columnWidths: Record<string, number>;
  rowHeights: Record<string, number>;
  cells: Record<
    string,
    {
      value?: unknown;
      formula?: string;
      style?: Partial<Style>;
      validation?: ValidationData;
      comment?: string;
      note?: string;
    }
  >;
}

export interface FakeExcel {
  /** Use like the global `Excel` (or install() it as the global). */
  Excel: FakeExcelNamespace;
  OfficeExtension: FakeOfficeExtensionNamespace;
  /** The raw in-memory model (escape hatch; prefer the helpers below). */
  workbook: Book;
  /** context.sync() round trips so far, including Excel.run's final flush. */
  syncCount(): number;
  resetSyncCount(): void;
  /** Excel.run invocations so far. */
  runCount(): number;
  /** Every write/method action applied through the API, in order. */
  writes(): WriteRecord[];
  clearWrites(): void;
  /** Make the next sync reject with this error (nothing of that batch is applied). */
  failNextSync(code?: string, message?: string): void;
  /** The host profile (undefined: every API). */
  host: HostProfile | undefined;
  /** The `Office` global of that host (requirements.isSetSupported), or undefined without a profile. */
  Office: ReturnType<typeof officeFor> | undefined;
  /** Install as globalThis.Excel / globalThis.OfficeExtension (and Office, with a host); returns an uninstall function. */
  install(target?: Record<string, unknown>): () => void;

  // ---- inspection & preparation (no load/sync, not counted)
  sheetNames(): string[];
  addSheet(name: string): void;
  activeSheet(): string;
  cell(address: string): CellInfo;
  values(address: string): (number | string | boolean)[][];
  formulas(address: string): (number | string | boolean)[][];
  setCell(address: string, spec: CellSpec | number | string | boolean | null): void;
  setValues(sheet: string, topLeft: string, values: unknown[][]): void;
  merge(address: string): void;
  merges(sheet: string): string[];
  addName(name: string, reference: string, opts?: { scope?: string; comment?: string }): void;
  names(): Array<{
    name: string;
    scope: string;
    formula: string;
    type: string;
    value: unknown;
    comment: string;
    visible: boolean;
  }>;
  selection(): { sheet: string; address: string };
  select(address: string): void;
  protect(sheet: string, options?: Partial<ProtectionOptions>, password?: string): void;
  unprotect(sheet: string): void;
  isProtected(sheet: string): boolean;
  comments(): Array<{ address: string; content: string; author: string; resolved: boolean }>;
  notes(): Array<{ address: string; content: string; author: string }>;
  settings(): Record<string, unknown>;
  customXmlParts(): Array<{ id: string; namespaceUri: string; xml: string }>;
  columnWidth(sheet: string, column: string): number;
  rowHeight(sheet: string, row: number): number;
  snapshot(sheet: string): SheetSnapshot;
  /** The sheet's print settings (Worksheet.pageLayout), print area as local addresses. */
  pageLayout(sheet: string): Omit<
    PageLayoutState,
    "printArea" | "printTitleRows" | "printTitleColumns"
  > & {
    printArea: string[] | null;
    printTitleRows: string | null;
  };
}

// ---------------------------------------------------------------- factory

export function createFakeExcel(options: FakeExcelOptions = {}): FakeExcel {
  const book = new Book(options);
  const engine: Engine = {
    book,
    syncs: 0,
    writes: [],
    pendingFailure: null,
    ...(options.host ? { profile: options.host } : {}),
  };
  const office = options.host ? officeFor(options.host) : undefined;
  let runs = 0;
  const depth = new WeakMap<RequestContext, number>();
  const makeWorkbook = (ctx: RequestContext) => new WorkbookProxy(ctx, () => book);

  async function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1] as (ctx: RequestContext) => unknown;
    if (typeof batch !== "function") throw officeError("InvalidArgument", undefined, "Excel.run");
    const first = args.length > 1 ? args[0] : undefined;
    let ctx: RequestContext;
    if (first instanceof RequestContext) ctx = first;
    else if (first instanceof ClientObject) ctx = first.context;
    else if (Array.isArray(first) && first[0] instanceof ClientObject)
      ctx = (first[0] as ClientObject<unknown>).context;
    else ctx = new RequestContext(engine, makeWorkbook);
    runs++;
    ctx._closed = false;
    depth.set(ctx, (depth.get(ctx) ?? 0) + 1);
    try {
      const result = batch(ctx) as Promise<T> | undefined;
      if (!result || typeof (result as Promise<T>).then !== "function") {
        ctx._queue = [];
        throw officeError("RunMustReturnPromise", undefined, "Excel.run");
      }
      const value = await result;
      if (ctx._queue.length) await ctx.sync();
      return value;
    } catch (e) {
      ctx._queue = [];
      throw e;
    } finally {
      const d = (depth.get(ctx) ?? 1) - 1;
      depth.set(ctx, d);
      if (d === 0) ctx._closed = true;
    }
  }

  const Excel: FakeExcelNamespace = {
    ...ExcelEnums,
    run: run as FakeExcelNamespace["run"],
    RequestContext,
    ErrorCodes,
  };
  const OfficeExtension: FakeOfficeExtensionNamespace = {
    Error: FakeOfficeError,
    ErrorCodes: OfficeExtensionErrorCodes,
    ClientResult,
    ClientObject,
  };

  // -- helpers for the inspection API
  const sheetOf = (name: string): SheetState => {
    const s = book.sheet(name);
    if (!s) throw new Error(`fake-excel: no sheet named ${JSON.stringify(name)}`);
    return s;
  };
  const at = (address: string) => book.resolveAddress(address, book.activeSheet, "fake");
  /** Run a preparation step as the workbook owner: protection does not apply. */
  const asOwner = <T>(sheet: SheetState, fn: () => T): T => {
    const saved = sheet.protection;
    sheet.protection = { ...saved, protected: false };
    try {
      return fn();
    } finally {
      sheet.protection = saved;
    }
  };

  const cellInfo = (address: string): CellInfo => {
    const { sheet, rect } = at(address);
    const r = rect.row,
      c = rect.col;
    const cell = book.cell(sheet, r, c);
    const s = book.effectiveStyle(sheet, r, c);
    const v = book.reading(() => book.value(sheet, r, c));
    const merge = book.mergeAt(sheet, r, c);
    return {
      address: fullAddress(sheet.name, { row: r, col: c, rows: 1, cols: 1 }),
      value: toApiValue(v),
      formula: cell?.formula ?? null,
      text: book.reading(() => book.textOf(sheet, r, c)),
      valueType:
        v === null
          ? "Empty"
          : typeof v === "number"
            ? "Double"
            : typeof v === "boolean"
              ? "Boolean"
              : isError(v)
                ? "Error"
                : "String",
      numberFormat: s.numberFormat,
      fill: s.fill,
      font: {
        name: s.fontName,
        size: s.fontSize,
        color: s.fontColor,
        bold: s.bold,
        italic: s.italic,
        underline: s.underline,
        strikethrough: s.strikethrough,
      },
      horizontalAlignment: s.horizontalAlignment,
      verticalAlignment: s.verticalAlignment,
      wrapText: s.wrapText,
      indentLevel: s.indentLevel,
      borders: JSON.parse(JSON.stringify(s.borders)),
      locked: s.locked,
      merge: merge ? localAddress(merge) : null,
      comment: cell?.comment
        ? {
            id: cell.comment.id,
            content: cell.comment.content,
            author: cell.comment.authorName,
            resolved: cell.comment.resolved,
          }
        : null,
      note: cell?.note ? { content: cell.note.content, author: cell.note.authorName } : null,
      validation: cell?.validation ? JSON.parse(JSON.stringify(cell.validation)) : null,
    };
  };

  const setCell = (address: string, input: CellSpec | number | string | boolean | null) => {
    const { sheet, rect } = at(address);
    const spec: CellSpec =
      input === null || typeof input !== "object" ? { value: input ?? "" } : input;
    asOwner(sheet, () => {
      const loc = "fake.setCell";
      if (spec.numberFormat !== undefined)
        book.writeNumberFormat(sheet, rect, spec.numberFormat, loc);
      if (spec.formula !== undefined) {
        book.writeFormulas(sheet, rect, spec.formula, loc);
        if (spec.value !== undefined)
          for (let r = rect.row; r <= lastRow(rect); r++)
            for (let c = rect.col; c <= lastCol(rect); c++) {
              const cell = book.ensureCell(sheet, r, c);
              cell.value =
                typeof spec.value === "string" && /^#/.test(spec.value)
                  ? { error: spec.value }
                  : (spec.value as never);
            }
      } else if (spec.value !== undefined) book.writeValues(sheet, rect, spec.value, loc);
      const patch: Partial<Style> = {};
      if (spec.fill !== undefined)
        patch.fill = spec.fill === null ? null : normalizeColor(spec.fill, loc);
      if (spec.font) {
        const f = spec.font;
        if (f.name !== undefined) patch.fontName = f.name;
        if (f.size !== undefined) patch.fontSize = f.size;
        if (f.color !== undefined) patch.fontColor = normalizeColor(f.color, loc);
        if (f.bold !== undefined) patch.bold = f.bold;
        if (f.italic !== undefined) patch.italic = f.italic;
        if (f.underline !== undefined) patch.underline = f.underline;
        if (f.strikethrough !== undefined) patch.strikethrough = f.strikethrough;
      }
      for (const k of ["horizontalAlignment", "verticalAlignment", "wrapText", "locked"] as const)
        if (spec[k] !== undefined) (patch as Record<string, unknown>)[k] = spec[k];
      if (Object.keys(patch).length)
        book.patchStyle(sheet, rect, (s) => ({ ...s, ...patch }), loc, true);
      if (spec.borders)
        book.patchStyle(
          sheet,
          rect,
          (s) => {
            const borders = { ...s.borders };
            for (const [side, b] of Object.entries(spec.borders!) as Array<
              [Side, Partial<Border> | null]
            >) {
              if (b === null || b.style === "None") delete borders[side];
              else
                borders[side] = {
                  style: "Continuous",
                  color: "#000000",
                  weight: "Thin",
                  ...b,
                  ...(b.color ? { color: normalizeColor(b.color, loc) } : {}),
                };
            }
            return { ...s, borders };
          },
          loc,
          true
        );
      if (spec.validation) {
        const v = { ...DEFAULT_VALIDATION, ...spec.validation };
        const normalized: ValidationData = {
          ...v,
          rule: v.rule ? book.normalizeRule(v.rule, loc) : null,
        };
        book.patchValidation(sheet, rect, () => normalized, loc);
      }
      if (spec.comment !== undefined) book.addComment(sheet, rect, spec.comment, "Plain", loc);
      if (spec.note !== undefined) book.addNote(sheet, rect, spec.note, loc);
    });
  };

  const snapshot = (name: string): SheetSnapshot => {
    const sheet = sheetOf(name);
    const cells: SheetSnapshot["cells"] = {};
    const entries = [...sheet.cells.entries()].sort((a, b) => a[0] - b[0]);
    const def = book.defaultStyle as unknown as Record<string, unknown>;
    for (const [k, cell] of entries) {
      const r = Math.floor(k / 16384),
        c = k % 16384;
      const entry: SheetSnapshot["cells"][string] = {};
      if (cell.formula !== null) entry.formula = cell.formula;
      if (cell.value !== null) entry.value = toApiValue(cell.value);
      const style: Record<string, unknown> = {};
      for (const [key, val] of Object.entries(cell.style))
        if (JSON.stringify(val) !== JSON.stringify(def[key]))
          style[key] = JSON.parse(JSON.stringify(val));
      if (Object.keys(style).length) entry.style = style as Partial<Style>;
      if (cell.validation) entry.validation = JSON.parse(JSON.stringify(cell.validation));
      if (cell.comment) entry.comment = cell.comment.content;
      if (cell.note) entry.note = cell.note.content;
      if (Object.keys(entry).length) cells[`${indexToCol(c)}${r + 1}`] = entry;
    }
    const sortedNum = <T>(m: Map<number, T>) => [...m.entries()].sort((a, b) => a[0] - b[0]);
    return {
      name: sheet.name,
      visibility: sheet.visibility,
      protected: sheet.protection.protected,
      merges: book
        .mergedAreas(sheet, { row: 0, col: 0, rows: 1048576, cols: 16384 })
        .map((m) => localAddress(m)),
      columnWidths: Object.fromEntries(
        sortedNum(sheet.colWidths)
          .filter(([, w]) => w !== book.columnWidth)
          .map(([c, w]) => [indexToCol(c), w])
      ),
      rowHeights: Object.fromEntries(
        sortedNum(sheet.rowHeights)
          .filter(([, h]) => h !== book.rowHeight)
          .map(([r, h]) => [String(r + 1), h])
      ),
      cells,
    };
  };

  return {
    Excel,
    OfficeExtension,
    workbook: book,
    syncCount: () => engine.syncs,
    resetSyncCount: () => void (engine.syncs = 0),
    runCount: () => runs,
    writes: () => engine.writes.map((w) => ({ ...w })),
    clearWrites: () => void (engine.writes = []),
    failNextSync: (code = "GeneralException", message?: string) =>
      void (engine.pendingFailure = officeError(code, message, "RequestContext.sync")),
    host: options.host,
    Office: office,
    install(target = globalThis as unknown as Record<string, unknown>) {
      const keys = office
        ? (["Excel", "OfficeExtension", "Office"] as const)
        : (["Excel", "OfficeExtension"] as const);
      const saved = keys.map((k) => ({ k, had: k in target, v: target[k] }));
      target.Excel = Excel;
      target.OfficeExtension = OfficeExtension;
      if (office) target.Office = office;
      return () => {
        for (const { k, had, v } of saved) {
          if (had) target[k] = v;
          else delete target[k];
        }
      };
    },

    sheetNames: () => book.sheets.map((s) => s.name),
    addSheet: (name) => void book.addSheet(name, "fake.addSheet"),
    activeSheet: () => book.activeSheet.name,
    cell: cellInfo,
    values: (address) => {
      const { sheet, rect } = at(address);
      return book.readValues(sheet, rect);
    },
    formulas: (address) => {
      const { sheet, rect } = at(address);
      return book.readFormulas(sheet, rect);
    },
    setCell,
    setValues(sheetName, topLeft, values) {
      const sheet = sheetOf(sheetName);
      const p = parseAddress(topLeft);
      if (!p || cellCount(p.rect) !== 1)
        throw new Error(`fake-excel: bad top-left cell ${topLeft}`);
      const cols = Math.max(0, ...values.map((r) => r.length));
      const grid = values.map((r) =>
        Array.from({ length: cols }, (_, j) => (r[j] === undefined ? null : r[j]))
      );
      if (!grid.length || !cols) return;
      asOwner(sheet, () =>
        book.writeValues(
          sheet,
          { row: p.rect.row, col: p.rect.col, rows: grid.length, cols },
          grid,
          "fake.setValues"
        )
      );
    },
    merge(address) {
      const { sheet, rect } = at(address);
      asOwner(sheet, () => book.merge(sheet, rect, false));
    },
    merges: (name) =>
      book
        .mergedAreas(sheetOf(name), { row: 0, col: 0, rows: 1048576, cols: 16384 })
        .map((m) => localAddress(m)),
    addName(name, reference, opts = {}) {
      const scope = opts.scope ? sheetOf(opts.scope) : null;
      book.addName(
        scope,
        name,
        book.nameFormula(reference, scope, "fake.addName"),
        opts.comment,
        "fake.addName"
      );
    },
    names: () =>
      book.allNames().map((n) => {
        const info = book.nameInfo(n);
        return {
          name: n.name,
          scope: n.scope ? n.scope.name : "Workbook",
          formula: n.formula,
          type: info.type,
          value: info.value,
          comment: n.comment,
          visible: n.visible,
        };
      }),
    selection: () => ({
      sheet: book.activeSheet.name,
      address: localAddress(book.activeSheet.selection),
    }),
    select(address) {
      const { sheet, rect } = at(address);
      book.select(sheet, rect, "fake.select");
    },
    protect: (name, opts, password) => book.protect(sheetOf(name), opts, password, "fake.protect"),
    unprotect(name) {
      const s = sheetOf(name);
      s.protection = { ...s.protection, protected: false, password: null };
    },
    isProtected: (name) => sheetOf(name).protection.protected,
    comments: () =>
      book.annotations("comment").map((a) => ({
        address: fullAddress(a.sheet.name, { row: a.row, col: a.col, rows: 1, cols: 1 }),
        content: a.item.content,
        author: a.item.authorName,
        resolved: a.item.resolved,
      })),
    notes: () =>
      book.annotations("note").map((a) => ({
        address: fullAddress(a.sheet.name, { row: a.row, col: a.col, rows: 1, cols: 1 }),
        content: a.item.content,
        author: a.item.authorName,
      })),
    settings: () =>
      Object.fromEntries(book.settings.map((s) => [s.key, JSON.parse(JSON.stringify(s.value))])),
    customXmlParts: () =>
      book.xmlParts.map((p) => ({ id: p.id, namespaceUri: p.namespaceUri, xml: p.xml })),
    columnWidth: (name, column) =>
      sheetOf(name).colWidths.get(parseAddress(`${column}:${column}`)!.rect.col) ??
      book.columnWidth,
    rowHeight: (name, row) => sheetOf(name).rowHeights.get(row - 1) ?? book.rowHeight,
    snapshot,
    pageLayout(name) {
      const p = sheetOf(name).pageLayout;
      const {
        printArea,
        printTitleRows,
        printTitleColumns: _cols,
        ...rest
      } = JSON.parse(JSON.stringify(p)) as PageLayoutState;
      return {
        ...rest,
        printArea: printArea ? printArea.map((r) => localAddress(r)) : null,
        printTitleRows: printTitleRows
          ? `${printTitleRows.row + 1}:${printTitleRows.row + printTitleRows.rows}`
          : null,
      };
    },
  };
}
