import type { CellKind } from "../format";
import type { RawValue } from "../values";

/**
 * Splitting the numbers printed for one table row into the row's cells. Published page text often runs the digits of
 * neighbouring cells together (`713000074` = 71,3,0,0,0,0,74) or separates some of them by spaces in odd places; a
 * row may also carry a stray extra value or leave a cell blank. Every way of reading the row is enumerated (digit runs
 * are short, and parts with leading zeros are impossible), and the caller keeps the readings its rules allow.
 */

/** What separates a token from the one before: nothing (digits of another kind follow), a space, or a cell boundary. */
export type Sep = "none" | "weak" | "strong";

export interface Token {
  /** The printed characters: digits with an optional sign or decimal point, or a placeholder such as "/", "—", "无". */
  text: string;
  placeholder?: boolean;
  sep: Sep;
}

/** One way of reading a row: a value per cell (a number, a placeholder string, or null for a blank cell). */
export interface Candidate {
  values: RawValue[];
  /** Tokens left out as stray values. */
  dropped: string[];
  /** Cells that were read as blank because there were fewer digits than cells. */
  blanks: number[];
  /** Position in enumeration order (the tie-breaker). */
  order: number;
}

export type SplitMode =
  | "empty" // nothing printed: all cells blank
  | "split" // the printed tokens, split into the row's cells
  | "merged" // the same after ignoring spaces between digits
  | "stray" // more values than cells: some left out
  | "blank" // fewer digits than cells: some cells blank
  | "none"; // no reading at all

export interface SplitResult {
  /** Readings that satisfy the row rule, or, when none does, every plausible reading; best first. */
  candidates: Candidate[];
  /** Whether the candidates satisfy the row rule (true when there is none). */
  ruleOk: boolean;
  mode: SplitMode;
  /** Enumeration stopped at its budget: the candidates may be incomplete. */
  truncated: boolean;
}

export interface SplitOptions {
  kinds: readonly CellKind[];
  /** The row rule (e.g. 总计 = sum of the others), on values with blanks and placeholders read as 0. */
  rowOk?: (values: number[]) => boolean;
  /**
   * Sizes of consecutive cell groups whose last cell is the sum of the others (table 三: [7]; table 四: [5, 5, 5]).
   * When given, the search prunes on it: a total cell can only hold the sum of its group so far.
   */
  sumGroups?: readonly number[];
  /** Orders candidates, smaller first (default: balanced digit lengths). */
  cost?: (c: Candidate) => number;
  /** Largest number of search steps (default 200 000). */
  budget?: number;
  /** Largest number of candidates kept (default 4 000). */
  maxCandidates?: number;
}

const PART: Record<CellKind, RegExp> = {
  count: /^(0|[1-9]\d{0,11})$/,
  signed: /^[+-]?(0|[1-9]\d{0,11})$/,
  money: /^(0|[1-9]\d{0,11})(\.\d{1,6})?$/,
  amount: /^(0|[1-9]\d{0,11})(\.\d{1,6})?$/,
};

/** Longest printed part a cell can hold: 12 digits, a sign, a point and 6 decimals. */
const MAX_PART = 20;

export function validPart(part: string, kind: CellKind): boolean {
  return PART[kind].test(part);
}

export function partValue(part: string): number {
  return Number(part);
}

/** A value as a number for the rules: blanks and placeholders count as 0. */
export function numeric(v: RawValue): number {
  if (typeof v === "number") return v;
  return 0;
}

/** Sum of squared digit lengths: prefers balanced readings (62,33,440 over 62,3,3440). */
export function balancedCost(c: Candidate): number {
  let s = 0;
  for (const v of c.values) {
    if (typeof v !== "number") continue;
    const len = String(Math.abs(Math.trunc(v))).length;
    s += len * len;
  }
  return s + c.dropped.length * 100 + c.blanks.length * 100;
}

interface Enumeration {
  out: Candidate[];
  truncated: boolean;
}

/** Every way to cut the tokens into exactly `kinds.length` valid parts, each token giving at least one part. */
function enumerate(tokens: readonly Token[], kinds: readonly CellKind[], budget: number, max: number, totals?: readonly (number | undefined)[]): Enumeration {
  const n = kinds.length;
  const acc: RawValue[] = [];
  // A total cell takes exactly the sum of its group's earlier cells.
  const fits = (c: number, value: RawValue): boolean => {
    const start = totals?.[c];
    if (start === undefined) return true;
    let sum = 0;
    for (let i = start; i < c; i++) sum += numeric(acc[i]);
    return Math.abs(numeric(value) - sum) < 1e-7;
  };
  const out: Candidate[] = [];
  let steps = 0;
  let truncated = false;
  // Minimum parts still needed after token t: one per remaining token.
  const rec = (t: number, c: number): void => {
    if (truncated) return;
    if (++steps > budget || out.length >= max) {
      truncated = true;
      return;
    }
    if (t === tokens.length) {
      if (c === n) out.push({ values: [...acc], dropped: [], blanks: [], order: out.length });
      return;
    }
    const tokensLeft = tokens.length - t - 1;
    if (n - c < tokensLeft + 1) return;
    const tok = tokens[t];
    if (tok.placeholder) {
      if (!fits(c, tok.text)) return;
      acc.push(tok.text);
      rec(t + 1, c + 1);
      acc.pop();
      return;
    }
    cut(tok.text, t, c, tokensLeft);
  };
  // Cut the rest `s` of token t starting at cell c.
  const cut = (s: string, t: number, c: number, tokensLeft: number): void => {
    if (truncated) return;
    if (c >= n) return;
    const cellsLeft = n - c;
    // Whole rest as one part, then move to the next token.
    if (validPart(s, kinds[c]) && fits(c, partValue(s))) {
      acc.push(partValue(s));
      rec(t + 1, c + 1);
      acc.pop();
    }
    // Or a first part, and the rest of this token into further cells (keeping a cell for each remaining token).
    if (cellsLeft - 1 < tokensLeft + 1) return;
    // Remaining characters must fit the remaining cells (no part is longer than MAX_PART).
    if (s.length > cellsLeft * MAX_PART) return;
    for (let len = 1; len < Math.min(s.length, MAX_PART + 1); len++) {
      if (truncated) return;
      const part = s.slice(0, len);
      if (!validPart(part, kinds[c])) {
        // Longer prefixes of an invalid prefix can become valid only for decimals/signs; keep trying but bail early
        // on a leading zero, which no longer prefix can fix.
        if (part === "0" || /^[+-]?0\d/.test(part)) break;
        continue;
      }
      if (++steps > budget) {
        truncated = true;
        return;
      }
      if (!fits(c, partValue(part))) continue;
      acc.push(partValue(part));
      cut(s.slice(len), t, c + 1, tokensLeft);
      acc.pop();
    }
  };
  if (n > 0) rec(0, 0);
  return { out, truncated };
}

/** Tokens joined across spaces: `500000 5` read as if the space were not there. */
function mergeWeak(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && !last.placeholder && !t.placeholder && t.sep !== "strong") out[out.length - 1] = { ...last, text: last.text + t.text };
    else out.push({ ...t });
  }
  return out;
}

function* combinations(k: number, r: number): Generator<number[]> {
  // Indices to keep, in lexicographic order (keeping the earliest tokens first).
  const idx = Array.from({ length: r }, (_, i) => i);
  if (r > k) return;
  while (true) {
    yield [...idx];
    let i = r - 1;
    while (i >= 0 && idx[i] === k - r + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < r; j++) idx[j] = idx[j - 1] + 1;
  }
}

/** More tokens than cells: leave some out (each kept token one cell). */
function dropStrays(tokens: readonly Token[], kinds: readonly CellKind[], max: number): Enumeration {
  const n = kinds.length;
  const out: Candidate[] = [];
  let truncated = false;
  let tried = 0;
  for (const keep of combinations(tokens.length, n)) {
    if (++tried > 20000 || out.length >= max) {
      truncated = true;
      break;
    }
    const values: RawValue[] = [];
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const tok = tokens[keep[i]];
      if (tok.placeholder) values.push(tok.text);
      else if (validPart(tok.text, kinds[i])) values.push(partValue(tok.text));
      else ok = false;
    }
    if (!ok) continue;
    const kept = new Set(keep);
    out.push({ values, dropped: tokens.filter((_, i) => !kept.has(i)).map((t) => t.text), blanks: [], order: out.length });
  }
  return { out, truncated };
}

/** Fewer digits than cells: every digit a cell, and the missing cells blank somewhere. */
function insertBlanks(tokens: readonly Token[], kinds: readonly CellKind[], max: number): Enumeration {
  const n = kinds.length;
  const parts: RawValue[] = [];
  for (const t of tokens) {
    if (t.placeholder) parts.push(t.text);
    else for (const ch of t.text.replace(/[^0-9]/g, "")) parts.push(Number(ch));
  }
  const out: Candidate[] = [];
  if (parts.length === 0 || parts.length >= n) return { out, truncated: false };
  let truncated = false;
  // Positions of the given parts among the n cells, in order.
  for (const at of combinations(n, parts.length)) {
    if (out.length >= max) {
      truncated = true;
      break;
    }
    const values: RawValue[] = new Array(n).fill(null);
    at.forEach((pos, i) => (values[pos] = parts[i]));
    const blanks = values.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
    out.push({ values, dropped: [], blanks, order: out.length });
  }
  return { out, truncated };
}

function digitCount(tokens: readonly Token[]): number {
  let n = 0;
  for (const t of tokens) n += t.placeholder ? 1 : t.text.replace(/[^0-9]/g, "").length;
  return n;
}

/**
 * Read one row's tokens into its cells. Tries, in order: the tokens as printed; the tokens with spaces ignored; leaving
 * out stray values; blank cells. The first way that satisfies the row rule wins; when none does, the most plausible
 * readings are returned with `ruleOk: false`.
 */
export function splitRow(tokens: readonly Token[], options: SplitOptions): SplitResult {
  const { kinds } = options;
  const n = kinds.length;
  const budget = options.budget ?? 200_000;
  const max = options.maxCandidates ?? 4_000;
  const cost = options.cost ?? balancedCost;
  const ok = (c: Candidate) => !options.rowOk || options.rowOk(c.values.map(numeric));
  const rank = (cs: Candidate[]) => cs.sort((a, b) => cost(a) - cost(b) || a.order - b.order);

  if (n === 0) return { candidates: [], ruleOk: true, mode: "none", truncated: false };
  if (tokens.length === 0) return { candidates: [{ values: new Array(n).fill(null), dropped: [], blanks: [], order: 0 }], ruleOk: true, mode: "empty", truncated: false };

  // Cell index → start of the range it totals.
  let totals: (number | undefined)[] | undefined;
  if (options.sumGroups && options.sumGroups.reduce((a, b) => a + b, 0) === n) {
    totals = new Array(n).fill(undefined);
    let at = 0;
    for (const size of options.sumGroups) {
      totals[at + size - 1] = at;
      at += size;
    }
  }
  const merged = mergeWeak(tokens);
  const attempts: { mode: SplitMode; run: () => Enumeration }[] = [];
  // With the sum rule built into the search, the readings it allows are found even in long digit runs.
  if (totals) {
    attempts.push({ mode: "split", run: () => enumerate(tokens, kinds, budget, max, totals) });
    if (merged.length !== tokens.length) attempts.push({ mode: "merged", run: () => enumerate(merged, kinds, budget, max, totals) });
  }
  attempts.push({ mode: "split", run: () => enumerate(tokens, kinds, budget, max) });
  if (merged.length !== tokens.length) attempts.push({ mode: "merged", run: () => enumerate(merged, kinds, budget, max) });
  // Signs and decimal points where the row has no room for them: read as separators.
  const plain = tokens.flatMap((t) =>
    t.placeholder || !/[.+-]/.test(t.text) ? [t] : t.text.split(/[.+-]+/).filter(Boolean).map((text, i) => ({ text, sep: i === 0 ? t.sep : ("strong" as Sep) })),
  );
  if (plain.length !== tokens.length || plain.some((t, i) => t.text !== tokens[i].text))
    attempts.push({ mode: "split", run: () => enumerate(plain, kinds, budget, max) });
  if (tokens.length > n) attempts.push({ mode: "stray", run: () => dropStrays(tokens, kinds, max) });
  if (merged.length > n && merged.length !== tokens.length) attempts.push({ mode: "stray", run: () => dropStrays(merged, kinds, max) });
  if (digitCount(tokens) < n) attempts.push({ mode: "blank", run: () => insertBlanks(tokens, kinds, max) });

  let fallback: { mode: SplitMode; e: Enumeration } | undefined;
  for (const attempt of attempts) {
    const e = attempt.run();
    const good = e.out.filter(ok);
    if (good.length) return { candidates: rank(good), ruleOk: true, mode: attempt.mode, truncated: e.truncated };
    if (!fallback && e.out.length) fallback = { mode: attempt.mode, e };
  }
  if (fallback) return { candidates: rank(fallback.e.out), ruleOk: !options.rowOk, mode: fallback.mode, truncated: fallback.e.truncated };
  return { candidates: [], ruleOk: false, mode: "none", truncated: false };
}

/** Indices of cells whose value differs between readings. */
export function differingCells(candidates: readonly { values: readonly RawValue[] }[]): number[] {
  if (candidates.length < 2) return [];
  const first = candidates[0].values;
  const out: number[] = [];
  for (let i = 0; i < first.length; i++) if (candidates.some((c) => c.values[i] !== first[i])) out.push(i);
  return out;
}
