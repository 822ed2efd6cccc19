import { Converter } from "opencc-js";

/**
 * Turning published report text into one comparable form: decoded, simplified characters, no pinyin glosses,
 * half-width digits and brackets. Label matching then works on a "compact" view of that text (no whitespace, no
 * pipes, no quotes) that keeps, for every character, where it came from.
 */

/**
 * The encoding the bytes declare: a byte-order mark (UTF-8, UTF-16LE/BE), UTF-16 without one (NUL bytes in every
 * other position), or an HTML `<meta charset>` / `http-equiv` declaration anywhere in the first 64 KB (pages put
 * large scripts and styles before it). Undefined when nothing is declared.
 */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
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
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 65536));
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_-]+)/i.exec(head);
  if (!meta) return undefined;
  const name = meta[1].toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(name)) return "gb18030";
  if (/^utf-?8$/.test(name)) return "utf-8";
  if (/^(big5|big5-hkscs)$/.test(name)) return "big5";
  return undefined;
}

/**
 * Decode bytes: as they declare (BOM, UTF-16, <meta charset>), else as UTF-8, or as GB18030 when that reads clearly
 * better (older government sites). Never throws.
 */
export function decodeText(bytes: Uint8Array): string {
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

function countReplacement(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0xfffd) n++;
  return n;
}

/** Whether bytes look like binary data rather than text (NUL bytes or many control characters). */
export function looksBinary(bytes: Uint8Array): boolean {
  // UTF-16 text has a NUL in every other byte.
  const declared = declaredEncoding(bytes);
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

export function toSimplified(text: string): string {
  if (!TRADITIONAL_HINT.test(text)) return text;
  try {
    t2s ??= Converter({ from: "t", to: "cn" });
    return t2s(text);
  } catch {
    return text;
  }
}

const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/;
const SYLLABLE = /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv]{1,3}(?:n|ng|r)?$/;

/** Remove pinyin glosses after characters: 鄉(xiāng) → 鄉. */
export function stripPinyin(text: string): string {
  return text.replace(
    /([\u3400-\u9fff])\s?[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]/g,
    (m, han: string, py: string) => (TONED.test(py) || SYLLABLE.test(py) ? han : m)
  );
}

/**
 * The normal form every importer reads: no HTML comments, simplified characters, no pinyin, NFKC (full-width digits
 * and brackets become half-width: （一）→(一), ０→0), unified line ends and spaces.
 */
export function normalizeText(raw: string): string {
  let text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  text = text.replace(/<!--[\s\S]*?-->/g, " ");
  text = stripPinyin(text);
  text = toSimplified(text);
  text = text.normalize("NFKC");
  text = text.replace(/[\u00a0\u2002-\u200b\u3000\t\f\v]/g, " ").replace(/\ufffd/g, "");
  return text;
}

/** Characters left out of the compact view: whitespace, cell separators, quotes. */
const SKIP = /[\s|“”"‘’'「」『』]/;

export interface Compact {
  /** The text without whitespace, pipes and quotes. */
  text: string;
  /** For each compact character, its index in the source text. */
  map: number[];
}

export function compactOf(src: string): Compact {
  let text = "";
  const map: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (SKIP.test(c)) continue;
    text += c;
    map.push(i);
  }
  return { text, map };
}

/** A label in the form compared against the compact view. */
export function foldForMatch(label: string): string {
  return label.normalize("NFKC").replace(/[\s|“”"‘’'「」『』]/g, "");
}
