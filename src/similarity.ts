import { scanSections, type SectionScan } from "./text-checks";
import { Scratch } from "./scratch";

/**
 * 内容雷同: how much of a report's narrative repeats another report's, on Chinese text without word segmentation.
 *
 * The narrative compared is what a clerk writes: sections 一、总体情况, 五、存在的主要问题及改进情况 and
 * 六、其他需要报告的事项 (sections 二–四 are the statutory tables; the preamble before 一 is page chrome and the
 * 条例's stock opening). Headings are left out, every digit run becomes one placeholder (a narrative copied with new
 * numbers is still copied), and punctuation and spaces are dropped.
 *
 * Passages are found by winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003, the method behind MOSS): hashes of
 * every K-character shingle, of which each window of W consecutive shingles keeps its smallest. Two texts that share a
 * run of at least W + K − 1 characters are guaranteed to share a kept hash inside it, and runs shorter than K never
 * match. A report's fingerprint is only its kept hashes (about 2 / (W + 1) of its characters), sorted: small enough
 * to keep for every report of a folder of thousands, and all that is needed of the *other* report — the repeated
 * passages are shown from the report being checked.
 *
 * For other agencies' reports of the same year (a folder of thousands: comparing every pair is too slow) a MinHash
 * signature of the fingerprint and locality-sensitive hashing (bands of rows) propose candidate pairs, which are then
 * compared exactly.
 */

/** Shingle length in characters: shorter runs are common phrases (政府信息公开, 依申请公开), never evidence. */
export const K = 8;
/** Winnowing window: every shared run of W + K − 1 = 15 characters or more is found. */
export const W = 8;
/** A repeated passage shorter than this (after normalisation) is not counted: a set phrase, not copying. */
export const MIN_PASSAGE = 20;

/** Section numbers whose content is the clerk's own narrative. */
const NARRATIVE_SECTIONS = [1, 5, 6];

/** Page chrome that follows the report on a web page (footer, share buttons): cut there. */
const FOOTER =
  /扫一扫在手机|网站地图|版权所有|主办单位|联系我们|【打印】|【关闭】|关闭窗口|打印本页|相关链接|分享到|上一篇|下一篇/;

/** Where the statutory tables begin (their first labels), when no heading announces them. */
const TABLE_START = /第二十条第|本年新收政府信息公开申请数量|信息内容本年/;

/** Sentences the 2021 template itself prints in the sections compared (they are not the clerk's writing). */
const TEMPLATE_SENTENCES = [/收取信息处理费情况在此处报告[。.]?/g];

/** What counts as a character of text: CJK, letters, and the digit placeholder (KEEP, tested by code unit). */
export const KEEP = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z#]/;
export const kept = (code: number): boolean =>
  (code >= 0x4e00 && code <= 0x9fff) ||
  (code >= 0x3400 && code <= 0x4dbf) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x23;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

export interface Narrative {
  /** The normalised narrative: only CJK, letters and '#' for each digit run. */
  norm: string;
  /** For each character of `norm`, its position in `source`. */
  at: Int32Array;
  /** The compact text positions refer to (NFKC, without spaces: the text the section scanner reads). */
  source: string;
  /** Positions in `norm` where a new section's text begins: a passage never runs across one. */
  breaks: number[];
}

/** Lent to narrativeOf and shingleHashes (see Scratch). */
const CODES = new Scratch((n) => new Uint16Array(n));
const POSITIONS = new Scratch((n) => new Int32Array(n));
const SHINGLES = new Scratch((n) => new Uint32Array(n));

/** The narrative of a report text, normalised for comparison (see the module comment). */
export function narrativeOf(text: string, scanned?: SectionScan): Narrative {
  const scan = scanned ?? scanSections(text);
  const source = scan.compact;
  const ranges: [number, number][] = [];
  const found = scan.sections.filter((s) => s !== undefined);
  if (found.length === 0) ranges.push([0, source.length]);
  else
    for (const n of NARRATIVE_SECTIONS) {
      const s = scan.sections[n - 1];
      if (!s) continue;
      let end = s.contentEnd;
      const content = source.slice(s.contentStart, end);
      // The tables, when section 二's heading was not found, and page chrome after the report are not narrative.
      for (const stop of [TABLE_START, FOOTER]) {
        const at = content.search(stop);
        if (at >= 0) end = Math.min(end, s.contentStart + at);
      }
      ranges.push([s.contentStart, end]);
    }
  // Code units and positions written into arrays as long as the source (one-character strings of Chinese characters
  // would each be a new string).
  const codes = CODES.take(source.length, false);
  const at = POSITIONS.take(source.length, false);
  let n = 0;
  const breaks: number[] = [];
  for (const [from, to] of ranges) {
    if (n) breaks.push(n);
    let piece = source.slice(from, to);
    for (const re of TEMPLATE_SENTENCES) piece = piece.replace(re, (m) => " ".repeat(m.length));
    let inDigits = false;
    for (let i = 0; i < piece.length; i++) {
      const code = piece.charCodeAt(i);
      if (code >= 0x30 && code <= 0x39) {
        if (!inDigits) {
          codes[n] = 0x23; // #
          at[n++] = from + i;
        }
        inDigits = true;
        continue;
      }
      // A decimal point inside a number stays part of the number.
      if (inDigits && code === 0x2e && isDigit(piece.charCodeAt(i + 1))) continue;
      inDigits = false;
      if (kept(code)) {
        codes[n] = code;
        at[n++] = from + i;
      }
    }
  }
  return { norm: fromCodes(codes, n), at: at.slice(0, n), source, breaks };
}

/**
 * The string of codes[0, n): decoded as UTF-16 where the machine stores it little-endian (almost all do) and the
 * runtime has a TextDecoder (the task pane's older Office hosts do not), else a chunk of characters at a time.
 */
function fromCodes(codes: Uint16Array, n: number): string {
  utf16le ??=
    typeof TextDecoder !== "undefined" && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
      ? new TextDecoder("utf-16le")
      : null;
  if (utf16le) return utf16le.decode(codes.subarray(0, n));
  const pieces: string[] = [];
  for (let i = 0; i < n; i += 8192)
    pieces.push(String.fromCharCode(...codes.subarray(i, Math.min(n, i + 8192))));
  return pieces.join("");
}
let utf16le: TextDecoder | null | undefined;

/**
 * FNV-1a over K characters, then a final avalanche (murmur3's fmix32) so that window minima are well spread. Lent
 * (valid until the next call): winnow keeps what it needs.
 */
function shingleHashes(norm: string): Uint32Array {
  const n = norm.length - K + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = SHINGLES.take(n, false);
  // The code units in an array, and the eight steps of each hash written out: each hash is a chain of eight
  // multiplications, and a loop over them kept the processor from working on several positions at once (a third
  // slower, measured).
  const c = CODES.take(norm.length, false);
  for (let i = 0; i < norm.length; i++) c[i] = norm.charCodeAt(i);
  const P = 0x01000193;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    if (K === 8) {
      h = Math.imul(h ^ c[i], P);
      h = Math.imul(h ^ c[i + 1], P);
      h = Math.imul(h ^ c[i + 2], P);
      h = Math.imul(h ^ c[i + 3], P);
      h = Math.imul(h ^ c[i + 4], P);
      h = Math.imul(h ^ c[i + 5], P);
      h = Math.imul(h ^ c[i + 6], P);
      h = Math.imul(h ^ c[i + 7], P);
    } else for (let j = 0; j < K; j++) h = Math.imul(h ^ c[i + j], P);
    out[i] = fmix(h);
  }
  return out;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Kept shingles: for each, its hash and its position in the narrative (typed arrays: a report keeps hundreds). */
interface Kept {
  hash: Uint32Array;
  pos: Int32Array;
  length: number;
}

/** Winnowing: in each window of W shingles the smallest hash (rightmost on ties), each position kept once. */
export function winnow(hashes: Uint32Array): Kept {
  const hash = new Uint32Array(hashes.length);
  const pos = new Int32Array(hashes.length);
  let n = 0;
  if (hashes.length === 0) return { hash, pos, length: 0 };
  const w = Math.min(W, hashes.length);
  let last = -1;
  let min = -1;
  for (let start = 0; start + w <= hashes.length; start++) {
    // The window's minimum changes only when it leaves the window (then the window is scanned again) or when the
    // shingle coming in is no larger (rightmost on ties); otherwise it is the previous window's.
    const incoming = start + w - 1;
    if (min < start) {
      min = start;
      for (let i = start + 1; i <= incoming; i++) if (hashes[i] <= hashes[min]) min = i;
    } else if (hashes[incoming] <= hashes[min]) min = incoming;
    if (min !== last) {
      hash[n] = hashes[min];
      pos[n++] = min;
      last = min;
    }
  }
  return { hash, pos, length: n };
}

/**
 * What is kept of a report to compare others with it: its kept shingle hashes (sorted, unique) and the length of its
 * narrative. About 4 bytes for every 4–5 characters of narrative.
 */
export interface TextFingerprint {
  hashes: Uint32Array;
  /** Characters of normalised narrative. */
  length: number;
}

export function fingerprint(text: string | Narrative): TextFingerprint {
  const narrative = typeof text === "string" ? narrativeOf(text) : text;
  const kept = keptOf(narrative);
  const all = kept.hash.slice(0, kept.length);
  all.sort();
  // Unique, in place; then a copy of just those (the folder keeps it while it runs).
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return { hashes: all.slice(0, n), length: narrative.norm.length };
}

/** The kept shingles of a narrative, computed once (a report is compared with its previous year and its peers). */
const keptCache = new WeakMap<Narrative, Kept>();
function keptOf(narrative: Narrative): Kept {
  let kept = keptCache.get(narrative);
  if (!kept) {
    kept = winnow(shingleHashes(narrative.norm));
    keptCache.set(narrative, kept);
  }
  return kept;
}

function has(sorted: Uint32Array, h: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Another agency's report of the same year, as kept for comparison. */
export interface PeerText {
  /** Its agency, as the message names it. */
  agency: string;
  /** Its file, when it came from one. */
  file?: string;
  year?: number;
  fingerprint: TextFingerprint;
}

const PUNCTUATION = /[。；;，,：:！!？?、）)]/;

/**
 * A passage as shown to a person: a match found from its first kept shingle often starts mid-phrase (“题。2022年…”),
 * so a start within a few characters of a sentence break moves past it, and an end just short of one moves to it.
 */
function readable(source: string, from: number, to: number): string {
  const head = source.slice(from, Math.min(to, from + 10));
  const cut = head.search(PUNCTUATION);
  if (from > 0 && !PUNCTUATION.test(source[from - 1]) && cut >= 0 && to - from - cut > 15)
    from += cut + 1;
  const next = source.slice(to, to + 6).search(/[。；;！!？?]/);
  if (next >= 0) to += next + 1;
  return source.slice(from, to);
}

export interface Overlap {
  /** Share of the checked report's narrative found in the other report (0…1). */
  share: number;
  /** Characters of normalised narrative repeated, and the narrative's length. */
  repeated: number;
  length: number;
  /** The repeated passages, longest first, as they read in the checked report (compact text). */
  passages: string[];
}

/**
 * How much of `text`'s narrative repeats the report fingerprinted as `other`. Each repeated passage is found to
 * within a few characters at either end (winnowing sees a match only from its first kept shingle), so the share is
 * a slight underestimate, never an overestimate.
 */
export function overlap(text: string | Narrative, other: TextFingerprint): Overlap {
  const narrative = typeof text === "string" ? narrativeOf(text) : text;
  const { norm, at, source, breaks } = narrative;
  const kept = keptOf(narrative);
  const merged: [number, number][] = [];
  for (let k = 0; k < kept.length; k++) {
    const pos = kept.pos[k];
    if (!has(other.hashes, kept.hash[k])) continue;
    const last = merged[merged.length - 1];
    // Consecutive kept shingles of one shared run are at most W apart: one passage.
    if (last && pos <= last[1] + W) last[1] = Math.max(last[1], pos + K);
    else merged.push([pos, pos + K]);
  }
  // A passage does not run from one section into the next (the tables between them are not compared).
  const spans: [number, number][] = [];
  for (const [a, b] of merged) {
    let from = a;
    for (const br of breaks)
      if (br > from && br < b) {
        spans.push([from, br]);
        from = br;
      }
    spans.push([from, b]);
  }
  const long = spans.filter(([a, b]) => b - a >= MIN_PASSAGE);
  const repeated = long.reduce((s, [a, b]) => s + b - a, 0);
  const passages = long
    .sort((x, y) => y[1] - y[0] - (x[1] - x[0]))
    .map(([a, b]) => readable(source, at[a], at[b - 1] + 1));
  return {
    share: norm.length ? repeated / norm.length : 0,
    repeated,
    length: norm.length,
    passages,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates among many reports: MinHash + LSH

/** MinHash signature length and its LSH banding: 30 bands of 2 rows. */
const BANDS = 30;
const ROWS = 2;
const SIGNATURE = BANDS * ROWS;
const SEEDS = Uint32Array.from({ length: SIGNATURE }, (_, i) => fmix((i + 1) * 0x9e3779b1));

/**
 * The last signature computed: an index asks for it once to query a report and once to add it, one after the other.
 * (A cache per fingerprint would keep a 240-byte array, and its buffer's bookkeeping, alive for every report a batch
 * keeps; the index keeps the signatures it needs in one array of its own.)
 */
let lastSignature: { fp: TextFingerprint; sig: Uint32Array } | undefined;

/** The MinHash signature of a fingerprint's hashes (one minimum per seeded re-hash), 240 bytes. */
export function minhash(fp: TextFingerprint): Uint32Array {
  if (lastSignature?.fp === fp) return lastSignature.sig;
  const sig = new Uint32Array(SIGNATURE).fill(0xffffffff);
  for (const h of fp.hashes)
    for (let i = 0; i < SIGNATURE; i++) {
      const v = fmix(h ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  lastSignature = { fp, sig };
  return sig;
}

/** A Uint32Array or Int32Array at least `size` long, with `from`'s contents (doubling, so that adding is amortised). */
function grown<A extends Uint32Array | Int32Array>(
  from: A,
  size: number,
  make: (n: number) => A
): A {
  if (size <= from.length) return from;
  const to = make(Math.max(size, from.length * 2));
  to.set(from);
  return to;
}

/**
 * An index of reports' fingerprints, filled one report at a time (a streaming batch adds each report as it is read
 * and asks, before adding it, which earlier reports it resembles). Reports are grouped by year; `similar` returns
 * reports of the same year and another agency whose fingerprints LSH proposes (a pair is proposed with probability
 * 1 − (1 − J²)³⁰ for a Jaccard similarity J of their fingerprints: 97 % at J = 1/3, which is what a report half
 * copied from another of the same length has, 71 % at 0.2, 26 % at 0.1, 7 % at 0.05), for the caller to compare exactly with `overlap`.
 */
export class SimilarityIndex<T> {
  // A batch keeps its index for the whole folder: it is held in typed arrays, about 1 KB a report (a Map of
  // 30 entries a report and a signature object each took 2 KB; bench/similarity.ts prints it).
  private readonly items: T[] = [];
  private readonly agencies: string[] = [];
  private readonly years: number[] = [];
  /** The reports' MinHash signatures, SIGNATURE numbers each, in the order they were added. */
  private signatures = new Uint32Array(0);
  /**
   * LSH buckets: an open-addressing table from band key to the last entry added under it; entry `id * BANDS + b` is
   * report `id`'s band `b`, and `next` links it to the entry added before it under the same key. Keys are 32-bit
   * hashes of (year, band, rows): a collision only proposes one more candidate, which the exact comparison then sets
   * aside.
   */
  private slotKeys = new Uint32Array(1024);
  /** Last entry under the slot's key, -1 for an empty slot. */
  private slotHeads = new Int32Array(1024).fill(-1);
  private usedSlots = 0;
  private next = new Int32Array(0);

  get size(): number {
    return this.items.length;
  }

  private keys(year: number, sig: Uint32Array): number[] {
    const out: number[] = [];
    for (let b = 0; b < BANDS; b++) {
      let h = fmix(Math.imul(year, 0x9e3779b1) ^ b);
      for (let r = 0; r < ROWS; r++) h = fmix(h ^ sig[b * ROWS + r]);
      out.push(h);
    }
    return out;
  }

  /** The slot of `key` (linear probing): the one holding it, else the empty one where it would go. */
  private slotOf(key: number): number {
    const mask = this.slotKeys.length - 1;
    let i = fmix(key) & mask;
    while (this.slotHeads[i] !== -1 && this.slotKeys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  /** Twice as many slots, the entries moved over (chains stay as they are: they hang from their key's slot). */
  private rehash(): void {
    const keys = this.slotKeys;
    const heads = this.slotHeads;
    this.slotKeys = new Uint32Array(keys.length * 2);
    this.slotHeads = new Int32Array(keys.length * 2).fill(-1);
    for (let i = 0; i < keys.length; i++)
      if (heads[i] !== -1) {
        const at = this.slotOf(keys[i]);
        this.slotKeys[at] = keys[i];
        this.slotHeads[at] = heads[i];
      }
  }

  add(item: T, agency: string, year: number, fp: TextFingerprint): void {
    if (fp.hashes.length === 0) return;
    const id = this.items.length;
    const signature = minhash(fp);
    this.items.push(item);
    this.agencies.push(agency);
    this.years.push(year);
    this.signatures = grown(this.signatures, (id + 1) * SIGNATURE, (n) => new Uint32Array(n));
    this.signatures.set(signature, id * SIGNATURE);
    this.next = grown(this.next, (id + 1) * BANDS, (n) => new Int32Array(n));
    this.keys(year, signature).forEach((key, b) => {
      if ((this.usedSlots + 1) * 2 > this.slotKeys.length) this.rehash();
      const entry = id * BANDS + b;
      const at = this.slotOf(key);
      if (this.slotHeads[at] === -1) {
        this.slotKeys[at] = key;
        this.usedSlots++;
      }
      this.next[entry] = this.slotHeads[at];
      this.slotHeads[at] = entry;
    });
  }

  /**
   * Reports of `year` by another agency than `agency` that LSH proposes as resembling `fp`, most alike first (by the
   * share of equal MinHash components, an estimate of their fingerprints' Jaccard similarity), at most `limit`: a
   * folder of one template's copies would otherwise compare every report with every earlier one.
   */
  similar(agency: string, year: number, fp: TextFingerprint, limit = Infinity): T[] {
    if (fp.hashes.length === 0) return [];
    const sig = minhash(fp);
    const ids = new Set<number>();
    for (const key of this.keys(year, sig))
      for (let e = this.slotHeads[this.slotOf(key)]; e !== -1; e = this.next[e])
        ids.add(Math.floor(e / BANDS));
    const found = [...ids]
      .sort((a, b) => a - b)
      .filter((id) => this.agencies[id] !== agency && this.years[id] === year);
    if (found.length <= limit) return found.map((id) => this.items[id]);
    const alike = (id: number) => {
      let same = 0;
      for (let i = 0; i < SIGNATURE; i++)
        if (this.signatures[id * SIGNATURE + i] === sig[i]) same++;
      return same;
    };
    return found
      .map((id, order) => ({ id, order, same: alike(id) }))
      .sort((a, b) => b.same - a.same || a.order - b.order)
      .slice(0, limit)
      .map((x) => this.items[x.id]);
  }
}
