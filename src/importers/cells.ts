import {
  cellId,
  formatForYear,
  mixedFormat,
  type CellKind,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableFormats,
  type TableId,
} from "../format";
import { isDigit, isHan, isLatinLetter, whitespace } from "../chars";
import { knownCompact } from "../text-checks";
import { FORMAT_2019 } from "../format/format2019";
import { FORMAT_2021 } from "../format/format2021";
import { editDistance } from "../labels";
import { createReport, type Report } from "../report";
import { ruleInstances, type RuleInstance } from "../rules";
import type { RawValue } from "../values";
import { extractMeta, type ReportMeta } from "./meta";
import { compactOf, foldForMatch, type Compact } from "./normalize";
import { Scratch } from "../scratch";
import {
  balancedCost,
  differingCells,
  digitLength,
  numeric,
  splitRow,
  type Candidate,
  type SplitResult,
  type Token,
} from "./split";
import { searchCombinations, type Term, type VariableRow } from "./combine";
import {
  CN_DIGITS,
  fmtValues,
  formatMarkers,
  note,
  occurrences,
  rowForms,
  rowSpecs,
  shortLabel,
  tolerance,
  type ImportNoteEx,
  type RowSpec,
} from "./row-labels";

export type { ImportNoteEx } from "./row-labels";

/**
 * Reading the three statistical tables out of published report text, whatever its layout: one cell per line, pipe
 * rows, one cell per paragraph, an HTML table turned into rows of cells, or everything flattened onto one line with the
 * digits of neighbouring cells run together. The text importer and the HTML importer both end here.
 *
 * 1. Labels are found in a compact view of the text (no spaces, pipes or quotes), row by row in the format's order,
 *    tolerant of small wording drift; everything between one row's label and the next is that row's value region.
 * 2. A region is cut into number tokens (spaces are weak separators, pipes, line ends and labels strong ones).
 * 3. The tokens are split into the row's cells (split.ts), and the readings are chosen by the hard rules: each row of
 *    table 三 must satisfy R3-2, the columns R3-1/R3-3, table 四 R4-1..3. Where more than one reading satisfies every
 *    rule the first is kept and its differing cells are marked uncertain, with a note — never a silent guess.
 */

export type ReadResult =
  { ok: true; report: Report; diagnostics: ReadDiagnostics } | { ok: false; error: string };

/** What was found where: for tests and for the CLI's --cells output. */
export interface ReadDiagnostics {
  format: FormatId;
  formatFromLabels: boolean;
  meta: ReportMeta;
  tables: Record<TableId, { found: boolean; rows: string[]; missing: string[] }>;
}

export interface ReadOptions {
  /** The report's text for later text checks (default: the stream itself). */
  text?: string;
  /** A title given apart from the text (an HTML <title>). */
  title?: string;
  /** Force a format instead of detecting it. */
  format?: FormatId;
  /** Tables printed in another format than `format` (set when each table's own labels say so). */
  tableFormats?: TableFormats;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

const TABLE2_NOISE = [
  ...["一", "二", "五", "六", "八", "九"].map((x) => `第二十条第(${x})项`),
  "信息内容",
  "主动公开政府信息情况",
  "(单位:万元)",
  "(单位:元)",
  "(万元)",
  "(元)",
  "单位:万元",
  "单位:元",
];

const TABLE3_NOISE = [
  "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
  "本列数据的勾稽关系为",
  "收到和处理政府信息公开申请情况",
  "申请人情况",
  "法人或其他组织",
  "三、本年度办理结果",
  "本年度办理结果",
  "(三)不予公开",
  "(四)无法提供",
  "(五)不予处理",
  "(六)其他处理",
  "不予公开",
  "无法提供",
  "不予处理",
  "其他处理",
];

const TABLE4_HEADERS = [
  "未经复议直接起诉",
  "复议后起诉",
  "行政复议",
  "行政诉讼",
  "结果维持",
  "结果纠正",
  "其他结果",
  "尚未审结",
  "总计",
];
const TABLE4_NOISE = [
  "政府信息公开行政复议、行政诉讼情况",
  "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
  "因政府信息公开申请行政复议、提起行政诉讼的情况",
  ...TABLE4_HEADERS,
];

const NOISE = new Map<TableId, string[]>();

/** Labels in a table that are not rows (headers, column names), folded once. */
function noiseForms(table: TableId): string[] {
  let forms = NOISE.get(table);
  if (!forms) NOISE.set(table, (forms = foldNoiseForms(table)));
  return forms;
}

function foldNoiseForms(table: TableId): string[] {
  const forms = new Set<string>();
  if (table === "二") {
    TABLE2_NOISE.forEach((f) => forms.add(foldForMatch(f)));
    for (const f of [FORMAT_2019, FORMAT_2021])
      for (const c of f.tables[0].columns)
        [c.label, ...(c.aliases ?? [])].forEach((l) => forms.add(foldForMatch(l)));
    forms.add(foldForMatch("本年新"));
    forms.add(foldForMatch("现行有效件"));
  } else if (table === "三") {
    TABLE3_NOISE.forEach((f) => forms.add(foldForMatch(f)));
    for (const c of FORMAT_2021.tables[1].columns) forms.add(foldForMatch(c.label));
    forms.add("商业");
    forms.add("企业");
    forms.add("科研");
    forms.add("机构");
  } else {
    TABLE4_NOISE.forEach((f) => forms.add(foldForMatch(f)));
    forms.add("结果");
    forms.add("维持");
    forms.add("纠正");
    forms.add("尚未");
    forms.add("审结");
  }
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}

// ---------------------------------------------------------------------------------------------------------------
// Locating labels

interface Span {
  start: number; // compact index
  end: number; // compact index, exclusive
}

interface RowHit extends Span {
  spec: RowSpec;
  fuzzy: boolean;
}

/**
 * compact.indexOf(form, from), remembering for each form where it was last searched from and found: the row search
 * asks again for the same labels from the same or a later place (each row looks a few rows ahead), and a search that
 * found nothing from one place finds nothing from any later one. Reset for each text.
 */
let searched: { text: string; at: Map<string, { from: number; index: number }> } | undefined;
function indexOf(compact: string, form: string, from: number): number {
  if (searched?.text !== compact) searched = { text: compact, at: new Map() };
  const last = searched.at.get(form);
  if (last && from >= last.from && (last.index < 0 || from <= last.index)) return last.index;
  const index = compact.indexOf(form, from);
  searched.at.set(form, { from, index });
  return index;
}

/** Earliest exact occurrence of any of the forms in [from, to). */
function findExact(
  compact: string,
  forms: readonly string[],
  from: number,
  to: number
): Span | undefined {
  let best: Span | undefined;
  for (const f of forms) {
    const i = indexOf(compact, f, from);
    if (i < 0 || i + f.length > to) continue;
    if (!best || i < best.start || (i === best.start && i + f.length > best.end))
      best = { start: i, end: i + f.length };
  }
  return best;
}

/** Best approximate occurrence of `pattern` in compact[from, to) (Sellers' algorithm), within the tolerance. */
function findFuzzy(
  compact: string,
  pattern: string,
  from: number,
  to: number
): (Span & { distance: number }) | undefined {
  const k = tolerance(pattern.length);
  if (k === 0) return undefined;
  const m = pattern.length;
  const end = Math.min(to, from + 8000);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let bestEnd = -1;
  let bestD = k + 1;
  for (let j = from; j < end; j++) {
    cur[0] = 0;
    const c = compact[j];
    for (let i = 1; i <= m; i++)
      cur[i] = Math.min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (pattern[i - 1] === c ? 0 : 1));
    if (cur[m] < bestD || (cur[m] === bestD && bestEnd === j)) {
      // A better match, or an equally good one a character longer (prefer 案件 over 案 for 案卷).
      bestD = cur[m];
      bestEnd = j + 1;
    } else if (bestEnd >= 0 && cur[m] > bestD) break; // past the local minimum of the first match
    [prev, cur] = [cur, prev];
  }
  if (bestEnd < 0) return undefined;
  // The start: the substring ending at bestEnd closest to the pattern (longest on ties).
  let best: (Span & { distance: number }) | undefined;
  for (let s = Math.max(from, bestEnd - m - k); s <= bestEnd - Math.max(1, m - k); s++) {
    const d = editDistance(compact.slice(s, bestEnd), pattern);
    if (!best || d < best.distance) best = { start: s, end: bestEnd, distance: d };
  }
  return best && best.distance <= k ? best : undefined;
}

/** A row's item number at the end of the text before its label ("2." before 其他法律…), built once per item. */
const ITEM_BEFORE = new Map<string, RegExp>();
const itemBefore = (item: string) => {
  let re = ITEM_BEFORE.get(item);
  if (!re) ITEM_BEFORE.set(item, (re = new RegExp(`${item}[.、．]?$`)));
  return re;
};
const NUMBERED_BEFORE = new RegExp(`(\\([${CN_DIGITS}]+\\)|[${CN_DIGITS}]+、)$`);

/** Extend a row hit backwards over its printed prefix (`2.` before 其他法律…, `(一)` before 予以公开). */
function extendPrefix(compact: string, hit: Span, spec: RowSpec, floor: number): Span {
  let start = hit.start;
  const before = compact.slice(Math.max(floor, start - 6), start);
  if (spec.item) {
    const m = itemBefore(spec.item).exec(before);
    // Without a separator the digit could be a value: only take it when the separator is there.
    if (m && /[.、．]$/.test(m[0])) start -= m[0].length;
  } else if (spec.prefix) {
    if (before.endsWith(spec.prefix)) start -= spec.prefix.length;
    else {
      const m = NUMBERED_BEFORE.exec(before);
      if (m) start -= m[0].length;
    }
  }
  return { start, end: hit.end };
}

/** Find the rows of a table in order within [from, to): exact matches first, then fuzzy ones in the gaps. */
function locateRows(
  compact: string,
  specs: readonly RowSpec[],
  from: number,
  to: number
): RowHit[] {
  const hits: (RowHit | undefined)[] = new Array(specs.length).fill(undefined);
  let pos = from;
  for (let i = 0; i < specs.length; i++) {
    const span = findExact(compact, rowForms(specs[i]), pos, to);
    if (!span) continue;
    // A row found after a later row's label is probably missing here (its words occur further on).
    let later = false;
    for (let j = i + 1; j < Math.min(specs.length, i + 4) && !later; j++) {
      const other = findExact(compact, rowForms(specs[j]), pos, to);
      if (other && other.end <= span.start) later = true;
    }
    if (later) continue;
    hits[i] = { start: span.start, end: span.end, spec: specs[i], fuzzy: false };
    pos = span.end;
  }
  // Fuzzy pass for rows not found, only between their found neighbours.
  for (let i = 0; i < specs.length; i++) {
    if (hits[i]) continue;
    const prev = hits.slice(0, i).reverse().find(Boolean);
    const next = hits.slice(i + 1).find(Boolean);
    const lo = prev ? prev.end : from;
    const hi = next ? next.start : to;
    if (hi - lo < 4) continue;
    let best: (Span & { distance: number }) | undefined;
    for (const form of specs[i].forms) {
      const f = findFuzzy(compact, form, lo, hi);
      if (f && (!best || f.distance < best.distance)) best = f;
    }
    if (best) hits[i] = { start: best.start, end: best.end, spec: specs[i], fuzzy: true };
  }
  const found = hits.filter((h): h is RowHit => !!h);
  return found.map((h, idx) => {
    const prevEnd = idx > 0 ? found[idx - 1].end : from;
    const { start, end } = extendPrefix(compact, h, h.spec, prevEnd);
    return { start, end, spec: h.spec, fuzzy: h.fuzzy };
  });
}

/** Arrays as long as the text, lent to each reading (see Scratch): its compact view's positions and its mask. */
const COMPACT_MAP = new Scratch((n) => new Int32Array(n));
const MASK = new Scratch((n) => new Uint8Array(n));
const TAKEN = new Scratch((n) => new Uint8Array(n));

/** Non-overlapping occurrences of noise labels within [from, to), avoiding the given spans. */
function noiseSpans(
  compact: string,
  forms: readonly string[],
  from: number,
  to: number,
  avoid: readonly Span[]
): Span[] {
  const taken = TAKEN.take(Math.max(0, to - from));
  for (const a of avoid)
    for (let i = Math.max(a.start, from); i < Math.min(a.end, to); i++) taken[i - from] = 1;
  const at = occurrences(compact, forms, from, to);
  const out: Span[] = [];
  // Form by form, in order (the first form to claim a place keeps it).
  forms.forEach((f, k) => {
    for (const i of at[k] ?? []) {
      let free = true;
      for (let j = i; j < i + f.length; j++) if (taken[j - from]) free = false;
      if (free) {
        for (let j = i; j < i + f.length; j++) taken[j - from] = 1;
        out.push({ start: i, end: i + f.length });
      }
    }
  });
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

const UNIT_CHARS = new Set([
  "万元",
  "元",
  "件",
  "个",
  "条",
  "项",
  "次",
  "宗",
  "份",
  "笔",
  "家",
  "人",
  "万",
]);
const NARRATIVE_AFTER = /^[年月日号%时届期]/;
/** What a cell left empty is printed as: / — – ― ─ ━ － - and their full-width forms. */
const DASH_CHARS = "/／—–―─━－-";
const DASHES = new RegExp(`^[${DASH_CHARS.replace(/[-/\\\]^]/g, "\\$&")}]+`);

interface Scan {
  tokens: Token[];
  /** Source index of each token. */
  at: number[];
  /** Why the scan stopped: the end of the region, or text that is not part of a table. */
  stop: "end" | "foreign";
  /** Source index where the scan stopped. */
  stopAt: number;
}

/** The dashes DASHES starts with, by code unit: a region character is tried against DASHES only when it is one. */
const DASH_CODES = new Set([...DASH_CHARS].map((c) => c.charCodeAt(0)));
const DAI = 0x7b2c; // 第

/** [0-9.,+-] */
const inNumber = (code: number) =>
  isDigit(code) || code === 0x2e || code === 0x2c || code === 0x2b || code === 0x2d;

/**
 * Cut src[a, b) into number tokens. Masked characters (labels) and pipes/line ends separate strongly, spaces weakly.
 * Parenthesised words without digits are skipped; a run of two or more other characters ends the region (narrative
 * text after a table); a number followed by 年/月/日/% is narrative too. Characters are tested by code unit: a
 * one-character string of a Chinese character is a new string each time.
 */
function scanRegion(src: string, mask: Uint8Array, a: number, b: number): Scan {
  const tokens: Token[] = [];
  const at: number[] = [];
  let sep: Token["sep"] = "strong";
  const strong = () => (sep = "strong");
  let i = a;
  while (i < b) {
    if (mask[i]) {
      strong();
      i++;
      continue;
    }
    const c = src.charCodeAt(i);
    if (
      isDigit(c) ||
      ((c === 0x2b || c === 0x2d) && isDigit(src.charCodeAt(i + 1)) && sep !== "none")
    ) {
      let j = i + 1;
      while (j < b && !mask[j] && inNumber(src.charCodeAt(j))) j++;
      let raw = src.slice(i, j);
      const trail = /[.,+-]+$/.exec(raw);
      if (trail) {
        raw = raw.slice(0, -trail[0].length);
        j -= trail[0].length;
      }
      const after = src.slice(j, j + 1);
      if (NARRATIVE_AFTER.test(after) || src.charCodeAt(i - 1) === DAI) {
        // A year glued to the table's last value: 20000022025年 → 2000002 and then narrative.
        const year = /^(.*\d)((?:19|20)\d\d)$/.exec(raw);
        if (after === "年" && year && /^\d+$/.test(raw)) {
          tokens.push({ text: year[1], sep });
          at.push(i);
        }
        return { tokens, at, stop: "foreign", stopAt: i };
      }
      // (A sign alone before a label leaves nothing: no token.)
      const pieces = !raw.includes(",")
        ? raw
          ? [raw]
          : []
        : /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)
          ? [raw.replace(/,/g, "")]
          : raw.split(",").filter(Boolean);
      pieces.forEach((p, k) => {
        tokens.push({ text: p, sep: k === 0 ? sep : "strong" });
        at.push(i);
      });
      i = j;
      sep = "none";
      // A unit right after the number belongs to it.
      if (src.startsWith("万元", i)) i += 2;
      else if (UNIT_CHARS.has(src[i] ?? "")) i += 1;
      continue;
    }
    if (c === 0x0a || c === 0x7c) {
      strong();
      i++;
      continue;
    }
    if (whitespace(c)) {
      if (sep === "none") sep = "weak";
      i++;
      continue;
    }
    if (c === 0x28) {
      const rel = src.slice(i + 1, Math.min(b, i + 80)).indexOf(")");
      const close = rel < 0 ? -1 : i + 1 + rel;
      if (close > i && !/[0-9]/.test(src.slice(i + 1, close))) {
        i = close + 1;
        strong();
        continue;
      }
      strong();
      i++;
      continue;
    }
    const dash = DASH_CODES.has(c) ? DASHES.exec(src.slice(i, i + 6)) : null;
    if (dash && !isDigit(src.charCodeAt(i + dash[0].length))) {
      tokens.push({ text: dash[0], sep, placeholder: true });
      at.push(i);
      i += dash[0].length;
      sep = "none";
      continue;
    }
    if (isHan(c) || isLatinLetter(c)) {
      let j = i;
      while (j < b && !mask[j] && (isHan(src.charCodeAt(j)) || isLatinLetter(src.charCodeAt(j))))
        j++;
      const word = src.slice(i, j);
      if (word === "无" || word === "空") {
        tokens.push({ text: word, sep, placeholder: true });
        at.push(i);
        sep = "none";
      } else if (UNIT_CHARS.has(word) || word.length < 2) strong();
      else return { tokens, at, stop: "foreign", stopAt: i };
      i = j;
      continue;
    }
    strong();
    i++;
  }
  return { tokens, at, stop: "end", stopAt: b };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

interface RowReading {
  spec: RowSpec;
  hit: RowHit;
  refs: CellRef[];
  /** The refs' cell ids and positions in the format's cells (shared by every reading of the row: read only). */
  ids: readonly string[];
  positions: readonly number[];
  kinds: CellKind[];
  tokens: Token[];
  split: SplitResult;
  /** The region ran into the end of the text: the row may be cut. */
  atEnd: boolean;
}

interface Context {
  src: string;
  compact: Compact;
  mask: Uint8Array;
  model: FormatModel;
  notes: ImportNoteEx[];
  values: Map<string, RawValue>;
  uncertain: Set<string>;
  readings: NonNullable<Report["readings"]>;
  narrativeNumbers: Map<string, Set<number>>;
}

const toSrc = (ctx: Context, compactIndex: number): number =>
  compactIndex >= ctx.compact.map.length ? ctx.src.length : ctx.compact.map[compactIndex];

/** A row's cells as the format has them (columns, ids, positions, kinds): worked out once per format and row. */
interface RowCells {
  columns: readonly string[];
  /** Frozen: the same cells are named by the notes of every report read in this format. */
  refs: CellRef[];
  ids: string[];
  positions: number[];
  kinds: CellKind[];
  /** Which cells are minor columns (small numbers expected: see costFor). */
  minor: boolean[];
  /** Table 二's soft expectations for a reading of this row (see table2Penalty). */
  penalty?: (values: readonly RawValue[]) => number;
}
/** What the reader needs of each of these cells: its id, its position in the format's cells, its kind. */
function cellFacts(
  model: FormatModel,
  refs: readonly CellRef[]
): { ids: string[]; positions: number[]; kinds: CellKind[] } {
  return {
    ids: refs.map(cellId),
    positions: refs.map((r) => model.indexOf(r)),
    kinds: refs.map((r) => model.kindOf(r)),
  };
}

const ROW_CELLS = new WeakMap<FormatModel, Map<TableId, Map<string, RowCells>>>();
function rowCells(model: FormatModel, table: TableId, row: string): RowCells {
  let byTable = ROW_CELLS.get(model);
  if (!byTable) ROW_CELLS.set(model, (byTable = new Map()));
  let byRow = byTable.get(table);
  if (!byRow) byTable.set(table, (byRow = new Map()));
  let cells = byRow.get(row);
  if (!cells) {
    const columns = model.columnsOf(table, row);
    const refs = Object.freeze(columns.map((column) => ({ table, row, column }))) as CellRef[];
    cells = {
      columns,
      refs,
      ...cellFacts(model, refs),
      minor: refs.map((r) => MINOR_COLUMNS.has(r.column)),
      ...(table === "二" ? { penalty: table2Penalty(refs) } : {}),
    };
    byRow.set(row, cells);
  }
  return cells;
}

function markMask(ctx: Context, spans: readonly Span[], value: number): void {
  for (const s of spans) {
    if (s.end <= s.start) continue;
    const a = toSrc(ctx, s.start);
    const b = ctx.compact.map[s.end - 1] + 1;
    for (let i = a; i < b; i++) ctx.mask[i] = value;
  }
}

/** The printed numbers of a region, as they stood (for messages). */
function printedTokens(tokens: readonly Token[]): string {
  const t = tokens.map((x, i) => (i && x.sep !== "none" ? " " : "") + x.text).join("");
  return t.length > 40 ? `${t.slice(0, 38)}…` : t;
}

/** Printed text of a region, shortened for messages. */
function printedText(src: string, a: number, b: number): string {
  const t = src.slice(a, b).replace(/\s+/g, " ").replace(/\|/g, " ").trim();
  return t.length > 40 ? `${t.slice(0, 38)}…` : t;
}

function isEndOfText(ctx: Context, srcIndex: number): boolean {
  return !/[^\s|]/.test(ctx.src.slice(srcIndex));
}

/** Read the rows of a table: their value regions and token splits. */
function readRows(
  ctx: Context,
  table: TableId,
  hits: RowHit[],
  regionEnd: number,
  rowOk?: (v: number[], key: string) => boolean,
  sumGroups?: readonly number[]
): RowReading[] {
  const out: RowReading[] = [];
  hits.forEach((hit, idx) => {
    const a = ctx.compact.map[hit.end - 1] + 1;
    const b = idx + 1 < hits.length ? toSrc(ctx, hits[idx + 1].start) : toSrc(ctx, regionEnd);
    const scan = scanRegion(ctx.src, ctx.mask, a, b);
    const row = rowCells(ctx.model, table, hit.spec.key);
    const { refs } = row;
    const { kinds } = row;
    const atEnd = scan.stop === "end" && isEndOfText(ctx, b);
    const { tokens } = scan;
    const key = hit.spec.key;
    const split = splitRow(tokens, {
      kinds,
      rowOk: rowOk ? (v) => rowOk(v, key) : undefined,
      ...(sumGroups ? { sumGroups } : {}),
      cost: costFor(ctx, key, row),
    });
    out.push({
      spec: hit.spec,
      hit,
      refs,
      ids: row.ids,
      positions: row.positions,
      kinds,
      tokens,
      split,
      atEnd,
    });
  });
  return out;
}

const MINOR_COLUMNS = new Set([
  "commercial",
  "research",
  "publicWelfare",
  "legalService",
  "other",
  "upheld",
  "corrected",
  "otherResult",
  "pending",
  "repealed",
  "change",
  "purchases",
]);

/** Plausibility of a reading when the rules cannot decide: balanced digit lengths, small minor columns. */
function costFor(ctx: Context, key: string, row: RowCells): (c: Candidate) => number {
  const { minor, penalty } = row;
  return (c) => {
    let cost = balancedCost(c) * 10;
    c.values.forEach((v, i) => {
      if (typeof v !== "number") return;
      const len = digitLength(v);
      if (minor[i]) cost += len - 1;
    });
    if (penalty) cost += penalty(c.values) * 1000 - table2Support(ctx, key, c.values) * 100000;
    return cost;
  };
}

/**
 * Soft expectations for table 二 (counts in force include this year's; a change cannot undo more than there was): how
 * many a row's reading breaks, for a row of these cells.
 */
function table2Penalty(refs: CellRef[]): (values: readonly RawValue[]) => number {
  const index = (column: string) => refs.findIndex((r) => r.column === column);
  const pairs = [
    // [smaller, larger]: the larger must not be below the smaller
    [index("issued"), index("inForce")],
    [index("newlyPublished"), index("publishedTotal")],
  ].filter(([a, b]) => a >= 0 && b >= 0);
  const last = index("lastYearItems");
  const change = index("change");
  return (values) => {
    let p = 0;
    for (const [a, b] of pairs) if (numeric(values[b]) < numeric(values[a])) p++;
    if (last >= 0 && change >= 0 && numeric(values[last]) + numeric(values[change]) < 0) p++;
    return p;
  };
}

/** How many of a reading's values the narrative quotes next to the row's subject (e.g. 规范性文件698件). */
function table2Support(ctx: Context, key: string, values: readonly RawValue[]): number {
  const quoted = ctx.narrativeNumbers.get(key);
  if (!quoted) return 0;
  return values.filter((v) => typeof v === "number" && v !== 0 && quoted.has(v)).length;
}

const ROW_SUBJECTS: Record<string, string[]> = {
  rules: ["规章"],
  normativeDocs: ["规范性文件"],
  licensing: ["行政许可"],
  otherServices: ["对外管理服务"],
  penalty: ["行政处罚"],
  enforcement: ["行政强制"],
  fees: ["收费"],
  procurement: ["采购"],
};

/**
 * Numbers the narrative quotes in the sentences about each table 二 row (numbers with a unit: 88件, 698件). Only the
 * sentences that name a row's subject are cut out of the narrative (found from the subject's occurrences), not every
 * sentence of it.
 */
function narrativeNumbers(narrative: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const quoted = new Map<number, number[]>(); // by sentence start
  const numbersIn = (at: number): { start: number; end: number; numbers: number[] } => {
    let start = at;
    while (start > 0 && !SENTENCE_END.has(narrative.charCodeAt(start - 1))) start--;
    let end = at;
    while (end < narrative.length && !SENTENCE_END.has(narrative.charCodeAt(end))) end++;
    let numbers = quoted.get(start);
    if (!numbers) {
      numbers = [...narrative.slice(start, end).matchAll(QUOTED_COUNT)].map((m) => Number(m[1]));
      quoted.set(start, numbers);
    }
    return { start, end, numbers };
  };
  for (const [key, words] of SUBJECTS) {
    for (const w of words)
      for (let i = narrative.indexOf(w); i >= 0; i = narrative.indexOf(w, i + 1)) {
        const { end, numbers } = numbersIn(i);
        if (numbers.length) {
          if (!out.has(key)) out.set(key, new Set());
          for (const n of numbers) out.get(key)!.add(n);
        }
        i = end; // the next sentence
      }
  }
  return out;
}

/** Where narrativeNumbers cuts sentences: 。；; and line ends. */
const SENTENCE_END = new Set([..."。；;\n"].map((c) => c.charCodeAt(0)));
const SUBJECTS = Object.entries(ROW_SUBJECTS);
const QUOTED_COUNT = /(\d+(?:\.\d+)?)\s*(?:件|个|条|份|项|万元)/g;

/** Readings of a row kept for the rules (more, and the row's cells count as holding anything). */
const MAX_KEPT_READINGS = 64;

/** Stray values a note names one by one (more are counted). */
const MAX_NAMED_STRAYS = 20;

/** Record a chosen reading of a row; note strays and blanks. */
function applyReading(
  ctx: Context,
  r: RowReading,
  chosen: Candidate,
  uncertainIdx: readonly number[],
  why?: { zh: string; en: string }
): void {
  const partialEnd =
    r.atEnd && r.split.mode !== "split" && r.split.mode !== "merged" && r.split.mode !== "empty";
  if (partialEnd && r.tokens.length > 0 && r.tokens.length < r.refs.length) {
    applyTruncated(ctx, r);
    return;
  }
  if (r.atEnd && r.tokens.length === 0) return; // cut right after the label: the row is missing, not blank
  const { ids } = r;
  chosen.values.forEach((v, i) => ctx.values.set(ids[i], v));
  if (chosen.dropped.length) noteStrays(ctx, r, chosen);
  if (chosen.blanks.length) noteBlanks(ctx, r, chosen);
  // Fewer numbers printed than cells, and no split of them satisfies the row's rule: some cell may have been left
  // blank rather than run into its neighbour — readings this reader does not list. Every cell of the row is then a
  // guess, and no reading is kept (a rule on them cannot be called broken).
  const printedNumbers = r.tokens.filter((t) => !t.placeholder).length;
  const blankHidden = !r.split.ruleOk && printedNumbers < r.refs.length;
  // Where the blanks go was guessed: every cell of the row may be elsewhere.
  const unsureIdx = chosen.blanks.length || blankHidden ? r.refs.map((_, i) => i) : uncertainIdx;
  const unsure = unsureIdx.map((i) => r.refs[i]);
  for (const i of unsureIdx) ctx.uncertain.add(ids[i]);
  // The readings considered, so a rule on these cells is an error only if it fails under all of them.
  if (
    unsure.length &&
    !blankHidden &&
    !r.split.truncated &&
    r.split.candidates.length <= MAX_KEPT_READINGS
  )
    ctx.readings.push({
      cells: ids.slice(),
      values: r.split.candidates.map((c) => c.values.slice()),
    });
  if (unsure.length && !chosen.blanks.length) noteSplits(ctx, r, chosen, unsure, why);
}

// The notes of applyReading, each in a function of its own: inline, they made applyReading slow for V8 to optimise
// (45 ms), and it was optimised again whenever a new kind of row came past.

/** The text ends inside this row: the values printed are kept, in order; the rest is missing. */
function applyTruncated(ctx: Context, r: RowReading): void {
  const given = r.tokens.slice(0, r.refs.length);
  given.forEach((t, i) =>
    ctx.values.set(
      cellId(r.refs[i]),
      t.placeholder ? t.text : Number(t.text.replace(/[^0-9.+-]/g, "")) || 0
    )
  );
  note(
    ctx.notes,
    "I-TRUNCATED",
    `文本在表${r.refs[0].table}“${shortLabel(r.spec.label)}”行中断：只读到 ${given.length} 个数（${given.map((t) => t.text).join("、")}），其余 ${r.refs.length - given.length} 格缺失。`,
    `The text ends inside table ${r.refs[0].table} row “${r.spec.label}”: only ${given.length} values were read; the other ${r.refs.length - given.length} cells are missing.`,
    r.refs.slice(given.length)
  );
}

/** Numbers beyond the row's cells, ignored. A page can run thousands into a row: the first are named, and how many. */
function noteStrays(ctx: Context, r: RowReading, chosen: Candidate): void {
  const table = r.refs[0].table;
  const label = shortLabel(r.spec.label);
  const named = chosen.dropped.slice(0, MAX_NAMED_STRAYS);
  const more = chosen.dropped.length - named.length;
  note(
    ctx.notes,
    "I-STRAY",
    `表${table}“${label}”行多出数值 ${named.join("、")}${more ? ` 等 ${chosen.dropped.length} 个` : ""}（该行只有 ${r.refs.length} 格），已忽略；请核对原表是否错位。`,
    `Table ${table} row “${r.spec.label}” has extra value(s) ${named.join(", ")}${more ? ` … (${chosen.dropped.length} in all)` : ""} beyond its ${r.refs.length} cell(s); ignored — check the published table for shifted cells.`,
    r.refs
  );
}

/** Fewer numbers than cells: where the blanks are was guessed. */
function noteBlanks(ctx: Context, r: RowReading, chosen: Candidate): void {
  const table = r.refs[0].table;
  const label = shortLabel(r.spec.label);
  note(
    ctx.notes,
    "I-UNCERTAIN",
    `表${table}“${label}”行印有的数字（${printedTokens(r.tokens)}）少于 ${r.refs.length} 格，有格留空；按 ${fmtValues(chosen.values)} 读取，留空的位置是推测的。`,
    `Table ${table} row “${r.spec.label}” prints fewer digits (${printedTokens(r.tokens)}) than its ${r.refs.length} cells: some cell was left blank; read as ${fmtValues(chosen.values)}, the blank's position is a guess.`,
    r.refs
  );
}

/** The row's digits split more than one way: the readings, and the one kept. */
function noteSplits(
  ctx: Context,
  r: RowReading,
  chosen: Candidate,
  unsure: CellRef[],
  why?: { zh: string; en: string }
): void {
  const table = r.refs[0].table;
  const label = shortLabel(r.spec.label);
  const alternatives = r.split.candidates
    .slice(0, 4)
    .map((c) => c.values.map((v) => (v === null ? "空" : String(v))).join("/"))
    .filter((v, i, a) => a.indexOf(v) === i);
  note(
    ctx.notes,
    "I-UNCERTAIN",
    `表${table}“${label}”行的数字“${printedTokens(r.tokens)}”可以有多种拆分（${alternatives.join("；")}${r.split.candidates.length > 4 ? "…" : ""}）${why ? `，${why.zh}` : ""}；暂按 ${fmtValues(chosen.values)} 读取，请核对原表。`,
    `Table ${table} row “${r.spec.label}”: the digits “${printedTokens(r.tokens)}” split more than one way (${alternatives.join("; ")})${why ? `; ${why.en}` : ""}; read as ${fmtValues(chosen.values)} — check the published table.`,
    unsure
  );
}

function fuzzyNotes(ctx: Context, readings: RowReading[]): void {
  for (const r of readings) {
    if (!r.hit.fuzzy) continue;
    const printed = ctx.src
      .slice(toSrc(ctx, r.hit.start), ctx.compact.map[r.hit.end - 1] + 1)
      .replace(/\s+/g, "");
    note(
      ctx.notes,
      "I-LABEL",
      `表${r.refs[0].table}的行名“${printed}”与格式不同，按“${r.spec.label}”读取。`,
      `Table ${r.refs[0].table}: row label “${printed}” differs from the format; read as “${r.spec.label}”.`,
      r.refs
    );
  }
}

/** Table 二: rows are independent; no hard rule decides a split, so the narrative and plausibility do. */
function solveTable2(ctx: Context, readings: RowReading[]): void {
  for (const r of readings) {
    const cs = r.split.candidates;
    if (cs.length === 0) continue;
    let unsure = differingCells(cs);
    if (unsure.length && cs.length > 1) {
      // The narrative quoting the row's numbers settles it when it pins all but one of the cells.
      const support = cs.map((c) => table2Support(ctx, r.spec.key, c.values));
      const top = Math.max(...support);
      if (
        top >= r.refs.length - 1 &&
        support.filter((s) => s === top).length === 1 &&
        support[0] === top
      )
        unsure = [];
    }
    if (r.split.truncated) unsure = r.refs.map((_, i) => i);
    applyReading(
      ctx,
      r,
      cs[0],
      unsure,
      unsure.length
        ? { zh: "表二没有勾稽关系可用来判断", en: "table 二 has no rule to decide" }
        : undefined
    );
  }
}

/** Table 四: one printed row of 15 cells, split under R4-1..3. */
function solveSingle(ctx: Context, r: RowReading, ruleName: string): void {
  const cs = r.split.candidates;
  if (cs.length === 0) return;
  let unsure = differingCells(cs);
  if (r.split.truncated) unsure = r.refs.map((_, i) => i);
  const why = r.split.ruleOk
    ? { zh: `都满足${ruleName}`, en: `all satisfy ${ruleName}` }
    : { zh: `没有一种满足${ruleName}`, en: `none satisfies ${ruleName}` };
  applyReading(ctx, r, cs[0], unsure, why);
}

/** Table 三's search over the rows' candidates (numbers) and the column rules as terms over them. */
function searchTable3(
  model: FormatModel,
  vars: RowReading[],
  present: Int32Array,
  fixedValue: Float64Array,
  eqs: RuleInstance[]
): { solutions: number[][]; capped: boolean; outOfSteps: boolean } {
  const rows: VariableRow[] = vars.map((r) => {
    const width = r.refs.length;
    const values = new Float64Array(r.split.candidates.length * width);
    r.split.candidates.forEach((c, k) => {
      for (let i = 0; i < width; i++) values[k * width + i] = numeric(c.values[i]);
    });
    return { width, values };
  });
  const terms = (positions: readonly number[]): Term[] =>
    positions.map((p) => {
      const vi = present[p];
      const { column: key } = model.cells[p];
      const column = vi < 0 ? -1 : vars[vi].refs.findIndex((x) => x.column === key);
      return column < 0
        ? { row: -1, column: -1, value: vi < 0 ? fixedValue[p] : 0 }
        : { row: vi, column, value: 0 };
    });
  return searchCombinations(
    rows,
    eqs.map((eq) => ({ left: terms(eq.leftIndex), right: terms(eq.rightIndex) }))
  );
}

const ABSENT = -2;
/** Lent to solveTable3 (see Scratch). */
const PRESENT = new Scratch((n) => new Int32Array(n));
const FIXED_VALUE = new Scratch((n) => new Float64Array(n));

function solveTable3(ctx: Context, readings: RowReading[]): void {
  // A row whose readings could not all be listed (the split search stopped at its budget) decides nothing for the
  // others: the reading it needs may be missing from the list. Its cells are all marked uncertain below.
  const usable = readings.filter(
    (r) =>
      r.split.candidates.length > 0 &&
      !(r.atEnd && r.tokens.length < r.refs.length) &&
      !r.split.truncated
  );
  const fixed = usable.filter((r) => r.split.candidates.length === 1);
  const vars = usable.filter((r) => r.split.candidates.length > 1);
  // By position in the format's cells: the index into vars (−1 for fixed cells, ABSENT for cells not read).
  const { model } = ctx;
  const present = PRESENT.take(model.cells.length, false).fill(ABSENT);
  const fixedValue = FIXED_VALUE.take(model.cells.length);
  for (const r of fixed)
    r.positions.forEach((p, i) => {
      present[p] = -1;
      fixedValue[p] = numeric(r.split.candidates[0].values[i]);
    });
  vars.forEach((r, vi) => r.positions.forEach((p) => (present[p] = vi)));
  const given = (positions: readonly number[]) => positions.every((p) => present[p] !== ABSENT);
  const eqs = ruleInstances(model).filter(
    (i) =>
      i.rule.table === "三" && i.rule.each === "column" && given(i.leftIndex) && given(i.rightIndex)
  );
  const { solutions, capped, outOfSteps } = vars.length
    ? searchTable3(model, vars, present, fixedValue, eqs)
    : { solutions: [], capped: false, outOfSteps: false };
  const choice = new Array<number>(vars.length).fill(0);

  let chosen: number[];
  let why: { zh: string; en: string };
  const unsureRows = new Map<RowReading, number[]>();
  if (solutions.length) {
    chosen = solutions[0];
    why = outOfSteps
      ? {
          zh: "可能的组合太多，未能逐一核对勾稽关系",
          en: "too many combinations to check every rule on each",
        }
      : { zh: "都满足全部勾稽关系", en: "all satisfy every rule" };
    vars.forEach((r, vi) => {
      const cands = capped
        ? r.split.candidates
        : [...new Set(solutions.map((s) => s[vi]))].map((k) => r.split.candidates[k]);
      unsureRows.set(r, differingCells(cands));
    });
  } else {
    // No combination satisfies every column rule (the report itself may be wrong): keep the most plausible readings.
    chosen = vars.map(() => 0);
    why = outOfSteps
      ? {
          zh: "可能的组合太多，未能逐一核对勾稽关系",
          en: "too many combinations to check every rule on each",
        }
      : { zh: "没有一种能同时满足全部勾稽关系", en: "none satisfies every rule at once" };
    vars.forEach((r) => unsureRows.set(r, differingCells(r.split.candidates)));
  }
  vars.forEach((r, vi) => (choice[vi] = chosen[vi]));
  for (const r of readings) {
    const vi = vars.indexOf(r);
    const cands = r.split.candidates;
    if (cands.length === 0) continue;
    let unsure = vi >= 0 ? (unsureRows.get(r) ?? []) : [];
    if (r.split.truncated) unsure = r.refs.map((_, i) => i);
    const rowWhy = r.split.truncated
      ? {
          zh: "该行可能的拆分太多，未能逐一列出",
          en: "the row splits too many ways to list them all",
        }
      : !r.split.ruleOk
        ? {
            zh: "该行任何拆分都不满足“总计 = 各类申请人之和”",
            en: "no split satisfies total = sum of applicant columns",
          }
        : why;
    applyReading(
      ctx,
      r,
      vi >= 0 ? cands[choice[vi]] : cands[0],
      unsure,
      unsure.length ? rowWhy : undefined
    );
  }
}

/** Table 四 as the reader reads it: one printed row of its cells (worked out once per format). */
interface Table4Layout {
  rows: readonly { key: string }[];
  refs: CellRef[];
  ids: string[];
  positions: number[];
  kinds: CellKind[];
  /** Each group's total equals the sum of its other cells. */
  ok: (v: number[]) => boolean;
  /** The groups' widths, when each group's total is its last cell (the split search prunes on them). */
  sumGroups?: number[];
  spec: RowSpec;
}
const T4_LAYOUT = new WeakMap<FormatModel, Table4Layout>();
function table4Layout(model: FormatModel): Table4Layout {
  let layout = T4_LAYOUT.get(model);
  if (layout) return layout;
  const rows = model.table("四").rows;
  // Frozen: the same cells are named by the notes of every report read in this format.
  const refs: CellRef[] = Object.freeze(
    rows.flatMap((r) =>
      model.columnsOf("四", r.key).map((column) => ({ table: "四" as TableId, row: r.key, column }))
    )
  ) as CellRef[];
  const groups = rows.map((r) => model.columnsOf("四", r.key));
  const totals = groups.map((g) => g.findIndex((k) => model.column("四", k).total));
  const ok = (v: number[]) => {
    let at = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const cells = v.slice(at, at + g.length);
      const ti = totals[gi];
      if (Math.abs(cells[ti] - cells.reduce((s, x, i) => (i === ti ? s : s + x), 0)) > 1e-7)
        return false;
      at += g.length;
    }
    return true;
  };
  const lastIsTotal = groups.every((g) => model.column("四", g[g.length - 1]).total);
  const spec: RowSpec = {
    table: "四",
    key: "review",
    label: "行政复议、行政诉讼",
    forms: [],
    needsPrefix: false,
  };
  layout = {
    rows,
    refs,
    ...cellFacts(model, refs),
    ok,
    ...(lastIsTotal ? { sumGroups: groups.map((g) => g.length) } : {}),
    spec,
  };
  T4_LAYOUT.set(model, layout);
  return layout;
}

/**
 * Whether the values were read in the order of the format's cells, each a cell of it: then they are the report's values
 * as they are (rows are read in order, so they almost always are), not copied cell by cell.
 */
function inModelOrder(values: ReadonlyMap<string, RawValue>, ids: readonly string[]): boolean {
  let j = 0;
  for (const id of values.keys()) {
    while (j < ids.length && ids[j] !== id) j++;
    if (j++ >= ids.length) return false;
  }
  return true;
}

/** Numbers in table 三's header, before its first row: noted and ignored. */
function noteTable3HeaderStrays(
  ctx: Context,
  t3Start: number | undefined,
  hits3: readonly RowHit[]
): void {
  const { src, notes } = ctx;
  if (t3Start !== undefined && hits3.length) {
    const a = toSrc(ctx, t3Start);
    const b = toSrc(ctx, hits3[0].start);
    const scan = scanRegion(src, ctx.mask, a, b);
    const strays = scan.tokens.filter((t) => !t.placeholder);
    const firstStray = scan.at[scan.tokens.findIndex((t) => !t.placeholder)];
    if (strays.length) {
      note(
        notes,
        "I-STRAY",
        `表三表头中有多余的数值 ${strays.map((t) => t.text).join("、")}（在“${printedText(src, Math.max(a, firstStray - 12), firstStray).replace(/^.*\s/, "") || "表头"}”之后），已忽略；请核对原表是否错位。`,
        `Table 三's header holds stray value(s) ${strays.map((t) => t.text).join(", ")}; ignored — check the published table for shifted cells.`
      );
    }
  }
}

/** Table 四: its header labels, then one printed row of its cells. Whether its values were read. */
function readTable4(ctx: Context, t4Headers: readonly Span[], t4First: Span | undefined): boolean {
  const { src, notes, model } = ctx;
  const c = ctx.compact.text;
  const t4 = table4Layout(model);
  let table4Read = false;
  if (t4Headers.length) {
    // The header block: header labels with nothing but separators (or stray numbers) between them, around the first
    // 结果维持 (a section heading naming 行政复议、行政诉讼 is separated from it by other words).
    const joined = (x: Span, y: Span) =>
      scanRegion(src, ctx.mask, ctx.compact.map[x.end - 1] + 1, toSrc(ctx, y.start)).stop !==
      "foreign";
    let firstIdx = Math.max(
      0,
      t4Headers.findIndex((h) => h.start >= (t4First?.start ?? 0))
    );
    let lastIdx = firstIdx;
    while (firstIdx > 0 && joined(t4Headers[firstIdx - 1], t4Headers[firstIdx])) firstIdx--;
    while (lastIdx + 1 < t4Headers.length && joined(t4Headers[lastIdx], t4Headers[lastIdx + 1]))
      lastIdx++;
    const first = t4Headers[firstIdx];
    const last = t4Headers[lastIdx];
    // A table's header names the results side by side; a sentence ("其中结果维持4件") names one or two.
    const named = new Set(
      t4Headers.slice(firstIdx, lastIdx + 1).map((h) => c.slice(h.start, h.end))
    );
    const results = ["结果维持", "结果纠正", "其他结果", "尚未审结"].filter((x) => named.has(x));
    const between = src.slice(toSrc(ctx, first.start), ctx.compact.map[last.end - 1] + 1);
    if (results.length >= 3 && !/\d\s*[件项]|[,，。;；]/.test(between)) {
      const headerStrays = scanRegion(
        src,
        ctx.mask,
        toSrc(ctx, first.start),
        ctx.compact.map[last.end - 1] + 1
      ).tokens.filter((t) => !t.placeholder);
      if (headerStrays.length)
        note(
          notes,
          "I-STRAY",
          `表四表头中有多余的数值 ${headerStrays.map((t) => t.text).join("、")}，已忽略；请核对原表是否错位。`,
          `Table 四's header holds stray value(s) ${headerStrays.map((t) => t.text).join(", ")}; ignored.`
        );
      const a = ctx.compact.map[last.end - 1] + 1;
      const scan = scanRegion(src, ctx.mask, a, src.length);
      const { tokens } = scan;
      if (tokens.length) {
        const split = splitRow(tokens, {
          kinds: t4.kinds,
          rowOk: t4.ok,
          ...(t4.sumGroups ? { sumGroups: t4.sumGroups } : {}),
        });
        const atEnd = scan.stop === "end";
        const { spec } = t4;
        const reading: RowReading = {
          spec,
          hit: { start: last.start, end: last.end, spec, fuzzy: false },
          refs: t4.refs,
          ids: t4.ids,
          positions: t4.positions,
          kinds: t4.kinds,
          tokens,
          split,
          atEnd,
        };
        solveSingle(ctx, reading, "“总计 = 四项结果之和”");
        table4Read = t4.ids.some((id) => ctx.values.has(id));
      }
    }
  }
  return table4Read;
}

/** Where the tables are in the compact text: each table's first label, where it begins and where it ends. */
interface TableBounds {
  t2Anchor?: Span;
  t3First?: Span;
  t4First?: Span;
  t3Start?: number;
  t4Start?: number;
  /** Table 三's row words found without its header: a sentence ("部分公开12件"), not a table. */
  t3Sentence: boolean;
  t2End: number;
  t3End: number;
}

function tableBounds(c: string, specs3: readonly RowSpec[]): TableBounds {
  const t2Anchor = findExact(
    c,
    [foldForMatch("第二十条第(一)项"), "本年制发件数", "本年新制作数量"],
    0,
    c.length
  );
  const t3Forms = table3Forms(specs3);
  const t3First = findExact(c, t3Forms, t2Anchor?.start ?? 0, c.length);
  const t4First = findExact(c, ["结果维持"], t3First?.start ?? t2Anchor?.start ?? 0, c.length);
  let t4Start = t4First?.start;
  if (t4First) {
    const head = findExact(
      c,
      ["行政复议", "行政诉讼"],
      Math.max(t3First?.end ?? 0, t4First.start - 120),
      t4First.start
    );
    if (head) t4Start = head.start;
  }
  let t3Start = t3First?.start;
  let t3Sentence = false;
  if (t3First) {
    const lo = Math.max(t2Anchor?.end ?? 0, t3First.start - 600);
    const head = findExact(
      c,
      [
        foldForMatch(TABLE3_NOISE[0]),
        "(本列数据的勾稽关系",
        "本列数据的勾稽关系",
        "申请人情况",
        "自然人",
      ],
      lo,
      t3First.start
    );
    // Without table 三's header (申请人情况, or the applicant columns side by side) the row words are a sentence
    // ("部分公开12件", "自然人申请10件"), not a table.
    const columns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"].filter((x) =>
      findExact(c, [x], lo, t3First.start)
    );
    const header = head && (c.slice(head.start, head.end) !== "自然人" || columns.length >= 3);
    if (head && header) t3Start = head.start;
    else t3Sentence = true;
  }
  const t2End = t3Start ?? t4Start ?? c.length;
  const t3End = t4Start ?? c.length;
  return { t2Anchor, t3First, t4First, t3Start, t4Start, t3Sentence, t2End, t3End };
}

/** The rows and tables not read, noted (and set in the diagnostics). An error when the text has no table at all. */
// In small functions: one function holding every case was among the slowest for V8 to optimise (100 ms each time).
function noteWhatIsMissing(
  ctx: Context,
  diagnostics: ReadDiagnostics,
  read: {
    readings2: RowReading[];
    readings3: RowReading[];
    specs2: readonly RowSpec[];
    specs3: readonly RowSpec[];
    table4Read: boolean;
    t4Rows: readonly { key: string }[];
    bounds: TableBounds;
  }
): { anyTable: boolean; error?: string } {
  const { readings2, readings3, specs2, specs3, table4Read, t4Rows, bounds } = read;
  const tablePresent: Record<TableId, boolean> = {
    二: readings2.length > 0,
    三: readings3.length > 0,
    四: table4Read,
  };
  rowsFound(ctx, diagnostics, "二", readings2, specs2);
  rowsFound(ctx, diagnostics, "三", readings3, specs3);
  diagnostics.tables["四"] = {
    found: table4Read,
    rows: table4Read ? t4Rows.map((r) => r.key) : [],
    missing: table4Read ? [] : t4Rows.map((r) => r.key),
  };
  const anyTable = tablePresent["二"] || tablePresent["三"] || tablePresent["四"];
  if (!anyTable) {
    const error = noteNoTables(ctx, bounds);
    return error ? { anyTable, error } : { anyTable };
  }
  noteMissingTables(ctx, tablePresent, bounds);
  return { anyTable };
}

/** The rows of table 二 or 三 read and not read (diagnostics); a note naming those not read. */
function rowsFound(
  ctx: Context,
  diagnostics: ReadDiagnostics,
  table: "二" | "三",
  readings: RowReading[],
  specs: readonly RowSpec[]
): void {
  const found = new Set<string>();
  for (const r of readings) if (r.ids.some((id) => ctx.values.has(id))) found.add(r.spec.key);
  const missing = specs.filter((s) => !found.has(s.key));
  diagnostics.tables[table] = {
    found: found.size > 0,
    rows: [...found],
    missing: missing.map((s) => s.key),
  };
  if (found.size > 0 && missing.length > 0)
    noteMissingRows(ctx, table, readings, specs, found, missing);
}

function noteMissingRows(
  ctx: Context,
  table: "二" | "三",
  readings: RowReading[],
  specs: readonly RowSpec[],
  found: ReadonlySet<string>,
  missing: readonly RowSpec[]
): void {
  const { notes, model } = ctx;
  const c = ctx.compact.text;
  const endOfText = (compactIndex: number | undefined) =>
    compactIndex === undefined || c.length - compactIndex < 40;
  const lastFound = readings.filter((r) => found.has(r.spec.key)).pop();
  const lastIndex = specs.findIndex((s) => s.key === lastFound?.spec.key);
  const trailing =
    specs.slice(lastIndex + 1).length > 0 &&
    specs.slice(lastIndex + 1).every((s) => missing.includes(s));
  const cut =
    trailing &&
    !!lastFound &&
    (lastFound.atEnd || endOfText(lastFound.hit.end + printedTokens(lastFound.tokens).length + 8));
  const names = missing.map((s) => `“${shortLabel(s.label)}”`);
  note(
    notes,
    "I-MISSING-ROWS",
    `表${table}缺少 ${missing.length} 行：${names.slice(0, 6).join("、")}${names.length > 6 ? ` 等` : ""}${cut ? "（文本在表中途结束）" : ""}。`,
    `Table ${table} lacks ${missing.length} row(s): ${missing
      .slice(0, 6)
      .map((s) => s.label)
      .join(", ")}${missing.length > 6 ? " …" : ""}.`,
    missing.flatMap((s) =>
      model.columnsOf(table, s.key).map((column) => ({ table, row: s.key, column }))
    )
  );
}

/** A text without any table: an error when it is not a report at all, else a note saying why none was read. */
function noteNoTables(ctx: Context, bounds: TableBounds): string | undefined {
  const { src, notes } = ctx;
  const c = ctx.compact.text;
  const headings = {
    二: /主动公开政府信息(的)?情况/.test(c),
    三: /收到和处理政府信息公开申请(的)?情况/.test(c),
    四: /行政复议.{0,4}行政诉讼(的)?情况/.test(c),
  };
  const looksLikeReport =
    /政府信息公开.{0,6}年度报告|政府信息公开工作年度报告|年度报告/.test(c) ||
    Object.values(headings).filter(Boolean).length >= 2 ||
    /政府信息公开/.test(c);
  const labelsSeen = !!(bounds.t2Anchor || bounds.t3First || bounds.t4First);
  if (!looksLikeReport && !labelsSeen)
    return "没有找到年报统计表（文本中没有表二、表三、表四的行名）";
  const headingCount = Object.values(headings).filter(Boolean).length;
  // Section headings in a row with nothing between them: the tables were images (or attachments).
  const bare =
    /二、主动公开政府信息(的)?情况\s*三、/.test(src.replace(/[\s|]+/g, "")) ||
    /三、收到和处理政府信息公开申请(的)?情况四、/.test(c);
  if (headingCount >= 2 && bare)
    note(
      notes,
      "I-IMAGE-TABLES",
      "报告有表二、表三、表四的标题，但标题下没有表格文字：统计表可能是图片或附件，无法读取，请另行核对。",
      "The report has the headings of tables 二, 三 and 四 but no table text under them: the tables are probably images or attachments and cannot be read."
    );
  else
    note(
      notes,
      "I-NO-TABLES",
      "文本中没有找到统计表（可能只收录了报告开头，或表格是图片）。",
      "No statistical table was found in the text (only the opening may have been kept, or the tables are images)."
    );
  return undefined;
}

/** The tables not read in a text where another was: a note for each, saying why. */
function noteMissingTables(
  ctx: Context,
  tablePresent: Record<TableId, boolean>,
  bounds: TableBounds
): void {
  const { notes, model } = ctx;
  const c = ctx.compact.text;
  for (const table of ["二", "三", "四"] as const) {
    if (tablePresent[table]) continue;
    const cells = model.cells.filter((x) => x.table === table);
    const afterLast =
      table === "四"
        ? tablePresent["三"] || tablePresent["二"]
        : table === "三"
          ? tablePresent["二"] && !tablePresent["四"]
          : false;
    const reason =
      table === "三" && bounds.t3Start === undefined && /申请人情况|勾稽关系/.test(c)
        ? "只有表头，没有数据行"
        : afterLast
          ? "文本在此之前结束"
          : "没有找到";
    const reasonEn =
      reason === "只有表头，没有数据行"
        ? "header only, no data rows"
        : reason === "文本在此之前结束"
          ? "the text ends before it"
          : "not found";
    note(
      notes,
      "I-MISSING-TABLE",
      `表${table}缺失（${reason}），其中 ${cells.length} 格无法核对。`,
      `Table ${table} is missing (${reasonEn}); its ${cells.length} cells cannot be checked.`
    );
  }
}

let T4_HEADER_FORMS: string[] | undefined;
const table4HeaderForms = () => (T4_HEADER_FORMS ??= TABLE4_HEADERS.map(foldForMatch));

/** Table 三's long row labels, which tell where the table begins (built once per format). */
const T3_FORMS = new WeakMap<readonly RowSpec[], string[]>();
function table3Forms(specs: readonly RowSpec[]): string[] {
  let forms = T3_FORMS.get(specs);
  if (!forms)
    T3_FORMS.set(
      specs,
      (forms = specs
        .filter((s) => s.forms[0].length >= 8 && s.key !== "next")
        .flatMap((s) => rowForms(s)))
    );
  return forms;
}

/**
 * Read a published report's text (any layout) into a Report. Its parts are functions of their own: as one function
 * (8 KB of bytecode) it was compiled again and again in long runs, at a cost in memory (src/cli/check.ts).
 */
export function readPublished(stream: string, options: ReadOptions = {}): ReadResult {
  const src = stream.length > 2_000_000 ? stream.slice(0, 2_000_000) : stream;
  const text = options.text ?? src;
  const compact = compactOf(src, COMPACT_MAP.take(src.length, false));
  const c = compact.text;
  knownCompact(src, c);
  const meta = extractMeta(text, options.title);
  const votes = formatMarkers(c);
  const detected = votes(0, c.length);
  const format: FormatId =
    options.format ?? detected.id ?? (meta.year ? formatForYear(meta.year) : "2021");
  const model = mixedFormat(format, options.tableFormats);
  const notes: ImportNoteEx[] = [];
  const ctx: Context = {
    src,
    compact,
    mask: MASK.take(src.length),
    model,
    notes,
    values: new Map(),
    uncertain: new Set(),
    readings: [],
    narrativeNumbers: new Map(),
  };

  // --- where the tables are
  const specs2 = rowSpecs(model, "二");
  const specs3 = rowSpecs(model, "三");
  const bounds = tableBounds(c, specs3);
  const { t2Anchor, t3First, t4First, t3Start, t4Start, t3Sentence, t2End, t3End } = bounds;

  // Each table's format from its own labels: a report printing table 二 in one format and table 三 in the other is
  // read again with each table in its own.
  if (!options.format && !options.tableFormats && t2Anchor && t3Start !== undefined) {
    const f2 = votes(t2Anchor.start, t2End).id;
    const f3 = votes(t3Start, t3End).id;
    if (f2 && f3 && f2 !== f3)
      return readPublished(stream, { ...options, format: f3, tableFormats: { 二: f2 } });
  }

  // --- rows
  const hits2 = t2Anchor ? locateRows(c, specs2, t2Anchor.start, t2End) : [];
  const hits3 = t3First && !t3Sentence ? locateRows(c, specs3, t3Start!, t3End) : [];
  const t4Headers =
    t4Start !== undefined ? noiseSpans(c, table4HeaderForms(), t4Start, c.length, []) : [];

  // Labels that are not rows, masked so the value regions skip them.
  if (t2Anchor) markMask(ctx, noiseSpans(c, noiseForms("二"), t2Anchor.start, t2End, hits2), 1);
  if (t3Start !== undefined)
    markMask(ctx, noiseSpans(c, noiseForms("三"), t3Start, t3End, hits3), 1);
  if (t4Start !== undefined)
    markMask(ctx, noiseSpans(c, noiseForms("四"), t4Start, c.length, []), 1);
  markMask(ctx, [...hits2, ...hits3], 2);

  // Numbers the narrative quotes (outside the tables).
  const tablesFrom = t2Anchor
    ? toSrc(ctx, t2Anchor.start)
    : t3Start !== undefined
      ? toSrc(ctx, t3Start)
      : src.length;
  ctx.narrativeNumbers = narrativeNumbers(src.slice(0, tablesFrom));

  const diagnostics: ReadDiagnostics = {
    format,
    formatFromLabels: !!detected.id && (!options.format || !!options.tableFormats),
    meta,
    tables: {
      二: { found: false, rows: [], missing: [] },
      三: { found: false, rows: [], missing: [] },
      四: { found: false, rows: [], missing: [] },
    },
  };

  // --- table 二
  const readings2 = readRows(ctx, "二", hits2, t2End);
  fuzzyNotes(ctx, readings2);
  solveTable2(ctx, readings2);

  // --- table 三: header strays, then rows under the rules
  noteTable3HeaderStrays(ctx, t3Start, hits3);
  const totalIndex = model.table("三").columns.findIndex((col) => col.total);
  const row3Ok = (v: number[]) =>
    Math.abs(v[totalIndex] - v.reduce((s, x, i) => (i === totalIndex ? s : s + x), 0)) < 1e-7;
  // Table 三's total is its last column (as printed): the split search can prune on R3-2 directly.
  const sum3 =
    totalIndex === model.table("三").columns.length - 1
      ? [model.table("三").columns.length]
      : undefined;
  const readings3 = readRows(ctx, "三", hits3, t3End, row3Ok, sum3);
  fuzzyNotes(ctx, readings3);
  solveTable3(ctx, readings3);

  // --- table 四: header labels, then one printed row of 15 cells
  const t4 = table4Layout(model);
  const table4Read = readTable4(ctx, t4Headers, t4First);

  // --- what is missing
  const { anyTable, error } = noteWhatIsMissing(ctx, diagnostics, {
    readings2,
    readings3,
    specs2,
    specs3,
    table4Read,
    t4Rows: t4.rows,
    bounds,
  });
  if (error) return { ok: false, error };
  if (anyTable && !detected.id && !options.format && !options.tableFormats)
    note(
      notes,
      "I-FORMAT-GUESS",
      `表格中没有能区分 2019 年版和 2021 年版格式的列名，按 ${format} 年版格式读取。`,
      `No column label tells the 2019 and 2021 formats apart; read as the ${format} format.`
    );

  const report = createReport(format, {
    ...(model.mixed ? { tableFormats: options.tableFormats } : {}),
    ...(meta.year ? { year: meta.year } : {}),
    ...(meta.agency ? { agency: meta.agency } : {}),
    text,
    notes,
    uncertain: ctx.uncertain,
    ...(ctx.readings.length ? { readings: ctx.readings } : {}),
  });
  if (inModelOrder(ctx.values, model.ids)) report.values = ctx.values;
  else
    for (const id of model.ids) if (ctx.values.has(id)) report.values.set(id, ctx.values.get(id)!);
  return { ok: true, report, diagnostics };
}
