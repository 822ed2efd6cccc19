import type { Finding } from "../findings";
import { FORMAT_IDS, getFormat } from "../format";
import { checkImported } from "../importers";
import { normalizeAgency, pairedIds, pairedReport, type PairingRecord } from "../pairing";
import type { Report } from "../report";
import type { PeerText } from "../similarity";
import { reportFingerprint } from "../supervisor-checks";
import { findingOutput } from "../output";
import { statusOf, type CheckedReport } from "./pipeline";

/**
 * Reports compared with other reports while a folder streams past: every report leaves a compact record
 * (src/pairing.ts); a report whose agency's report for the year before has been seen, or whose narrative resembles
 * another agency's of the same year, gets the findings that need the other report (W-CARRYOVER, W-INFORCE,
 * W-COPIED-TEXT …) from its compact record, its text while it is at hand, and the other's compact record.
 *
 * Those findings are the ones of rules that give findings with the other report and not without it, found once on a
 * made-up pair whose cross-year cells all differ and whose narratives are the same: every check that reads
 * `previous`, `previousText` or `peers` takes part without being listed here.
 */
export function pairedFindings(
  current: PairingRecord,
  text: string | undefined,
  other: { previous?: PairingRecord; peers?: readonly PeerText[] }
): Finding[] {
  const rules = pairedRules();
  return checkImported(pairedReport(current, text), {
    ...(other.previous
      ? { previous: pairedReport(other.previous), previousText: other.previous.text }
      : {}),
    ...(other.peers ? { peers: other.peers } : {}),
    localize: false,
    pairedOnly: true,
  }).findings.filter((f) => rules.has(f.rule));
}

/** A made-up narrative long enough to be compared (distinct characters, no section headings). */
const PROBE_TEXT = Array.from({ length: 400 }, (_, i) =>
  String.fromCharCode(0x4e00 + ((i * 37) % 4000))
).join("");

let rulesCache: Set<string> | undefined;
function pairedRules(): Set<string> {
  if (rulesCache) return rulesCache;
  rulesCache = new Set();
  for (const format of FORMAT_IDS) {
    const ids = pairedIds(format);
    const made = (value: number, year: number) =>
      ({
        format,
        year,
        agency: "某局",
        values: new Map(ids.map((id) => [id, value])),
        text: PROBE_TEXT,
      }) as Report;
    const now = made(1, 2023);
    const before = made(5, 2022);
    const without = new Set(checkImported(now, { localize: false }).findings.map((f) => f.key));
    const peer = { agency: "另一局", year: 2023, fingerprint: reportFingerprint(before)! };
    for (const options of [{ previous: before }, { peers: [peer] }])
      for (const f of checkImported(now, { ...options, localize: false }).findings)
        if (!without.has(f.key)) rulesCache.add(f.rule);
  }
  return rulesCache;
}

/** Add findings against other reports to a checked report's records (its counts and status follow). */
export function addPairedFindings(checked: CheckedReport, findings: readonly Finding[]): void {
  const { record } = checked;
  if (!findings.length) return;
  const model = getFormat(record.format as "2021" | "2019");
  for (const f of findings) {
    record.findings.push(findingOutput(model, f));
    if (f.severity === "error") record.summary.errors++;
    else if (!f.explanation) record.summary.warnings++;
    checked.findings?.push(f);
  }
  if (record.status !== "unchecked") record.status = statusOf(record, true);
}

/**
 * What `--previous` is, compared with the report it is given for: the differences that make the comparison
 * meaningless (another agency, not the year before) and those that make it doubtful (the other format, unknown
 * agency or year).
 */
export function previousMismatch(
  current: PairingRecord,
  previous: PairingRecord
): { refuse?: string; warn?: string } {
  const a = normalizeAgency(current.agency);
  const b = normalizeAgency(previous.agency);
  if (a && b && a !== b)
    return {
      refuse: `上年报告是另一个单位的（上年报告：${previous.agency}；本报告：${current.agency}），未比较`,
    };
  if (
    current.year !== undefined &&
    previous.year !== undefined &&
    previous.year !== current.year - 1
  )
    return {
      refuse: `上年报告是 ${previous.year} 年度的，本报告是 ${current.year} 年度（应为 ${current.year - 1} 年度），未比较`,
    };
  const warnings: string[] = [];
  if (previous.format !== current.format && !(previous.format === "2019" && current.year === 2021))
    warnings.push(
      `上年报告用 ${previous.format} 年版格式，本报告用 ${current.format} 年版格式（已按相同的行列比较）`
    );
  if (!a || !b) warnings.push("有一份报告没有写单位名称，无法确认是同一单位");
  if (current.year === undefined || previous.year === undefined)
    warnings.push("有一份报告没有写年度，无法确认是上一年度");
  return warnings.length ? { warn: warnings.join("；") } : {};
}
