/**
 * The browser test harness: one production build of the add-in (webpack, into a temporary folder) served on
 * 127.0.0.1 by a tiny static server, and headless Chromium (@sparticuz/chromium's binary, driven by playwright-core).
 *
 * office.js normally comes from Microsoft's CDN, which is unreachable here and must not be reached by a test: every
 * request to it is answered with the sandbox's Office stand-in (dist/sandbox/sandbox.js). Every request a page makes is
 * recorded, and anything that is not this server or that one intercepted URL is aborted (and so shows in the record).
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
export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const SCREENSHOTS = path.join(ROOT, ".artifacts", "screenshots");
const WEBPACK_CLI = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });

const temporary: string[] = [];
process.on("exit", () => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

// --- build --------------------------------------------------------------------------------------------------------

let building: Promise<string> | undefined;

/** The production build, made once per test run (every browser test file shares it). */
export function build(): Promise<string> {
  building ??= new Promise((resolve, reject) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-browser-"));
    temporary.push(outDir);
    const env = { ...process.env };
    delete env.NIANBAO_PUBLIC_URL;
    const started = Date.now();
    execFile(
      process.execPath,
      [WEBPACK_CLI, "--mode", "production", "--output-path", outDir],
      { cwd: ROOT, env, timeout: 180_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`webpack failed: ${error.message}\n${stdout}\n${stderr}`));
        else {
          console.log(
            `      (webpack --mode production: ${((Date.now() - started) / 1000).toFixed(1)} s)`
          );
          resolve(outDir);
        }
      }
    );
  });
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

export async function launch(
  server: Server,
  options: { viewport?: { width: number; height: number } } = {}
): Promise<Browser> {
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
