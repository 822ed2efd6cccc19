import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ensureCompiled } from "./compiled";

/**
 * How long `nianbao check one-file.json` takes from the shell, start-up included (target ≤ 0.2 s): the compiled bin
 * (dist-cli/cli.js, built by `npm install`), and for comparison the TypeScript sources through tsx (NIANBAO_TSX=1).
 * Median and best of RUNS runs after a warm-up (the file cache warm); wall time, and the child's CPU time.
 */

const RUNS = 15;
const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "nianbao.js");
const FILE = join(ROOT, "examples", "transposed-digit-2023.json");

function measure(env: NodeJS.ProcessEnv): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  spawnSync(process.execPath, [BIN, "check", FILE], { env });
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, BIN, "check", FILE], {
      env,
      encoding: "utf8",
    });
    wall.push((performance.now() - t) / 1000);
    const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
    if (m) cpu.push(Number(m[1]) + Number(m[2]));
  }
  return { wall, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) =>
  xs.length
    ? `median ${median(xs).toFixed(3)} s, best ${Math.min(...xs).toFixed(3)} s`
    : "(not measured)";

export async function run(): Promise<void> {
  ensureCompiled();
  const compiled = existsSync(join(ROOT, "dist-cli", "cli.js"));
  console.log(
    `nianbao check ${FILE.slice(ROOT.length + 1)}, ${RUNS} runs after a warm-up (target ≤ 0.2 s)`
  );
  if (compiled) {
    const c = measure({ ...process.env, NIANBAO_TSX: "" });
    console.log(`  compiled (dist-cli/cli.js): wall ${fmt(c.wall)}; CPU ${fmt(c.cpu)}`);
    console.log(
      `  target ≤ 0.2 s: ${median(c.wall) <= 0.2 ? "reached" : "NOT reached"} (median wall)`
    );
  } else
    console.log("  dist-cli/cli.js not built (npm install runs `prepare`; or npm run build:cli)");
  const t = measure({ ...process.env, NIANBAO_TSX: "1" });
  console.log(`  sources through tsx:    wall ${fmt(t.wall)}; CPU ${fmt(t.cpu)}`);
  const bare = spawnSync("/usr/bin/time", ["-f", "%e", process.execPath, "-e", "0"], {
    encoding: "utf8",
  });
  console.log(`  (node -e 0 alone: ${bare.stderr.trim()} s)`);
}
