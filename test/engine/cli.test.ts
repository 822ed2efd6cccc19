import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { toInterchange } from "../../src/interchange";
import { nianbao, type Run } from "../helpers/bin";
import { buildReport, ref, sampleReport, withCells } from "../helpers/reports";

/**
 * `nianbao check` as a user runs it: the real bin/nianbao.js in a child process, in a temporary folder of report
 * files. Exit codes: 0 no hard error, 1 a hard error in some file, 2 a file that cannot be read.
 */

const SEED = resolve(__dirname, "../fixtures/engine/seed-2021.json");

const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$|\bError:|node:internal/m;

function assertNoStackTrace(run: Run) {
  assert.doesNotMatch(run.stderr, STACK_TRACE, run.stderr);
  assert.doesNotMatch(run.stdout, STACK_TRACE, run.stdout);
}

describe("nianbao check (CLI)", function () {
  this.timeout(60_000);
  let dir: string;

  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  /** The sample report with 予以公开/自然人 31 typed as 13: a transposition the rules can locate. */
  const wrong = () =>
    toInterchange(withCells(sampleReport(), [[ref("三", "granted", "natural"), 13]]));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-cli-"));
    copyFileSync(SEED, join(dir, "seed.json"));
    write("good.json", json(toInterchange(sampleReport())));
    write("wrong.json", json(wrong()));
    // Both kinds of fix: a certain one in table 三 and five alternatives in table 四 (总计 3 for 1 + 1).
    write(
      "two-groups.json",
      json(
        toInterchange(
          withCells(sampleReport(), [
            [ref("三", "granted", "natural"), 13],
            [ref("四", "review", "total"), 3],
          ])
        )
      )
    );
    const variants = toInterchange(sampleReport());
    variants.cells = variants.cells.map((c) => ({
      ...c,
      row: c.row.replace(/（/g, "(").replace(/）/g, ") "),
      column: ` ${c.column}`,
    }));
    write("variants.json", json(variants));
    const unknown = toInterchange(sampleReport());
    unknown.cells[20] = { ...unknown.cells[20], row: "（一）予以公然" };
    write("unknown-label.json", json(unknown));
    write("malformed.json", '{"format": "2021", "cells": [');
    write(
      "wrong-types.json",
      json({
        format: "2021",
        year: "二〇二三",
        cells: [{ table: "三", row: "（一）予以公开", column: "自然人", value: true }],
      })
    );
    const duplicated = toInterchange(sampleReport());
    duplicated.cells.push({ ...duplicated.cells[30] });
    write("duplicate.json", json(duplicated));
    write(
      "infinite.json",
      json(toInterchange(sampleReport())).replace(/"value": 31/, '"value": 1e400')
    );
    write(
      "nan-literal.json",
      json(toInterchange(sampleReport())).replace(/"value": 31/, '"value": NaN')
    );
    write(
      "huge.json",
      json(toInterchange(withCells(sampleReport(), [[ref("三", "granted", "natural"), 1e300]])))
    );
    write(
      "nan-text.json",
      json(toInterchange(withCells(sampleReport(), [[ref("三", "granted", "natural"), "NaN"]])))
    );
    write("empty.json", "");
    mkdirSync(join(dir, "folder.json"));
    // Last year's report carried 3 natural-person applications forward; the sample says 4 were carried over.
    write(
      "last-year.json",
      json(
        toInterchange(
          buildReport(
            "2021",
            (c) => (c.table === "三" && c.row === "next" && c.column === "natural" ? 3 : 0),
            { year: 2022 }
          )
        )
      )
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("exit codes", () => {
    it("0 when no file has a hard error (the seed report, a correct report)", async () => {
      const run = await nianbao(dir, "check", "seed.json", "good.json");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /共检查 2 份报告：0 份有错误，2 份通过/);
    });

    it("1 when a file has a hard error", async () => {
      const run = await nianbao(dir, "check", "good.json", "wrong.json");
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /1 份有错误，1 份通过/);
    });

    it("2 for a usage error, with commander's message and no stack trace", async () => {
      const run = await nianbao(dir, "check");
      assert.equal(run.code, 2);
      assertNoStackTrace(run);
    });
  });

  describe("files that cannot be read", () => {
    const cases: [string, RegExp][] = [
      ["malformed.json", /不是有效的 JSON/],
      ["wrong-types.json", /year：类型不对：应为数字/],
      ["duplicate.json", /重复出现/],
      ["infinite.json", /应为数字、文字或 null/],
      ["nan-literal.json", /不是有效的 JSON/],
      ["empty.json", /文件是空的/],
      ["folder.json", /文件夹/],
      ["missing.json", /文件不存在/],
    ];
    for (const [file, message] of cases) {
      it(`${file}: a Chinese message naming the file, exit 2, and the other files are still checked`, async () => {
        const run = await nianbao(dir, "check", "good.json", file, "wrong.json");
        assert.equal(run.code, 2);
        assertNoStackTrace(run);
        const line = run.stderr.split("\n").find((l) => l.includes(file));
        assert.ok(line, `stderr names ${file}: ${run.stderr}`);
        assert.match(line!, message);
        assert.match(line!, /[\u4e00-\u9fff]/);
        assert.match(run.stdout, /good\.json（2021 年版格式/);
        assert.match(run.stdout, /wrong\.json（2021 年版格式/);
        assert.match(run.stdout, /1 个文件无法读取/);
      });
    }

    it("an unknown label: names the label and the closest official ones, exit 2", async () => {
      const run = await nianbao(dir, "check", "unknown-label.json");
      assert.equal(run.code, 2);
      assert.match(run.stderr, /unknown-label\.json/);
      assert.match(run.stderr, /“（一）予以公然”/);
      assert.match(run.stderr, /最接近的是：“（一）予以公开”/);
      assertNoStackTrace(run);
    });

    it("in --json mode the unreadable files are listed beside the reports", async () => {
      const run = await nianbao(dir, "check", "--json", "good.json", "missing.json");
      assert.equal(run.code, 2);
      const out = JSON.parse(run.stdout);
      assert.deepEqual(
        out.reports.map((r: { file: string }) => r.file),
        ["good.json"]
      );
      assert.deepEqual(out.failures, [{ file: "missing.json", message: "文件不存在" }]);
    });
  });

  describe("values a file holds but that are not counts", () => {
    it("huge.json: a value no report can hold (1e300) makes the file malformed: a message naming the cell, exit 2", async () => {
      const run = await nianbao(dir, "check", "huge.json");
      assert.equal(run.code, 2);
      assertNoStackTrace(run);
      assert.match(run.stderr, /huge\.json.*“（一）予以公开”行“自然人”列的值 1e\+300 过大/);
    });
    for (const [file, raw] of [["nan-text.json", /“NaN”/]] as const) {
      it(`${file}: the file is read and the cell is a T-NUMBER error naming it (exit 1)`, async () => {
        const run = await nianbao(dir, "check", file);
        assert.equal(run.code, 1, run.stderr);
        assertNoStackTrace(run);
        assert.match(run.stdout, /错误 T-NUMBER\s+表三“（一）予以公开”行“自然人”列填的是/);
        assert.match(run.stdout, raw);
      });
    }
  });

  describe("label variants", () => {
    it("half-width parentheses and spaces are read as the official labels", async () => {
      const run = await nianbao(dir, "check", "--json", "--cells", "variants.json");
      assert.equal(run.code, 0, run.stderr);
      const [report] = JSON.parse(run.stdout).reports;
      assert.ok(
        report.cells.some(
          (c: { row: string; column: string }) =>
            c.row === "（一）予以公开" && c.column === "自然人"
        )
      );
      assert.ok(
        report.cells.every((c: { row: string }) => !c.row.includes("(")),
        "canonical labels are written back"
      );
    });
  });

  describe("the README", () => {
    it("shows what nianbao check really prints for its example", async () => {
      const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
      const block = /```console\n\$ npx nianbao check (\S+)\n([\s\S]*?)```/.exec(readme);
      assert.ok(block, "the README has a console example");
      const run = await nianbao(resolve(__dirname, "../.."), "check", block[1]);
      assert.equal(run.stdout.trim(), block[2].trim());
      assert.equal(run.code, 1);
    });
  });

  describe("human output", () => {
    it("is Chinese and names the wrong cell and the suggested value", async () => {
      const run = await nianbao(dir, "check", "wrong.json");
      assert.match(run.stdout, /wrong\.json（2021 年版格式，2023 年度，某市某区司法局）/);
      assert.match(run.stdout, /✗ 2 个错误/);
      assert.match(run.stdout, /错误 R3-2/);
      assert.match(
        run.stdout,
        /建议 可确定的改法：把表三“（一）予以公开”行“自然人”列由 13 改为 31（疑似数字颠倒）/
      );
    });

    it("--cells lists every cell as read", async () => {
      const run = await nianbao(dir, "check", "--cells", "good.json");
      assert.match(run.stdout, /表三 （一）予以公开 \/ 自然人：31/);
      assert.equal(run.stdout.split("\n").filter((l) => /^\s+表[二三四] /.test(l)).length, 200);
    });
  });

  describe("--json", () => {
    /** The shape the README documents for `--json`, key by key. */
    const DOCUMENTED = {
      report: [
        "agency",
        "file",
        "findings",
        "fixes",
        "format",
        "kind",
        "status",
        "summary",
        "year",
      ],
      finding: ["actual", "cells", "expected", "imbalance", "message", "rule", "severity"],
      cell: ["column", "row", "table"],
      fix: ["certainty", "changes", "group", "message", "resolves"],
      change: ["column", "from", "row", "table", "to"],
      summary: ["errors", "warnings"],
    };
    /** Keys present only when they have something to say: a slip behind a change, a clerk's 说明 of a warning. */
    const OPTIONAL = {
      report: ["sheet", "previous"],
      finding: ["explanation"],
      change: ["slip"],
    } as Record<string, string[]>;

    function assertShape(what: keyof typeof DOCUMENTED, value: Record<string, unknown>) {
      const keys = Object.keys(value);
      for (const k of DOCUMENTED[what]) assert.ok(k in value, `${what} lacks "${k}"`);
      for (const k of keys)
        assert.ok(
          DOCUMENTED[what].includes(k) || (OPTIONAL[what] ?? []).includes(k),
          `${what} has an undocumented "${k}"`
        );
    }
    const numberOrNull = (v: unknown) => v === null || typeof v === "number";

    it("has the documented shape, with numbers where numbers belong", async () => {
      const run = await nianbao(dir, "check", "--json", "two-groups.json", "seed.json");
      assert.equal(run.code, 1);
      const out = JSON.parse(run.stdout);
      assert.deepEqual(Object.keys(out), ["reports"]);
      assert.equal(out.reports.length, 2);
      for (const report of out.reports) {
        assertShape("report", report);
        assert.deepEqual(
          [typeof report.file, report.format, typeof report.year, typeof report.agency],
          ["string", "2021", "number", "string"]
        );
        assert.equal(report.kind, "json");
        assert.ok(["error", "warning", "clean", "unchecked"].includes(report.status));
        assertShape("summary", report.summary);
        for (const f of report.findings) {
          assertShape("finding", f);
          assert.match(f.rule, /^[RTW][-\w]+$/);
          assert.ok(["error", "warning"].includes(f.severity));
          assert.match(f.message, /[\u4e00-\u9fff]/);
          assert.ok(
            numberOrNull(f.expected) && numberOrNull(f.actual) && numberOrNull(f.imbalance)
          );
          for (const c of f.cells) assertShape("cell", c);
        }
        for (const fix of report.fixes) {
          assertShape("fix", fix);
          assert.ok(fix.resolves.every((r: unknown) => typeof r === "string"));
          assert.ok(["unique", "oneOf", "recomputed"].includes(fix.certainty));
          assert.equal(typeof fix.group, "number");
          assert.match(fix.message, /改为/);
          for (const c of fix.changes) {
            assertShape("change", c);
            assert.equal(typeof c.to, "number");
          }
        }
        assert.equal(report.cells, undefined, "cells only with --cells");
      }
      const [wrongReport, seedReport] = out.reports;
      assert.deepEqual(seedReport.findings, []);
      assert.deepEqual(seedReport.summary, { errors: 0, warnings: 0 });
      assert.deepEqual(wrongReport.summary, { errors: 3, warnings: 0 });
      const r32 = wrongReport.findings.find((f: { rule: string }) => f.rule === "R3-2");
      assert.deepEqual([r32.expected, r32.actual, r32.imbalance], [15, 33, 18]);
      assert.deepEqual(r32.cells[1], { table: "三", row: "（一）予以公开", column: "自然人" });
    });

    it("lists fixes best first: each broken group's best fix, then the alternatives", async () => {
      const run = await nianbao(dir, "check", "--json", "two-groups.json");
      const [report] = JSON.parse(run.stdout).reports;
      const fixes = report.fixes.map(
        (f: { changes: { table: string; column: string; to: number }[]; certainty: string }) =>
          [f.changes.map((c) => `${c.table}:${c.column}→${c.to}`).join(), f.certainty].join(" ")
      );
      assert.equal(fixes.length, 6);
      assert.deepEqual(fixes.slice(0, 2), ["三:自然人→31 unique", "四:总计→2 oneOf"]);
      assert.ok(fixes.slice(2).every((f: string) => f.startsWith("四:") && f.endsWith("oneOf")));
      assert.deepEqual(report.fixes[0].changes[0], {
        table: "三",
        row: "（一）予以公开",
        column: "自然人",
        from: 13,
        to: 31,
        slip: "transposed",
      });
      assert.deepEqual(report.fixes[0].resolves.sort(), ["R3-2", "R3-3"]);
    });

    it("--cells adds every cell as read, with official labels", async () => {
      const run = await nianbao(dir, "check", "--json", "--cells", "seed.json");
      const [report] = JSON.parse(run.stdout).reports;
      assert.equal(report.cells.length, 200);
      assert.deepEqual(report.cells[3], {
        table: "二",
        row: "行政规范性文件",
        column: "本年制发件数",
        value: 0,
      });
    });

    it("--previous compares 上年结转 with last year's 结转下年度继续办理", async () => {
      const run = await nianbao(
        dir,
        "check",
        "--json",
        "--previous",
        "last-year.json",
        "good.json"
      );
      assert.equal(run.code, 0, "a carry-over mismatch is a warning");
      const [report] = JSON.parse(run.stdout).reports;
      const carry = report.findings.filter((f: { rule: string }) => f.rule === "W-CARRYOVER");
      assert.deepEqual(
        carry.map((f: { cells: { column: string }[]; expected: number; actual: number }) => [
          f.cells[0].column,
          f.expected,
          f.actual,
        ]),
        [
          ["自然人", 3, 4],
          ["总计", 3, 4],
        ]
      );
      // The sample issues 3 行政规范性文件 and has none in force, last year none either: 表二 across years (W-INFORCE).
      assert.deepEqual(report.findings.map((f: { rule: string }) => f.rule).sort(), [
        "W-CARRYOVER",
        "W-CARRYOVER",
        "W-INFORCE",
      ]);
      assert.deepEqual(report.summary, { errors: 0, warnings: 3 });
      const without = JSON.parse((await nianbao(dir, "check", "--json", "good.json")).stdout);
      assert.deepEqual(without.reports[0].findings, []);
    });

    it("an unreadable --previous file is exit 2 with its name, the report is still checked", async () => {
      const run = await nianbao(dir, "check", "--previous", "missing-last-year.json", "good.json");
      assert.equal(run.code, 2);
      assert.match(run.stderr, /上年报告 missing-last-year\.json：文件不存在/);
      assert.match(run.stdout, /good\.json/);
    });
  });
});
