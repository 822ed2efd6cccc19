/**
 * The title facts of a published report: year and agency, from the title line (`五原县和胜乡2021年政府信息公开工作年度报告`,
 * `2022年上海市人民政府参事室政府信息公开工作年度报告`), the crawler's `标题:` line, an HTML <title>, a short line next to
 * the title naming the agency, or the statistical period stated in the text.
 */

export interface ReportMeta {
  title?: string;
  year?: number;
  agency?: string;
}

const REPORT_WORDS = /(政府信息公开|政务公开|信息公开)(工作)?(年度)?(报告|年报)/;
const ORG_SUFFIX =
  /(人民政府|政府|办公室|办公厅|办事处|委员会|管委会|局|厅|委|办|署|院|所|中心|镇|乡|街道|部|处|会|馆|站|队)$/;

function plausibleYear(y: number): boolean {
  return y >= 2007 && y <= 2100;
}

function cleanAgency(s: string): string | undefined {
  const a = s
    .replace(/^(标题|题目)\s*[:：]\s*/, "")
    .replace(/[\s"“”《》【】[\]]+/g, "")
    .replace(/^(关于)/, "")
    .replace(/(的|关于)$/, "");
  if (!a || a.length > 40 || /\d/.test(a)) return undefined;
  if (!/[\u4e00-\u9fff]{2,}/.test(a)) return undefined;
  return a;
}

/** Year and agency from one title string, when it has them. */
export function parseTitle(title: string): ReportMeta {
  const t = title
    .normalize("NFKC")
    .replace(/^(标题|题目)\s*[:：]\s*/, "")
    .trim();
  // "<agency><year>年(度)…政府信息公开工作年度报告"
  let m = /^(.*?)(\d{4})\s*年\s*(度)?\s*(.*?)(政府信息公开|政务公开|信息公开)/.exec(t);
  if (m && plausibleYear(Number(m[2]))) {
    const before = cleanAgency(m[1]);
    const after = cleanAgency(m[4]);
    return { title: t, year: Number(m[2]), agency: before ?? after };
  }
  m = /(\d{4})\s*年\s*度?/.exec(t);
  if (m && plausibleYear(Number(m[1])) && REPORT_WORDS.test(t))
    return { title: t, year: Number(m[1]) };
  return { title: t };
}

/** Title facts from the report text (and an optional title hint such as an HTML <title>). */
export function extractMeta(text: string, titleHint?: string): ReportMeta {
  // The first 80 lines with text (without splitting the whole text).
  const lines: string[] = [];
  for (let from = 0; from <= text.length && lines.length < 80;) {
    let to = text.indexOf("\n", from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    if (line) lines.push(line);
    from = to + 1;
  }
  const titles: { line: string; index: number }[] = [];
  if (titleHint) {
    for (const part of titleHint.split(/[_|｜\-—–]+/))
      if (REPORT_WORDS.test(part) || /年度报告/.test(part))
        titles.push({ line: part.trim(), index: -1 });
  }
  lines.forEach((line, index) => {
    if (/^(标题|题目)\s*[:：]/.test(line)) titles.unshift({ line, index });
    else if (line.length <= 80 && (REPORT_WORDS.test(line) || /年度报告$/.test(line)))
      titles.push({ line, index });
  });
  let meta: ReportMeta = {};
  for (const t of titles) {
    const parsed = parseTitle(t.line);
    if (!meta.title) meta.title = parsed.title;
    if (!meta.year && parsed.year) meta.year = parsed.year;
    if (!meta.agency && parsed.agency) meta.agency = parsed.agency;
    if (!meta.agency && parsed.year && t.index >= 0) {
      // A title without the agency: the agency often stands on its own line next to it.
      for (const j of [t.index + 1, t.index - 1]) {
        const l = lines[j];
        if (l && l.length <= 30 && !/\d/.test(l) && ORG_SUFFIX.test(l)) {
          meta.agency = cleanAgency(l);
          if (meta.agency) break;
        }
      }
    }
    if (meta.year && meta.agency) break;
  }
  const head = text.slice(0, 6000);
  if (!meta.year) {
    const period =
      /(\d{4})\s*年\s*1\s*月\s*1\s*日[^。\n]{0,12}?至\s*(\d{4})\s*年\s*12\s*月\s*31\s*日/.exec(
        head
      );
    if (period && plausibleYear(Number(period[2]))) meta.year = Number(period[2]);
  }
  for (const re of [
    /截[止至]\s*(\d{4})\s*年\s*12\s*月\s*31\s*日/,
    /(\d{4})\s*年度?\s*政府信息公开(?:工作)?(?:年度)?(?:情况)?(?:工作)?(?:年度)?报告/,
    /总体情况[\s\S]{0,30}?(\d{4})\s*年/,
  ]) {
    if (meta.year) break;
    const m = re.exec(head);
    if (m && plausibleYear(Number(m[1]))) meta.year = Number(m[1]);
  }
  if (!meta.agency) {
    // A township or street office named in the opening text: enough to know it cannot make 规章.
    const m = /([\u4e00-\u9fff]{2,10}?(?:街道办事处|镇人民政府|乡人民政府))/.exec(
      head.slice(0, 2500)
    );
    if (m) meta.agency = m[1].replace(/^(由|在|经|对|向|为|和|与|据|将|请|是|的)+/, "");
  }
  // Only the fields found, in the order found.
  const found: Record<string, unknown> = {};
  for (const key in meta) {
    const value = meta[key as keyof ReportMeta];
    if (value !== undefined) found[key] = value;
  }
  return found as ReportMeta;
}
