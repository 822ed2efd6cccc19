#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx nianbao` works right after `npm install` with no build step.
require("tsx/cjs");
const { main } = require("../src/cli/main.ts");
main(process.argv.slice(2)).then(
  // Exit only once stdout has been flushed: a large --json document written to a pipe would otherwise be cut at 64 KiB.
  (code) => process.stdout.write("", () => process.exit(code)),
  (e) => {
    process.stderr.write(`nianbao: 内部错误：${e && e.message ? e.message : e}\n`);
    process.exit(2);
  }
);
