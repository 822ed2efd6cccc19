import type { Report } from "../report";
import { SimilarityIndex, type PeerText } from "../similarity";
import { reportFingerprint } from "../supervisor-checks";
import { normalizeAgency } from "./batch";

/**
 * 内容雷同 across agencies in a folder: for each report, the reports of the same year by other agencies whose
 * narratives LSH proposes as alike (W-COPIED-TEXT then measures each exactly). All reports are indexed first, so a
 * pair is compared from both sides. A streaming batch does the same one report at a time: `similar` before `add`,
 * and the pair is then reported on the later of the two.
 */
export function findPeers<T extends { file: string; report: Report }>(
  items: readonly T[]
): Map<T, PeerText[]> {
  const index = new SimilarityIndex<T>();
  const keyOf = (r: Report) => normalizeAgency(r.agency);
  for (const item of items) {
    const agency = keyOf(item.report);
    const fp = reportFingerprint(item.report);
    if (agency && item.report.year !== undefined && fp)
      index.add(item, agency, item.report.year, fp);
  }
  const out = new Map<T, PeerText[]>();
  if (index.size < 2) return out;
  for (const item of items) {
    const agency = keyOf(item.report);
    const fp = reportFingerprint(item.report);
    if (!agency || item.report.year === undefined || !fp) continue;
    const peers = index.similar(agency, item.report.year, fp).map((p) => ({
      agency: p.report.agency ?? p.file,
      file: p.file,
      year: p.report.year,
      fingerprint: reportFingerprint(p.report)!,
    }));
    if (peers.length) out.set(item, peers);
  }
  return out;
}
