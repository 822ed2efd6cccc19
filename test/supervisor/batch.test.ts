import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as ExcelJS from "exceljs";
import { checkCommand } from "../../src/cli/check";
import { discover } from "../../src/cli/files";
import { FILLS, FINDING_COLUMNS, REPORT_COLUMNS, STATUS } from "../../src/cli/summary";
import { loadExcelJS } from "../../src/xlsx/exceljs";
import { buildReport, ref, sampleReport, withCells } from "../helpers/reports";
import { bin, check, CORPUS, fakeTerminal, tempFolder } from "./helpers";

/**
 * `nianbao check DIR…` for a supervising office: a folder of mixed files (reports in JSON, published text and HTML,
 * broken files, files that are not reports), exit codes and counts, the progress bar, and the summary workbook read
 * back with exceljs.
 */

const AGENCY_B = "某县交通运输局";

describe("nianbao check DIR… (batch for supervisors)", function () {
  this.timeout(60_000);
  const folder = tempFolder();
  after(() => folder.remove());

  before(() => {
    folder.json("a/good.json", sampleReport("2021", { agency: "某县司法局", year: 2023 }));
    // 予以公开/自然人 31 typed as 13: two hard errors.
    folder.json(
      "a/wrong.json",
      withCells(sampleReport("2021", { agency: "某县财政局", year: 2023 }), [
        [ref("三", "granted", "natural"), 13],
      ])
    );
    // Same agency, consecutive years, deeper in the tree: last year carried 3 forward, this year says 4 were carried over.
    folder.json(
      "b/2022/last.json",
      buildReport(
        "2021",
        (c) => (c.table === "三" && c.row === "next" && c.column === "natural" ? 3 : 0),
        { year: 2022, agency: AGENCY_B }
      )
    );
    folder.json("b/2023/this.json", sampleReport("2021", { agency: ` ${AGENCY_B}`, year: 2023 }));
    folder.copy(join(CORPUS, "001.txt"), "published/平潭2022.txt");
    folder.copy(join(CORPUS, "003.html"), "published/平潭2024.html");
    // Broken report files: taken (they are .json) and reported as unreadable.
    folder.write("broken/not-json.json", "{ this is not json");
    folder.write(
      "broken/bad-label.json",
      JSON.stringify({
        format: "2021",
        cells: [{ table: "三", row: "（一）予以公然", column: "自然人", value: 1 }],
      })
    );
    // Not reports: skipped silently, counted.
    folder.write("notes/说明.txt", "请各单位于1月31日前报送。联系人：张三。");
    folder.write("notes/readme.md", "# 工作安排\n\n- 收集材料\n");
    folder.write(
      "notes/scan.png",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 0, 0xff])
    );
    folder.write("notes/.DS_Store", "x");
    folder.write("a/~$good.xlsx", "lock");
  });

  it("waits for its output to be taken after each file, so a slow reader of a pipe does not make it hold everything", async () => {
    const seen: number[] = [];
    let written = 0;
    let out = "";
    const code = await checkCommand([join(CORPUS, "dept")], {
      jsonl: true,
      jobs: 0,
      out: (s) => ((out += s), written++),
      err: () => {},
      drained: async () => void seen.push(written),
    });
    assert.equal(code, 2);
    // Waited for after every file read (32 here), after what it printed then (these reports of one agency are held
    // back to be paired with the next year's, and printed after).
    assert.equal(seen.length, out.trim().split("\n").length - 1);
    assert.ok(seen.length > 10 && seen.every((n, i) => i === 0 || n >= seen[i - 1]));
    assert.ok(out.trim().split("\n").length >= seen.length);
  });

  it("finds the candidate files recursively; hidden, lock and other files are listed with a reason", async () => {
    const rel = (p: string) => p.slice(folder.dir.length + 1);
    const files: string[] = [];
    const skipped: string[] = [];
    for await (const f of discover([folder.dir]))
      if (f.type === "file") files.push(rel(f.path));
      else if (f.type === "skipped") skipped.push(`${rel(f.path)}：${f.reason}`);
    assert.deepEqual(files.sort(), [
      "a/good.json",
      "a/wrong.json",
      "b/2022/last.json",
      "b/2023/this.json",
      "broken/bad-label.json",
      "broken/not-json.json",
      "notes/readme.md",
      "notes/说明.txt",
      "published/平潭2022.txt",
      "published/平潭2024.html",
    ]);
    assert.deepEqual(skipped.sort(), [
      "a/~$good.xlsx：隐藏文件、临时文件或锁文件",
      "notes/.DS_Store：隐藏文件、临时文件或锁文件",
      "notes/scan.png：不是报告文件类型（.png）",
    ]);
  });

  it("exit 2 when a file cannot be read; the others are still checked; the counts are said", async () => {
    const r = await check([folder.dir]);
    assert.equal(r.code, 2);
    assert.match(
      r.out,
      /共检查 6 份报告：1 份有错误，5 份通过，2 个文件无法读取，跳过 5 个其他文件。/
    );
    assert.match(r.err, /not-json\.json：不是有效的 JSON/);
    assert.match(r.err, /bad-label\.json：.*予以公然/);
    assert.doesNotMatch(r.err, /说明\.txt|scan\.png|readme/);
    // Every skipped file is listed with its reason.
    assert.match(r.out, /跳过的文件（5 个）：/);
    assert.match(r.out, /说明\.txt：不是年报（前 64 KB 中没有年报用语）/);
    assert.match(r.out, /scan\.png：不是报告文件类型（\.png）/);
  });

  it("exit 1 when a report breaks a hard rule (and none is unreadable), 0 when none does", async () => {
    assert.equal((await check([folder.path("a"), folder.path("b")])).code, 1);
    assert.equal((await check([folder.path("b"), folder.path("published")])).code, 0);
  });

  it("a folder with no report in it is an error (a wrong folder), naming it", async () => {
    const r = await check([folder.path("notes")]);
    assert.equal(r.code, 2);
    assert.match(r.err, /notes：这是一个文件夹，其中没有找到报告文件（4 个其他文件已跳过）/);
  });

  it("--json: the reports, the unreadable files, and every skipped file with its reason", async () => {
    const r = await check([folder.dir], { json: true });
    const doc = JSON.parse(r.out) as {
      reports: { file: string; summary: { errors: number } }[];
      failures: { file: string }[];
      skipped: { file: string; reason: string }[];
    };
    assert.deepEqual(Object.keys(doc), ["reports", "failures", "skipped"]);
    assert.equal(doc.reports.length, 6);
    assert.equal(doc.failures.length, 2);
    assert.equal(doc.skipped.length, 5);
    assert.ok(doc.skipped.every((x) => x.file && x.reason));
    assert.equal(doc.reports.filter((x) => x.summary.errors > 0).length, 1);
    const plain = JSON.parse((await check([folder.path("b")], { json: true })).out);
    assert.deepEqual(Object.keys(plain), ["reports"], "no skipped key when nothing was skipped");
  });

  it("consecutive years of one agency are checked against each other without --previous (W-CARRYOVER)", async () => {
    const r = await check([folder.dir], { json: true });
    const doc = JSON.parse(r.out) as {
      reports: { file: string; findings: { rule: string; message: string }[] }[];
    };
    const thisYear = doc.reports.find((x) => x.file.endsWith("this.json"))!;
    const [f] = thisYear.findings.filter((x) => x.rule === "W-CARRYOVER");
    assert.ok(f, "the carry-over is checked");
    assert.match(
      f.message,
      /本年“二、上年结转”为 4，但 2022 年度报告的“四、结转下年度继续办理”为 3/
    );
  });

  it("worker threads (--jobs 2) print the same reports, in the same order, as one thread (--jobs 0)", async () => {
    const dept = join(CORPUS, "dept");
    const [two, one] = await Promise.all([
      bin(CORPUS, "check", "--json", "--jobs", "2", dept),
      bin(CORPUS, "check", "--json", "--jobs", "0", dept),
    ]);
    assert.equal(two.code, one.code);
    assert.equal(JSON.parse(two.out).reports.length, 32);
    assert.deepEqual(JSON.parse(two.out), JSON.parse(one.out));
  });

  describe("progress bar", () => {
    it("drawn on a terminal while reading and checking, gone at the end", async () => {
      const tty = fakeTerminal();
      const r = await check([folder.dir], { progress: tty });
      assert.equal(r.code, 2);
      const drawn = tty.text();
      assert.match(drawn, /核对 \[.*\] \d+\/10 个文件/);
    });

    it("not drawn when stderr is piped (the real bin, as in a script)", async () => {
      const run = await bin(folder.dir, "check", ".");
      assert.equal(run.code, 2);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(run.err, /\u001b\[|\[=|\[░|核对 \[/);
      assert.match(run.out, /共检查 6 份报告/);
    });

    it("a --json document larger than a pipe's buffer reaches the reader whole", async () => {
      const run = await bin(CORPUS, "check", "--json", "--cells", "dept");
      assert.ok(run.out.length > 65_536, `${run.out.length} bytes`);
      assert.equal(JSON.parse(run.out).reports.length, 32);
    });
  });

  describe("--summary out.xlsx", () => {
    let wb: ExcelJS.Workbook;
    let expectedFindings = 0;
    before(async () => {
      const out = folder.path("summary/汇总.xlsx");
      folder.write("summary/.keep", "");
      const r = await check([folder.dir], { summary: out, json: true });
      assert.equal(r.code, 2);
      const doc = JSON.parse(r.out) as { reports: { findings: unknown[] }[] };
      expectedFindings = doc.reports.reduce((n, x) => n + x.findings.length, 0);
      wb = new (await loadExcelJS()).Workbook();
      await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      // Checking the folder again does not take the summary for a report.
      const again = await check([folder.dir], { summary: out });
      assert.match(again.out, /跳过 7 个其他文件/);
      assert.match(again.out, /汇总\.xlsx：本次写入的输出文件/);
    });

    const rows = (ws: ExcelJS.Worksheet) => {
      const out: Record<string, unknown>[] = [];
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      for (let i = 2; i <= ws.rowCount; i++) {
        const values = (ws.getRow(i).values as unknown[]).slice(1);
        out.push(Object.fromEntries(header.map((h, k) => [h, values[k] ?? null])));
      }
      return out;
    };

    it("has the sheets 报告 and 全部问题 with their headers", () => {
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ["报告", "全部问题"]
      );
      assert.deepEqual(
        (wb.getWorksheet("报告")!.getRow(1).values as unknown[]).slice(1),
        REPORT_COLUMNS.map((c) => c.header)
      );
      assert.deepEqual(
        (wb.getWorksheet("全部问题")!.getRow(1).values as unknown[]).slice(1),
        FINDING_COLUMNS.map((c) => c.header)
      );
    });

    it("报告: one row per file — reports and unreadable files — with agency, year, format, counts, status and top finding", () => {
      const r = rows(wb.getWorksheet("报告")!);
      assert.equal(r.length, 8);
      const byFile = (end: string) => r.find((x) => String(x["文件"]).endsWith(end))!;
      const wrong = byFile("wrong.json");
      assert.equal(wrong["单位"], "某县财政局");
      assert.equal(wrong["年度"], 2023);
      assert.equal(wrong["格式"], "2021 年版");
      assert.equal(wrong["文件类型"], "json");
      assert.equal(wrong["错误"], 2);
      assert.equal(wrong["状态"], STATUS.error);
      assert.match(
        String(wrong["主要问题"]),
        /^R3-2：表三“（一）予以公开”行：各类申请人之和为 15，但总计为 33/
      );
      assert.equal(byFile("good.json")["状态"], STATUS.clean);
      assert.equal(byFile("平潭2022.txt")["文件类型"], "text");
      assert.equal(byFile("平潭2024.html")["文件类型"], "html");
      assert.equal(byFile("this.json")["状态"], STATUS.warning);
      assert.match(String(byFile("this.json")["上年报告"]), /last\.json$/);
      const broken = byFile("not-json.json");
      assert.equal(broken["状态"], STATUS.failed);
      assert.match(String(broken["主要问题"]), /不是有效的 JSON/);
    });

    it("全部问题: one row per finding, with severity, rule, message and cells", () => {
      const r = rows(wb.getWorksheet("全部问题")!);
      assert.equal(r.length, expectedFindings);
      const errors = r.filter((x) => x["级别"] === "错误");
      assert.equal(errors.length, 2);
      assert.ok(errors.every((x) => String(x["文件"]).endsWith("wrong.json")));
      const r32 = errors.find((x) => x["规则"] === "R3-2")!;
      assert.deepEqual([r32["应为"], r32["实为"], r32["差额"]], [15, 33, 18]);
      assert.match(String(r32["单元格"]), /表三“（一）予以公开”行“自然人”列/);
      assert.ok(r.some((x) => x["规则"] === "W-CARRYOVER" && x["级别"] === "提示"));
    });

    it("can be sorted and filtered: autofilter over the table, header row frozen", () => {
      for (const [name, columns] of [
        ["报告", REPORT_COLUMNS.length],
        ["全部问题", FINDING_COLUMNS.length],
      ] as const) {
        const ws = wb.getWorksheet(name)!;
        const last = String.fromCharCode(64 + columns);
        assert.equal(ws.autoFilter, `A1:${last}${ws.rowCount}`, name);
        assert.equal(ws.views[0].state, "frozen");
        assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
      }
    });

    it("is coloured by conditional formatting: errors red, warnings amber, clean green", () => {
      const ws = wb.getWorksheet("报告")!;
      const cf = (
        ws as unknown as {
          conditionalFormattings: {
            ref: string;
            rules: {
              type: string;
              formulae: string[];
              style: { fill: { bgColor: { argb: string } } };
            }[];
          }[];
        }
      ).conditionalFormattings;
      assert.equal(cf.length, 1);
      assert.equal(cf[0].ref, `A2:J${ws.rowCount}`);
      const fills = cf[0].rules.map((r) => [r.type, r.formulae[0], r.style.fill.bgColor.argb]);
      assert.deepEqual(fills, [
        ["expression", `OR($H2="${STATUS.error}",$H2="${STATUS.failed}")`, FILLS.error],
        ["expression", `$H2="${STATUS.warning}"`, FILLS.warning],
        ["expression", `$H2="${STATUS.clean}"`, FILLS.clean],
      ]);
      const all = (
        wb.getWorksheet("全部问题") as unknown as {
          conditionalFormattings: { rules: { formulae: string[] }[] }[];
        }
      ).conditionalFormattings;
      assert.deepEqual(
        all[0].rules.map((r) => r.formulae[0]),
        ['$D2="错误"', '$D2="提示"', '$D2="已说明"']
      );
    });

    it("a summary that cannot be written is an error (exit 2) after the checks are printed", async () => {
      const r = await check([folder.path("a")], { summary: folder.path("no/such/dir/汇总.xlsx") });
      assert.equal(r.code, 2);
      assert.match(r.err, /无法写入汇总表.*汇总\.xlsx：所在的文件夹不存在/);
      assert.doesNotMatch(r.err, /ENOENT/);
      assert.match(r.out, /共检查 2 份报告/);
    });
  });
});
