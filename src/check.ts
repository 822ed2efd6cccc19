import { cellId, getFormat, type CellRef, type FormatModel, type TableId } from "./format";
import { CHECKS, type CheckContext } from "./checks";
import type { Finding } from "./findings";
import { localize, type Fix } from "./localize";
import type { Report } from "./report";
import { ruleInstances, type RuleInstance } from "./rules";
import { readValue, type ReadValue } from "./values";

export interface CheckOptions {
  /** Last year's report of the same agency, for the carry-over check. */
  previous?: Report;
  /** Largest set of cells the localizer tries (default 3). */
  maxFixSize?: number;
  /** Skip localization (when only the findings are needed, e.g. a live count in a cell). */
  localize?: boolean;
  /** Check only these tables (a custom function given one table); findings about the others are left out. */
  tables?: readonly TableId[];
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
    private readonly reads: ReadonlyMap<string, ReadValue>,
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
    return { errors: this.errors().length, warnings: this.warnings().length, explained: this.explained().length };
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
    return this.reads.get(cellId(ref));
  }

  /** Every given cell with what it was read as, in the format's order. */
  values(): { cell: CellRef; read: ReadValue }[] {
    return this.model.cells.filter((c) => this.reads.has(cellId(c))).map((cell) => ({ cell, read: this.reads.get(cellId(cell))! }));
  }
}

function readAll(report: Report, model: FormatModel): Map<string, ReadValue> {
  const reads = new Map<string, ReadValue>();
  for (const cell of model.cells) {
    const id = cellId(cell);
    if (report.values.has(id)) reads.set(id, readValue(report.values.get(id)!));
  }
  return reads;
}

/** Check a report against every rule and warning of its format; never throws on user data. */
export function confront(report: Report, options: CheckOptions = {}): Confrontation {
  const model = getFormat(report.format);
  const reads = readAll(report, model);
  const read = (ref: CellRef) => reads.get(cellId(ref));
  const present = (inst: RuleInstance) => [...inst.left, ...inst.right].every((c) => reads.has(cellId(c)));
  const instances = ruleInstances(model);
  const ctx: CheckContext = {
    model,
    report,
    read,
    instances,
    checkable: (inst) => present(inst) && [...inst.left, ...inst.right].every((c) => read(c)!.value !== null),
  };
  if (options.previous) {
    const previousModel = getFormat(options.previous.format);
    const previousReads = readAll(options.previous, previousModel);
    ctx.previous = options.previous;
    ctx.previousRead = (ref) => previousReads.get(cellId(ref));
  }
  const only = options.tables;
  const inScope = (f: Finding) =>
    !only || (f.detail.type === "missing" || f.detail.type === "blank" ? only.includes(f.detail.table) : f.cells.length === 0 || f.cells.some((c) => only.includes(c.table)));
  const findings = CHECKS.flatMap((check) => check.run(ctx)).filter(inScope);
  const explanations = report.explanations ?? {};
  for (const f of findings) if (f.severity === "warning" && explanations[f.key]) f.explanation = explanations[f.key];

  const fixes =
    options.localize === false
      ? []
      : localize({
          model,
          instances: instances.filter((i) => present(i) && (!only || only.includes(i.rule.table))),
          maxSize: options.maxFixSize,
          cell: (ref) => {
            const r = read(ref);
            return { value: r?.value ?? undefined, raw: r?.raw ?? null, blank: r?.status === "blank" || r?.status === "placeholder" };
          },
        });
  return new Confrontation(report, model, findings, fixes, reads);
}
