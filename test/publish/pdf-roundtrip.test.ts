import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat, type FormatId } from "../../src/format";
import { importBytes } from "../../src/importers/registry";
import "../../src/importers";
import { preparePublication, renderPublication, type Publication } from "../../src/publish";
import type { Report } from "../../src/report";
import { readValue } from "../../src/values";
import { buildReport, consistentReport } from "../helpers/reports";

/**
 * The Word document as it is often put on the web: printed to PDF by LibreOffice. Random consistent reports of both
 * formats are published as .docx, converted by `soffice --convert-to pdf` (all in one call: LibreOffice takes seconds
 * to start) and read back by our PDF importer — every cell exactly, no import note, no finding the published report
 * did not have (so no warning about labels, format or text).
 */

// More runs or another seed for a deeper look: NIANBAO_PUBPDF_RUNS=20 NIANBAO_PUBPDF_SEED=7 npx mocha <this file>.
const RUNS_PER_FORMAT = Number(process.env.NIANBAO_PUBPDF_RUNS) || 4;
const SEED = Number(process.env.NIANBAO_PUBPDF_SEED) || 20261206;

const CLERK_TEXT = [
  "五、存在的主要问题及改进情况",
  "一是政府信息公开平台栏目更新不够及时；二是依申请公开答复的规范性有待提高。下一步将加强培训。",
  "六、其他需要报告的事项",
  "本年度未收取信息处理费。",
].join("\n");

const aboutTextOrImport = (rule: string) =>
  rule.startsWith("I-") ||
  rule.startsWith("W-TEXT") ||
  rule.startsWith("W-SECTION") ||
  rule === "W-FEE-NOT-REPORTED";

function soffice(): string {
  for (const bin of ["soffice", "libreoffice"]) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (!r.error && r.status === 0) return bin;
  }
  assert.fail(
    "LibreOffice (soffice) is not installed, and this test needs it to print the Word document to PDF: run .ci/run " +
      "(it installs libreoffice-writer-nogui and fonts-noto-cjk)"
  );
}

function publish(report: Report): Publication {
  const prepared = preparePublication(report);
  assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.errors));
  return prepared.publication;
}

/** A report whose every count is `big` (二's amounts big.99, 本年增/减 −big): numbers so wide that they wrap in their cells. */
function widestReport(format: FormatId, big: number): Report {
  return buildReport(
    format,
    (c, model) => {
      if (c.table === "三" && c.row === "carried") return 0;
      const kind = model.kindOf(c);
      if (kind === "money" || kind === "amount") return big + 0.99;
      return kind === "signed" ? -big : big;
    },
    { year: format === "2021" ? 2023 : 2020, agency: "某市某区司法局" }
  );
}

interface Case {
  report: Report;
  p: Publication;
  file: string;
}

/** Reads a case's PDF back and asserts the promise: same cells, no import note, no finding the publication lacked. */
async function assertReadsBack({ report, p, file }: Case, where: string) {
  const back = await importBytes(
    "年报.pdf",
    new Uint8Array(readFileSync(file.replace(/docx$/, "pdf")))
  );
  assert.ok(back.ok, `${where}: ${!back.ok ? back.error : ""}`);
  assert.equal(back.report.format, report.format, where);
  const model = getFormat(report.format);
  const wrong: string[] = [];
  for (const ref of model.cells) {
    const id = cellId(ref);
    const expected = readValue(report.values.get(id) ?? null).value;
    const got = back.report.values.has(id)
      ? readValue(back.report.values.get(id) ?? null).value
      : "(not read)";
    if (got !== expected) wrong.push(`${model.cellName(ref)}: ${got} ≠ ${expected}`);
  }
  assert.deepEqual(wrong, [], where);
  assert.deepEqual(back.report.notes ?? [], [], where);
  assert.equal(back.report.year, report.year, where);
  if (report.agency) assert.equal(back.report.agency, report.agency, where);
  const rules = (x: Report) => confront(x, { localize: false }).findings.map((f) => f.rule);
  assert.deepEqual(rules(back.report), rules(p.report), where);
  assert.deepEqual(rules(back.report).filter(aboutTextOrImport), [], where);
}

const describeCase = (i: number, r: Report) =>
  `case ${i} (${r.format}${r.agency ? `, ${r.agency}` : ""})`;

describe("publish: the Word document printed to PDF by LibreOffice, read back by the PDF importer (calls soffice)", function () {
  this.timeout(600_000);
  const formats: FormatId[] = ["2021", "2019"];
  const dir = mkdtempSync(join(tmpdir(), "nianbao-pubpdf-"));
  let random: Case[] = [];
  let widest: Case[] = [];

  // Every document in ONE soffice call: LibreOffice takes seconds to start.
  before(async () => {
    const bin = soffice();
    const sampled = formats.flatMap((format, f) =>
      fc
        .sample(
          fc.tuple(
            consistentReport(format),
            fc.constantFrom(undefined, "某市某区司法局", "某县人民政府办公室")
          ),
          { numRuns: RUNS_PER_FORMAT, seed: SEED + f }
        )
        .map(([r, agency]): Report => ({ ...r, ...(agency ? { agency } : {}) }))
    );
    const write = async (report: Report, name: string): Promise<Case> => {
      const withText: Report = { ...report, text: CLERK_TEXT };
      const p = publish(withText);
      const file = join(dir, `${name}.docx`);
      writeFileSync(file, await renderPublication(p, "docx"));
      return { report: withText, p, file };
    };
    random = await Promise.all(sampled.map((r, i) => write(r, `case${i}`)));
    widest = await Promise.all(formats.map((f) => write(widestReport(f, 999_999), `widest${f}`)));
    const r = spawnSync(
      bin,
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        ...[...random, ...widest].map((c) => c.file),
      ],
      { encoding: "utf8", timeout: 500_000 }
    );
    assert.equal(r.status, 0, `soffice failed: ${r.error?.message ?? ""}\n${r.stderr}`);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("random reports (both formats) give every cell exactly, with no import note and no new warning", async () => {
    assert.equal(random.length, RUNS_PER_FORMAT * formats.length);
    for (const [i, c] of random.entries()) await assertReadsBack(c, describeCase(i, c.report));
  });

  it("numbers too wide for their cells (six-digit counts, wrapped onto two or three lines) are read back whole", async () => {
    for (const c of widest) await assertReadsBack(c, `widest ${c.report.format}`);
  });
});
