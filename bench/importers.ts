import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseDocument } from "htmlparser2";
import { confront } from "../src/check";
import { checkCommand } from "../src/cli/check";
import { importFile } from "../src/importers";
import { loadSeeds } from "../test/fuzz/cases";
import { decodeText } from "../src/importers/normalize";
import { toInterchange } from "../src/interchange";
import { consistentReport, seededRandom } from "../test/helpers/reports";

/**
 * Importing and checking a supervisor's folder: 1,000 mixed files (published text, HTML pages, interchange JSON)
 * generated from the corpus fixtures with variations. Prints, for each stage, files per second and peak memory:
 *
 *   read        the bytes only (readFile)
 *   read+parse  bytes decoded and parsed generically: JSON.parse, htmlparser2's DOM, text decoded (what any tool must do)
 *   import      importFile: the importers, which find the tables, split run-together digits, resolve labels
 *   check       importFile + confront (rules, warnings, text checks, localization): what `nianbao check` does per file
 *   batch       `nianbao check DIR` end to end (file discovery, pairing of consecutive years, output)
 *
 * The target is check / import ≤ 1.2: checking a report costs at most a fifth of reading it. Figures only; nothing
 * is asserted (timings on a shared machine vary).
 */

const FILES = 1000;
const SEED = 20240131;
const CORPUS = join(__dirname, "..", "test", "fixtures", "corpus");

interface Sample {
  name: string;
  kind: "text" | "html" | "json";
  bytes: Uint8Array;
}

function corpusTexts(): { name: string; text: string }[] {
  return loadSeeds().texts;
}

/** 1,000 files: about half published text, a fifth HTML pages, the rest interchange JSON; each a little different. */
function generate(): Sample[] {
  const random = seededRandom(SEED);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const texts = corpusTexts();
  const html = readFileSync(join(CORPUS, "003.html"), "utf8");
  const reports = fc.sample(fc.oneof(consistentReport("2021"), consistentReport("2019")), {
    numRuns: 300,
    seed: SEED,
  });
  const places = ["某县", "某市某区", "某镇", "某街道", "某开发区"];
  const offices = [
    "财政局",
    "公安局",
    "教育局",
    "交通运输局",
    "人民政府办公室",
    "市场监督管理局",
    "司法局",
  ];
  const out: Sample[] = [];
  for (let i = 0; i < FILES; i++) {
    const agency = `${pick(places)}${pick(offices)}${i % 37}`;
    const roll = random();
    if (roll < 0.5) {
      const t = pick(texts);
      // Variations: another agency in the title, Windows line ends, padding spaces, a stray line.
      let text = t.text.replace(/平潭综合实验区/g, agency.slice(0, 4));
      if (random() < 0.3) text = text.replace(/\n/g, "\r\n");
      if (random() < 0.3) text = text.replace(/ \|/g, "  |");
      if (random() < 0.2) text = `${text}\n附件：${agency}联系电话 0591-12345678\n`;
      out.push({
        name: `text/${String(i).padStart(4, "0")}-${t.name.replace(/\//g, "_")}`,
        kind: "text",
        bytes: new TextEncoder().encode(text),
      });
    } else if (roll < 0.7) {
      let page = html.replace(/平潭综合实验区/g, agency.slice(0, 4));
      if (random() < 0.5) page = page.replace(/<td/g, '<td class="x" style="border:1px"');
      if (random() < 0.3)
        page = page.replace(/<\/body>/, `<div>${"<p>附加说明</p>".repeat(20)}</div></body>`);
      out.push({
        name: `html/${String(i).padStart(4, "0")}.html`,
        kind: "html",
        bytes: new TextEncoder().encode(page),
      });
    } else {
      const r = reports[i % reports.length];
      const doc = toInterchange({
        ...r,
        agency,
        year: r.format === "2019" ? 2020 : 2021 + (i % 4),
      });
      out.push({
        name: `json/${String(i).padStart(4, "0")}.json`,
        kind: "json",
        bytes: new TextEncoder().encode(JSON.stringify(doc, null, i % 2 ? 2 : 0)),
      });
    }
  }
  return out;
}

interface Stage {
  ms: number;
  rss: number;
  heap: number;
}

/** Run `fn` over every file, sampling memory after each; the best of `repeat` passes (after one warm-up pass). */
async function stage(
  paths: string[],
  fn: (path: string) => Promise<unknown>,
  repeat = 3
): Promise<Stage> {
  for (const p of paths) await fn(p);
  let best: Stage = { ms: Infinity, rss: 0, heap: 0 };
  for (let k = 0; k < repeat; k++) {
    let rss = 0;
    let heap = 0;
    const t = performance.now();
    for (const p of paths) {
      await fn(p);
      const m = process.memoryUsage();
      if (m.rss > rss) rss = m.rss;
      if (m.heapUsed > heap) heap = m.heapUsed;
    }
    const ms = performance.now() - t;
    if (ms < best.ms) best = { ms, rss: Math.max(rss, best.rss), heap: Math.max(heap, best.heap) };
    else best = { ...best, rss: Math.max(rss, best.rss), heap: Math.max(heap, best.heap) };
  }
  return best;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function parseOnly(path: string): Promise<unknown> {
  const bytes = await readFile(path);
  if (path.endsWith(".json")) return JSON.parse(new TextDecoder().decode(bytes));
  const text = decodeText(bytes);
  return path.endsWith(".html") ? parseDocument(text) : text;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-"));
  try {
    const samples = generate();
    const { mkdirSync } = await import("node:fs");
    for (const k of ["text", "html", "json"]) mkdirSync(join(dir, k));
    for (const s of samples) writeFileSync(join(dir, s.name), s.bytes);
    const paths = samples.map((s) => join(dir, s.name));
    const counts = { text: 0, html: 0, json: 0 };
    for (const s of samples) counts[s.kind]++;
    const bytes = samples.reduce((n, s) => n + s.bytes.length, 0);
    console.log(
      `${FILES} files (${counts.text} text, ${counts.html} HTML, ${counts.json} JSON; ${(bytes / 1024 / 1024).toFixed(1)} MB), best of 3 passes after a warm-up`
    );

    let failures = 0;
    const read = await stage(paths, (p) => readFile(p));
    const parsed = await stage(paths, parseOnly);
    const imported = await stage(paths, async (p) => {
      const r = await importFile(p);
      if (!r.ok) failures++;
      return r;
    });
    const checked = await stage(paths, async (p) => {
      const r = await importFile(p);
      return r.ok ? confront(r.report) : r;
    });
    // The text checks' share: the same reports checked with and without their text.
    const reports = (await Promise.all(paths.map((p) => importFile(p)))).flatMap((r) =>
      r.ok ? [r.report] : []
    );
    const withText = reports.filter((r) => r.text);
    const timeChecks = (rs: typeof reports) => {
      for (const r of rs) confront(r);
      const t = performance.now();
      for (let k = 0; k < 3; k++) for (const r of rs) confront(r);
      return (performance.now() - t) / 3;
    };
    const checksWith = timeChecks(withText);
    const checksWithout = timeChecks(withText.map((r) => ({ ...r, text: undefined })));
    const batch = await stage(
      [dir],
      (d) =>
        checkCommand([d], {
          out: () => {},
          err: () => {},
        }),
      2
    );

    const line = (name: string, s: Stage, note = "") =>
      console.log(
        `  ${name.padEnd(11)} ${s.ms.toFixed(0).padStart(6)} ms  ${Math.round((FILES * 1000) / s.ms)
          .toLocaleString("en")
          .padStart(8)} files/s   peak rss ${mb(s.rss)}, heap ${mb(s.heap)}${note}`
      );
    line("read", read);
    line("read+parse", parsed);
    line("import", imported, failures ? `   (${failures / 4} files refused per pass)` : "");
    line("check", checked);
    line("batch", batch, "   (nianbao check DIR, output discarded)");
    console.log(
      `  check / import       = ${(checked.ms / imported.ms).toFixed(2)}   (target ≤ 1.2: checking costs at most a fifth of importing)`
    );
    console.log(
      `  import / read+parse  = ${(imported.ms / parsed.ms).toFixed(2)}   (the importers' work beyond generic parsing)`
    );
    console.log(
      `  batch / check        = ${(batch.ms / checked.ms).toFixed(2)}   (discovery, pairing and output on top)`
    );
    console.log(
      `  text checks: ${withText.length} reports with text checked in ${checksWith.toFixed(0)} ms with the text, ${checksWithout.toFixed(0)} ms without ` +
        `(${(((checksWith - checksWithout) / withText.length) * 1000).toFixed(0)} µs per report for W-TEXT-NUMBER … W-FEE-NOT-REPORTED)`
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
