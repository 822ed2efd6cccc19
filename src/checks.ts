import { formatForYear, type CellRef, type FormatModel, type TableId } from "./format";
import { findingKey, type CellValue, type Finding, type Severity } from "./findings";
import { inferLevel, NO_RULEMAKING, type Report } from "./report";
import { SUM_RULES, type RuleInstance } from "./rules";
import type { PeerText, TextFingerprint } from "./similarity";
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
  /** The same, for every cell of `model.cells` by position: the fast path for checks that visit every cell. */
  reads: readonly (ReadValue | undefined)[];
  instances: readonly RuleInstance[];
  /** Equations whose cells are all given and readable. */
  checkable(inst: RuleInstance): boolean;
  previous?: Report;
  previousRead?(ref: CellRef): ReadValue | undefined;
  /** Last year's narrative, fingerprinted (when only the fingerprint was kept, or to spare fingerprinting it again). */
  previousText?: TextFingerprint;
  /** Other agencies' reports of the same year to compare the narrative with (内容雷同). */
  peers?: readonly PeerText[];
}

export interface Check {
  id: string;
  severity: Severity;
  /** One line for the README's table. */
  summary: string;
  /** The rule ids its findings carry, when not just `id` (the sum rules' entry; the importer notes). */
  ids?: readonly string[];
  /**
   * Reads another report (last year's, or another agency's of the same year): a folder check runs it again, alone,
   * once it has paired the report with the other one.
   */
  pairs?: true;
  run(ctx: CheckContext): Finding[];
}

const EPS = 1e-7;

function finding(
  rule: string,
  severity: Severity,
  cells: CellRef[],
  rest: Partial<Finding> & Pick<Finding, "detail">,
  line = ""
): Finding {
  return {
    rule,
    severity,
    cells,
    expected: null,
    actual: null,
    imbalance: null,
    key: findingKey(rule, cells, line),
    ...rest,
  };
}

/** Sum of readable cells by position (a plain loop: this runs for every equation of every report checked). */
function sumAt(reads: readonly (ReadValue | undefined)[], positions: readonly number[]): number {
  let sum = 0;
  for (const i of positions) sum += reads[i]!.value!;
  return sum;
}

/** The hard rules R3-1 … R4-3, from their declarations. */
const sumRules: Check = {
  id: "R3-1…R4-3",
  severity: "error",
  summary: "the hard rules declared in rules.ts",
  ids: SUM_RULES.map((r) => r.id),
  run(ctx) {
    const out: Finding[] = [];
    for (const inst of ctx.instances) {
      if (!ctx.checkable(inst)) continue;
      const l = sumAt(ctx.reads, inst.leftIndex);
      const r = sumAt(ctx.reads, inst.rightIndex);
      const [expected, actual] = inst.expectedSide === "left" ? [l, r] : [r, l];
      if (Math.abs(actual - expected) < EPS) continue;
      const values = (cells: CellRef[], positions: number[]): CellValue[] =>
        cells.map((cell, k) => ({ cell, value: ctx.reads[positions[k]]!.value! }));
      const left = values(inst.left, inst.leftIndex);
      const right = values(inst.right, inst.rightIndex);
      out.push(
        finding(
          inst.rule.id,
          "error",
          [...inst.left, ...inst.right],
          {
            expected,
            actual,
            imbalance: round(actual - expected),
            detail: { type: "sum", line: inst.line, left, right, expectedSide: inst.expectedSide },
          },
          inst.line
        )
      );
    }
    return out;
  },
};

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** For each position in `model.cells`, the equations (indexes into the instances) over that cell: built once. */
const TOUCHING = new WeakMap<readonly RuleInstance[], number[][]>();
function equationsAt(instances: readonly RuleInstance[], cells: number): number[][] {
  let at = TOUCHING.get(instances);
  if (!at) {
    const lists: number[][] = Array.from({ length: cells }, () => []);
    instances.forEach((inst, k) => {
      for (const j of new Set([...inst.leftIndex, ...inst.rightIndex])) lists[j]?.push(k);
    });
    TOUCHING.set(instances, (at = lists));
  }
  return at;
}

/**
 * Ids of the rules with an equation over any of these cells (positions in `model.cells`), in the order of the
 * equations. A cut-off report lists hundreds of cells missing: found from each cell's equations, not by trying every
 * equation against every cell.
 */
function rulesTouching(ctx: CheckContext, positions: ReadonlySet<number>): string[] {
  const at = equationsAt(ctx.instances, ctx.model.cells.length);
  const touched = new Uint8Array(ctx.instances.length);
  for (const p of positions) for (const k of at[p] ?? []) touched[k] = 1;
  const ids = new Set<string>();
  ctx.instances.forEach((inst, k) => {
    if (touched[k]) ids.add(inst.rule.id);
  });
  return [...ids];
}

/** Every given cell whose reading passes `pick`, with its position in `model.cells`. */
function cellsWhere(
  ctx: CheckContext,
  pick: (read: ReadValue, position: number) => boolean
): { cell: CellRef; read: ReadValue; position: number }[] {
  const out: { cell: CellRef; read: ReadValue; position: number }[] = [];
  ctx.reads.forEach((read, position) => {
    if (read && pick(read, position)) out.push({ cell: ctx.model.cells[position], read, position });
  });
  return out;
}

/** Values that are not numbers at all: text, Excel errors. */
const unreadable: Check = {
  id: "T-NUMBER",
  severity: "error",
  summary: "a numeric cell holds text or an Excel error (#REF! …): it cannot be read as a number",
  run(ctx) {
    return cellsWhere(ctx, (r) => r.value === null).map(({ cell, read: r, position }) =>
      finding("T-NUMBER", "error", [cell], {
        detail: {
          type: "value",
          raw: r.raw,
          status: r.status,
          read: null,
          problem: "unreadable",
          rulesBlocked: rulesTouching(ctx, new Set([position])),
        },
      })
    );
  },
};

function kindCheck(id: string, problem: "negative" | "fraction", summary: string): Check {
  return {
    id,
    severity: "error",
    summary,
    run(ctx) {
      return cellsWhere(
        ctx,
        (r, position) =>
          r.value !== null && kindProblem(r.value, ctx.model.kinds[position]) === problem
      ).map(({ cell, read: r }) =>
        finding(id, "error", [cell], {
          actual: r.value,
          detail: {
            type: "value",
            raw: r.raw,
            status: r.status,
            read: r.value,
            problem,
            rulesBlocked: [],
          },
        })
      );
    },
  };
}

const reformatted: Check = {
  id: "W-NUMBER-FORM",
  severity: "warning",
  summary:
    "a number written as text, in full-width digits, with thousands separators or a unit: read as that number",
  run(ctx) {
    return cellsWhere(ctx, (r) => r.status === "reformatted").map(({ cell, read: r }) =>
      finding("W-NUMBER-FORM", "warning", [cell], {
        actual: r.value,
        detail: { type: "reformatted", raw: r.raw, read: r.value! },
      })
    );
  },
};

/** Positions of the cells that pass `pick`, grouped by table. */
function byTable(
  ctx: CheckContext,
  pick: (read: ReadValue | undefined) => boolean
): Map<TableId, number[]> {
  const out = new Map<TableId, number[]>();
  ctx.model.cells.forEach((cell, position) => {
    if (!pick(ctx.reads[position])) return;
    if (!out.has(cell.table)) out.set(cell.table, []);
    out.get(cell.table)!.push(position);
  });
  return out;
}

const blanks: Check = {
  id: "W-BLANK",
  severity: "warning",
  summary:
    "blank, “/”, “—” or “无” in a numeric cell: read as 0, probably missing data (one finding per table)",
  run(ctx) {
    const groups = byTable(ctx, (r) => r?.status === "blank" || r?.status === "placeholder");
    return [...groups].map(([table, positions]) => {
      // A table none of whose cells is filled is not yet filled in: one line, no cells to mark.
      const unfilled = ctx.model.cells.every(
        (c, i) => c.table !== table || ctx.reads[i]?.status === "blank"
      );
      if (unfilled)
        return finding(
          "W-BLANK",
          "warning",
          [],
          {
            actual: 0,
            detail: { type: "blank", table, raws: [], unfilled: true },
          },
          "unfilled"
        );
      return finding(
        "W-BLANK",
        "warning",
        positions.map((i) => ctx.model.cells[i]),
        {
          actual: 0,
          detail: { type: "blank", table, raws: positions.map((i) => ctx.reads[i]!.raw) },
        }
      );
    });
  },
};

const missing: Check = {
  id: "W-MISSING",
  severity: "warning",
  summary:
    "cells not given at all (a cut-off report): lists them and the rules that could not be checked",
  run(ctx) {
    const groups = byTable(ctx, (r) => r === undefined);
    return [...groups].map(([table, positions]) => {
      const rules = rulesTouching(ctx, new Set(positions));
      const total = ctx.model.cells.filter((c) => c.table === table).length;
      const cells = positions.map((i) => ctx.model.cells[i]);
      return finding("W-MISSING", "warning", cells, {
        detail: { type: "missing", table, count: cells.length, total, rules },
      });
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
    return [
      finding(
        "W-RULEMAKING",
        "warning",
        values.map((v) => v.cell),
        { detail: { type: "rulemaking", level, values } }
      ),
    ];
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
    const model = ctx.model;
    if (!model.mixed) {
      if (expected === model.id) return [];
      return [
        finding("W-FORMAT-YEAR", "warning", [], {
          detail: { type: "formatYear", year, format: model.id, expected },
        }),
      ];
    }
    // A report mixing the layouts: each table in another format than its year's is named on its own (table 四 is
    // the same in both formats, so it never is).
    return model.tables
      .filter((t) => t.id !== "四" && model.formatOf(t.id) !== expected)
      .map((t) =>
        finding(
          "W-FORMAT-YEAR",
          "warning",
          [],
          {
            detail: {
              type: "formatYear",
              year,
              format: model.formatOf(t.id),
              expected,
              table: t.id,
            },
          },
          t.id
        )
      );
  },
};

const carryover: Check = {
  id: "W-CARRYOVER",
  severity: "warning",
  pairs: true,
  summary:
    "this year's 二、上年结转 differs from last year's 四、结转下年度继续办理 (column by column; needs last year's report)",
  run(ctx) {
    if (!ctx.previous || !ctx.previousRead) return [];
    const out: Finding[] = [];
    for (const column of ctx.model.columnsOf("三", "carried")) {
      const now = ctx.read({ table: "三", row: "carried", column });
      const before = ctx.previousRead({ table: "三", row: "next", column });
      if (now?.value == null || before?.value == null || Math.abs(now.value - before.value) < EPS)
        continue;
      out.push(
        finding(
          "W-CARRYOVER",
          "warning",
          [{ table: "三", row: "carried", column }],
          {
            expected: before.value,
            actual: now.value,
            imbalance: round(now.value - before.value),
            detail: {
              type: "carryover",
              column,
              previousYear: ctx.previous.year,
              previous: before.value,
              current: now.value,
            },
          },
          column
        )
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
  kindCheck(
    "T-WHOLE",
    "fraction",
    "a fraction in a count of 件 (only the 万元 fee may have decimals)"
  ),
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
