#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx nianbao` works right after `npm install` with no build step.
require("tsx/cjs");
const { main } = require("../src/cli/main.ts");
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`nianbao: 内部错误：${e && e.message ? e.message : e}\n`);
    process.exit(2);
  },
);
