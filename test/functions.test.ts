import assert from "node:assert/strict";
import {
  balance,
  check,
  FunctionInputError,
  issues,
  suggest,
  sumcheck,
} from "../functions/functions";
import { sheetPlan } from "../src/layout";

/** The NIANBAO custom functions, called as Excel calls them: with the values of their argument ranges. */

const isValueError = (pattern: RegExp) => (e: unknown) =>
  e instanceof FunctionInputError && e.code === "#VALUE!" && pattern.test(e.message);

/** Table 三's entry block (25 × 7) of a small consistent report: 5 new natural-person applications, all granted. */
function table3Block(): (number | string | null)[][] {
  const g: (number | string | null)[][] = Array.from({ length: 25 }, () => Array(7).fill(0));
  g[0][0] = 5; // 本年新收 · 自然人
  g[0][6] = 5; // 本年新收 · 总计
  g[2][0] = 5; // （一）予以公开 · 自然人
  g[2][6] = 5;
  g[23][0] = 5; // （七）总计 · 自然人
  g[23][6] = 5;
  return g;
}

describe("custom functions", () => {
  it("BALANCE is (总计 + 结转下年度) − (本年新收 + 上年结转): 0 when balanced, the engine's imbalance otherwise", () => {
    assert.equal(balance(10, 5, 12, 3), 0);
    assert.equal(balance(10, 5, 12, 0), -3, "3 applications neither handled nor carried forward");
    assert.equal(balance(0, 0, 1, 0), 1);
    assert.equal(balance(0.1, 0.2, 0.3, 0), 0, "floating-point noise is not an imbalance");
  });

  it("blank cells and placeholders count as 0 and numbers written as text count as their number, as in the engine", () => {
    assert.equal(balance(null, "", "  ", null), 0);
    assert.equal(balance("/", "—", "无", 0), 0);
    assert.equal(balance("1,200", "３", 1203, 0), 0);
    assert.equal(
      sumcheck(6, [
        [1, null],
        ["2", ""],
        [3, undefined],
      ]),
      0
    );
  });

  it("SUMCHECK is total − sum(parts) over a 2-D range", () => {
    assert.equal(
      sumcheck(10, [
        [1, 2],
        [3, 4],
      ]),
      0
    );
    assert.equal(sumcheck(10, [[1], [2]]), 7);
    assert.equal(sumcheck(5, []), 5);
  });

  it("text and error values are #VALUE! with a Chinese message naming the argument", () => {
    assert.throws(() => balance(1, "abc", 1, 0), isValueError(/上年结转/));
    assert.throws(() => sumcheck(3, [[1, "两"]]), isValueError(/第 1 行第 2 列/));
    assert.throws(() => sumcheck("#REF!", [[1]]), isValueError(/合计/));
    assert.throws(() => balance(true, 0, 0, 0), FunctionInputError);
  });

  it("CHECK counts the hard errors of table 三 given as its entry block", () => {
    const g = table3Block();
    assert.equal(check(g), 0);
    g[2][0] = 50; // 予以公开 · 自然人 typed 50 for 5: R3-2 in its row and R3-3 in its column break
    assert.equal(check(g), 2);
  });

  it("CHECK reads the whole printed table too (labels included), located as the template lays it out", () => {
    const plan = sheetPlan({ format: "2021" }).tables.find((t) => t.id === "四")!;
    const grid: unknown[][] = Array.from({ length: plan.rows }, () => Array(plan.cols).fill(""));
    for (const c of plan.cells) if (c.text) grid[c.row][c.col] = c.text;
    const entry = (row: string, column: string) =>
      plan.cells.find((c) => c.ref?.row === row && c.ref.column === column)!;
    grid[entry("review", "upheld").row][entry("review", "upheld").col] = 2;
    grid[entry("review", "total").row][entry("review", "total").col] = 3;
    assert.equal(check(grid), 1);
  });

  it("ISSUES spills one row per finding with the rule's plain name (no code) and its Chinese message; ✓ when all hold", () => {
    const g = table3Block();
    assert.deepEqual(issues(g), [["✓", "勾稽关系全部成立"]]);
    g[2][0] = 50;
    const rows = issues(g);
    assert.deepEqual(
      rows.map((r) => r[0]),
      ["各类申请人合计", "办理结果合计"]
    );
    assert.match(rows[0][1], /（一）予以公开.*50/);
  });

  it("SUGGEST names the wrong cell and its value, best first", () => {
    const g = table3Block();
    g[2][0] = 50;
    const rows = suggest(g);
    assert.equal(rows.length, 1);
    assert.match(rows[0][0], /（一）予以公开”行“自然人”列由 50 改为 5/);
    assert.match(rows[0][0], /疑似多打一位数字/);
  });

  it("a range that is not a table is #VALUE! saying which shapes are tables; a bad format argument too", () => {
    assert.throws(() => check([[1, 2]]), isValueError(/1 行 × 2 列.*表三 25行×7列/));
    assert.throws(() => check(table3Block(), "2020"), isValueError(/2021 或 2019/));
    assert.equal(check(table3Block(), "2021"), 0);
  });
});
