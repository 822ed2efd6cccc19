/**
 * taskpane.html with the REAL office.js (the @microsoft/office-js package) in headless Chromium, outside Office, under
 * the page's own Content Security Policy — from Microsoft's CDN URL (answered from the package) and self-hosted
 * (NIANBAO_OFFICE_JS=self) — and the inline ES5 guard for webviews that cannot run the pane.
 *
 * What office.js does outside Office (measured here, office.js 1.1.110): it loads o15apptofilemappingtable.js from
 * beside itself, calls Office.onReady with no host, and after 3 s tries to frame
 * https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html — which the page's
 * `frame-src 'none'` refuses (README, "What leaves the machine"). That refusal is the only violation allowed here.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import {
  build,
  launch,
  newPage,
  OFFICE_JS,
  OFFICE_JS_PACKAGE,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";
import { paneReady } from "./pane";

/** The one thing office.js asks for that the policy refuses (a frame), as the browser reports it. */
const TELEMETRY_HOST = "https://telemetryservice.firstpartyapps.oaspapps.com";
const OUTSIDE_EXCEL = /请在 Excel 中/;

/** Waits past office.js's 3-second telemetry timer, so what it does then is in the log. */
const settle = (page: Page) => page.waitForTimeout(3_500);

/** Violations and console errors other than the declared refusal of the telemetry frame. */
function unexpected(log: PageLog): { csp: string[]; errors: string[] } {
  const telemetryFrame = (text: string) =>
    text.includes(TELEMETRY_HOST) && /frame-src/.test(text) && !/script-src/.test(text);
  return {
    csp: log.cspViolations.filter((v) => !(v.startsWith("frame-src ") && telemetryFrame(v))),
    errors: log.errors.filter(
      (e) => !(/^(Framing|Refused to frame) '/.test(e) && telemetryFrame(e))
    ),
  };
}

async function statusOf(page: Page): Promise<{ text: string; kind?: string; guard?: string }> {
  return page.evaluate(() => {
    const status = document.getElementById("status")!;
    return {
      text: status.textContent ?? "",
      kind: status.dataset.kind,
      guard: status.dataset.guard,
    };
  });
}

describe("taskpane.html with the real office.js (@microsoft/office-js) under its CSP", function () {
  this.timeout(600_000);

  describe("from Microsoft's CDN URL (answered from the package)", () => {
    let server: Server;
    let browser: Browser;

    before(async () => {
      server = await serve(await build());
      browser = await launch(server, { officeJs: "package" });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it("boots with no script blocked, no page error, and says to open it in Excel", async () => {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.origin}/taskpane.html`);
      await page.waitForFunction(() =>
        /Excel/.test(document.getElementById("status")!.textContent!)
      );
      await settle(page);
      const status = await statusOf(page);
      assert.match(status.text, OUTSIDE_EXCEL);
      assert.equal(status.guard, undefined, "the guard stays silent where the pane can run");
      assert.deepEqual(unexpected(log), { csp: [], errors: [] });
      assert.ok(!log.cspViolations.some((v) => v.startsWith("script-src")), "a script was blocked");
      // office.js came from the CDN, with the host-independent loader table next to it — nothing else outside.
      const outside = browser.requests.filter((u) => !u.startsWith(`${server.origin}/`));
      assert.ok(outside.includes(OFFICE_JS));
      const cdn = OFFICE_JS.slice(0, OFFICE_JS.lastIndexOf("/") + 1);
      for (const url of outside)
        assert.ok(url.startsWith(cdn), `request outside the origin: ${url}`);
      await page.close();
    });
  });

  describe("self-hosted (NIANBAO_OFFICE_JS=self)", () => {
    let server: Server;
    let browser: Browser;
    let dir: string;

    before(async () => {
      dir = await build({ officeJs: "self" });
      server = await serve(dir);
      browser = await launch(server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it("copies office.js with the files it loads from beside itself, and no debug builds", () => {
      const office = path.join(dir, "office-js");
      for (const file of [
        "office.js",
        "o15apptofilemappingtable.js",
        "excel-win32-16.01.js",
        "excel-web-16.00.js",
        "excel-mac-16.00.js",
        "custom-functions-runtime.js",
        "zh-cn/office_strings.js",
        "telemetry/oteljs_agave.js",
        "ariatelemetry/aria-web-telemetry.js",
      ])
        assert.ok(fs.existsSync(path.join(office, file)), `office-js/${file} missing`);
      assert.ok(!fs.existsSync(path.join(office, "office.debug.js")));
      // Byte for byte as Microsoft ships them (webpack must not re-minify them).
      for (const file of ["office.js", "excel-win32-16.01.js"])
        assert.ok(
          fs
            .readFileSync(path.join(office, file))
            .equals(fs.readFileSync(path.join(OFFICE_JS_PACKAGE, file))),
          `office-js/${file} differs from the package's`
        );
    });

    it("has a CSP that allows scripts from this origin and the guard only", () => {
      const html = fs.readFileSync(path.join(dir, "taskpane.html"), "utf8");
      assert.match(html, /<script src="?office-js\/office\.js"?>/);
      const scriptSrc = /script-src ([^;]+);/.exec(html)![1].trim().split(/\s+/);
      assert.equal(scriptSrc.length, 2);
      assert.equal(scriptSrc[0], "'self'");
      assert.match(scriptSrc[1], /^'sha256-[A-Za-z0-9+/]+=*'$/);
      assert.doesNotMatch(html, /https?:\/\/(?!localhost)/, "no other origin named in the page");
    });

    it("boots with no script blocked and no request leaving the origin, and says to open it in Excel", async () => {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.origin}/taskpane.html`);
      await page.waitForFunction(() =>
        /Excel/.test(document.getElementById("status")!.textContent!)
      );
      await settle(page);
      assert.match((await statusOf(page)).text, OUTSIDE_EXCEL);
      assert.deepEqual(unexpected(log), { csp: [], errors: [] });
      assert.ok(
        browser.requests.includes(`${server.origin}/office-js/office.js`),
        "office.js from this origin"
      );
      // The telemetry frame is refused by the policy before any request is made (README declares it).
      const outside = browser.requests.filter((u) => !u.startsWith(`${server.origin}/`));
      assert.deepEqual(outside, []);
      await page.close();
    });

    it("keeps the sandbox working: sandbox.html with its in-memory workbook", async () => {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.origin}/sandbox.html?fresh`);
      await paneReady(page);
      assert.match((await statusOf(page)).text, /已连接 Excel/);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.cspViolations, []);
      await page.close();
    });
  });

  describe("the ES5 guard", () => {
    let server: Server;
    let browser: Browser;

    before(async () => {
      server = await serve(await build());
      browser = await launch(server); // office.js: the sandbox's stand-in (an Excel host)
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it("says in Chinese what is missing and what to install when the webview lacks custom elements", async () => {
      const { page } = await newPage(browser);
      // EdgeHTML (old Microsoft Edge) has no custom elements; Internet Explorer 11 lacks far more.
      await page.addInitScript(() => {
        Object.defineProperty(window, "customElements", { value: undefined, configurable: true });
      });
      await page.goto(`${server.origin}/taskpane.html`);
      await page.waitForLoadState("load");
      await page.waitForTimeout(500); // Office.onReady of the stand-in has had its chance to overwrite it
      const status = await statusOf(page);
      assert.equal(status.guard, "true");
      assert.equal(status.kind, "error");
      assert.match(status.text, /customElements/);
      assert.match(status.text, /WebView2/);
      assert.match(status.text, /Office 2021/);
      assert.equal(await page.locator("#app fluent-button").count(), 0, "no half-drawn pane");
      await page.close();
    });

    it("says the scripts did not start when a bundle cannot run (a syntax an old webview does not parse)", async () => {
      const { page, log } = await newPage(browser);
      await page.route(`${server.origin}/runtime.js`, (route) =>
        route.fulfill({ status: 200, contentType: "text/javascript", body: "let x = ;" })
      );
      await page.goto(`${server.origin}/taskpane.html`);
      await page.waitForLoadState("load");
      const status = await statusOf(page);
      assert.equal(status.guard, "true");
      assert.match(status.text, /脚本未能启动/);
      assert.ok(
        log.errors.some((e) => /SyntaxError/.test(e)),
        "the broken bundle was the cause"
      );
      assert.deepEqual(log.cspViolations, [], "the guard itself is allowed by its hash");
      await page.close();
    });

    it("on an Excel 2019 profile the pane lists what this Excel lacks: insert and validate stay, each degradation is named", async () => {
      const { page, log } = await newPage(browser);
      // The stand-in Office is installed by Object.assign(window, { Office }): give it Office 2019's sets
      // ("Excel JavaScript API requirement sets": 2019 volume-licensed has ExcelApi up to 1.7, no SharedRuntime).
      // (A string: the test's compiled functions may reference helpers that do not exist in the page.)
      await page.addInitScript(`(function () {
        var office;
        Object.defineProperty(window, "Office", {
          configurable: true,
          get: function () { return office; },
          set: function (value) {
            value.context.requirements = {
              isSetSupported: function (name, version) {
                return name === "ExcelApi" && Number((version || "1.1").split(".")[1]) <= 7;
              }
            };
            office = value;
          }
        });
      })()`);
      await page.goto(`${server.origin}/taskpane.html?fresh`);
      await paneReady(page);
      const notice = await page.locator("#host-notice li").allTextContents();
      const features = await page
        .locator("#host-notice li")
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.feature));
      // The adapter's own declaration (src/excel/capabilities.ts): it works from ExcelApi 1.7 and degrades below.
      assert.deepEqual(
        features,
        [
          "dataValidation",
          "cellProperties",
          "pageLayout",
          "comments",
          "notes",
          "customFunctions",
          "sharedRuntime",
        ],
        notice.join("\n")
      );
      assert.ok(notice.every((line) => !/插入模板、校验、标记都无法使用/.test(line)));
      assert.match(notice[0], /数据验证.*ExcelApi 1\.8.*Excel 2021/);
      assert.match(notice[1], /逐格设置.*无填充/);
      assert.match(notice[3], /批注.*ExcelApi 1\.10/);
      assert.match(notice[6], /选项卡.*SharedRuntime 1\.1/);
      for (const line of notice) assert.doesNotMatch(line, /““|””/, "no doubled quotes");
      assert.match(notice[5], /NIANBAO.*普通公式/);
      assert.match((await statusOf(page)).text, /已连接 Excel/);
      assert.deepEqual(log.errors, []);
      await page.close();
    });

    it("stays silent where the pane can run", async () => {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.origin}/taskpane.html?fresh`);
      await paneReady(page);
      const status = await statusOf(page);
      assert.equal(status.guard, undefined);
      assert.match(status.text, /已连接 Excel/);
      assert.equal(await page.locator("#host-notice").count(), 0, "nothing lacking on this host");
      assert.deepEqual(log.cspViolations, []);
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  });
});
