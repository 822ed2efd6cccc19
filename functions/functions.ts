/**
 * Excel custom functions of 政务公开年报助手, namespace NIANBAO (=NIANBAO.BALANCE(...)).
 *
 * Layout of this file (keep it when adding functions):
 *   1. helpers: cell-value coercion and the #VALUE! error;
 *   2. the functions: plain exported functions, each with a JSDoc `@customfunction ID` block. The JSDoc is the
 *      source of functions.json (custom-functions-metadata-plugin, see webpack.config.js), so parameter names,
 *      types and descriptions here are what Excel shows;
 *   3. registration at the bottom: `CustomFunctions.associate(ID, fn)` for every function, guarded so this module
 *      can be imported in Node tests and in a plain browser page where the CustomFunctions runtime is absent.
 *
 * Custom functions must never modify the workbook: they only compute from their arguments.
 *
 * Parameters are typed `unknown` (metadata type "any") rather than `number`, so that the function itself sees text
 * and can answer with a precise Chinese message instead of Excel's bare #VALUE!.
 *
 * Blank cells count as 0. Text that reads as a number ("12", " 1,234 ", "１２") counts as that number; any other text
 * (and TRUE/FALSE) gives #VALUE! with a Chinese message naming the argument.
 *
 * What Excel really passes (issue 12 item 4): a blank cell arrives as 0 on Windows and as null on the web (office-js
 * #4702, #5262), so the table functions read null as 0 too — the same workbook gives the same in-cell results on both,
 * and the same hard errors as 校验 (which reads blanks as blank: the rules count them as 0; only its W-BLANK warning
 * about them cannot exist in a cell function). A cell holding an Excel error (#REF! …) never reaches a function:
 * functions.json does not allow errors, so Excel shows that error in the check cell itself, where 校验 reports T-NUMBER
 * on the same cell. functions.json carries no allowCustomDataForDataTypeAny (scripts/functions-metadata.js).
 */

import type { FormatId } from "../src/format";
import { formatFinding, formatFix, ruleBadge } from "../src/messages";
import { checkTableRange } from "../src/tableRange";
import { readValue } from "../src/values";

// ---------------------------------------------------------------------------------------------------------------
// 1. Helpers

/** The part of the CustomFunctions runtime global used here (typed locally; the runtime may be absent). */
interface CustomFunctionsRuntime {
  associate(id: string, fn: (...args: never[]) => unknown): void;
  Error: new (code: string, message?: string) => Error;
  ErrorCode: { invalidValue: string };
}

function customFunctionsRuntime(): CustomFunctionsRuntime | undefined {
  const cf = (globalThis as { CustomFunctions?: CustomFunctionsRuntime }).CustomFunctions;
  return cf && typeof cf.associate === "function" ? cf : undefined;
}

/** Stand-in for CustomFunctions.Error outside Excel (Node tests, plain browser): same `code` and `message`. */
export class FunctionInputError extends Error {
  readonly code = "#VALUE!";
  constructor(message: string) {
    super(message);
    this.name = "FunctionInputError";
  }
}

/** A #VALUE! error with a message shown in Excel's error indicator. */
export function invalidValue(message: string): Error {
  const cf = customFunctionsRuntime();
  if (cf && typeof cf.Error === "function" && cf.ErrorCode) {
    return new cf.Error(cf.ErrorCode.invalidValue, message);
  }
  return new FunctionInputError(message);
}

/**
 * Reads one argument as a number the way the engine reads a cell (src/values.ts): blank and placeholders ("/", "—",
 * "无") → 0; numbers as they are; numbers written as text (full-width digits, thousands separators, a unit) → that
 * number. Anything else (text, TRUE/FALSE, an Excel error) throws #VALUE! naming `label`.
 */
export function toNumber(value: unknown, label: string): number {
  if (value === undefined) return 0;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // Excel data-type cell values ({ type: "Double", basicValue: 5 }, { type: "Empty" }): Excel passes them only with
    // allowCustomDataForDataTypeAny, which functions.json no longer sets; read them anyway should a host pass one.
    const cell = value as { type?: unknown; basicValue?: unknown };
    if (cell.type === "Empty") return 0;
    if ("basicValue" in cell) return toNumber(cell.basicValue, label);
  }
  if (typeof value === "boolean") {
    throw invalidValue(
      `“${label}”应为数字，实际是逻辑值 ${value ? "TRUE" : "FALSE"}。请填写数字，或留空表示 0。`
    );
  }
  const read = readValue(
    typeof value === "number" || typeof value === "string" || value === null ? value : String(value)
  );
  if (read.value !== null) return read.value;
  if (typeof value === "string" && read.status === "text") {
    throw invalidValue(
      `“${label}”应为数字，实际是文字“${truncate(value)}”。请填写数字，或留空表示 0。`
    );
  }
  throw invalidValue(`“${label}”不是有效的数字。`);
}

function truncate(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/**
 * Rounds away floating-point noise so that a balanced table gives exactly 0 (e.g. 0.1 + 0.2 − 0.3).
 * `magnitude` is the largest absolute operand.
 */
function cleanDifference(difference: number, magnitude: number): number {
  return Math.abs(difference) < Math.max(1, magnitude) * 1e-9 ? 0 : difference;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Functions

/**
 * 平衡校验：返回 (总计 + 结转下年度) − (本年新收 + 上年结转)。结果为 0 表示平衡；正数表示办结与结转之和多于收到的申请，负数表示少于。空单元格按 0 计。
 * @customfunction BALANCE
 * @param newThisYear 本年新收申请数量
 * @param carriedOver 上年结转申请数量
 * @param total 本年度办理结果总计
 * @param carriedToNext 结转下年度继续办理数量
 * @returns 不平衡的差额，0 表示平衡
 */
export function balance(
  newThisYear: unknown,
  carriedOver: unknown,
  total: unknown,
  carriedToNext: unknown
): number {
  const a = toNumber(newThisYear, "本年新收");
  const b = toNumber(carriedOver, "上年结转");
  const c = toNumber(total, "总计");
  const d = toNumber(carriedToNext, "结转下年度");
  return cleanDifference(
    c + d - (a + b),
    Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d))
  );
}

/**
 * 合计校验：返回 合计 − 各分项之和。结果为 0 表示合计与分项相符。空单元格按 0 计。
 * @customfunction SUMCHECK
 * @param total 合计值
 * @param parts 各分项所在的单元格区域
 * @returns 合计与分项之和的差额，0 表示相符
 */
export function sumcheck(total: unknown, parts: unknown[][]): number {
  const t = toNumber(total, "合计");
  let magnitude = Math.abs(t);
  let sum = 0;
  const rows: unknown[][] = Array.isArray(parts)
    ? parts.map((row) => (Array.isArray(row) ? row : [row]))
    : [[parts]];
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const v = toNumber(cell, `分项（第 ${r + 1} 行第 ${c + 1} 列）`);
      magnitude = Math.max(magnitude, Math.abs(v));
      sum += v;
    })
  );
  return cleanDifference(t - sum, magnitude);
}

/** The format argument: "2021", "2019", 2021 … or omitted (recognised from the range's shape). */
function formatArgument(format: unknown): FormatId | undefined {
  if (format === undefined || format === null || format === "") return undefined;
  const text = String(format).trim();
  if (text === "2021" || text === "2019") return text;
  throw invalidValue(`格式应为 2021 或 2019，实际是“${truncate(text)}”。`);
}

/** A blank cell as Windows Excel passes it (0), whatever the platform: null (the web) and empty data values become 0. */
function blankAsWindows(grid: unknown[][]): unknown[][] {
  return grid.map((row) =>
    (Array.isArray(row) ? row : [row]).map((v) =>
      v === null ||
      v === undefined ||
      (typeof v === "object" && (v as { type?: unknown }).type === "Empty")
        ? 0
        : v
    )
  );
}

function checkRange(tableRange: unknown[][], format: unknown) {
  const grid = Array.isArray(tableRange) ? blankAsWindows(tableRange) : [];
  const checked = checkTableRange(grid, formatArgument(format));
  if ("error" in checked) throw invalidValue(checked.error);
  return checked;
}

/**
 * 表内校验：返回所选表格中违反勾稽关系或数值错误的个数，0 表示全部成立。可选整张表（含标题）或只选填报区域。
 * @customfunction CHECK
 * @param {any[][]} tableRange 整张表三或表四（或其填报区域）
 * @param {string} [format] 格式：2021 或 2019，不填则按区域形状判断
 * @returns {number} 错误个数
 */
export function check(tableRange: unknown[][], format?: string): number {
  return checkRange(tableRange, format).result.errors().length;
}

/**
 * 列出问题：返回所选表格的每条错误和提示（问题名称、说明），溢出为多行；全部成立时返回“✓”。
 * @customfunction ISSUES
 * @param {any[][]} tableRange 整张表三或表四（或其填报区域）
 * @param {string} [format] 格式：2021 或 2019，不填则按区域形状判断
 * @returns {string[][]} 每行一条：问题名称、说明
 */
export function issues(tableRange: unknown[][], format?: string): string[][] {
  const { result } = checkRange(tableRange, format);
  // The rule's plain name, as the pane and the cell comments say it (the code is no word for a clerk, issue 9 item 4).
  const rows = result.findings.map((f) => [ruleBadge(f.rule), formatFinding(result.model, f)]);
  return rows.length ? rows : [["✓", "勾稽关系全部成立"]];
}

/**
 * 修改建议：返回让所选表格平衡的最小改法，最可能的在前，溢出为多行；无需修改时返回“✓”。
 * @customfunction SUGGEST
 * @param {any[][]} tableRange 整张表三或表四（或其填报区域）
 * @param {string} [format] 格式：2021 或 2019，不填则按区域形状判断
 * @returns {string[][]} 每行一条建议
 */
export function suggest(tableRange: unknown[][], format?: string): string[][] {
  const { result } = checkRange(tableRange, format);
  const rows = result.fixes.map((fix) => [formatFix(result.model, fix, result.fixes)]);
  return rows.length ? rows : [[result.passes() ? "✓ 无需修改" : "无法给出修改建议，请逐项核对"]];
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Registration — one line per function, ids exactly as in the `@customfunction` tags above.

const cf = customFunctionsRuntime();
if (cf) {
  cf.associate("BALANCE", balance);
  cf.associate("SUMCHECK", sumcheck);
  cf.associate("CHECK", check);
  cf.associate("ISSUES", issues);
  cf.associate("SUGGEST", suggest);
}
