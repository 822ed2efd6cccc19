import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { confront } from "../../src/check";
import { a1, sheetPlan } from "../../src/layout";
import type { Report } from "../../src/report";
import { cellId, getFormat, type FormatId } from "../../src/format";
import { readXlsx } from "../../src/xlsx/read";
import { fillEntries, reportBuffer, templateBuffer } from "../../src/xlsx/write";
import { ref, sampleReport, withCells } from "../helpers/reports";
import { loadWorkbook, saveWorkbook, tempDir } from "./helpers";

/**
 * The check cells are native formulas: a spreadsheet application other than ours must compute them. LibreOffice
 * (headless) opens the filled templates — written by exceljs without cached results — recalculates, and exports the
 * first sheet as CSV, as shown: every check cell must read ✓ when the report is consistent and, when a cell is wrong,
 * exactly the imbalance `confront` finds for that rule and line, with its sign.
 */

function soffice(): string {
  for (const bin of ["soffice", "libreoffice"]) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (!r.error && r.status === 0) return bin;
  }
  assert.fail(
    "LibreOffice (soffice) is not installed, and this test needs it to recalculate the .xlsx check formulas: run .ci/run " +
      "(it installs libreoffice-calc-nogui), or apt-get install -y --no-install-recommends libreoffice-calc-nogui"
  );
}

/** RFC 4180 CSV, as LibreOffice writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** What a check cell shows for an imbalance, under CHECK_NUMBER_FORMAT. */
const shown = (imbalance: number) =>
  imbalance === 0 ? "✓" : imbalance > 0 ? `+${imbalance}` : `-${-imbalance}`;

/** The number a check cell shows (✓ is 0). */
const shownValue = (text: string) => (text === "✓" ? 0 : Number(text.replace(/\.$/, "")));

interface Case {
  name: string;
  report: Report;
}

function cases(format: FormatId): Case[] {
  const year = format === "2021" ? 2025 : 2020;
  const good = sampleReport(format, { year });
  return [
    { name: `${format}-consistent`, report: good },
    {
      name: `${format}-wrong`,
      report: withCells(good, [
        [ref("三", "granted", "natural"), 33], // 31 → 33: R3-2 on 予以公开 −2, R3-3 on 自然人 −2
        [ref("三", "carried", "natural"), 5], // 4 → 5: R3-1 on 自然人 −1, R3-2 on 上年结转 −1
        [ref("三", "next", "total"), 5], // 2 → 5: R3-1 on 总计 +3, R3-2 on 结转下年度 +3, R3-3 untouched
        [ref("四", "review", "upheld"), 3], // 1 → 3: R4-1 −2
      ]),
    },
  ];
}

describe("LibreOffice recalculates the template's check formulas", function () {
  this.timeout(180_000);
  const tmp = tempDir("nianbao-lo-");
  after(() => tmp.remove());

  it("shows ✓ for consistent reports and confront's imbalance, with its sign, where a cell is wrong", async function () {
    const bin = soffice();
    const all = [...cases("2021"), ...cases("2019")];
    const files: string[] = [];
    for (const c of all) {
      const { format, year, agency } = c.report;
      const wb = await loadWorkbook(
        await templateBuffer({ format, year, agency, checks: "formulas" })
      );
      assert.equal(
        wb.worksheets[0].name,
        `${year}年报`,
        "the report sheet is the first sheet (only it goes to the CSV)"
      );
      fillEntries(
        wb.worksheets[0],
        sheetPlan({ format, year, agency, checks: "formulas" }),
        c.report
      );
      const file = join(tmp.dir, `${c.name}.xlsx`);
      writeFileSync(file, await saveWorkbook(wb));
      files.push(file);
    }

    const started = Date.now();
    const r = spawnSync(
      bin,
      [
        `-env:UserInstallation=file://${join(tmp.dir, "profile")}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        "--outdir",
        join(tmp.dir, "csv"),
        ...files,
      ],
      { encoding: "utf8", timeout: 150_000 }
    );
    const seconds = (Date.now() - started) / 1000;
    assert.equal(
      r.status,
      0,
      `soffice failed: ${r.error?.message ?? ""}\n${r.stdout}\n${r.stderr}`
    );
    console.log(
      `      (LibreOffice converted ${files.length} workbooks in ${seconds.toFixed(1)} s)`
    );

    for (const c of all) {
      const csv = parseCsv(readFileSync(join(tmp.dir, "csv", `${c.name}.csv`), "utf8"));
      const plan = sheetPlan({
        format: c.report.format,
        year: c.report.year,
        agency: c.report.agency,
        checks: "formulas",
      });
      assert.match(csv[0][0], /政府信息公开工作年度报告/, `${c.name}: the CSV is the report sheet`);

      const result = confront(c.report, { localize: false });
      const expected = new Map<string, number>();
      for (const f of result.errors())
        if (f.detail.type === "sum") expected.set(`${f.rule}|${f.detail.line}`, f.imbalance!);
      if (c.name.endsWith("consistent")) assert.equal(expected.size, 0, `${c.name} is consistent`);
      else assert.ok(expected.size >= 7, `${c.name} breaks rules in several places`);

      const seen = new Map<string, number>();
      for (const check of plan.checks) {
        const key = `${check.instance!.rule.id}|${check.instance!.line}`;
        const text = csv[check.row]?.[check.col] ?? "";
        const want = expected.get(key) ?? 0;
        assert.equal(
          text,
          shown(want),
          `${c.name}: check ${a1(check.row, check.col)} (${key}) shows “${text}”, expected “${shown(want)}”`
        );
        if (shownValue(text) !== 0) seen.set(key, shownValue(text));
      }
      // Every imbalance confront found is shown by a check cell, and no other.
      assert.deepEqual(new Map([...seen].sort()), new Map([...expected].sort()), c.name);
    }
  });

  it("a filled template saved again by LibreOffice keeps its table names and meta, and reads back cell for cell", async function () {
    const bin = soffice();
    const report = sampleReport("2021", { year: 2025, agency: "某市某区司法局" });
    const file = join(tmp.dir, "saved-by-lo.xlsx");
    writeFileSync(file, await reportBuffer(report));
    const r = spawnSync(
      bin,
      [
        `-env:UserInstallation=file://${join(tmp.dir, "profile")}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        join(tmp.dir, "lo-xlsx"),
        file,
      ],
      { encoding: "utf8", timeout: 150_000 }
    );
    assert.equal(
      r.status,
      0,
      `soffice failed: ${r.error?.message ?? ""}\n${r.stdout}\n${r.stderr}`
    );
    const saved = readFileSync(join(tmp.dir, "lo-xlsx", "saved-by-lo.xlsx"));
    const wb = await loadWorkbook(saved);
    assert.equal(
      wb.subject,
      "Nianbao|2021|2025|某市某区司法局",
      "the meta (core property subject) survives"
    );
    assert.deepEqual(wb.definedNames.getRanges("Nianbao_T3").ranges, ["'2025年报'!$A$21:$J$48"]);
    const back = await readXlsx(saved, "saved-by-lo.xlsx");
    if (!back.ok) assert.fail(back.error);
    assert.deepEqual(
      back.report.notes!.map((n) => n.code),
      ["xlsx-names", "xlsx-names", "xlsx-names"]
    );
    assert.equal(back.report.year, 2025);
    assert.equal(back.report.agency, "某市某区司法局");
    for (const c of getFormat("2021").cells)
      assert.equal(back.report.values.get(cellId(c)), report.values.get(cellId(c)), cellId(c));
  });
});
