import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { build, launch, newPage, OFFICE_JS, serve } from "../test/browser/harness";
import { paneReady } from "../test/browser/pane";

/**
 * The task pane's weight (issue 9): the script bytes taskpane.html loads before its first paint (minified, office.js
 * excluded; target ≤ 200 KiB) and the font bytes fetched by the first paint (target ≤ 100 KiB), counted from the
 * production build and measured in headless Chromium (Resource Timing up to the first contentful paint, office.js =
 * the sandbox's stand-in, an Excel host). Where the system has a Chinese font (Microsoft YaHei and PingFang SC where
 * Excel runs; Noto Sans CJK SC on a Linux with fonts-noto-cjk) no font is fetched; elsewhere taskpane/fonts.ts adds
 * the bundled fallback after the first paint. The line says which case this machine is.
 * `npm run bench -- weight`. Figures are printed, not asserted (test/build.test.ts holds the 200 KiB line).
 */

const KiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The local scripts taskpane.html lists (loaded before its first paint), in order. */
function initialScripts(dir: string): string[] {
  const html = fs.readFileSync(path.join(dir, "taskpane.html"), "utf8");
  return [...html.matchAll(/<script[^>]*\ssrc="?([^" >]+)"?/g)]
    .map((m) => m[1])
    .filter((src) => !/^(https?:)?\/\//.test(src) && !src.startsWith("office-js/"));
}

async function weight(dir: string, origin: string, page: Page): Promise<void> {
  const initial = initialScripts(dir);
  const size = (file: string) => fs.statSync(path.join(dir, file)).size;
  const initialBytes = initial.reduce((sum, f) => sum + size(f), 0);
  const chunks = fs.readdirSync(path.join(dir, "chunks")).filter((f) => f.endsWith(".js"));
  console.log(
    `taskpane.html scripts before first paint (build, minified, office.js excluded): ${KiB(initialBytes)} — target ≤ 200 KiB ${initialBytes <= 200 * 1024 ? "(reached)" : "(NOT reached)"}`
  );
  console.log(`  ${initial.map((f) => `${f} ${KiB(size(f))}`).join(", ")}`);
  console.log(
    `  loaded later: ${chunks.map((f) => `chunks/${f} ${KiB(size(`chunks/${f}`))}`).join(", ")}`
  );

  await page.goto(`${origin}/taskpane.html?fresh`);
  await paneReady(page);
  await page.evaluate(() => document.fonts.ready);
  const measured = await page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    const ready = performance.getEntriesByName("nianbao:pane-ready")[0]?.startTime ?? NaN;
    const resources = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map(
      (r) => ({ name: r.name, end: r.responseEnd, bytes: r.encodedBodySize })
    );
    const fallback = !!document.querySelector("link[data-fallback]");
    return { fcp, ready, resources, fallback };
  });
  const local = measured.resources.filter((r) => r.name.startsWith(`${origin}/`));
  const js = local.filter((r) => /\.js(\?|$)/.test(r.name));
  const fonts = local.filter((r) => /\/fonts\//.test(r.name));
  const sum = (list: typeof local) => list.reduce((s, r) => s + r.bytes, 0);
  const before = (list: typeof local) => list.filter((r) => r.end <= measured.fcp);
  console.log(
    `measured in Chromium (office.js = the sandbox's stand-in at ${OFFICE_JS}): first contentful paint at ${measured.fcp.toFixed(0)} ms, pane usable at ${measured.ready.toFixed(0)} ms`
  );
  console.log(
    `  JS fetched by the first paint: ${KiB(sum(before(js)))} (target ≤ 200 KiB); by the pane being usable: ${KiB(sum(js))}`
  );
  console.log(
    `  fonts fetched by the first paint: ${KiB(sum(before(fonts)))} (target ≤ 100 KiB) in ${before(fonts).length} files; in all: ${KiB(sum(fonts))} in ${fonts.length} files (${measured.fallback ? "no Chinese system font here: the bundled fallback was added after the first paint" : "a Chinese system font is installed here: the bundled fallback was not needed"})`
  );
}

export async function run(): Promise<void> {
  const server = await serve(await build());
  const browser = await launch(server, { viewport: { width: 320, height: 900 } });
  try {
    const { page } = await newPage(browser);
    await weight(server.dir, server.origin, page);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
}
