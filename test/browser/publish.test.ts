/**
 * The pane's 导出年报 in headless Chromium (the sandbox page: the real production bundles beside the in-memory
 * workbook). A clerk inserts the template, types a report with one wrong cell, presses 导出 Word and is refused with
 * the error; corrects the cell, exports again, and gets a .docx download whose tables hold exactly the numbers typed,
 * and a web page that our HTML importer reads back to the same cells.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { cellId, getFormat } from "../../src/format";
import { importBytes } from "../../src/importers/registry";
import { printedTable } from "../../src/publish";
import type { Report } from "../../src/report";
import { buildReport, ref, withCells } from "../helpers/reports";
import { readDocxBody, spannedCells, tablesOf } from "../publish/docx-read";
import { build, launch, newPage, screenshot, serve, type Browser, type Server } from "./harness";
import { act, button, insertTemplate, pane, paneReady, typeInGrid } from "./pane";
import { fillSheet, localAddress, placedReports } from "./workbook";

const YEAR = 2023;
const AGENCY = "某县交通运输局";

/** A consistent 2021 report with counts in every table and a fee in 万元. */
function consistent(): Report {
  return buildReport(
    "2021",
    (c, model) => {
      if (c.table === "二") return c.row === "rules" ? 0 : model.kindOf(c) === "money" ? 1.5 : 3;
      if (c.table === "四") return c.column === "upheld" ? 2 : c.column === "pending" ? 1 : 0;
      if (c.row === "carried") return c.column === "natural" ? 2 : 0;
      if (c.row === "next") return c.column === "natural" ? 4 : 0;
      return c.row === "granted" ? 7 : c.row === "unableNotHeld" && c.column === "other" ? 5 : 0;
    },
    { year: YEAR, agency: AGENCY }
  );
}

async function download(page: Page, name: RegExp): Promise<{ file: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent("download"), button(page, name).click()]);
  const path = await dl.path();
  return { file: dl.suggestedFilename(), bytes: fs.readFileSync(path) };
}

describe("导出年报 in the task pane (headless Chromium)", function () {
  this.timeout(400_000);
  let server: Server;
  let browser: Browser;

  before(async () => {
    server = await serve(await build());
    browser = await launch(server);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("refuses a sheet with an error, then downloads the Word document and the web page with exactly the numbers typed", async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${server.origin}/sandbox.html?fresh`);
    await paneReady(page);
    const inserted = await insertTemplate(page, { year: YEAR, agency: AGENCY });
    assert.equal(inserted.kind, "ok", inserted.text);
    const [placed] = await placedReports(page);
    const report = consistent();
    await fillSheet(page, placed, withCells(report, [[ref("三", "granted", "natural"), 70]]));

    // Refused: the error is listed, nothing is downloaded.
    let downloads = 0;
    page.on("download", () => downloads++);
    const refused = await act(page, () => button(page, "导出 Word").click());
    assert.equal(refused.kind, "error");
    assert.match(refused.text, /未导出：有 \d+ 个问题/);
    const listed = (await pane(page).locator("#publish-result li").allTextContents()).join("\n");
    assert.match(listed, /错误：表三“（一）予以公开”行/);
    assert.match(listed, /建议：.*由 70 改为 7/);
    assert.equal(downloads, 0);

    // Corrected in the sheet: the Word document is downloaded.
    await typeInGrid(page, localAddress(placed, ref("三", "granted", "natural")), "7");
    await page.evaluate(() => {
      document.getElementById("status")!.dataset.kind = "test-waiting";
    });
    const word = await download(page, /^导出 Word$/);
    await page.waitForFunction(() => document.getElementById("status")!.dataset.kind === "ok");
    assert.equal(word.file, `${AGENCY}${YEAR}年政府信息公开工作年度报告.docx`);
    assert.match((await page.locator("#status").textContent()) ?? "", /已导出/);
    await screenshot(page, "publish-pane-exported", { selector: "#app" });

    const body = await readDocxBody(word.bytes);
    const tables = tablesOf(body);
    const model = getFormat("2021");
    let checked = 0;
    model.tables.forEach((t, i) => {
      const at = new Map(spannedCells(tables[i]).map((c) => [`${c.row}:${c.col}`, c.text]));
      for (const c of printedTable("2021", t.id).cells.filter((x) => x.ref)) {
        assert.equal(
          Number(at.get(`${c.row}:${c.col}`)),
          report.values.get(cellId(c.ref!)),
          model.cellName(c.ref!)
        );
        checked++;
      }
    });
    assert.equal(checked, model.cells.length);
    const text = body.blocks.map((b) => (b.kind === "paragraph" ? b.text : "")).join("\n");
    assert.match(text, /共收到政府信息公开申请\d+件（其中本年新收\d+件，上年结转2件）/);

    // The web page too, read back by the HTML importer.
    const web = await download(page, /^导出网页$/);
    assert.match(web.file, /\.html$/);
    const back = await importBytes(web.file, web.bytes);
    assert.ok(back.ok);
    for (const id of model.ids) assert.equal(back.report.values.get(id), report.values.get(id), id);
    assert.deepEqual(back.report.notes ?? [], []);

    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.cspViolations, []);
    await page.close();
  });

  it("the report text typed in 导出年报 is still there after the pane is reloaded", async () => {
    const { page, log } = await newPage(browser);
    await page.goto(`${server.origin}/sandbox.html?fresh`);
    await paneReady(page);
    const inserted = await insertTemplate(page, { year: YEAR, agency: AGENCY });
    assert.equal(inserted.kind, "ok", inserted.text);
    const typed = "六、其他需要报告的事项\n本年度未收取信息处理费。";
    await page.locator("#publish-text textarea").fill(typed);
    // Leaving the box keeps the text in the workbook (its change event).
    await page.locator("#publish-text textarea").blur();
    await page.waitForFunction(
      (t) => JSON.stringify(window.nianbaoSandbox!.fake.settings()).includes(JSON.stringify(t)),
      typed
    );
    await page.evaluate(() => window.nianbaoSandbox!.save());
    await page.goto(`${server.origin}/sandbox.html`); // not ?fresh: the saved workbook is loaded
    await paneReady(page);
    await page.waitForFunction(
      (t) =>
        (document.getElementById("publish-text") as HTMLElement & { value: string }).value === t,
      typed
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
