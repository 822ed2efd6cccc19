import { SaxesParser } from "saxes";
import { inflateSync } from "fflate";
import { entryData, MAX_UNCOMPRESSED, readZipEntry, ZipError, zipEntries } from "../importers/zip";
import type { SheetSource, WorkbookSource } from "./source";

/**
 * A light .xlsx reader: the few parts the report reader needs (workbook.xml and its rels, sharedStrings.xml,
 * styles.xml for date formats, docProps/core.xml, the worksheets), inflated by fflate through the ZIP module (its
 * caps kept) and parsed by saxes's events — exceljs's own XML parser, so well-formedness is judged alike — into
 * plain maps. exceljs's `xlsx.load` costs about three times as much: JSZip's inflate of every part, streams, and a
 * model of styles, drawings and everything else.
 *
 * It answers exactly as exceljs 4.4 does (same values, merged cells, sheet order and names): its parsers' rules are
 * followed, quirks included — a formula whose cached result is 0 keeps no result, 'str' results and sheet names are
 * entity-decoded twice, a shared formula's followers carry their first cell's address, a defined name's ranges are
 * rebuilt from the cells they cover. Where a file holds anything it does not model with certainty (hyperlinks,
 * comments, drawings, inline rich text, cells without addresses, overlapping merges, XML saxes rejects, names it
 * cannot parse, a part shorter than the directory says …) it says so (`unsure`) and the caller reads the file with
 * exceljs instead, so the result is the same either way. A part that inflates to more than its directory declares is
 * refused at once (exceljs would inflate it all). No Node-only imports: the task pane's import runs it in the browser.
 */

export type LightResult =
  | { ok: true; workbook: WorkbookSource }
  | { ok: false; unsure: string }
  /** A part inflates to more than the directory says: refused, nothing more inflated. */
  | { ok: false; error: string };

class Unsure extends Error {}
/** A part that inflates to more than the directory declares. */
class Lying extends Error {
  constructor(
    readonly part: string,
    readonly size: number
  ) {
    super(part);
  }
}
const unsure = (why: string): never => {
  throw new Unsure(why);
};

interface Handler {
  open(name: string, attrs: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

/**
 * Parse XML with saxes, the parser exceljs uses, as exceljs uses it: the same events, the same well-formedness
 * errors (any error: exceljs fails the whole load, so the light reader hands the file over), and no final close()
 * (exceljs never calls it, so a part cut off after its content is not an error).
 */
function parseXml(xml: string, part: string, h: Handler): void {
  const parser = new SaxesParser();
  let failed = false;
  parser.on("error", () => {
    failed = true;
  });
  parser.on("opentag", (node) => h.open(node.name, node.attributes as Record<string, string>));
  parser.on("text", (t) => h.text(t));
  parser.on("closetag", (node) => h.close(node.name));
  parser.write(xml);
  if (failed) unsure(`${part}: not well-formed XML`);
}

/** exceljs's utils.xmlDecode (applied on top of the XML parser's own decoding to sheet names and 'str' values). */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&amp;":
        return "&";
      case "&apos;":
        return "'";
      case "&quot;":
        return '"';
      default:
        return c;
    }
  });
}

/** Text of <t> in shared strings: _xHHHH_ escapes decoded (exceljs's TextXform). */
const escapes = (text: string) =>
  text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

// ---------------------------------------------------------------------------------------------------------------
// Shared strings: a string per <si>, or {richText: [{text}]} when it has runs (exceljs's SharedStringXform).

type RichRun = { text?: string };
type SharedString = string | { richText?: RichRun[] };

function sharedStrings(xml: string): SharedString[] {
  const out: SharedString[] = [];
  let item: SharedString | undefined;
  let run: RichRun | undefined;
  let text: string[] | undefined;
  /** Depth inside an element whose content is ignored (rPr, rPh). */
  let skip = 0;
  let inItem = false;
  parseXml(xml, "sharedStrings.xml", {
    open(name) {
      if (skip) {
        skip++;
        return;
      }
      if (name === "sst" && !inItem) return;
      if (name === "si" && !inItem) {
        inItem = true;
        item = {};
        return;
      }
      if (!inItem) unsure(`sharedStrings.xml: <${name}>`);
      if (name === "t" && !text) text = [];
      else if (name === "r" && !run && !text) run = {};
      else if ((name === "rPr" && run && !text) || (name === "rPh" && !run && !text)) skip = 1;
      else unsure(`sharedStrings.xml: <${name}>`);
    },
    text(t) {
      if (text && !skip) text.push(t);
    },
    close(name) {
      if (skip) {
        skip--;
        return;
      }
      if (name === "t" && text) {
        const value = escapes(text.join(""));
        text = undefined;
        if (run) run.text = value;
        else item = value;
      } else if (name === "r" && run) {
        if (typeof item !== "string") (item!.richText ??= []).push(run);
        else unsure("sharedStrings.xml: runs after text");
        run = undefined;
      } else if (name === "si" && inItem) {
        out.push(item!);
        inItem = false;
      }
    },
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Styles: which cell formats (cellXfs) show numbers as dates (exceljs turns those numbers into Dates).

/** exceljs's utils.isDateFmt. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(f);
}

/** Built-in number formats that are dates by isDateFmt (exceljs's defaultnumformats.js: 14–22, 45–47). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
/** Built-in formats exceljs knows (with a plain code): a custom code of "" falls back to them. */
const BUILTIN_FORMATS = new Set([
  0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 37, 38, 39, 40, 45, 46, 47,
  48, 49,
]);

/** For each cellXfs index, whether a number in that style is a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (xml === undefined) return [];
  const custom = new Map<number, string>();
  const xfNumFmt: number[] = [];
  // exceljs's StylesXform: the children it knows own their subtrees; others are transparent.
  const OWNED = new Set([
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "dxfs",
  ]);
  let owner: string | undefined;
  let ownerDepth = 0;
  let depth = 0;
  parseXml(xml, "styles.xml", {
    open(name, attrs) {
      depth++;
      if (!owner) {
        if (OWNED.has(name)) {
          owner = name;
          ownerDepth = depth;
        }
        return;
      }
      if (depth !== ownerDepth + 1) return;
      if (owner === "numFmts" && name === "numFmt") {
        if (attrs.formatCode === undefined) unsure("styles.xml: numFmt without formatCode");
        custom.set(parseInt(attrs.numFmtId, 10), attrs.formatCode.replace(/[\\](.)/g, "$1"));
      } else if (owner === "cellXfs") {
        if (name !== "xf") unsure(`styles.xml: <${name}> in cellXfs`);
        xfNumFmt.push(parseInt(attrs.numFmtId, 10));
      }
    },
    text() {},
    close() {
      if (owner && depth === ownerDepth) owner = undefined;
      depth--;
    },
  });
  // exceljs keeps no cell formats at all then, and fails on the first cell that names one.
  if (!xfNumFmt.length) unsure("styles.xml without cellXfs");
  return xfNumFmt.map((id) => {
    if (!id) return false; // 0 or NaN: exceljs gives no number format
    const code = custom.get(id);
    if (code) return isDateFmt(code);
    return BUILTIN_DATE_FORMATS.has(id) && BUILTIN_FORMATS.has(id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheets.

const excelToDate = (v: number, date1904: boolean) =>
  new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

const columnNumber = (letters: string) => {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n;
};

/** A cell reference (A1, with no $): row and column, 1-based. */
function decodeRef(ref: string | undefined): { row: number; col: number } | undefined {
  if (!ref) return undefined;
  // /^([A-Z]{1,3})(\d{1,7})$/ by hand: one per cell.
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const ch = ref.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    col = col * 26 + ch - 64;
  }
  if (i === 0 || i > 3) return undefined;
  const digits = ref.length - i;
  if (digits < 1 || digits > 7) return undefined;
  let row = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch < 48 || ch > 57) return undefined;
    row = row * 10 + ch - 48;
  }
  return { row, col };
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const KEY = 20000; // > 16384 columns
class LightSheet implements SheetSource {
  /** Values by row * KEY + col, in insertion order until sorted. */
  readonly values = new Map<number, unknown>();
  /** Merge top-left → range; covered cell → its top-left's key. */
  readonly merges = new Map<number, Merge>();
  readonly covered = new Map<number, number>();
  private order: number[] | undefined;
  constructor(
    readonly name: string,
    readonly state: string | undefined
  ) {}

  eachValue(fn: (row: number, col: number, value: unknown) => void): void {
    if (!this.order) {
      const keys = [...this.values.keys()];
      // Sheets list rows and cells in order: sort only when they do not.
      let sorted = true;
      for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
      this.order = sorted ? keys : keys.sort((a, b) => a - b);
    }
    for (const key of this.order) {
      if (this.covered.has(key)) continue;
      const value = this.values.get(key);
      if (value === null || value === undefined) continue;
      fn(Math.floor(key / KEY), key % KEY, value);
    }
  }

  value(row: number, col: number): unknown {
    if (col >= KEY) return null;
    const key = row * KEY + col;
    const master = this.covered.get(key);
    return this.values.get(master ?? key) ?? null;
  }

  mergeSpan(row: number, col: number): { rows: number; cols: number } | undefined {
    const m = col < KEY ? this.merges.get(row * KEY + col) : undefined;
    return m ? { rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 } : undefined;
  }
}

interface CellModel {
  ref?: string;
  t?: string;
  styleId?: number;
  formula?: string;
  si?: string;
  shareType?: string;
  fref?: string;
  value?: string;
  inlineText?: string;
}

/** Elements under <worksheet> exceljs would read into things the light reader does not model. */
const UNMODELLED = new Set([
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "picture",
  "tableParts",
]);

function readSheet(
  xml: string,
  part: string,
  sheet: LightSheet,
  strings: SharedString[],
  dates: boolean[],
  date1904: boolean,
  relations: readonly Rel[]
): void {
  const formulae: Record<string, string> = {};
  /** Rows in document order, each with its cells (finished after the parse: hyperlinks come after sheetData). */
  const rows: { number: number; cells: CellModel[] }[] = [];
  const hyperlinks: { address?: string; rId?: string }[] = [];
  let hyperlinkMap: Record<string, string | undefined> = {};
  let depth = 0;
  let section: "sheetData" | "mergeCells" | "hyperlinks" | undefined;
  let rowNumber = 0;
  let cell: CellModel | undefined;
  let current: "f" | "v" | "t" | undefined;
  let inInline = false;

  const finish = (c: CellModel, rowNumber: number) => {
    const at = decodeRef(c.ref);
    if (!at) return unsure(`${part}: cell without a plain address (${c.ref})`);
    const key = rowNumber * KEY + at.col;
    const isDate = !!c.styleId && dates[c.styleId] === true;
    // exceljs: a cell with a hyperlink shows {text, hyperlink}, text being its value (a formula's result).
    const hyperlink = hyperlinkMap[c.ref!];
    let value: unknown;
    if (c.formula || c.shareType) {
      let result: unknown;
      if (c.value) {
        if (c.t === "str") result = xmlDecode(c.value);
        else if (c.t === "b") result = parseInt(c.value, 10) !== 0;
        else if (c.t === "e") result = { error: c.value };
        else result = parseFloat(c.value);
      }
      if (result !== undefined && isDate) result = excelToDate(result as number, date1904);
      if (hyperlink) {
        sheet.values.set(key, { text: result, hyperlink });
        if (c.shareType === "shared" && c.fref) formulae[c.si!] = c.ref!;
        return;
      }
      let sharedFormula: string | undefined;
      let shareType = c.shareType;
      if (shareType === "shared") {
        if (c.fref) formulae[c.si!] = c.ref!;
        else {
          sharedFormula = formulae[c.si!];
          shareType = undefined;
        }
      }
      // exceljs's FormulaValue keeps only truthy fields (a cached 0 or "" is dropped).
      const v: Record<string, unknown> = {};
      if (c.formula) v.formula = c.formula;
      if (result) v.result = result;
      if (c.fref) v.ref = c.fref;
      if (shareType) v.shareType = shareType;
      if (sharedFormula) v.sharedFormula = sharedFormula;
      value = v;
    } else if (c.value !== undefined) {
      switch (c.t) {
        case "s": {
          const i = parseInt(c.value, 10);
          if (!(i >= 0 && i < strings.length)) return unsure(`${part}: shared string ${c.value}`);
          value = strings[i];
          break;
        }
        case "str":
          value = xmlDecode(c.value);
          break;
        case "inlineStr":
          value = c.value;
          break;
        case "b":
          value = parseInt(c.value, 10) !== 0;
          break;
        case "e":
          value = { error: c.value };
          break;
        default: {
          const n = parseFloat(c.value);
          value = isDate ? excelToDate(n, date1904) : n;
        }
      }
    } else if (c.styleId || hyperlink) value = undefined;
    else return; // exceljs's "Merge" type: not added to the row
    sheet.values.set(key, hyperlink ? { text: value, hyperlink } : (value ?? null));
  };

  parseXml(xml, part, {
    open(name, attrs) {
      depth++;
      if (depth === 2) {
        if (name === "sheetData" || name === "mergeCells" || name === "hyperlinks") section = name;
        else if (UNMODELLED.has(name)) unsure(`${part}: <${name}>`);
        return;
      }
      if (section === "sheetData") {
        if (depth === 3) {
          if (name !== "row") return unsure(`${part}: <${name}> in sheetData`);
          rowNumber = Number(attrs.r);
          if (!/^\d{1,7}$/.test(attrs.r ?? "") || rowNumber < 1)
            return unsure(`${part}: row without a number`);
          rows.push({ number: rowNumber, cells: [] });
          return;
        }
        if (depth === 4) {
          if (name !== "c") return unsure(`${part}: <${name}> in a row`);
          cell = { ref: attrs.r, t: attrs.t };
          if (attrs.s) cell.styleId = parseInt(attrs.s, 10);
          return;
        }
        if (!cell) return;
        if (depth === 5 && name === "f") {
          current = "f";
          cell.si = attrs.si;
          cell.shareType = attrs.t;
          cell.fref = attrs.ref;
        } else if (depth === 5 && name === "v") current = "v";
        else if (depth === 5 && name === "is") inInline = true;
        else if (depth === 6 && inInline && name === "t") current = "t";
        else unsure(`${part}: <${name}> in a cell`);
      } else if (section === "mergeCells" && depth === 3 && name === "mergeCell") {
        const m = /^([A-Z]{1,3}\d{1,7})(?::([A-Z]{1,3}\d{1,7}))?$/.exec(attrs.ref ?? "");
        if (!m) return unsure(`${part}: merged range ${attrs.ref}`);
        const a = decodeRef(m[1])!;
        const b = decodeRef(m[2] ?? m[1])!;
        const r: Merge = {
          top: Math.min(a.row, b.row),
          left: Math.min(a.col, b.col),
          bottom: Math.max(a.row, b.row),
          right: Math.max(a.col, b.col),
        };
        for (const o of sheet.merges.values())
          if (r.left <= o.right && r.right >= o.left && r.top <= o.bottom && r.bottom >= o.top)
            unsure(`${part}: overlapping merged ranges`);
        if ((r.bottom - r.top + 1) * (r.right - r.left + 1) > 1_000_000)
          unsure(`${part}: merged range too large`);
        sheet.merges.set(r.top * KEY + r.left, r);
      } else if (section === "hyperlinks" && depth === 3 && name === "hyperlink")
        hyperlinks.push({ address: attrs.ref, rId: attrs["r:id"] });
    },
    text(t) {
      if (!cell || !current) return;
      if (current === "f") cell.formula = (cell.formula ?? "") + t;
      else cell.value = (cell.value ?? "") + t;
    },
    close(name) {
      if (depth === 2) section = undefined;
      else if (section === "sheetData") {
        if (depth === 4 && cell) {
          rows[rows.length - 1].cells.push(cell);
          cell = undefined;
        } else if (name === "is") inInline = false;
        current = undefined;
      }
      depth--;
    },
  });

  // exceljs's WorksheetXform.reconcile: hyperlinks by their relationship's target, then every cell in document order.
  const byId = new Map(relations.map((r) => [r.id, r]));
  hyperlinkMap = {};
  for (const h of hyperlinks)
    if (h.rId) {
      const rel = byId.get(h.rId);
      if (!rel) unsure(`${part}: hyperlink to a missing relationship`);
      hyperlinkMap[h.address!] = rel!.target;
    }
  const rowsSeen = new Set<number>();
  for (const row of rows) {
    // A row given twice replaces the first (exceljs).
    if (rowsSeen.has(row.number)) {
      for (const key of [...sheet.values.keys()])
        if (Math.floor(key / KEY) === row.number) sheet.values.delete(key);
    } else rowsSeen.add(row.number);
    for (const c of row.cells) finish(c, row.number);
  }

  // exceljs's mergeCells: every cell of a range but the top-left becomes part of it (its own value is dropped).
  for (const m of sheet.merges.values()) {
    const master = m.top * KEY + m.left;
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++)
        if (r !== m.top || c !== m.left) sheet.covered.set(r * KEY + c, master);
  }
  // A range of one cell merges nothing.
  for (const [key, m] of sheet.merges)
    if (m.top === m.bottom && m.left === m.right) sheet.merges.delete(key);
}

// ---------------------------------------------------------------------------------------------------------------
// The workbook.

interface Rel {
  id: string;
  type: string;
  target: string;
}

function rels(xml: string | undefined, part: string): Rel[] {
  const out: Rel[] = [];
  if (xml === undefined) return out;
  let depth = 0;
  // exceljs's RelationshipsXform fails on any other element.
  parseXml(xml, part, {
    open(name, a) {
      depth++;
      if (depth === 1 && name === "Relationships") return;
      if (depth !== 2 || name !== "Relationship") unsure(`${part}: <${name}>`);
      out.push({ id: a.Id, type: a.Type ?? "", target: a.Target });
    },
    text() {},
    close() {
      depth--;
    },
  });
  return out;
}

/** A defined name's text as a list of plain ranges (exceljs's extractRanges), or unsure when it is anything else. */
const PLAIN_RANGE =
  /^(?:(?:'((?:[^']|'')+)'|([^'^ !,]+))!)?\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?$/;

function plainRanges(text: string, name: string): string[] {
  const out: string[] = [];
  // Split on commas outside quotes.
  let at = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if ((ch === "," && !quoted) || i === text.length) {
      const item = text.slice(at, i);
      if (!PLAIN_RANGE.test(item)) unsure(`defined name ${name}: ${text.slice(0, 80)}`);
      out.push(item);
      at = i + 1;
    }
  }
  return out;
}

const te = new TextDecoder();
const decode = (bytes: Uint8Array | undefined) => {
  if (!bytes) return undefined;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    unsure("UTF-16 part");
  return te.decode(bytes);
};

/** Entries exceljs would read into drawings, tables, comments or media, which the light reader does not model. */
const UNMODELLED_PARTS =
  /xl\/drawings\/|xl\/(comments\d+)[.]xml|xl\/tables\/(table\d+)[.]xml|xl\/media\/|xl\/worksheets\/sheet\d+[.]xml(?!$)/;

/** Compressed parts up to this size are inflated in one call (see readParts). */
const ONE_SHOT = 64 * 1024;

function read(bytes: Uint8Array): WorkbookSource {
  const entries = zipEntries(bytes);
  if (!entries) return unsure("no ZIP directory");
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.name)) unsure(`ZIP entry twice: ${e.name}`);
    names.add(e.name);
    if (UNMODELLED_PARTS.test(e.name)) unsure(`part ${e.name}`);
  }
  // Each part inflated up to the size the directory declares, one byte more proves it lies (a "zip bomb": stopped
  // there, not handed to exceljs, which would inflate it all); fewer bytes is damage, which exceljs words.
  let budget = MAX_UNCOMPRESSED;
  const readParts = (wanted: readonly string[]): Map<string, Uint8Array> => {
    const out = new Map<string, Uint8Array>();
    for (const name of wanted) {
      const entry = entries.find((e) => e.name === name);
      if (!entry) continue;
      if (entry.size > budget) unsure(`${name}: more than the cap`); // zipTooLarge refuses these first
      let content: Uint8Array;
      const data = entry.method === 8 && !(entry.flags & 1) ? entryData(bytes, entry) : undefined;
      if (data && !data.length) unsure(`${name}: no data`); // fflate would give back the buffer as it is
      if (data && data.length <= ONE_SHOT) {
        // Small parts in one call, into a buffer of the declared size and one byte (what does not fit is dropped):
        // quicker than the capped stream, and the most a lying part can cost is ~1000 × its compressed size of work.
        try {
          content = inflateSync(data, { out: new Uint8Array(entry.size + 1) });
        } catch {
          return unsure(`${name}: inflating failed`);
        }
        if (content.length > entry.size) throw new Lying(entry.name, entry.size);
      } else
        try {
          content = readZipEntry(bytes, entry, Math.min(budget, entry.size + 1));
        } catch (e) {
          if (e instanceof ZipError && e.kind === "too-big")
            throw new Lying(entry.name, entry.size);
          throw e;
        }
      if (content.length !== entry.size) unsure(`${name}: size differs from the directory's`);
      budget -= content.length;
      out.set(name, content);
    }
    return out;
  };
  const first = readParts([
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "_rels/.rels",
  ]);
  const workbookXml = decode(first.get("xl/workbook.xml"));
  if (workbookXml === undefined) return unsure("no xl/workbook.xml");

  // workbook.xml: exceljs's WorkbookXform (its known children own their subtrees).
  const sheetsDecl: { name?: string; id: number; state?: string; rId?: string }[] = [];
  const defined: { name: string; text: string; local?: string }[] = [];
  let activeTab: number | undefined;
  let views = 0;
  let date1904 = false;
  {
    const OWNED = new Set([
      "fileVersion",
      "workbookPr",
      "bookViews",
      "sheets",
      "definedNames",
      "calcPr",
    ]);
    let owner: string | undefined;
    let ownerDepth = 0;
    let depth = 0;
    let nameText: string[] | undefined;
    let nameAttrs: Record<string, string> = {};
    parseXml(workbookXml, "workbook.xml", {
      open(name, a) {
        depth++;
        if (!owner) {
          if (!OWNED.has(name)) return;
          owner = name;
          ownerDepth = depth;
          if (name === "workbookPr") date1904 = a.date1904 === "1";
          return;
        }
        if (depth !== ownerDepth + 1) return;
        if (owner === "sheets" && name === "sheet")
          sheetsDecl.push({
            name: a.name === undefined ? undefined : xmlDecode(a.name),
            id: parseInt(a.sheetId, 10),
            state: a.state,
            rId: a["r:id"],
          });
        else if (owner === "bookViews" && name === "workbookView") {
          if (views++ === 0 && a.activeTab !== undefined) activeTab = parseInt(a.activeTab, 10);
        } else if (owner === "definedNames" && name === "definedName") {
          nameText = [];
          nameAttrs = a;
        } else unsure(`workbook.xml: <${name}> in <${owner}>`);
      },
      text(t) {
        nameText?.push(t);
      },
      close(name) {
        if (nameText && name === "definedName" && depth === ownerDepth + 1) {
          defined.push({
            name: nameAttrs.name,
            text: nameText.join(""),
            local: nameAttrs.localSheetId,
          });
          nameText = undefined;
        }
        if (owner && depth === ownerDepth) owner = undefined;
        depth--;
      },
    });
  }

  const wbRels = new Map(
    rels(decode(first.get("xl/_rels/workbook.xml.rels")), "workbook.xml.rels").map((r) => [r.id, r])
  );
  const strings = first.has("xl/sharedStrings.xml")
    ? sharedStrings(decode(first.get("xl/sharedStrings.xml"))!)
    : [];
  const dates = dateStyles(decode(first.get("xl/styles.xml")));
  const subject = coreSubject(decode(first.get("docProps/core.xml")));
  // Read by exceljs too: a broken one fails its load.
  rels(decode(first.get("_rels/.rels")), ".rels");
  const app = decode(first.get("docProps/app.xml"));
  if (app !== undefined) parseXml(app, "app.xml", { open() {}, text() {}, close() {} });

  // Worksheets: those whose relationship points at an xl/worksheets/sheetN.xml part (exceljs reads no others).
  const declared: { decl: (typeof sheetsDecl)[number]; part: string }[] = [];
  for (const decl of sheetsDecl) {
    const rel = decl.rId === undefined ? undefined : wbRels.get(decl.rId);
    if (!rel) continue;
    if (rel.target === undefined) unsure("workbook.xml.rels: relationship without a target");
    const part = `xl/${rel.target.replace(/^(\s|\/xl\/)+/, "")}`;
    if (!names.has(part) || !/xl\/worksheets\/sheet(\d+)[.]xml/.test(part)) continue;
    declared.push({ decl, part });
  }
  const seenIds = new Set<number>();
  const seenNames = new Set<string>();
  for (const { decl } of declared) {
    const n = decl.name;
    if (!(decl.id >= 1) || seenIds.has(decl.id)) unsure("sheet ids missing or repeated");
    if (
      n === undefined ||
      n === "" ||
      n === "History" ||
      /[*?:/\\[\]]/.test(n) ||
      /(^')|('$)/.test(n) ||
      n.length > 31 ||
      seenNames.has(n.toLowerCase())
    )
      unsure(`sheet name ${n}`);
    seenIds.add(decl.id);
    seenNames.add(n!.toLowerCase());
  }
  // exceljs orders worksheets by their place among all <sheet> entries with the same id.
  const orderNo = (id: number) => sheetsDecl.findIndex((s) => s.id === id);
  declared.sort((a, b) => orderNo(a.decl.id) - orderNo(b.decl.id));

  const partsToRead: string[] = [];
  for (const { part } of declared) {
    partsToRead.push(part);
    const slash = part.lastIndexOf("/");
    partsToRead.push(`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`);
  }
  const sheetParts = readParts(partsToRead);
  // Any worksheet relationship but printer settings and hyperlinks would be read by exceljs (comments, drawings …).
  const sheetRels = new Map<string, Rel[]>();
  for (const name of names)
    if (/xl\/worksheets\/_rels\/sheet(\d+)[.]xml[.]rels/.test(name)) {
      const content = sheetParts.get(name);
      if (!content) unsure(`${name}: relationships of a sheet not in the workbook`);
      const list = rels(decode(content), name);
      for (const r of list)
        if (!/\/(printerSettings|hyperlink)$/.test(r.type)) unsure(`${name}: ${r.type}`);
      sheetRels.set(name, list);
    }

  const sheets: LightSheet[] = [];
  for (const { decl, part } of declared) {
    const sheet = new LightSheet(decl.name!, decl.state || "visible");
    const slash = part.lastIndexOf("/");
    const relsPart = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    const relations = sheetRels.get(relsPart) ?? [];
    readSheet(decode(sheetParts.get(part))!, part, sheet, strings, dates, date1904, relations);
    sheets.push(sheet);
  }

  // Defined names: print areas and titles go to their sheet in exceljs; all others must be plain ranges.
  const byName = new Map<string, string[]>();
  for (const d of defined) {
    if (d.name === undefined) unsure("defined name without a name");
    // Print titles ($1:$3) are kept by exceljs as text; any other name must be plain ranges.
    if (d.name === "_xlnm.Print_Titles") continue;
    const list = plainRanges(d.text, d.name);
    if (d.name === "_xlnm.Print_Area") continue;
    // Names given twice (a workbook's and a sheet's own) are one to exceljs.
    byName.set(d.name, [...(byName.get(d.name) ?? []), ...list]);
  }
  const ranges = new Map([...byName].map(([name, list]) => [name, exceljsRanges(list)]));

  return {
    sheets,
    activeTab,
    subject,
    nameRanges: (name) => ranges.get(name) ?? [],
  };
}

const columnLetters = (n: number) => {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * A defined name's ranges as exceljs's DefinedNames.getRanges gives them back: it keeps the cells the ranges cover
 * (by sheet, in object-key order), and rebuilds rectangles from them, row by row — the first unclaimed cell grows
 * down its column, then sideways while whole columns are covered. One range comes back as itself, normalised
 * (sheet quoted unless alphanumeric, $ on both ends, a single cell short).
 */
function exceljsRanges(texts: readonly string[]): string[] {
  const sheets: Record<string, Map<number, Set<number>>> = {};
  const names: Record<string, string | undefined> = {};
  for (const text of texts) {
    const m =
      /^(?:(?:'((?:[^']|'')+)'|([^'^ !,]+))!)?\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/.exec(
        text
      )!;
    const sheet = m[1] ?? m[2];
    const a = { col: columnNumber(m[3]), row: Number(m[4]) };
    const b = m[5] ? { col: columnNumber(m[5]), row: Number(m[6]) } : a;
    const key = String(sheet);
    names[key] = sheet;
    const rows = (sheets[key] ??= new Map());
    for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) {
      const cols = rows.get(r) ?? new Set<number>();
      rows.set(r, cols);
      for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) cols.add(c);
    }
    if (rows.size > 100_000) unsure("defined name too large");
  }
  const out: string[] = [];
  for (const key of Object.keys(sheets)) {
    const rows = sheets[key];
    const sheet = names[key];
    const marked = new Set<number>();
    const order: number[] = [];
    for (const r of [...rows.keys()].sort((x, y) => x - y))
      for (const c of [...rows.get(r)!].sort((x, y) => x - y)) {
        marked.add(r * KEY + c);
        order.push(r * KEY + c);
      }
    for (const start of order) {
      if (!marked.has(start)) continue;
      marked.delete(start);
      const row = Math.floor(start / KEY);
      const col = start % KEY;
      let top = row;
      let bottom = row;
      while (marked.delete((top - 1) * KEY + col)) top--;
      while (marked.delete((bottom + 1) * KEY + col)) bottom++;
      const column = (x: number) => {
        for (let y = top; y <= bottom; y++) if (!marked.has(y * KEY + x)) return false;
        for (let y = top; y <= bottom; y++) marked.delete(y * KEY + x);
        return true;
      };
      let left = col;
      let right = col;
      while (column(left - 1)) left--;
      while (column(right + 1)) right++;
      const prefix =
        sheet === undefined ? "" : /^[a-zA-Z0-9]*$/.test(sheet) ? `${sheet}!` : `'${sheet}'!`;
      const tl = `$${columnLetters(left)}$${top}`;
      out.push(
        top === bottom && left === right
          ? prefix + tl
          : `${prefix}${tl}:$${columnLetters(right)}$${bottom}`
      );
    }
  }
  return out;
}

/** The core properties exceljs reads (it fails on any other element). */
const CORE = new Set([
  "dc:creator",
  "dc:title",
  "dc:subject",
  "dc:description",
  "dc:identifier",
  "dc:language",
  "cp:keywords",
  "cp:category",
  "cp:lastModifiedBy",
  "cp:lastPrinted",
  "cp:revision",
  "cp:version",
  "cp:contentStatus",
  "cp:contentType",
  "dcterms:created",
  "dcterms:modified",
]);

/** docProps/core.xml's dc:subject. */
function coreSubject(xml: string | undefined): string | undefined {
  if (xml === undefined) return undefined;
  let subject: string | undefined;
  let inSubject: string[] | undefined;
  let depth = 0;
  parseXml(xml, "core.xml", {
    open(name) {
      depth++;
      if (depth === 1 && (name === "cp:coreProperties" || name === "coreProperties")) return;
      if (depth !== 2 || !CORE.has(name)) unsure(`core.xml: <${name}>`);
      if (name === "dc:subject") inSubject = [];
    },
    text(t) {
      inSubject?.push(t);
    },
    close(name) {
      if (name === "dc:subject" && inSubject) {
        subject = inSubject.join("");
        inSubject = undefined;
      }
      depth--;
    },
  });
  return subject;
}

/**
 * The workbook read by the light reader; `unsure` (with the reason) when the file holds something it does not model
 * with certainty — read it with exceljs then; `error` when a part inflates to more than the directory declares.
 */
export function readLightWorkbook(bytes: Uint8Array): LightResult {
  try {
    return { ok: true, workbook: read(bytes) };
  } catch (e) {
    if (e instanceof Unsure) return { ok: false, unsure: e.message };
    // The words of the command line's check before unpacking (src/importers/index.ts zipBomb).
    if (e instanceof Lying)
      return {
        ok: false,
        error: `压缩包内“${e.part.slice(0, 60)}”解压后的大小与目录声明的不符（声明 ${e.size} 字节）：文件已损坏或是恶意构造的压缩包（“压缩炸弹”），未解压`,
      };
    // A damaged part, or anything unforeseen: exceljs says what is wrong in its own way.
    return { ok: false, unsure: `${(e as Error).message}` };
  }
}
