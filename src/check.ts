import { cellId, type CellRef, type FormatModel, type TableId } from "./format";
import { CHECKS, type CheckContext } from "./checks";
// The checks against the published text register themselves beside the others (they run only when report.text is set).
import "./text-checks";
// The checks supervisors and evaluators score (表二 across years, 内容雷同, publication date) register likewise.
import "./supervisor-checks";
import type { Finding } from "./findings";
import { downgradeGuesses } from "./guesses";
import { localize, type Fix } from "./localize";
import { modelOf, type Report } from "./report";
import { ruleInstances, type RuleInstance } from "./rules";
import type { PeerText, TextFingerprint } from "./similarity";
import { readValue, type ReadValue } from "./values";

export interface CheckOptions {
  /** Last year's report of the same agency, for the carry-over check. */
  previous?: Report;
  /** Last year's narrative as a fingerprint, when the batch kept only that (else taken from `previous.text`). */
  previousText?: TextFingerprint;
  /** Other agencies' reports of the same year to compare the narrative with (a folder's SimilarityIndex finds them). */
  peers?: readonly PeerText[];
  /** Largest set of typed cells the localizer tries (default 5; blank totals do not count). */
  maxFixSize?: number;
  /** Skip localization (when only the findings are needed, e.g. a live count in a cell). */
  localize?: boolean;
  /** Check only these tables (a custom function given one table); findings about the others are left out. */
  tables?: readonly TableId[];
  /** Run only the checks that read another report (a folder check pairing reports it has already checked). */
  pairedOnly?: boolean;
}

/**
 * The result of confronting a report with the rules (after R's validate::confront): read it through its accessors.
 */
export class Confrontation {
  constructor(
    readonly report: Report,
    readonly model: FormatModel,
    /** Every finding, hard errors first in rule order. */
    readonly findings: readonly Finding[],
    /** Suggested fixes, best first (each group's best, then alternatives). */
    readonly fixes: readonly Fix[],
    /** What each cell of `model.cells` was read as, by position; undefined when the report does not give it. */
    private readonly reads: readonly (ReadValue | undefined)[]
  ) {}

  errors(): Finding[] {
    return this.findings.filter((f) => f.severity === "error");
  }

  /** Warnings the clerk has not explained. */
  warnings(): Finding[] {
    return this.findings.filter((f) => f.severity === "warning" && !f.explanation);
  }

  explained(): Finding[] {
    return this.findings.filter((f) => f.explanation);
  }

  /** True when no hard rule is broken. */
  passes(): boolean {
    return this.errors().length === 0;
  }

  summary(): { errors: number; warnings: number; explained: number } {
    return {
      errors: this.errors().length,
      warnings: this.warnings().length,
      explained: this.explained().length,
    };
  }

  byRule(rule: string): Finding[] {
    return this.findings.filter((f) => f.rule === rule);
  }

  /** Findings that name a cell. */
  forCell(ref: CellRef): Finding[] {
    const id = cellId(ref);
    return this.findings.filter((f) => f.cells.some((c) => cellId(c) === id));
  }

  /** Fixes that change a cell. */
  fixesFor(ref: CellRef): Fix[] {
    const id = cellId(ref);
    return this.fixes.filter((f) => f.changes.some((c) => cellId(c.cell) === id));
  }

  /** What a cell was read as; undefined when the report does not give it. */
  read(ref: CellRef): ReadValue | undefined {
    return this.model.hasCell(ref) ? this.reads[this.model.indexOf(ref)] : undefined;
  }

  /** Every given cell with what it was read as, in the format's order. */
  values(): { cell: CellRef; read: ReadValue }[] {
    return this.model.cells.flatMap((cell, i) =>
      this.reads[i] ? [{ cell, read: this.reads[i]! }] : []
    );
  }
}

/** What each cell of the format holds in the report, by position in `model.cells`; undefined when not given. */
function readAll(report: Report, model: FormatModel): (ReadValue | undefined)[] {
  return model.ids.map((id) => {
    const raw = report.values.get(id);
    return raw !== undefined || report.values.has(id) ? readValue(raw ?? null) : undefined;
  });
}

/**
 * A negative count that no equation fix covers (table 二 has no sum rules): the clerk's sign slip, -1 typed for 1, as a
 * fix of its own.
 */
function signSlips(findings: readonly Finding[], fixes: readonly Fix[]): Fix[] {
  const changed = new Set(fixes.flatMap((f) => f.changes.map((c) => cellId(c.cell))));
  let group = Math.max(0, ...fixes.map((f) => f.group));
  return findings
    .filter((f) => f.rule === "T-NEGATIVE" && !changed.has(cellId(f.cells[0])))
    .map((f) => ({
      changes: [
        {
          cell: f.cells[0],
          from: f.detail.type === "value" ? f.detail.raw : f.actual,
          to: -(f.actual ?? 0),
          slip: "sign" as const,
        },
      ],
      resolves: ["T-NEGATIVE"],
      cost: 1,
      certainty: "unique" as const,
      group: ++group,
      rank: 1,
    }));
}

/** Check a report against every rule and warning of its format; never throws on user data. */
export function confront(report: Report, options: CheckOptions = {}): Confrontation {
  const model = modelOf(report);
  const reads = readAll(report, model);
  const read = (ref: CellRef) => (model.hasCell(ref) ? reads[model.indexOf(ref)] : undefined);
  const instances = ruleInstances(model);
  // Which equations have every cell given, and which of those every cell readable: decided once per report.
  const present: RuleInstance[] = [];
  const checkable = new Set<RuleInstance>();
  for (const inst of instances) {
    let given = true;
    let readable = true;
    for (const positions of [inst.leftIndex, inst.rightIndex])
      for (const i of positions) {
        const r = reads[i];
        if (r === undefined) given = false;
        else if (r.value === null) readable = false;
      }
    if (!given) continue;
    present.push(inst);
    if (readable) checkable.add(inst);
  }
  const ctx: CheckContext = {
    model,
    report,
    read,
    reads,
    instances,
    checkable: (inst) => checkable.has(inst),
    previousText: options.previousText,
    peers: options.peers,
  };
  if (options.previous) {
    const previousModel = modelOf(options.previous);
    const previousReads = readAll(options.previous, previousModel);
    ctx.previous = options.previous;
    ctx.previousRead = (ref) =>
      previousModel.hasCell(ref) ? previousReads[previousModel.indexOf(ref)] : undefined;
  }
  const only = options.tables;
  const inScope = (f: Finding) =>
    !only ||
    (f.detail.type === "missing" || f.detail.type === "blank"
      ? only.includes(f.detail.table)
      : f.cells.length === 0 || f.cells.some((c) => only.includes(c.table)));
  const checks = options.pairedOnly ? CHECKS.filter((c) => c.pairs) : CHECKS;
  const findings = checks.flatMap((check) => check.run(ctx)).filter(inScope);
  const unverified = downgradeGuesses(report, model, reads, instances, findings);
  // A downgraded rule moves among the warnings (errors stay first, in rule order).
  if (unverified.size)
    findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  // (Most reports explain nothing: a finding's key, a long string, is then not looked up at all.)
  const explanations = report.explanations;
  if (explanations && Object.keys(explanations).length)
    for (const f of findings)
      if (f.severity === "warning" && explanations[f.key]) f.explanation = explanations[f.key];

  // Localization has work only where an equation is broken or holds an unreadable cell; most reports have neither.
  const toLocalize = present.filter(
    (i) => (!only || only.includes(i.rule.table)) && !unverified.has(i)
  );
  const needsFixing =
    findings.some(
      (f) => (f.detail.type === "sum" && f.severity === "error") || f.rule === "T-NEGATIVE"
    ) || toLocalize.some((i) => !checkable.has(i));
  const fixes: Fix[] =
    options.localize === false || !needsFixing
      ? []
      : localize({
          model,
          instances: toLocalize,
          maxSize: options.maxFixSize,
          cell: (ref) => {
            const r = read(ref);
            return {
              value: r?.value ?? undefined,
              raw: r?.raw ?? null,
              blank: r?.status === "blank" || r?.status === "placeholder",
            };
          },
        });
  if (options.localize !== false) {
    fixes.push(...signSlips(findings, fixes));
    fixes.sort((a, b) => a.rank - b.rank || a.group - b.group);
  }
  return new Confrontation(report, model, findings, fixes, reads);
}
