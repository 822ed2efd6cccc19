import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The compiled command line (dist-cli/, built by `npm install`) rebuilt when a source is newer: bin/nianbao.js runs the
 * TypeScript sources through tsx instead of a stale bundle, and a benchmark of the command would then measure tsx.
 * Not a benchmark itself (no `run`).
 */

const ROOT = join(__dirname, "..");

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(path));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(path).mtimeMs);
  }
  return t;
}

export function ensureCompiled(): void {
  const bundle = join(ROOT, "dist-cli", "cli.js");
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(ROOT, "src"))) return;
  console.log(
    "  (sources newer than dist-cli/: compiling the command line first, npm run build:cli)"
  );
  spawnSync(process.execPath, [join(ROOT, "bin", "build-cli.js")], { stdio: "inherit" });
}
