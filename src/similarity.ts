import { scanSections, type SectionScan } from "./text-checks";

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
  const chars: string[] = [];
  const at: number[] = [];
  const breaks: number[] = [];
  for (const [from, to] of ranges) {
    if (chars.length) breaks.push(chars.length);
    let piece = source.slice(from, to);
    for (const re of TEMPLATE_SENTENCES) piece = piece.replace(re, (m) => " ".repeat(m.length));
    let inDigits = false;
    for (let i = 0; i < piece.length; i++) {
      const code = piece.charCodeAt(i);
      if (code >= 0x30 && code <= 0x39) {
        if (!inDigits) {
          chars.push("#");
          at.push(from + i);
        }
        inDigits = true;
        continue;
      }
      // A decimal point inside a number stays part of the number.
      if (inDigits && code === 0x2e && isDigit(piece.charCodeAt(i + 1))) continue;
      inDigits = false;
      if (kept(code)) {
        chars.push(piece[i]);
        at.push(from + i);
      }
    }
  }
  return { norm: chars.join(""), at: Int32Array.from(at), source, breaks };
}

/** FNV-1a over K characters, then a final avalanche (murmur3's fmix32) so that window minima are well spread. */
function shingleHashes(norm: string): Uint32Array {
  const n = norm.length - K + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < K; j++) {
      h ^= norm.charCodeAt(i + j);
      h = Math.imul(h, 0x01000193);
    }
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

/** Winnowing: in each window of W shingles the smallest hash (rightmost on ties), each position kept once. */
function winnow(hashes: Uint32Array): { hash: number; pos: number }[] {
  const out: { hash: number; pos: number }[] = [];
  if (hashes.length === 0) return out;
  const w = Math.min(W, hashes.length);
  let last = -1;
  for (let start = 0; start + w <= hashes.length; start++) {
    let min = start;
    for (let i = start + 1; i < start + w; i++) if (hashes[i] <= hashes[min]) min = i;
    if (min !== last) {
      out.push({ hash: hashes[min], pos: min });
      last = min;
    }
  }
  return out;
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
  const all = new Uint32Array(kept.length);
  for (let i = 0; i < kept.length; i++) all[i] = kept[i].hash;
  all.sort();
  // Unique, in place; then a copy of just those (the folder keeps it while it runs).
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return { hashes: all.slice(0, n), length: narrative.norm.length };
}

/** The kept shingles of a narrative, computed once (a report is compared with its previous year and its peers). */
const keptCache = new WeakMap<Narrative, { hash: number; pos: number }[]>();
function keptOf(narrative: Narrative): { hash: number; pos: number }[] {
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
  for (const { hash, pos } of kept) {
    if (!has(other.hashes, hash)) continue;
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

/** Signatures already computed (an index asks once to add a report and once to query it). */
const signatures = new WeakMap<TextFingerprint, Uint32Array>();

/** The MinHash signature of a fingerprint's hashes (one minimum per seeded re-hash), 240 bytes. */
export function minhash(fp: TextFingerprint): Uint32Array {
  const cached = signatures.get(fp);
  if (cached) return cached;
  const sig = new Uint32Array(SIGNATURE).fill(0xffffffff);
  for (const h of fp.hashes)
    for (let i = 0; i < SIGNATURE; i++) {
      const v = fmix(h ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  signatures.set(fp, sig);
  return sig;
}

/**
 * An index of reports' fingerprints, filled one report at a time (a streaming batch adds each report as it is read
 * and asks, before adding it, which earlier reports it resembles). Reports are grouped by year; `similar` returns
 * reports of the same year and another agency whose fingerprints LSH proposes (a pair is proposed with probability
 * 1 − (1 − J²)³⁰ for a Jaccard similarity J of their fingerprints: 97 % at J = 1/3, which is what a report half
 * copied from another of the same length has, 71 % at 0.2, 26 % at 0.1, 7 % at 0.05), for the caller to compare exactly with `overlap`.
 */
export class SimilarityIndex<T> {
  /**
   * Band key → the report (or reports) in that bucket. Keys are 32-bit hashes of (year, band, rows): a collision only
   * proposes one more candidate, which the exact comparison then sets aside. A single report is stored as its number,
   * so that the index costs about 30 map entries a report.
   */
  private readonly buckets = new Map<number, number | number[]>();
  private readonly items: { item: T; agency: string; year: number; signature: Uint32Array }[] = [];

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

  add(item: T, agency: string, year: number, fp: TextFingerprint): void {
    if (fp.hashes.length === 0) return;
    const id = this.items.length;
    const signature = minhash(fp);
    this.items.push({ item, agency, year, signature });
    for (const key of this.keys(year, signature)) {
      const entry = this.buckets.get(key);
      if (entry === undefined) this.buckets.set(key, id);
      else if (typeof entry === "number") this.buckets.set(key, [entry, id]);
      else entry.push(id);
    }
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
    for (const key of this.keys(year, sig)) {
      const entry = this.buckets.get(key);
      if (entry === undefined) continue;
      if (typeof entry === "number") ids.add(entry);
      else for (const id of entry) ids.add(id);
    }
    const found = [...ids]
      .sort((a, b) => a - b)
      .map((id) => this.items[id])
      .filter((e) => e.agency !== agency && e.year === year);
    if (found.length <= limit) return found.map((e) => e.item);
    const alike = (e: (typeof found)[number]) => {
      let same = 0;
      for (let i = 0; i < SIGNATURE; i++) if (e.signature[i] === sig[i]) same++;
      return same;
    };
    return found
      .map((e, order) => ({ e, order, same: alike(e) }))
      .sort((a, b) => b.same - a.same || a.order - b.order)
      .slice(0, limit)
      .map((x) => x.e.item);
  }
}
