import { SECTION_SPECS } from "../text-checks";

/**
 * The clerk's own text of a report, split by the six section headings so each part can be printed under the official
 * heading. The text comes from an imported report (a page or a text file: often all on one line, punctuation made
 * half-width by the importers' NFKC), from `--text`, or from the pane's text box. Headings are found inline, in order,
 * by their numeral and words (the variants published reports use are accepted: the official wording is printed). The
 * tables' own text in sections 二、三、四 is not prose and is left out: the tables are printed from the numbers.
 */

export interface ClerkText {
  /** Prose before 一、总体情况 (the usual 本报告根据《条例》… paragraph). */
  preface: string[];
  /** Paragraphs of each section, by section index (0 = 一). */
  sections: string[][];
}

const NUMERALS = "一二三四五六";

/** Where the table of a section starts in its text (its first header words). */
const TABLE_START: Record<number, RegExp> = {
  1: /第二十条第/,
  2: /[（(]本列数据|申请人情况|[一1][、.]\s*本年新收/,
  3: /行政复议\s*行政诉讼|结果维持\s*结果纠正/,
};

interface Heading {
  n: number;
  start: number;
  end: number;
}

/** The heading of section n at or after `from`: its numeral, then the official words, a known variant, or other words naming it. */
function findHeading(text: string, n: number, from: number): Heading | undefined {
  const spec = SECTION_SPECS[n];
  const re = new RegExp(`(?<![（(第一二三四五六七八九十])${NUMERALS[n]}\\s*[、.．]\\s*`, "g");
  re.lastIndex = from;
  const titles = [spec.standard, ...spec.variants].sort((a, b) => b.length - a.length);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length;
    const rest = text.slice(at, at + 40);
    const known = titles.find((t) => rest.startsWith(t));
    if (known) return { n, start: m.index, end: at + known.length };
    // Other wording: up to 30 characters before a digit or a clause break, naming the section and ending as headings do.
    const window = /^[^\d。，,；;：:！!？?]{2,30}/.exec(rest)?.[0] ?? "";
    const ending = /情况|事项/.exec(window);
    if (ending && spec.keyword.test(window.slice(0, ending.index + ending[0].length)))
      return { n, start: m.index, end: at + ending.index + ending[0].length };
  }
  return undefined;
}

/** Half-width punctuation next to Chinese text back to full width (the importers' NFKC made it half-width). */
export function restorePunctuation(text: string): string {
  const FULL: Record<string, string> = {
    ",": "，",
    ";": "；",
    ":": "：",
    "(": "（",
    ")": "）",
    "?": "？",
    "!": "！",
  };
  const cjk = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]/;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const full = FULL[ch];
    out += full && (cjk.test(text[i - 1] ?? "") || cjk.test(text[i + 1] ?? "")) ? full : ch;
  }
  return out;
}

/** Paragraphs of a stretch of text: its lines, and within a run-together line the breaks after a sentence or before (一). */
function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[。！？!?])\s+|\s+(?=[（(][一二三四五六七八九十]+[）)])/))
    .map((p) => restorePunctuation(p.replace(/[ \t\u00a0\u3000]+/g, " ").trim()))
    .filter((p) => p.length > 1);
}

/** A web page's furniture after the report (browser advice, copyright, site codes), not the clerk's text. */
const FURNITURE =
  /浏览器|分辨率|版权所有|网站标识码|ICP备|公网安备|主办单位|承办单位|技术支持|联系我们|网站地图/;

/** A sub-heading of the clerk's text on a line of its own: （一）主动公开. */
const SUBHEADING = /^[（(][一二三四五六七八九十]+[）)][^\d|｜。]{1,30}$/;

/** A stretch of prose, not the debris of a table or a page's furniture: a sentence, or a sub-heading. */
const isProse = (p: string) =>
  (/[。；！？]/.test(p) || SUBHEADING.test(p)) && !/[|｜]/.test(p) && !FURNITURE.test(p);

export function clerkText(text: string): ClerkText {
  const headings: Heading[] = [];
  let from = 0;
  for (let n = 0; n < 6; n++) {
    const h = findHeading(text, n, from);
    if (!h) continue;
    headings.push(h);
    from = h.end;
  }
  const sections: string[][] = [[], [], [], [], [], []];
  headings.forEach((h, i) => {
    let content = text.slice(h.end, headings[i + 1]?.start ?? text.length);
    const table = TABLE_START[h.n]?.exec(content);
    if (table) content = content.slice(0, table.index);
    sections[h.n] = paragraphs(content).filter(isProse);
  });
  // The preface: the last block of prose before 一 (a page's title and crawl furniture before it are not).
  const before = headings.length ? text.slice(0, headings[0].start) : "";
  const block = before.slice(before.lastIndexOf("\n") + 1).replace(/^\S{0,60}年度报告\s+/, "");
  return { preface: headings.length ? paragraphs(block).filter(isProse) : [], sections };
}
