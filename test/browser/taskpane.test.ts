/**
 * taskpane.html itself — the page Excel opens — in headless Chromium at Office's narrow default pane width, with
 * office.js's CDN URL answered by the sandbox's stand-in (the in-memory workbook, a stub Office): by keyboard alone,
 * with visible focus, in English when Office's display language is English, and without any request leaving the
 * add-in's origin but that intercepted one.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { confront } from "../../src/check";
import { cellId } from "../../src/format";
import { formatFinding } from "../../src/messages";
import { suspectCells } from "../../src/excel/suspects";
import { getFormat } from "../../src/format";
import { buildReport, ref, withCells } from "../helpers/reports";
import {
  build,
  launch,
  newPage,
  OFFICE_JS,
  screenshot,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";
import { act, button, insertTemplate, pane, paneReady, summary, validate } from "./pane";
import {
  selectedAddress,
  fillSheet,
  localAddress,
  placedReports,
  readSheet,
  shownFindings,
} from "./workbook";

const PANE_WIDTH = 320;

function report() {
  return withCells(
    buildReport(
      "2021",
      (c) =>
        c.table === "三" && c.row === "granted"
          ? 12
          : c.table === "四" && c.column === "upheld"
            ? 1
            : 0,
      { year: 2024 }
    ),
    [[ref("三", "granted", "commercial"), 21]]
  );
}

/** What has keyboard focus, through shadow roots: the host's tag and the accessible text of the focused control. */
async function focused(page: Page): Promise<{ tag: string; name: string }> {
  return page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    const host = el;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
    const labelled = host?.getAttribute("aria-labelledby");
    const name =
      host?.getAttribute("aria-label") ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (host?.tagName.startsWith("FLUENT-") ? host.textContent : el?.textContent) ??
      "";
    return { tag: (host?.tagName ?? "").toLowerCase(), name: name.trim() };
  });
}

async function tabUntil(
  page: Page,
  want: (f: { tag: string; name: string }) => boolean,
  max = 40
): Promise<{ tag: string; name: string }[]> {
  const seen: { tag: string; name: string }[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    seen.push(f);
    if (want(f)) return seen;
  }
  throw new Error(`not reached by Tab: ${JSON.stringify(seen)}`);
}

describe("taskpane.html in headless Chromium (office.js intercepted)", function () {
  this.timeout(240_000);
  let server: Server;
  let browser: Browser;
  const logs: PageLog[] = [];

  before(async () => {
    server = await serve(await build());
    browser = await launch(server, { viewport: { width: PANE_WIDTH, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = "?fresh"): Promise<Page> {
    const { page, log } = await newPage(browser);
    logs.push(log);
    await page.goto(`${server.origin}/taskpane.html${query}`);
    await paneReady(page);
    return page;
  }

  it("loads office.js from its CDN URL (intercepted) and starts for Excel", async () => {
    const page = await open();
    assert.ok(
      browser.requests.includes(OFFICE_JS),
      "the page asks for office.js where Office serves it"
    );
    assert.match((await page.locator("#status").textContent()) ?? "", /已连接 Excel/);
    assert.equal(await page.title(), "政务公开年报助手");
    await page.close();
  });

  it("is usable by keyboard alone, with a visible focus, at the narrow default pane width", async () => {
    const page = await open();
    // Every control of the form and the action buttons, in reading order.
    const order = await tabUntil(page, (f) => f.name === "打开文件…");
    const names = order.map((f) => f.name);
    for (const name of [
      "年度",
      "格式",
      "单位名称",
      "单位层级",
      "插入模板",
      "校验",
      "清除标记",
      "导出结果",
      "导入粘贴内容",
      "打开文件…",
    ]) {
      assert.ok(
        names.some((n) => n.startsWith(name)),
        `Tab reaches ${name}: ${names.join(" | ")}`
      );
    }
    const indexOf = (name: string) => names.findIndex((n) => n.startsWith(name));
    assert.ok(
      indexOf("年度") < indexOf("插入模板") &&
        indexOf("插入模板") < indexOf("校验") &&
        indexOf("校验") < indexOf("导入粘贴内容")
    );

    // 插入模板 by keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.locator("body").focus();
    await tabUntil(page, (f) => f.name === "插入模板");
    const inserted = await act(page, () => page.keyboard.press("Enter"));
    assert.equal(inserted.kind, "ok", inserted.text);
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, report());

    // A visible focus ring: the focused 校验 button does not look like the unfocused one.
    const check = button(page, "校验");
    const plain = await check.screenshot();
    await tabUntil(page, (f) => f.name === "校验");
    const ring = await check.screenshot();
    assert.notDeepEqual(ring, plain, "focus is visible on 校验");
    await act(page, () => page.keyboard.press("Space"));
    const expected = confront(
      await readSheet(page, placed, { year: new Date().getFullYear() - 1, explanations: {} })
    );
    assert.ok(expected.errors().length > 0);
    assert.equal((await summary(page)).errors, expected.errors().length);

    // Tab on into the findings: Enter on a finding selects its cells.
    const first = await tabUntil(page, (f) => f.tag === "button" && /错误/.test(f.name));
    assert.ok(first.length > 0);
    const key = await page.evaluate(
      () => (document.activeElement!.closest("li.finding") as HTMLElement).dataset.key!
    );
    const finding = expected.findings.find((f) => f.key === key)!;
    const findingPlain = await page.evaluate(
      () => getComputedStyle(document.activeElement!).outlineStyle
    );
    assert.notEqual(findingPlain, "none", "focus is visible on a finding");
    await page.keyboard.press("Enter");
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    // The finding's likely culprits, not every cell of its equation.
    const suspects = suspectCells(expected, finding);
    const sameTable = suspects.filter((c) => c.table === suspects[0].table);
    assert.equal(
      (await page.evaluate(() => window.nianbaoSandbox!.selection())).address,
      selectedAddress(placed, sameTable)
    );

    // The map is one tab stop; arrows move within it, Enter selects the cell.
    await page.locator("body").focus();
    await tabUntil(page, (f) => f.tag === "span" && /·/.test(f.name));
    const start = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.cell!);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    const moved = await page.evaluate(() => ({
      cell: (document.activeElement as HTMLElement).dataset.cell!,
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    assert.notEqual(moved.cell, start);
    assert.notEqual(moved.outline, "none", "focus is visible on a map cell");
    await page.keyboard.press("Enter");
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    const [table, row, column] = moved.cell.split(":");
    assert.equal(
      (await page.evaluate(() => window.nianbaoSandbox!.selection())).address,
      localAddress(placed, { table: table as "三", row, column })
    );
    await screenshot(page, "09-keyboard-map-focus", { selector: ".maps" });

    // Nothing wider than the pane.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    assert.ok(overflow <= 0, `the pane scrolls sideways by ${overflow}px at ${PANE_WIDTH}px`);
    await screenshot(page, "10-pane-320-findings", { fullPage: true });
    await page.close();
  });

  it("speaks English when Office's display language is English", async () => {
    const page = await open("?fresh&lang=en");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    for (const name of ["Insert template", "Check", "Clear marks", "Export results"])
      assert.ok(await button(page, name).isVisible(), name);
    const inserted = await insertTemplate(page, { year: 2024 });
    assert.equal(inserted.kind, "ok", inserted.text);
    assert.match(inserted.text, /Template inserted/);
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, report());
    const checked = await validate(page);
    assert.equal(
      checked.kind,
      "error",
      `a summary with errors is shown as an error: ${checked.text}`
    );
    const expected = confront(await readSheet(page, placed, { year: 2024, explanations: {} }));
    const s = await summary(page);
    assert.match(
      s.text,
      new RegExp(
        `^${expected.errors().length} errors?, ${expected.warnings().length} warnings?, 1 sheet checked`
      )
    );
    const shown = await shownFindings(page, placed.sheet);
    const model = getFormat("2021");
    for (const f of expected.findings)
      assert.ok(
        shown.find((x) => x.key === f.key)!.text.includes(formatFinding(model, f, "en")),
        `${f.rule} in English`
      );
    assert.match((await pane(page).locator(".fix").first().textContent()) ?? "", /Apply/);
    const cell = pane(page).locator(
      `.map-cell[data-cell="${cellId(ref("三", "granted", "commercial"))}"]`
    );
    assert.match((await cell.getAttribute("aria-label")) ?? "", /suggested 12|error/);
    await screenshot(page, "11-english", { fullPage: true });
    await page.close();
  });

  it("made no request outside the add-in's origin except office.js (answered here), and the policy held", () => {
    const outside = browser.requests.filter(
      (u) => !u.startsWith(`${server.origin}/`) && !u.startsWith("data:")
    );
    assert.deepEqual([...new Set(outside)], [OFFICE_JS]);
    for (const log of logs) {
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.cspViolations, []);
    }
  });
});
