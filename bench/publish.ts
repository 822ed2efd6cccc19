import { performance } from "node:perf_hooks";
import { importBytes } from "../src/importers/registry";
import { preparePublication, renderPublication, type Publication } from "../src/publish";
import { sampleReport } from "../test/helpers/reports";

/**
 * Publishing one report (issue 11): checking it and building the document model (prepare), writing the .docx (docx
 * package: XML and zip), writing the web page, and reading the page back with the HTML importer (the round trip the
 * tests make). Milliseconds per report, mean of 20 after 3 warm-up runs. Figures only; nothing is asserted.
 */

async function mean(n: number, f: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const start = performance.now();
  for (let i = 0; i < n; i++) await f();
  return (performance.now() - start) / n;
}

export async function run(): Promise<void> {
  for (const format of ["2021", "2019"] as const) {
    const report = sampleReport(format);
    const prepared = preparePublication(report);
    if (!prepared.ok) throw new Error("the sample report was refused");
    const p: Publication = prepared.publication;
    const page = await renderPublication(p, "html");
    const docx = await renderPublication(p, "docx");
    const figures = {
      prepare: await mean(20, () => preparePublication(report)),
      docx: await mean(20, () => renderPublication(p, "docx")),
      html: await mean(20, () => renderPublication(p, "html")),
      "html read back": await mean(20, () => importBytes("年报.html", page)),
    };
    console.log(
      `  ${format}: ${Object.entries(figures)
        .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
        .join(" · ")} · .docx ${docx.length} bytes, .html ${page.length} bytes`
    );
  }
}
