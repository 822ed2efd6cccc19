import assert from "node:assert/strict";
import fc from "fast-check";
import { confront } from "../../src/check";
import {
  fromInterchange,
  parseInterchange,
  toInterchange,
  type ParseResult,
} from "../../src/interchange";
import { anyConsistentReport, ref } from "../helpers/reports";

/**
 * The JSON interchange format: cells addressed by their official labels, so clerks and other tools can write it by
 * hand. What people actually type (half-width brackets, spaces, 表三) is accepted; what is written back is canonical.
 */

const doc = (cells: unknown[], rest: Record<string, unknown> = {}) => ({
  format: "2021",
  year: 2023,
  cells,
  ...rest,
});
const cell = (row: string, column: string, value: unknown, table = "三") => ({
  table,
  row,
  column,
  value,
});

function ok(result: ParseResult) {
  assert.ok(
    result.ok,
    result.ok ? "" : result.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
  );
  return result.report;
}
function issues(result: ParseResult): string[] {
  assert.equal(result.ok, false, "the document must be refused");
  return result.ok ? [] : result.issues.map((i) => i.message);
}

describe("interchange JSON", () => {
  describe("label variants are accepted", () => {
    const variants: [string, string, string, string][] = [
      ["half-width parentheses", "三", "(一)予以公开", "自然人"],
      ["spaces inside", "三", "（一） 予以 公开", " 自然人 "],
      ["full-width spaces", "三", "（一）\u3000予以公开", "自然人"],
      [
        "表三 and a half-width comma",
        "表三",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        "自然人",
      ],
      ["the short 部分公开 label", "3", "（二）部分公开", "自然人"],
      ["straight quotes for “三安全一稳定”", "三", '3.危及"三安全一稳定"', "自然人"],
      ["、 instead of . after the number", "三", "1、属于国家秘密", "自然人"],
      ["规范性文件 for 行政规范性文件", "二", "规范性文件", "本年制发件数"],
      ["the fee column without its unit", "二", "行政事业性收费", "本年收费金额"],
      [
        "the fee column with half-width brackets and colon",
        "二",
        "行政事业性收费",
        "本年收费金额(单位:万元)",
      ],
    ];
    for (const [name, table, row, column] of variants) {
      it(name, () => {
        const report = ok(fromInterchange(doc([cell(row, column, 7, table)])));
        assert.equal(report.values.size, 1);
        assert.equal([...report.values.values()][0], 7);
      });
    }

    it("the 2019 format's 本年增减 without the slash", () => {
      const report = ok(
        fromInterchange({ format: "2019", cells: [cell("行政许可", "本年增减", -2, "二")] })
      );
      assert.deepEqual([...report.values], [["二:licensing:change", -2]]);
    });
  });

  describe("canonical labels are written back", () => {
    it("a report read with variant labels is written with the official ones", () => {
      const report = ok(
        fromInterchange(
          doc([
            cell("(一)予以公开", "自然人", 3),
            cell("规范性文件", "本年制发件数", 1, "表二"),
            cell("复议后起诉", "结果维持", 0, "4"),
          ])
        )
      );
      assert.deepEqual(toInterchange(report).cells, [
        { table: "二", row: "行政规范性文件", column: "本年制发件数", value: 1 },
        { table: "三", row: "（一）予以公开", column: "自然人", value: 3 },
        { table: "四", row: "复议后起诉", column: "结果维持", value: 0 },
      ]);
    });

    it("round trip: any report written and read again is the same report and checks the same", () => {
      fc.assert(
        fc.property(anyConsistentReport, (report) => {
          report.agency = "某县某局";
          const again = ok(parseInterchange(JSON.stringify(toInterchange(report))));
          assert.deepEqual([...again.values], [...report.values]);
          assert.deepEqual(
            [again.format, again.year, again.agency],
            [report.format, report.year, report.agency]
          );
          assert.deepEqual(confront(again).summary(), confront(report).summary());
        }),
        { numRuns: 40 }
      );
    });

    it("raw texts, blanks and uncertain cells survive the round trip", () => {
      const report = ok(
        fromInterchange(
          doc([
            cell("（一）予以公开", "自然人", "/"),
            { ...cell("（一）予以公开", "总计", null), uncertain: true },
            cell("（七）总计", "其他", "１２"),
          ])
        )
      );
      const again = ok(fromInterchange(JSON.parse(JSON.stringify(toInterchange(report)))));
      assert.deepEqual([...again.values], [...report.values]);
      assert.deepEqual([...again.uncertain!], ["三:granted:total"]);
    });
  });

  describe("problems are collected, never thrown", () => {
    it("an unknown row label is refused, naming it and the closest official labels", () => {
      const [msg] = issues(fromInterchange(doc([cell("（一）予以公然", "自然人", 1)])));
      assert.match(msg, /“（一）予以公然”/);
      assert.match(msg, /最接近的是：“（一）予以公开”/);
    });

    it("an unknown column label is refused, naming the row and the closest columns", () => {
      const [msg] = issues(fromInterchange(doc([cell("（一）予以公开", "自然人士", 1)])));
      assert.match(msg, /“（一）予以公开”行没有“自然人士”这一列/);
      assert.match(msg, /最接近的是：“自然人”/);
    });

    it("a column of another sub-table of table 二 is refused", () => {
      const [msg] = issues(fromInterchange(doc([cell("行政许可", "本年制发件数", 1, "二")])));
      assert.match(msg, /表二“行政许可”行没有“本年制发件数”这一列/);
    });

    it("an unknown table is refused", () => {
      assert.match(
        issues(fromInterchange(doc([cell("（一）予以公开", "自然人", 1, "表五")])))[0],
        /未知的表“表五”/
      );
    });

    it("a cell given twice (under two spellings) is refused, pointing at both", () => {
      const [msg] = issues(
        fromInterchange(
          doc([cell("(一)予以公开", "自然人", 1), cell("（一）予以公开", "自然人", 2)])
        )
      );
      assert.match(msg, /表三“（一）予以公开”行“自然人”列重复出现（另见 cells\[0\]）/);
    });

    it("every bad cell is listed, not only the first", () => {
      const found = issues(
        fromInterchange(
          doc([
            cell("甲", "自然人", 1),
            cell("（一）予以公开", "乙", 1),
            cell("（七）总计", "总计", 0),
          ])
        )
      );
      assert.equal(found.length, 2);
    });

    it("wrong types are refused in Chinese", () => {
      assert.match(
        issues(fromInterchange(doc([cell("（一）予以公开", "自然人", true)])))[0],
        /应为数字、文字或 null/
      );
      assert.match(issues(fromInterchange({ format: "2021", cells: "三" }))[0], /应为数组/);
      assert.match(
        issues(fromInterchange({ format: "2018", cells: [] }))[0],
        /应为 "2021" 或 "2019"/
      );
      assert.match(issues(fromInterchange([]))[0], /JSON 对象/);
      assert.match(issues(fromInterchange(doc([], { year: "2023" })))[0], /应为数字/);
    });

    it("text that is not JSON, or nothing at all, is refused", () => {
      assert.match(issues(parseInterchange("{"))[0], /不是有效的 JSON/);
      assert.match(
        issues(parseInterchange('{"format":"2021","cells":[{"value":NaN}]}'))[0],
        /不是有效的 JSON/
      );
      assert.match(issues(parseInterchange(""))[0], /文件是空的/);
      assert.match(issues(parseInterchange("  \n"))[0], /文件是空的/);
    });

    it("a number JSON cannot hold (1e400 = Infinity) or no report can hold (1e300) is refused; “NaN” text is an unreadable cell", () => {
      assert.ok(
        issues(
          parseInterchange(
            JSON.stringify(doc([])).replace(
              '"cells":[]',
              '"cells":[{"table":"三","row":"（一）予以公开","column":"自然人","value":1e400}]'
            )
          )
        ).length
      );
      assert.match(
        issues(fromInterchange(doc([cell("（一）予以公开", "自然人", 1e300)])))[0],
        /“（一）予以公开”行“自然人”列的值 1e\+300 过大/
      );
      const nan = ok(fromInterchange(doc([cell("（一）予以公开", "自然人", "NaN")])));
      assert.deepEqual(confront(nan).byRule("T-NUMBER")[0].cells, [
        ref("三", "granted", "natural"),
      ]);
    });
  });

  it("the title facts (year, agency, level, explanations) are kept", () => {
    const report = ok(
      fromInterchange(
        doc([], { agency: "五原县和胜乡", level: "乡镇", explanations: { "W-BLANK|": "已核实" } })
      )
    );
    assert.deepEqual(
      [report.year, report.agency, report.level, report.explanations],
      [2023, "五原县和胜乡", "乡镇", { "W-BLANK|": "已核实" }]
    );
    assert.match(issues(fromInterchange(doc([], { level: "村" })))[0], /应为以下之一/);
  });
});
