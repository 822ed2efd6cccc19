type Locale = "zh" | "en";

/**
 * Plain names for every rule and check, so a clerk reads “申请人合计”, not “R3-2”. The code stays available as a
 * detail (a tooltip, the CLI's --json) for those who ask. A test keeps this list and the engine's ids in step.
 */
export const RULE_NAMES: Record<string, { zh: string; en: string }> = {
  "R3-1": {
    zh: "收结平衡（新收＋结转＝办结＋结转下年）",
    en: "received and carried = handled and carried forward",
  },
  "R3-2": { zh: "各类申请人合计", en: "sum of applicant columns" },
  "R3-3": { zh: "办理结果合计", en: "sum of result rows" },
  "R4-1": { zh: "行政复议合计", en: "administrative review total" },
  "R4-2": { zh: "直接起诉合计", en: "direct lawsuit total" },
  "R4-3": { zh: "复议后起诉合计", en: "lawsuit after review total" },
  "T-NUMBER": { zh: "不是数字", en: "not a number" },
  "T-NEGATIVE": { zh: "负数", en: "negative number" },
  "T-WHOLE": { zh: "件数不是整数", en: "count not a whole number" },
  "W-NUMBER-FORM": { zh: "数字写法", en: "number written as text" },
  "W-BLANK": { zh: "空白格", en: "blank cells" },
  "W-MISSING": { zh: "缺少数据", en: "missing cells" },
  "W-RULEMAKING": { zh: "规章", en: "rules (规章)" },
  "W-FORMAT-YEAR": { zh: "表格版本", en: "format and year" },
  "W-CARRYOVER": { zh: "上年结转", en: "carried over" },
  "W-TEXT-NUMBER": { zh: "正文数字", en: "numbers in the text" },
  "W-SECTION-MISSING": { zh: "缺少正文部分", en: "missing section" },
  "W-SECTION-WORDING": { zh: "标题写法", en: "section heading" },
  "W-SECTION5-EMPTY": { zh: "存在的问题", en: "problems section" },
  "W-FEE-NOT-REPORTED": { zh: "信息处理费", en: "processing fee" },
  "W-INFORCE": { zh: "现行有效件数跨年", en: "documents in force across years" },
  "W-COPIED-TEXT": { zh: "内容雷同", en: "text copied" },
  "W-PUBLISHED-LATE": { zh: "发布逾期", en: "published late" },
  "I-STRAY": { zh: "多余的数字", en: "stray value" },
  "I-UNCERTAIN": { zh: "数字连在一起", en: "digits run together" },
  "I-MISSING-TABLE": { zh: "缺少表格", en: "missing table" },
  "I-MISSING-ROWS": { zh: "缺少行", en: "missing rows" },
  "I-TRUNCATED": { zh: "文本不完整", en: "text cut off" },
  "I-IMAGE-TABLES": { zh: "表格是图片", en: "tables as images" },
  "I-NO-TABLES": { zh: "没有统计表", en: "no tables" },
  "I-LABEL": { zh: "行标题写法", en: "row label" },
  "I-SECOND-REPORT": { zh: "文件里还有一份报告", en: "a second report follows" },
  "I-FORMAT-GUESS": { zh: "格式靠推断", en: "format guessed" },
};

/** The plain name of a rule or check; the id itself when it has none. */
export function ruleName(id: string, locale: Locale = "zh"): string {
  const name = RULE_NAMES[id];
  if (!name) return id;
  return locale === "zh" ? name.zh : name.en;
}

/** The short form for badges and lists: the name without its bracketed equation (R3-1 has one). */
export function ruleBadge(id: string, locale: Locale = "zh"): string {
  return ruleName(id, locale).replace(/（.*）$/, "");
}
