import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { importBytes } from "../src/importers";
import { docxToSource } from "../src/importers/docx";
import { pdfToSource } from "../src/importers/pdf";

/**
 * Importing Word and PDF reports: milliseconds per file through the registry (what `nianbao check` and the pane's
 * import do before checking), for the LibreOffice-made fixtures of test/fixtures/documents, beside the same report
 * as the HTML page it was made from. The first PDF also pays for loading pdfjs-dist (printed apart). Median of a few
 * runs per file; figures only, nothing is asserted.
 */

const DIR = join(__dirname, "..", "test", "fixtures", "documents");
const FIXTURES = [
  "report-2021",
  "report-2019",
  "split-2021",
  "portrait-2021",
  "template-2021-filled",
];
const RUNS = 5;

async function time(name: string, bytes: Uint8Array): Promise<number> {
  const t0 = performance.now();
  const r = await importBytes(name, bytes);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return ms;
}

async function median(
  name: string,
  bytes: Uint8Array,
  f: (name: string, bytes: Uint8Array) => Promise<number> = time
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await f(name, bytes));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const read = (file: string) => {
  try {
    return new Uint8Array(readFileSync(join(DIR, file)));
  } catch {
    return undefined;
  }
};

export async function run(): Promise<void> {
  const first = read("report-2021.pdf")!;
  const cold = await time("report-2021.pdf", first);
  console.log(`first PDF (loads pdfjs-dist): ${cold.toFixed(0)} ms`);
  const firstDocx = await time("report-2021.docx", read("report-2021.docx")!);
  console.log(`first .docx (loads fflate): ${firstDocx.toFixed(0)} ms`);
  console.log(`median of ${RUNS} imports per file, ms:`);
  // "→source": the file read into paragraphs and positioned table cells only (this importer's part, before the
  // report reader).
  const source = async (name: string, bytes: Uint8Array) => {
    const t0 = performance.now();
    if (name.endsWith(".pdf")) await pdfToSource(bytes);
    else docxToSource(bytes);
    return performance.now() - t0;
  };
  console.log(
    [
      "file".padEnd(22),
      "pages",
      ".html",
      ".docx",
      ".pdf",
      "docx→source",
      "pdf→source",
      "pdf KB",
    ].join("\t")
  );
  const totals = { html: 0, docx: 0, pdf: 0 };
  for (const name of FIXTURES) {
    const html = read(join("source", `${name}.html`));
    const docx = read(`${name}.docx`)!;
    const pdf = read(`${name}.pdf`)!;
    const h = html ? await median(`${name}.html`, html) : NaN;
    const d = await median(`${name}.docx`, docx);
    const p = await median(`${name}.pdf`, pdf);
    const ds = await median(`${name}.docx`, docx, source);
    const ps = await median(`${name}.pdf`, pdf, source);
    totals.html += h || 0;
    totals.docx += d;
    totals.pdf += p;
    const pages = (new TextDecoder("latin1").decode(pdf).match(/\/Type\s*\/Page[^s]/g) ?? [])
      .length;
    console.log(
      [
        name.padEnd(22),
        pages,
        Number.isNaN(h) ? "—" : h.toFixed(1),
        d.toFixed(1),
        p.toFixed(1),
        ds.toFixed(1),
        ps.toFixed(1),
        (pdf.length / 1024).toFixed(0),
      ].join("\t")
    );
  }
  const n = FIXTURES.length;
  console.log(
    `mean per file: .docx ${(totals.docx / n).toFixed(1)} ms, .pdf ${(totals.pdf / n).toFixed(1)} ms (html of the same pages: ${(totals.html / (n - 1)).toFixed(1)} ms)`
  );
}
