import { cellId, formatForYear, type CellRef, type FormatModel, type TableId } from "./format";
import { findingKey, type CellValue, type Finding, type Severity } from "./findings";
import { inferLevel, NO_RULEMAKING, type Report } from "./report";
import type { RuleInstance } from "./rules";
import { kindProblem, type ReadValue } from "./values";

/**
 * Every check the engine runs, one entry each. The hard sum rules are data (rules.ts) evaluated by the first entry;
 * the others are small functions over the same context. Adding a check is adding an entry; documenting it is adding
 * a row to the README's table (a test keeps the two in step).
 */

export interface CheckContext {
  model: FormatModel;
  report: Report;
  /** What a cell was read as; undefined when the report does not give the cell at all. */
  read(ref: CellRef): ReadValue | undefined;
  instances: readonly RuleInstance[];
  /** Equations whose cells are all given and readable. */
  checkable(inst: RuleInstance): boolean;
  previous?: Report;
  previousRead?(ref: CellRef): ReadValue | undefined;
}

export interface Check {
  id: string;
  severity: Severity;
  /** One line for the README's table. */
  summary: string;
  run(ctx: CheckContext): Finding[];
}

const EPS = 1e-7;

function finding(rule: string, severity: Severity, cells: CellRef[], rest: Partial<Finding> & Pick<Finding, "detail">, line = ""): Finding {
  return { rule, severity, cells, expected: null, actual: null, imbalance: null, key: findingKey(rule, cells, line), ...rest };
}

/** The hard rules R3-1 … R4-3, from their declarations. */
const sumRules: Check = {
  id: "R3-1…R4-3",
  severity: "error",
  summary: "the hard rules declared in rules.ts",
  run(ctx) {
    const out: Finding[] = [];
    for (const inst of ctx.instances) {
      if (!ctx.checkable(inst)) continue;
      const values = (cells: CellRef[]): CellValue[] => cells.map((cell) => ({ cell, value: ctx.read(cell)!.value! }));
      const left = values(inst.left);
      const right = values(inst.right);
      const sum = (cs: CellValue[]) => cs.reduce((s, c) => s + c.value, 0);
      const [expected, actual] = inst.expectedSide === "left" ? [sum(left), sum(right)] : [sum(right), sum(left)];
      if (Math.abs(actual - expected) < EPS) continue;
      out.push(
        finding(
          inst.rule.id,
          "error",
          [...inst.left, ...inst.right],
          { expected, actual, imbalance: round(actual - expected), detail: { type: "sum", line: inst.line, left, right, expectedSide: inst.expectedSide } },
          inst.line,
        ),
      );
    }
    return out;
  },
};

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function rulesTouching(ctx: CheckContext, ref: CellRef): string[] {
  const id = cellId(ref);
  return [...new Set(ctx.instances.filter((i) => [...i.left, ...i.right].some((c) => cellId(c) === id)).map((i) => i.rule.id))];
}

/** Values that are not numbers at all: text, Excel errors. */
const unreadable: Check = {
  id: "T-NUMBER",
  severity: "error",
  summary: "a numeric cell holds text or an Excel error (#REF! …): it cannot be read as a number",
  run(ctx) {
    return ctx.model.cells.flatMap((cell) => {
      const r = ctx.read(cell);
      if (!r || r.value !== null) return [];
      return [finding("T-NUMBER", "error", [cell], { detail: { type: "value", raw: r.raw, status: r.status, read: null, problem: "unreadable", rulesBlocked: rulesTouching(ctx, cell) } })];
    });
  },
};

function kindCheck(id: string, problem: "negative" | "fraction", summary: string): Check {
  return {
    id,
    severity: "error",
    summary,
    run(ctx) {
      return ctx.model.cells.flatMap((cell) => {
        const r = ctx.read(cell);
        if (!r || r.value === null || kindProblem(r.value, ctx.model.kindOf(cell)) !== problem) return [];
        return [finding(id, "error", [cell], { actual: r.value, detail: { type: "value", raw: r.raw, status: r.status, read: r.value, problem, rulesBlocked: [] } })];
      });
    },
  };
}

const reformatted: Check = {
  id: "W-NUMBER-FORM",
  severity: "warning",
  summary: "a number written as text, in full-width digits, with thousands separators or a unit: read as that number",
  run(ctx) {
    return ctx.model.cells.flatMap((cell) => {
      const r = ctx.read(cell);
      if (!r || r.status !== "reformatted") return [];
      return [finding("W-NUMBER-FORM", "warning", [cell], { actual: r.value, detail: { type: "reformatted", raw: r.raw, read: r.value! } })];
    });
  },
};

function byTable(ctx: CheckContext, pick: (cell: CellRef) => boolean): Map<TableId, CellRef[]> {
  const out = new Map<TableId, CellRef[]>();
  for (const cell of ctx.model.cells) {
    if (!pick(cell)) continue;
    if (!out.has(cell.table)) out.set(cell.table, []);
    out.get(cell.table)!.push(cell);
  }
  return out;
}

const blanks: Check = {
  id: "W-BLANK",
  severity: "warning",
  summary: "blank, “/”, “—” or “无” in a numeric cell: read as 0, probably missing data (one finding per table)",
  run(ctx) {
    const groups = byTable(ctx, (cell) => {
      const s = ctx.read(cell)?.status;
      return s === "blank" || s === "placeholder";
    });
    return [...groups].map(([table, cells]) =>
      finding("W-BLANK", "warning", cells, { actual: 0, detail: { type: "blank", table, raws: cells.map((c) => ctx.read(c)!.raw) } }),
    );
  },
};

const missing: Check = {
  id: "W-MISSING",
  severity: "warning",
  summary: "cells not given at all (a cut-off report): lists them and the rules that could not be checked",
  run(ctx) {
    const groups = byTable(ctx, (cell) => ctx.read(cell) === undefined);
    return [...groups].map(([table, cells]) => {
      const ids = new Set(cells.map(cellId));
      const rules = [...new Set(ctx.instances.filter((i) => [...i.left, ...i.right].some((c) => ids.has(cellId(c)))).map((i) => i.rule.id))];
      const total = ctx.model.cells.filter((c) => c.table === table).length;
      return finding("W-MISSING", "warning", cells, { detail: { type: "missing", table, count: cells.length, total, rules } });
    });
  },
};

const rulemaking: Check = {
  id: "W-RULEMAKING",
  severity: "warning",
  summary: "规章 reported by a township, street or county body, which has no power to make 规章",
  run(ctx) {
    const level = ctx.report.level ?? inferLevel(ctx.report.agency);
    if (!level || !NO_RULEMAKING.includes(level)) return [];
    const values: CellValue[] = ctx.model
      .columnsOf("二", "rules")
      .map((column) => ({ table: "二" as const, row: "rules", column }))
      .map((cell) => ({ cell, value: ctx.read(cell)?.value ?? 0 }))
      .filter((v) => v.value !== 0);
    if (values.length === 0) return [];
    return [finding("W-RULEMAKING", "warning", values.map((v) => v.cell), { detail: { type: "rulemaking", level, values } })];
  },
};

const formatYear: Check = {
  id: "W-FORMAT-YEAR",
  severity: "warning",
  summary: "the 2019 format used for a report year from 2021 on, or the 2021 format for 2019–2020",
  run(ctx) {
    const year = ctx.report.year;
    if (!year) return [];
    const expected = formatForYear(year);
    if (expected === ctx.model.id) return [];
    return [finding("W-FORMAT-YEAR", "warning", [], { detail: { type: "formatYear", year, format: ctx.model.id, expected } })];
  },
};

const carryover: Check = {
  id: "W-CARRYOVER",
  severity: "warning",
  summary: "this year's 二、上年结转 differs from last year's 四、结转下年度继续办理 (column by column; needs last year's report)",
  run(ctx) {
    if (!ctx.previous || !ctx.previousRead) return [];
    const out: Finding[] = [];
    for (const column of ctx.model.columnsOf("三", "carried")) {
      const now = ctx.read({ table: "三", row: "carried", column });
      const before = ctx.previousRead({ table: "三", row: "next", column });
      if (now?.value == null || before?.value == null || Math.abs(now.value - before.value) < EPS) continue;
      out.push(
        finding(
          "W-CARRYOVER",
          "warning",
          [{ table: "三", row: "carried", column }],
          {
            expected: before.value,
            actual: now.value,
            imbalance: round(now.value - before.value),
            detail: { type: "carryover", column, previousYear: ctx.previous.year, previous: before.value, current: now.value },
          },
          column,
        ),
      );
    }
    return out;
  },
};

/** Every check, in the order findings are listed. */
export const CHECKS: Check[] = [
  sumRules,
  unreadable,
  kindCheck("T-NEGATIVE", "negative", "a negative number where only numbers ≥ 0 are allowed"),
  kindCheck("T-WHOLE", "fraction", "a fraction in a count of 件 (only the 万元 fee may have decimals)"),
  reformatted,
  blanks,
  missing,
  rulemaking,
  formatYear,
  carryover,
];

/** Register a further check (importers and text checks add theirs). */
export function registerCheck(check: Check): void {
  if (!CHECKS.some((c) => c.id === check.id)) CHECKS.push(check);
}
