import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { docxToSource } from "../../src/importers/docx";
import { pdfToSource } from "../../src/importers/pdf";
import "../../src/importers";
import type { FormatId } from "../../src/format";
import { agencyHtml } from "./agency-html";
import { differences, printedCells } from "./source-cells";
import { reportValues } from "../fixtures/documents/make";

/**
 * Property (few runs: LibreOffice is slow): a random consistent report with random blank cells, written as an agency's
 * HTML page in a random page layout (landscape or portrait, label width, font size), converted by LibreOffice to
 * .docx and to .pdf, reads back with every value in its cell and every blank blank — in both.
 */

// More runs or another seed for a deeper look: NIANBAO_SOFFICE_RUNS=40 NIANBAO_SOFFICE_SEED=7 npx mocha <this file>.
const RUNS = Number(process.env.NIANBAO_SOFFICE_RUNS) || 5;
const SEED = Number(process.env.NIANBAO_SOFFICE_SEED) || 20251206;

function soffice(): string {
  for (const bin of ["soffice", "libreoffice"]) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (!r.error && r.status === 0) return bin;
  }
  assert.fail(
    "LibreOffice (soffice) is not installed, and this test needs it to make Word and PDF files: run .ci/run (it " +
      "installs libreoffice-writer-nogui and fonts-noto-cjk)"
  );
}

describe("importers: Word and PDF made by LibreOffice (property, calls soffice)", function () {
  this.timeout(600_000);

  it("random consistent reports → HTML → soffice → .docx and .pdf → the same cells, blanks in place", async () => {
    const bin = soffice();
    const cases = fc.sample(
      fc.record({
        format: fc.constantFrom<FormatId>("2021", "2019"),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        blankShare: fc.double({ min: 0, max: 0.8, noNaN: true }),
        orientation: fc.constantFrom<"landscape" | "portrait">("landscape", "portrait"),
        labelWidth: fc.integer({ min: 30, max: 60 }),
        tableFontPt: fc.constantFrom(9, 10.5, 12, 14),
        scale: fc.constantFrom(1, 1, 101, 10101),
      }),
      { numRuns: RUNS, seed: SEED }
    );
    const dir = mkdtempSync(join(tmpdir(), "nianbao-soffice-"));
    try {
      const files = cases.map((c, i) => {
        const values = reportValues(c.format, c.seed, c.blankShare);
        for (const [id, v] of values) if (v !== null) values.set(id, v * c.scale);
        const file = join(dir, `case${i}.html`);
        writeFileSync(
          file,
          agencyHtml(values, {
            format: c.format,
            title: `某县某局${c.format === "2021" ? 2023 : 2020}年政府信息公开工作年度报告`,
            orientation: c.orientation,
            labelWidth: c.labelWidth,
            tableFontPt: c.tableFontPt,
          })
        );
        return { file, values, c };
      });
      for (const to of ["docx", "pdf"]) {
        const r = spawnSync(
          bin,
          [
            `-env:UserInstallation=file://${join(dir, "profile")}`,
            "--headless",
            "--norestore",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            to,
            "--outdir",
            dir,
            ...files.map((f) => f.file),
          ],
          { encoding: "utf8", timeout: 300_000 }
        );
        assert.equal(r.status, 0, `soffice failed: ${r.error?.message ?? ""}\n${r.stderr}`);
      }
      for (const { file, values, c } of files) {
        const want = new Map([...values].map(([id, v]) => [id, v === null ? "" : String(v)]));
        const word = docxToSource(new Uint8Array(readFileSync(file.replace(/html$/, "docx"))));
        assert.deepEqual(
          differences(printedCells(word, c.format), want),
          [],
          `docx, case ${JSON.stringify(c)}`
        );
        const pdf = await pdfToSource(new Uint8Array(readFileSync(file.replace(/html$/, "pdf"))));
        // Every value in its cell — unless the PDF cut a table at the page edge, which must then be said.
        const wrong = differences(printedCells(pdf, c.format), want);
        const cut = pdf.notes?.some(
          (n) => n.code === "I-TRUNCATED" && /超出了页面边缘/.test(n.message)
        );
        if (!cut) assert.deepEqual(wrong, [], `pdf, case ${JSON.stringify(c)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
