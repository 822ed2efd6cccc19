import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * `npm run bench`: runs every module in bench/ that exports `run()`, in name order (this one is only the runner).
 * Add a benchmark by adding a file here; `npm run bench -- engine` runs only the named ones.
 * Benchmarks print figures; they assert nothing.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "index.ts")
    .sort();
  for (const file of files) {
    const name = file.replace(/\.ts$/, "");
    if (only.length && !only.includes(name)) continue;
    const mod = (await import(join(__dirname, file))) as { run?: () => unknown };
    if (typeof mod.run !== "function") continue;
    console.log(`\n== ${name} ==`);
    await mod.run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
