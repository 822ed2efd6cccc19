import { confront } from "../check";
import type { Finding } from "../findings";
import { FORMAT_IDS, getFormat } from "../format";
import type { Report } from "../report";
import { formatFinding } from "../messages";
import { normalizeAgency } from "./batch";
import {
  CROSS_YEAR_CELL,
  fromCompact,
  statusOf,
  type CheckedReport,
  type CompactReport,
} from "./pipeline";

/**
 * Consecutive years of one agency, paired while a folder streams past: every report leaves a compact record (its
 * facts and the cells the cross-year checks read); a report whose agency's report for the year before has been seen
 * gets the cross-year findings (W-CARRYOVER …) from the two compact records.
 *
 * The cross-year findings are those of the rules that give findings with last year's report and not without it,
 * found once on a made-up pair whose cross-year cells all differ: every check that reads `previous` (today
 * W-CARRYOVER) takes part without being listed here.
 */
export function crossYearFindings(current: CompactReport, previous: CompactReport): Finding[] {
  const rules = crossYearRules();
  return confront(fromCompact(current), {
    previous: fromCompact(previous),
    localize: false,
  }).findings.filter((f) => rules.has(f.rule));
}

let rulesCache: Set<string> | undefined;
function crossYearRules(): Set<string> {
  if (rulesCache) return rulesCache;
  rulesCache = new Set();
  for (const format of FORMAT_IDS) {
    const ids = getFormat(format).ids.filter(CROSS_YEAR_CELL);
    const made = (value: number, year: number) =>
      ({ format, year, agency: "某局", values: new Map(ids.map((id) => [id, value])) }) as Report;
    const now = made(1, 2023);
    const without = new Set(confront(now, { localize: false }).findings.map((f) => f.key));
    for (const f of confront(now, { previous: made(5, 2022), localize: false }).findings)
      if (!without.has(f.key)) rulesCache.add(f.rule);
  }
  return rulesCache;
}

/** Add the cross-year findings to a checked report's records (its counts and status follow). */
export function addCrossYear(
  checked: CheckedReport,
  findings: readonly Finding[],
  previousFile: string
): void {
  const { record } = checked;
  record.previous = previousFile;
  if (!findings.length) return;
  const model = getFormat(record.format as "2021" | "2019");
  for (const f of findings) {
    record.findings.push({
      rule: f.rule,
      severity: f.severity,
      message: formatFinding(model, f),
      cells: f.cells.map((c) => model.labels(c)),
      expected: f.expected,
      actual: f.actual,
      imbalance: f.imbalance,
      ...(f.explanation ? { explanation: f.explanation } : {}),
    });
    if (f.severity === "error") record.summary.errors++;
    else if (!f.explanation) record.summary.warnings++;
    checked.findings?.push(f);
  }
  if (record.status !== "unchecked") record.status = statusOf(record, true);
}

export const pairKey = (c: { agency?: string; year?: number }, yearOffset = 0) => {
  const agency = normalizeAgency(c.agency);
  return agency && c.year !== undefined ? `${agency}|${c.year + yearOffset}` : undefined;
};

/**
 * What `--previous` is, compared with the report it is given for: the differences that make the comparison
 * meaningless (another agency, not the year before) and those that make it doubtful (the other format, unknown
 * agency or year).
 */
export function previousMismatch(
  current: CompactReport,
  previous: CompactReport
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
