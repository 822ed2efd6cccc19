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
  /** How many tokens `dropped` lists, when known without building the list. */
  readonly droppedCount?: number;
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
  /**
   * The row rule (e.g. 总计 = sum of the others), on values with blanks and placeholders read as 0. Pure: it may be
   * asked once or not at all for a reading the search already checked.
   */
  rowOk?: (values: number[]) => boolean;
  /**
   * Sizes of consecutive cell groups whose last cell is the sum of the others (table 三: [7]; table 四: [5, 5, 5]).
   * When given, the search prunes on it: a total cell can only hold the sum of its group so far.
   */
  sumGroups?: readonly number[];
  /** Orders candidates, smaller first (default: balanced digit lengths). Pure: not asked when there is one. */
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

/** Longest part of each kind (what PART allows). */
const KIND_MAX: Record<CellKind, number> = { count: 12, signed: 13, money: 19, amount: 19 };

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

/** How many tokens a candidate leaves out (without building the list). */
function droppedCount(c: Candidate): number {
  return c.droppedCount ?? c.dropped.length;
}

const POWERS_OF_10 = Array.from({ length: 21 }, (_, i) => 10 ** i);

/** The length of a number's integer part as printed (String(|trunc(v)|).length), without making the string. */
export function digitLength(v: number): number {
  const x = Math.abs(Math.trunc(v));
  if (!(x < 1e21)) return String(x).length;
  let len = 1;
  while (len < 21 && x >= POWERS_OF_10[len]) len++;
  return len;
}

/** Sum of squared digit lengths: prefers balanced readings (62,33,440 over 62,3,3440). */
export function balancedCost(c: Candidate): number {
  let s = 0;
  for (const v of c.values) {
    if (typeof v !== "number") continue;
    const len = digitLength(v);
    s += len * len;
  }
  return s + droppedCount(c) * 100 + c.blanks.length * 100;
}

export interface Enumeration {
  out: Candidate[];
  /** The budget ran out, or `max` readings were found: there may be more. */
  truncated: boolean;
}

/** Whether a char code is an ASCII digit. */
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Writes the valid parts of a kind that start at `o` in `s` to `lens` (their lengths, ascending) and `vals` (their
 * values) from index `top` on, and returns how many there are. The same parts PART accepts, found without slicing or
 * regular expressions (this runs in the search's inner loop).
 */
function partsAt(
  s: string,
  o: number,
  kind: CellKind,
  lens: number[],
  vals: number[],
  top: number
): number {
  let end = top;
  let at = o;
  let sign = 1;
  if (kind === "signed" && (s.charCodeAt(o) === 43 || s.charCodeAt(o) === 45)) {
    sign = s.charCodeAt(o) === 45 ? -1 : 1;
    at = o + 1;
  }
  if (!isDigit(s.charCodeAt(at))) return 0;
  // The integer part: "0" alone, or up to 12 digits without a leading zero.
  const maxInt = s.charCodeAt(at) === 48 ? 1 : 12;
  let v = 0;
  let d = 0;
  while (d < maxInt && at + d < s.length && isDigit(s.charCodeAt(at + d))) {
    v = v * 10 + (s.charCodeAt(at + d) - 48);
    d++;
    lens[end] = at - o + d;
    vals[end++] = sign * v;
  }
  if (kind === "money" || kind === "amount") {
    // Decimals (1 to 6) right after the integer part.
    const point = at + d;
    if (s.charCodeAt(point) === 46)
      for (let k = 1; k <= 6 && point + k < s.length && isDigit(s.charCodeAt(point + k)); k++) {
        lens[end] = point + k + 1 - o;
        vals[end++] = Number(s.slice(o, point + k + 1));
      }
  }
  return end - top;
}

/** Most intervals kept per state by the search's pruning tables (more are merged across their smallest gaps). */
const SPANS = 8;

/** Room for two merged interval lists of SPANS each (as [lo, hi, …]), before they are cut back to SPANS. */
const MERGE_ROOM = 4 * SPANS;
/** The interval lists being merged (merging calls nothing else, so one pair serves every walk). */
let mergeInto = new Float64Array(MERGE_ROOM);
let mergeOut = new Float64Array(MERGE_ROOM);

/**
 * Adds the sorted disjoint intervals add[from … from + count) (each shifted by `shift`) to the sorted disjoint
 * intervals mergeInto[0 … size) ([lo, hi, lo, hi, …]), keeping at most SPANS intervals: past that, the two neighbours
 * with the smallest gap are merged (the result covers the union, and then some). Returns the new size of mergeInto.
 */
function addIntervals(
  size: number,
  add: ArrayLike<number>,
  from: number,
  count: number,
  shift: number
): number {
  const into = mergeInto;
  const out = mergeOut;
  let len = 0;
  let i = 0;
  let j = from;
  const end = from + count;
  while (i < size || j < end) {
    let lo: number;
    let hi: number;
    if (j >= end || (i < size && into[i] <= add[j] + shift)) {
      lo = into[i];
      hi = into[i + 1];
      i += 2;
    } else {
      lo = add[j] + shift;
      hi = add[j + 1] + shift;
      j += 2;
    }
    if (len > 0 && lo <= out[len - 1]) out[len - 1] = Math.max(out[len - 1], hi);
    else {
      out[len] = lo;
      out[len + 1] = hi;
      len += 2;
    }
  }
  while (len > 2 * SPANS) {
    // The first smallest gap (between out[best] and out[best + 1]) goes.
    let best = 1;
    for (let k = 3; k < len - 1; k += 2)
      if (out[k + 1] - out[k] < out[best + 1] - out[best]) best = k;
    out.copyWithin(best, best + 2, len);
    len -= 2;
  }
  mergeOut = into;
  mergeInto = out;
  return len;
}

/**
 * Every way to cut the tokens into exactly `kinds.length` valid parts, each token giving at least one part, in a fixed
 * order (at each cell: the whole rest of the token first, then its prefixes, shortest first).
 *
 * The search is a depth-first walk over (position, cell). Once it has taken more than a few hundred steps it prunes:
 * it skips a state when the rest cannot be cut at all or, within a sum group, when the rest allows no value for what
 * the group's earlier cells sum to; and it skips the states it has searched to the end without a reading. (What the
 * rest allows is worked out per state when the walk first asks, and kept.) That only removes dead branches, so the
 * readings and their order are exactly those of the plain walk — it just gets there in far fewer steps.
 *
 * With `keep`, readings it rejects are counted (towards `max`, and in the order numbers) but not returned.
 */
export function enumerate(
  tokens: readonly Token[],
  kinds: readonly CellKind[],
  budget: number,
  max: number,
  totals?: readonly (number | undefined)[],
  keep?: (values: readonly RawValue[]) => boolean
): Enumeration {
  if (kinds.length === 0 || tokens.length > kinds.length) return { out: [], truncated: false };
  const walk = idle ?? new Walk();
  idle = undefined;
  try {
    if (!walk.start(tokens, kinds, budget, max, totals, keep)) return { out: [], truncated: false };
    walk.rec(0, 0);
    return { out: walk.out, truncated: walk.truncated };
  } finally {
    walk.finish();
    idle = walk;
  }
}

/**
 * A walk to reuse: a row is split for every table row read, and its working arrays are kept from one row to the next
 * (a second walk is made only when `keep` itself splits a row while the first is under way).
 */
let idle: Walk | undefined;

/** A cell is its group's total: it takes exactly the sum of the group's cells before it. */
const TOTAL = 1;
/** A cell adds its value to the sum the next cell of its group sees. */
const CARRY = 2;
/** A cell is the first of its group: the sum before it is 0. */
const FIRST = 4;

/** Entries of a reused walk's working lists kept from one row to the next (more are let go). */
const KEPT_ENTRIES = 4096;

/** Steps after which the walk starts pruning. */
const BUILD_AFTER = 256;

/** The longest part a cell of this kind can hold (KIND_MAX, without a lookup by name in the walk's set-up loop). */
function kindMax(kind: CellKind): number {
  return kind === "count" ? 12 : kind === "signed" ? 13 : KIND_MAX[kind];
}

/** The state of one enumeration (a class: the walk runs for every row, and closures would be made anew each time). */
class Walk {
  out: Candidate[] = [];
  /** Readings found (`out` holds those `keep` accepts). */
  private found = 0;
  truncated = false;
  private steps = 0;
  private budget = 0;
  private max = 0;
  private n = 0;
  private T = 0;
  private G = 0;
  private W = 0;
  private tokens: readonly Token[] = [];
  private totals?: readonly (number | undefined)[];
  private keep?: (values: readonly RawValue[]) => boolean;
  /** Where each token starts: every character of a token is a position, and a placeholder is one. */
  private readonly base: number[] = [];
  /** The value of each cell so far (cell c at index c). */
  private readonly acc: RawValue[] = [];
  /** Each cell's kind, as an index into `kindsUsed` (the row's distinct kinds, usually one). */
  private readonly kindOf: number[] = [];
  private readonly kindsUsed: CellKind[] = [];
  private kindCount = 0;
  /** Whether the row has sum groups (`totals`). */
  private grouped = false;
  /** Sum groups: for each cell, the start and the total cell of its group (−1 when it is in none). */
  private readonly groupStart: number[] = [];
  private readonly groupEnd: number[] = [];
  /** Sum of the group's cells before cell c (added in cell order, as the rule check does). */
  private readonly before: number[] = [];
  /** What each cell is in its sum group (TOTAL, CARRY, FIRST; 0 outside groups). */
  private readonly cellFlags: number[] = [];
  /**
   * Parts at each position for each kind used, computed once: at key g·kindCount + kind, where they start in
   * `partLen`/`partVal` plus one (0: not computed yet), and how many there are.
   */
  private readonly partFrom: number[] = [];
  private readonly partCount: number[] = [];
  private readonly partLen: number[] = [];
  private readonly partVal: number[] = [];
  /** How many entries of partLen/partVal are this row's. */
  private partTop = 0;
  /** Whether the walk prunes (it has taken BUILD_AFTER steps). */
  private pruning = false;
  private tokenAt?: Int32Array;
  /**
   * Pruning tables, filled in as the walk asks, per state g·(n+1)+c: alive — 1 when the parts from position g can fill
   * cells c…, 2 when not, 0 not known yet; within a sum group, the values (total − the group's cells from c on) can take
   * over the ways to cut the rest, as a few intervals [lo, hi, lo, hi, …] in `spanPool` from spanFrom, spanSize numbers:
   * the group's cells before c must sum into one of them.
   */
  private alive?: Uint8Array;
  private spanFrom?: Int32Array;
  private spanSize?: Uint8Array;
  private readonly spanPool: number[] = [];
  private spanTop = 0;
  /** States searched to the end without a reading: state → the group sums it was reached with (9+99 and 99+9 alike). */
  private dead?: (Set<number> | undefined)[];

  /** Sets the walk up for a row; false when the row has no reading at all (without walking). */
  start(
    tokens: readonly Token[],
    kinds: readonly CellKind[],
    budget: number,
    max: number,
    totals: readonly (number | undefined)[] | undefined,
    keep: ((values: readonly RawValue[]) => boolean) | undefined
  ): boolean {
    const n = kinds.length;
    const T = tokens.length;
    // (The working arrays are written by index: they keep their length from row to row, which costs nothing.)
    const base = this.base;
    base[0] = 0;
    for (let t = 0; t < T; t++) {
      const len = tokens[t].placeholder ? 1 : tokens[t].text.length;
      // An empty token cannot give a part, and every token must: no reading.
      if (len === 0) return false;
      base[t + 1] = base[t] + len;
    }
    const G = base[T];
    const { kindOf, kindsUsed } = this;
    let used = 0;
    let room = 0;
    for (let c = 0; c < n; c++) {
      const kind = kinds[c];
      room += kindMax(kind);
      let k = 0;
      while (k < used && kindsUsed[k] !== kind) k++;
      if (k === used) kindsUsed[used++] = kind;
      kindOf[c] = k;
    }
    // Every character belongs to some part, and no part is longer than its kind allows.
    if (G > room) return false;
    this.tokens = tokens;
    this.totals = totals;
    this.keep = keep;
    this.budget = budget;
    this.max = max;
    this.n = n;
    this.T = T;
    this.G = G;
    this.W = n + 1;
    this.out = [];
    this.found = 0;
    this.truncated = false;
    this.steps = 0;
    // The values go to `keep` as they stand: exactly one per cell.
    if (this.acc.length !== n) this.acc.length = n;
    this.grouped = totals !== undefined;
    if (totals) {
      const { groupStart, groupEnd, before } = this;
      for (let c = 0; c < n; c++) {
        groupStart[c] = -1;
        groupEnd[c] = -1;
        before[c] = 0;
      }
      before[n] = 0;
      for (let e = 0; e < n; e++) {
        const st = totals[e];
        if (st === undefined) continue;
        for (let c = st; c <= e; c++) {
          groupStart[c] = st;
          groupEnd[c] = e;
        }
      }
    }
    const { cellFlags, groupStart, groupEnd } = this;
    for (let c = 0; c < n; c++)
      cellFlags[c] = !totals
        ? 0
        : (totals[c] !== undefined ? TOTAL : 0) |
          (groupStart[c] >= 0 && c < groupEnd[c] ? CARRY : 0) |
          (c === groupStart[c] ? FIRST : 0);
    this.kindCount = used;
    const partFrom = this.partFrom;
    for (let key = 0; key < G * used; key++) partFrom[key] = 0;
    this.partTop = 0;
    return true;
  }

  /** Lets go of the row (the walk is kept for the next one). */
  finish(): void {
    this.tokens = [];
    this.totals = undefined;
    this.keep = undefined;
    this.pruning = false;
    this.tokenAt = undefined;
    this.alive = undefined;
    this.spanFrom = undefined;
    this.spanSize = undefined;
    this.dead = undefined;
    this.spanTop = 0;
    // A pathological row can leave large working lists: those are not kept for the next row.
    if (this.spanPool.length > KEPT_ENTRIES) this.spanPool.length = 0;
    if (this.partLen.length > KEPT_ENTRIES) this.partLen.length = this.partVal.length = 0;
  }

  /** A total cell takes exactly the sum of its group's earlier cells. */
  private fits(c: number, value: number): boolean {
    const flags = this.cellFlags[c];
    if ((flags & TOTAL) === 0) return true;
    return Math.abs(value - ((flags & FIRST) !== 0 ? 0 : this.before[c])) < 1e-7;
  }

  private place(c: number, value: RawValue): void {
    this.acc[c] = value;
    const flags = this.cellFlags[c];
    if ((flags & CARRY) !== 0)
      this.before[c + 1] = ((flags & FIRST) !== 0 ? 0 : this.before[c]) + numeric(value);
  }

  /** The valid parts at position g (in token t) for kind k (of kindsUsed): their key into partFrom/partCount. */
  private parts(g: number, t: number, k: number): number {
    const key = g * this.kindCount + k;
    if (this.partFrom[key] === 0) {
      const top = this.partTop;
      const count = partsAt(
        this.tokens[t].text,
        g - this.base[t],
        this.kindsUsed[k],
        this.partLen,
        this.partVal,
        top
      );
      this.partFrom[key] = top + 1;
      this.partCount[key] = count;
      this.partTop = top + count;
    }
    return key;
  }

  private step(): boolean {
    if (++this.steps > this.budget) {
      this.truncated = true;
      return false;
    }
    if (this.steps === BUILD_AFTER) this.startPruning();
    return true;
  }

  private startPruning(): void {
    const { G, W, T, base } = this;
    const tokenAt = new Int32Array(G);
    for (let t = 0; t < T; t++) for (let g = base[t]; g < base[t + 1]; g++) tokenAt[g] = t;
    this.tokenAt = tokenAt;
    this.alive = new Uint8Array((G + 1) * W);
    this.alive[G * W + this.n] = 1;
    if (this.grouped) {
      this.spanFrom = new Int32Array((G + 1) * W);
      this.spanSize = new Uint8Array((G + 1) * W);
    }
    this.dead = new Array<Set<number> | undefined>((G + 1) * W);
    this.pruning = true;
  }

  /** Whether the parts from position g can fill cells c… (worked out, with the state's intervals, when first asked). */
  private isAlive(g: number, c: number): boolean {
    const a = this.alive![g * this.W + c];
    if (a === 0) return this.fill(g, c);
    return a === 1;
  }

  /** Works out state (g, c)'s pruning entries from its successors' (as the walk would cut position g for cell c). */
  private fill(g: number, c: number): boolean {
    const { n, G, W, base, alive } = this;
    const at = g * W + c;
    if (g === G || c === n) {
      alive![at] = 2; // (G, n) itself is marked alive from the start
      return false;
    }
    const t = this.tokenAt![g];
    let from = 0;
    let count = 1;
    let rest = 1;
    let lens: ArrayLike<number> = ONE;
    let vals: ArrayLike<number> = ZERO;
    if (!this.tokens[t].placeholder) {
      const key = this.parts(g, t, this.kindOf[c]);
      from = this.partFrom[key] - 1;
      count = this.partCount[key];
      lens = this.partLen;
      vals = this.partVal;
      rest = base[t + 1] - g;
    }
    const inGroup = this.grouped && this.groupStart[c] >= 0;
    let ok = false;
    for (let i = from; i < from + count && lens[i] <= rest; i++) {
      if (!this.isAlive(g + lens[i], c + 1)) continue;
      ok = true;
      if (!inGroup) break;
    }
    alive![at] = ok ? 1 : 2;
    if (!ok || !inGroup) return ok;
    // The intervals: for each part whose successor is alive, in order, its value (a total cell) or the successor's
    // intervals less its value. The successors' entries are all known now (merging calls nothing that fills).
    const isTotal = this.groupEnd[c] === c;
    const pool = this.spanPool;
    let size = 0;
    for (let i = from; i < from + count && lens[i] <= rest; i++) {
      const child = (g + lens[i]) * W + c + 1;
      if (alive![child] !== 1) continue;
      const v = vals[i];
      if (isTotal) {
        POINT[0] = v;
        POINT[1] = v;
        size = addIntervals(size, POINT, 0, 2, 0);
      } else size = addIntervals(size, pool, this.spanFrom![child], this.spanSize![child], -v);
    }
    const top = this.spanTop;
    this.spanFrom![at] = top;
    this.spanSize![at] = size;
    for (let k = 0; k < size; k++) pool[top + k] = mergeInto[k];
    this.spanTop = top + size;
    return true;
  }

  /** The sum of cell c's group before it (0 outside groups and at a group's start). */
  private sumAt(c: number): number {
    const groupStart = this.groupStart;
    return c >= this.n || !this.grouped || groupStart[c] < 0 || c === groupStart[c]
      ? 0
      : this.before[c];
  }

  /** Whether state (g, c) can still lead to a reading, given what the cells before it hold. */
  private open(g: number, c: number): boolean {
    if (!this.pruning) return true;
    if (!this.isAlive(g, c)) return false;
    const at = g * this.W + c;
    const sum = this.sumAt(c);
    const dead = this.dead![at];
    if (dead !== undefined && dead.has(sum)) return false;
    if (c >= this.n || !this.grouped || this.groupStart[c] < 0) return true;
    const pool = this.spanPool;
    const from = this.spanFrom![at];
    const end = from + this.spanSize![at];
    for (let i = from; i < end; i += 2) {
      const slack = 1e-6 + 1e-9 * (Math.abs(sum) + Math.abs(pool[i]) + Math.abs(pool[i + 1]));
      if (sum >= pool[i] - slack && sum <= pool[i + 1] + slack) return true;
    }
    return false;
  }

  /** State (g, c) was searched to the end: remember it when that found nothing. */
  private searched(g: number, c: number, found: number): void {
    if (!this.pruning || this.truncated || this.found !== found) return;
    const at = g * this.W + c;
    let sums = this.dead![at];
    if (sums === undefined) this.dead![at] = sums = new Set();
    sums.add(this.sumAt(c));
  }

  /** At the start of token t, cell c. */
  rec(t: number, c: number): void {
    if (this.truncated) return;
    if (this.found >= this.max) {
      this.truncated = true;
      return;
    }
    if (!this.step()) return;
    const { n } = this;
    if (t === this.T) {
      if (c === n) {
        if (!this.keep || this.keep(this.acc))
          this.out.push({ values: this.acc.slice(), dropped: [], blanks: [], order: this.found });
        this.found++;
      }
      return;
    }
    const tokensLeft = this.T - t - 1;
    if (n - c < tokensLeft + 1) return;
    const tok = this.tokens[t];
    if (tok.placeholder) {
      if (!this.fits(c, 0)) return;
      this.place(c, tok.text);
      this.next(this.base[t + 1], t + 1, c + 1, false);
      return;
    }
    this.cut(this.base[t], t, c, tokensLeft);
  }

  /** Into state (g, c): the start of token t (whole) or the rest of token t from g. */
  private next(g: number, t: number, c: number, inToken: boolean): void {
    if (!this.pruning) {
      // Not pruning yet: every state is open. (Pruning may start below: then this state is remembered as searched.)
      const found = this.found;
      if (inToken) this.cut(g, t, c, this.T - t - 1);
      else this.rec(t, c);
      if (this.pruning) this.searched(g, c, found);
      return;
    }
    if (!this.open(g, c)) return;
    const found = this.found;
    if (inToken) this.cut(g, t, c, this.T - t - 1);
    else this.rec(t, c);
    this.searched(g, c, found);
  }

  /** Cut the rest of token t, from position g, starting at cell c. */
  private cut(g: number, t: number, c: number, tokensLeft: number): void {
    if (this.truncated) return;
    if (c >= this.n) return;
    const cellsLeft = this.n - c;
    const rest = this.base[t + 1] - g;
    const key = this.parts(g, t, this.kindOf[c]);
    const from = this.partFrom[key] - 1;
    const end = from + this.partCount[key];
    const lens = this.partLen;
    const vals = this.partVal;
    // Whole rest as one part, then move to the next token. (Lengths ascend: the last one that is not shorter.)
    let whole = end - 1;
    while (whole >= from && lens[whole] > rest) whole--;
    if (whole >= from && lens[whole] === rest && this.fits(c, vals[whole])) {
      this.place(c, vals[whole]);
      this.next(this.base[t + 1], t + 1, c + 1, false);
    }
    // Or a first part, and the rest of this token into further cells (keeping a cell for each remaining token).
    if (cellsLeft - 1 < tokensLeft + 1) return;
    // Remaining characters must fit the remaining cells (no part is longer than MAX_PART).
    if (rest > cellsLeft * MAX_PART) return;
    for (let i = from; i < end && lens[i] < rest; i++) {
      if (this.truncated) return;
      if (!this.step()) return;
      if (!this.fits(c, vals[i])) continue;
      this.place(c, vals[i]);
      this.next(g + lens[i], t, c + 1, true);
    }
  }
}

/** A placeholder's one part: one position, read as 0. */
const ONE: readonly number[] = [1];
const ZERO: readonly number[] = [0];
const POINT = new Float64Array(2);

/** Whether token i is read together with the one before when spaces are ignored (digits on both sides, no boundary). */
const joinsPrevious = (tokens: readonly Token[], i: number) =>
  !tokens[i - 1].placeholder && !tokens[i].placeholder && tokens[i].sep !== "strong";

/**
 * Tokens joined across spaces: `500000 5` read as if the space were not there. Undefined when no space joins two tokens
 * (the tokens as printed).
 */
function mergeWeak(tokens: readonly Token[]): Token[] | undefined {
  let i = 1;
  while (i < tokens.length && !joinsPrevious(tokens, i)) i++;
  if (i >= tokens.length) return undefined;
  const out: Token[] = tokens.slice(0, i - 1);
  for (let first = i - 1; first < tokens.length;) {
    let end = first + 1;
    let text = tokens[first].text;
    while (end < tokens.length && joinsPrevious(tokens, end)) text += tokens[end++].text;
    out.push(end === first + 1 ? tokens[first] : { text, sep: tokens[first].sep });
    first = end;
  }
  return out;
}

/** Signs and decimal points read as separators (`1.5` as 1 and 5). Undefined when no token holds one. */
function signsAsSeparators(tokens: readonly Token[]): Token[] | undefined {
  if (!tokens.some((t) => !t.placeholder && /[.+-]/.test(t.text))) return undefined;
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.placeholder || !/[.+-]/.test(t.text)) out.push(t);
    else
      t.text
        .split(/[.+-]+/)
        .filter(Boolean)
        .forEach((text, i) => out.push({ text, sep: i === 0 ? t.sep : "strong" }));
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

/** A reading that leaves tokens out: the list of what it leaves out is built only when asked for (rows can be long). */
class StrayCandidate implements Candidate {
  readonly blanks: number[] = [];
  private list?: string[];
  constructor(
    readonly values: RawValue[],
    private readonly keep: readonly number[],
    private readonly tokens: readonly Token[],
    readonly order: number
  ) {}
  get droppedCount(): number {
    return this.tokens.length - this.keep.length;
  }
  get dropped(): string[] {
    if (!this.list) {
      const list: string[] = [];
      let k = 0;
      for (let i = 0; i < this.tokens.length; i++) {
        if (k < this.keep.length && this.keep[k] === i) k++;
        else list.push(this.tokens[i].text);
      }
      this.list = list;
    }
    return this.list;
  }
}

/** More tokens than cells: leave some out (each kept token one cell). */
function dropStrays(
  tokens: readonly Token[],
  kinds: readonly CellKind[],
  max: number
): Enumeration {
  const n = kinds.length;
  const out: Candidate[] = [];
  let truncated = false;
  let tried = 0;
  // Whether token i is a valid part of kind kinds[c]: 0 not known yet, 1 yes, 2 no.
  const valid = new Uint8Array(tokens.length * n);
  for (const keep of combinations(tokens.length, n)) {
    if (++tried > 20000 || out.length >= max) {
      truncated = true;
      break;
    }
    const values: RawValue[] = [];
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const tok = tokens[keep[i]];
      if (tok.placeholder) {
        values.push(tok.text);
        continue;
      }
      const at = keep[i] * n + i;
      if (!valid[at]) valid[at] = validPart(tok.text, kinds[i]) ? 1 : 2;
      if (valid[at] === 1) values.push(partValue(tok.text));
      else ok = false;
    }
    if (!ok) continue;
    out.push(new StrayCandidate(values, keep, tokens, out.length));
  }
  return { out, truncated };
}

/** Fewer digits than cells: every digit a cell, and the missing cells blank somewhere. */
function insertBlanks(
  tokens: readonly Token[],
  kinds: readonly CellKind[],
  max: number
): Enumeration {
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
  for (const t of tokens) {
    if (t.placeholder) n++;
    else for (let i = 0; i < t.text.length; i++) if (isDigit(t.text.charCodeAt(i))) n++;
  }
  return n;
}

/** Candidates ordered by cost, then by their order; the cost is computed once for each (the sort compares many times). */
function rank(cs: Candidate[], cost: (c: Candidate) => number): Candidate[] {
  if (cs.length < 2) return cs;
  const keyed = cs.map((c) => ({ c, k: cost(c) }));
  keyed.sort((a, b) => a.k - b.k || a.c.order - b.c.order);
  return keyed.map((x) => x.c);
}

/**
 * Read one row's tokens into its cells. Tries, in order: the tokens as printed; the tokens with spaces ignored; leaving
 * out stray values; blank cells. The first way that satisfies the row rule wins; when none does, the most plausible
 * readings are returned with `ruleOk: false`. Each way is worked out only when the ways before it did not settle the row.
 */
export function splitRow(tokens: readonly Token[], options: SplitOptions): SplitResult {
  const { kinds, rowOk } = options;
  const n = kinds.length;
  const budget = options.budget ?? 200_000;
  const max = options.maxCandidates ?? 4_000;
  const cost = options.cost ?? balancedCost;

  if (n === 0) return { candidates: [], ruleOk: true, mode: "none", truncated: false };
  if (tokens.length === 0)
    return {
      candidates: [{ values: new Array(n).fill(null), dropped: [], blanks: [], order: 0 }],
      ruleOk: true,
      mode: "empty",
      truncated: false,
    };

  // Cell index → start of the range it totals.
  let totals: (number | undefined)[] | undefined;
  if (options.sumGroups && options.sumGroups.reduce((a, b) => a + b, 0) === n) {
    totals = [];
    for (let c = 0; c < n; c++) totals.push(undefined);
    let at = 0;
    for (const size of options.sumGroups) {
      totals[at + size - 1] = at;
      at += size;
    }
  }

  // The first way with readings that satisfy the row rule wins; failing that, the first way with any readings. Once
  // that one is known, later searches need to keep only readings that satisfy the rule (thousands of others can come).
  let fallback: { mode: SplitMode; e: Enumeration } | undefined;
  const satisfies = rowOk ? (values: readonly RawValue[]) => rowOk(values.map(numeric)) : undefined;
  const settle = (mode: SplitMode, e: Enumeration, kept: boolean): SplitResult | undefined => {
    // Readings the search kept under `satisfies` need not be asked again.
    let good = e.out;
    if (!kept && rowOk) {
      good = [];
      for (const c of e.out) if (rowOk(c.values.map(numeric))) good.push(c);
    }
    if (good.length)
      return { candidates: rank(good, cost), ruleOk: true, mode, truncated: e.truncated };
    if (!fallback && e.out.length) fallback = { mode, e };
    return undefined;
  };
  const search = (mode: SplitMode, toks: readonly Token[], sums?: (number | undefined)[]) => {
    const keep = fallback ? satisfies : undefined;
    return settle(mode, enumerate(toks, kinds, budget, max, sums, keep), keep !== undefined);
  };

  let r: SplitResult | undefined;
  const merged = mergeWeak(tokens);
  // With the sum rule built into the search, the readings it allows are found even in long digit runs.
  if (totals) {
    if ((r = search("split", tokens, totals))) return r;
    if (merged && (r = search("merged", merged, totals))) return r;
  }
  if ((r = search("split", tokens))) return r;
  if (merged && (r = search("merged", merged))) return r;
  // Signs and decimal points where the row has no room for them: read as separators.
  const plain = signsAsSeparators(tokens);
  if (
    plain &&
    (plain.length !== tokens.length || plain.some((t, i) => t.text !== tokens[i].text)) &&
    (r = search("split", plain))
  )
    return r;
  if (tokens.length > n && (r = settle("stray", dropStrays(tokens, kinds, max), false))) return r;
  if (merged && merged.length > n && (r = settle("stray", dropStrays(merged, kinds, max), false)))
    return r;
  if (digitCount(tokens) < n && (r = settle("blank", insertBlanks(tokens, kinds, max), false)))
    return r;

  if (fallback)
    return {
      candidates: rank(fallback.e.out, cost),
      ruleOk: !rowOk,
      mode: fallback.mode,
      truncated: fallback.e.truncated,
    };
  return { candidates: [], ruleOk: false, mode: "none", truncated: false };
}

/** Indices of cells whose value differs between readings. */
export function differingCells(candidates: readonly { values: readonly RawValue[] }[]): number[] {
  if (candidates.length < 2) return [];
  const first = candidates[0].values;
  const out: number[] = [];
  for (let i = 0; i < first.length; i++)
    for (let k = 0; k < candidates.length; k++)
      if (candidates[k].values[i] !== first[i]) {
        out.push(i);
        break;
      }
  return out;
}
