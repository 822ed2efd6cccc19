import { registerCheck, type Check, type CheckContext } from "./checks";
import type { CellRef } from "./format";
import { findingKey, type Finding, type FindingDetail } from "./findings";
import { bodyKind, daysBetween, deadline, FIRST_YEAR, publicationDates } from "./published";
import type { Report } from "./report";
import {
  fingerprint,
  narrativeOf,
  overlap,
  type Narrative,
  type TextFingerprint,
} from "./similarity";
import { reportScan } from "./text-checks";
import type { ReadValue } from "./values";

/**
 * The checks evaluators score and supervisors ask for, each its own id:
 *
 *   W-INFORCE          表二 across years: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数
 *   W-COPIED-TEXT      内容雷同: the narrative repeats last year's report, or another agency's of the same year
 *   W-PUBLISHED-LATE   the page's 发布日期 (or 成文日期 …) is after article 49's deadline
 */

function warning(
  rule: string,
  cells: CellRef[],
  line: string,
  rest: Partial<Finding> & { detail: FindingDetail }
): Finding {
  return {
    rule,
    severity: "warning",
    cells,
    expected: null,
    actual: null,
    imbalance: null,
    key: findingKey(rule, cells, line),
    ...rest,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// W-INFORCE

/** A number one can reason with: given, readable, not blank or a placeholder, not guessed by an importer. */
function solid(report: Report, ref: CellRef, read: ReadValue | undefined): number | undefined {
  if (!read || read.value === null) return undefined;
  if (read.status === "blank" || read.status === "placeholder") return undefined;
  if (report.uncertain?.has(`${ref.table}:${ref.row}:${ref.column}`)) return undefined;
  return read.value;
}

const EPS = 1e-7;

/**
 * The rows 规章 and 行政规范性文件 (2019: 规范性文件). Which columns stand for “in force”, “added” and “removed”
 * depends on the formats:
 * - 2021 after 2021: 现行有效 = last 现行有效 + 本年制发 − 本年废止 (equality);
 * - 2021 after 2019: 现行有效 ≤ last 对外公开总数量 + 本年制发 − 本年废止 (the 2019 total may still count documents
 *   since repealed or expired, so only this bound holds under every reading);
 * - 2019 after 2019: 对外公开总数量 ≤ last 对外公开总数量 + the larger of 本年新制作 and 本年新公开 (no column says what
 *   was repealed, so a total may fall, but it cannot grow by more than what was added);
 * - 2019 after 2021 (a 2020 report in the 2021 format's successor? never seen): not checked.
 */
const inForce: Check = {
  id: "W-INFORCE",
  severity: "warning",
  pairs: true,
  summary:
    "表二 across years: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数 (规章, 行政规范性文件)",
  run(ctx) {
    const prev = ctx.previous;
    if (!prev || !ctx.previousRead) return [];
    if (prev.format === "2021" && ctx.model.id === "2019") return [];
    const out: Finding[] = [];
    for (const row of ["rules", "normativeDocs"]) {
      const cur = (column: string) => {
        const ref: CellRef = { table: "二", row, column };
        return solid(ctx.report, ref, ctx.read(ref));
      };
      const before = (column: string) => {
        const ref: CellRef = { table: "二", row, column };
        return solid(prev, ref, ctx.previousRead!(ref));
      };
      const previous = before(prev.format === "2021" ? "inForce" : "publishedTotal");
      let current: number | undefined;
      let added: number | undefined;
      let removed: number | undefined;
      let cell: CellRef;
      if (ctx.model.id === "2021") {
        [current, added, removed] = [cur("inForce"), cur("issued"), cur("repealed")];
        cell = { table: "二", row, column: "inForce" };
      } else {
        const made = cur("newlyMade");
        const published = cur("newlyPublished");
        [current, added, removed] = [
          cur("publishedTotal"),
          made === undefined || published === undefined ? undefined : Math.max(made, published),
          0,
        ];
        cell = { table: "二", row, column: "publishedTotal" };
      }
      if ([previous, current, added, removed].some((v) => v === undefined)) continue;
      const expected = previous! + added! - removed!;
      const bound = prev.format === "2021" && ctx.model.id === "2021" ? "equal" : "atMost";
      const broken =
        bound === "equal" ? Math.abs(current! - expected) > EPS : current! > expected + EPS;
      if (!broken) continue;
      out.push(
        warning("W-INFORCE", [cell], row, {
          expected,
          actual: current!,
          imbalance: current! - expected,
          detail: {
            type: "inForce",
            row,
            previousYear: prev.year,
            previousFormat: prev.format,
            previous: previous!,
            added: added!,
            removed: removed!,
            current: current!,
            bound,
          },
        })
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// W-COPIED-TEXT

/**
 * Share of the narrative repeated above which a report is called copied: more than half of what the clerk wrote is
 * word for word (numbers aside) another report's. Measured on 32 reports of 5 departments of one 综合实验区 over
 * 2019–2025 and 4 of its government (test/fixtures/similarity/README.md): consecutive years of one department repeat
 * 0–0.59 of the narrative when rewritten and 0.83–0.94 when carried over with new numbers; different departments of
 * the same year (same county, same local template) at most 0.18. 0.5 sits well above any two agencies' shared
 * wording and flags every carried-over narrative.
 */
export const COPIED_SHARE = 0.5;
/** Narratives shorter than this (characters, numbers as one) are too short to call copied: a report that says 无. */
export const MIN_NARRATIVE = 200;
/** Passages shown in the message. */
const SHOWN = 3;

/**
 * The narratives of the last few texts, by the text itself: a folder check compares a report with the others of its
 * year right after checking it, through a report rebuilt from what it keeps (src/cli/pairing.ts) — the same text,
 * another report object.
 */
const narratives = new Map<string, Narrative>();
// A folder check holds at most 64 reports back (src/cli/check.ts WINDOW); an earlier peer is compared again while it
// is held. About 60 KB a narrative: under 8 MB, whatever the folder's size.
const NARRATIVES_KEPT = 128;
/**
 * Forget the narratives kept (for benchmarks that read the same reports again and again: a folder's reports are read
 * once each, and should be measured so).
 */
export function forgetNarratives(): void {
  narratives.clear();
}

function narrativeFor(report: Report): Narrative | undefined {
  const text = report.text;
  if (!text) return undefined;
  let narrative = narratives.get(text);
  if (!narrative) {
    narrative = narrativeOf(text, reportScan(report));
    if (narratives.size >= NARRATIVES_KEPT) narratives.delete(narratives.keys().next().value!);
    narratives.set(text, narrative);
  }
  return narrative;
}

/** A report's fingerprint, cached with the report (a batch asks for it once per report). */
const fingerprints = new WeakMap<Report, { text: string; fp: TextFingerprint }>();
export function reportFingerprint(report: Report): TextFingerprint | undefined {
  const text = report.text;
  if (!text) return undefined;
  const cached = fingerprints.get(report);
  if (cached && cached.text === text) return cached.fp;
  const fp = fingerprint(narrativeFor(report)!);
  fingerprints.set(report, { text, fp });
  return fp;
}

const copiedText: Check = {
  id: "W-COPIED-TEXT",
  severity: "warning",
  pairs: true,
  summary:
    "内容雷同: more than half the narrative (一、五、六, numbers aside) repeats last year's report or another agency's",
  run(ctx: CheckContext) {
    const narrative = narrativeFor(ctx.report);
    if (!narrative || narrative.norm.length < MIN_NARRATIVE) return [];
    const out: Finding[] = [];
    const previous =
      ctx.previousText ?? (ctx.previous ? reportFingerprint(ctx.previous) : undefined);
    const compare = (
      fp: TextFingerprint,
      source: "previous" | "peer",
      other?: string,
      otherYear?: number
    ) => {
      if (fp.length < MIN_NARRATIVE) return;
      const o = overlap(narrative, fp);
      if (o.share <= COPIED_SHARE) return;
      out.push(
        warning("W-COPIED-TEXT", [], `${source}|${other ?? ""}`, {
          actual: Math.round(o.share * 100) / 100,
          detail: {
            type: "copied",
            source,
            ...(other ? { other } : {}),
            ...(otherYear !== undefined ? { otherYear } : {}),
            share: o.share,
            repeated: o.repeated,
            length: o.length,
            passages: o.passages.slice(0, SHOWN),
          },
        })
      );
    };
    if (previous) compare(previous, "previous", undefined, ctx.previous?.year);
    for (const peer of ctx.peers ?? []) compare(peer.fingerprint, "peer", peer.agency, peer.year);
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// W-PUBLISHED-LATE

const publishedLate: Check = {
  id: "W-PUBLISHED-LATE",
  severity: "warning",
  summary:
    "the page's 发布日期 / 发布时间 / 发文日期 / 成文日期 is after 条例 第四十九条's deadline: 1月31日 for departments, 3月31日 for governments",
  run(ctx) {
    const { year, text } = ctx.report;
    // Reports for 2018 and before were published under the 2007 条例, whose deadline was different: not checked.
    if (year === undefined || year < FIRST_YEAR || !text) return [];
    const kind = bodyKind(ctx.report.level, ctx.report.agency);
    if (kind === "none") return [];
    const dates = publicationDates(text, reportScan(ctx.report)).filter(
      (d) => Number(d.date.slice(0, 4)) > year
    );
    if (dates.length === 0) return [];
    const latest = dates.reduce((a, b) => (b.date > a.date ? b : a));
    const due = deadline(year, kind);
    if (latest.date <= due) return [];
    return [
      warning("W-PUBLISHED-LATE", [], latest.label, {
        detail: {
          type: "late",
          label: latest.label,
          date: latest.date,
          deadline: due,
          days: daysBetween(due, latest.date),
          body: kind,
        },
      }),
    ];
  },
};

export const SUPERVISOR_CHECKS: readonly Check[] = [inForce, copiedText, publishedLate];
for (const check of SUPERVISOR_CHECKS) registerCheck(check);
