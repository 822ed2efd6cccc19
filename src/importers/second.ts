/**
 * Two reports in one file (two years pasted into one .txt, two copies of a report in one page): where the second
 * begins, so that only the first is read and the cells of one are never mixed with the title of the other.
 */

const TABLE3_FIRST = /一[、.]?\s*本年新收政府信息公开申请数量/g;
const TITLE =
  /(?:^|\n)[^\n]{0,60}?(?:19|20)\d\d\s*年度?[^\n]{0,40}?政府信息公开工作年度报告[^\n]{0,20}(?=\n|$)/g;
const OVERVIEW = /(?:^|\n)\s*一[、.]\s*总体情况/g;

/** Index in `text` where a second report starts, or undefined when the text holds one report. */
export function secondReportStart(text: string): number | undefined {
  const firstRows = [...text.matchAll(TABLE3_FIRST)].map((m) => m.index);
  if (firstRows.length < 2) return undefined;
  // Table 三 printed twice; the second must follow table 四 of the first (a repeated label in a narrative is not).
  const between = text.slice(firstRows[0], firstRows[1]);
  if (!/结果维持/.test(between)) return undefined;
  // The first such line after the first report's table 四 (its sections 五、六 come before the second's title).
  const t4 = text.indexOf("结果维持", firstRows[0]);
  const before = (re: RegExp) =>
    [...text.matchAll(re)]
      .map((m) => m.index + (m[0].startsWith("\n") ? 1 : 0))
      .find((i) => i > t4 && i < firstRows[1]);
  // The second report's own title, else its 一、总体情况, else its 二、 heading, else its table 三.
  return (
    before(TITLE) ??
    before(OVERVIEW) ??
    before(/(?:^|\n)\s*二[、.]\s*主动公开政府信息/g) ??
    firstRows[1]
  );
}

export const SECOND_REPORT_NOTE = {
  code: "I-SECOND-REPORT",
  message:
    "文件中在这份报告之后还有另一份报告（或同一报告的第二份副本）：只读取了第一份，第二份未读取、未与第一份混合，请分开核对。",
  en: "The file holds another report (or a second copy) after this one: only the first was read, the second was neither read nor mixed in — check it separately.",
};
