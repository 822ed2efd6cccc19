import type { CellRef, FormatModel, TableId } from "./format";

/**
 * The hard rules (勾稽关系), as data. Each is `Σ left = Σ right` over cells of one table, repeated for each column
 * (left/right select rows) or each row (left/right select columns). One generic evaluator checks them all and one
 * generic solver localizes errors: adding a rule is adding an entry here.
 */

/** Rows or columns a rule side takes: explicit keys, or those with a flag in the format declaration. */
export type Selector = readonly string[] | { readonly total?: boolean; readonly result?: boolean };

export interface SumRule {
  id: string;
  table: TableId;
  /** column: one equation per column, sides select rows; row: one per row, sides select columns. */
  each: "column" | "row";
  /** Only these lines (row keys when each = "row", column keys when each = "column"). */
  only?: readonly string[];
  left: Selector;
  right: Selector;
  /** Which side is what the report should hold, the other being what it claims (for expected/actual). */
  expected: "left" | "right";
  title: { zh: string; en: string };
  /** How messages name the two sides, when a side has too many cells to list. */
  sides: { zh: [string, string]; en: [string, string] };
}

export const SUM_RULES: readonly SumRule[] = [
  {
    id: "R3-1",
    table: "三",
    each: "column",
    left: ["new", "carried"],
    right: ["resultsTotal", "next"],
    expected: "left",
    title: {
      zh: "本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理",
      en: "new + carried over = total handled + carried forward",
    },
    sides: {
      zh: ["本年新收与上年结转之和", "办理结果总计与结转下年度之和"],
      en: ["new plus carried over", "total handled plus carried forward"],
    },
  },
  {
    id: "R3-2",
    table: "三",
    each: "row",
    left: { total: true },
    right: { total: false },
    expected: "right",
    title: { zh: "总计 = 各类申请人之和", en: "total = sum of applicant columns" },
    sides: { zh: ["总计", "各类申请人之和"], en: ["the total", "the sum of applicant columns"] },
  },
  {
    id: "R3-3",
    table: "三",
    each: "column",
    left: { total: true },
    right: { result: true },
    expected: "right",
    title: { zh: "（七）总计 = 各项办理结果之和", en: "total handled = sum of result rows" },
    sides: {
      zh: ["（七）总计", "各项办理结果之和"],
      en: ["the total handled", "the sum of result rows"],
    },
  },
  ...(
    [
      ["R4-1", "review", "行政复议", "administrative review"],
      ["R4-2", "suitDirect", "未经复议直接起诉", "lawsuits without review"],
      ["R4-3", "suitAfterReview", "复议后起诉", "lawsuits after review"],
    ] as const
  ).map(([id, row, zh, en]): SumRule => ({
    id,
    table: "四",
    each: "row",
    only: [row],
    left: { total: true },
    right: { total: false },
    expected: "right",
    title: {
      zh: `${zh}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结`,
      en: `${en}: total = sum of results`,
    },
    sides: { zh: ["总计", "四项结果之和"], en: ["the total", "the sum of the four results"] },
  })),
];

/** One equation of a rule: the rule for one column (or row). */
export interface RuleInstance {
  rule: SumRule;
  /** The column key (each = column) or row key (each = row) this equation is about. */
  line: string;
  left: CellRef[];
  right: CellRef[];
  /** Positions of `left` and `right` in the format's `cells`, for dense per-cell arrays. */
  leftIndex: number[];
  rightIndex: number[];
  expectedSide: "left" | "right";
}

function select(
  selector: Selector,
  entries: readonly { key: string; total?: boolean; result?: boolean }[]
): string[] {
  if (Array.isArray(selector)) return [...selector];
  const s = selector as { total?: boolean; result?: boolean };
  return entries
    .filter(
      (e) =>
        (s.total === undefined || !!e.total === s.total) &&
        (s.result === undefined || !!e.result === s.result)
    )
    .map((e) => e.key);
}

const instanceCache = new WeakMap<FormatModel, RuleInstance[]>();

/** Every equation of every hard rule that applies to a format (tables without rules, like 二, have none). */
export function ruleInstances(model: FormatModel): RuleInstance[] {
  const cached = instanceCache.get(model);
  if (cached) return cached;
  const out: RuleInstance[] = [];
  for (const rule of SUM_RULES) {
    const table = model.table(rule.table);
    const lines = rule.each === "column" ? table.columns : table.rows;
    const across = rule.each === "column" ? table.rows : table.columns;
    for (const line of lines) {
      if (rule.only && !rule.only.includes(line.key)) continue;
      const at = (key: string): CellRef =>
        rule.each === "column"
          ? { table: rule.table, row: key, column: line.key }
          : { table: rule.table, row: line.key, column: key };
      const left = select(rule.left, across).map(at);
      const right = select(rule.right, across).map(at);
      if (![...left, ...right].every((c) => model.hasCell(c)))
        throw new Error(`rule ${rule.id} names a cell format ${model.id} lacks`);
      const position = (c: CellRef) => model.indexOf(c);
      out.push({
        rule,
        line: line.key,
        left,
        right,
        leftIndex: left.map(position),
        rightIndex: right.map(position),
        expectedSide: rule.expected,
      });
    }
  }
  instanceCache.set(model, out);
  return out;
}
