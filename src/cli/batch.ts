import { extname } from "node:path";
import type { Report } from "../report";

/** Consecutive years of one agency: names compared, reports paired (see src/cli/pairing.ts for the streaming side). */

export const extensionOf = (path: string) => extname(path).replace(/^\./, "").toLowerCase();

// ---------------------------------------------------------------------------------------------------------------
// Consecutive years of one agency

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

/**
 * For each report, last year's report of the same agency among `candidates` (same normalised agency name, year − 1),
 * when there is one: the first such in the order given. Reports without agency or year have none.
 */
export function pairPrevious<T extends { report: Report }>(
  items: readonly T[],
  candidates: readonly T[] = items
): Map<T, T> {
  const byKey = new Map<string, T>();
  for (const c of candidates) {
    const agency = normalizeAgency(c.report.agency);
    if (!agency || c.report.year === undefined) continue;
    const key = `${agency}|${c.report.year}`;
    if (!byKey.has(key)) byKey.set(key, c);
  }
  const out = new Map<T, T>();
  for (const item of items) {
    const agency = normalizeAgency(item.report.agency);
    if (!agency || item.report.year === undefined) continue;
    const prev = byKey.get(`${agency}|${item.report.year - 1}`);
    if (prev && prev !== item) out.set(item, prev);
  }
  return out;
}
