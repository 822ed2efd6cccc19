#!/usr/bin/env node
// Compiles the command line into dist/ (one JavaScript file per entry, esbuild), so that `nianbao` starts without
// compiling TypeScript on every run. `npm install` / `npm ci` run it (the `prepare` script); bin/nianbao.js uses the
// result while it is newer than every source file, else runs the sources through tsx.
const { buildSync } = require("esbuild");
const { join } = require("node:path");

const root = join(__dirname, "..");
buildSync({
  entryPoints: { cli: join(root, "src/cli/main.ts"), worker: join(root, "src/cli/worker.ts") },
  outdir: join(root, "dist"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // exceljs is large and loaded only when a workbook is read or written (src/xlsx/exceljs.ts): kept out of the bundle.
  external: ["exceljs"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
