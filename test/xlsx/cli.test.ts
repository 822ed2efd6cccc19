import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sheetPlan } from "../../src/layout";
import type { Report } from "../../src/report";
import { readXlsx } from "../../src/xlsx/read";
import { fillEntries } from "../../src/xlsx/write";
import { ref, sampleReport, withCells } from "../helpers/reports";
import { loadWorkbook, runCli, saveWorkbook, tempDir } from "./helpers";

/** `nianbao template` and `nianbao check file.xlsx` as a user runs them: child processes, exit codes, Chinese messages. */

describe("nianbao template / check file.xlsx (CLI)", function () {
  this.timeout(60_000);
  const tmp = tempDir();
  after(() => tmp.remove());
  const path = (name: string) => join(tmp.dir, name);

  /** The template the CLI wrote, filled from a report with exceljs, saved under a new name. */
  async function fillTemplate(template: string, report: Report, out: string): Promise<string> {
    const wb = await loadWorkbook(readFileSync(template));
    const plan = sheetPlan({
      format: report.format,
      year: report.year,
      agency: report.agency,
      checks: "formulas",
    });
    fillEntries(wb.worksheets[0], plan, report);
    writeFileSync(out, await saveWorkbook(wb));
    return out;
  }

  it("template: writes the 2021 format for 2025, exit 0, and says what it wrote", async () => {
    const r = runCli([
      "template",
      "--year",
      "2025",
      "--agency",
      "某局",
      "-o",
      path("2025年报.xlsx"),
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已生成 .*2025年报\.xlsx（2021 年版格式，2025 年度，某局）/);
    const back = await readXlsx(readFileSync(path("2025年报.xlsx")));
    assert.ok(back.ok);
    assert.equal(back.report.format, "2021");
    assert.equal(back.report.year, 2025);
    assert.equal(back.report.agency, "某局");
  });

  it("template: the format follows the year (2020 → 2019 format); an explicit other format is written with a hint", async () => {
    assert.equal(runCli(["template", "--year", "2020", "-o", path("2020.xlsx")]).status, 0);
    const back = await readXlsx(readFileSync(path("2020.xlsx")));
    assert.ok(back.ok);
    assert.equal(back.report.format, "2019");
    const r = runCli([
      "template",
      "--year",
      "2025",
      "--format",
      "2019",
      "-o",
      path("2025-old.xlsx"),
    ]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /2025 年度应使用 2021 年版格式/);
  });

  it("template: a bad year, a bad format, a missing year or output are exit 2 with a Chinese message", () => {
    const cases: [string[], RegExp][] = [
      [["template", "--year", "20x", "-o", path("x.xlsx")], /年度“20x”不对/],
      [["template", "--year", "2015", "-o", path("x.xlsx")], /2019 年或以后/],
      [["template", "--year", "2025", "--format", "2018", "-o", path("x.xlsx")], /格式“2018”不对/],
      [["template", "-o", path("x.xlsx")], /请用 --year 指定报告年度/],
      [["template", "--year", "2025"], /请用 -o 指定输出文件/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, message, args.join(" "));
    }
  });

  it("template: an unwritable path is exit 2 with the reason in Chinese", () => {
    const missingDir = runCli(["template", "--year", "2025", "-o", path("没有这个文件夹/a.xlsx")]);
    assert.equal(missingDir.status, 2);
    assert.match(missingDir.stderr, /无法写入 .*：所在的文件夹不存在/);
    mkdirSync(path("a-folder.xlsx"));
    const folder = runCli(["template", "--year", "2025", "-o", path("a-folder.xlsx")]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /无法写入 .*：这是一个文件夹/);
  });

  it("check: a consistent filled template is exit 0, one wrong cell exit 1 with the broken rules", async () => {
    assert.equal(
      runCli(["template", "--year", "2025", "--agency", "某市某区司法局", "-o", path("t.xlsx")])
        .status,
      0
    );
    const good = sampleReport("2021", { year: 2025 });
    const bad = withCells(good, [[ref("三", "granted", "natural"), 33]]);
    await fillTemplate(path("t.xlsx"), good, path("good.xlsx"));
    await fillTemplate(path("t.xlsx"), bad, path("bad.xlsx"));

    const ok = runCli(["check", path("good.xlsx")]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /2021 年版格式，2025 年度，某市某区司法局/);
    assert.match(ok.stdout, /勾稽关系全部成立/);

    const wrong = runCli(["check", path("bad.xlsx")]);
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout, /R3-2/);
    assert.match(wrong.stdout, /R3-3/);

    const json = runCli(["check", "--json", path("bad.xlsx")]);
    assert.equal(json.status, 1);
    const out = JSON.parse(json.stdout);
    assert.equal(out.reports.length, 1);
  });

  it("check: an empty template is exit 0 (blank read as 0, with warnings); a broken .xlsx is exit 2", () => {
    const empty = runCli(["check", path("2025年报.xlsx")]);
    assert.equal(empty.status, 0, empty.stderr);
    assert.match(empty.stdout, /W-BLANK/);
    writeFileSync(path("broken.xlsx"), "not a workbook");
    const broken = runCli(["check", path("broken.xlsx")]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.xlsx：不是有效的 \.xlsx 文件/);
  });
});
