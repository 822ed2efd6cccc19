/**
 * src/importers/split.ts as it was before its search was made cheaper (commit 4443a37), kept here verbatim but for the
 * import paths: the oracle the new splitter is held to (test/importers/split-equivalence.test.ts). Both must read every
 * row the same: the same readings in the same order, cut off at the same step of their budget.
 */
import type { CellKind } from "../../src/format";
import type { RawValue } from "../../src/values";

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
 * The valid parts of a kind that start at `o` in `s`: their lengths (ascending) and values. The same parts PART
 * accepts, found without slicing or regular expressions (this runs in the search's inner loop).
 */
function partsAt(s: string, o: number, kind: CellKind, lens: number[], vals: number[]): void {
  let at = o;
  let sign = 1;
  if (kind === "signed" && (s.charCodeAt(o) === 43 || s.charCodeAt(o) === 45)) {
    sign = s.charCodeAt(o) === 45 ? -1 : 1;
    at = o + 1;
  }
  if (!isDigit(s.charCodeAt(at))) return;
  // The integer part: "0" alone, or up to 12 digits without a leading zero.
  const maxInt = s.charCodeAt(at) === 48 ? 1 : 12;
  let v = 0;
  let d = 0;
  while (d < maxInt && at + d < s.length && isDigit(s.charCodeAt(at + d))) {
    v = v * 10 + (s.charCodeAt(at + d) - 48);
    d++;
    lens.push(at - o + d);
    vals.push(sign * v);
  }
  if (kind !== "money" && kind !== "amount") return;
  // Decimals (1 to 6) right after the integer part.
  const point = at + d;
  if (s.charCodeAt(point) !== 46) return;
  for (let k = 1; k <= 6 && point + k < s.length && isDigit(s.charCodeAt(point + k)); k++) {
    lens.push(point + k + 1 - o);
    vals.push(Number(s.slice(o, point + k + 1)));
  }
}

/** Most intervals kept per state by the search's pruning tables (more are merged across their smallest gaps). */
const SPANS = 8;

/**
 * Adds the sorted disjoint intervals `add` (each shifted by `shift`) to the sorted disjoint intervals `into` ([lo, hi,
 * lo, hi, …]), keeping at most `max` intervals: past that, the two neighbours with the smallest gap are merged (the
 * result covers the union, and then some).
 */
function addIntervals(
  into: number[],
  add: ArrayLike<number>,
  shift: number,
  max: number,
  scratch: number[]
): void {
  scratch.length = 0;
  let i = 0;
  let j = 0;
  while (i < into.length || j < add.length) {
    let lo: number;
    let hi: number;
    if (j >= add.length || (i < into.length && into[i] <= add[j] + shift)) {
      lo = into[i];
      hi = into[i + 1];
      i += 2;
    } else {
      lo = add[j] + shift;
      hi = add[j + 1] + shift;
      j += 2;
    }
    const last = scratch.length - 1;
    if (last > 0 && lo <= scratch[last]) scratch[last] = Math.max(scratch[last], hi);
    else scratch.push(lo, hi);
  }
  while (scratch.length > 2 * max) {
    let best = 1;
    for (let k = 3; k < scratch.length - 1; k += 2)
      if (scratch[k + 1] - scratch[k] < scratch[best + 1] - scratch[best]) best = k;
    scratch.splice(best, 2);
  }
  into.length = 0;
  for (const x of scratch) into.push(x);
}

const KIND_INDEX: Record<CellKind, number> = { count: 0, signed: 1, money: 2, amount: 3 };

/**
 * Every way to cut the tokens into exactly `kinds.length` valid parts, each token giving at least one part, in a fixed
 * order (at each cell: the whole rest of the token first, then its prefixes, shortest first).
 *
 * The search is a depth-first walk over (position, cell). Once it has taken more than a few hundred steps it computes,
 * for every state, whether the rest can be cut at all and, within a sum group, which values the rest allows the
 * group's earlier cells to sum to; and it remembers the states it has searched to the end without a reading. Branches
 * that cannot lead to a reading are then skipped. That only removes dead branches, so the readings and their order are
 * exactly those of the plain walk — it just gets there in far fewer steps.
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
  const n = kinds.length;
  const none = { out: [], truncated: false };
  if (n === 0 || tokens.length > n) return none;
  // Positions: every character of a token, and one for each placeholder.
  const base = new Array<number>(tokens.length + 1);
  base[0] = 0;
  for (let t = 0; t < tokens.length; t++) {
    const len = tokens[t].placeholder ? 1 : tokens[t].text.length;
    // An empty token cannot give a part, and every token must: no reading.
    if (len === 0) return none;
    base[t + 1] = base[t] + len;
  }
  let room = 0;
  for (const k of kinds) room += KIND_MAX[k];
  // Every character belongs to some part, and no part is longer than its kind allows.
  if (base[tokens.length] > room) return none;
  const walk = new Walk(tokens, kinds, base, budget, max, totals, keep);
  walk.rec(0, 0);
  return { out: walk.out, truncated: walk.truncated };
}

/** Steps after which the walk builds its pruning tables. */
const BUILD_AFTER = 256;

/** The state of one enumeration (a class: the walk runs for every row, and closures would be made anew each time). */
class Walk {
  readonly out: Candidate[] = [];
  /** Readings found (`out` holds those `keep` accepts). */
  private found = 0;
  truncated = false;
  private steps = 0;
  private readonly n: number;
  private readonly T: number;
  private readonly G: number;
  private readonly W: number;
  private readonly acc: RawValue[] = [];
  /** Sum groups: for each cell, the start and the total cell of its group (−1 when it is in none). */
  private readonly groupStart: Int32Array;
  private readonly groupEnd: Int32Array;
  /** Sum of the group's cells before cell c (added in cell order, as the rule check does). */
  private readonly before: Float64Array;
  /** Parts at each position for each kind, computed once: lengths and values. */
  private readonly partLens: (number[] | undefined)[] = [];
  private readonly partVals: (number[] | undefined)[] = [];
  private readonly tokenAt: Int32Array;
  /**
   * Pruning tables, built once the walk proves long: alive[g·(n+1)+c] — the parts from position g can fill cells c…;
   * within a sum group, spans[g·(n+1)+c] — the values (total − the group's cells from c on) can take over the ways to
   * cut the rest, as a few intervals [lo, hi, lo, hi, …]: the group's cells before c must sum into one of them.
   */
  private alive?: Uint8Array;
  private spans?: (Float64Array | undefined)[];
  /** States searched to the end without a reading: state → the group sums it was reached with (9+99 and 99+9 alike). */
  private readonly dead = new Map<number, Set<number>>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly kinds: readonly CellKind[],
    private readonly base: readonly number[],
    private readonly budget: number,
    private readonly max: number,
    private readonly totals?: readonly (number | undefined)[],
    private readonly keep?: (values: readonly RawValue[]) => boolean
  ) {
    this.n = kinds.length;
    this.T = tokens.length;
    this.G = base[tokens.length];
    this.W = this.n + 1;
    this.groupStart = new Int32Array(this.n).fill(-1);
    this.groupEnd = new Int32Array(this.n).fill(-1);
    if (totals)
      for (let e = 0; e < this.n; e++) {
        const st = totals[e];
        if (st === undefined) continue;
        for (let c = st; c <= e; c++) {
          this.groupStart[c] = st;
          this.groupEnd[c] = e;
        }
      }
    this.before = new Float64Array(this.n + 1);
    this.tokenAt = new Int32Array(this.G);
    for (let t = 0; t < this.T; t++)
      for (let g = base[t]; g < base[t + 1]; g++) this.tokenAt[g] = t;
  }

  /** A total cell takes exactly the sum of its group's earlier cells. */
  private fits(c: number, value: number): boolean {
    if (this.totals?.[c] === undefined) return true;
    return Math.abs(value - (c === this.groupStart[c] ? 0 : this.before[c])) < 1e-7;
  }

  private place(c: number, value: RawValue): void {
    this.acc.push(value);
    if (this.groupStart[c] >= 0 && c < this.groupEnd[c])
      this.before[c + 1] = (c === this.groupStart[c] ? 0 : this.before[c]) + numeric(value);
  }

  /** The valid parts at position g for cell c's kind (lengths; `partVals` at the same key holds their values). */
  private parts(g: number, c: number): number {
    const key = g * 4 + KIND_INDEX[this.kinds[c]];
    if (!this.partLens[key]) {
      const lens: number[] = [];
      const vals: number[] = [];
      const t = this.tokenAt[g];
      partsAt(this.tokens[t].text, g - this.base[t], this.kinds[c], lens, vals);
      this.partLens[key] = lens;
      this.partVals[key] = vals;
    }
    return key;
  }

  private step(): boolean {
    if (++this.steps > this.budget) {
      this.truncated = true;
      return false;
    }
    if (this.steps === BUILD_AFTER) this.build();
    return true;
  }

  private build(): void {
    const { n, G, W, tokens, base, tokenAt, groupStart, groupEnd } = this;
    const alive = new Uint8Array((G + 1) * W);
    const spans: (Float64Array | undefined)[] = new Array((G + 1) * W);
    alive[G * W + n] = 1;
    const found: number[] = [];
    const scratch: number[] = [];
    const point = [0, 0];
    const one = [1];
    const zero = [0];
    for (let c = n - 1; c >= 0; c--) {
      const inGroup = groupStart[c] >= 0;
      const isTotal = inGroup && groupEnd[c] === c;
      for (let g = G - 1; g >= 0; g--) {
        const t = tokenAt[g];
        let lens = one;
        let vals = zero;
        let rest = 1;
        if (!tokens[t].placeholder) {
          const key = this.parts(g, c);
          lens = this.partLens[key]!;
          vals = this.partVals[key]!;
          rest = base[t + 1] - g;
        }
        found.length = 0;
        let ok = false;
        for (let i = 0; i < lens.length && lens[i] <= rest; i++) {
          const child = (g + lens[i]) * W + c + 1;
          if (!alive[child]) continue;
          ok = true;
          if (!inGroup) break;
          const v = vals[i];
          point[0] = v;
          point[1] = v;
          addIntervals(found, isTotal ? point : spans[child]!, isTotal ? 0 : -v, SPANS, scratch);
        }
        if (!ok) continue;
        alive[g * W + c] = 1;
        if (inGroup) spans[g * W + c] = Float64Array.from(found);
      }
    }
    this.alive = alive;
    this.spans = spans;
  }

  /** The sum of cell c's group before it (0 outside groups and at a group's start). */
  private sumAt(c: number): number {
    return c >= this.n || this.groupStart[c] < 0 || c === this.groupStart[c] ? 0 : this.before[c];
  }

  /** Whether state (g, c) can still lead to a reading, given what the cells before it hold. */
  private open(g: number, c: number): boolean {
    if (!this.alive) return true;
    const at = g * this.W + c;
    if (!this.alive[at]) return false;
    const sum = this.sumAt(c);
    if (this.dead.get(at)?.has(sum)) return false;
    const sp = c < this.n && this.groupStart[c] >= 0 ? this.spans![at] : undefined;
    if (!sp) return true;
    for (let i = 0; i < sp.length; i += 2) {
      const slack = 1e-6 + 1e-9 * (Math.abs(sum) + Math.abs(sp[i]) + Math.abs(sp[i + 1]));
      if (sum >= sp[i] - slack && sum <= sp[i + 1] + slack) return true;
    }
    return false;
  }

  /** State (g, c) was searched to the end: remember it when that found nothing. */
  private searched(g: number, c: number, found: number): void {
    if (!this.alive || this.truncated || this.found !== found) return;
    const at = g * this.W + c;
    let sums = this.dead.get(at);
    if (!sums) this.dead.set(at, (sums = new Set()));
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
          this.out.push({ values: [...this.acc], dropped: [], blanks: [], order: this.found });
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
      this.acc.pop();
      return;
    }
    this.cut(this.base[t], t, c, tokensLeft);
  }

  /** Into state (g, c): the start of token t (whole) or the rest of token t from g. */
  private next(g: number, t: number, c: number, inToken: boolean): void {
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
    const key = this.parts(g, c);
    const lens = this.partLens[key]!;
    const vals = this.partVals[key]!;
    // Whole rest as one part, then move to the next token.
    for (let i = lens.length - 1; i >= 0 && lens[i] >= rest; i--) {
      if (lens[i] !== rest) continue;
      if (this.fits(c, vals[i])) {
        this.place(c, vals[i]);
        this.next(this.base[t + 1], t + 1, c + 1, false);
        this.acc.pop();
      }
      break;
    }
    // Or a first part, and the rest of this token into further cells (keeping a cell for each remaining token).
    if (cellsLeft - 1 < tokensLeft + 1) return;
    // Remaining characters must fit the remaining cells (no part is longer than MAX_PART).
    if (rest > cellsLeft * MAX_PART) return;
    for (let i = 0; i < lens.length && lens[i] < rest; i++) {
      if (this.truncated) return;
      if (!this.step()) return;
      if (!this.fits(c, vals[i])) continue;
      this.place(c, vals[i]);
      this.next(g + lens[i], t, c + 1, true);
      this.acc.pop();
    }
  }
}

/** Tokens joined across spaces: `500000 5` read as if the space were not there. */
function mergeWeak(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && !last.placeholder && !t.placeholder && t.sep !== "strong")
      out[out.length - 1] = { ...last, text: last.text + t.text };
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
  // Each candidate's cost computed once (the sort compares each many times).
  const rank = (cs: Candidate[]) => {
    const keyed = cs.map((c) => ({ c, k: cost(c) }));
    keyed.sort((a, b) => a.k - b.k || a.c.order - b.c.order);
    return keyed.map((x) => x.c);
  };

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
    totals = new Array(n).fill(undefined);
    let at = 0;
    for (const size of options.sumGroups) {
      totals[at + size - 1] = at;
      at += size;
    }
  }
  const merged = mergeWeak(tokens);
  // Each way of reading; given `keep`, a way may leave out the readings it rejects (they would be dropped anyway).
  type Keep = ((values: readonly RawValue[]) => boolean) | undefined;
  const attempts: { mode: SplitMode; run: (keep: Keep) => Enumeration }[] = [];
  // With the sum rule built into the search, the readings it allows are found even in long digit runs.
  if (totals) {
    attempts.push({
      mode: "split",
      run: (keep) => enumerate(tokens, kinds, budget, max, totals, keep),
    });
    if (merged.length !== tokens.length)
      attempts.push({
        mode: "merged",
        run: (keep) => enumerate(merged, kinds, budget, max, totals, keep),
      });
  }
  attempts.push({
    mode: "split",
    run: (keep) => enumerate(tokens, kinds, budget, max, undefined, keep),
  });
  if (merged.length !== tokens.length)
    attempts.push({
      mode: "merged",
      run: (keep) => enumerate(merged, kinds, budget, max, undefined, keep),
    });
  // Signs and decimal points where the row has no room for them: read as separators.
  const plain = tokens.flatMap((t) =>
    t.placeholder || !/[.+-]/.test(t.text)
      ? [t]
      : t.text
          .split(/[.+-]+/)
          .filter(Boolean)
          .map((text, i) => ({ text, sep: i === 0 ? t.sep : ("strong" as Sep) }))
  );
  if (plain.length !== tokens.length || plain.some((t, i) => t.text !== tokens[i].text))
    attempts.push({
      mode: "split",
      run: (keep) => enumerate(plain, kinds, budget, max, undefined, keep),
    });
  if (tokens.length > n)
    attempts.push({ mode: "stray", run: () => dropStrays(tokens, kinds, max) });
  if (merged.length > n && merged.length !== tokens.length)
    attempts.push({ mode: "stray", run: () => dropStrays(merged, kinds, max) });
  if (digitCount(tokens) < n)
    attempts.push({ mode: "blank", run: () => insertBlanks(tokens, kinds, max) });

  // The first way with readings that satisfy the row rule wins; failing that, the first way with any readings. Once
  // that one is known, later ways need to keep only readings that satisfy the rule (thousands of others can come).
  let fallback: { mode: SplitMode; e: Enumeration } | undefined;
  const satisfies: Keep = options.rowOk
    ? (values) => options.rowOk!(values.map(numeric))
    : undefined;
  for (const attempt of attempts) {
    const e = attempt.run(fallback ? satisfies : undefined);
    const good = e.out.filter(ok);
    if (good.length)
      return { candidates: rank(good), ruleOk: true, mode: attempt.mode, truncated: e.truncated };
    if (!fallback && e.out.length) fallback = { mode: attempt.mode, e };
  }
  if (fallback)
    return {
      candidates: rank(fallback.e.out),
      ruleOk: !options.rowOk,
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
