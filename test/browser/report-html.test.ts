/**
 * `nianbao check DIR --report out.html` in headless Chromium: the page is self-contained (no request leaves it), its
 * SVG bars are the batch's figures, the table sorts on a click, and a screenshot is saved for a person to look at
 * (.artifacts/screenshots/report-html.png; Chinese is drawn in the system's Noto CJK fonts).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { confront } from "../../src/check";
import { BAR_AREA } from "../../src/cli/report-html";
import { toInterchange } from "../../src/interchange";
import { importBytes } from "../../src/importers";
import { buildReport, sampleReport, withCells } from "../helpers/reports";
import { check, CORPUS } from "../supervisor/helpers";
import {
  launch,
  newPage,
  screenshot,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";

const DEPT = path.join(CORPUS, "dept");
const EVAL = path.resolve(__dirname, "../fixtures/evaluator");

describe("the supervisor's HTML overview (nianbao check --report)", function () {
  this.timeout(180_000);
  let dir: string;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let log: PageLog;
  const input: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-report-html-"));
    const inDir = path.join(dir, "in");
    fs.mkdirSync(inDir);
    // Real department reports (warnings: 内容雷同, 表二 across years), a late page, and reports with hard errors.
    for (const name of [
      "103.txt",
      "104.txt",
      "105.txt",
      "交通与建设局-2021.txt",
      "交通与建设局-2022.txt",
    ])
      fs.copyFileSync(path.join(DEPT, name), path.join(inDir, name));
    fs.copyFileSync(path.join(EVAL, "交通与建设局-2022-late.txt"), path.join(inDir, "late.txt"));
    const broken = (agency: string, n: number) =>
      withCells(sampleReport("2021", { agency }), [
        [{ table: "三", row: "new", column: "natural" }, 74 + n],
      ]);
    for (const [i, agency] of ["某县交通运输局", "某县交通运输局", "某县教育局"].entries())
      fs.writeFileSync(
        path.join(inDir, `broken-${i}.json`),
        JSON.stringify(toInterchange({ ...broken(agency, i), year: 2021 + i }))
      );
    fs.writeFileSync(
      path.join(inDir, "clean.json"),
      JSON.stringify(
        toInterchange(buildReport("2021", () => 0, { agency: "某县统计局", year: 2023 }))
      )
    );
    fs.writeFileSync(path.join(inDir, "bad.json"), "{ not json");
    input.push(inDir);
    // The harness stubs office.js from the served folder's sandbox/sandbox.js; this page never asks for it.
    fs.mkdirSync(path.join(dir, "sandbox"));
    fs.writeFileSync(path.join(dir, "sandbox", "sandbox.js"), "");
    const run = await check([inDir], { report: path.join(dir, "report.html") });
    assert.equal(run.code, 2, "the unreadable file makes the exit code 2");
    server = await serve(dir);
    browser = await launch(server, { viewport: { width: 1400, height: 900 } });
    ({ page, log } = await newPage(browser));
    await page.goto(`${server.origin}/report.html`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The figures the page should draw, from the same reports checked here. */
  async function expected() {
    const reports = [];
    for (const name of fs.readdirSync(input[0]).sort()) {
      if (name === "bad.json") continue;
      const file = path.join(input[0], name);
      const r = await importBytes(file, fs.readFileSync(file));
      assert.ok(r.ok, name);
      reports.push({ file, report: r.report });
    }
    return reports;
  }

  const bars = (figure: string) =>
    page.$$eval(`#${figure} rect`, (rects) =>
      rects.map((r) => ({
        label: r.getAttribute("data-label"),
        value: Number(r.getAttribute("data-value")),
        width: Number(r.getAttribute("width")),
        kind: r.getAttribute("class"),
      }))
    );

  it("draws reports by status: 4 bars whose values are the counts, widths in proportion", async () => {
    const drawn = await bars("by-status");
    assert.deepEqual(
      drawn.map((b) => b.label),
      ["有错误", "有提示", "通过", "无法读取"]
    );
    const errors = drawn[0].value;
    assert.equal(errors, 3, "the three broken reports");
    assert.equal(drawn[3].value, 1, "bad.json");
    assert.equal(
      drawn.reduce((s, b) => s + b.value, 0),
      fs.readdirSync(input[0]).length
    );
    const max = Math.max(...drawn.map((b) => b.value));
    for (const b of drawn)
      assert.ok(Math.abs(b.width - (b.value / max) * BAR_AREA) <= 2, `${b.label} ${b.width}`);
    // What the bars look like on screen: the widest bar is the largest count.
    const boxes = await page.$$eval("#by-status rect", (rs) =>
      rs.map((r) => r.getBoundingClientRect().width)
    );
    assert.equal(
      boxes.indexOf(Math.max(...boxes)),
      drawn.findIndex((b) => b.value === max)
    );
  });

  it("draws findings by rule and agencies with most errors, matching the engine's findings", async () => {
    const byRule = await bars("by-rule");
    const byAgency = await bars("by-agency");
    const ruleCount = new Map<string, number>();
    const agencyErrors = new Map<string, number>();
    for (const { report } of await expected()) {
      const c = confront(report);
      for (const f of c.findings) ruleCount.set(f.rule, (ruleCount.get(f.rule) ?? 0) + 1);
      if (c.errors().length)
        agencyErrors.set(
          report.agency!,
          (agencyErrors.get(report.agency!) ?? 0) + c.errors().length
        );
    }
    // Pairing (W-CARRYOVER, W-INFORCE, W-COPIED-TEXT) needs the folder: check those rules are drawn at all…
    for (const rule of ["W-INFORCE", "W-COPIED-TEXT", "W-PUBLISHED-LATE", "R3-1"])
      assert.ok(
        byRule.some((b) => b.label === rule && b.value > 0),
        rule
      );
    // …and every rule the reports break alone is drawn with its count.
    for (const b of byRule.filter((x) => /^R|^T-/.test(x.label!)))
      assert.equal(b.value, ruleCount.get(b.label!), b.label!);
    assert.deepEqual(
      byAgency.map((b) => [b.label, b.value]),
      [...agencyErrors].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    );
    assert.equal(byAgency[0].label, "某县交通运输局");
  });

  it("the table sorts by 错误 on a click, and back", async () => {
    const column = async (i: number) =>
      page.$$eval(`#reports tbody tr td:nth-child(${i})`, (tds) =>
        tds.map((td) => td.textContent ?? "")
      );
    await page.click("#reports th:nth-child(5)");
    const asc = (await column(5)).filter(Boolean).map(Number);
    assert.deepEqual(
      asc,
      [...asc].sort((a, b) => a - b)
    );
    await page.click("#reports th:nth-child(5)");
    const desc = (await column(5)).filter(Boolean).map(Number);
    assert.deepEqual(
      desc,
      [...desc].sort((a, b) => b - a)
    );
    assert.equal(await page.getAttribute("#reports th:nth-child(5)", "aria-sort"), "descending");
    await page.click("#reports th:nth-child(2)");
  });

  it("is self-contained: the page asked for nothing but itself, and runs without errors", async () => {
    assert.deepEqual(browser.requests, [`${server.origin}/report.html`]);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.cspViolations, []);
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i);
  });

  it("draws Chinese in a CJK font (screenshot saved for a person to look at)", async () => {
    await page.click("#reports th:nth-child(5)");
    await page.click("#reports th:nth-child(5)");
    const fonts = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(fonts, /Noto Sans CJK SC/);
    // A CJK glyph is as wide as it is high: if no CJK font were found, tofu or fallback boxes would differ.
    const width = await page.evaluate(() => {
      const s = document.createElement("span");
      s.textContent = "政务公开年报";
      document.body.appendChild(s);
      const w = s.getBoundingClientRect().width;
      s.remove();
      return w;
    });
    assert.ok(width > 60, `${width}`);
    const file = await screenshot(page, "report-html", { fullPage: true });
    assert.ok(fs.statSync(file).size > 20_000);
  });
});
