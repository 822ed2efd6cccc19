import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { preparePublication, renderPublication } from "../../src/publish";
import { getFormat, type FormatId } from "../../src/format";
import { sampleReport } from "../helpers/reports";

/**
 * The Word document opens in another word processor: LibreOffice (headless) converts it to PDF without error, on A4,
 * and the PDF's text (poppler's pdftotext) has the title, the six headings and table 三's rows with their numbers in
 * order — the table was laid out, not lost.
 */

function tool(bin: string, args: string[], hint: string): void {
  const r = spawnSync(bin, args, { encoding: "utf8" });
  if (r.error || r.status !== 0)
    assert.fail(
      `${bin} is not installed, and this test needs it: ${hint} (run .ci/run, which installs it)`
    );
}

describe("publish: the Word document in LibreOffice", function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "nianbao-publish-lo-"));
  const formats: FormatId[] = ["2021", "2019"];

  before(async () => {
    tool("soffice", ["--version"], "apt-get install -y libreoffice-writer-nogui");
    tool("pdftotext", ["-v"], "apt-get install -y poppler-utils");
    for (const f of formats) {
      const p = preparePublication(sampleReport(f));
      assert.ok(p.ok);
      writeFileSync(join(dir, `年报${f}.docx`), await renderPublication(p.publication, "docx"));
    }
    const r = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        ...formats.map((f) => join(dir, `年报${f}.docx`)),
      ],
      { encoding: "utf8", timeout: 170_000 }
    );
    assert.equal(r.status, 0, r.stderr);
  });

  for (const format of formats)
    it(`converts the ${format} document to an A4 PDF whose text has the title, the six headings and table 三's rows`, () => {
      const pdf = join(dir, `年报${format}.pdf`);
      assert.ok(existsSync(pdf), "no PDF written");
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
      assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).stdout;
      const compact = text.replace(/\s+/g, "");
      assert.ok(
        compact.includes(
          `某市某区司法局${format === "2021" ? 2023 : 2020}年政府信息公开工作年度报告`
        )
      );
      for (const heading of getFormat(format).decl.sections)
        assert.ok(compact.includes(heading), heading);
      const lines = text.split("\n").map((l) => l.trim().replace(/\s+/g, " "));
      assert.ok(lines.includes("一、本年新收政府信息公开申请数量 54 3 0 0 0 0 57"), text);
      assert.ok(lines.includes("二、上年结转政府信息公开申请数量 4 0 0 0 0 0 4"));
      assert.ok(lines.includes("四、结转下年度继续办理 2 0 0 0 0 0 2"));
    });
});
