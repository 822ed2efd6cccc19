import { FORMAT_IDS, type FormatId, type TableId } from "../format";

/** What the .xlsx writer stores in a workbook so the reader finds the report again; shared by write.ts and read.ts. */

/** Workbook-level defined names, each covering one official table (labels, headers, entry cells). */
export const TABLE_NAMES: Record<TableId, string> = {
  二: "Nianbao_T2",
  三: "Nianbao_T3",
  四: "Nianbao_T4",
};

export const META_PREFIX = "Nianbao";

export interface Meta {
  format: FormatId;
  year?: number;
  agency?: string;
}

/** The core-property `subject` text: `Nianbao|2021|2025|某局` (year and agency may be empty). */
export function metaText(meta: Meta): string {
  return [META_PREFIX, meta.format, meta.year ?? "", meta.agency ?? ""].join("|");
}

export function parseMeta(text: string | undefined): Meta | undefined {
  if (!text) return undefined;
  const parts = text.trim().split("|");
  if (parts[0] !== META_PREFIX || parts.length < 2) return undefined;
  const format = parts[1] as FormatId;
  if (!FORMAT_IDS.includes(format)) return undefined;
  const year = /^\d{4}$/.test(parts[2] ?? "") ? Number(parts[2]) : undefined;
  const agency = parts.slice(3).join("|").trim() || undefined;
  return { format, ...(year ? { year } : {}), ...(agency ? { agency } : {}) };
}

/** A defined name's range text (`'2025年报'!$A$5:$F$18`, `Sheet1!A5`) as a sheet name and a 0-based rectangle. */
export function parseRangeRef(
  text: string
): { sheet?: string; top: number; left: number; bottom: number; right: number } | undefined {
  const m =
    /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(
      text.trim()
    );
  if (!m) return undefined;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const col = (letters: string) =>
    [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const top = Number(m[4]) - 1;
  const left = col(m[3]);
  const bottom = m[6] ? Number(m[6]) - 1 : top;
  const right = m[5] ? col(m[5]) : left;
  return {
    ...(sheet !== undefined ? { sheet } : {}),
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}
