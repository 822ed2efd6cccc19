import { inferLevel, type AgencyLevel } from "./report";
import { nfkc } from "./chars";
import { scanSections, type SectionScan } from "./text-checks";

/**
 * When a report was published, and by when it had to be.
 *
 * 《中华人民共和国政府信息公开条例》（2019年修订）第四十九条:
 *   “县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作
 *   年度报告并向社会公布。
 *   县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作
 *   年度报告。”
 * So a department of a government at county level or above (国务院部门 included) publishes by 31 January, a
 * government's report (published by its 主管部门, the 办公厅/办公室) by 31 March. The article sets no date for
 * townships and streets (乡镇、街道): their reports are never called late here. A body whose kind cannot be told
 * from its level or name is held to the later date, 31 March: later than that, the report is late whichever kind of
 * body published it. “1月31日前” is read as including 31 January.
 *
 * The date is taken only from a label of the page (发布日期, 发布时间, 发文日期, 成文日期, 印发日期, followed by a colon
 * and the date) that stands before the report's first section: the page's header or its 政府信息公开 metadata table,
 * never a date in the narrative (“对规范性文件成文日期、发布日期…进行规范标注”) or the signature's date. 成文日期 and
 * 发文日期 are when the document was signed or issued, never after it was published: a late one proves a late
 * publication. When the page gives several, the latest is taken (each is no later than the publication).
 */

export type BodyKind = "department" | "government" | "unknown";

export interface PublicationDate {
  /** The label as printed: 发布日期, 发布时间, 发文日期, 成文日期, 印发日期. */
  label: string;
  /** yyyy-mm-dd */
  date: string;
}

const LABELLED_DATE =
  /(发布日期|发布时间|发文日期|成文日期|印发日期)[ \t\u3000]*[:：][ \t\u3000]*(\d{4})[ \t\u3000]*[-/.年][ \t\u3000]*(\d{1,2})[ \t\u3000]*[-/.月][ \t\u3000]*(\d{1,2})(?!\d)/g;

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Where the report proper begins in `text` (NFKC): its first section heading (一、总体情况 …), or undefined. */
function bodyStart(text: string, scan?: SectionScan): number | undefined {
  const first = (scan ?? scanSections(text)).sections.find((s) => s !== undefined);
  if (!first) return undefined;
  // The heading was found in the compact text; find it in the original, whose spaces and NFKC forms may differ.
  const m = headingPattern(first.heading).exec(text);
  return m ? m.index : undefined;
}

/** A heading with anything the compact text leaves out allowed between its characters; built once per heading. */
const HEADING_PATTERNS = new Map<string, RegExp>();
function headingPattern(heading: string): RegExp {
  let re = HEADING_PATTERNS.get(heading);
  if (!re) {
    const chars = [...heading].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    re = new RegExp(chars.join("[\\s\\u3000|“”\"'‘’]*"));
    if (HEADING_PATTERNS.size >= 256) HEADING_PATTERNS.clear();
    HEADING_PATTERNS.set(heading, re);
  }
  return re;
}

/** The labelled dates a page gives before the report's first section; empty when the page gives none. */
export function publicationDates(text: string, scan?: SectionScan): PublicationDate[] {
  const normal = nfkc(text);
  const start = bodyStart(normal, scan);
  // Without a section heading the header can still be told: the first lines of the page, where crawlers and CMS
  // pages put it (a report without headings is usually an excerpt).
  const head = normal.slice(0, start ?? 600);
  const out: PublicationDate[] = [];
  for (const m of head.matchAll(LABELLED_DATE)) {
    const [y, mo, d] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (!validDate(y, mo, d)) continue;
    out.push({ label: m[1], date: iso(y, mo, d) });
  }
  return out;
}

const DEPARTMENT_LEVELS: readonly AgencyLevel[] = [
  "县级部门",
  "市级部门",
  "省级部门",
  "国务院部门",
];
const GOVERNMENT_LEVELS: readonly AgencyLevel[] = ["县级政府", "市级政府", "省级政府"];

/** What article 49 makes of the publishing body: a department, a government, or a body it cannot tell. */
export function bodyKind(
  level: AgencyLevel | undefined,
  agency: string | undefined
): BodyKind | "none" {
  const l = level ?? inferLevel(agency);
  if (l === "乡镇" || l === "街道") return "none";
  if (l && DEPARTMENT_LEVELS.includes(l)) return "department";
  if (l && GOVERNMENT_LEVELS.includes(l)) return "government";
  const name = (agency ?? "").replace(/[（(][^）)]*[）)]/g, "").replace(/\s+/g, "");
  // 某街道办 / 某镇政府 / 某乡人民政府办公室: township and street bodies, whatever the suffix.
  if (/(乡|镇|街道)(人民政府|政府|办事处|办)?(办公室)?$/.test(name)) return "none";
  if (/(人民政府|政府)$/.test(name)) return "government";
  if (/(局|委员会|委|办公室|办公厅|厅|署|办)$/.test(name)) return "department";
  return "unknown";
}

/** Article 49 as revised in 2019 (in force from 2019-05-15) governs reports for 2019 onwards. */
export const FIRST_YEAR = 2019;

/** The last day of publication article 49 allows for a report of `year` (inclusive), yyyy-mm-dd. */
export function deadline(year: number, kind: BodyKind): string {
  return kind === "department" ? iso(year + 1, 1, 31) : iso(year + 1, 3, 31);
}

/** Whole days from `from` to `to` (yyyy-mm-dd). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
