import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CHECKS } from "../../src/checks";
import "../../src/importers"; // registers the importer notes check, documented in the README too
import { getFormat } from "../../src/format";
import { formatFinding } from "../../src/messages";
import { buildReport, cloneReport, ref, sampleReport, withCells } from "../helpers/reports";
import { inferLevel, type Report } from "../../src/report";

/** The warnings (提示): what a careful reader of the report would point out that no sum rule catches. */

const model = getFormat("2021");
const rules = ref("二", "rules", "issued");

describe("warnings", () => {
  it("every check has an id and a one-line summary, and ids are unique", () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of CHECKS) assert.ok(c.summary.length > 10, c.id);
  });

  it("the README's table of rules and warnings lists exactly the checks the engine runs", () => {
    const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| `([A-Z][-A-Z0-9]+)` \| (error|warning) \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`
    );
    const engine = CHECKS.flatMap((c) => (c.ids ?? [c.id]).map((id) => `${id} ${c.severity}`));
    assert.deepEqual([...documented].sort(), [...engine].sort());
  });

  describe("W-RULEMAKING: 规章 from a body that cannot make 规章", () => {
    const townships = [
      "五原县和胜乡",
      "某某县城关镇",
      "某某区东湖街道",
      "某某区东湖街道办事处",
      "某某镇人民政府",
      "和胜乡（五原县）",
    ];
    for (const agency of townships) {
      it(`${agency} reporting 1 规章 is warned, naming the cell and the number`, () => {
        const c = confront(withCells(sampleReport("2021", { agency }), [[rules, 1]]));
        const [f] = c.byRule("W-RULEMAKING");
        assert.equal(f.severity, "warning");
        assert.deepEqual(f.cells, [rules]);
        const text = formatFinding(model, f);
        assert.match(text, /表二“规章”行“本年制发件数”列为 1/);
        assert.match(text, /规章制定权/);
      });
    }

    it("a report that declares its level (乡镇) is warned whatever its name", () => {
      const c = confront(
        withCells(sampleReport("2021", { agency: "和胜", level: "乡镇" }), [[rules, 2]])
      );
      assert.equal(c.byRule("W-RULEMAKING").length, 1);
    });

    it("lists every non-zero 规章 cell (2019 columns too)", () => {
      const report = withCells(sampleReport("2019", { agency: "某某镇" }), [
        [ref("二", "rules", "newlyMade"), 1],
        [ref("二", "rules", "publishedTotal"), 4],
      ]);
      const [f] = confront(report).byRule("W-RULEMAKING");
      assert.deepEqual(f.cells, [
        ref("二", "rules", "newlyMade"),
        ref("二", "rules", "publishedTotal"),
      ]);
    });

    it("a township with 规章 0 is not warned", () => {
      assert.deepEqual(
        confront(sampleReport("2021", { agency: "五原县和胜乡" })).byRule("W-RULEMAKING"),
        []
      );
    });

    it("a provincial government or a city government may make 规章", () => {
      for (const agency of ["某某省人民政府", "某某市人民政府", "某某市乡村振兴局"]) {
        assert.deepEqual(
          confront(withCells(sampleReport("2021", { agency }), [[rules, 3]])).byRule(
            "W-RULEMAKING"
          ),
          [],
          agency
        );
      }
      assert.deepEqual(
        confront(
          withCells(sampleReport("2021", { agency: "某某镇", level: "省级政府" }), [[rules, 3]])
        ).byRule("W-RULEMAKING"),
        []
      );
    });
  });

  describe("W-FORMAT-YEAR: the template must fit the report year", () => {
    it("the 2019 format for a 2022 report is warned", () => {
      const [f] = confront(sampleReport("2019", { year: 2022 })).byRule("W-FORMAT-YEAR");
      assert.equal(f.severity, "warning");
      const text = formatFinding(getFormat("2019"), f);
      assert.match(text, /2022 年度/);
      assert.match(text, /应使用 2021 年版格式/);
    });

    it("the 2021 format for a 2020 report is warned", () => {
      const [f] = confront(sampleReport("2021", { year: 2020 })).byRule("W-FORMAT-YEAR");
      assert.match(formatFinding(model, f), /应使用 2019 年版格式/);
    });

    it("matching formats and reports without a year are not warned", () => {
      for (const [format, year] of [
        ["2019", 2019],
        ["2019", 2020],
        ["2021", 2021],
        ["2021", 2025],
      ] as const)
        assert.deepEqual(
          confront(sampleReport(format, { year })).byRule("W-FORMAT-YEAR"),
          [],
          `${format} for ${year}`
        );
      const noYear = sampleReport("2019");
      delete noYear.year;
      assert.deepEqual(confront(noYear).byRule("W-FORMAT-YEAR"), []);
    });
  });

  describe("W-CARRYOVER: this year's 上年结转 is last year's 结转下年度继续办理", () => {
    /** Last year's report carried `natural` and `commercial` applications forward. */
    const lastYear = (natural: number, commercial: number): Report =>
      buildReport(
        "2021",
        (c) =>
          c.table === "三" && c.row === "next"
            ? (({ natural, commercial } as Record<string, number>)[c.column] ?? 0)
            : 0,
        {
          year: 2022,
        }
      );

    it("a report whose 上年结转 matches last year's report column by column is not warned", () => {
      // The sample report carried 4 natural-person applications over.
      assert.deepEqual(
        confront(sampleReport(), { previous: lastYear(4, 0) }).byRule("W-CARRYOVER"),
        []
      );
    });

    it("each column that differs is one warning, with last year's number as the expected one", () => {
      const c = confront(sampleReport(), { previous: lastYear(3, 1) });
      const found = c.byRule("W-CARRYOVER");
      assert.deepEqual(
        found.map((f) => [f.cells, f.expected, f.actual, f.imbalance]),
        [
          [[ref("三", "carried", "natural")], 3, 4, 1],
          [[ref("三", "carried", "commercial")], 1, 0, -1],
        ]
      );
      assert.ok(found.every((f) => f.severity === "warning"));
      assert.deepEqual(c.errors(), [], "a carry-over mismatch is a warning, not a broken rule");
      const text = formatFinding(model, found[0]);
      assert.match(text, /表三“自然人”列/);
      assert.match(text, /上年结转”为 4/);
      assert.match(text, /2022 年度/);
      assert.match(text, /为 3/);
    });

    it("a total that differs is warned too (总计 is a column like the others)", () => {
      const c = confront(sampleReport(), { previous: lastYear(4, 2) });
      assert.deepEqual(
        c.byRule("W-CARRYOVER").map((f) => f.cells[0].column),
        ["commercial", "total"]
      );
    });

    it("last year in the 2019 format is compared with this year's 2021 table", () => {
      const previous = buildReport(
        "2019",
        (c) => (c.table === "三" && c.row === "next" && c.column === "natural" ? 5 : 0),
        { year: 2020 }
      );
      const found = confront(sampleReport("2021", { year: 2021 }), { previous }).byRule(
        "W-CARRYOVER"
      );
      assert.deepEqual(
        found.map((f) => [f.cells[0].column, f.expected, f.actual]),
        [
          ["natural", 5, 4],
          ["total", 5, 4],
        ]
      );
    });

    it("without last year's report nothing is said", () => {
      assert.deepEqual(
        confront(withCells(sampleReport(), [[ref("三", "carried", "natural"), 4]])).byRule(
          "W-CARRYOVER"
        ),
        []
      );
    });
  });

  describe("W-MISSING: a cut-off report", () => {
    /** The sample report as published with its last row of table 三 and all of table 四 cut off. */
    function cutOff(): Report {
      const report = cloneReport(sampleReport());
      for (const id of [...report.values.keys()])
        if (id.startsWith("三:next:") || id.startsWith("四:")) report.values.delete(id);
      return report;
    }

    it("lists the missing cells per table and the rules that could not be checked", () => {
      const c = confront(cutOff());
      const missing = c.byRule("W-MISSING");
      assert.deepEqual(
        missing.map((f) => [f.severity, f.cells.length]),
        [
          ["warning", 7],
          ["warning", 15],
        ]
      );
      assert.deepEqual(
        missing[0].cells.map((x) => x.row),
        Array(7).fill("next")
      );
      assert.deepEqual(
        missing.map((f) => (f.detail.type === "missing" ? f.detail.rules : [])),
        [
          ["R3-1", "R3-2"],
          ["R4-1", "R4-2", "R4-3"],
        ]
      );
      const text = formatFinding(model, missing[0]);
      assert.match(text, /表三缺少 7 格（共 175 格）/);
      assert.match(text, /“收结平衡”、“各类申请人合计”无法核对/, "plain names, not codes");
    });

    it("the rules that need absent cells are not reported as errors, nor fixed", () => {
      // 2 applications were carried forward: read as 0, R3-1 would fail in two columns. Absent, it is not checkable.
      const c = confront(cutOff());
      assert.deepEqual(c.errors(), []);
      assert.equal(c.passes(), true);
      assert.deepEqual(c.fixes, []);
      assert.equal(
        c.read(ref("三", "next", "natural")),
        undefined,
        "an absent cell is not read as 0"
      );
    });

    it("the rules that can still be checked are", () => {
      const c = confront(withCells(cutOff(), [[ref("三", "granted", "natural"), 30]]));
      assert.deepEqual(
        c.errors().map((f) => f.rule),
        ["R3-2", "R3-3"]
      );
      assert.deepEqual(
        c.fixes.map((f) => f.changes.map((ch) => [ch.cell, ch.to])),
        [[[ref("三", "granted", "natural"), 31]]]
      );
    });

    it("a complete report has no W-MISSING", () => {
      assert.deepEqual(confront(sampleReport()).byRule("W-MISSING"), []);
    });
  });

  describe("explanations (说明)", () => {
    it("an explained warning is kept but no longer counted", () => {
      const report = sampleReport("2021", { year: 2020 });
      const [f] = confront(report).byRule("W-FORMAT-YEAR");
      report.explanations = { [f.key]: "沿用上级下发的模板" };
      const c = confront(report);
      assert.deepEqual(c.summary(), { errors: 0, warnings: 0, explained: 1 });
      assert.equal(c.explained()[0].explanation, "沿用上级下发的模板");
    });
  });
});

describe("the level implied by an agency's name", () => {
  it("a county's departments and government are recognised; names the words cannot place are left undecided", () => {
    assert.equal(inferLevel("天镇县信访局"), "县级部门");
    assert.equal(inferLevel("某县人民政府办公室"), "县级部门");
    assert.equal(inferLevel("某县人民政府"), "县级政府");
    // 宜城市 is a county-level city, 长春市 a prefecture city: the name alone does not say which, so no guess.
    assert.equal(inferLevel("宜城市教育局"), undefined);
    assert.equal(inferLevel("某市县域经济局"), undefined);
    assert.equal(inferLevel("教育部"), undefined);
  });

  it("a county department reporting 规章 is warned without a declared level", () => {
    const c = confront(
      withCells(sampleReport("2021", { agency: "某县教育局" }), [[ref("二", "rules", "issued"), 1]])
    );
    assert.equal(c.byRule("W-RULEMAKING").length, 1);
    assert.match(formatFinding(c.model, c.byRule("W-RULEMAKING")[0]), /县级部门/);
  });
});
