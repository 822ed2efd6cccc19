#!/usr/bin/env node
// The `nianbao` command. Runs the compiled command line (dist-cli/cli.js, built by `npm install` through the `prepare`
// script) when it is newer than every source file; otherwise the TypeScript sources through tsx (a developer's edit
// is never run stale). `NIANBAO_TSX=1` forces the sources.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const compiled = join(root, "dist-cli", "cli.js");

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function useCompiled() {
  if (process.env.NIANBAO_TSX === "1" || !existsSync(compiled)) return false;
  const src = join(root, "src");
  return !existsSync(src) || statSync(compiled).mtimeMs >= newestSource(src);
}

// A reader that stops early (`nianbao check DIR --jsonl | head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on("error", (e) => {
  if (e && e.code === "EPIPE") process.exit(0);
  throw e;
});

/**
 * The compiled bundle, loaded as CommonJS through vm.Script with V8's code cache (dist-cli/cli.cache): compiling the
 * 3 MB bundle is most of a start-up otherwise. When the cache is missing or rejected (another Node version), the
 * bundle is compiled as usual and the cache written after the run, for the next one.
 */
function loadCompiled() {
  const { readFileSync, writeFileSync } = require("node:fs");
  const vm = require("node:vm");
  const Module = require("node:module");
  const cacheFile = join(root, "dist-cli", "cli.cache");
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(compiled, "utf8")), {
    filename: compiled,
    cachedData,
  });
  const mod = new Module(compiled, module);
  mod.filename = compiled;
  mod.paths = Module._nodeModulePaths(join(root, "dist-cli"));
  script.runInThisContext()(
    mod.exports,
    Module.createRequire(compiled),
    mod,
    compiled,
    join(root, "dist-cli")
  );
  if (!cachedData || script.cachedDataRejected)
    process.once("exit", () => {
      try {
        writeFileSync(cacheFile, script.createCachedData());
      } catch {
        // a read-only installation: start-up stays a little slower
      }
    });
  return mod.exports;
}

let main;
if (useCompiled()) main = loadCompiled().main;
else {
  require("tsx/cjs");
  main = require("../src/cli/main.ts").main;
}
main(process.argv.slice(2)).then(
  // Exit only once stdout has been flushed: a large --json document written to a pipe would otherwise be cut at 64 KiB.
  (code) => process.stdout.write("", () => process.exit(code)),
  (e) => {
    process.stderr.write(`nianbao: 内部错误：${e && e.message ? e.message : e}\n`);
    process.exit(2);
  }
);
