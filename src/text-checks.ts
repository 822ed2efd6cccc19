import { droppedFromCompact, nfkc, without } from "./chars";
import { registerCheck, type Check, type CheckContext } from "./checks";
import { cellId, type CellRef } from "./format";
import { findingKey, type Finding } from "./findings";

/**
 * Checks that need the published text of a report (`report.text`, set by the text and HTML importers): the numbers
 * quoted in 一、总体情况 against the tables, the six section headings, an empty section 五, and 信息处理费 in section 六
 * when table 三 says fee notices were issued. Each is its own check with its own id; none runs without the text.
 *
 *   W-TEXT-NUMBER       a count quoted in 一、总体情况 that no reading of the tables gives
 *   W-SECTION-MISSING   one of the six statutory sections not found
 *   W-SECTION-WORDING   a section heading worded otherwise than the template
 *   W-SECTION5-EMPTY    五、存在的主要问题及改进情况 present but empty or a mere “无”
 *   W-FEE-NOT-REPORTED  table 三 （六）2 > 0 but section 六 says nothing about 信息处理费
 *
 * The text is searched in a compact form (NFKC, no whitespace, no pipes, no quotes), because published pages run
 * headings, labels and digits together ("…9116.36三、收到和处理…").
 */

// ---------------------------------------------------------------------------------------------------------------
// The text in compact form

/** NFKC, without whitespace, table pipes and quotes: the form every search below runs on. */
export function compactText(text: string): string {
  // known.source is in NFKC: the same text needs no normalising.
  if (text === known.source) return known.compact;
  const normal = nfkc(text);
  if (normal === known.source) return known.compact;
  return without(normal, droppedFromCompact);
}

/** The compact form of the last text the reader compacted, when it is this one's (see knownCompact). */
const known = { source: "\u0000", compact: "" };

/**
 * The reader has compacted `source` already (without whitespace, pipes and quotes): when `source` is in NFKC and has
 * no zero-width space, that is this module's compact form of it too, and the text checks of the report it reads
 * need not make it again.
 */
export function knownCompact(source: string, compact: string): void {
  if (source.includes("\u200b") || nfkc(source) !== source) return;
  known.source = source;
  known.compact = compact;
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

const NUMERALS = ["一", "二", "三", "四", "五", "六"] as const;

interface SectionSpec {
  /** 1…6 */
  n: number;
  /** The heading as the template prints it, without the numeral. */
  standard: string;
  /** Variants seen in published reports (report-format.md): accepted, flagged as non-standard wording. */
  variants: string[];
  /** What any other wording of this heading must contain to be taken for it. */
  keyword: RegExp;
}

export const SECTION_SPECS: readonly SectionSpec[] = [
  {
    n: 1,
    standard: "总体情况",
    variants: [
      "政府信息公开工作总体情况",
      "政府信息公开总体情况",
      "工作基本情况",
      "基本情况",
      "概述",
    ],
    keyword: /总体|基本情况|概况|概述/,
  },
  {
    n: 2,
    standard: "主动公开政府信息情况",
    variants: ["行政机关主动公开政府信息情况", "主动公开政府信息工作情况"],
    keyword: /主动公开/,
  },
  {
    n: 3,
    standard: "收到和处理政府信息公开申请情况",
    variants: ["行政机关收到和处理政府信息公开申请情况"],
    keyword: /依申请|收到|申请/,
  },
  {
    n: 4,
    standard: "政府信息公开行政复议、行政诉讼情况",
    variants: [
      "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
      "政府信息公开行政复议和行政诉讼情况",
      "因政府信息公开申请行政复议、提起行政诉讼的情况",
    ],
    keyword: /复议|诉讼/,
  },
  {
    n: 5,
    standard: "存在的主要问题及改进情况",
    variants: ["政府信息公开工作存在的主要问题及改进情况", "存在的问题及改进情况"],
    keyword: /问题|不足/,
  },
  { n: 6, standard: "其他需要报告的事项", variants: ["其他事项"], keyword: /其他|其它/ },
];

export type Wording = "standard" | "variant" | "other";

export interface FoundSection {
  n: number;
  /** The heading as found (numeral included), compact form. */
  heading: string;
  wording: Wording;
  /** Positions in the compact text: heading start, heading end (= content start), content end. */
  start: number;
  contentStart: number;
  contentEnd: number;
}

export interface SectionScan {
  compact: string;
  /** By section number − 1; undefined when not found. */
  sections: (FoundSection | undefined)[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A numeral heading, not an item like （一）or 第一: "一、" "一." (after NFKC "．" is "."). */
const numeralAt = (numeral: string) => `(?<![(（第一二三四五六七八九十])${numeral}[、.,]`;
/** Any other heading: the characters after the numeral up to a digit, bracket or sentence end (at most 30)… */
const OTHER_WINDOW = "((?:(?![一二三四五六七八九十][、.,])[^\\d,。:;!?()（）]){2,30})";
/** …cut after the first word that ends a heading, trying the likeliest endings first. */
const HEADING_ENDS = [/情况|事项/, /计划|措施|概述/, /问题/];

function headingIn(window: string): string | undefined {
  for (const end of HEADING_ENDS) {
    const m = end.exec(window);
    if (m) return window.slice(0, m.index + m[0].length);
  }
  return undefined;
}

interface Candidate {
  start: number;
  end: number;
  heading: string;
  wording: Wording;
}

interface SectionPatterns {
  titles: [string, Wording][];
  /** Sticky: each is tried only where headingStarts finds that a match can begin. */
  known: RegExp;
  renumbered: RegExp;
  other: RegExp;
}

const HEADINGS = new Map<SectionSpec, SectionPatterns>();

/** A section's heading patterns, built once (scanSections runs on every report of a folder). */
export function patternsOf(spec: SectionSpec): SectionPatterns {
  let p = HEADINGS.get(spec);
  if (p) return p;
  const numeral = NUMERALS[spec.n - 1];
  const titles: [string, Wording][] = [
    [spec.standard, "standard"],
    ...spec.variants.map((v): [string, Wording] => [v, "variant"]),
  ];
  // Longest first, so a variant that extends the standard title ("…的主要问题" vs "政府信息公开工作存在的…") wins.
  titles.sort((a, b) => b[0].length - a[0].length);
  const alternatives = titles.map(([t]) => escape(t)).join("|");
  p = {
    titles,
    known: new RegExp(`${numeralAt(numeral)}(${alternatives})`, "y"),
    // The template's titles numbered otherwise: 1、总体情况 · （一）总体情况 · 第一部分 总体情况.
    renumbered: new RegExp(
      `(?:(?<![\\d.])${spec.n}[、.]|[(（]${numeral}[)）]|第${numeral}部分[、:：,]?)(${alternatives})`,
      "y"
    ),
    other: new RegExp(`${numeralAt(numeral)}${OTHER_WINDOW}`, "y"),
  };
  HEADINGS.set(spec, p);
  return p;
}

/** Where a heading of section n (index n − 1) can begin: "一、" (numbered), or "1、" "（一）" "第一部分" (renumbered). */
export interface HeadingStarts {
  numbered: number[][];
  renumbered: number[][];
}

/** By UTF-16 code unit: 1 + the numeral's index for 一…六, else 0. */
const NUMERAL_OF = new Uint8Array(0x10000);
NUMERALS.forEach((c, i) => (NUMERAL_OF[c.charCodeAt(0)] = i + 1));
const IDEOGRAPHIC_COMMA = 0x3001;
const isMark = (c: number) => c === IDEOGRAPHIC_COMMA || c === 0x2e /* . */ || c === 0x2c; /* , */

/**
 * Every place a section heading can begin, in one pass over the text. Searching for "一、" with indexOf is slow on
 * Chinese text (V8 looks for one byte of the first character, and 一's occurs in every character from U+4E00 to
 * U+4EFF), and a global regular expression tries every position: this was most of a text check's time.
 */
export function headingStarts(text: string): HeadingStarts {
  const numbered: number[][] = NUMERALS.map(() => []);
  const renumbered: number[][] = NUMERALS.map(() => []);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const n = NUMERAL_OF[c] - 1;
    if (n >= 0) {
      const next = text.charCodeAt(i + 1);
      if (isMark(next)) numbered[n].push(i);
      const before = text.charCodeAt(i - 1);
      if ((before === 0x28 || before === 0xff08) && (next === 0x29 || next === 0xff09))
        renumbered[n].push(i - 1);
      if (before === 0x7b2c /* 第 */ && text.startsWith("部分", i + 1)) renumbered[n].push(i - 1);
    } else if (c >= 0x31 && c <= 0x30 + NUMERALS.length) {
      const next = text.charCodeAt(i + 1);
      if (next === IDEOGRAPHIC_COMMA || next === 0x2e) renumbered[c - 0x31].push(i);
    }
  }
  return { numbered, renumbered };
}

/**
 * The matches `text.matchAll(/re/g)` gives, found by trying the sticky pattern only at `starts` (ascending), the only
 * places where it can match.
 */
export function matchesAt(re: RegExp, text: string, starts: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let next = 0;
  for (const i of starts) {
    if (i < next) continue;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) continue;
    out.push(m);
    next = i + Math.max(1, m[0].length);
  }
  return out;
}

function candidates(compact: string, spec: SectionSpec, starts: HeadingStarts): Candidate[] {
  const { titles, known, renumbered, other } = patternsOf(spec);
  const numbered = starts.numbered[spec.n - 1];
  const out: Candidate[] = [];
  for (const m of matchesAt(known, compact, numbered)) {
    const title = m[1];
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      heading: m[0],
      wording: titles.find(([t]) => t === title)![1],
    });
  }
  for (const m of matchesAt(renumbered, compact, starts.renumbered[spec.n - 1])) {
    if (out.some((c) => c.start <= m.index! && m.index! < c.end)) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, heading: m[0], wording: "other" });
  }
  for (const m of matchesAt(other, compact, numbered)) {
    if (out.some((c) => c.start === m.index)) continue;
    const title = headingIn(m[1]);
    if (!title || !spec.keyword.test(title)) continue;
    const heading = m[0].slice(0, m[0].length - m[1].length) + title;
    out.push({ start: m.index!, end: m.index! + heading.length, heading, wording: "other" });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Only separators between two headings: the first is an entry of a list of the sections, not a heading. */
const ONLY_SEPARATORS = /^[,，、。;；:：.\s]*$/;

/**
 * The six sections, in order: for each, the first heading after the previous section's that is not an entry in a
 * list of the six (“本报告包括一、总体情况；二、…”), unless it is the last candidate.
 */
export function scanSections(text: string): SectionScan {
  const compact = compactText(text);
  const starts = headingStarts(compact);
  const all = SECTION_SPECS.map((spec) => candidates(compact, spec, starts));
  // Where the first candidate of a later section begins at or after `end` (each section's candidates are in order).
  const nextLater = (k: number, end: number): number | undefined => {
    let next: number | undefined;
    for (let j = k + 1; j < all.length; j++) {
      const c = all[j].find((l) => l.start >= end);
      if (c && (next === undefined || c.start < next)) next = c.start;
    }
    return next;
  };
  const sections: (FoundSection | undefined)[] = [];
  let from = 0;
  for (let k = 0; k < SECTION_SPECS.length; k++) {
    const after = all[k].filter((c) => c.start >= from);
    // A heading numbered and worded as the template (or a known variant) wins over any other candidate.
    const numbered = after.filter((c) => c.wording !== "other");
    const mine = numbered.length ? numbered : after;
    let pick: Candidate | undefined;
    for (let i = 0; i < mine.length; i++) {
      const c = mine[i];
      const next = nextLater(k, c.end);
      const isListEntry =
        next !== undefined &&
        ONLY_SEPARATORS.test(compact.slice(c.end, next)) &&
        i < mine.length - 1;
      if (!isListEntry) {
        pick = c;
        break;
      }
    }
    if (!pick) {
      sections.push(undefined);
      continue;
    }
    sections.push({
      n: k + 1,
      heading: pick.heading,
      wording: pick.wording,
      start: pick.start,
      contentStart: pick.end,
      contentEnd: compact.length,
    });
    from = pick.end;
  }
  // Each section's content ends where the next found section begins.
  let end = compact.length;
  for (let k = sections.length - 1; k >= 0; k--) {
    const s = sections[k];
    if (!s) continue;
    s.contentEnd = Math.max(s.contentStart, end);
    end = s.start;
  }
  return { compact, sections };
}

export const sectionContent = (scan: SectionScan, s: FoundSection) =>
  scan.compact.slice(s.contentStart, s.contentEnd);

// ---------------------------------------------------------------------------------------------------------------
// Numbers quoted in 一、总体情况

export type StatementKind =
  | "received"
  | "handled"
  | "granted"
  | "partial"
  | "denied"
  | "unable"
  | "ignored"
  | "carriedOver"
  | "carriedForward"
  | "review"
  | "suit"
  | "reviewAndSuit";

export interface Statement {
  kind: StatementKind;
  value: number;
  /** The words quoted, compact form. */
  quote: string;
  /** Position in the compact text. */
  at: number;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "75", "十二", "两", "一百零五": a count as written; undefined when it is not one. */
export function parseCount(s: string): number | undefined {
  if (/^\d+$/.test(s)) return s.length > 12 ? undefined : Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return undefined;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch === "百") {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === "十") {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = CN_DIGITS[ch];
  }
  return total + digit;
}

const NUM = "(\\d{1,12}|[零〇一二两三四五六七八九十百]{1,6})";
/** Characters that may stand between a keyword and its number: no clause break, no digit. */
const GAP = (n: number) => `[^\\d,，。;；:：!?！？()]{0,${n}}?`;
const UNIT = "(?:件|宗)";
/** Words that make a 收到…申请 sentence about something other than information disclosure requests. */
const NOT_DISCLOSURE = /复议|诉讼|投诉|咨询|业务|诉求|许可|留言|信访|建议|提案/;

interface Pattern {
  kind: StatementKind;
  re: RegExp;
  /** Reject a match (its text) that is not what the kind means. */
  reject?: (match: string) => boolean;
  /**
   * Words the pattern cannot match without (any one): a pattern that begins with the number is tried at every digit
   * of the text, so it is not run on a text that lacks them.
   */
  needs?: string[];
}

const PATTERNS: Pattern[] = [
  // 收到政府信息公开申请75件 · 共收到依申请公开0件 · 收到…申请共计8件 · 受理公开申请34件
  {
    kind: "received",
    re: new RegExp(`(?:收到|新收|受理|接收|接到)${GAP(30)}申请${GAP(10)}${NUM}${UNIT}`, "g"),
    reject: (m) => NOT_DISCLOSURE.test(m),
  },
  // 共收到70件申请
  {
    kind: "received",
    re: new RegExp(
      `(?:收到|新收|受理|接收|接到)(?:了)?(?:共|共计)?${NUM}${UNIT}${GAP(14)}申请`,
      "g"
    ),
    reject: (m) => NOT_DISCLOSURE.test(m),
  },
  // 办理/办结/承办…申请218件
  {
    kind: "handled",
    re: new RegExp(`(?:办理|办结|承办|答复)${GAP(30)}申请${GAP(12)}${NUM}${UNIT}`, "g"),
    reject: (m) => NOT_DISCLOSURE.test(m) || /结果/.test(m),
  },
  // 办结69件 · 已办结23件 (the sentence speaks of 申请: checked by the caller)
  { kind: "handled", re: new RegExp(`(?:办结|办理完毕)(?:了)?(?:共|共计)?${NUM}${UNIT}`, "g") },
  // 16件公开申请均已办结
  {
    kind: "handled",
    re: new RegExp(`${NUM}${UNIT}${GAP(12)}申请(?:均|全部)?(?:已|已经)?(?:办结|办理完毕)`, "g"),
    reject: (m) => NOT_DISCLOSURE.test(m),
    needs: ["办结", "办理完毕"],
  },
  // 予以公开1件 · 同意公开答复数1件 · 给予同意公开答复1件
  {
    kind: "granted",
    re: new RegExp(
      `(?<![不未])(?:予以公开|同意公开)(?:答复|决定)?(?:数|的)?(?:共|共计)?${NUM}${UNIT}`,
      "g"
    ),
  },
  // 部分公开1件 · 区分处理后公开数1件
  {
    kind: "partial",
    re: new RegExp(
      `(?:部分公开|区分处理后?公开|区分处理)(?:答复|决定)?(?:数|的)?(?:共|共计)?${NUM}${UNIT}`,
      "g"
    ),
  },
  // 不予公开2件 · 不予公开答复3件
  {
    kind: "denied",
    re: new RegExp(`不予(?:以)?公开(?:答复|决定)?(?:数|的)?(?:共|共计)?${NUM}${UNIT}`, "g"),
  },
  // 无法提供2件 · 因无法提供相关信息答复2件
  { kind: "unable", re: new RegExp(`无法提供${GAP(10)}${NUM}${UNIT}`, "g") },
  { kind: "ignored", re: new RegExp(`不予处理${GAP(8)}${NUM}${UNIT}`, "g") },
  // 结转下年度继续办理2件 · 1件结转下年度
  {
    kind: "carriedForward",
    re: new RegExp(`结转(?:至|到)?下一?年度?(?:继续办理)?${GAP(6)}${NUM}${UNIT}`, "g"),
  },
  {
    kind: "carriedForward",
    re: new RegExp(`${NUM}${UNIT}${GAP(8)}结转(?:至|到)?下一?年`, "g"),
    needs: ["结转"],
  },
  // 上年结转1件 · 结转上年度政府信息公开申请1件
  {
    kind: "carriedOver",
    re: new RegExp(`(?:上一?年度?结转|结转上一?年度?)${GAP(16)}${NUM}${UNIT}`, "g"),
  },
  // 行政复议和行政诉讼案件0件
  {
    kind: "reviewAndSuit",
    re: new RegExp(`行政复议[和及与、]行政诉讼${GAP(8)}${NUM}${UNIT}`, "g"),
  },
  // 行政复议案件2件 · 因政府信息公开产生行政复议共2件
  {
    kind: "review",
    re: new RegExp(`行政复议(?![和及与、]行政诉讼)${GAP(8)}${NUM}${UNIT}`, "g"),
    reject: (m) => /诉讼/.test(m),
  },
  {
    kind: "suit",
    re: new RegExp(`(?<!复议[和及与、])行政诉讼${GAP(8)}${NUM}${UNIT}`, "g"),
    reject: (m) => /复议/.test(m),
  },
];

/** Clause openings that make a number about another year or a comparison. */
const OTHER_TIME = /去年|上一?年度?(?!结转)|同比|较上|比上|历年|以来|往年/;

/**
 * The counts a text states about requests, results, carry-overs and appeals, in order of appearance. Counts about
 * another year (“2021年收到…”, “较上年…”) are left out.
 */
export function extractStatements(compact: string, year?: number): Statement[] {
  const out: Statement[] = [];
  for (const p of PATTERNS) {
    if (p.needs && !p.needs.some((w) => compact.includes(w))) continue;
    for (const m of compact.matchAll(p.re)) {
      const quote = m[0];
      if (p.reject?.(quote)) continue;
      const value = parseCount(m[1]);
      if (value === undefined) continue;
      const at = m.index!;
      const sentenceStart =
        Math.max(
          compact.lastIndexOf("。", at),
          compact.lastIndexOf(";", at),
          compact.lastIndexOf("；", at)
        ) + 1;
      const sentence = compact.slice(sentenceStart, sentenceEnd(compact, at + quote.length));
      const before = compact.slice(sentenceStart, at);
      const clauseStart = Math.max(before.lastIndexOf(","), before.lastIndexOf("，")) + 1;
      if (OTHER_TIME.test(before.slice(clauseStart))) continue;
      if (year !== undefined) {
        // The last year named before the number.
        let named: number | undefined;
        for (const y of before.matchAll(/(\d{4})年/g)) named = Number(y[1]);
        if (named !== undefined && named !== year && named !== year + 1) continue;
      }
      if (p.kind === "handled" && !/申请/.test(sentence)) continue;
      if (p.kind === "handled" && NOT_DISCLOSURE.test(before.slice(clauseStart))) continue;
      out.push({ kind: p.kind, value, quote, at });
    }
  }
  out.sort((a, b) => a.at - b.at);
  // The same statement matched twice (two patterns, or repeated in the text) is said once.
  const seen = new Set<string>();
  return out.filter((s) => {
    const key = `${s.kind}:${s.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sentenceEnd(compact: string, from: number): number {
  const ends = ["。", ";", "；"].map((c) => compact.indexOf(c, from)).filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : compact.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Readings of the tables a statement may mean

interface Reading {
  /** What this reading is, for the message: 本年新收, 本年新收 + 上年结转 … */
  zh: string;
  en: string;
  cells: CellRef[];
}

const t3 = (row: string): CellRef => ({ table: "三", row, column: "total" });
const t4 = (row: string): CellRef => ({ table: "四", row, column: "total" });

function rowsInGroup(ctx: CheckContext, group: string): string[] {
  return ctx.model
    .table("三")
    .rows.filter((r) => r.groups?.[1]?.includes(group) || (r.label.includes(group) && r.result))
    .map((r) => r.key);
}

function readingsFor(ctx: CheckContext, kind: StatementKind): Reading[] {
  const sum = (zh: string, en: string, rows: string[]): Reading => ({
    zh,
    en,
    cells: rows.map(t3),
  });
  switch (kind) {
    case "received":
      return [
        { zh: "本年新收", en: "new requests", cells: [t3("new")] },
        {
          zh: "本年新收 + 上年结转",
          en: "new requests + carried over",
          cells: [t3("new"), t3("carried")],
        },
      ];
    case "handled":
      return [
        { zh: "（七）总计", en: "results total", cells: [t3("resultsTotal")] },
        {
          zh: "本年新收 + 上年结转",
          en: "new requests + carried over",
          cells: [t3("new"), t3("carried")],
        },
        { zh: "本年新收", en: "new requests", cells: [t3("new")] },
      ];
    case "granted":
      return [sum("（一）予以公开", "granted", ["granted"])];
    case "partial":
      return [sum("（二）部分公开", "partly granted", ["partial"])];
    case "denied":
      return [
        sum(
          "（三）不予公开各项之和",
          "refused (sum of （三）)",
          rowsInGroup(ctx, "（三）不予公开")
        ),
      ];
    case "unable":
      return [
        sum(
          "（四）无法提供各项之和",
          "cannot be provided (sum of （四）)",
          rowsInGroup(ctx, "（四）无法提供")
        ),
      ];
    case "ignored":
      return [
        sum(
          "（五）不予处理各项之和",
          "not handled (sum of （五）)",
          rowsInGroup(ctx, "（五）不予处理")
        ),
      ];
    case "carriedOver":
      return [sum("二、上年结转", "carried over", ["carried"])];
    case "carriedForward":
      return [sum("四、结转下年度继续办理", "carried forward", ["next"])];
    case "review":
      return [{ zh: "表四行政复议总计", en: "administrative review total", cells: [t4("review")] }];
    case "suit":
      return [
        {
          zh: "表四行政诉讼两组总计之和",
          en: "administrative litigation totals",
          cells: [t4("suitDirect"), t4("suitAfterReview")],
        },
      ];
    case "reviewAndSuit":
      return [
        {
          zh: "表四行政复议与行政诉讼总计之和",
          en: "review and litigation totals",
          cells: [t4("review"), t4("suitDirect"), t4("suitAfterReview")],
        },
      ];
  }
}

/** The value of a reading; undefined when one of its cells is not given or not readable. */
function readingValue(ctx: CheckContext, r: Reading): number | undefined {
  if (r.cells.length === 0) return undefined;
  let total = 0;
  for (const c of r.cells) {
    if (!ctx.model.hasCell(c)) return undefined;
    const v = ctx.read(c)?.value;
    if (v === null || v === undefined) return undefined;
    total += v;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

function note(
  rule: string,
  cells: CellRef[],
  line: string,
  text: string,
  en: string,
  rest: Partial<Finding> = {}
): Finding {
  return {
    rule,
    severity: "warning",
    cells,
    expected: null,
    actual: null,
    imbalance: null,
    key: findingKey(rule, cells, line),
    detail: { type: "note", text, en },
    ...rest,
  };
}

/** Scans are cached per text: the five checks share one. */
const scans = new WeakMap<object, { text: string; scan: SectionScan }>();
function scanOf(ctx: CheckContext): SectionScan | undefined {
  return reportScan(ctx.report);
}

/** The sections of a report's text, scanned once per report (other checks of the narrative share it). */
export function reportScan(report: { text?: string }): SectionScan | undefined {
  const text = report.text;
  if (!text || !/\S/.test(text)) return undefined;
  const cached = scans.get(report);
  if (cached && cached.text === text) return cached.scan;
  const scan = scanSections(text);
  scans.set(report, { text, scan });
  return scan;
}

/** Whether the report (or its text) is cut off, so that sections after the last one found may simply be missing. */
function isCutOff(ctx: CheckContext): boolean {
  if (
    ctx.report.notes?.some(
      (n) => n.code === "I-TRUNCATED" || n.code === "I-NO-TABLES" || n.code === "I-IMAGE-TABLES"
    )
  )
    return true;
  return ctx.reads.some((r) => r === undefined);
}

const sectionName = (n: number) => `${NUMERALS[n - 1]}、${SECTION_SPECS[n - 1].standard}`;
const quoteShort = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The part of the text that is 一、总体情况: up to section 二, or to the first table when no heading is found. */
export function overviewText(scan: SectionScan): string {
  const [one, two] = scan.sections;
  const start = one ? one.contentStart : 0;
  let end = two ? two.start : one ? one.contentEnd : scan.compact.length;
  const table = scan.compact
    .slice(start, end)
    .search(/第二十条第|本年新收政府信息公开申请数量|信息内容本年/);
  if (table >= 0) end = start + table;
  return scan.compact.slice(start, end);
}

export const textNumberCheck: Check = {
  id: "W-TEXT-NUMBER",
  severity: "warning",
  summary:
    "a count quoted in 一、总体情况 (收到申请…件, 予以公开…件, 结转…件, 行政复议…件 …) that the tables do not give; 收到 may mean 本年新收 or 本年新收 + 上年结转 (needs the published text)",
  run(ctx) {
    const scan = scanOf(ctx);
    if (!scan) return [];
    const statements = extractStatements(overviewText(scan), ctx.report.year);
    const out: Finding[] = [];
    for (const s of statements) {
      const readings = readingsFor(ctx, s.kind)
        .map((r) => ({ r, value: readingValue(ctx, r) }))
        .filter((x): x is { r: Reading; value: number } => x.value !== undefined)
        // Two readings that give the same number are one reading for the message.
        .filter((x, i, all) => all.findIndex((y) => Math.abs(y.value - x.value) < 1e-7) === i);
      if (readings.length === 0) continue; // the cells are not given or not readable: nothing to compare with
      if (readings.some((x) => Math.abs(x.value - s.value) < 1e-7)) continue;
      const [first] = readings;
      const cells = [
        ...new Map(readings.flatMap((x) => x.r.cells).map((c) => [cellId(c), c])).values(),
      ];
      const names = (x: { r: Reading; value: number }) =>
        x.r.cells.length === 1
          ? `${x.r.zh}（${ctx.model.cellName(x.r.cells[0])}）为 ${fmt(x.value)}`
          : `${x.r.zh} = ${fmt(x.value)}`;
      const zhTables =
        readings.length === 1
          ? `但表格中${names(first)}`
          : `但表格中${readings.map(names).join("，")}，都不是 ${fmt(s.value)}`;
      const diff = s.value - first.value;
      const text = `一、总体情况写“${quoteShort(s.quote)}”，${zhTables}${readings.length === 1 ? `，相差 ${fmt(Math.abs(diff))}` : ""}；请核对文字和表格哪个有误。`;
      const en = `Section 一 says “${quoteShort(s.quote)}” (${fmt(s.value)}), but the tables give ${readings.map((x) => `${x.r.en} = ${fmt(x.value)}`).join(", ")}.`;
      out.push(
        note("W-TEXT-NUMBER", cells, `${s.kind}:${s.value}`, text, en, {
          expected: first.value,
          actual: s.value,
          imbalance: Math.round(diff * 1e6) / 1e6,
        })
      );
    }
    return out;
  },
};

export const sectionMissingCheck: Check = {
  id: "W-SECTION-MISSING",
  severity: "warning",
  summary:
    "one of the six sections (一、总体情况 … 六、其他需要报告的事项) not found in the published text (a cut-off text is only checked up to where it stops)",
  run(ctx) {
    const scan = scanOf(ctx);
    if (!scan) return [];
    const found = scan.sections.map((s) => !!s);
    if (!found.some(Boolean)) {
      // No heading at all: a page without the report body, or a text that is only the tables; say it once.
      if (isCutOff(ctx)) return [];
      return [
        note(
          "W-SECTION-MISSING",
          [],
          "all",
          "正文中没有找到任何一个规定的部分标题（一、总体情况 … 六、其他需要报告的事项），报告可能不完整或没有按格式编写。",
          "None of the six statutory section headings was found in the text."
        ),
      ];
    }
    const last = found.lastIndexOf(true);
    const cut = isCutOff(ctx);
    const out: Finding[] = [];
    found.forEach((ok, i) => {
      if (ok) return;
      if (cut && i > last) return; // the text stops before this section: not a finding about the report
      const name = sectionName(i + 1);
      out.push(
        note(
          "W-SECTION-MISSING",
          [],
          String(i + 1),
          `正文中没有找到“${name}”这一部分；年度报告应包括规定的六个部分。`,
          `Section “${name}” was not found in the text; the report must have all six sections.`
        )
      );
    });
    return out;
  },
};

export const sectionWordingCheck: Check = {
  id: "W-SECTION-WORDING",
  severity: "warning",
  summary:
    "a section heading worded otherwise than the template (e.g. 五 as “存在的问题及改进情况”, 六 as “其他事项”): accepted, flagged as non-standard",
  run(ctx) {
    const scan = scanOf(ctx);
    if (!scan) return [];
    const out: Finding[] = [];
    for (const s of scan.sections) {
      if (!s || s.wording === "standard") continue;
      const name = sectionName(s.n);
      out.push(
        note(
          "W-SECTION-WORDING",
          [],
          String(s.n),
          `第${NUMERALS[s.n - 1]}部分的标题写作“${s.heading}”，格式规定为“${name}”${s.wording === "variant" ? "（常见的不规范写法）" : ""}；建议按格式写。`,
          `Section ${s.n} is headed “${s.heading}”; the template says “${name}”.`
        )
      );
    }
    return out;
  },
};

/** Content that says nothing: empty, “无”, “暂无”, “本年度无”. */
const SAYS_NOTHING = /[\s,，、。.;；:：!！\-—_·]/;
export function isEmptyContent(content: string): boolean {
  // More than 12 characters that say something: not empty (a section is often long; it is not copied to know it).
  let saying = 0;
  for (let i = 0; i < content.length && saying <= 12; i++)
    if (!SAYS_NOTHING.test(content.charAt(i))) saying++;
  if (saying > 12) return false;
  const c = content.replace(/[\s,，、。.;；:：!！\-—_·]/g, "");
  if (c === "") return true;
  return (
    c.length <= 12 &&
    /^(本年度?|今年|本单位|我单位|本机关|我局|我委|我办)?(暂|均)?(无|没有)(存在的?)?(主要)?(问题|情况|需要改进的问题|相关情况)?$/.test(
      c
    )
  );
}

export const section5EmptyCheck: Check = {
  id: "W-SECTION5-EMPTY",
  severity: "warning",
  summary:
    "五、存在的主要问题及改进情况 present but empty or a mere “无”: the report should say what the problems are and how they are improved",
  run(ctx) {
    const scan = scanOf(ctx);
    const five = scan?.sections[4];
    if (!scan || !five) return [];
    const content = sectionContent(scan, five);
    // A section 五 that runs to the end of a cut-off text may just have been cut.
    if (!scan.sections[5] && isCutOff(ctx) && content.length === 0) return [];
    if (!isEmptyContent(content)) return [];
    const said = content.trim() ? `只写了“${quoteShort(content, 12)}”` : "没有内容";
    return [
      note(
        "W-SECTION5-EMPTY",
        [],
        "",
        `“${sectionName(5)}”${said}；应写明本年度存在的主要问题和改进措施。`,
        `Section 五 (problems and improvements) ${content.trim() ? `only says “${quoteShort(content, 12)}”` : "is empty"}.`
      ),
    ];
  },
};

const FEE_WORDS = /信息处理费|处理费|收费|收取|缴费|费用/;

export const feeNotReportedCheck: Check = {
  id: "W-FEE-NOT-REPORTED",
  severity: "warning",
  summary:
    "table 三 （六）2 (逾期未按收费通知要求缴纳费用) > 0 means fee notices were issued, but section 六 does not report 信息处理费 (2021 format)",
  run(ctx) {
    const scan = scanOf(ctx);
    if (!scan || !ctx.model.hasCell(t3("otherNoFee"))) return [];
    const columns = ctx.model.columnsOf("三", "otherNoFee");
    const given = columns.map((column) => ({
      cell: { table: "三" as const, row: "otherNoFee", column },
      value: ctx.read({ table: "三", row: "otherNoFee", column })?.value,
    }));
    const total = given.find((g) => g.cell.column === "total")?.value;
    const count = total ?? Math.max(0, ...given.map((g) => g.value ?? 0));
    if (!count || count <= 0) return [];
    const six = scan.sections[5];
    const cell = t3("otherNoFee");
    if (!six) {
      if (isCutOff(ctx)) return [];
      return [
        note(
          "W-FEE-NOT-REPORTED",
          [cell],
          "",
          `${ctx.model.cellName(cell)}为 ${fmt(count)}，说明发出过收费通知，但正文中没有“${sectionName(6)}”，没有报告信息处理费的收取情况。`,
          `Table 三 （六）2 is ${fmt(count)} (fee notices issued) but the text has no section 六 reporting 信息处理费.`,
          { actual: count }
        ),
      ];
    }
    if (FEE_WORDS.test(sectionContent(scan, six))) return [];
    return [
      note(
        "W-FEE-NOT-REPORTED",
        [cell],
        "",
        `${ctx.model.cellName(cell)}为 ${fmt(count)}，说明发出过收费通知，但“${sectionName(6)}”没有报告信息处理费的收取情况（2021 年版格式要求在此报告）。`,
        `Table 三 （六）2 is ${fmt(count)} (fee notices issued) but section 六 does not report 信息处理费.`,
        { actual: count }
      ),
    ];
  },
};

export const TEXT_CHECKS: readonly Check[] = [
  textNumberCheck,
  sectionMissingCheck,
  sectionWordingCheck,
  section5EmptyCheck,
  feeNotReportedCheck,
];
for (const check of TEXT_CHECKS) registerCheck(check);
