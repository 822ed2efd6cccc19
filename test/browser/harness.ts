/**
 * The browser test harness: one production build of the add-in (webpack, into a temporary folder) served on
 * 127.0.0.1 by a tiny static server, and headless Chromium (@sparticuz/chromium's binary, driven by playwright-core).
 *
 * office.js normally comes from Microsoft's CDN, which is unreachable here and must not be reached by a test. By
 * default every request to it is answered with the sandbox's Office stand-in (dist/sandbox/sandbox.js); with
 * `officeJs: "package"` the real office.js of the @microsoft/office-js package answers instead, and so does every file
 * office.js then loads from beside itself on the CDN. `build({ officeJs: "self" })` is the self-hosted build
 * (NIANBAO_OFFICE_JS=self: office.js from the add-in's own origin). Every request a page makes is recorded, and
 * anything that is not this server or an answered CDN URL is aborted (and so shows in the record).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type BrowserContext, type Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
/** Where the default build loads office.js from (webpack.config.js, NIANBAO_OFFICE_JS=cdn). */
export const OFFICE_JS = "https://officeapis.public.onecdn.static.microsoft/1/office.js";
const OFFICE_JS_BASE = OFFICE_JS.slice(0, OFFICE_JS.lastIndexOf("/") + 1);
export const OFFICE_JS_PACKAGE = path.dirname(
  require.resolve("@microsoft/office-js/dist/office.js", { paths: [ROOT] })
);
export const SCREENSHOTS = path.join(ROOT, ".artifacts", "screenshots");
const WEBPACK_CLI = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });

const temporary: string[] = [];
process.on("exit", () => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

// --- build --------------------------------------------------------------------------------------------------------

const builds = new Map<string, Promise<string>>();

export interface BuildOptions {
  /** NIANBAO_OFFICE_JS for this build; default: the default build (Microsoft's CDN). */
  officeJs?: "self";
}

/** The production build, made once per test run and option (every browser test file shares it). */
export function build(options: BuildOptions = {}): Promise<string> {
  const key = options.officeJs ?? "cdn";
  let building = builds.get(key);
  if (building) return building;
  building = new Promise((resolve, reject) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-browser-"));
    temporary.push(outDir);
    const env = { ...process.env };
    delete env.NIANBAO_PUBLIC_URL;
    delete env.NIANBAO_OFFICE_JS;
    if (options.officeJs) env.NIANBAO_OFFICE_JS = options.officeJs;
    const started = Date.now();
    execFile(
      process.execPath,
      [WEBPACK_CLI, "--mode", "production", "--output-path", outDir],
      { cwd: ROOT, env, timeout: 400_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`webpack failed: ${error.message}\n${stdout}\n${stderr}`));
        else {
          console.log(
            `      (webpack --mode production${options.officeJs ? ` NIANBAO_OFFICE_JS=${options.officeJs}` : ""}: ${((Date.now() - started) / 1000).toFixed(1)} s)`
          );
          resolve(outDir);
        }
      }
    );
  });
  builds.set(key, building);
  return building;
}

// --- static server ------------------------------------------------------------------------------------------------

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".xml": "application/xml; charset=utf-8",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
};

export interface Server {
  origin: string;
  dir: string;
  close(): Promise<void>;
}

export async function serve(dir: string): Promise<Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    dir,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// --- browser ------------------------------------------------------------------------------------------------------

/** toolchain.md's flags; @sparticuz/chromium's own, less the two that would relax the page's security model. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const DROPPED = new Set(["--disable-web-security", "--allow-running-insecure-content"]);

export interface Browser {
  context: BrowserContext;
  /** Every URL requested by any page of this browser, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** What answers the CDN's office.js: the sandbox's stand-in (default) or the @microsoft/office-js package. */
  officeJs?: "stub" | "package";
}

export async function launch(server: Server, options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  const args = [
    ...new Set([
      ...chromium.args.filter((a) => !DROPPED.has(a) && !a.startsWith("--headless")),
      ...FLAGS,
    ]),
  ];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-chromium-"));
  temporary.push(profile);
  const context = await playwright.launchPersistentContext(profile, {
    executablePath,
    args,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: "zh-CN",
  });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  const stub = fs.readFileSync(path.join(server.dir, "sandbox", "sandbox.js"));
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (options.officeJs === "package" && url.startsWith(OFFICE_JS_BASE)) {
      const file = path.join(
        OFFICE_JS_PACKAGE,
        new URL(url).pathname.slice(new URL(OFFICE_JS_BASE).pathname.length)
      );
      if (!file.startsWith(OFFICE_JS_PACKAGE) || !fs.existsSync(file))
        return route.fulfill({ status: 404 });
      return route.fulfill({
        status: 200,
        contentType: TYPES[path.extname(file)] ?? "application/octet-stream",
        body: fs.readFileSync(file),
      });
    }
    if (url === OFFICE_JS)
      return route.fulfill({ status: 200, contentType: "text/javascript", body: stub });
    if (url.startsWith(`${server.origin}/`)) return route.continue();
    return route.abort("blockedbyclient");
  });
  return {
    context,
    requests,
    close: () => context.close(),
  };
}

export interface PageLog {
  errors: string[];
  cspViolations: string[];
}

/** A new page that records console errors, uncaught exceptions and CSP violations. */
export async function newPage(browser: Browser): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.context.newPage();
  const log: PageLog = { errors: [], cspViolations: [] };
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(String(error)));
  await page.exposeFunction("__reportCsp", (text: string) => log.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(
        `${e.violatedDirective} ${e.blockedURI}`
      );
    });
  });
  return { page, log };
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; selector?: string } = {}
): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (options.selector) await page.locator(options.selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}
