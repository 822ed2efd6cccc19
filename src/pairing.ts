import { cellId, getFormat } from "./format";
import type { Report } from "./report";
import type { TextFingerprint } from "./similarity";
import { reportFingerprint } from "./supervisor-checks";

/**
 * What a streaming batch keeps of each report for the cross-year checks of next year's report: the title facts, the
 * few cells those checks read (表三 四、结转下年度继续办理 for W-CARRYOVER; 表二 规章 and 行政规范性文件 for
 * W-INFORCE), which of them an importer guessed, and the narrative's fingerprint (W-COPIED-TEXT) — not the text, not
 * the other ~190 cells. Pass it back as `confront(next, { previous: record.report, previousText: record.text })`.
 */
export interface PairingRecord {
  report: Report;
  text?: TextFingerprint;
}

/** Cells a later year's checks read from this report. */
function kept(id: string): boolean {
  return (
    id.startsWith("三:next:") || id.startsWith("二:rules:") || id.startsWith("二:normativeDocs:")
  );
}

export function pairingRecord(report: Report): PairingRecord {
  const model = getFormat(report.format);
  const values = new Map<string, Report["values"] extends Map<string, infer V> ? V : never>();
  for (const cell of model.cells) {
    const id = cellId(cell);
    if (kept(id) && report.values.has(id)) values.set(id, report.values.get(id)!);
  }
  const uncertain = [...(report.uncertain ?? [])].filter(kept);
  const compact: Report = {
    format: report.format,
    values,
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    ...(report.level !== undefined ? { level: report.level } : {}),
    ...(uncertain.length ? { uncertain: new Set(uncertain) } : {}),
  };
  const text = reportFingerprint(report);
  return { report: compact, ...(text ? { text } : {}) };
}
