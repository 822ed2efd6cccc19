import { getFormat, type FormatId } from "./format";
import type { AgencyLevel, Report } from "./report";
import type { TextFingerprint } from "./similarity";
import { reportFingerprint } from "./supervisor-checks";
import type { RawValue } from "./values";

/**
 * What a streaming batch keeps of each report for the checks that read another report (last year's, or another
 * agency's of the same year): the title facts, the cells the cross-year checks read (表二; 表三 上年结转 and
 * 结转下年度, for W-CARRYOVER and W-INFORCE), which of them an importer guessed, the clerk's 说明, and the narrative's
 * fingerprint (W-COPIED-TEXT) — not the text, not the other cells. Plain data: it crosses the worker-thread boundary.
 * Pass it back as `confront(next, { previous: pairedReport(record), previousText: record.text })`.
 */
export interface PairingRecord {
  format: FormatId;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  /** The values of pairedIds(format), in that order; undefined where the report does not give the cell. */
  cells: (RawValue | undefined)[];
  /** Kept cells an importer guessed (not solid enough to reason with across years). */
  uncertain?: string[];
  explanations?: Record<string, string>;
  /** The narrative's fingerprint, when the report has text. */
  text?: TextFingerprint;
}

/** Cells the cross-year checks read (of this year's report and of last year's). */
const PAIRED_CELL = (id: string) =>
  id.startsWith("二:") || id.startsWith("三:carried:") || id.startsWith("三:next:");

const idCache = new Map<FormatId, string[]>();
export function pairedIds(format: FormatId): string[] {
  let ids = idCache.get(format);
  if (!ids) idCache.set(format, (ids = getFormat(format).ids.filter(PAIRED_CELL)));
  return ids;
}

export function pairingRecord(report: Report): PairingRecord {
  const ids = pairedIds(report.format);
  const uncertain = [...(report.uncertain ?? [])].filter(PAIRED_CELL);
  const text = reportFingerprint(report);
  return {
    format: report.format,
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    ...(report.level !== undefined ? { level: report.level } : {}),
    cells: ids.map((id) => report.values.get(id)),
    ...(uncertain.length ? { uncertain } : {}),
    ...(report.explanations ? { explanations: report.explanations } : {}),
    ...(text ? { text } : {}),
  };
}

/** The record as a Report (only the kept cells), with the report's text when it is still at hand. */
export function pairedReport(record: PairingRecord, text?: string): Report {
  const ids = pairedIds(record.format);
  const values = new Map<string, RawValue>();
  record.cells.forEach((v, i) => {
    if (v !== undefined) values.set(ids[i], v);
  });
  return {
    format: record.format,
    ...(record.year !== undefined ? { year: record.year } : {}),
    ...(record.agency !== undefined ? { agency: record.agency } : {}),
    ...(record.level !== undefined ? { level: record.level } : {}),
    values,
    ...(record.uncertain ? { uncertain: new Set(record.uncertain) } : {}),
    ...(record.explanations ? { explanations: record.explanations } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

/** An agency name in a form that two years' reports share: NFKC, no spaces, punctuation or bracketed asides. */
export function normalizeAgency(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let n = name.normalize("NFKC").replace(/[\s\u3000]+/g, "");
  n = n.replace(/[(（][^)）]*[)）]/g, "");
  n = n.replace(/[“”"'‘’《》〈〉「」『』.,，。、·:：;；\-—_]/g, "");
  // 某镇人民政府 and 某镇 are the same body; so are 某县人民政府 and 某县政府.
  n = n.replace(/(乡|镇|县|区|市|州|盟|旗|省)(人民)?政府$/, "$1");
  n = n.replace(/^(中共)?/, "");
  return n || undefined;
}

/** The key that pairs a report with another agency-year: its normalised agency and year (+ offset). */
export const pairKey = (c: { agency?: string; year?: number }, yearOffset = 0) => {
  const agency = normalizeAgency(c.agency);
  return agency && c.year !== undefined ? `${agency}|${c.year + yearOffset}` : undefined;
};
