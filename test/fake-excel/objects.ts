/** The fake Excel API objects (Workbook, Worksheet, Range, formats, names, comments, ...). */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  boundingRect,
  cellCount,
  fullAddress,
  inBounds,
  intersect,
  isEntireCols,
  isEntireRows,
  lastCol,
  lastRow,
  parseAddress,
} from "./address";
import { invalidArg, notFound, officeError } from "./errors";
import type {
  Book,
  CommentState,
  NameState,
  NoteState,
  SettingState,
  SheetState,
  Style,
  ValidationData,
  XmlPartState,
} from "./model";
import { DEFAULT_VALIDATION, normalizeColor } from "./model";
import { readCellProperties, writeCellProperties } from "./cellprops";
import {
  ClientObject,
  ClientResult,
  Collection,
  LoadTree,
  NavDef,
  PARENT_NULL,
  PropDef,
  RequestContext,
  defineNavs,
  defineProps,
} from "./proxy";

export interface RangeH {
  sheet: SheetState;
  rect: Rect;
}
interface AreasH {
  sheet: SheetState;
  rects: Rect[];
}
interface ScopeH {
  book: Book;
  sheet: SheetState | null;
}

type Resolver<H> = (book: Book, loc: string) => H | null | typeof PARENT_NULL;

/** Resolver for an object derived from a parent object. */
function from<P, C>(
  parent: ClientObject<P>,
  map: (ph: P, book: Book, loc: string) => C | null
): Resolver<C> {
  return (book, loc) => {
    const ph = parent._handle(undefined, loc);
    return ph === null ? PARENT_NULL : map(ph, book, loc);
  };
}

const same = <H>(h: H) => h;

function nav<C extends ClientObject<any>>(make: (self: any) => C): NavDef<any> {
  return { make };
}

/** Resolve a `Range | string` argument while a sync runs. */
function rangeArg(
  ctx: RequestContext,
  arg: unknown,
  defaultSheet: SheetState | undefined,
  book: Book,
  loc: string,
  requireSheet = false
): RangeH {
  if (arg instanceof RangeProxy) {
    if (arg.context !== ctx) throw officeError("InvalidRequestContext", undefined, loc);
    const h = arg._handle(undefined, loc);
    if (h === null) throw notFound(loc);
    return h;
  }
  if (typeof arg !== "string") throw invalidArg(loc);
  if (requireSheet && parseAddress(arg)?.sheet === undefined) throw invalidArg(loc);
  const r = book.resolveAddress(arg, defaultSheet, loc);
  return { sheet: r.sheet, rect: r.rect };
}

function oneOf(values: string[], loc: string) {
  return (v: unknown) => {
    if (typeof v !== "string" || !values.includes(v)) throw invalidArg(loc);
    return v;
  };
}

function bool(loc: string) {
  return (v: unknown) => {
    if (typeof v !== "boolean") throw invalidArg(loc);
    return v;
  };
}

function styleProp<K extends keyof Style>(
  type: string,
  key: K,
  check: (v: unknown) => Style[K],
  option: "allowFormatCells" | null = "allowFormatCells"
): PropDef<RangeH> {
  return {
    get: (h, book) => book.readStyle(h.sheet, h.rect, (s) => s[key]),
    set: (h, v, book) => {
      const value = check(v);
      if (option) book.assertAllowed(h.sheet, option, `${type}.${String(key)}`);
      book.patchStyle(
        h.sheet,
        h.rect,
        (s) => (s[key] === value ? s : { ...s, [key]: value }),
        `${type}.${String(key)}`,
        true
      );
    },
  };
}

// ================================================================ Workbook

export class WorkbookProxy extends ClientObject<Book> {
  get _type(): string {
    return "Workbook";
  }
  override get _props(): Record<string, PropDef<Book>> {
    return WORKBOOK_PROPS;
  }
  override get _navs(): Record<string, NavDef<any>> {
    return WORKBOOK_NAVS;
  }
  getSelectedRange(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (b) => ({ sheet: b.activeSheet, rect: b.activeSheet.selection }))
    );
  }
  getActiveCell(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (b) => ({
        sheet: b.activeSheet,
        rect: { ...b.activeSheet.selection, rows: 1, cols: 1 },
      }))
    );
  }
}
const WORKBOOK_PROPS: Record<string, PropDef<Book>> = {
  name: { get: () => "Book1.xlsx" },
  readOnly: { get: () => false },
};
const WORKBOOK_NAVS: Record<string, NavDef<any>> = {
  worksheets: nav((p: WorkbookProxy) => new WorksheetCollectionProxy(p.context, from(p, same))),
  names: nav(
    (p: WorkbookProxy) =>
      new NamedItemCollectionProxy(
        p.context,
        from(p, (b) => ({ book: b, sheet: null }))
      )
  ),
  comments: nav(
    (p: WorkbookProxy) =>
      new CommentCollectionProxy(
        p.context,
        from(p, (b) => ({ book: b, sheet: null }))
      )
  ),
  notes: nav(
    (p: WorkbookProxy) =>
      new NoteCollectionProxy(
        p.context,
        from(p, (b) => ({ book: b, sheet: null }))
      )
  ),
  settings: nav((p: WorkbookProxy) => new SettingCollectionProxy(p.context, from(p, same))),
  customXmlParts: nav(
    (p: WorkbookProxy) =>
      new CustomXmlPartCollectionProxy(
        p.context,
        from(p, (b) => ({ book: b, ns: null }))
      )
  ),
  application: nav((p: WorkbookProxy) => new ApplicationProxy(p.context, from(p, same))),
};
defineProps(WorkbookProxy, WORKBOOK_PROPS);
defineNavs(WorkbookProxy, Object.keys(WORKBOOK_NAVS));

export class ApplicationProxy extends ClientObject<Book> {
  get _type(): string {
    return "Application";
  }
  override get _props(): Record<string, PropDef<Book>> {
    return APPLICATION_PROPS;
  }
  calculate(_type?: string) {
    this._enqueue("Application.calculate", () => undefined);
  }
  suspendApiCalculationUntilNextSync() {
    this._enqueue("Application.suspendApiCalculationUntilNextSync", () => undefined);
  }
}
const APPLICATION_PROPS: Record<string, PropDef<Book>> = {
  calculationMode: {
    get: () => "Automatic",
    set: (_h, v) =>
      oneOf(["Automatic", "AutomaticExceptTables", "Manual"], "Application.calculationMode")(v),
  },
  calculationState: { get: () => "Done" },
  decimalSeparator: { get: () => "." },
  thousandsSeparator: { get: () => "," },
};
defineProps(ApplicationProxy, APPLICATION_PROPS);

// ================================================================ Worksheets

export class WorksheetCollectionProxy extends Collection<Book, SheetState> {
  get _type(): string {
    return "WorksheetCollection";
  }
  _list(book: Book) {
    return [...book.sheets];
  }
  _item(s: SheetState) {
    return new WorksheetProxy(this.context, () => s, { bound: s });
  }
  add(name?: string): WorksheetProxy {
    let created: SheetState | undefined;
    this._method("add", (book) => {
      created = book.addSheet(name);
    });
    return new WorksheetProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      from(this, (b) => findSheet(b, key)),
      { origin: "WorksheetCollection.getItem" }
    );
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      from(this, (b) => findSheet(b, key)),
      { nullable: true }
    );
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      from(this, (b) => b.activeSheet)
    );
  }
  getFirst(visibleOnly?: boolean): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      from(this, (b) => (visibleOnly ? b.visibleSheets() : b.sheets)[0] ?? null)
    );
  }
  getLast(visibleOnly?: boolean): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      from(this, (b) => (visibleOnly ? b.visibleSheets() : b.sheets).slice(-1)[0] ?? null)
    );
  }
  override getCount(visibleOnly?: boolean): ClientResult<number> {
    return this._result("getCount", (b) => (visibleOnly ? b.visibleSheets() : b.sheets).length);
  }
}

function findSheet(book: Book, key: unknown): SheetState | null {
  if (typeof key !== "string") throw invalidArg("WorksheetCollection.getItem");
  return book.sheet(key) ?? book.sheets.find((s) => s.id === key) ?? null;
}

export class WorksheetProxy extends ClientObject<SheetState> {
  get _type(): string {
    return "Worksheet";
  }
  override get _props() {
    return WORKSHEET_PROPS;
  }
  override get _navs(): Record<string, NavDef<any>> {
    return WORKSHEET_NAVS;
  }
  override _describe(h: SheetState) {
    return h.name;
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (s, b, loc) => sheetRange(b, s, address, loc))
    );
  }
  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number
  ): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (s, _b, loc) => ({
        sheet: s,
        rect: checkRect(
          { row: startRow, col: startColumn, rows: rowCount, cols: columnCount },
          loc
        ),
      }))
    );
  }
  getCell(row: number, column: number): RangeProxy {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (s, b) => ({
        sheet: s,
        rect: b.usedRange(s, !!valuesOnly) ?? { row: 0, col: 0, rows: 1, cols: 1 },
      }))
    );
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (s, b) => {
        const r = b.usedRange(s, !!valuesOnly);
        return r ? { sheet: s, rect: r } : null;
      }),
      { nullable: true }
    );
  }
  delete() {
    this._method("delete", (s, b) => b.deleteSheet(s));
  }
  activate() {
    this._method("activate", (s, b) => b.activate(s));
  }
  calculate(_markAllDirty?: boolean) {
    this._enqueue("Worksheet.calculate", () => undefined);
  }
}

function checkRect(rect: Rect, loc: string): Rect {
  if (![rect.row, rect.col, rect.rows, rect.cols].every(Number.isInteger) || !inBounds(rect))
    throw invalidArg(loc);
  return rect;
}

function sheetRange(
  book: Book,
  sheet: SheetState,
  address: string | undefined,
  loc: string
): RangeH {
  if (address === undefined)
    return { sheet, rect: { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS } };
  if (typeof address !== "string") throw invalidArg(loc);
  const parsed = parseAddress(address);
  if (parsed) {
    if (parsed.sheet !== undefined && book.sheet(parsed.sheet) !== sheet) throw invalidArg(loc);
    return { sheet, rect: parsed.rect };
  }
  // A defined name is accepted too (sheet scope first, then workbook scope).
  const name = book.findName(sheet, address, true);
  const target = name && book.nameRange(name);
  if (target && target.sheet === sheet) return target;
  throw invalidArg(loc);
}

const WORKSHEET_PROPS: Record<string, PropDef<SheetState>> = {
  name: { get: (s) => s.name, set: (s, v, b) => b.renameSheet(s, v) },
  id: { get: (s) => s.id },
  position: { get: (s, b) => b.sheets.indexOf(s), set: (s, v, b) => b.moveSheet(s, v) },
  visibility: { get: (s) => s.visibility, set: (s, v, b) => b.setVisibility(s, v) },
  tabColor: {
    get: (s) => s.tabColor,
    set: (s, v) => (s.tabColor = v === "" ? "" : normalizeColor(v, "Worksheet.tabColor")),
  },
  showGridlines: {
    get: (s) => s.showGridlines,
    set: (s, v) => (s.showGridlines = bool("Worksheet.showGridlines")(v)),
  },
};
const WORKSHEET_NAVS: Record<string, NavDef<any>> = {
  protection: nav((p: WorksheetProxy) => new WorksheetProtectionProxy(p.context, from(p, same))),
  names: nav(
    (p: WorksheetProxy) =>
      new NamedItemCollectionProxy(
        p.context,
        from(p, (s, b) => ({ book: b, sheet: s }))
      )
  ),
  comments: nav(
    (p: WorksheetProxy) =>
      new CommentCollectionProxy(
        p.context,
        from(p, (s, b) => ({ book: b, sheet: s }))
      )
  ),
  notes: nav(
    (p: WorksheetProxy) =>
      new NoteCollectionProxy(
        p.context,
        from(p, (s, b) => ({ book: b, sheet: s }))
      )
  ),
  pageLayout: nav((p: WorksheetProxy) => new PageLayoutProxy(p.context, from(p, same))),
};
defineProps(WorksheetProxy, WORKSHEET_PROPS);
defineNavs(WorksheetProxy, Object.keys(WORKSHEET_NAVS));

export class WorksheetProtectionProxy extends ClientObject<SheetState> {
  get _type(): string {
    return "WorksheetProtection";
  }
  override get _props() {
    return PROTECTION_PROPS;
  }
  override _describe(h: SheetState) {
    return h.name;
  }
  protect(options?: Record<string, unknown>, password?: string) {
    this._method("protect", (s, b) => b.protect(s, options as never, password));
  }
  unprotect(password?: string) {
    this._method("unprotect", (s, b) => b.unprotect(s, password));
  }
}
const PROTECTION_PROPS: Record<string, PropDef<SheetState>> = {
  protected: { get: (s) => s.protection.protected },
  options: { get: (s) => ({ ...s.protection.options }) },
  isPasswordProtected: { get: (s) => !!s.protection.password },
};
defineProps(WorksheetProtectionProxy, PROTECTION_PROPS);

// ================================================================ Range

export class RangeProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "Range";
  }
  override get _props() {
    return RANGE_PROPS;
  }
  override get _navs(): Record<string, NavDef<any>> {
    return RANGE_NAVS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
  private derive(
    fn: (h: RangeH, book: Book, loc: string) => Rect | null,
    nullable = false
  ): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (h, b, loc) => {
        const r = fn(h, b, loc);
        return r ? { sheet: h.sheet, rect: r } : null;
      }),
      { nullable }
    );
  }
  getCell(row: number, column: number) {
    return this.derive((h, _b, loc) =>
      checkRect({ row: h.rect.row + row, col: h.rect.col + column, rows: 1, cols: 1 }, loc)
    );
  }
  getOffsetRange(rowOffset: number, columnOffset: number) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, row: h.rect.row + rowOffset, col: h.rect.col + columnOffset }, loc)
    );
  }
  getResizedRange(deltaRows: number, deltaColumns: number) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, rows: h.rect.rows + deltaRows, cols: h.rect.cols + deltaColumns }, loc)
    );
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, rows: numRows, cols: numColumns }, loc)
    );
  }
  getBoundingRect(anotherRange: RangeProxy | string) {
    return this.derive((h, b, loc) => {
      const o = rangeArg(this.context, anotherRange, h.sheet, b, loc);
      if (o.sheet !== h.sheet) throw invalidArg(loc);
      return boundingRect(h.rect, o.rect);
    });
  }
  getIntersection(anotherRange: RangeProxy | string) {
    return this.derive((h, b, loc) => {
      const o = rangeArg(this.context, anotherRange, h.sheet, b, loc);
      const r = o.sheet === h.sheet ? intersect(h.rect, o.rect) : null;
      if (!r) throw notFound(loc);
      return r;
    });
  }
  getIntersectionOrNullObject(anotherRange: RangeProxy | string) {
    return this.derive((h, b, loc) => {
      const o = rangeArg(this.context, anotherRange, h.sheet, b, loc);
      return o.sheet === h.sheet ? intersect(h.rect, o.rect) : null;
    }, true);
  }
  getEntireRow() {
    return this.derive((h) => ({ row: h.rect.row, rows: h.rect.rows, col: 0, cols: MAX_COLS }));
  }
  getEntireColumn() {
    return this.derive((h) => ({ row: 0, rows: MAX_ROWS, col: h.rect.col, cols: h.rect.cols }));
  }
  getRow(row: number) {
    return this.derive((h, _b, loc) => {
      if (!(row >= 0 && row < h.rect.rows)) throw invalidArg(loc);
      return { ...h.rect, row: h.rect.row + row, rows: 1 };
    });
  }
  getColumn(column: number) {
    return this.derive((h, _b, loc) => {
      if (!(column >= 0 && column < h.rect.cols)) throw invalidArg(loc);
      return { ...h.rect, col: h.rect.col + column, cols: 1 };
    });
  }
  getLastCell() {
    return this.derive((h) => ({ row: lastRow(h.rect), col: lastCol(h.rect), rows: 1, cols: 1 }));
  }
  getLastRow() {
    return this.derive((h) => ({ ...h.rect, row: lastRow(h.rect), rows: 1 }));
  }
  getLastColumn() {
    return this.derive((h) => ({ ...h.rect, col: lastCol(h.rect), cols: 1 }));
  }
  getRowsAbove(count = 1) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, row: h.rect.row - count, rows: count }, loc)
    );
  }
  getRowsBelow(count = 1) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, row: lastRow(h.rect) + 1, rows: count }, loc)
    );
  }
  getColumnsBefore(count = 1) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, col: h.rect.col - count, cols: count }, loc)
    );
  }
  getColumnsAfter(count = 1) {
    return this.derive((h, _b, loc) =>
      checkRect({ ...h.rect, col: lastCol(h.rect) + 1, cols: count }, loc)
    );
  }
  getUsedRange(valuesOnly?: boolean) {
    return this.derive((h, b, loc) => {
      const u = b.usedRange(h.sheet, !!valuesOnly);
      const r = u && intersect(u, h.rect);
      if (!r) throw notFound(loc);
      return r;
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean) {
    return this.derive((h, b) => {
      const u = b.usedRange(h.sheet, !!valuesOnly);
      return u && intersect(u, h.rect);
    }, true);
  }
  find(
    text: string,
    criteria: { completeMatch?: boolean; matchCase?: boolean; searchDirection?: string } = {}
  ) {
    return this.derive((h, b, loc) => {
      const r = findIn(h, b, text, criteria);
      if (!r) throw notFound(loc);
      return r;
    });
  }
  findOrNullObject(
    text: string,
    criteria: { completeMatch?: boolean; matchCase?: boolean; searchDirection?: string } = {}
  ) {
    return this.derive((h, b) => findIn(h, b, text, criteria), true);
  }
  getMergedAreasOrNullObject(): RangeAreasProxy {
    return new RangeAreasProxy(
      this.context,
      from(this, (h, b) => {
        const rects = b.mergedAreas(h.sheet, h.rect);
        return rects.length ? { sheet: h.sheet, rects } : null;
      }),
      { nullable: true }
    );
  }
  merge(across?: boolean) {
    this._method("merge", (h, b) => b.merge(h.sheet, h.rect, !!across));
  }
  unmerge() {
    this._method("unmerge", (h, b) => b.unmerge(h.sheet, h.rect));
  }
  insert(shift: string): RangeProxy {
    let inserted: RangeH | undefined;
    this._method("insert", (h, b) => {
      inserted = { sheet: h.sheet, rect: b.insert(h.sheet, h.rect, shift) };
    });
    return new RangeProxy(
      this.context,
      from(this, () => inserted ?? null)
    );
  }
  delete(shift: string) {
    this._method("delete", (h, b) => b.deleteCells(h.sheet, h.rect, shift));
  }
  clear(applyTo?: string) {
    this._method("clear", (h, b) => b.clear(h.sheet, h.rect, applyTo));
  }
  select() {
    this._enqueue("Range.select", (h, b) => b.select(h.sheet, h.rect));
  }
  /** ExcelApi 1.9: the requested format properties of every cell (see cellprops.ts). */
  getCellProperties(cellPropertiesLoadOptions: unknown): ClientResult<Record<string, unknown>[][]> {
    return this._result("getCellProperties", (h, b) =>
      readCellProperties(b, h.sheet, h.rect, cellPropertiesLoadOptions)
    );
  }
  /** ExcelApi 1.9: per-cell formats from a 2-D array the size of the range (see cellprops.ts). */
  setCellProperties(cellPropertiesData: unknown) {
    let data: unknown = cellPropertiesData;
    try {
      data = JSON.parse(JSON.stringify(cellPropertiesData)); // serialized at call time, as the real proxy does
    } catch {
      /* rejected at sync */
    }
    this._method("setCellProperties", (h, b) => writeCellProperties(b, h.sheet, h.rect, data));
  }
  calculate() {
    this._enqueue("Range.calculate", () => undefined);
  }
}

function findIn(
  h: RangeH,
  b: Book,
  text: string,
  criteria: { completeMatch?: boolean; matchCase?: boolean; searchDirection?: string }
): Rect | null {
  if (typeof text !== "string") throw invalidArg("Range.find");
  const norm = (s: string) => (criteria.matchCase ? s : s.toLowerCase());
  const needle = norm(text);
  const cells: Array<[number, number]> = [];
  b.eachExisting(h.sheet, h.rect, (r, c) => cells.push([r, c]));
  cells.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  if (criteria.searchDirection === "Backwards") cells.reverse();
  return b.reading(() => {
    for (const [r, c] of cells) {
      const t = norm(b.textOf(h.sheet, r, c));
      if (t !== "" && (criteria.completeMatch ? t === needle : t.includes(needle)))
        return { row: r, col: c, rows: 1, cols: 1 };
    }
    return null;
  });
}

const RANGE_PROPS: Record<string, PropDef<RangeH>> = {
  address: { get: (h) => fullAddress(h.sheet.name, h.rect) },
  addressLocal: { get: (h) => fullAddress(h.sheet.name, h.rect) },
  rowIndex: { get: (h) => h.rect.row },
  columnIndex: { get: (h) => h.rect.col },
  rowCount: { get: (h) => h.rect.rows },
  columnCount: { get: (h) => h.rect.cols },
  cellCount: { get: (h) => cellCount(h.rect) },
  isEntireRow: { get: (h) => isEntireRows(h.rect) },
  isEntireColumn: { get: (h) => isEntireCols(h.rect) },
  values: {
    get: (h, b) => b.readValues(h.sheet, h.rect),
    set: (h, v, b) => b.writeValues(h.sheet, h.rect, v),
  },
  text: { get: (h, b) => b.readText(h.sheet, h.rect) },
  formulas: {
    get: (h, b) => b.readFormulas(h.sheet, h.rect),
    set: (h, v, b) => b.writeFormulas(h.sheet, h.rect, v),
  },
  formulasLocal: {
    get: (h, b) => b.readFormulas(h.sheet, h.rect),
    set: (h, v, b) => b.writeFormulas(h.sheet, h.rect, v, "Range.formulasLocal"),
  },
  numberFormat: {
    get: (h, b) => b.readNumberFormat(h.sheet, h.rect),
    set: (h, v, b) => b.writeNumberFormat(h.sheet, h.rect, v),
  },
  numberFormatLocal: {
    get: (h, b) => b.readNumberFormat(h.sheet, h.rect),
    set: (h, v, b) => b.writeNumberFormat(h.sheet, h.rect, v, "Range.numberFormatLocal"),
  },
  valueTypes: { get: (h, b) => b.readValueTypes(h.sheet, h.rect) },
};
const RANGE_NAVS: Record<string, NavDef<any>> = {
  format: nav((p: RangeProxy) => new RangeFormatProxy(p.context, from(p, same))),
  dataValidation: nav((p: RangeProxy) => new DataValidationProxy(p.context, from(p, same))),
  worksheet: nav(
    (p: RangeProxy) =>
      new WorksheetProxy(
        p.context,
        from(p, (h) => h.sheet)
      )
  ),
};
defineProps(RangeProxy, RANGE_PROPS);
defineNavs(RangeProxy, Object.keys(RANGE_NAVS));

// ---------------------------------------------------------------- RangeAreas / RangeCollection

export class RangeAreasProxy extends ClientObject<AreasH> {
  get _type(): string {
    return "RangeAreas";
  }
  override get _props() {
    return AREAS_PROPS;
  }
  override get _navs(): Record<string, NavDef<any>> {
    return AREAS_NAVS;
  }
}
const AREAS_PROPS: Record<string, PropDef<AreasH>> = {
  address: { get: (h) => h.rects.map((r) => fullAddress(h.sheet.name, r)).join(", ") },
  addressLocal: { get: (h) => h.rects.map((r) => fullAddress(h.sheet.name, r)).join(", ") },
  areaCount: { get: (h) => h.rects.length },
  cellCount: { get: (h) => h.rects.reduce((n, r) => n + cellCount(r), 0) },
};
const AREAS_NAVS: Record<string, NavDef<any>> = {
  areas: nav((p: RangeAreasProxy) => new RangeCollectionProxy(p.context, from(p, same))),
};
defineProps(RangeAreasProxy, AREAS_PROPS);
defineNavs(RangeAreasProxy, Object.keys(AREAS_NAVS));

export class RangeCollectionProxy extends Collection<AreasH, RangeH> {
  get _type(): string {
    return "RangeCollection";
  }
  _list(h: AreasH) {
    return h.rects.map((rect) => ({ sheet: h.sheet, rect }));
  }
  _item(ih: RangeH) {
    return new RangeProxy(this.context, () => ih, { bound: ih });
  }
  getItemAt(index: number): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (h, _b, loc) => {
        const r = h.rects[index];
        if (!r) throw invalidArg(loc);
        return { sheet: h.sheet, rect: r };
      })
    );
  }
}

// ---------------------------------------------------------------- formats

export class RangeFormatProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "RangeFormat";
  }
  override get _props() {
    return FORMAT_PROPS;
  }
  override get _navs(): Record<string, NavDef<any>> {
    return FORMAT_NAVS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
  autofitColumns() {
    this._enqueue("RangeFormat.autofitColumns", (h, b) =>
      b.assertAllowed(h.sheet, "allowFormatColumns", "RangeFormat.autofitColumns")
    );
  }
  autofitRows() {
    this._enqueue("RangeFormat.autofitRows", (h, b) =>
      b.assertAllowed(h.sheet, "allowFormatRows", "RangeFormat.autofitRows")
    );
  }
}
const H_ALIGN = [
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
];
const V_ALIGN = ["Top", "Center", "Bottom", "Justify", "Distributed"];
const FORMAT_PROPS: Record<string, PropDef<RangeH>> = {
  wrapText: styleProp("RangeFormat", "wrapText", bool("RangeFormat.wrapText")),
  horizontalAlignment: styleProp(
    "RangeFormat",
    "horizontalAlignment",
    oneOf(H_ALIGN, "RangeFormat.horizontalAlignment")
  ),
  verticalAlignment: styleProp(
    "RangeFormat",
    "verticalAlignment",
    oneOf(V_ALIGN, "RangeFormat.verticalAlignment")
  ),
  indentLevel: styleProp("RangeFormat", "indentLevel", (v) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 250)
      throw invalidArg("RangeFormat.indentLevel");
    return v;
  }),
  columnWidth: {
    get: (h, b) => b.readColumnWidth(h.sheet, h.rect),
    set: (h, v, b) => b.writeColumnWidth(h.sheet, h.rect, v, "RangeFormat.columnWidth"),
  },
  rowHeight: {
    get: (h, b) => b.readRowHeight(h.sheet, h.rect),
    set: (h, v, b) => b.writeRowHeight(h.sheet, h.rect, v, "RangeFormat.rowHeight"),
  },
};
const FORMAT_NAVS: Record<string, NavDef<any>> = {
  fill: nav((p: RangeFormatProxy) => new RangeFillProxy(p.context, from(p, same))),
  font: nav((p: RangeFormatProxy) => new RangeFontProxy(p.context, from(p, same))),
  borders: nav((p: RangeFormatProxy) => new RangeBorderCollectionProxy(p.context, from(p, same))),
  protection: nav((p: RangeFormatProxy) => new FormatProtectionProxy(p.context, from(p, same))),
};
defineProps(RangeFormatProxy, FORMAT_PROPS);
defineNavs(RangeFormatProxy, Object.keys(FORMAT_NAVS));

export class RangeFillProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "RangeFill";
  }
  override get _props() {
    return FILL_PROPS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
  clear() {
    this._method("clear", (h, b) =>
      b.patchStyle(
        h.sheet,
        h.rect,
        (s) => (s.fill === null ? s : { ...s, fill: null }),
        "RangeFill.clear"
      )
    );
  }
}
const FILL_PROPS: Record<string, PropDef<RangeH>> = {
  color: {
    // Excel reports "no fill" as white.
    get: (h, b) => b.readStyle(h.sheet, h.rect, (s) => s.fill ?? "#FFFFFF"),
    set: (h, v, b) => {
      const c = normalizeColor(v, "RangeFill.color");
      b.patchStyle(
        h.sheet,
        h.rect,
        (s) => (s.fill === c ? s : { ...s, fill: c }),
        "RangeFill.color"
      );
    },
  },
  // No fill: pattern null, like a white fill (office-js #4900); tintAndShade null only for no fill.
  pattern: { get: (h, b) => b.readStyle(h.sheet, h.rect, (s) => (s.fill ? "Solid" : null)) },
  tintAndShade: { get: (h, b) => b.readStyle(h.sheet, h.rect, (s) => (s.fill ? 0 : null)) },
};
defineProps(RangeFillProxy, FILL_PROPS);

export class RangeFontProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "RangeFont";
  }
  override get _props() {
    return FONT_PROPS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
}
const FONT_PROPS: Record<string, PropDef<RangeH>> = {
  bold: styleProp("RangeFont", "bold", bool("RangeFont.bold")),
  italic: styleProp("RangeFont", "italic", bool("RangeFont.italic")),
  strikethrough: styleProp("RangeFont", "strikethrough", bool("RangeFont.strikethrough")),
  underline: styleProp(
    "RangeFont",
    "underline",
    oneOf(
      ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"],
      "RangeFont.underline"
    )
  ),
  color: styleProp("RangeFont", "fontColor", (v) => normalizeColor(v, "RangeFont.color")),
  size: styleProp("RangeFont", "fontSize", (v) => {
    if (typeof v !== "number" || !(v >= 1 && v <= 409)) throw invalidArg("RangeFont.size");
    return v;
  }),
  name: styleProp("RangeFont", "fontName", (v) => {
    if (typeof v !== "string" || v === "") throw invalidArg("RangeFont.name");
    return v;
  }),
};
defineProps(RangeFontProxy, FONT_PROPS);

export class FormatProtectionProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "FormatProtection";
  }
  override get _props() {
    return FORMAT_PROTECTION_PROPS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
}
const FORMAT_PROTECTION_PROPS: Record<string, PropDef<RangeH>> = {
  // Locking cannot be changed while the sheet is protected.
  locked: styleProp("FormatProtection", "locked", bool("FormatProtection.locked"), null),
  formulaHidden: styleProp(
    "FormatProtection",
    "formulaHidden",
    bool("FormatProtection.formulaHidden"),
    null
  ),
};
for (const k of ["locked", "formulaHidden"] as const) {
  const inner = FORMAT_PROTECTION_PROPS[k].set!;
  FORMAT_PROTECTION_PROPS[k].set = (h, v, b) => {
    b.assertAllowed(h.sheet, null, `FormatProtection.${k}`);
    inner(h, v, b);
  };
}
defineProps(FormatProtectionProxy, FORMAT_PROTECTION_PROPS);

const BORDER_INDEXES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideVertical",
  "InsideHorizontal",
  "DiagonalDown",
  "DiagonalUp",
];
interface BorderH {
  range: RangeH;
  index: string;
  sheet: SheetState;
}

export class RangeBorderCollectionProxy extends Collection<RangeH, BorderH> {
  get _type(): string {
    return "RangeBorderCollection";
  }
  override get _props(): Record<string, PropDef<RangeH>> {
    return { count: { get: () => BORDER_INDEXES.length } };
  }
  _list(h: RangeH) {
    return BORDER_INDEXES.map((index) => ({ range: h, index, sheet: h.sheet }));
  }
  _item(ih: BorderH) {
    return new RangeBorderProxy(this.context, () => ih, { bound: ih });
  }
  getItem(index: string): RangeBorderProxy {
    return new RangeBorderProxy(
      this.context,
      from(this, (h, _b, loc) => {
        if (!BORDER_INDEXES.includes(index)) throw invalidArg(loc);
        return { range: h, index, sheet: h.sheet };
      })
    );
  }
  getItemAt(i: number): RangeBorderProxy {
    return this.getItem(BORDER_INDEXES[i]);
  }
  override _collect(h: RangeH | null, tree: LoadTree, book: Book) {
    // "count" is a collection property; everything else belongs to the items.
    const own = tree.props.has("count");
    if (own) tree = { ...tree, props: new Set([...tree.props].filter((p) => p !== "count")) };
    const t = super._collect(h, tree, book);
    return () => {
      t();
      if (own) this._cache.set("count", BORDER_INDEXES.length);
    };
  }
}
Object.defineProperty(RangeBorderCollectionProxy.prototype, "count", {
  get(this: ClientObject<unknown>) {
    return this._read("count");
  },
});

export class RangeBorderProxy extends ClientObject<BorderH> {
  get _type(): string {
    return "RangeBorder";
  }
  override get _props() {
    return BORDER_PROPS;
  }
  override _describe(h: BorderH) {
    return `${fullAddress(h.sheet.name, h.range.rect)} ${h.index}`;
  }
}
const BORDER_PROPS: Record<string, PropDef<BorderH>> = {
  sideIndex: { get: (h) => h.index },
  style: {
    get: (h, b) => b.readBorder(h.sheet, h.range.rect, h.index, "RangeBorder.style").style,
    set: (h, v, b) =>
      b.writeBorder(
        h.sheet,
        h.range.rect,
        h.index,
        {
          style: oneOf(
            [
              "None",
              "Continuous",
              "Dash",
              "DashDot",
              "DashDotDot",
              "Dot",
              "Double",
              "SlantDashDot",
            ],
            "RangeBorder.style"
          )(v),
        },
        "RangeBorder.style"
      ),
  },
  color: {
    get: (h, b) => b.readBorder(h.sheet, h.range.rect, h.index, "RangeBorder.color").color,
    set: (h, v, b) =>
      b.writeBorder(
        h.sheet,
        h.range.rect,
        h.index,
        { color: normalizeColor(v, "RangeBorder.color") },
        "RangeBorder.color"
      ),
  },
  weight: {
    get: (h, b) => b.readBorder(h.sheet, h.range.rect, h.index, "RangeBorder.weight").weight,
    set: (h, v, b) =>
      b.writeBorder(
        h.sheet,
        h.range.rect,
        h.index,
        { weight: oneOf(["Hairline", "Thin", "Medium", "Thick"], "RangeBorder.weight")(v) },
        "RangeBorder.weight"
      ),
  },
};
defineProps(RangeBorderProxy, BORDER_PROPS);

// ---------------------------------------------------------------- data validation

export class DataValidationProxy extends ClientObject<RangeH> {
  get _type(): string {
    return "DataValidation";
  }
  override get _props() {
    return VALIDATION_PROPS;
  }
  override _describe(h: RangeH) {
    return fullAddress(h.sheet.name, h.rect);
  }
  clear() {
    this._method("clear", (h, b) =>
      b.patchValidation(h.sheet, h.rect, () => null, "DataValidation.clear")
    );
  }
}
function validationPart<K extends keyof ValidationData>(
  key: K,
  normalize: (v: unknown, b: Book) => ValidationData[K]
): PropDef<RangeH> {
  return {
    get: (h, b) => {
      const v = b.readValidation(h.sheet, h.rect);
      if (v === "Inconsistent") return null;
      if (key === "rule") return v.rule ?? {};
      return v[key];
    },
    set: (h, value, b) => {
      const loc = `DataValidation.${key}`;
      const n = normalize(value, b);
      b.patchValidation(h.sheet, h.rect, (cur) => ({ ...cur, [key]: n }), loc);
    },
  };
}
const VALIDATION_PROPS: Record<string, PropDef<RangeH>> = {
  rule: validationPart("rule", (v, b) => b.normalizeRule(v, "DataValidation.rule")),
  prompt: validationPart("prompt", (v) => {
    if (!v || typeof v !== "object") throw invalidArg("DataValidation.prompt");
    const p = v as Record<string, unknown>;
    return {
      showPrompt: (p.showPrompt as boolean) ?? DEFAULT_VALIDATION.prompt.showPrompt,
      title: (p.title as string) ?? "",
      message: (p.message as string) ?? "",
    };
  }),
  errorAlert: validationPart("errorAlert", (v) => {
    if (!v || typeof v !== "object") throw invalidArg("DataValidation.errorAlert");
    const e = v as Record<string, unknown>;
    if (e.style !== undefined)
      oneOf(["Stop", "Warning", "Information"], "DataValidation.errorAlert")(e.style);
    return {
      showAlert: (e.showAlert as boolean) ?? true,
      style: (e.style as string) ?? "Stop",
      title: (e.title as string) ?? "",
      message: (e.message as string) ?? "",
    };
  }),
  ignoreBlanks: validationPart("ignoreBlanks", (v) => bool("DataValidation.ignoreBlanks")(v)),
  type: { get: (h, b) => b.validationType(b.readValidation(h.sheet, h.rect)) },
  valid: { get: (h, b) => b.validationValid(h.sheet, h.rect) },
};
defineProps(DataValidationProxy, VALIDATION_PROPS);

// ================================================================ Names

export class NamedItemCollectionProxy extends Collection<ScopeH, NameState> {
  get _type(): string {
    return "NamedItemCollection";
  }
  _list(h: ScopeH) {
    return [...(h.sheet ? h.sheet.names : h.book.names)];
  }
  _item(n: NameState) {
    return new NamedItemProxy(this.context, () => n, { bound: n });
  }
  add(name: string, reference: RangeProxy | string, comment?: string): NamedItemProxy {
    let created: NameState | undefined;
    this._method("add", (h, b) => {
      const loc = "NamedItemCollection.add";
      const formula =
        reference instanceof RangeProxy
          ? (() => {
              const r = rangeArg(this.context, reference, undefined, b, loc);
              return b.qualified(r.sheet, r.rect);
            })()
          : b.nameFormula(reference, h.sheet, loc);
      created = b.addName(h.sheet, name, formula, comment, loc);
    });
    return new NamedItemProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  addFormulaLocal(name: string, formula: string, comment?: string): NamedItemProxy {
    return this.add(name, formula, comment);
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      from(this, (h, b) => b.findName(h.sheet, name) ?? null),
      { origin: "NamedItemCollection.getItem" }
    );
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      from(this, (h, b) => b.findName(h.sheet, name) ?? null),
      { nullable: true }
    );
  }
}

export class NamedItemProxy extends ClientObject<NameState> {
  get _type(): string {
    return "NamedItem";
  }
  override get _props() {
    return NAME_PROPS;
  }
  override _describe(h: NameState) {
    return h.name;
  }
  getRange(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (n, b, loc) => {
        const r = b.nameRange(n);
        if (!r) throw invalidArg(loc);
        return r;
      })
    );
  }
  getRangeOrNullObject(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (n, b) => b.nameRange(n)),
      { nullable: true }
    );
  }
  delete() {
    this._method("delete", (n, b) => b.deleteName(n));
  }
}
const NAME_PROPS: Record<string, PropDef<NameState>> = {
  name: { get: (n) => n.name },
  formula: {
    get: (n) => n.formula,
    set: (n, v, b) => (n.formula = b.nameFormula(v, n.scope, "NamedItem.formula")),
  },
  comment: {
    get: (n) => n.comment,
    set: (n, v) => {
      if (typeof v !== "string") throw invalidArg("NamedItem.comment");
      n.comment = v;
    },
  },
  visible: { get: (n) => n.visible, set: (n, v) => (n.visible = bool("NamedItem.visible")(v)) },
  scope: { get: (n) => (n.scope ? "Worksheet" : "Workbook") },
  type: { get: (n, b) => b.nameInfo(n).type },
  value: { get: (n, b) => b.nameInfo(n).value },
};
defineProps(NamedItemProxy, NAME_PROPS);

// ================================================================ Comments & notes

function annotationCell(ctx: RequestContext, h: ScopeH, arg: unknown, loc: string): RangeH {
  // Workbook-level collections need a sheet-qualified address; worksheet-level ones default to their sheet.
  return rangeArg(ctx, arg, h.sheet ?? undefined, h.book, loc, h.sheet === null);
}

function cellLocation(
  b: Book,
  kind: "comment" | "note",
  item: CommentState | NoteState,
  loc: string
): RangeH {
  const at = b.locate(kind, item as never);
  if (!at) throw notFound(loc);
  const merge = b.mergeAt(at.sheet, at.row, at.col);
  return {
    sheet: at.sheet,
    rect:
      merge && merge.row === at.row && merge.col === at.col
        ? merge
        : { row: at.row, col: at.col, rows: 1, cols: 1 },
  };
}

export class CommentCollectionProxy extends Collection<ScopeH, CommentState> {
  get _type(): string {
    return "CommentCollection";
  }
  _list(h: ScopeH) {
    return h.book.annotations("comment", h.sheet ?? undefined).map((a) => a.item);
  }
  _item(c: CommentState) {
    return new CommentProxy(this.context, () => c, { bound: c });
  }
  add(cellAddress: RangeProxy | string, content: unknown, contentType?: string): CommentProxy {
    let created: CommentState | undefined;
    this._method("add", (h, b) => {
      const cell = annotationCell(this.context, h, cellAddress, "CommentCollection.add");
      created = b.addComment(cell.sheet, cell.rect, content, contentType);
    });
    return new CommentProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  getItem(commentId: string): CommentProxy {
    return new CommentProxy(
      this.context,
      from(this, (h) => this._list(h).find((c) => c.id === commentId) ?? null),
      { origin: "CommentCollection.getItem" }
    );
  }
  getItemOrNullObject(commentId: string): CommentProxy {
    return new CommentProxy(
      this.context,
      from(this, (h) => this._list(h).find((c) => c.id === commentId) ?? null),
      { nullable: true }
    );
  }
  getItemAt(index: number): CommentProxy {
    return new CommentProxy(
      this.context,
      from(this, (h) => this._list(h)[index] ?? null),
      { origin: "CommentCollection.getItemAt" }
    );
  }
  getItemByCell(cellAddress: RangeProxy | string): CommentProxy {
    return new CommentProxy(
      this.context,
      from(this, (h, b, loc) => {
        const cell = annotationCell(this.context, h, cellAddress, loc);
        if (cell.rect.rows * cell.rect.cols !== 1) throw invalidArg(loc);
        return b.cell(cell.sheet, cell.rect.row, cell.rect.col)?.comment ?? null;
      }),
      { origin: "CommentCollection.getItemByCell" }
    );
  }
}

export class CommentProxy extends ClientObject<CommentState> {
  get _type(): string {
    return "Comment";
  }
  override get _props() {
    return COMMENT_PROPS;
  }
  override _describe(c: CommentState, b: Book) {
    const at = b.locate("comment", c);
    return at ? fullAddress(at.sheet.name, { row: at.row, col: at.col, rows: 1, cols: 1 }) : c.id;
  }
  getLocation(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (c, b, loc) => cellLocation(b, "comment", c, loc))
    );
  }
  delete() {
    this._method("delete", (c, b) => b.removeAnnotation("comment", c, "Comment.delete"));
  }
}
const COMMENT_PROPS: Record<string, PropDef<CommentState>> = {
  id: { get: (c) => c.id },
  content: {
    get: (c) => c.content,
    set: (c, v) => {
      if (typeof v !== "string") throw invalidArg("Comment.content");
      c.content = v;
    },
  },
  contentType: { get: (c) => c.contentType },
  authorName: { get: (c) => c.authorName },
  authorEmail: { get: (c) => c.authorEmail },
  creationDate: { get: (c) => c.creationDate },
  resolved: { get: (c) => c.resolved, set: (c, v) => (c.resolved = bool("Comment.resolved")(v)) },
  richContent: { get: (c) => c.content },
};
defineProps(CommentProxy, COMMENT_PROPS);

export class NoteCollectionProxy extends Collection<ScopeH, NoteState> {
  get _type(): string {
    return "NoteCollection";
  }
  _list(h: ScopeH) {
    return h.book.annotations("note", h.sheet ?? undefined).map((a) => a.item);
  }
  _item(n: NoteState) {
    return new NoteProxy(this.context, () => n, { bound: n });
  }
  add(cellAddress: RangeProxy | string, content: string): NoteProxy {
    let created: NoteState | undefined;
    this._method("add", (h, b) => {
      const cell = annotationCell(this.context, h, cellAddress, "NoteCollection.add");
      created = b.addNote(cell.sheet, cell.rect, content);
    });
    return new NoteProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  private byCell(h: ScopeH, b: Book, key: string, loc: string): NoteState | null {
    const cell = annotationCell(this.context, h, key, loc);
    return b.cell(cell.sheet, cell.rect.row, cell.rect.col)?.note ?? null;
  }
  getItem(key: string): NoteProxy {
    return new NoteProxy(
      this.context,
      from(this, (h, b, loc) => this.byCell(h, b, key, loc)),
      { origin: "NoteCollection.getItem" }
    );
  }
  getItemOrNullObject(key: string): NoteProxy {
    return new NoteProxy(
      this.context,
      from(this, (h, b, loc) => this.byCell(h, b, key, loc)),
      { nullable: true }
    );
  }
  getItemAt(index: number): NoteProxy {
    return new NoteProxy(
      this.context,
      from(this, (h) => this._list(h)[index] ?? null),
      { origin: "NoteCollection.getItemAt" }
    );
  }
}

export class NoteProxy extends ClientObject<NoteState> {
  get _type(): string {
    return "Note";
  }
  override get _props() {
    return NOTE_PROPS;
  }
  override _describe(n: NoteState, b: Book) {
    const at = b.locate("note", n);
    return at ? fullAddress(at.sheet.name, { row: at.row, col: at.col, rows: 1, cols: 1 }) : n.id;
  }
  getLocation(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (n, b, loc) => cellLocation(b, "note", n, loc))
    );
  }
  delete() {
    this._method("delete", (n, b) => b.removeAnnotation("note", n, "Note.delete"));
  }
}
const positive = (loc: string) => (v: unknown) => {
  if (typeof v !== "number" || !(v > 0)) throw invalidArg(loc);
  return v;
};
const NOTE_PROPS: Record<string, PropDef<NoteState>> = {
  content: {
    get: (n) => n.content,
    set: (n, v) => {
      if (typeof v !== "string") throw invalidArg("Note.content");
      n.content = v;
    },
  },
  authorName: { get: (n) => n.authorName },
  visible: { get: (n) => n.visible, set: (n, v) => (n.visible = bool("Note.visible")(v)) },
  width: { get: (n) => n.width, set: (n, v) => (n.width = positive("Note.width")(v)) },
  height: { get: (n) => n.height, set: (n, v) => (n.height = positive("Note.height")(v)) },
};
defineProps(NoteProxy, NOTE_PROPS);

// ================================================================ Settings

export class SettingCollectionProxy extends Collection<Book, SettingState> {
  get _type(): string {
    return "SettingCollection";
  }
  _list(b: Book) {
    return [...b.settings];
  }
  _item(s: SettingState) {
    return new SettingProxy(this.context, () => s, { bound: s });
  }
  add(key: string, value: unknown): SettingProxy {
    let created: SettingState | undefined;
    let v: unknown = value;
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) v = JSON.parse(json); // snapshot now, as the real proxy serializes at call time
    } catch {
      /* left as is; putSetting rejects it at sync */
    }
    this._method("add", (b) => {
      created = b.putSetting(key, v);
    });
    return new SettingProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  getItem(key: string): SettingProxy {
    return new SettingProxy(
      this.context,
      from(this, (b) => b.setting(key) ?? null),
      { origin: "SettingCollection.getItem" }
    );
  }
  getItemOrNullObject(key: string): SettingProxy {
    return new SettingProxy(
      this.context,
      from(this, (b) => b.setting(key) ?? null),
      { nullable: true }
    );
  }
}

export class SettingProxy extends ClientObject<SettingState> {
  get _type(): string {
    return "Setting";
  }
  override get _props() {
    return SETTING_PROPS;
  }
  override _describe(s: SettingState) {
    return s.key;
  }
  delete() {
    this._method("delete", (s, b) => b.removeSetting(s));
  }
}
const SETTING_PROPS: Record<string, PropDef<SettingState>> = {
  key: { get: (s) => s.key },
  value: {
    get: (s) => JSON.parse(JSON.stringify(s.value)),
    set: (s, v, b) => void b.putSetting(s.key, v, "Setting.value"),
  },
};
defineProps(SettingProxy, SETTING_PROPS);

// ================================================================ Custom XML parts

interface XmlScopeH {
  book: Book;
  ns: string | null;
}

export class CustomXmlPartCollectionProxy extends Collection<XmlScopeH, XmlPartState> {
  get _type(): string {
    return this instanceof CustomXmlPartScopedCollectionProxy
      ? "CustomXmlPartScopedCollection"
      : "CustomXmlPartCollection";
  }
  _list(h: XmlScopeH) {
    return h.book.xmlParts.filter((p) => h.ns === null || p.namespaceUri === h.ns);
  }
  _item(p: XmlPartState) {
    return new CustomXmlPartProxy(this.context, () => p, { bound: p });
  }
  add(xml: string): CustomXmlPartProxy {
    let created: XmlPartState | undefined;
    this._method("add", (h) => {
      created = h.book.addXmlPart(xml);
    });
    return new CustomXmlPartProxy(
      this.context,
      from(this, () => created ?? null)
    );
  }
  getByNamespace(namespaceUri: string): CustomXmlPartScopedCollectionProxy {
    return new CustomXmlPartScopedCollectionProxy(
      this.context,
      from(this, (h) => ({ book: h.book, ns: namespaceUri }))
    );
  }
  getItem(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(
      this.context,
      from(this, (h) => this._list(h).find((p) => p.id === id) ?? null),
      { origin: "CustomXmlPartCollection.getItem" }
    );
  }
  getItemOrNullObject(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(
      this.context,
      from(this, (h) => this._list(h).find((p) => p.id === id) ?? null),
      { nullable: true }
    );
  }
}

export class CustomXmlPartScopedCollectionProxy extends CustomXmlPartCollectionProxy {
  getOnlyItem(): CustomXmlPartProxy {
    return new CustomXmlPartProxy(
      this.context,
      from(this, (h, _b, loc) => {
        const list = this._list(h);
        if (list.length === 0) throw notFound(loc);
        if (list.length > 1) throw officeError("InvalidOperation", undefined, loc);
        return list[0];
      })
    );
  }
  getOnlyItemOrNullObject(): CustomXmlPartProxy {
    return new CustomXmlPartProxy(
      this.context,
      from(this, (h) => {
        const list = this._list(h);
        return list.length === 1 ? list[0] : null;
      }),
      { nullable: true }
    );
  }
}

export class CustomXmlPartProxy extends ClientObject<XmlPartState> {
  get _type(): string {
    return "CustomXmlPart";
  }
  override get _props() {
    return XML_PART_PROPS;
  }
  override _describe(p: XmlPartState) {
    return p.id;
  }
  getXml(): ClientResult<string> {
    return this._result("getXml", (p) => p.xml);
  }
  setXml(xml: string) {
    this._method("setXml", (p, b) => b.setXml(p, xml));
  }
  delete() {
    this._method("delete", (p, b) => b.removeXmlPart(p));
  }
}
const XML_PART_PROPS: Record<string, PropDef<XmlPartState>> = {
  id: { get: (p) => p.id },
  namespaceUri: { get: (p) => p.namespaceUri },
};
defineProps(CustomXmlPartProxy, XML_PART_PROPS);

// ================================================================ Page layout (ExcelApi 1.9)

const PAPER_SIZES = [
  "Letter",
  "LetterSmall",
  "Tabloid",
  "Ledger",
  "Legal",
  "Statement",
  "Executive",
  "A3",
  "A4",
  "A4Small",
  "A5",
  "B4",
  "B5",
  "Folio",
  "Quatro",
  "Paper10x14",
  "Paper11x17",
  "Note",
  "Envelope9",
  "Envelope10",
  "Envelope11",
  "Envelope12",
  "Envelope14",
  "Csheet",
  "Dsheet",
  "Esheet",
  "EnvelopeDL",
  "EnvelopeC5",
  "EnvelopeC3",
  "EnvelopeC4",
  "EnvelopeC6",
  "EnvelopeC65",
  "EnvelopeB4",
  "EnvelopeB5",
  "EnvelopeB6",
  "EnvelopeItaly",
  "EnvelopeMonarch",
  "EnvelopePersonal",
  "FanfoldUS",
  "FanfoldStdGerman",
  "FanfoldLegalGerman",
];

/** Resolve a print-area argument: a Range, RangeAreas or an address list ("A1:B2, D1:D4") on the layout's sheet. */
function printRects(
  ctx: RequestContext,
  arg: unknown,
  sheet: SheetState,
  book: Book,
  loc: string
): Rect[] {
  if (arg instanceof RangeAreasProxy) {
    const h = arg._handle(undefined, loc);
    if (!h || h.sheet !== sheet) throw invalidArg(loc);
    return h.rects.map((r) => ({ ...r }));
  }
  if (typeof arg === "string") {
    const parts = arg
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (!parts.length) throw invalidArg(loc);
    return parts.map((p) => {
      const r = rangeArg(ctx, p, sheet, book, loc);
      if (r.sheet !== sheet) throw invalidArg(loc);
      return r.rect;
    });
  }
  const r = rangeArg(ctx, arg, sheet, book, loc);
  if (r.sheet !== sheet) throw invalidArg(loc);
  return [r.rect];
}

const margin = (loc: string) => (v: unknown) => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw invalidArg(loc);
  return v;
};

export class PageLayoutProxy extends ClientObject<SheetState> {
  get _type(): string {
    return "PageLayout";
  }
  override get _props() {
    return PAGE_LAYOUT_PROPS;
  }
  override _describe(h: SheetState) {
    return h.name;
  }
  setPrintArea(printArea: unknown) {
    this._method(
      "setPrintArea",
      (s, b) =>
        (s.pageLayout.printArea = printRects(
          this.context,
          printArea,
          s,
          b,
          "PageLayout.setPrintArea"
        ))
    );
  }
  getPrintArea(): RangeAreasProxy {
    return new RangeAreasProxy(
      this.context,
      from(this, (s, _b, loc) => {
        if (!s.pageLayout.printArea) throw notFound(loc);
        return { sheet: s, rects: s.pageLayout.printArea.map((r) => ({ ...r })) };
      })
    );
  }
  getPrintAreaOrNullObject(): RangeAreasProxy {
    return new RangeAreasProxy(
      this.context,
      from(this, (s) =>
        s.pageLayout.printArea
          ? { sheet: s, rects: s.pageLayout.printArea.map((r) => ({ ...r })) }
          : null
      ),
      { nullable: true }
    );
  }
  setPrintTitleRows(printTitleRows: unknown) {
    this._method("setPrintTitleRows", (s, b) => {
      const loc = "PageLayout.setPrintTitleRows";
      const [r] = printRects(this.context, printTitleRows, s, b, loc);
      s.pageLayout.printTitleRows = { row: r.row, rows: r.rows, col: 0, cols: MAX_COLS };
    });
  }
  getPrintTitleRowsOrNullObject(): RangeProxy {
    return new RangeProxy(
      this.context,
      from(this, (s) =>
        s.pageLayout.printTitleRows ? { sheet: s, rect: { ...s.pageLayout.printTitleRows } } : null
      ),
      { nullable: true }
    );
  }
  /** Margins given in a unit; stored (and read back) in points. */
  setPrintMargins(unit: string, marginOptions: Record<string, unknown>) {
    this._method("setPrintMargins", (s) => {
      const loc = "PageLayout.setPrintMargins";
      const factor =
        unit === "Points" ? 1 : unit === "Inches" ? 72 : unit === "Centimeters" ? 72 / 2.54 : NaN;
      if (Number.isNaN(factor) || !marginOptions || typeof marginOptions !== "object")
        throw invalidArg(loc);
      const keys: Record<string, keyof SheetState["pageLayout"]> = {
        left: "leftMargin",
        right: "rightMargin",
        top: "topMargin",
        bottom: "bottomMargin",
        header: "headerMargin",
        footer: "footerMargin",
      };
      const next = { ...s.pageLayout };
      for (const [k, v] of Object.entries(marginOptions)) {
        if (v === undefined) continue;
        if (!keys[k]) throw invalidArg(loc);
        (next as Record<string, unknown>)[keys[k]] = margin(loc)(v) * factor;
      }
      s.pageLayout = next;
    });
  }
}
function layoutProp<K extends keyof SheetState["pageLayout"]>(
  key: K,
  check: (v: unknown) => SheetState["pageLayout"][K]
): PropDef<SheetState> {
  return { get: (s) => s.pageLayout[key], set: (s, v) => void (s.pageLayout[key] = check(v)) };
}
const PAGE_LAYOUT_PROPS: Record<string, PropDef<SheetState>> = {
  orientation: layoutProp(
    "orientation",
    (v) => oneOf(["Portrait", "Landscape"], "PageLayout.orientation")(v) as "Portrait" | "Landscape"
  ),
  paperSize: layoutProp("paperSize", oneOf(PAPER_SIZES, "PageLayout.paperSize")),
  centerHorizontally: layoutProp("centerHorizontally", bool("PageLayout.centerHorizontally")),
  centerVertically: layoutProp("centerVertically", bool("PageLayout.centerVertically")),
  blackAndWhite: layoutProp("blackAndWhite", bool("PageLayout.blackAndWhite")),
  draftMode: layoutProp("draftMode", bool("PageLayout.draftMode")),
  printGridlines: layoutProp("printGridlines", bool("PageLayout.printGridlines")),
  printHeadings: layoutProp("printHeadings", bool("PageLayout.printHeadings")),
  printComments: layoutProp(
    "printComments",
    oneOf(["NoComments", "EndSheet", "InPlace"], "PageLayout.printComments")
  ),
  printErrors: layoutProp(
    "printErrors",
    oneOf(["AsDisplayed", "Blank", "Dash", "NotAvailable"], "PageLayout.printErrors")
  ),
  printOrder: layoutProp(
    "printOrder",
    oneOf(["DownThenOver", "OverThenDown"], "PageLayout.printOrder")
  ),
  firstPageNumber: layoutProp("firstPageNumber", (v) => {
    if (v === "" || (typeof v === "number" && Number.isInteger(v) && v >= 0))
      return v as number | "";
    throw invalidArg("PageLayout.firstPageNumber");
  }),
  leftMargin: layoutProp("leftMargin", margin("PageLayout.leftMargin")),
  rightMargin: layoutProp("rightMargin", margin("PageLayout.rightMargin")),
  topMargin: layoutProp("topMargin", margin("PageLayout.topMargin")),
  bottomMargin: layoutProp("bottomMargin", margin("PageLayout.bottomMargin")),
  headerMargin: layoutProp("headerMargin", margin("PageLayout.headerMargin")),
  footerMargin: layoutProp("footerMargin", margin("PageLayout.footerMargin")),
  // Must be set as a whole object (x.zoom = {...}): either a scale (10–400) or pages wide/tall (0 = automatic).
  zoom: layoutProp("zoom", (v) => {
    const loc = "PageLayout.zoom";
    if (!v || typeof v !== "object") throw invalidArg(loc);
    const z = v as Record<string, unknown>;
    const pages = (x: unknown) => {
      if (x === undefined || x === null) return undefined;
      if (typeof x !== "number" || !Number.isInteger(x) || x < 0) throw invalidArg(loc);
      return x;
    };
    if (z.scale !== undefined && z.scale !== null) {
      if (typeof z.scale !== "number" || z.scale < 10 || z.scale > 400) throw invalidArg(loc);
      if (z.horizontalFitToPages != null || z.verticalFitToPages != null) throw invalidArg(loc);
      return { scale: z.scale };
    }
    const h = pages(z.horizontalFitToPages);
    const w = pages(z.verticalFitToPages);
    if (h === undefined && w === undefined) throw invalidArg(loc);
    return {
      ...(h !== undefined ? { horizontalFitToPages: h } : {}),
      ...(w !== undefined ? { verticalFitToPages: w } : {}),
    };
  }),
};
defineProps(PageLayoutProxy, PAGE_LAYOUT_PROPS);
