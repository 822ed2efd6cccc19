/**
 * The production build: runs `webpack --mode production` once into a temporary folder and checks what Excel will
 * load from it — functions.json, taskpane.html and its bundles, manifest.xml and the icons — then runs the built
 * bundles in a Node vm with fake Office / CustomFunctions globals, the way the shared runtime loads them (one page).
 *
 * Also covers functions/functions.ts imported directly in Node (its registration is guarded).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { createHash } from "node:crypto";
import { DomUtils, parseDocument } from "htmlparser2";
import { ACTION_NAMES } from "../taskpane/actions";

const ROOT = path.resolve(__dirname, "..");
const WEBPACK_CLI = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });
/** The default build's office.js (NIANBAO_OFFICE_JS=cdn, webpack.config.js). */
const OFFICE_JS = "https://officeapis.public.onecdn.static.microsoft/1/office.js";
const BUILD_TIMEOUT_MS = 400_000; // webpack takes 1–3 minutes on the shared CI machine

interface BuildResult {
  outDir: string;
  seconds: number;
}

function build(extraEnv: Record<string, string> = {}): Promise<BuildResult> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-build-"));
  const env = { ...process.env, ...extraEnv };
  if (!("NIANBAO_PUBLIC_URL" in extraEnv)) delete env.NIANBAO_PUBLIC_URL;
  if (!("NIANBAO_OFFICE_JS" in extraEnv)) delete env.NIANBAO_OFFICE_JS;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [WEBPACK_CLI, "--mode", "production", "--output-path", outDir],
      { cwd: ROOT, env, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (error)
          reject(
            new Error(
              `webpack failed after ${seconds.toFixed(1)} s: ${error.message}\n${stdout}\n${stderr}`
            )
          );
        else resolve({ outDir, seconds });
      }
    );
  });
}

function pngSize(file: string): [number, number] {
  const buf = fs.readFileSync(file);
  assert.equal(buf.toString("ascii", 1, 4), "PNG", `${file} is not a PNG`);
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

interface FunctionsJson {
  functions: {
    id: string;
    name: string;
    description: string;
    parameters: { name: string; description?: string; type: string; dimensionality?: string }[];
    result: { type: string; dimensionality?: string };
  }[];
}

/** The page's script files in document order: office.js (URL) and the bundles (local file names). */
function scriptSources(html: string): string[] {
  const page = parseDocument(html);
  return DomUtils.findAll((e) => e.name === "script" && !!e.attribs.src, page.children).map(
    (s) => s.attribs.src
  );
}

// --- running the built page in a vm ----------------------------------------------------------------------------

type ActionHandler = (event?: { completed(): void }) => void;

interface FakePage {
  context: vm.Context;
  status: { textContent: string; dataset: Record<string, string> };
  consoleErrors: unknown[][];
  customFunctions: Map<string, (...args: unknown[]) => unknown>;
  officeActions: Map<string, ActionHandler>;
  duplicateRegistrations: string[];
  paneShown: number;
}

class FakeCustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string
  ) {
    super(message);
  }
}

function makePage(withOffice: boolean): FakePage {
  const fake: FakePage = {
    context: {},
    status: { textContent: "", dataset: {} },
    consoleErrors: [],
    customFunctions: new Map(),
    officeActions: new Map(),
    duplicateRegistrations: [],
    paneShown: 0,
  };
  const globals: Record<string, unknown> = {
    console: {
      log() {},
      info() {},
      warn() {},
      error: (...args: unknown[]) => fake.consoleErrors.push(args),
    },
    document: {
      readyState: "complete",
      getElementById: (id: string) => (id === "status" ? fake.status : null),
      querySelectorAll: () => [],
      addEventListener() {},
    },
  };
  if (withOffice) {
    globals.Office = {
      HostType: { Excel: "Excel" },
      // A host with the shared runtime and custom functions (Microsoft 365).
      context: { requirements: { isSetSupported: () => true } },
      onReady(callback?: (info: { host: string; platform: string }) => void) {
        const info = { host: "Excel", platform: "OfficeOnline" };
        return Promise.resolve().then(() => {
          callback?.(info);
          return info;
        });
      },
      actions: {
        associate(name: string, fn: ActionHandler) {
          if (fake.officeActions.has(name)) fake.duplicateRegistrations.push(name);
          fake.officeActions.set(name, fn);
        },
      },
      addin: {
        showAsTaskpane() {
          fake.paneShown++;
          return Promise.resolve();
        },
      },
    };
    globals.CustomFunctions = {
      associate(id: string, fn: (...args: unknown[]) => unknown) {
        if (fake.customFunctions.has(id)) fake.duplicateRegistrations.push(id);
        fake.customFunctions.set(id, fn);
      },
      Error: FakeCustomFunctionError,
      ErrorCode: { invalidValue: "#VALUE!" },
    };
  }
  const context = vm.createContext(globals);
  context.self = context;
  context.window = context;
  fake.context = context;
  return fake;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function loadPage(outDir: string, withOffice: boolean): Promise<FakePage> {
  const page = makePage(withOffice);
  const html = fs.readFileSync(path.join(outDir, "taskpane.html"), "utf8");
  for (const src of scriptSources(html)) {
    if (src === OFFICE_JS) continue; // provided by the fake globals (or deliberately absent)
    const file = path.join(outDir, src);
    vm.runInContext(fs.readFileSync(file, "utf8"), page.context, { filename: file });
  }
  await settle();
  return page;
}

// ---------------------------------------------------------------------------------------------------------------

describe("production build", function () {
  this.timeout(BUILD_TIMEOUT_MS + 30_000);
  let result: BuildResult;
  const out = (...p: string[]) => path.join(result.outDir, ...p);

  before(async () => {
    result = await build();
    console.log(`      (webpack --mode production took ${result.seconds.toFixed(1)} s)`);
  });

  after(() => {
    if (result) fs.rmSync(result.outDir, { recursive: true, force: true });
  });

  it("emits functions.json listing every custom function with its parameters", () => {
    const metadata = JSON.parse(fs.readFileSync(out("functions.json"), "utf8")) as FunctionsJson;
    const byId = new Map(metadata.functions.map((f) => [f.id, f]));
    assert.deepEqual([...byId.keys()].sort(), [
      "BALANCE",
      "CHECK",
      "ISSUES",
      "SUGGEST",
      "SUMCHECK",
    ]);
    for (const id of ["CHECK", "ISSUES", "SUGGEST"]) {
      const f = byId.get(id)!;
      assert.deepEqual(
        f.parameters.map((p) => [
          p.name,
          p.dimensionality ?? "scalar",
          !!(p as { optional?: boolean }).optional,
        ]),
        [
          ["tableRange", "matrix", false],
          ["format", "scalar", true],
        ]
      );
    }
    assert.equal(byId.get("ISSUES")!.result.dimensionality, "matrix");

    const bal = byId.get("BALANCE")!;
    assert.equal(bal.name, "BALANCE");
    assert.deepEqual(
      bal.parameters.map((p) => p.name),
      ["newThisYear", "carriedOver", "total", "carriedToNext"]
    );
    assert.equal(bal.result.type, "number");

    const sum = byId.get("SUMCHECK")!;
    assert.deepEqual(
      sum.parameters.map((p) => [p.name, p.dimensionality ?? "scalar"]),
      [
        ["total", "scalar"],
        ["parts", "matrix"],
      ]
    );
    for (const f of metadata.functions) {
      assert.match(f.description, /[\u4e00-\u9fff]/, `${f.id} description should be Chinese`);
      for (const p of f.parameters)
        assert.match(p.description ?? "", /[\u4e00-\u9fff]/, `${f.id}.${p.name} description`);
    }
  });

  it("emits taskpane.html loading office.js and all three entries through one runtime", () => {
    const html = fs.readFileSync(out("taskpane.html"), "utf8");
    const sources = scriptSources(html);
    assert.equal(sources[0], OFFICE_JS, "office.js must load first");
    const external = sources.filter((s) => /^(https?:)?\/\//i.test(s));
    assert.deepEqual(external, [OFFICE_JS], "office.js is the only external script");
    const local = sources.slice(1);
    for (const bundle of ["runtime.js", "functions.js", "commands.js", "taskpane.js"]) {
      assert.ok(local.includes(bundle), `taskpane.html does not load ${bundle}`);
    }
    assert.equal(local[0], "runtime.js", "the shared webpack runtime loads before the entries");
    for (const src of local)
      assert.ok(fs.existsSync(out(src)), `${src} referenced but not emitted`);
    // Every emitted script belongs to the page (nothing the page would miss).
    const emitted = fs.readdirSync(result.outDir).filter((f) => f.endsWith(".js"));
    assert.deepEqual([...emitted].sort(), [...local].sort());
    // Production CSP: this origin, the inline guard by its hash, office.js's CDN — and no dev-server socket.
    const guard = /<script id="?nianbao-guard"?>([\s\S]*?)<\/script>/.exec(html);
    assert.ok(guard, "the inline ES5 guard is in the page");
    const hash = createHash("sha256").update(guard[1], "utf8").digest("base64");
    assert.match(
      html,
      new RegExp(
        `script-src 'self' 'sha256-${hash.replace(/[+/]/g, "\\$&")}' https://officeapis\\.public\\.onecdn\\.static\\.microsoft;`
      )
    );
    assert.doesNotMatch(html, /ws:\/\/localhost/);
  });

  it("loads at most 200 KiB of script before the first paint; the pane, Fluent UI and the importers come later", () => {
    const html = fs.readFileSync(out("taskpane.html"), "utf8");
    const initial = scriptSources(html).filter((src) => src !== OFFICE_JS);
    const bytes = initial.reduce((sum, src) => sum + fs.statSync(out(src)).size, 0);
    assert.ok(bytes <= 200 * 1024, `${(bytes / 1024).toFixed(1)} KiB of script before first paint`);
    const code = initial.map((src) => fs.readFileSync(out(src), "utf8")).join("\n");
    // Markers (property names and strings that survive minification) of what must not be in the first bundles:
    // the pane's Fluent UI controls, zod's full build (the CLI's interchange parser), exceljs.
    for (const [what, marker] of [
      ["the pane's Fluent UI controls", "fluent-button"],
      ["zod (the full build)", "superRefine"],
      ["exceljs", "ExcelJS"],
    ])
      assert.ok(!code.includes(marker), `${what} is in the scripts loaded before first paint`);
    // And no font is requested by the page itself: the bundled font is a fallback fonts.ts adds when needed.
    assert.doesNotMatch(html, /noto-sans-sc/);
  });

  it("copies manifest.xml (unchanged without NIANBAO_PUBLIC_URL) and the icons", () => {
    assert.equal(
      fs.readFileSync(out("manifest.xml"), "utf8"),
      fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8")
    );
    const manifest = fs.readFileSync(out("manifest.xml"), "utf8");
    const iconUrls = [
      ...manifest.matchAll(/"https:\/\/localhost:3000\/(assets\/[^"]+\.png)"/g),
    ].map((m) => m[1]);
    assert.ok(iconUrls.length >= 17, `only ${iconUrls.length} icon URLs found`);
    for (const rel of iconUrls) {
      assert.ok(fs.existsSync(out(rel)), `${rel} missing from the build`);
      const size = Number(/-(\d+)\.png$/.exec(rel)![1]);
      assert.deepEqual(pngSize(out(rel)), [size, size], rel);
    }
  });

  it("loads in a page without Office.js and without the custom functions runtime", async () => {
    const page = await loadPage(result.outDir, false);
    assert.match(page.status.textContent, /Office\.js/);
  });

  it("registers the custom functions and the ribbon actions once each, and they work", async () => {
    const page = await loadPage(result.outDir, true);
    assert.deepEqual(page.duplicateRegistrations, []);
    assert.deepEqual([...page.customFunctions.keys()].sort(), [
      "BALANCE",
      "CHECK",
      "ISSUES",
      "SUGGEST",
      "SUMCHECK",
    ]);
    assert.deepEqual([...page.officeActions.keys()].sort(), [...ACTION_NAMES].sort());

    const BALANCE = page.customFunctions.get("BALANCE")!;
    const SUMCHECK = page.customFunctions.get("SUMCHECK")!;
    assert.equal(BALANCE(10, 5, 12, 3), 0);
    assert.equal(
      SUMCHECK(10, [
        [1, 2],
        [3, null],
      ]),
      4
    );
    assert.throws(
      () => BALANCE("十", 0, 0, 0),
      (e: unknown) =>
        e instanceof FakeCustomFunctionError && e.code === "#VALUE!" && /本年新收/.test(e.message)
    );
    assert.match(page.status.textContent, /已连接 Excel/);
  });

  it("completes a ribbon command even when it fails, and reports the failure in the pane", async () => {
    const page = await loadPage(result.outDir, true);
    let completed = 0;
    page.officeActions.get("validate")!({ completed: () => completed++ });
    await settle();
    assert.equal(completed, 1, "event.completed() must be called exactly once");
    // The error reporter installed by the taskpane entry saw the failure of the commands entry's action: one
    // shared module instance across the entries.
    assert.match(page.status.textContent, /校验.*尚未接入/);
    assert.equal(page.status.dataset.kind, "error");
    assert.equal(page.paneShown, 1);
  });
});

describe("production build with NIANBAO_PUBLIC_URL", function () {
  this.timeout(BUILD_TIMEOUT_MS + 30_000);
  let result: BuildResult;

  before(async () => {
    result = await build({ NIANBAO_PUBLIC_URL: "https://reports.example.gov.cn/nianbao" });
  });

  after(() => {
    if (result) fs.rmSync(result.outDir, { recursive: true, force: true });
  });

  it("rewrites the dev origin in dist/manifest.xml and nothing else", () => {
    const source = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    const built = fs.readFileSync(path.join(result.outDir, "manifest.xml"), "utf8");
    assert.doesNotMatch(built, /localhost/);
    assert.equal(
      built,
      source.split("https://localhost:3000/").join("https://reports.example.gov.cn/nianbao/")
    );
  });
});
