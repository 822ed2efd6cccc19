/**
 * The in-memory workbook: plain data plus the operations Excel performs on it.
 * Nothing here knows about proxies, load() or sync(); see proxy.ts/objects.ts.
 * All row/column indexes are 0-based.
 */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  ParsedAddress,
  cellCount,
  contains,
  intersect,
  isEntireCols,
  isEntireRows,
  lastCol,
  lastRow,
  localAddress,
  parseAddress,
  quoteSheet,
  rectFromCorners,
} from "./address";
import { PROTECTED_SHEET_MESSAGE, invalidArg, notFound, officeError } from "./errors";
import {
  Ast,
  ERROR_LITERALS,
  EvalEnv,
  RefTok,
  Scalar,
  ShiftSpec,
  UnknownFunction,
  err,
  evaluate,
  isError,
  normalizeFormula,
  offsetRef,
  parseFormula,
  rewriteFormula,
  sameSheet,
  shiftInterval,
  shiftRef,
} from "./formula";
import { formatNumber, formatText } from "./numfmt";

// ---------------------------------------------------------------- types

export interface Border {
  style: string;
  color: string;
  weight: string;
}
export type Side = "top" | "bottom" | "left" | "right" | "diagonalDown" | "diagonalUp";

export interface Style {
  numberFormat: string;
  /** "#RRGGBB", or null for "no fill". */
  fill: string | null;
  fontName: string;
  fontSize: number;
  fontColor: string;
  bold: boolean;
  italic: boolean;
  underline: string;
  strikethrough: boolean;
  horizontalAlignment: string;
  verticalAlignment: string;
  wrapText: boolean;
  indentLevel: number;
  locked: boolean;
  formulaHidden: boolean;
  borders: Partial<Record<Side, Border>>;
}

export interface ValidationData {
  rule: Record<string, unknown> | null;
  prompt: { showPrompt: boolean; title: string; message: string };
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
  ignoreBlanks: boolean;
}

export interface CommentState {
  id: string;
  content: string;
  contentType: string;
  authorName: string;
  authorEmail: string;
  creationDate: Date;
  resolved: boolean;
  deleted?: boolean;
}

export interface NoteState {
  id: string;
  content: string;
  authorName: string;
  visible: boolean;
  width: number;
  height: number;
  deleted?: boolean;
}

export interface Cell {
  /** Constant value, or the cached value of a formula cell (used when the formula cannot be evaluated). */
  value: Scalar;
  formula: string | null;
  style: Style;
  validation: ValidationData | null;
  comment: CommentState | null;
  note: NoteState | null;
}

export interface ProtectionOptions {
  allowAutoFilter: boolean;
  allowDeleteColumns: boolean;
  allowDeleteRows: boolean;
  allowEditObjects: boolean;
  allowEditScenarios: boolean;
  allowFormatCells: boolean;
  allowFormatColumns: boolean;
  allowFormatRows: boolean;
  allowInsertColumns: boolean;
  allowInsertHyperlinks: boolean;
  allowInsertRows: boolean;
  allowPivotTables: boolean;
  allowSort: boolean;
  selectionMode: string;
}

export interface NameState {
  id: number;
  name: string;
  formula: string;
  comment: string;
  visible: boolean;
  scope: SheetState | null;
  deleted?: boolean;
}

export interface SheetState {
  id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor: string;
  showGridlines: boolean;
  cells: Map<number, Cell>;
  merges: Rect[];
  rowHeights: Map<number, number>;
  colWidths: Map<number, number>;
  rowStyles: Map<number, Style>;
  colStyles: Map<number, Style>;
  protection: { protected: boolean; options: ProtectionOptions; password: string | null };
  selection: Rect;
  names: NameState[];
  /** Print settings (Worksheet.pageLayout, ExcelApi 1.9). */
  pageLayout: PageLayoutState;
  deleted?: boolean;
}

/** Worksheet.pageLayout: print settings. Margins are in points, as the API reports them. */
export interface PageLayoutState {
  orientation: "Portrait" | "Landscape";
  paperSize: string;
  centerHorizontally: boolean;
  centerVertically: boolean;
  blackAndWhite: boolean;
  draftMode: boolean;
  printGridlines: boolean;
  printHeadings: boolean;
  printComments: string;
  printErrors: string;
  printOrder: string;
  firstPageNumber: number | "";
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
  /** Either a percentage scale or a fit to pages wide/tall (0 = automatic). */
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  printArea: Rect[] | null;
  printTitleRows: Rect | null;
  printTitleColumns: Rect | null;
}

/** Excel's "Normal" margins (0.7in left/right, 0.75in top/bottom, 0.3in header/footer), portrait, 100%. */
export function defaultPageLayout(): PageLayoutState {
  return {
    orientation: "Portrait",
    paperSize: "Letter",
    centerHorizontally: false,
    centerVertically: false,
    blackAndWhite: false,
    draftMode: false,
    printGridlines: false,
    printHeadings: false,
    printComments: "NoComments",
    printErrors: "AsDisplayed",
    printOrder: "DownThenOver",
    firstPageNumber: "",
    leftMargin: 50.4,
    rightMargin: 50.4,
    topMargin: 54,
    bottomMargin: 54,
    headerMargin: 21.6,
    footerMargin: 21.6,
    zoom: { scale: 100 },
    printArea: null,
    printTitleRows: null,
    printTitleColumns: null,
  };
}

export interface XmlPartState {
  id: string;
  xml: string;
  namespaceUri: string;
  deleted?: boolean;
}

export interface SettingState {
  key: string;
  value: unknown;
  deleted?: boolean;
}

export interface BookOptions {
  sheets?: string[];
  fontName?: string;
  fontSize?: number;
  rowHeight?: number;
  columnWidth?: number;
  author?: { name: string; email: string };
  /** Fixed creation date for comments (deterministic tests). */
  now?: () => Date;
}

export const DEFAULT_PROTECTION_OPTIONS: ProtectionOptions = {
  allowAutoFilter: false,
  allowDeleteColumns: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowEditScenarios: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
  allowInsertColumns: false,
  allowInsertHyperlinks: false,
  allowInsertRows: false,
  allowPivotTables: false,
  allowSort: false,
  selectionMode: "Normal",
};

export const DEFAULT_BORDER: Border = { style: "None", color: "#000000", weight: "Thin" };
export const DEFAULT_VALIDATION: ValidationData = {
  rule: null,
  prompt: { showPrompt: false, title: "", message: "" },
  errorAlert: { showAlert: true, style: "Stop", title: "", message: "" },
  ignoreBlanks: true,
};

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  purple: "#800080",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  lime: "#00FF00",
  aqua: "#00FFFF",
  cyan: "#00FFFF",
  magenta: "#FF00FF",
  fuchsia: "#FF00FF",
  maroon: "#800000",
  navy: "#000080",
  olive: "#808000",
  teal: "#008080",
  pink: "#FFC0CB",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
  darkgray: "#A9A9A9",
  lightyellow: "#FFFFE0",
  lightgreen: "#90EE90",
  lightblue: "#ADD8E6",
  gold: "#FFD700",
  brown: "#A52A2A",
  darkred: "#8B0000",
  darkgreen: "#006400",
  darkblue: "#00008B",
  salmon: "#FA8072",
};

export function normalizeColor(input: unknown, loc: string): string {
  if (typeof input !== "string" || input.trim() === "") throw invalidArg(loc);
  const s = input.trim();
  let m = /^#?([0-9a-fA-F]{6})$/.exec(s);
  if (m) return "#" + m[1].toUpperCase();
  m = /^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(s);
  if (m) return ("#" + m[1] + m[1] + m[2] + m[2] + m[3] + m[3]).toUpperCase();
  const named = NAMED_COLORS[s.toLowerCase()];
  if (named) return named;
  throw invalidArg(loc);
}

const key = (r: number, c: number) => r * MAX_COLS + c;
const unkey = (k: number): [number, number] => [Math.floor(k / MAX_COLS), k % MAX_COLS];

const BIG = 200_000;

function jsonClone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------- the book

export class Book {
  sheets: SheetState[] = [];
  names: NameState[] = [];
  settings: SettingState[] = [];
  xmlParts: XmlPartState[] = [];
  activeSheet!: SheetState;
  readonly defaultStyle: Style;
  readonly rowHeight: number;
  readonly columnWidth: number;
  readonly author: { name: string; email: string };
  private readonly now: () => Date;
  private ids = 0;
  private memo: Map<string, Scalar> | null = null;
  private evaluating = new Set<string>();
  private astCache = new Map<string, Ast | null>();

  constructor(opts: BookOptions = {}) {
    this.defaultStyle = Object.freeze({
      numberFormat: "General",
      fill: null,
      fontName: opts.fontName ?? "Calibri",
      fontSize: opts.fontSize ?? 11,
      fontColor: "#000000",
      bold: false,
      italic: false,
      underline: "None",
      strikethrough: false,
      horizontalAlignment: "General",
      verticalAlignment: "Bottom",
      wrapText: false,
      indentLevel: 0,
      locked: true,
      formulaHidden: false,
      borders: Object.freeze({}),
    }) as Style;
    this.rowHeight = opts.rowHeight ?? 15;
    this.columnWidth = opts.columnWidth ?? 48;
    this.author = opts.author ?? { name: "Test User", email: "test.user@example.com" };
    this.now = opts.now ?? (() => new Date());
    const names = opts.sheets ?? ["Sheet1"];
    if (names.length === 0) throw new Error("fake-excel: a workbook needs at least one sheet");
    for (const n of names) this.addSheet(n);
    this.activeSheet = this.sheets[0];
  }

  newGuid(): string {
    const n = (++this.ids).toString(16).toUpperCase().padStart(12, "0");
    return `{00000000-0000-4000-8000-${n}}`;
  }

  // ------------------------------------------------------------ sheets

  visibleSheets() {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  sheet(name: string): SheetState | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetOrThrow(name: string, loc?: string): SheetState {
    const s = this.sheet(name);
    if (!s) throw notFound(loc);
    return s;
  }

  validateSheetName(name: unknown, loc: string, except?: SheetState) {
    if (
      typeof name !== "string" ||
      name.length === 0 ||
      name.length > 31 ||
      /[\\/?*[\]:]/.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'") ||
      name.toLowerCase() === "history"
    )
      throw invalidArg(loc);
    const existing = this.sheet(name);
    if (existing && existing !== except) throw officeError("ItemAlreadyExists", undefined, loc);
  }

  addSheet(name?: string, loc = "WorksheetCollection.add"): SheetState {
    if (name === undefined || name === null) {
      let i = this.sheets.length + 1;
      while (this.sheet(`Sheet${i}`)) i++;
      name = `Sheet${i}`;
    }
    this.validateSheetName(name, loc);
    const s: SheetState = {
      id: this.newGuid(),
      name,
      visibility: "Visible",
      tabColor: "",
      showGridlines: true,
      cells: new Map(),
      merges: [],
      rowHeights: new Map(),
      colWidths: new Map(),
      rowStyles: new Map(),
      colStyles: new Map(),
      protection: { protected: false, options: { ...DEFAULT_PROTECTION_OPTIONS }, password: null },
      selection: { row: 0, col: 0, rows: 1, cols: 1 },
      names: [],
      pageLayout: defaultPageLayout(),
    };
    this.sheets.push(s);
    return s;
  }

  renameSheet(sheet: SheetState, newName: unknown, loc = "Worksheet.name") {
    if (newName === sheet.name) return;
    this.validateSheetName(newName, loc, sheet);
    const old = sheet.name;
    sheet.name = newName as string;
    this.rewriteAll((ref) =>
      sameSheet(ref.sheet, old) ? { ...ref, sheet: sheet.name } : undefined
    );
  }

  deleteSheet(sheet: SheetState, loc = "Worksheet.delete") {
    const visible = this.visibleSheets();
    if (sheet.visibility === "Visible" && visible.length <= 1)
      throw officeError("InvalidOperation", undefined, loc);
    const idx = this.sheets.indexOf(sheet);
    this.sheets.splice(idx, 1);
    sheet.deleted = true;
    for (const n of sheet.names) n.deleted = true;
    for (const c of sheet.cells.values()) {
      if (c.comment) c.comment.deleted = true;
      if (c.note) c.note.deleted = true;
    }
    this.rewriteAll((ref) => (sameSheet(ref.sheet, sheet.name) ? { raw: "#REF!" } : undefined));
    if (this.activeSheet === sheet) {
      const vis = this.visibleSheets();
      this.activeSheet = vis[Math.min(idx, vis.length - 1)] ?? vis[0];
    }
  }

  moveSheet(sheet: SheetState, position: unknown, loc = "Worksheet.position") {
    if (
      typeof position !== "number" ||
      !Number.isInteger(position) ||
      position < 0 ||
      position >= this.sheets.length
    )
      throw invalidArg(loc);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  setVisibility(sheet: SheetState, v: unknown, loc = "Worksheet.visibility") {
    if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") throw invalidArg(loc);
    if (v !== "Visible" && sheet.visibility === "Visible" && this.visibleSheets().length <= 1)
      throw officeError("InvalidOperation", undefined, loc);
    sheet.visibility = v;
    if (v !== "Visible" && this.activeSheet === sheet) this.activeSheet = this.visibleSheets()[0];
  }

  activate(sheet: SheetState, loc = "Worksheet.activate") {
    if (sheet.visibility !== "Visible") throw officeError("InvalidOperation", undefined, loc);
    this.activeSheet = sheet;
  }

  select(sheet: SheetState, rect: Rect, loc = "Range.select") {
    this.activate(sheet, loc);
    sheet.selection = { ...rect };
  }

  // ------------------------------------------------------------ addresses

  /** Resolve "Sheet1!A1:B2" (or "A1" relative to defaultSheet). */
  resolveAddress(
    address: unknown,
    defaultSheet: SheetState | undefined,
    loc: string
  ): { sheet: SheetState; rect: Rect; parsed: ParsedAddress } {
    if (typeof address !== "string") throw invalidArg(loc);
    const parsed = parseAddress(address);
    if (!parsed) throw invalidArg(loc);
    const sheet = parsed.sheet !== undefined ? this.sheet(parsed.sheet) : defaultSheet;
    if (!sheet) throw parsed.sheet !== undefined ? notFound(loc) : invalidArg(loc);
    return { sheet, rect: parsed.rect, parsed };
  }

  // ------------------------------------------------------------ cells

  cell(sheet: SheetState, r: number, c: number): Cell | undefined {
    return sheet.cells.get(key(r, c));
  }

  effectiveStyle(sheet: SheetState, r: number, c: number): Style {
    return (
      sheet.cells.get(key(r, c))?.style ??
      sheet.rowStyles.get(r) ??
      sheet.colStyles.get(c) ??
      this.defaultStyle
    );
  }

  ensureCell(sheet: SheetState, r: number, c: number): Cell {
    const k = key(r, c);
    let cell = sheet.cells.get(k);
    if (!cell) {
      cell = {
        value: null,
        formula: null,
        style: this.effectiveStyle(sheet, r, c),
        validation: null,
        comment: null,
        note: null,
      };
      sheet.cells.set(k, cell);
    }
    return cell;
  }

  private tidy(sheet: SheetState, r: number, c: number) {
    const k = key(r, c);
    const cell = sheet.cells.get(k);
    if (
      cell &&
      cell.value === null &&
      cell.formula === null &&
      cell.style === this.defaultStyle &&
      !cell.validation &&
      !cell.comment &&
      !cell.note
    )
      sheet.cells.delete(k);
  }

  /** Visit existing cells inside rect (sparse). */
  eachExisting(sheet: SheetState, rect: Rect, fn: (r: number, c: number, cell: Cell) => void) {
    if (cellCount(rect) <= sheet.cells.size * 4 && cellCount(rect) < BIG) {
      for (let r = rect.row; r <= lastRow(rect); r++)
        for (let c = rect.col; c <= lastCol(rect); c++) {
          const cell = sheet.cells.get(key(r, c));
          if (cell) fn(r, c, cell);
        }
      return;
    }
    for (const [k, cell] of [...sheet.cells]) {
      const [r, c] = unkey(k);
      if (r >= rect.row && r <= lastRow(rect) && c >= rect.col && c <= lastCol(rect))
        fn(r, c, cell);
    }
  }

  private eachPos(rect: Rect, fn: (r: number, c: number, i: number, j: number) => void) {
    for (let i = 0; i < rect.rows; i++)
      for (let j = 0; j < rect.cols; j++) fn(rect.row + i, rect.col + j, i, j);
  }

  private grid<T>(rect: Rect, fn: (r: number, c: number) => T): T[][] {
    if (cellCount(rect) > 5_000_000)
      throw officeError(
        "ResponsePayloadSizeLimitExceeded",
        "The response payload size has exceeded the limit."
      );
    const out: T[][] = [];
    for (let i = 0; i < rect.rows; i++) {
      const row: T[] = [];
      for (let j = 0; j < rect.cols; j++) row.push(fn(rect.row + i, rect.col + j));
      out.push(row);
    }
    return out;
  }

  // ------------------------------------------------------------ evaluation

  /** Run a read with a shared evaluation memo (formulas are evaluated lazily on read). */
  reading<T>(fn: () => T): T {
    if (this.memo) return fn();
    this.memo = new Map();
    try {
      return fn();
    } finally {
      this.memo = null;
    }
  }

  private ast(formula: string): Ast | null {
    if (!this.astCache.has(formula)) this.astCache.set(formula, parseFormula(formula));
    return this.astCache.get(formula)!;
  }

  private env(host: SheetState | undefined): EvalEnv {
    const sheetOf = (name: string | undefined) => (name === undefined ? host : this.sheet(name));
    return {
      cell: (s, r, c) => {
        const sh = sheetOf(s);
        return sh ? this.value(sh, r, c) : err("#REF!");
      },
      eachCell: (s, rect, fn) => {
        const sh = sheetOf(s);
        if (!sh) return fn(err("#REF!"));
        this.eachExisting(sh, rect, (r, c) => fn(this.value(sh, r, c)));
      },
      sheetExists: (s) => !!this.sheet(s),
      name: (n, s) => {
        const scopeSheet = s !== undefined ? this.sheet(s) : host;
        const found = this.findName(scopeSheet ?? null, n, true);
        return found ? this.ast(found.formula) : null;
      },
    };
  }

  /** Evaluated value of a cell (null = empty). */
  value(sheet: SheetState, r: number, c: number): Scalar {
    const cell = sheet.cells.get(key(r, c));
    if (!cell) return null;
    if (cell.formula === null) return cell.value;
    const id = `${sheet.id}:${r}:${c}`;
    if (this.memo?.has(id)) return this.memo.get(id)!;
    if (this.evaluating.has(id)) return 0; // circular reference: Excel shows 0
    this.evaluating.add(id);
    let v: Scalar;
    try {
      const ast = this.ast(cell.formula);
      v = ast ? evaluate(ast, this.env(sheet)) : (cell.value ?? err("#NAME?"));
      if (v === null) v = 0;
    } catch (e) {
      if (!(e instanceof UnknownFunction)) throw e;
      v = cell.value ?? err("#NAME?");
    } finally {
      this.evaluating.delete(id);
    }
    this.memo?.set(id, v);
    return v;
  }

  // ------------------------------------------------------------ protection

  assertUnlocked(sheet: SheetState, rect: Rect, loc: string) {
    if (!sheet.protection.protected) return;
    if (cellCount(rect) > BIG) throw officeError("AccessDenied", PROTECTED_SHEET_MESSAGE, loc);
    this.eachPos(rect, (r, c) => {
      if (this.effectiveStyle(sheet, r, c).locked)
        throw officeError("AccessDenied", PROTECTED_SHEET_MESSAGE, loc);
    });
  }

  assertAllowed(sheet: SheetState, option: keyof ProtectionOptions | null, loc: string) {
    if (!sheet.protection.protected) return;
    if (option && sheet.protection.options[option] === true) return;
    throw officeError("AccessDenied", PROTECTED_SHEET_MESSAGE, loc);
  }

  protect(
    sheet: SheetState,
    options: Partial<ProtectionOptions> | undefined,
    password: string | undefined,
    loc = "WorksheetProtection.protect"
  ) {
    if (sheet.protection.protected) throw officeError("AccessDenied", undefined, loc);
    if (options !== undefined && (typeof options !== "object" || options === null))
      throw invalidArg(loc);
    sheet.protection = {
      protected: true,
      options: { ...DEFAULT_PROTECTION_OPTIONS, ...(options ?? {}) },
      password: password ?? null,
    };
  }

  unprotect(
    sheet: SheetState,
    password: string | undefined,
    loc = "WorksheetProtection.unprotect"
  ) {
    if (!sheet.protection.protected) return;
    if (sheet.protection.password && sheet.protection.password !== password) throw invalidArg(loc);
    sheet.protection = { protected: false, options: sheet.protection.options, password: null };
  }

  // ------------------------------------------------------------ merges

  mergeAt(sheet: SheetState, r: number, c: number): Rect | undefined {
    return sheet.merges.find((m) => r >= m.row && r <= lastRow(m) && c >= m.col && c <= lastCol(m));
  }

  private hiddenByMerge(sheet: SheetState, r: number, c: number) {
    const m = this.mergeAt(sheet, r, c);
    return !!m && (m.row !== r || m.col !== c);
  }

  merge(sheet: SheetState, rect: Rect, across: boolean, loc = "Range.merge") {
    this.assertAllowed(sheet, null, loc);
    const targets: Rect[] = across
      ? Array.from({ length: rect.rows }, (_, i) => ({
          row: rect.row + i,
          col: rect.col,
          rows: 1,
          cols: rect.cols,
        }))
      : [rect];
    for (const t of targets) {
      if (t.rows === 1 && t.cols === 1) continue;
      const overlapping = sheet.merges.filter((m) => intersect(m, t));
      if (overlapping.some((m) => !contains(t, m)))
        throw officeError(
          "InvalidOperation",
          "Cannot merge cells that partially overlap an existing merged area.",
          loc
        );
      sheet.merges = sheet.merges.filter((m) => !overlapping.includes(m));
      // Merging an area whose upper-left cell is blank loses the fills and borders set on its cells before the merge
      // (office-js #6405 case 2, #6557: "call merge BEFORE setting fill properties", or put a value in the
      // upper-left cell first). Set formats after merging.
      const head = this.cell(sheet, t.row, t.col);
      if (!head || (head.value === null && head.formula === null))
        this.patchStyle(sheet, t, (s) => ({ ...s, fill: null, borders: {} }), loc, true);
      // Only the upper-left value survives a merge.
      this.eachExisting(sheet, t, (r, c, cell) => {
        if (r === t.row && c === t.col) return;
        cell.value = null;
        cell.formula = null;
        this.tidy(sheet, r, c);
      });
      sheet.merges.push({ ...t });
    }
  }

  unmerge(sheet: SheetState, rect: Rect, loc = "Range.unmerge") {
    this.assertAllowed(sheet, null, loc);
    sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
  }

  mergedAreas(sheet: SheetState, rect: Rect): Rect[] {
    return sheet.merges
      .filter((m) => intersect(m, rect))
      .sort((a, b) => a.row - b.row || a.col - b.col);
  }

  // ------------------------------------------------------------ values / formulas / number formats

  /** Interpret one input value as Excel does for Range.values. */
  private interpret(
    v: unknown,
    numberFormat: string,
    loc: string
  ): { value?: Scalar; formula?: string; numberFormat?: string } | "skip" | "clear" {
    if (v === null || v === undefined) return "skip";
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw invalidArg(loc);
      return { value: v };
    }
    if (typeof v === "boolean") return { value: v };
    if (typeof v !== "string") throw invalidArg(loc);
    if (v === "") return "clear";
    if (numberFormat === "@") return { value: v };
    if (v.startsWith("=") && v.length > 1) return { formula: normalizeFormula(v) };
    if (v.startsWith("'")) return { value: v.slice(1) };
    const t = v.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { value: Number(t) };
    let m = /^([+-]?(\d+\.?\d*|\.\d+))%$/.exec(t);
    if (m) return { value: Number(m[1]) / 100, numberFormat: m[1].includes(".") ? "0.00%" : "0%" };
    m = /^([+-]?\d{1,3}(,\d{3})+)(\.\d+)?$/.exec(t);
    if (m) return { value: Number(t.replace(/,/g, "")), numberFormat: m[3] ? "#,##0.00" : "#,##0" };
    if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === "true" };
    const e = ERROR_LITERALS.find((l) => l === t.toUpperCase());
    if (e) return { value: err(e) };
    if ((v.startsWith("+") || v.startsWith("-")) && parseFormula("=" + v))
      return { formula: normalizeFormula("=" + v) };
    return { value: v };
  }

  private shapeCheck(
    input: unknown,
    rect: Rect,
    loc: string
  ): { scalar: true; v: unknown } | { scalar: false; v: unknown[][] } {
    if (!Array.isArray(input)) {
      if (input === null || input === undefined) throw invalidArg(loc);
      return { scalar: true, v: input };
    }
    if (
      input.length !== rect.rows ||
      input.some((row) => !Array.isArray(row) || row.length !== rect.cols)
    )
      throw invalidArg(
        loc,
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range.`
      );
    return { scalar: false, v: input as unknown[][] };
  }

  private applyContent(sheet: SheetState, r: number, c: number, raw: unknown, loc: string) {
    if (this.hiddenByMerge(sheet, r, c)) return;
    const nf = this.effectiveStyle(sheet, r, c).numberFormat;
    const parsed = this.interpret(raw, nf, loc);
    if (parsed === "skip") return;
    if (parsed === "clear") {
      const cell = this.cell(sheet, r, c);
      if (cell) {
        cell.value = null;
        cell.formula = null;
        this.tidy(sheet, r, c);
      }
      return;
    }
    const cell = this.ensureCell(sheet, r, c);
    cell.formula = parsed.formula ?? null;
    cell.value = parsed.value ?? null;
    if (parsed.numberFormat && nf === "General")
      cell.style = { ...cell.style, numberFormat: parsed.numberFormat };
  }

  writeValues(sheet: SheetState, rect: Rect, input: unknown, loc = "Range.values") {
    const shaped = this.shapeCheck(input, rect, loc);
    this.assertUnlocked(sheet, rect, loc);
    if (cellCount(rect) > BIG && shaped.scalar)
      throw officeError("RangeExceedsLimit", undefined, loc);
    this.eachPos(rect, (r, c, i, j) =>
      this.applyContent(sheet, r, c, shaped.scalar ? shaped.v : shaped.v[i][j], loc)
    );
  }

  writeFormulas(sheet: SheetState, rect: Rect, input: unknown, loc = "Range.formulas") {
    const shaped = this.shapeCheck(input, rect, loc);
    this.assertUnlocked(sheet, rect, loc);
    if (cellCount(rect) > BIG && shaped.scalar)
      throw officeError("RangeExceedsLimit", undefined, loc);
    this.eachPos(rect, (r, c, i, j) => {
      let v = shaped.scalar ? shaped.v : shaped.v[i][j];
      // A single formula written to many cells is filled like Ctrl+Enter: relative refs move.
      if (shaped.scalar && typeof v === "string" && v.startsWith("=") && (i || j))
        v = rewriteFormula(v, (ref) => offsetRef(ref, i, j));
      this.applyContent(sheet, r, c, v, loc);
    });
  }

  writeNumberFormat(sheet: SheetState, rect: Rect, input: unknown, loc = "Range.numberFormat") {
    const shaped = this.shapeCheck(input, rect, loc);
    this.assertAllowed(sheet, "allowFormatCells", loc);
    this.patchStyle(
      sheet,
      rect,
      (s, i, j) => {
        const v = shaped.scalar ? shaped.v : shaped.v[i][j];
        if (v === null || v === undefined) return s;
        if (typeof v !== "string") throw invalidArg(loc);
        return { ...s, numberFormat: v === "" ? "General" : v };
      },
      loc,
      true
    );
  }

  readValues(sheet: SheetState, rect: Rect): (number | string | boolean)[][] {
    return this.reading(() => this.grid(rect, (r, c) => toApiValue(this.value(sheet, r, c))));
  }

  readFormulas(sheet: SheetState, rect: Rect): (number | string | boolean)[][] {
    return this.grid(rect, (r, c) => {
      const cell = this.cell(sheet, r, c);
      if (!cell) return "";
      return cell.formula ?? toApiValue(cell.value);
    });
  }

  readValueTypes(sheet: SheetState, rect: Rect): string[][] {
    return this.reading(() =>
      this.grid(rect, (r, c) => {
        const v = this.value(sheet, r, c);
        if (v === null) return "Empty";
        if (typeof v === "number") return "Double";
        if (typeof v === "boolean") return "Boolean";
        if (isError(v)) return "Error";
        return "String";
      })
    );
  }

  readText(sheet: SheetState, rect: Rect): string[][] {
    return this.reading(() => this.grid(rect, (r, c) => this.textOf(sheet, r, c)));
  }

  textOf(sheet: SheetState, r: number, c: number): string {
    const v = this.value(sheet, r, c);
    const nf = this.effectiveStyle(sheet, r, c).numberFormat;
    if (v === null) return "";
    if (typeof v === "number") return formatNumber(v, nf);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if (isError(v)) return v.error;
    return formatText(v, nf);
  }

  readNumberFormat(sheet: SheetState, rect: Rect): string[][] {
    return this.grid(rect, (r, c) => this.effectiveStyle(sheet, r, c).numberFormat);
  }

  // ------------------------------------------------------------ styles

  /**
   * Apply fn to the style of every cell of rect. For entire rows/columns the
   * row/column default style is patched too, so that the sheet stays sparse.
   */
  patchStyle(
    sheet: SheetState,
    rect: Rect,
    fn: (s: Style, i: number, j: number) => Style,
    loc: string,
    skipCheck = false
  ) {
    if (!skipCheck) this.assertAllowed(sheet, "allowFormatCells", loc);
    const rowsWide = isEntireRows(rect),
      colsWide = isEntireCols(rect);
    if ((rowsWide || colsWide) && cellCount(rect) > BIG) {
      if (rowsWide)
        for (let r = rect.row; r <= lastRow(rect); r++)
          sheet.rowStyles.set(r, fn(sheet.rowStyles.get(r) ?? this.defaultStyle, r - rect.row, 0));
      else
        for (let c = rect.col; c <= lastCol(rect); c++)
          sheet.colStyles.set(c, fn(sheet.colStyles.get(c) ?? this.defaultStyle, 0, c - rect.col));
      this.eachExisting(sheet, rect, (r, c, cell) => {
        cell.style = fn(cell.style, r - rect.row, c - rect.col);
        this.tidy(sheet, r, c);
      });
      return;
    }
    if (cellCount(rect) > BIG) throw officeError("RangeExceedsLimit", undefined, loc);
    this.eachPos(rect, (r, c, i, j) => {
      const before = this.effectiveStyle(sheet, r, c);
      const after = fn(before, i, j);
      if (after === before) return;
      const cell = this.ensureCell(sheet, r, c);
      cell.style = sameJson(after, this.defaultStyle) ? this.defaultStyle : after;
      this.tidy(sheet, r, c);
    });
  }

  /** Distinct styles over rect (for "mixed reads as null"). */
  private stylesIn(sheet: SheetState, rect: Rect): Style[] {
    const set = new Set<Style>();
    if (cellCount(rect) <= BIG) {
      this.eachPos(rect, (r, c) => set.add(this.effectiveStyle(sheet, r, c)));
      return [...set];
    }
    // Large ranges: explicit cells, plus the row / column / default style of the uncovered positions.
    this.eachExisting(sheet, rect, (_r, _c, cell) => set.add(cell.style));
    for (const [r, s] of sheet.rowStyles) if (r >= rect.row && r <= lastRow(rect)) set.add(s);
    const colFallback = (c: number) => sheet.colStyles.get(c) ?? this.defaultStyle;
    if (isEntireCols(rect) || rect.rows > sheet.rowStyles.size) {
      for (let c = rect.col; c <= lastCol(rect); c++) set.add(colFallback(c));
    } else {
      for (let r = rect.row; r <= lastRow(rect); r++)
        if (!sheet.rowStyles.has(r))
          for (let c = rect.col; c <= lastCol(rect); c++) set.add(colFallback(c));
    }
    return [...set];
  }

  /** The common value of a style property over rect, or null when cells differ. */
  readStyle<T>(sheet: SheetState, rect: Rect, get: (s: Style) => T): T | null {
    const styles = this.stylesIn(sheet, rect);
    const first = get(styles[0]);
    for (const s of styles) if (!sameJson(get(s), first)) return null;
    return first;
  }

  // Borders --------------------------------------------------------------

  /** Which (cell, side) pairs a BorderIndex covers for rect. */
  private borderTargets(
    rect: Rect,
    index: string,
    loc: string
  ): Array<{ rect: Rect; sides: Side[] }> {
    const top = { ...rect, rows: 1 };
    const bottom = { ...rect, row: lastRow(rect), rows: 1 };
    const left = { ...rect, cols: 1 };
    const right = { ...rect, col: lastCol(rect), cols: 1 };
    switch (index) {
      case "EdgeTop":
        return [{ rect: top, sides: ["top"] }];
      case "EdgeBottom":
        return [{ rect: bottom, sides: ["bottom"] }];
      case "EdgeLeft":
        return [{ rect: left, sides: ["left"] }];
      case "EdgeRight":
        return [{ rect: right, sides: ["right"] }];
      case "InsideHorizontal":
        if (rect.rows < 2) return [];
        return [
          { rect: { ...rect, rows: rect.rows - 1 }, sides: ["bottom"] },
          { rect: { ...rect, row: rect.row + 1, rows: rect.rows - 1 }, sides: ["top"] },
        ];
      case "InsideVertical":
        if (rect.cols < 2) return [];
        return [
          { rect: { ...rect, cols: rect.cols - 1 }, sides: ["right"] },
          { rect: { ...rect, col: rect.col + 1, cols: rect.cols - 1 }, sides: ["left"] },
        ];
      case "DiagonalDown":
        return [{ rect, sides: ["diagonalDown"] }];
      case "DiagonalUp":
        return [{ rect, sides: ["diagonalUp"] }];
      default:
        throw invalidArg(loc);
    }
  }

  writeBorder(sheet: SheetState, rect: Rect, index: string, patch: Partial<Border>, loc: string) {
    this.assertAllowed(sheet, "allowFormatCells", loc);
    for (const t of this.borderTargets(rect, index, loc))
      this.patchStyle(
        sheet,
        t.rect,
        (s) => {
          const borders = { ...s.borders };
          for (const side of t.sides) {
            const cur = borders[side] ?? DEFAULT_BORDER;
            let next: Border = { ...cur, ...patch };
            // Giving a colour or weight to a missing border draws a continuous line.
            if (patch.style === undefined && next.style === "None")
              next = { ...next, style: "Continuous" };
            if (next.style === "None") delete borders[side];
            else borders[side] = next;
          }
          return { ...s, borders };
        },
        loc,
        true
      );
  }

  readBorder(
    sheet: SheetState,
    rect: Rect,
    index: string,
    loc: string
  ): { style: string | null; color: string | null; weight: string | null } {
    const targets = this.borderTargets(rect, index, loc);
    if (targets.length === 0) return { ...DEFAULT_BORDER };
    const t = targets[0];
    const side = t.sides[0];
    const get = (s: Style) => s.borders[side] ?? DEFAULT_BORDER;
    return {
      style: this.readStyle(sheet, t.rect, (s) => get(s).style),
      color: this.readStyle(sheet, t.rect, (s) => get(s).color),
      weight: this.readStyle(sheet, t.rect, (s) => get(s).weight),
    };
  }

  // Column widths / row heights -------------------------------------------

  readColumnWidth(sheet: SheetState, rect: Rect): number | null {
    let v: number | undefined;
    for (let c = rect.col; c <= lastCol(rect); c++) {
      const w = sheet.colWidths.get(c) ?? this.columnWidth;
      if (v === undefined) v = w;
      else if (v !== w) return null;
    }
    return v ?? null;
  }

  writeColumnWidth(sheet: SheetState, rect: Rect, w: unknown, loc: string) {
    if (typeof w !== "number" || !(w >= 0)) throw invalidArg(loc);
    this.assertAllowed(sheet, "allowFormatColumns", loc);
    for (let c = rect.col; c <= lastCol(rect); c++) sheet.colWidths.set(c, w);
  }

  readRowHeight(sheet: SheetState, rect: Rect): number | null {
    let v: number | undefined;
    const end = Math.min(lastRow(rect), rect.row + BIG);
    for (let r = rect.row; r <= end; r++) {
      const h = sheet.rowHeights.get(r) ?? this.rowHeight;
      if (v === undefined) v = h;
      else if (v !== h) return null;
    }
    return v ?? null;
  }

  writeRowHeight(sheet: SheetState, rect: Rect, h: unknown, loc: string) {
    if (typeof h !== "number" || !(h >= 0)) throw invalidArg(loc);
    this.assertAllowed(sheet, "allowFormatRows", loc);
    for (let r = rect.row; r <= lastRow(rect); r++) sheet.rowHeights.set(r, h);
  }

  // ------------------------------------------------------------ clear

  clear(sheet: SheetState, rect: Rect, applyTo: unknown = "All", loc = "Range.clear") {
    const mode = applyTo ?? "All";
    if (
      !["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks", "ResetContents"].includes(
        mode as string
      )
    )
      throw invalidArg(loc);
    const contents = mode === "All" || mode === "Contents" || mode === "ResetContents";
    const formats = mode === "All" || mode === "Formats";
    if (contents) this.assertUnlocked(sheet, rect, loc);
    if (formats) this.assertAllowed(sheet, "allowFormatCells", loc);
    if (formats) {
      sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
      if (isEntireRows(rect))
        for (let r = rect.row; r <= lastRow(rect); r++) sheet.rowStyles.delete(r);
      if (isEntireCols(rect))
        for (let c = rect.col; c <= lastCol(rect); c++) sheet.colStyles.delete(c);
    }
    this.eachExisting(sheet, rect, (r, c, cell) => {
      if (contents) {
        cell.value = null;
        cell.formula = null;
      }
      if (formats) cell.style = this.defaultStyle;
      if (mode === "All") {
        if (cell.comment) cell.comment.deleted = true;
        if (cell.note) cell.note.deleted = true;
        cell.comment = null;
        cell.note = null;
      }
      this.tidy(sheet, r, c);
    });
  }

  // ------------------------------------------------------------ used range

  usedRange(sheet: SheetState, valuesOnly: boolean): Rect | null {
    let r1 = Infinity,
      c1 = Infinity,
      r2 = -1,
      c2 = -1;
    for (const [k, cell] of sheet.cells) {
      const hasValue = cell.formula !== null || (cell.value !== null && cell.value !== "");
      if (
        valuesOnly ? !hasValue : !hasValue && cell.style === this.defaultStyle && !cell.validation
      )
        continue;
      const [r, c] = unkey(k);
      r1 = Math.min(r1, r);
      c1 = Math.min(c1, c);
      r2 = Math.max(r2, r);
      c2 = Math.max(c2, c);
    }
    if (r2 < 0) return null;
    return rectFromCorners(r1, c1, r2, c2);
  }

  // ------------------------------------------------------------ insert / delete

  insert(sheet: SheetState, rect: Rect, shift: unknown, loc = "Range.insert"): Rect {
    if (shift !== "Down" && shift !== "Right") throw invalidArg(loc);
    const rows = shift === "Down";
    if ((rows && isEntireCols(rect)) || (!rows && isEntireRows(rect))) throw invalidArg(loc);
    const full = rows ? isEntireRows(rect) : isEntireCols(rect);
    this.assertAllowed(sheet, full ? (rows ? "allowInsertRows" : "allowInsertColumns") : null, loc);
    const spec: ShiftSpec = {
      sheet: sheet.name,
      axis: rows ? "rows" : "cols",
      at: rows ? rect.row : rect.col,
      count: rows ? rect.rows : rect.cols,
      span: full ? undefined : rows ? [rect.col, lastCol(rect)] : [rect.row, lastRow(rect)],
    };
    this.shift(sheet, spec, loc);
    return rect;
  }

  deleteCells(sheet: SheetState, rect: Rect, shift: unknown, loc = "Range.delete") {
    if (shift !== "Up" && shift !== "Left") throw invalidArg(loc);
    const rows = shift === "Up";
    if ((rows && isEntireCols(rect)) || (!rows && isEntireRows(rect))) throw invalidArg(loc);
    const full = rows ? isEntireRows(rect) : isEntireCols(rect);
    this.assertAllowed(sheet, full ? (rows ? "allowDeleteRows" : "allowDeleteColumns") : null, loc);
    const spec: ShiftSpec = {
      sheet: sheet.name,
      axis: rows ? "rows" : "cols",
      at: rows ? rect.row : rect.col,
      count: -(rows ? rect.rows : rect.cols),
      span: full ? undefined : rows ? [rect.col, lastCol(rect)] : [rect.row, lastRow(rect)],
    };
    this.shift(sheet, spec, loc);
  }

  /** Move cells, merges, row/column formats and every reference for an insert (count>0) or delete (count<0). */
  private shift(sheet: SheetState, spec: ShiftSpec, loc: string) {
    const rows = spec.axis === "rows";
    const max = rows ? MAX_ROWS : MAX_COLS;
    const { at, count, span } = spec;
    const pos = (r: number, c: number) => (rows ? r : c);
    const other = (r: number, c: number) => (rows ? c : r);
    const inSpan = (r: number, c: number) =>
      !span || (other(r, c) >= span[0] && other(r, c) <= span[1]);
    const conflict = () => officeError("InsertDeleteConflict", undefined, loc);

    // 1. Validate before mutating anything.
    for (const m of sheet.merges) {
      if (!span) continue;
      const [o1, o2] = rows ? [m.col, lastCol(m)] : [m.row, lastRow(m)];
      const hi = rows ? lastRow(m) : lastCol(m);
      const overlapsSpan = o2 >= span[0] && o1 <= span[1];
      const insideSpan = o1 >= span[0] && o2 <= span[1];
      if (overlapsSpan && !insideSpan && hi >= at) throw conflict();
    }
    if (count > 0)
      for (const [k, cell] of sheet.cells) {
        const [r, c] = unkey(k);
        if (
          inSpan(r, c) &&
          pos(r, c) + count >= max &&
          (cell.value !== null || cell.formula !== null)
        )
          throw officeError("NonBlankCellOffSheet", undefined, loc);
      }

    // 2. References everywhere (formulas, defined names).
    this.rewriteAll((ref, host) => shiftRef(ref, spec, host?.name));

    // 3. Cells.
    const moved = new Map<number, Cell>();
    for (const [k, cell] of sheet.cells) {
      const [r, c] = unkey(k);
      if (!inSpan(r, c)) {
        moved.set(k, cell);
        continue;
      }
      const p = pos(r, c);
      let np: number;
      if (count > 0) np = p >= at ? p + count : p;
      else {
        if (p >= at && p < at - count) {
          if (cell.comment) cell.comment.deleted = true;
          if (cell.note) cell.note.deleted = true;
          continue;
        }
        np = p >= at - count ? p + count : p;
      }
      if (np >= max) continue;
      moved.set(rows ? key(np, c) : key(r, np), cell);
    }
    sheet.cells = moved;

    // 4. Inserted cells take the format of the row above / column to the left;
    //    data validation extends when the insertion is inside a validated block.
    if (count > 0 && at > 0) {
      const src = at - 1;
      const below = at + count;
      const sources: Array<[number, Cell]> = [];
      for (const [k, cell] of sheet.cells) {
        const [r, c] = unkey(k);
        if (pos(r, c) === src && inSpan(r, c)) sources.push([other(r, c), cell]);
      }
      for (const [o, srcCell] of sources) {
        const belowCell = sheet.cells.get(rows ? key(below, o) : key(o, below));
        const validation =
          srcCell.validation && belowCell?.validation === srcCell.validation
            ? srcCell.validation
            : null;
        if (srcCell.style === this.defaultStyle && !validation) continue;
        for (let p = at; p < at + count; p++) {
          const cell: Cell = {
            value: null,
            formula: null,
            style: srcCell.style,
            validation,
            comment: null,
            note: null,
          };
          sheet.cells.set(rows ? key(p, o) : key(o, p), cell);
        }
      }
    }

    // 5. Merges.
    const merges: Rect[] = [];
    for (const m of sheet.merges) {
      const [o1, o2] = rows ? [m.col, lastCol(m)] : [m.row, lastRow(m)];
      if (span && (o2 < span[0] || o1 > span[1])) {
        merges.push(m);
        continue;
      }
      const [lo, hi] = rows ? [m.row, lastRow(m)] : [m.col, lastCol(m)];
      const iv = shiftInterval(lo, hi, at, count, max);
      if (!iv) continue;
      const next = rows
        ? { ...m, row: iv[0], rows: iv[1] - iv[0] + 1 }
        : { ...m, col: iv[0], cols: iv[1] - iv[0] + 1 };
      if (next.rows * next.cols > 1) merges.push(next);
    }
    sheet.merges = merges;

    // 6. Row heights / column widths / row & column styles (entire rows/columns only).
    if (!span) {
      const shiftMap = <T>(m: Map<number, T>) => {
        const out = new Map<number, T>();
        for (const [p, v] of m) {
          if (count > 0) out.set(p >= at ? p + count : p, v);
          else if (p < at) out.set(p, v);
          else if (p >= at - count) out.set(p + count, v);
        }
        if (count > 0 && at > 0 && m.has(at - 1))
          for (let p = at; p < at + count; p++) out.set(p, m.get(at - 1)!);
        for (const p of [...out.keys()]) if (p >= max || p < 0) out.delete(p);
        return out;
      };
      if (rows) {
        sheet.rowHeights = shiftMap(sheet.rowHeights);
        sheet.rowStyles = shiftMap(sheet.rowStyles);
      } else {
        sheet.colWidths = shiftMap(sheet.colWidths);
        sheet.colStyles = shiftMap(sheet.colStyles);
      }
    }
  }

  /** Apply a reference rewrite to every formula of the workbook (cells and defined names). */
  rewriteAll(
    fn: (
      ref: RefTok,
      host: SheetState | undefined
    ) => RefTok | "#REF!" | { raw: string } | undefined
  ) {
    for (const sheet of this.sheets)
      for (const cell of sheet.cells.values())
        if (cell.formula !== null)
          cell.formula = rewriteFormula(cell.formula, (ref) => fn(ref, sheet));
    for (const n of this.allNames())
      n.formula = rewriteFormula(n.formula, (ref) => fn(ref, n.scope ?? undefined));
  }

  // ------------------------------------------------------------ data validation

  readValidation(sheet: SheetState, rect: Rect): ValidationData | "Inconsistent" {
    let first: ValidationData | undefined;
    let same = true;
    const visit = (v: ValidationData) => {
      if (!first) first = v;
      else if (v !== first && !sameJson(v, first)) same = false;
    };
    if (cellCount(rect) <= BIG)
      this.eachPos(rect, (r, c) => visit(this.cell(sheet, r, c)?.validation ?? DEFAULT_VALIDATION));
    else {
      this.eachExisting(sheet, rect, (_r, _c, cell) =>
        visit(cell.validation ?? DEFAULT_VALIDATION)
      );
      visit(DEFAULT_VALIDATION);
    }
    return same ? (first ?? DEFAULT_VALIDATION) : "Inconsistent";
  }

  validationType(v: ValidationData | "Inconsistent"): string {
    if (v === "Inconsistent") return "Inconsistent";
    if (!v.rule) return "None";
    const k = Object.keys(v.rule)[0];
    return (
      {
        wholeNumber: "WholeNumber",
        decimal: "Decimal",
        list: "List",
        date: "Date",
        time: "Time",
        textLength: "TextLength",
        custom: "Custom",
      }[k] ?? "None"
    );
  }

  /** Patch the validation of every cell; cells that shared a validation keep sharing one. */
  patchValidation(
    sheet: SheetState,
    rect: Rect,
    patch: (v: ValidationData) => ValidationData | null,
    loc: string
  ) {
    this.assertAllowed(sheet, null, loc);
    if (cellCount(rect) > BIG) throw officeError("RangeExceedsLimit", undefined, loc);
    const mapped = new Map<ValidationData | null, ValidationData | null>();
    this.eachPos(rect, (r, c) => {
      const before = this.cell(sheet, r, c)?.validation ?? null;
      if (!mapped.has(before)) mapped.set(before, patch(before ?? DEFAULT_VALIDATION));
      const after = mapped.get(before)!;
      if (after === null && !before) return;
      const cell = this.ensureCell(sheet, r, c);
      cell.validation = after;
      this.tidy(sheet, r, c);
    });
  }

  normalizeRule(rule: unknown, loc: string): Record<string, unknown> {
    if (typeof rule !== "object" || rule === null) throw invalidArg(loc);
    const keys = Object.keys(rule).filter(
      (k) => (rule as Record<string, unknown>)[k] !== undefined
    );
    const allowed = ["wholeNumber", "decimal", "textLength", "date", "time", "list", "custom"];
    if (keys.length !== 1 || !allowed.includes(keys[0])) throw invalidArg(loc);
    const k = keys[0];
    const body = (rule as Record<string, Record<string, unknown>>)[k];
    if (typeof body !== "object" || body === null) throw invalidArg(loc);
    const ops = [
      "Between",
      "NotBetween",
      "EqualTo",
      "NotEqualTo",
      "GreaterThan",
      "LessThan",
      "GreaterThanOrEqualTo",
      "LessThanOrEqualTo",
    ];
    if (["wholeNumber", "decimal", "textLength", "date", "time"].includes(k)) {
      if (
        !ops.includes(body.operator as string) ||
        body.formula1 === undefined ||
        body.formula1 === null ||
        body.formula1 === ""
      )
        throw invalidArg(loc);
      if (
        (body.operator === "Between" || body.operator === "NotBetween") &&
        (body.formula2 === undefined || body.formula2 === null || body.formula2 === "")
      )
        throw invalidArg(loc);
    } else if (k === "list") {
      if (body.source === undefined || body.source === null || body.source === "")
        throw invalidArg(loc);
      return { list: { inCellDropDown: body.inCellDropDown ?? true, source: body.source } };
    } else if (k === "custom" && (typeof body.formula !== "string" || body.formula === ""))
      throw invalidArg(loc);
    return { [k]: jsonClone(body) };
  }

  /** Whether all / none / some cell values satisfy the rule (Range.dataValidation.valid). */
  validationValid(sheet: SheetState, rect: Rect): boolean | null {
    return this.reading(() => {
      let anyValid = false,
        anyInvalid = false;
      this.eachPos(rect, (r, c) => {
        const v = this.cell(sheet, r, c)?.validation;
        const ok = v ? this.satisfies(sheet, v, this.value(sheet, r, c)) : true;
        if (ok) anyValid = true;
        else anyInvalid = true;
      });
      return anyValid && anyInvalid ? null : !anyInvalid;
    });
  }

  private satisfies(sheet: SheetState, v: ValidationData, value: Scalar): boolean {
    if (!v.rule) return true;
    if (value === null || value === "") return v.ignoreBlanks;
    const [k, body] = Object.entries(v.rule)[0] as [string, Record<string, unknown>];
    const num = (f: unknown): number => {
      if (typeof f === "number") return f;
      const ast = parseFormula(String(f).startsWith("=") ? String(f) : "=" + String(f));
      const r = ast ? evaluate(ast, this.env(sheet)) : null;
      return typeof r === "number" ? r : NaN;
    };
    const cmp = (x: number) => {
      const a = num(body.formula1),
        b = num(body.formula2);
      switch (body.operator) {
        case "Between":
          return x >= a && x <= b;
        case "NotBetween":
          return x < a || x > b;
        case "EqualTo":
          return x === a;
        case "NotEqualTo":
          return x !== a;
        case "GreaterThan":
          return x > a;
        case "LessThan":
          return x < a;
        case "GreaterThanOrEqualTo":
          return x >= a;
        case "LessThanOrEqualTo":
          return x <= a;
      }
      return true;
    };
    if (k === "wholeNumber")
      return typeof value === "number" && Number.isInteger(value) && cmp(value);
    if (k === "decimal") return typeof value === "number" && cmp(value);
    if (k === "textLength") return cmp(String(toApiValue(value)).length);
    if (k === "list" && typeof body.source === "string" && !body.source.startsWith("="))
      return body.source
        .split(",")
        .map((s) => s.trim())
        .includes(String(toApiValue(value)));
    return true;
  }

  // ------------------------------------------------------------ names

  allNames(): NameState[] {
    return [...this.names, ...this.sheets.flatMap((s) => s.names)];
  }

  validateName(name: unknown, loc: string) {
    if (typeof name !== "string" || name.length === 0 || name.length > 255) throw invalidArg(loc);
    if (!/^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(name)) throw invalidArg(loc);
    const m = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
    if (m && parseAddress(name)) throw invalidArg(loc);
    if (/^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) throw invalidArg(loc);
  }

  /** Find a name; with fallback, sheet scope first then workbook scope (formula semantics). */
  findName(scope: SheetState | null, name: string, fallback = false): NameState | undefined {
    const lower = name.toLowerCase();
    const list = scope ? scope.names : this.names;
    const hit = list.find((n) => n.name.toLowerCase() === lower);
    if (hit || !fallback || !scope) return hit;
    return this.names.find((n) => n.name.toLowerCase() === lower);
  }

  addName(
    scope: SheetState | null,
    name: unknown,
    formula: string,
    comment: unknown,
    loc = "NamedItemCollection.add"
  ): NameState {
    this.validateName(name, loc);
    if (comment !== undefined && comment !== null && typeof comment !== "string")
      throw invalidArg(loc);
    if (this.findName(scope, name as string))
      throw officeError("ItemAlreadyExists", undefined, loc);
    const n: NameState = {
      id: ++this.ids,
      name: name as string,
      formula,
      comment: (comment as string) ?? "",
      visible: true,
      scope,
    };
    (scope ? scope.names : this.names).push(n);
    return n;
  }

  /** Turn a user-supplied name reference ("=Sheet1!$A$1", "Sheet1!A1", "=5") into a stored formula. */
  nameFormula(reference: string, scope: SheetState | null, loc: string): string {
    if (typeof reference !== "string" || reference.trim() === "") throw invalidArg(loc);
    const f = reference.startsWith("=") ? reference : "=" + reference;
    const host = scope ?? this.activeSheet;
    // Unqualified references are taken relative to the scope (or active) sheet, then qualified.
    return rewriteFormula(f, (ref) => {
      if (ref.sheet === undefined) return { ...ref, sheet: host.name };
      if (!this.sheet(ref.sheet)) throw invalidArg(loc);
      return { ...ref, sheet: this.sheet(ref.sheet)!.name };
    });
  }

  deleteName(n: NameState) {
    const list = n.scope ? n.scope.names : this.names;
    const i = list.indexOf(n);
    if (i >= 0) list.splice(i, 1);
    n.deleted = true;
  }

  nameRange(n: NameState): { sheet: SheetState; rect: Rect } | null {
    const ast = this.ast(n.formula);
    if (!ast || ast.k !== "ref") return null;
    const sheet = ast.sheet !== undefined ? this.sheet(ast.sheet) : (n.scope ?? this.activeSheet);
    return sheet ? { sheet, rect: ast.rect } : null;
  }

  nameInfo(n: NameState): { type: string; value: unknown } {
    const ast = this.ast(n.formula);
    if (ast?.k === "ref")
      return this.nameRange(n)
        ? { type: "Range", value: n.formula.slice(1) }
        : { type: "Error", value: "#REF!" };
    const v = ast
      ? this.reading(() => {
          try {
            return evaluate(ast, this.env(n.scope ?? undefined));
          } catch {
            return err("#NAME?");
          }
        })
      : err("#REF!");
    if (isError(v)) return { type: "Error", value: v.error };
    if (typeof v === "number")
      return { type: Number.isInteger(v) ? "Integer" : "Double", value: v };
    if (typeof v === "boolean") return { type: "Boolean", value: v };
    return { type: "String", value: v ?? "" };
  }

  // ------------------------------------------------------------ comments & notes

  private singleCell(sheet: SheetState, rect: Rect, loc: string) {
    if (rect.rows !== 1 || rect.cols !== 1) {
      const m = this.mergeAt(sheet, rect.row, rect.col);
      if (
        !m ||
        m.row !== rect.row ||
        m.col !== rect.col ||
        m.rows !== rect.rows ||
        m.cols !== rect.cols
      )
        throw invalidArg(loc);
    }
  }

  addComment(
    sheet: SheetState,
    rect: Rect,
    content: unknown,
    contentType: unknown,
    loc = "CommentCollection.add"
  ): CommentState {
    this.singleCell(sheet, rect, loc);
    this.assertAllowed(sheet, "allowEditObjects", loc);
    let text: string;
    if (typeof content === "string") text = content;
    else if (
      content &&
      typeof content === "object" &&
      typeof (content as { richContent?: unknown }).richContent === "string"
    )
      text = (content as { richContent: string }).richContent.replace(
        /<at id="\d+">([^<]*)<\/at>/g,
        "@$1"
      );
    else throw invalidArg(loc);
    const cell = this.ensureCell(sheet, rect.row, rect.col);
    if (cell.comment || cell.note)
      throw officeError("InvalidOperation", "The cell already has a comment or a note.", loc);
    cell.comment = {
      id: this.newGuid(),
      content: text,
      contentType: (contentType as string) ?? "Plain",
      authorName: this.author.name,
      authorEmail: this.author.email,
      creationDate: this.now(),
      resolved: false,
    };
    return cell.comment;
  }

  addNote(sheet: SheetState, rect: Rect, content: unknown, loc = "NoteCollection.add"): NoteState {
    this.singleCell(sheet, rect, loc);
    this.assertAllowed(sheet, "allowEditObjects", loc);
    if (typeof content !== "string") throw invalidArg(loc);
    const cell = this.ensureCell(sheet, rect.row, rect.col);
    if (cell.comment || cell.note)
      throw officeError("InvalidOperation", "The cell already has a comment or a note.", loc);
    cell.note = {
      id: this.newGuid(),
      content,
      authorName: this.author.name,
      visible: false,
      width: 144,
      height: 79.5,
    };
    return cell.note;
  }

  /** All comments (or notes), ordered by sheet then row then column. */
  annotations<K extends "comment" | "note">(
    kind: K,
    only?: SheetState
  ): Array<{ sheet: SheetState; row: number; col: number; item: NonNullable<Cell[K]> }> {
    const out: Array<{ sheet: SheetState; row: number; col: number; item: NonNullable<Cell[K]> }> =
      [];
    for (const sheet of only ? [only] : this.sheets) {
      const found: Array<{
        sheet: SheetState;
        row: number;
        col: number;
        item: NonNullable<Cell[K]>;
      }> = [];
      for (const [k, cell] of sheet.cells) {
        const item = cell[kind];
        if (item) {
          const [row, col] = unkey(k);
          found.push({ sheet, row, col, item: item as NonNullable<Cell[K]> });
        }
      }
      found.sort((a, b) => a.row - b.row || a.col - b.col);
      out.push(...found);
    }
    return out;
  }

  locate<K extends "comment" | "note">(
    kind: K,
    item: NonNullable<Cell[K]>
  ): { sheet: SheetState; row: number; col: number } | undefined {
    return this.annotations(kind).find((a) => a.item === item);
  }

  removeAnnotation(kind: "comment" | "note", item: CommentState | NoteState, loc: string) {
    const at = this.locate(kind, item as never);
    if (!at) throw notFound(loc);
    this.assertAllowed(at.sheet, "allowEditObjects", loc);
    const cell = this.cell(at.sheet, at.row, at.col)!;
    cell[kind] = null;
    item.deleted = true;
    this.tidy(at.sheet, at.row, at.col);
  }

  // ------------------------------------------------------------ settings & custom XML

  setting(key: string): SettingState | undefined {
    return this.settings.find((s) => s.key === key);
  }

  putSetting(key: unknown, value: unknown, loc = "SettingCollection.add"): SettingState {
    if (typeof key !== "string" || key === "") throw invalidArg(loc);
    if (value === undefined || typeof value === "function") throw invalidArg(loc);
    const stored = jsonClone(value);
    const existing = this.setting(key);
    if (existing) {
      existing.value = stored;
      return existing;
    }
    const s: SettingState = { key, value: stored };
    this.settings.push(s);
    return s;
  }

  removeSetting(s: SettingState) {
    this.settings = this.settings.filter((x) => x !== s);
    s.deleted = true;
  }

  addXmlPart(xml: unknown, loc = "CustomXmlPartCollection.add"): XmlPartState {
    const ns = xmlNamespace(xml, loc);
    const part: XmlPartState = { id: this.newGuid(), xml: xml as string, namespaceUri: ns };
    this.xmlParts.push(part);
    return part;
  }

  setXml(part: XmlPartState, xml: unknown, loc = "CustomXmlPart.setXml") {
    part.namespaceUri = xmlNamespace(xml, loc);
    part.xml = xml as string;
  }

  removeXmlPart(part: XmlPartState) {
    this.xmlParts = this.xmlParts.filter((p) => p !== part);
    part.deleted = true;
  }

  /** "=Sheet1!$A$1:$B$2" for a defined name. */
  qualified(sheet: SheetState, rect: Rect, absolute = true) {
    return `=${quoteSheet(sheet.name)}!${localAddress(rect, absolute)}`;
  }
}

export function toApiValue(v: Scalar): number | string | boolean {
  if (v === null) return "";
  if (isError(v)) return v.error;
  return v;
}

/** Namespace of the root element of an XML document (regex based, no DOM needed). */
export function xmlNamespace(xml: unknown, loc: string): string {
  if (typeof xml !== "string") throw invalidArg(loc);
  const body = xml
    .replace(/<\?[\s\S]*?\?>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trim();
  const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)([^>]*)>/.exec(body);
  if (!m) throw invalidArg(loc);
  const tag = m[1];
  const closeName = new RegExp(`</${tag.replace(/[.]/g, "\\.")}\\s*>\\s*$`);
  if (!m[2].trim().endsWith("/") && !closeName.test(body)) throw invalidArg(loc);
  const prefix = tag.includes(":") ? tag.split(":")[0] : null;
  const attr = prefix
    ? new RegExp(`xmlns:${prefix}\\s*=\\s*(["'])(.*?)\\1`)
    : /xmlns\s*=\s*(["'])(.*?)\1/;
  const a = attr.exec(m[2]);
  return a ? a[2] : "";
}
