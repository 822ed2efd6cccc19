import assert from "node:assert/strict";
import { confront } from "../../src/check";
import type { Finding } from "../../src/findings";
import { getFormat, type CellRef } from "../../src/format";
import { formatFinding } from "../../src/messages";
import { ruleInstances, SUM_RULES } from "../../src/rules";
import {
  applicantColumns,
  FORMATS,
  ref,
  resultRows,
  sampleReport,
  valueAt,
  withCells,
} from "../helpers/reports";

/**
 * The hard rules (勾稽关系), one at a time: a consistent report is broken in one place and the finding must name the
 * rule, the equation's cells, what the report should hold, what it claims, and by how much it is off.
 */

const num = (report: ReturnType<typeof sampleReport>, c: CellRef) => valueAt(report, c) as number;
const bump = (report: ReturnType<typeof sampleReport>, c: CellRef, by: number) =>
  withCells(report, [[c, num(report, c) + by]]);
const key = (c: CellRef) => `${c.table}:${c.row}:${c.column}`;
const sameCells = (a: readonly CellRef[], b: readonly CellRef[]) =>
  assert.deepEqual([...a].map(key).sort(), [...b].map(key).sort());

function only(findings: Finding[], rule: string, line: string): Finding {
  const found = findings.filter(
    (f) => f.rule === rule && f.detail.type === "sum" && f.detail.line === line
  );
  assert.equal(found.length, 1, `expected one ${rule} finding for ${line}, got ${found.length}`);
  return found[0];
}

const ALL_COLUMNS = [
  "natural",
  "commercial",
  "research",
  "publicWelfare",
  "legalService",
  "other",
  "total",
];

describe("hard rules", () => {
  describe("the rules as declared", () => {
    it("R3-1 and R3-3 hold in each of the 7 columns, R3-2 in every body row, R4-1..3 once each", () => {
      for (const [format, rows] of [
        ["2021", 25],
        ["2019", 23],
      ] as const) {
        const count = (id: string) =>
          ruleInstances(getFormat(format)).filter((i) => i.rule.id === id).length;
        assert.deepEqual(
          ["R3-1", "R3-2", "R3-3", "R4-1", "R4-2", "R4-3"].map(count),
          [7, rows, 7, 1, 1, 1],
          `format ${format}`
        );
      }
      assert.deepEqual(
        SUM_RULES.map((r) => r.id),
        ["R3-1", "R3-2", "R3-3", "R4-1", "R4-2", "R4-3"]
      );
    });

    it("a consistent report breaks none of them", () => {
      for (const format of FORMATS) assert.deepEqual(confront(sampleReport(format)).errors(), []);
    });
  });

  for (const format of FORMATS) {
    describe(`${format} format`, () => {
      const base = sampleReport(format);

      describe("R3-1: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理", () => {
        for (const column of ALL_COLUMNS) {
          it(`is checked in the ${column} column: 5 more carried forward than received shows as 5 too many`, () => {
            const next = ref("三", "next", column);
            const broken = bump(base, next, 5);
            const f = only(confront(broken).findings.slice(), "R3-1", column);
            assert.equal(f.severity, "error");
            sameCells(
              f.cells,
              ["new", "carried", "resultsTotal", "next"].map((row) => ref("三", row, column))
            );
            const received =
              num(base, ref("三", "new", column)) + num(base, ref("三", "carried", column));
            assert.equal(
              f.expected,
              received,
              "what was received is what the report should account for"
            );
            assert.equal(f.actual, received + 5);
            assert.equal(f.imbalance, 5);
          });
        }

        it("fewer accounted for than received shows a negative imbalance", () => {
          const f = only(
            confront(bump(base, ref("三", "new", "natural"), 7)).findings.slice(),
            "R3-1",
            "natural"
          );
          assert.equal(f.expected, 54 + 7 + 4);
          assert.equal(f.actual, 58);
          assert.equal(f.imbalance, -7);
        });

        it("says in Chinese which column, the two sums and the difference", () => {
          const broken = bump(base, ref("三", "next", "natural"), 5);
          const c = confront(broken);
          const text = formatFinding(c.model, only(c.findings.slice(), "R3-1", "natural"));
          assert.match(text, /表三“自然人”列/);
          assert.match(text, /本年新收 54 \+ 上年结转 4 = 58/);
          assert.match(text, /63/);
          assert.match(text, /多 5/);
          assert.match(
            text,
            /本年新收 \+ 上年结转 = （七）总计 \+ 结转下年度继续办理/,
            "the rule in words, no code"
          );
        });
      });

      describe("R3-2: 总计 = the six applicant columns", () => {
        const rows = getFormat(format)
          .table("三")
          .rows.map((r) => r.key);
        it(`covers all ${rows.length} body rows`, () => {
          assert.equal(rows.length, format === "2021" ? 25 : 23);
        });
        rows.forEach((row, i) => {
          const label = getFormat(format).row("三", row).label;
          it(`is checked in row ${label}`, () => {
            // Alternate between an applicant cell and the total itself so both signs are seen.
            const applicant = applicantColumns(format)[i % 6];
            const changed = i % 2 === 0 ? ref("三", row, applicant) : ref("三", row, "total");
            const by = i % 2 === 0 ? 3 : 4;
            const f = only(confront(bump(base, changed, by)).findings.slice(), "R3-2", row);
            assert.equal(f.severity, "error");
            sameCells(
              f.cells,
              ALL_COLUMNS.map((column) => ref("三", row, column))
            );
            const total = num(base, ref("三", row, "total"));
            if (i % 2 === 0) {
              assert.deepEqual(
                [f.expected, f.actual, f.imbalance],
                [total + 3, total, -3],
                "the total is 3 short of its parts"
              );
            } else {
              assert.deepEqual(
                [f.expected, f.actual, f.imbalance],
                [total, total + 4, 4],
                "the total is 4 over its parts"
              );
            }
          });
        });

        it("says in Chinese which row, the total and the sum of applicants", () => {
          const c = confront(bump(base, ref("三", "granted", "total"), 2));
          const text = formatFinding(c.model, only(c.findings.slice(), "R3-2", "granted"));
          assert.match(text, /表三“（一）予以公开”行/);
          assert.match(text, /各类申请人之和为 33/);
          assert.match(text, /总计为 35/);
          assert.match(text, /多 2/);
        });
      });

      describe("R3-3: （七）总计 = the sum of every result row", () => {
        const results = resultRows(format);
        it(`sums ${format === "2021" ? 21 : 19} result rows`, () => {
          assert.equal(results.length, format === "2021" ? 21 : 19);
        });
        for (const column of ALL_COLUMNS) {
          it(`is checked in the ${column} column, over every result row`, () => {
            const f = only(
              confront(
                bump(base, ref("三", results[results.length - 1], column), 2)
              ).findings.slice(),
              "R3-3",
              column
            );
            assert.equal(f.severity, "error");
            sameCells(f.cells, [
              ref("三", "resultsTotal", column),
              ...results.map((row) => ref("三", row, column)),
            ]);
            const total = num(base, ref("三", "resultsTotal", column));
            assert.deepEqual([f.expected, f.actual, f.imbalance], [total + 2, total, -2]);
          });
        }

        it("says in Chinese which column, （七）总计 and the sum of results", () => {
          const c = confront(bump(base, ref("三", "denySecret", "commercial"), 6));
          const text = formatFinding(c.model, only(c.findings.slice(), "R3-3", "commercial"));
          assert.match(text, /表三“商业企业”列/);
          assert.match(text, /各项办理结果之和为 9/);
          assert.match(text, /（七）总计为 3/);
          assert.match(text, /少 6/);
        });
      });

      describe("R4-1..3: each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", () => {
        const groups = [
          ["R4-1", "review", "行政复议"],
          ["R4-2", "suitDirect", "未经复议直接起诉"],
          ["R4-3", "suitAfterReview", "复议后起诉"],
        ] as const;
        for (const [id, row, label] of groups) {
          it(`${id} is checked for ${label}, and only it`, () => {
            const c = confront(bump(base, ref("四", row, "otherResult"), 3));
            assert.deepEqual(
              c.errors().map((f) => f.rule),
              [id],
              "one group's slip breaks only that group's rule"
            );
            const f = c.errors()[0];
            sameCells(
              f.cells,
              ["upheld", "corrected", "otherResult", "pending", "total"].map((column) =>
                ref("四", row, column)
              )
            );
            const total = num(base, ref("四", row, "total"));
            assert.deepEqual([f.expected, f.actual, f.imbalance], [total + 3, total, -3]);
            const text = formatFinding(c.model, f);
            assert.ok(text.includes(label), text);
            assert.ok(
              text.includes(`四项结果之和为 ${total + 3}`) && text.includes(`总计为 ${total}`),
              text
            );
          });
        }
      });
    });
  }

  it("a cell in two equations breaks both, and each finding names its own line", () => {
    const c = confront(bump(sampleReport("2021"), ref("三", "partial", "natural"), 10));
    assert.deepEqual(
      c.errors().map((f) => `${f.rule}:${f.detail.type === "sum" ? f.detail.line : ""}`),
      ["R3-2:partial", "R3-3:natural"]
    );
  });
});
