import type { Confrontation } from "./check";
import type { Finding } from "./findings";
import { cellId, type CellRef, type FormatModel } from "./format";
import { modelOf } from "./report";
import { formatFinding, formatFix, type Locale } from "./messages";
import type { Report } from "./report";
import type { RawValue } from "./values";

/**
 * The check result as the JSON document of `nianbao check --json` (one entry of "reports"): cells addressed by the
 * official labels, like the interchange format.
 */
export interface CellLabels {
  table: string;
  row: string;
  column: string;
}

export interface ReportOutput {
  file: string;
  format: string;
  year: number | null;
  agency: string | null;
  findings: {
    rule: string;
    severity: "error" | "warning";
    message: string;
    cells: CellLabels[];
    expected: number | null;
    actual: number | null;
    imbalance: number | null;
    explanation?: string;
    /** What W-COPIED-TEXT and W-PUBLISHED-LATE measured, for tools that read the JSON. */
    evidence?: Record<string, unknown>;
  }[];
  fixes: {
    changes: (CellLabels & { from: RawValue; to: number; slip?: string })[];
    resolves: string[];
    certainty: string;
    group: number;
    message: string;
  }[];
  summary: { errors: number; warnings: number };
  cells?: (CellLabels & { value: RawValue; uncertain?: true })[];
}

export function reportOutput(
  file: string,
  result: Confrontation,
  options: { cells?: boolean; locale?: Locale } = {}
): ReportOutput {
  const { model, report } = result;
  const labels = (c: CellRef): CellLabels => model.labels(c);
  const out: ReportOutput = {
    file,
    format: report.format,
    year: report.year ?? null,
    agency: report.agency ?? null,
    findings: result.findings.map((f) => findingOutput(model, f, options.locale)),
    fixes: result.fixes.map((fix) => ({
      changes: fix.changes.map((c) => ({
        ...labels(c.cell),
        from: c.from,
        to: c.to,
        ...(c.slip ? { slip: c.slip } : {}),
      })),
      resolves: fix.resolves,
      certainty: fix.certainty,
      group: fix.group,
      message: formatFix(model, fix, result.fixes, options.locale),
    })),
    summary: { errors: result.errors().length, warnings: result.warnings().length },
  };
  if (options.cells) out.cells = cellsOutput(report);
  return out;
}

/** One finding as the JSON prints it. */
export function findingOutput(
  model: FormatModel,
  f: Finding,
  locale?: Locale
): ReportOutput["findings"][number] {
  return {
    rule: f.rule,
    severity: f.severity,
    message: formatFinding(model, f, locale),
    cells: f.cells.map((c) => model.labels(c)),
    expected: f.expected,
    actual: f.actual,
    imbalance: f.imbalance,
    ...(f.explanation ? { explanation: f.explanation } : {}),
    ...evidenceOf(f),
  };
}

function evidenceOf(f: Finding): { evidence?: Record<string, unknown> } {
  const d = f.detail;
  if (d.type === "copied")
    return {
      evidence: {
        compared: d.source === "previous" ? "previousYear" : "sameYear",
        ...(d.other ? { agency: d.other } : {}),
        ...(d.otherYear !== undefined ? { year: d.otherYear } : {}),
        share: Math.round(d.share * 1000) / 1000,
        passages: d.passages,
      },
    };
  if (d.type === "late")
    return { evidence: { label: d.label, date: d.date, deadline: d.deadline, daysLate: d.days } };
  return {};
}

export function cellsOutput(report: Report): NonNullable<ReportOutput["cells"]> {
  const model = modelOf(report);
  return model.cells
    .filter((c) => report.values.has(cellId(c)))
    .map((c) => {
      const id = cellId(c);
      return {
        ...model.labels(c),
        value: report.values.get(id)!,
        ...(report.uncertain?.has(id) ? { uncertain: true as const } : {}),
      };
    });
}
