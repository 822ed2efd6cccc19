/**
 * Formula tokenizer, parser, evaluator and reference rewriter.
 *
 * Supported: numbers, "strings", TRUE/FALSE, error literals, A1 refs/ranges with
 * optional (quoted) sheet prefix and $, whole rows/columns, defined names,
 * operators + - * / ^ & % = <> < > <= >=, and the functions in FUNCTIONS.
 * Anything the tokenizer cannot read (structured refs, array constants, R1C1,
 * spill refs...) makes the formula "opaque": it is stored untouched, never
 * rewritten, and evaluates to the cell's cached value (or #NAME?).
 */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  colToIndex,
  indexToCol,
  quoteSheet,
  rectFromCorners,
} from "./address";
import { formatGeneral } from "./numfmt";

export interface ErrorValue {
  error: string;
}
/** A cell value: null is an empty cell. */
export type Scalar = number | string | boolean | ErrorValue | null;

export const ERROR_LITERALS = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#BUSY!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#UNKNOWN!",
];

export const isError = (v: unknown): v is ErrorValue =>
  typeof v === "object" && v !== null && "error" in v;
export const err = (code: string): ErrorValue => ({ error: code });

// ---------------------------------------------------------------- tokens

export interface RefPart {
  row: number; // -1 for column-only parts
  col: number; // -1 for row-only parts
  rowAbs: boolean;
  colAbs: boolean;
}

export type Token =
  | { t: "num"; v: number; s: number; e: number }
  | { t: "str"; v: string; s: number; e: number }
  | { t: "bool"; v: boolean; s: number; e: number }
  | { t: "err"; v: string; s: number; e: number }
  | {
      t: "ref";
      sheet?: string;
      kind: "cells" | "rows" | "cols";
      a: RefPart;
      b?: RefPart;
      s: number;
      e: number;
    }
  | { t: "func"; v: string; s: number; e: number }
  | { t: "name"; v: string; sheet?: string; s: number; e: number }
  | { t: "op"; v: string; s: number; e: number }
  | { t: "punc"; v: "(" | ")" | ","; s: number; e: number }
  | { t: "ws"; s: number; e: number };

const IDENT_START = /[\p{L}_\\]/u;
const IDENT_CHAR = /[\p{L}\p{N}_.\\]/u;

function readSheetPrefix(src: string, i: number): { sheet: string; next: number } | null {
  if (src[i] === "'") {
    let j = i + 1;
    let name = "";
    while (j < src.length) {
      if (src[j] === "'") {
        if (src[j + 1] === "'") {
          name += "'";
          j += 2;
          continue;
        }
        break;
      }
      name += src[j++];
    }
    if (src[j] === "'" && src[j + 1] === "!") return { sheet: name, next: j + 2 };
    return null;
  }
  const m = /^[\p{L}\p{N}_.]+!/u.exec(src.slice(i));
  if (m) return { sheet: m[0].slice(0, -1), next: i + m[0].length };
  return null;
}

const CELL_AT = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})/;
const COLS_AT = /^(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})/;
const ROWS_AT = /^(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})/;

function cellPart(m: RegExpExecArray): RefPart | null {
  const col = colToIndex(m[2]);
  const row = Number(m[4]) - 1;
  if (col >= MAX_COLS || row < 0 || row >= MAX_ROWS) return null;
  return { row, col, rowAbs: m[3] === "$", colAbs: m[1] === "$" };
}

/** Try to read an area reference (no sheet prefix) at position i. */
function readArea(
  src: string,
  i: number
): { kind: "cells" | "rows" | "cols"; a: RefPart; b?: RefPart; next: number } | null {
  const rest = src.slice(i);
  const boundaryOk = (n: number) => {
    const ch = src[n];
    return ch === undefined || !(IDENT_CHAR.test(ch) || ch === "(" || ch === "!");
  };
  let m = CELL_AT.exec(rest);
  if (m) {
    const a = cellPart(m);
    let next = i + m[0].length;
    if (a && src[next] === ":") {
      const m2 = CELL_AT.exec(src.slice(next + 1));
      const b = m2 && cellPart(m2);
      if (b && boundaryOk(next + 1 + m2![0].length))
        return { kind: "cells", a, b, next: next + 1 + m2![0].length };
    }
    if (a && boundaryOk(next)) return { kind: "cells", a, next };
  }
  m = COLS_AT.exec(rest);
  if (m && boundaryOk(i + m[0].length)) {
    const c1 = colToIndex(m[2]),
      c2 = colToIndex(m[4]);
    if (c1 < MAX_COLS && c2 < MAX_COLS)
      return {
        kind: "cols",
        a: { row: -1, col: c1, rowAbs: false, colAbs: m[1] === "$" },
        b: { row: -1, col: c2, rowAbs: false, colAbs: m[3] === "$" },
        next: i + m[0].length,
      };
  }
  m = ROWS_AT.exec(rest);
  if (m && boundaryOk(i + m[0].length)) {
    const r1 = Number(m[2]) - 1,
      r2 = Number(m[4]) - 1;
    if (r1 >= 0 && r2 >= 0 && r1 < MAX_ROWS && r2 < MAX_ROWS)
      return {
        kind: "rows",
        a: { row: r1, col: -1, rowAbs: m[1] === "$", colAbs: false },
        b: { row: r2, col: -1, rowAbs: m[3] === "$", colAbs: false },
        next: i + m[0].length,
      };
  }
  return null;
}

/** Tokenize a formula (with or without the leading "="). Returns null if unsupported syntax is found. */
export function tokenize(formula: string): Token[] | null {
  const src = formula;
  const out: Token[] = [];
  let i = src.startsWith("=") ? 1 : 0;
  while (i < src.length) {
    const ch = src[i];
    const s = i;
    if (/\s/.test(ch)) {
      while (i < src.length && /\s/.test(src[i])) i++;
      out.push({ t: "ws", s, e: i });
      continue;
    }
    if (ch === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) return null;
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ t: "str", v, s, e: i });
      continue;
    }
    if (ch === "#") {
      const lit = ERROR_LITERALS.find((l) => src.slice(i, i + l.length).toUpperCase() === l);
      if (!lit) return null;
      i += lit.length;
      out.push({ t: "err", v: lit, s, e: i });
      continue;
    }
    // Sheet-qualified reference or name.
    const prefix = readSheetPrefix(src, i);
    if (prefix) {
      const area = readArea(src, prefix.next);
      if (area) {
        out.push({
          t: "ref",
          sheet: prefix.sheet,
          kind: area.kind,
          a: area.a,
          b: area.b,
          s,
          e: area.next,
        });
        i = area.next;
        continue;
      }
      if (src.slice(prefix.next, prefix.next + 5).toUpperCase() === "#REF!") {
        i = prefix.next + 5;
        out.push({ t: "err", v: "#REF!", s, e: i });
        continue;
      }
      const nm = /^[\p{L}_\\][\p{L}\p{N}_.\\]*/u.exec(src.slice(prefix.next));
      if (nm) {
        i = prefix.next + nm[0].length;
        out.push({ t: "name", v: nm[0], sheet: prefix.sheet, s, e: i });
        continue;
      }
      return null;
    }
    if (/[0-9$A-Za-z]/.test(ch)) {
      const area = readArea(src, i);
      if (area) {
        out.push({ t: "ref", kind: area.kind, a: area.a, b: area.b, s, e: area.next });
        i = area.next;
        continue;
      }
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) return null;
      i += m[0].length;
      out.push({ t: "num", v: Number(m[0]), s, e: i });
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < src.length && IDENT_CHAR.test(src[j])) j++;
      const word = src.slice(i, j);
      let k = j;
      while (k < src.length && /\s/.test(src[k])) k++;
      i = j;
      if (src[k] === "(") out.push({ t: "func", v: word, s, e: j });
      else if (/^(TRUE|FALSE)$/i.test(word))
        out.push({ t: "bool", v: word.toUpperCase() === "TRUE", s, e: j });
      else out.push({ t: "name", v: word, s, e: j });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      i += 2;
      out.push({ t: "op", v: two, s, e: i });
      continue;
    }
    if ("+-*/^&=<>%".includes(ch)) {
      i++;
      out.push({ t: "op", v: ch, s, e: i });
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      i++;
      out.push({ t: "punc", v: ch, s, e: i });
      continue;
    }
    return null;
  }
  return out;
}

// ---------------------------------------------------------------- rendering / rewriting

function renderPart(p: RefPart, kind: "cells" | "rows" | "cols"): string {
  const c = p.col >= 0 ? `${p.colAbs ? "$" : ""}${indexToCol(p.col)}` : "";
  const r = p.row >= 0 ? `${p.rowAbs ? "$" : ""}${p.row + 1}` : "";
  return kind === "cells" ? c + r : kind === "cols" ? c : r;
}

export type RefTok = Extract<Token, { t: "ref" }>;

export function renderRef(tok: Pick<RefTok, "sheet" | "kind" | "a" | "b">): string {
  const prefix = tok.sheet !== undefined ? `${quoteSheet(tok.sheet)}!` : "";
  return prefix + renderPart(tok.a, tok.kind) + (tok.b ? ":" + renderPart(tok.b, tok.kind) : "");
}

export function refRect(tok: Pick<RefTok, "kind" | "a" | "b">): Rect {
  const b = tok.b ?? tok.a;
  if (tok.kind === "rows") return rectFromCorners(tok.a.row, 0, b.row, MAX_COLS - 1);
  if (tok.kind === "cols") return rectFromCorners(0, tok.a.col, MAX_ROWS - 1, b.col);
  return rectFromCorners(tok.a.row, tok.a.col, b.row, b.col);
}

/**
 * Rewrite every reference of a formula. `fn` returns a replacement token, "#REF!"
 * or undefined (keep). Function names are upper-cased. Opaque formulas are
 * returned unchanged.
 */
export function rewriteFormula(
  formula: string,
  fn: (ref: RefTok) => RefTok | "#REF!" | { raw: string } | undefined
): string {
  const toks = tokenize(formula);
  if (!toks) return formula;
  let out = formula.startsWith("=") ? "=" : "";
  for (const t of toks) {
    const text = formula.slice(t.s, t.e);
    if (t.t === "ref") {
      const r = fn(t);
      if (r === undefined) out += renderRef(t);
      else if (r === "#REF!")
        out += t.sheet !== undefined ? `${quoteSheet(t.sheet)}!#REF!` : "#REF!";
      else if ("raw" in r) out += r.raw;
      else out += renderRef(r);
    } else if (t.t === "func") out += text.toUpperCase();
    else if (t.t === "bool") out += text.toUpperCase();
    else if (t.t === "err") out += text.toUpperCase();
    else out += text;
  }
  return out;
}

export const normalizeFormula = (f: string) => rewriteFormula(f, () => undefined);

export const sameSheet = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Interval shift used by insert (count > 0) and delete (count < 0, removing [at, at-count)). */
export function shiftInterval(
  a: number,
  b: number,
  at: number,
  count: number,
  max: number
): [number, number] | null {
  if (count > 0) {
    const na = a >= at ? a + count : a;
    const nb = b >= at ? b + count : b;
    if (na >= max) return null;
    return [na, Math.min(nb, max - 1)];
  }
  const n = -count;
  const end = at + n - 1;
  if (a >= at && b <= end) return null;
  const na = a < at ? a : a > end ? a - n : at;
  const nb = b < at ? b : b > end ? b - n : at - 1;
  return [na, nb];
}

export interface ShiftSpec {
  /** Sheet whose cells move. */
  sheet: string;
  axis: "rows" | "cols";
  at: number;
  count: number; // > 0 insert, < 0 delete
  /** For partial (non entire-row/column) shifts: the other-axis span that moves. */
  span?: [number, number];
}

/** Adjust a reference for an insert/delete. hostSheet is the sheet unqualified refs belong to. */
export function shiftRef(
  ref: RefTok,
  spec: ShiftSpec,
  hostSheet: string | undefined
): RefTok | "#REF!" | undefined {
  const refSheet = ref.sheet ?? hostSheet;
  if (!sameSheet(refSheet, spec.sheet)) return undefined;
  const rows = spec.axis === "rows";
  if (rows && ref.kind === "cols") return undefined;
  if (!rows && ref.kind === "rows") return undefined;
  const b = ref.b ?? ref.a;
  if (spec.span) {
    const [o1, o2] = rows
      ? [Math.min(ref.a.col, b.col), Math.max(ref.a.col, b.col)]
      : [Math.min(ref.a.row, b.row), Math.max(ref.a.row, b.row)];
    const full = rows ? ref.kind === "rows" : ref.kind === "cols";
    if (full || o1 < spec.span[0] || o2 > spec.span[1]) return undefined;
  }
  const key = rows ? "row" : "col";
  const lo = Math.min(ref.a[key], b[key]);
  const hi = Math.max(ref.a[key], b[key]);
  const moved = shiftInterval(lo, hi, spec.at, spec.count, rows ? MAX_ROWS : MAX_COLS);
  if (!moved) return "#REF!";
  if (moved[0] === lo && moved[1] === hi) return undefined;
  const a = { ...ref.a, [key]: ref.a[key] === lo ? moved[0] : moved[1] };
  const nb = ref.b
    ? { ...ref.b, [key]: ref.b[key] === hi && ref.a[key] === lo ? moved[1] : moved[0] }
    : undefined;
  return { ...ref, a, b: nb };
}

/** Offset relative (non-$) parts, as when a formula is filled into other cells. */
export function offsetRef(ref: RefTok, dr: number, dc: number): RefTok | "#REF!" {
  const move = (p: RefPart): RefPart | null => {
    const row = p.row >= 0 && !p.rowAbs ? p.row + dr : p.row;
    const col = p.col >= 0 && !p.colAbs ? p.col + dc : p.col;
    if (
      (p.row >= 0 && (row < 0 || row >= MAX_ROWS)) ||
      (p.col >= 0 && (col < 0 || col >= MAX_COLS))
    )
      return null;
    return { ...p, row, col };
  };
  const a = move(ref.a);
  const b = ref.b ? move(ref.b) : undefined;
  if (!a || b === null) return "#REF!";
  return { ...ref, a, b };
}

// ---------------------------------------------------------------- parsing

export type Ast =
  | { k: "lit"; v: Scalar }
  | { k: "ref"; sheet?: string; rect: Rect }
  | { k: "name"; v: string; sheet?: string }
  | { k: "fn"; name: string; args: Ast[] }
  | { k: "un"; op: string; x: Ast }
  | { k: "bin"; op: string; a: Ast; b: Ast }
  | { k: "pct"; x: Ast }
  | { k: "missing" };

export function parseFormula(formula: string): Ast | null {
  const toks = tokenize(formula)?.filter((t) => t.t !== "ws");
  if (!toks || toks.length === 0) return null;
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.t === "op" && (peek() as { v: string }).v === v;
  const isPunc = (v: string) => peek()?.t === "punc" && (peek() as { v: string }).v === v;
  const fail = (): never => {
    throw new SyntaxError("formula");
  };

  const binLevel = (ops: string[], next: () => Ast) => (): Ast => {
    let a = next();
    while (peek()?.t === "op" && ops.includes((peek() as { v: string }).v)) {
      const op = (toks[p++] as { v: string }).v;
      a = { k: "bin", op, a, b: next() };
    }
    return a;
  };
  const primary = (): Ast => {
    const t = toks[p++];
    if (!t) return fail();
    switch (t.t) {
      case "num":
        return { k: "lit", v: t.v };
      case "str":
        return { k: "lit", v: t.v };
      case "bool":
        return { k: "lit", v: t.v };
      case "err":
        return { k: "lit", v: err(t.v) };
      case "ref":
        return { k: "ref", sheet: t.sheet, rect: refRect(t) };
      case "name":
        return { k: "name", v: t.v, sheet: t.sheet };
      case "func": {
        if (!isPunc("(")) return fail();
        p++;
        const args: Ast[] = [];
        if (isPunc(")")) {
          p++;
          return { k: "fn", name: t.v.toUpperCase(), args };
        }
        for (;;) {
          if (isPunc(",") || isPunc(")")) args.push({ k: "missing" });
          else args.push(compare());
          if (isPunc(",")) {
            p++;
            continue;
          }
          if (isPunc(")")) {
            p++;
            break;
          }
          return fail();
        }
        return { k: "fn", name: t.v.toUpperCase(), args };
      }
      case "punc":
        if (t.v === "(") {
          const x = compare();
          if (!isPunc(")")) return fail();
          p++;
          return x;
        }
        return fail();
      default:
        return fail();
    }
  };
  const postfix = (): Ast => {
    let x = primary();
    while (isOp("%")) {
      p++;
      x = { k: "pct", x };
    }
    return x;
  };
  const unary = (): Ast => {
    if (isOp("-") || isOp("+")) {
      const op = (toks[p++] as { v: string }).v;
      return { k: "un", op, x: unary() };
    }
    return postfix();
  };
  const pow = binLevel(["^"], unary);
  const mul = binLevel(["*", "/"], pow);
  const add = binLevel(["+", "-"], mul);
  const concat = binLevel(["&"], add);
  const compare = binLevel(["=", "<>", "<", ">", "<=", ">="], concat);
  try {
    const ast = compare();
    if (p !== toks.length) return null;
    return ast;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- evaluation

export interface EvalEnv {
  /** Evaluated value of one cell (null when empty); sheet undefined = host sheet. */
  cell(sheet: string | undefined, row: number, col: number): Scalar;
  /** Visit the non-empty cells of a rectangle. */
  eachCell(sheet: string | undefined, rect: Rect, fn: (v: Scalar) => void): void;
  sheetExists(sheet: string): boolean;
  /** The parsed formula a defined name refers to, or null. */
  name(name: string, sheet?: string): Ast | null;
}

type Val = Scalar | { range: Rect; sheet?: string };
const isRange = (v: Val): v is { range: Rect; sheet?: string } =>
  typeof v === "object" && v !== null && "range" in v;

export class UnknownFunction extends Error {}

function toNumber(v: Scalar): number | ErrorValue {
  if (v === null) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isError(v)) return v;
  const t = v.trim();
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (/^[+-]?(\d+\.?\d*|\.\d+)%$/.test(t)) return Number(t.slice(0, -1)) / 100;
  return err("#VALUE!");
}

function toText(v: Scalar): string | ErrorValue {
  if (v === null) return "";
  if (typeof v === "number") return formatGeneral(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (isError(v)) return v;
  return v;
}

function toBool(v: Scalar): boolean | ErrorValue {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (isError(v)) return v;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  return err("#VALUE!");
}

function compareValues(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  const ra = rank(a),
    rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toLowerCase(),
      y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a),
    y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function roundHalfAway(x: number, digits: number): number {
  const sign = x < 0 ? -1 : 1;
  if (digits >= 0)
    return sign * Number(Math.round(Number(Math.abs(x) + "e" + digits)) + "e-" + digits);
  const f = Math.pow(10, -digits);
  return sign * Math.round(Math.abs(x) / f) * f;
}

export function evaluate(ast: Ast, env: EvalEnv, depth = 0): Scalar {
  const v = evalNode(ast, env, depth);
  return isRange(v) ? implicit(v, env) : v;
}

function implicit(v: { range: Rect; sheet?: string }, env: EvalEnv): Scalar {
  if (v.range.rows === 1 && v.range.cols === 1) return env.cell(v.sheet, v.range.row, v.range.col);
  return err("#VALUE!");
}

function scalarOf(v: Val, env: EvalEnv): Scalar {
  return isRange(v) ? implicit(v, env) : v;
}

/** Flatten arguments for aggregate functions: ranges contribute only numbers. */
function numbersOf(args: Val[], env: EvalEnv): number[] | ErrorValue {
  const out: number[] = [];
  for (const a of args) {
    if (isRange(a)) {
      let e: ErrorValue | null = null;
      env.eachCell(a.sheet, a.range, (v) => {
        if (isError(v)) e = e ?? v;
        else if (typeof v === "number") out.push(v);
      });
      if (e) return e;
    } else {
      const n = toNumber(a);
      if (isError(n)) return n;
      out.push(n);
    }
  }
  return out;
}

const FUNCTIONS: Record<string, (args: Val[], env: EvalEnv) => Scalar> = {
  SUM: (args, env) => {
    const n = numbersOf(args, env);
    return isError(n) ? n : n.reduce((s, x) => s + x, 0);
  },
  AVERAGE: (args, env) => {
    const n = numbersOf(args, env);
    if (isError(n)) return n;
    return n.length ? n.reduce((s, x) => s + x, 0) / n.length : err("#DIV/0!");
  },
  MIN: (args, env) => {
    const n = numbersOf(args, env);
    return isError(n) ? n : n.length ? Math.min(...n) : 0;
  },
  MAX: (args, env) => {
    const n = numbersOf(args, env);
    return isError(n) ? n : n.length ? Math.max(...n) : 0;
  },
  COUNT: (args, env) => {
    let c = 0;
    for (const a of args) {
      if (isRange(a)) env.eachCell(a.sheet, a.range, (v) => void (typeof v === "number" && c++));
      else if (!isError(toNumber(a)) && a !== null) c++;
    }
    return c;
  },
  COUNTA: (args, env) => {
    let c = 0;
    for (const a of args) {
      if (isRange(a)) env.eachCell(a.sheet, a.range, (v) => void (v !== null && v !== "" && c++));
      else if (a !== null) c++;
    }
    return c;
  },
  ABS: (args, env) => {
    const n = toNumber(scalarOf(args[0] ?? null, env));
    return isError(n) ? n : Math.abs(n);
  },
  ROUND: (args, env) => {
    const n = toNumber(scalarOf(args[0] ?? null, env));
    const d = toNumber(scalarOf(args[1] ?? null, env));
    if (isError(n)) return n;
    if (isError(d)) return d;
    return roundHalfAway(n, Math.trunc(d));
  },
  IF: (args, env) => {
    const c = toBool(scalarOf(args[0] ?? null, env));
    if (isError(c)) return c;
    const pick = c ? args[1] : args[2];
    if (pick === undefined) return c ? 0 : false;
    return scalarOf(pick, env);
  },
  IFERROR: (args, env) => {
    const v = scalarOf(args[0] ?? null, env);
    return isError(v) ? scalarOf(args[1] ?? null, env) : v;
  },
  AND: (args, env) => {
    let r = true;
    for (const a of args) {
      const b = toBool(scalarOf(a, env));
      if (isError(b)) return b;
      r = r && b;
    }
    return r;
  },
  OR: (args, env) => {
    let r = false;
    for (const a of args) {
      const b = toBool(scalarOf(a, env));
      if (isError(b)) return b;
      r = r || b;
    }
    return r;
  },
  NOT: (args, env) => {
    const b = toBool(scalarOf(args[0] ?? null, env));
    return isError(b) ? b : !b;
  },
  ISBLANK: (args, env) => scalarOf(args[0] ?? null, env) === null,
  ISNUMBER: (args, env) => typeof scalarOf(args[0] ?? null, env) === "number",
  ISERROR: (args, env) => isError(scalarOf(args[0] ?? null, env)),
  LEN: (args, env) => {
    const t = toText(scalarOf(args[0] ?? null, env));
    return isError(t) ? t : t.length;
  },
  CONCATENATE: (args, env) => {
    let s = "";
    for (const a of args) {
      const t = toText(scalarOf(a, env));
      if (isError(t)) return t;
      s += t;
    }
    return s;
  },
};

export const SUPPORTED_FUNCTIONS = Object.keys(FUNCTIONS);

function evalNode(ast: Ast, env: EvalEnv, depth: number): Val {
  if (depth > 64) return err("#NUM!");
  switch (ast.k) {
    case "lit":
      return ast.v;
    case "missing":
      return null;
    case "ref":
      if (ast.sheet !== undefined && !env.sheetExists(ast.sheet)) return err("#REF!");
      return { range: ast.rect, sheet: ast.sheet };
    case "name": {
      const target = env.name(ast.v, ast.sheet);
      if (!target) return err("#NAME?");
      return evalNode(target, env, depth + 1);
    }
    case "pct": {
      const n = toNumber(scalarOf(evalNode(ast.x, env, depth + 1), env));
      return isError(n) ? n : n / 100;
    }
    case "un": {
      const n = toNumber(scalarOf(evalNode(ast.x, env, depth + 1), env));
      return isError(n) ? n : ast.op === "-" ? -n : n;
    }
    case "fn": {
      const f = FUNCTIONS[ast.name.replace(/^_XLFN\./, "")];
      if (!f) throw new UnknownFunction(ast.name);
      const args = ast.args.map((a) => evalNode(a, env, depth + 1));
      const r = f(args, env);
      return typeof r === "number" && !Number.isFinite(r) ? err("#NUM!") : r;
    }
    case "bin": {
      const a = scalarOf(evalNode(ast.a, env, depth + 1), env);
      const b = scalarOf(evalNode(ast.b, env, depth + 1), env);
      if (isError(a)) return a;
      if (isError(b)) return b;
      if (ast.op === "&") {
        const x = toText(a),
          y = toText(b);
        return isError(x) ? x : isError(y) ? y : x + y;
      }
      if (["=", "<>", "<", ">", "<=", ">="].includes(ast.op)) {
        const c = compareValues(a, b);
        return { "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[
          ast.op
        ]!;
      }
      const x = toNumber(a),
        y = toNumber(b);
      if (isError(x)) return x;
      if (isError(y)) return y;
      let r: number;
      switch (ast.op) {
        case "+":
          r = x + y;
          break;
        case "-":
          r = x - y;
          break;
        case "*":
          r = x * y;
          break;
        case "/":
          if (y === 0) return err("#DIV/0!");
          r = x / y;
          break;
        case "^":
          r = Math.pow(x, y);
          break;
        default:
          return err("#VALUE!");
      }
      return Number.isFinite(r) ? r : err("#NUM!");
    }
  }
}
