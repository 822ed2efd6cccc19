import { knownNfkc, skipped } from "../chars";
import { Converter } from "opencc-js";

/**
 * Turning published report text into one comparable form: decoded, simplified characters, no pinyin glosses,
 * half-width digits and brackets. Label matching then works on a "compact" view of that text (no whitespace, no
 * pipes, no quotes) that keeps, for every character, where it came from.
 */

/**
 * `f` answered once for each byte array: a file's bytes are asked about by several importers and read by one, and are
 * not changed meanwhile (the answer is dropped with the bytes).
 */
function oncePerBytes<T>(f: (bytes: Uint8Array) => T): (bytes: Uint8Array) => T {
  const known = new WeakMap<Uint8Array, { length: number; value: T }>();
  return (bytes) => {
    const k = known.get(bytes);
    if (k !== undefined && k.length === bytes.length) return k.value;
    const value = f(bytes);
    known.set(bytes, { length: bytes.length, value });
    return value;
  };
}

/**
 * The encoding the bytes declare: a byte-order mark (UTF-8, UTF-16LE/BE), UTF-16 without one (NUL bytes in every
 * other position), or an HTML `<meta charset>` / `http-equiv` declaration anywhere in the first 64 KB (pages put
 * large scripts and styles before it). Undefined when nothing is declared.
 */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  return byteOrder(bytes) ?? markupDeclared(bytes);
}

/** A byte-order mark, or UTF-16 told by its NUL bytes in every other position. */
function byteOrder(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const n = Math.min(bytes.length, 512) & ~1;
  if (n >= 8) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) even++;
      if (bytes[i + 1] === 0) odd++;
    }
    if (odd > n / 6 && even === 0) return "utf-16le";
    if (even > n / 6 && odd === 0) return "utf-16be";
  }
  return undefined;
}

const LT = 0x3c;
const DECLARATION =
  /^<(?:meta[^>]+charset\s*=\s*["']?\s*|\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_-]+)/i;

/**
 * `<meta charset>` / `http-equiv` or `<?xml encoding>` in the first 64 KB. Only the bytes after each "<" that starts
 * such a tag are decoded: decoding the whole head of every file was a sixth of a folder check's time.
 */
function markupDeclared(bytes: Uint8Array): string | undefined {
  const end = Math.min(bytes.length, 65536);
  for (let i = bytes.indexOf(LT); i >= 0 && i < end; i = bytes.indexOf(LT, i + 1)) {
    const next = bytes[i + 1] | 0x20;
    if (next !== 0x6d /* m */ && bytes[i + 1] !== 0x3f /* ? */) continue;
    const tag = String.fromCharCode(...bytes.subarray(i, Math.min(i + 512, end)));
    const m = DECLARATION.exec(tag);
    if (!m) continue;
    const name = m[1].toLowerCase();
    if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(name)) return "gb18030";
    if (/^utf-?8$/.test(name)) return "utf-8";
    if (/^(big5|big5-hkscs)$/.test(name)) return "big5";
    return undefined;
  }
  return undefined;
}

/**
 * Decode bytes: as they declare (BOM, UTF-16, <meta charset>), else as UTF-8, or as GB18030 when that reads clearly
 * better (older government sites). Never throws. Once per byte array: a folder check decodes a file's head to recognise
 * it, then the file to read it, for a file shorter than the head the same bytes twice.
 */
export const decodeText = oncePerBytes(decodeFresh);

function decodeFresh(bytes: Uint8Array): string {
  const declared = declaredEncoding(bytes);
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      // an encoding this runtime lacks: sniff as below
    }
  }
  const utf8 = new TextDecoder("utf-8").decode(bytes);
  const bad = countReplacement(utf8);
  // Cut-off excerpts start mid-character: a few replacement characters are no reason to switch encodings. Measured
  // against the non-ASCII text, so a page of ASCII script with GBK text in it is still seen as GBK.
  let nonAscii = 0;
  for (let i = 0; i < utf8.length; i++) if (utf8.charCodeAt(i) > 127) nonAscii++;
  if (bad === 0 || bad < Math.max(4, nonAscii / 20)) return utf8.replace(/^\uFEFF/, "");
  try {
    const gb = new TextDecoder("gb18030").decode(bytes);
    if (countReplacement(gb) < bad) return gb.replace(/^\uFEFF/, "");
  } catch {
    // no GB18030 decoder in this runtime: keep UTF-8
  }
  return utf8.replace(/^\uFEFF/, "");
}

/**
 * Whether the text's first character after leading whitespace (in its first KB) is "<". Every encoding decodeText
 * reads, except UTF-16, spells ASCII as ASCII, so the bytes answer unless a BOM, UTF-16 or a non-ASCII character comes
 * first; then the head is decoded (asked of every file a folder check meets).
 * Asked twice of each file (which importer reads it, then by the importer chosen): answered once.
 */
export const startsWithMarkup = oncePerBytes(sniffMarkup);

function sniffMarkup(bytes: Uint8Array): boolean {
  if (byteOrder(bytes) === undefined) {
    const i = firstAfterSpaces(bytes, 1024);
    if (i < 0) return false;
    if (bytes[i] < 0x80) return bytes[i] === LT;
    // A Chinese character (UTF-8 lead byte of U+4000–U+9FFF), as most reports begin. GB18030 and Big5 read such a
    // byte as a Chinese character or an invalid sequence: never "<", nor whitespace that trimStart would skip.
    if (bytes[i] >= 0xe4 && bytes[i] <= 0xe9) return false;
  }
  return decodeText(bytes.subarray(0, 1024)).trimStart().startsWith("<");
}

/**
 * Where the first byte that is not ASCII whitespace is, within the first `limit` bytes; −1 when there is none. Files
 * are recognised by their first character, and in every encoding read here but UTF-16 an ASCII one is that byte.
 */
export function firstAfterSpaces(bytes: Uint8Array, limit: number): number {
  const end = Math.min(bytes.length, limit);
  for (let i = 0; i < end; i++)
    if (!(bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) return i;
  return -1;
}

function countReplacement(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0xfffd) n++;
  return n;
}

/**
 * Whether bytes look like binary data rather than text (NUL bytes or many control characters). Asked by each importer
 * that might take a file, then by the one that reads it: answered once per file.
 */
export const looksBinary = oncePerBytes(sniffBinary);

function sniffBinary(bytes: Uint8Array): boolean {
  // UTF-16 text has a NUL in every other byte.
  const declared = byteOrder(bytes);
  if (declared === "utf-16le" || declared === "utf-16be") return false;
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.05;
}

let t2s: ((s: string) => string) | undefined;

/** Characters that occur only in traditional-character text; their presence triggers the conversion. */
const TRADITIONAL_HINT =
  /[開資務請處計報條規體關於與數們這為來時會將從對過還發現當點應機構權問題號區縣鄉鎮結轉辦總紀錄]/;

/** TRADITIONAL_HINT as a table by code unit: the test runs over the whole text of every report (a third faster). */
const TRADITIONAL = new Uint8Array(0x10000);
for (const c of TRADITIONAL_HINT.source.slice(1, -1)) TRADITIONAL[c.charCodeAt(0)] = 1;

function looksTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL[text.charCodeAt(i)]) return true;
  return false;
}

export function toSimplified(text: string): string {
  if (!looksTraditional(text)) return text;
  try {
    t2s ??= Converter({ from: "t", to: "cn" });
    return t2s(text);
  } catch {
    return text;
  }
}

const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/;
const SYLLABLE = /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv]{1,3}(?:n|ng|r)?$/;

/** What every pinyin gloss contains: a bracket followed by a Latin or toned letter (found from the brackets). */
const TONED_LETTERS = new Set([..."āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"].map((c) => c.charCodeAt(0)));
const isGlossLetter = (code: number) => (code >= 0x61 && code <= 0x7a) || TONED_LETTERS.has(code);
/** A gloss from where it begins (a Chinese character, maybe a space, then the bracket). */
const GLOSS = /([\u3400-\u9fff])\s?[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]/y;
const isSpace = (c: string) => /\s/.test(c);

/**
 * Remove pinyin glosses after characters: 鄉(xiāng) → 鄉. Most reports have none: the glosses are looked for where a
 * bracket is followed by a letter, not tried at every Chinese character. A gloss holds exactly one opening bracket,
 * so each is found from its bracket: the character before it, or the one before a space before it.
 */
export function stripPinyin(text: string): string {
  const opens: number[] = [];
  for (const open of ["(", "（"])
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1))
      if (isGlossLetter(text.charCodeAt(i + 1))) opens.push(i);
  if (!opens.length) return text;
  opens.sort((a, b) => a - b);
  const pieces: string[] = [];
  let kept = 0;
  for (const i of opens) {
    const start = i >= 2 && isSpace(text.charAt(i - 1)) ? i - 2 : i - 1;
    if (start < kept) continue;
    GLOSS.lastIndex = start;
    const m = GLOSS.exec(text);
    if (!m) continue;
    const py = m[2];
    if (!(TONED.test(py) || SYLLABLE.test(py))) continue;
    pieces.push(text.slice(kept, start), m[1]);
    kept = start + m[0].length;
  }
  if (!pieces.length) return text;
  pieces.push(text.slice(kept));
  return pieces.join("");
}

/**
 * The normal form every importer reads: no HTML comments, simplified characters, no pinyin, NFKC (full-width digits
 * and brackets become half-width: （一）→(一), ０→0), unified line ends and spaces.
 */
export function normalizeText(raw: string): string {
  if (raw.length > SHORT) return normalizeLong(raw);
  // Table cells and labels repeat across a folder's reports ("0", "自然人", "本年新收政府信息公开申请数量"): a
  // short text is normalised once.
  let text = NORMAL.get(raw);
  if (text === undefined) {
    if (NORMAL.size >= 20000) NORMAL.clear();
    NORMAL.set(raw, (text = normalizeLong(raw)));
  }
  return text;
}

const SHORT = 64;
const NORMAL = new Map<string, string>();

function normalizeLong(raw: string): string {
  let text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  text = text.replace(/<!--[\s\S]*?-->/g, " ");
  text = stripPinyin(text);
  text = toSimplified(text);
  text = text.normalize("NFKC");
  // Spaces for spaces keep it in NFKC; removing U+FFFD may not (a combining mark can then follow a letter).
  text = text.replace(/[\u00a0\u2002-\u200b\u3000\t\f\v]/g, " ");
  if (text.includes("\ufffd")) return text.replace(/\ufffd/g, "");
  knownNfkc(text);
  return text;
}

/** Characters left out of the compact view: whitespace, cell separators, quotes (skipped() below is its fast form). */
export const SKIP = /[\s|“”"‘’'「」『』]/;

export interface Compact {
  /** The text without whitespace, pipes and quotes. */
  text: string;
  /** For each compact character, its index in the source text. */
  map: Int32Array;
}

/** `map`: where to write the positions (at least as long as src; the result's map is a view of it). */
export function compactOf(src: string, map = new Int32Array(src.length)): Compact {
  const skip = (SKIPPED ??= byCodeUnit(skipped));
  const pieces: string[] = [];
  let n = 0;
  let run = 0;
  for (let i = 0; i < src.length; i++) {
    if (skip[src.charCodeAt(i)] === 0) {
      map[n++] = i;
      continue;
    }
    if (i > run) pieces.push(src.slice(run, i));
    run = i + 1;
  }
  if (src.length > run) pieces.push(src.slice(run));
  return { text: pieces.join(""), map: map.subarray(0, n) };
}

export { skipped };

/** skipped() as a table by code unit, made when first needed: one load a character (a third of compactOf's time). */
let SKIPPED: Uint8Array | undefined;
function byCodeUnit(test: (code: number) => boolean): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (test(c)) table[c] = 1;
  return table;
}

/** A label in the form compared against the compact view. */
export function foldForMatch(label: string): string {
  return label.normalize("NFKC").replace(/[\s|“”"‘’'「」『』]/g, "");
}
