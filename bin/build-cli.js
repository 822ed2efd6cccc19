#!/usr/bin/env node
// Compiles the command line into dist-cli/ (one JavaScript file per entry, esbuild), so that `nianbao` starts without
// compiling TypeScript on every run. `npm install` / `npm ci` run it (the `prepare` script); bin/nianbao.js uses the
// result while it is newer than every source file, else runs the sources through tsx.
const { buildSync } = require("esbuild");
const { join } = require("node:path");

const root = join(__dirname, "..");

/** How the command line is compiled (the benchmarks compile the same way, to measure what ships). */
const options = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // exceljs is large and loaded only when a workbook is read or written (src/xlsx/exceljs.ts): kept out of the bundle.
  // pdfjs-dist/package.json is only located (require.resolve), to find the CMaps shipped beside it.
  external: ["exceljs", "pdfjs-dist/package.json"],
  // import("exceljs") as a lazy require(): the bin loads the bundle through vm.Script (for V8's code cache), where a
  // real dynamic import would need a loader callback.
  supported: { "dynamic-import": false },
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};
module.exports = { options };
if (require.main !== module) return;

buildSync({
  ...options,
  entryPoints: { cli: join(root, "src/cli/main.ts"), worker: join(root, "src/cli/worker.ts") },
  outdir: join(root, "dist-cli"),
});

// V8's code cache for the bundle, made by one run (so that the functions a check uses are in it): the bin then skips
// compiling 3 MB of JavaScript on every start. Rebuilt by the bin itself when V8 rejects it (another Node version).
const { rmSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
rmSync(join(root, "dist-cli", "cli.cache"), { force: true });
spawnSync(
  process.execPath,
  [join(root, "bin", "nianbao.js"), "check", join(root, "examples", "transposed-digit-2023.json")],
  {
    stdio: "ignore",
    env: { ...process.env, NIANBAO_TSX: "" },
  }
);
