import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat, type CellRef, type FormatId } from "../../src/format";
import { parseInterchange } from "../../src/interchange";
import type { Fix } from "../../src/localize";
import { formatFinding, formatFix } from "../../src/messages";
import { createReport, setCell, type Report } from "../../src/report";
import {
  consistentReport,
  ref,
  sampleReport,
  seededRandom,
  valueAt,
  withCells,
} from "../helpers/reports";

/**
 * A report with several slips at once, as a clerk types it: the first suggested fix restores every slip (blank
 * totals are filled from their parts without counting against the search); with more slips than can be told apart
 * the fix says so in one sentence and offers only what is certain.
 */

const c3 = (row: string, column: string) => ref("三", row, column);

/** Apply a fix's changes to a copy of the report. */
function applied(report: Report, fix: Fix): Report {
  return withCells(
    report,
    fix.changes.map((ch) => [ch.cell, ch.to])
  );
}

/** The README's example (74 typed for 47 in 本年新收 / 自然人), with 2 予以公开 from 科研机构 added consistently. */
function exampleReport(): Report {
  const file = path.join(__dirname, "../../examples/transposed-digit-2023.json");
  const parsed = parseInterchange(readFileSync(file, "utf8"));
  assert.ok(parsed.ok);
  const r = parsed.report;
  for (const row of ["new", "granted", "resultsTotal"]) {
    setCell(r, c3(row, "research"), 2);
    setCell(r, c3(row, "total"), (valueAt(r, c3(row, "total")) as number) + 2);
  }
  return r;
}

describe("several slips at once", () => {
  it("74 for 47, a 2 typed one row off and （七）总计 left blank: the first fix restores all three and 校验 then passes", () => {
    const typed = withCells(exampleReport(), [
      [c3("granted", "research"), null], // the 2 belongs in 予以公开 …
      [c3("partial", "research"), 2], // … and was typed into 部分公开
      [c3("resultsTotal", "total"), null], // （七）总计 / 总计 left blank
    ]);
    const c = confront(typed);
    assert.equal(c.errors().length, 7, "the seven errors the clerk saw");
    const [best] = c.fixes;
    assert.deepEqual(
      best.changes.map((ch) => [cellId(ch.cell), ch.from, ch.to, ch.slip]),
      [
        ["三:new:natural", 74, 47, "transposed"],
        ["三:granted:research", null, 2, "neighbour"],
        ["三:partial:research", 2, 0, "neighbour"],
        ["三:resultsTotal:total", null, 50, "missingTotal"],
      ]
    );
    const text = formatFix(c.model, best, c.fixes);
    assert.match(text, /由 74 改为 47（疑似数字颠倒）/);
    assert.match(text, /“（七）总计”行“总计”列由 空白 改为 50（合计漏填）/);
    assert.ok(confront(applied(typed, best)).passes(), "no error once the fix is applied");
  });

  it("the whole 总计 column left blank does not count against the search: two slips are still located (a wrong cell is told apart within its column now)", () => {
    const base = sampleReport();
    const totals = getFormat("2021").cells.filter((c) => c.table === "三" && c.column === "total");
    const typed = withCells(base, [
      ...totals.map((t) => [t, null] as [CellRef, null]),
      [c3("granted", "natural"), 13], // 31 transposed
      [c3("unableNotHeld", "commercial"), 11], // 1 typed twice
    ]);
    const c = confront(typed);
    const [best] = c.fixes;
    assert.notEqual(best.certainty, "partial");
    const fixed = applied(typed, best);
    assert.ok(confront(fixed).passes());
    assert.equal(valueAt(fixed, c3("granted", "natural")), 31);
    assert.equal(valueAt(fixed, c3("unableNotHeld", "commercial")), 1);
    for (const t of totals)
      assert.equal(valueAt(fixed, t) ?? 0, valueAt(base, t), `${cellId(t)} filled`);
  });

  for (const format of ["2021", "2019"] as FormatId[])
    for (const k of [4, 5])
      it(`${format}: ${k} mistyped cells of table 三 are restored by the best fix in at least 95 % of random reports`, () => {
        const reports = fc.sample(consistentReport(format), { numRuns: 100, seed: 7 + k });
        const random = seededRandom(1000 + k);
        const cells = getFormat(format).cells.filter((c) => c.table === "三");
        let restored = 0;
        for (const report of reports) {
          const picked = new Set<CellRef>();
          while (picked.size < k) picked.add(cells[Math.floor(random() * cells.length)]);
          const changes = [...picked].map((cell): [CellRef, number] => {
            const original = valueAt(report, cell) as number;
            let to = original;
            while (to === original) to = Math.floor(random() * (random() < 0.7 ? 60 : 2000));
            return [cell, to];
          });
          const best = confront(withCells(report, changes)).fixes[0];
          const truth = [...picked].map((cell) => `${cellId(cell)}=${valueAt(report, cell)}`);
          if (
            best &&
            best.changes
              .map((ch) => `${cellId(ch.cell)}=${ch.to}`)
              .sort()
              .join() === truth.sort().join()
          )
            restored++;
        }
        assert.ok(restored >= 95, `restored ${restored} of 100`);
      });

  it("more slips than can be told apart: one sentence says so, the certain part (a transposed digit, a blank total) is offered, and re-checking goes on from there", () => {
    const base = sampleReport();
    // 31 → 13 in 予以公开 / 自然人, the row's 总计 left blank, and six other slips in other rows and columns.
    const typed = withCells(base, [
      [c3("granted", "natural"), 13],
      [c3("granted", "total"), null],
      [c3("denySecret", "research"), 7],
      [c3("denyLaw", "publicWelfare"), 9],
      [c3("denySafety", "legalService"), 4],
      [c3("ignoreComplaint", "other"), 12],
      [c3("ignoreMassive", "research"), 30],
      [c3("otherOther", "publicWelfare"), 8],
    ]);
    const c = confront(typed);
    const [best] = c.fixes;
    assert.equal(best.certainty, "partial");
    const text = formatFix(c.model, best, c.fixes);
    assert.match(text, /^没有找到能让全部规则成立的改法，以下是可以确定的部分：/);
    assert.match(text, /“（一）予以公开”行“自然人”列由 13 改为 31（疑似数字颠倒）/);
    assert.match(text, /改后请重新校验。$/);
    assert.equal(text.split("。").filter(Boolean).length, 1, "one sentence");
    const after = confront(applied(typed, best));
    assert.ok(
      after.errors().length < c.errors().length,
      "fewer errors after applying the certain part"
    );
    assert.equal(
      valueAt(applied(typed, best), c3("granted", "total")),
      33,
      "the blank total filled"
    );
  });
});

describe("a sign slip", () => {
  it("-3 typed for 3 in table 三 gets the fix 3, named as a sign slip", () => {
    const base = sampleReport();
    const c = confront(withCells(base, [[c3("denyThirdParty", "natural"), -3]]));
    assert.ok(c.byRule("T-NEGATIVE").length === 1);
    const [best] = c.fixes;
    assert.deepEqual(
      best.changes.map((ch) => [cellId(ch.cell), ch.from, ch.to, ch.slip]),
      [["三:denyThirdParty:natural", -3, 3, "sign"]]
    );
    assert.ok(best.resolves.includes("T-NEGATIVE"));
    assert.match(formatFix(c.model, best, c.fixes), /由 -3 改为 3（疑似正负号错误）/);
  });

  it("-1 typed in table 二 (no sum rule there) gets the fix 1", () => {
    const c = confront(withCells(sampleReport(), [[ref("二", "normativeDocs", "issued"), -1]]));
    assert.equal(c.fixes.length, 1);
    assert.deepEqual(
      c.fixes[0].changes.map((ch) => [ch.from, ch.to, ch.slip]),
      [[-1, 1, "sign"]]
    );
  });

  it("-1 as the first number typed in an empty template: the first fix is the sign alone", () => {
    const empty = createReport("2021", { year: 2025 });
    for (const cell of getFormat("2021").cells) setCell(empty, cell, null);
    setCell(empty, c3("new", "natural"), -1);
    const [best] = confront(empty).fixes;
    assert.deepEqual(
      best.changes.map((ch) => [cellId(ch.cell), ch.to, ch.slip]),
      [["三:new:natural", 1, "sign"]]
    );
  });
});

describe("校验 on an empty template", () => {
  const empty = () => {
    const r = createReport("2021", { year: 2025 });
    for (const cell of getFormat("2021").cells) setCell(r, cell, null);
    return r;
  };

  it("says each table is 尚未填写 once, naming no cells, with no error", () => {
    const c = confront(empty());
    assert.equal(c.errors().length, 0);
    const blanks = c.byRule("W-BLANK");
    assert.deepEqual(
      blanks.map((f) => [formatFinding(c.model, f), f.cells.length]),
      [
        ["表二尚未填写。", 0],
        ["表三尚未填写。", 0],
        ["表四尚未填写。", 0],
      ]
    );
    assert.equal(c.findings.length, 3, "nothing else");
  });

  it("a table with one number typed is no longer 尚未填写: its blanks are the usual warning", () => {
    const r = empty();
    setCell(r, ref("四", "review", "upheld"), 0);
    const c = confront(r);
    const table4 = c
      .byRule("W-BLANK")
      .find((f) => f.detail.type === "blank" && f.detail.table === "四")!;
    assert.equal(table4.cells.length, 14);
    assert.doesNotMatch(formatFinding(c.model, table4), /尚未填写/);
  });
});
