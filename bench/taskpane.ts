import type { Page } from "playwright-core";
import { build, launch, newPage, serve } from "../test/browser/harness";
import { insertTemplate, paneReady } from "../test/browser/pane";
import { fillSheet, placedReports } from "../test/browser/workbook";
import { buildReport, ref, withCells } from "../test/helpers/reports";

/**
 * The task pane in headless Chromium (production build, taskpane.html with the sandbox's in-memory workbook standing in
 * for Excel): the time from the start of the page load to the pane being usable, and from pressing 校验 to the findings
 * being shown, for a workbook with 1 and with 50 report sheets (each with one mistyped count, so every sheet has
 * findings, fixes and a map to draw). The second figure is the adapter's work on the in-memory workbook (reading,
 * confronting, marking: the minimum is the first 校验 of an unmarked workbook, the others find the marks of the one
 * before in place) plus drawing, which is printed on its own; real Excel adds its round trips (three per 校验,
 * whatever the number of sheets). Figures are printed, not asserted.
 */

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** A workbook of `count` report sheets, kept in the page's storage for the next loads. */
async function prepare(page: Page, origin: string, count: number): Promise<void> {
  await page.goto(`${origin}/sandbox.html?fresh`);
  await paneReady(page);
  const report = withCells(
    buildReport(
      "2021",
      (c) =>
        c.table === "三" && c.row !== "carried" && c.column !== "other"
          ? 3
          : c.table === "四"
            ? 1
            : 0,
      { year: 2024 }
    ),
    [[ref("三", "granted", "natural"), 30]]
  );
  for (let i = 0; i < count; i++) await insertTemplate(page, i === 0 ? { year: 2024 } : {});
  for (const placed of await placedReports(page)) await fillSheet(page, placed, report);
  await page.evaluate(() => window.nianbaoSandbox!.save());
}

async function loadTime(page: Page, origin: string): Promise<number> {
  await page.goto(`${origin}/taskpane.html`);
  await paneReady(page);
  return page.evaluate(() => performance.getEntriesByName("nianbao:pane-ready")[0].startTime);
}

async function validateTime(
  page: Page
): Promise<{ ms: number; drawing: number; findings: number }> {
  return page.evaluate(async () => {
    const status = document.getElementById("status")!;
    status.dataset.kind = "bench";
    const host = [...document.querySelectorAll<HTMLElement>("#app fluent-button")].find(
      (b) => b.textContent?.trim() === "校验"
    )!;
    const start = performance.now();
    host.click();
    while (!["ok", "error"].includes(status.dataset.kind ?? ""))
      await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => requestAnimationFrame(() => r(null))); // drawn
    const end = performance.now();
    const drawn = performance.getEntriesByName("nianbao:render-start").at(-1)!.startTime;
    return {
      ms: end - start,
      drawing: end - drawn,
      findings: document.querySelectorAll("#app li.finding").length,
    };
  });
}

export async function run(): Promise<void> {
  const server = await serve(await build());
  const browser = await launch(server, { viewport: { width: 320, height: 900 } });
  try {
    for (const count of [1, 50]) {
      const { page } = await newPage(browser);
      const started = Date.now();
      await prepare(page, server.origin, count);
      const prepared = (Date.now() - started) / 1000;
      const loads: number[] = [];
      const checks: number[] = [];
      const drawing: number[] = [];
      let findings = 0;
      for (let i = 0; i < RUNS; i++) {
        loads.push(await loadTime(page, server.origin));
        const v = await validateTime(page);
        checks.push(v.ms);
        drawing.push(v.drawing);
        findings = v.findings;
      }
      console.log(
        `${count} report sheet${count > 1 ? "s" : " "} (prepared in ${prepared.toFixed(1)} s; ${findings} findings shown)`
      );
      console.log(
        `  page load → pane usable:   median ${ms(median(loads))} (min ${ms(Math.min(...loads))}, max ${ms(Math.max(...loads))}) over ${RUNS} loads`
      );
      console.log(
        `  校验 → findings shown:      median ${ms(median(checks))} (min ${ms(Math.min(...checks))}, max ${ms(Math.max(...checks))}), of which drawing the findings and maps: median ${ms(median(drawing))}`
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
