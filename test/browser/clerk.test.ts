/**
 * The clerk's path through the real pane at 340 px (taskpane.html, with the sandbox standing in for office.js), and the
 * sandbox grid behaving like Excel. The screenshots in docs/使用说明.md are taken here, so the guide shows the pane as
 * it is. No page error and no CSP violation on any page.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { getFormat } from "../../src/format";
import { parseInterchange } from "../../src/interchange";
import type { Report } from "../../src/report";
import { setCell } from "../../src/report";
import { withCells, ref, valueAt } from "../helpers/reports";
import {
  build,
  launch,
  newPage,
  ROOT,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";
import { act, button, insertTemplate, pane, paneReady, summary, validate } from "./pane";
import { address, fillSheet, localAddress, placedReports } from "./workbook";

const IMAGES = path.join(ROOT, "docs", "images");
const PANE_WIDTH = 340;

/** The README's example with 2 予以公开 from 科研机构, typed with three slips (see the engine's several-slips test). */
function threeSlips(): Report {
  const parsed = parseInterchange(
    readFileSync(path.join(ROOT, "examples/transposed-digit-2023.json"), "utf8")
  );
  assert.ok(parsed.ok);
  const r = parsed.report;
  const c3 = (row: string, column: string) => ref("三", row, column);
  for (const row of ["new", "granted", "resultsTotal"]) {
    setCell(r, c3(row, "research"), 2);
    setCell(r, c3(row, "total"), (valueAt(r, c3(row, "total")) as number) + 2);
  }
  return withCells(r, [
    [c3("granted", "research"), null],
    [c3("partial", "research"), 2],
    [c3("resultsTotal", "total"), null],
  ]);
}

async function shot(page: Page, name: string, selector?: string): Promise<void> {
  fs.mkdirSync(IMAGES, { recursive: true });
  const file = path.join(IMAGES, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: false });
}

describe("the clerk's path at 340 px, with the guide's screenshots", function () {
  this.timeout(240_000);
  let server: Server;
  let browser: Browser;
  let wide: Browser;
  const logs: PageLog[] = [];

  before(async () => {
    server = await serve(await build());
    browser = await launch(server, { viewport: { width: PANE_WIDTH, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await wide?.close();
    await server?.close();
    for (const log of logs) {
      assert.deepEqual(log.errors, [], "no page error");
      assert.deepEqual(log.cspViolations, [], "no CSP violation");
    }
  });

  async function open(b: Browser, url: string): Promise<Page> {
    const { page, log } = await newPage(b);
    logs.push(log);
    await page.goto(`${server.origin}/${url}`);
    await paneReady(page);
    return page;
  }

  it("an empty template is 尚未填写, not a list of blank cells", async () => {
    const page = await open(browser, "taskpane.html?fresh");
    await shot(page, "01-面板");
    await insertTemplate(page, { year: 2023, agency: "某县交通运输局", level: "县级部门" });
    await validate(page);
    const s = await summary(page);
    assert.equal(s.errors, 0);
    assert.equal(s.warnings, 0);
    assert.match(s.text, /尚未填写/);
    assert.equal(await pane(page).locator("li.finding").count(), 0, "no finding listed");
    assert.match(
      (await pane(page).locator(".unfilled-note").textContent()) ?? "",
      /表二、表三、表四尚未填写/
    );
    await page.close();
  });

  it("three slips: one fix restores all three, 应用 makes 校验 pass; rules read plainly", async () => {
    const page = await open(browser, "taskpane.html?fresh");
    await insertTemplate(page, { year: 2023, agency: "某县交通运输局", level: "县级部门" });
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, threeSlips());
    await validate(page);
    assert.equal((await summary(page)).errors, 7);
    const badges = await pane(page).locator("li.finding .rule").allTextContents();
    assert.ok(badges.includes("各类申请人合计"), badges.join());
    for (const b of badges) assert.doesNotMatch(b, /[RTWI]-[A-Z0-9]/, "no rule code shown");
    const fix = pane(page).locator(".fix").first();
    const changes = await fix.locator("li.change").allTextContents();
    assert.equal(changes.length, 4);
    assert.match(changes.join("\n"), /74 → 47/);
    await fix.scrollIntoViewIfNeeded();
    await shot(page, "02-校验结果", "#app li.finding");
    await shot(page, "02-位置图", "#app .maps");
    await shot(page, "03-建议", "#app .fix");
    const applied = await act(page, () =>
      fix.getByRole("button", { name: "应用" }).first().click()
    );
    assert.match(applied.text, /已应用/);
    const s = await summary(page);
    assert.equal(s.errors, 0, s.text);
    await shot(page, "04-应用后", "#app .card:nth-of-type(2)");
    await page.close();
  });

  it("a 说明 is saved, edited and withdrawn; the ribbon's 清除标记 clears the findings shown", async () => {
    const page = await open(browser, "taskpane.html?fresh");
    // A county department reporting 规章: a warning the clerk may explain.
    await insertTemplate(page, { year: 2023, agency: "某县交通运输局", level: "县级部门" });
    const [placed] = await placedReports(page);
    const report = threeSlips();
    const c3 = (row: string, column: string) => ref("三", row, column);
    const fixed = withCells(report, [
      [c3("new", "natural"), 47],
      [c3("granted", "research"), 2],
      [c3("partial", "research"), 0],
      [c3("resultsTotal", "total"), 50],
      [ref("二", "rules", "issued"), 1],
    ]);
    await fillSheet(page, placed, fixed);
    await validate(page);
    const warning = pane(page).locator('li.finding[data-rule="W-RULEMAKING"]');
    await warning.getByRole("button", { name: "说明" }).click();
    await warning.locator("fluent-text-area textarea, fluent-text-area").first().click();
    await page.keyboard.type("本局受县政府委托起草，按要求填报。");
    await act(page, () => warning.getByRole("button", { name: "保存说明" }).click());
    const explained = pane(page).locator("li.finding-explained");
    assert.equal(await explained.count(), 1);
    await explained.getByRole("button", { name: "修改说明" }).click();
    await shot(page, "05-说明", "#app li.finding-explained");
    await act(page, () => explained.getByRole("button", { name: "撤回说明" }).click());
    assert.equal(await pane(page).locator("li.finding-explained").count(), 0);
    assert.equal(await pane(page).locator('li.finding[data-rule="W-RULEMAKING"]').count(), 1);

    await act(page, () => page.evaluate(() => window.nianbaoSandbox!.ribbon("clearMarks")));
    assert.equal(await pane(page).locator("li.finding").count(), 0, "findings gone with the marks");
    assert.match((await summary(page)).text, /尚未校验/);
    await page.close();
  });

  it("after a reload the form and the findings come back while the marks are there", async () => {
    const page = await open(browser, "taskpane.html?fresh");
    await insertTemplate(page, { year: 2023, agency: "某县交通运输局", level: "县级部门" });
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, threeSlips());
    await validate(page);
    await page.evaluate(() => window.nianbaoSandbox!.save());
    await page.goto(`${server.origin}/taskpane.html`); // not ?fresh: the saved workbook is loaded
    await paneReady(page);
    await page.waitForFunction(() => document.querySelectorAll("#app li.finding").length > 0);
    const agency = await pane(page).getByRole("textbox", { name: "单位名称" }).inputValue();
    assert.equal(agency, "某县交通运输局");
    assert.equal((await summary(page)).errors, 7);
    await page.close();
  });

  it("an imported report is listed first", async () => {
    const page = await open(browser, "taskpane.html?fresh");
    await insertTemplate(page, { year: 2023 });
    const text = readFileSync(path.join(ROOT, "examples/transposed-digit-2023.json"), "utf8");
    await pane(page).locator("#import-text textarea, #import-text").first().click();
    await page.evaluate((t) => {
      const area = document.querySelector("#import-text") as HTMLElement & { value: string };
      area.value = t;
    }, text);
    const r = await act(page, () => button(page, "导入粘贴内容").click());
    assert.match(r.text, /已将/);
    const sheets = await pane(page)
      .locator("article.sheet")
      .evaluateAll((a) => a.map((e) => (e as HTMLElement).dataset.sheet));
    assert.equal(sheets.length, 2);
    const imported = /工作表“(.+?)”/.exec(r.text)![1];
    assert.equal(sheets[0], imported, "the new sheet first");
    await shot(page, "06-导入", "#app article.sheet");
    await page.close();
  });

  it("the sandbox grid: the Stop alert refuses -1, Tab stays in the grid, Enter returns to the Tab run's first column, the first key typed is kept", async () => {
    wide = await launch(server, { viewport: { width: 1280, height: 900 } });
    const page = await open(wide, "sandbox.html?fresh");
    await insertTemplate(page, { year: 2023 });
    const [placed] = await placedReports(page);
    const model = getFormat("2021");
    const first = model.cells.find((c) => c.table === "三")!;
    const start = localAddress(placed, first);
    await page.locator(`#sandbox-grid td[data-address="${start}"]`).click();
    await page.keyboard.type("-1");
    await page.keyboard.press("Enter");
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    assert.match(
      (await page.locator("#sandbox-message").textContent()) ?? "",
      /这里只能填写 0 或正整数/
    );
    const values = () =>
      page.evaluate((a) => window.nianbaoSandbox!.fake.values(a)[0][0], address(placed, first));
    assert.equal(await values(), "", "the refused entry is not written");
    await page.keyboard.press("Escape");

    // Type 5 [Tab] 6 [Tab] 7 [Enter]: the next row, back at the first column.
    await page.keyboard.type("5");
    await page.keyboard.press("Tab");
    await page.keyboard.type("6");
    await page.keyboard.press("Tab");
    await page.keyboard.type("7");
    await page.keyboard.press("Enter");
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    assert.equal(await values(), 5, "the first key typed onto the selected cell is kept");
    const focusInGrid = await page.evaluate(() =>
      document.getElementById("sandbox-grid")!.contains(document.activeElement)
    );
    assert.ok(focusInGrid, "Tab did not leave the grid");
    const below = localAddress(placed, { ...first, row: model.table("三").rows[1].key });
    assert.deepEqual(await page.evaluate(() => window.nianbaoSandbox!.selection().address), below);
    await shot(page, "07-沙盒");

    // An IME's composition lands in the cell editor, first character included.
    await page.locator("#sb-editor").dispatchEvent("compositionstart");
    await page.keyboard.insertText("８");
    assert.equal(await page.locator("#sb-editor").inputValue(), "８");
    await page.keyboard.press("Escape");
    await page.close();
  });

  it("English mode: the sandbox header and ribbon are English", async () => {
    const page = await open(wide, "sandbox.html?fresh&lang=en");
    const header = (await page.locator(".sb-header").textContent()) ?? "";
    assert.match(header, /Sandbox/);
    const ribbon = await page.locator("#sandbox-ribbon button").allTextContents();
    assert.deepEqual(ribbon, ["Insert template", "Check", "Clear marks"]);
    assert.doesNotMatch(header, /[沙盒插入校验清除]/);
    await page.close();
  });
});
