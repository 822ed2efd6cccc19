import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CellKind } from "../src/format";
import { splitRow, type SplitOptions, type Token } from "../src/importers/split";
import * as before from "../test/importers/split-oracle";

/**
 * Splitting printed digit runs into a row's cells (src/importers/split.ts), on the rows the digit-run reader hands it
 * for the 55 real texts of test/fixtures/corpus: test/fixtures/split-rows.json holds each distinct row (its tokens, cell
 * kinds and sum groups) and how many times the reader splits it, captured from `nianbao check` on those texts. The
 * row rules are the reader's (each group's last cell is the sum of the others); table 二's ranking by the narrative is
 * left out (the default ranking instead: it only orders rows with several readings). Prints CPU µs per report for the
 * splitter and for the one before it (test/importers/split-oracle.ts), and the costliest rows.
 */

interface Row {
  times: number;
  tokens: Token[];
  kinds: CellKind[];
  sumGroups?: number[];
}

function rows(): { reports: number; rows: Row[] } {
  const file = join(__dirname, "../test/fixtures/split-rows.json");
  const data = JSON.parse(readFileSync(file, "utf8")) as {
    reports: number;
    rows: {
      times: number;
      tokens: [string, Token["sep"], 1?][];
      kinds: CellKind[];
      sumGroups?: number[];
    }[];
  };
  return {
    reports: data.reports,
    rows: data.rows.map((r) => ({
      ...r,
      tokens: r.tokens.map(([text, sep, placeholder]) => ({
        text,
        sep,
        ...(placeholder ? { placeholder: true } : {}),
      })),
    })),
  };
}

/** The reader's row rule: in each group, the last cell is the sum of the others. */
function sumsHold(groups: readonly number[]): (v: number[]) => boolean {
  return (v) => {
    let at = 0;
    for (const size of groups) {
      let sum = 0;
      for (let i = at; i < at + size - 1; i++) sum += v[i];
      if (Math.abs(v[at + size - 1] - sum) > 1e-7) return false;
      at += size;
    }
    return true;
  };
}

/** A row's tokens as printed: a space where the page has one, "|" at a cell boundary, nothing where digits run on. */
const printed = (tokens: readonly Token[]) =>
  tokens
    .map((t, i) => (i === 0 ? "" : t.sep === "strong" ? "|" : t.sep === "weak" ? " " : "") + t.text)
    .join("");

const optionsOf = (r: Row): SplitOptions => ({
  kinds: r.kinds,
  ...(r.sumGroups ? { sumGroups: r.sumGroups, rowOk: sumsHold(r.sumGroups) } : {}),
});

/** CPU µs one pass over all rows (each as many times as the reader splits it) takes, median of `runs`. */
function timed(
  split: typeof splitRow,
  all: Row[],
  opts: SplitOptions[],
  reps: number,
  runs: number
) {
  const each: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = process.cpuUsage();
    for (let k = 0; k < reps; k++)
      for (let i = 0; i < all.length; i++)
        for (let j = 0; j < all[i].times; j++) split(all[i].tokens, opts[i]);
    const u = process.cpuUsage(t0);
    each.push((u.user + u.system) / reps);
  }
  return each.sort((a, b) => a - b)[runs >> 1];
}

export function run(): void {
  const { reports, rows: all } = rows();
  const opts = all.map(optionsOf);
  const calls = all.reduce((s, r) => s + r.times, 0);
  const reps = Number(process.env.BENCH_REPS ?? 40);
  // Warm both up, then alternate them (the machine's load changes: each figure is the median of its runs).
  timed(splitRow, all, opts, 5, 1);
  timed(before.splitRow, all, opts, 5, 1);
  const now: number[] = [];
  const was: number[] = [];
  for (let i = 0; i < 3; i++) {
    now.push(timed(splitRow, all, opts, reps, 3));
    was.push(timed(before.splitRow, all, opts, reps, 3));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const perReport = (us: number) => (us / reports).toFixed(1);
  console.log(
    `${calls} row splits (${all.length} distinct rows) of ${reports} real reports: ` +
      `${perReport(median(now))} µs of CPU a report; the splitter before: ${perReport(median(was))} µs ` +
      `(${(median(was) / median(now)).toFixed(1)}×)`
  );
  // The costliest rows (each split alone, many times).
  const single = all.map((r, i) => {
    const n = 1000;
    const time = (split: typeof splitRow) => {
      split(r.tokens, opts[i]);
      const t0 = process.cpuUsage();
      for (let k = 0; k < n; k++) split(r.tokens, opts[i]);
      const u = process.cpuUsage(t0);
      return (u.user + u.system) / n;
    };
    return { r, now: time(splitRow), was: time(before.splitRow) };
  });
  single.sort((a, b) => b.now * b.r.times - a.now * a.r.times);
  console.log("costliest rows (µs a split, now / before; × times split):");
  for (const { r, now: t, was: w } of single.slice(0, 6))
    console.log(
      `  ${printed(r.tokens)} into ${r.kinds.length} cells: ` +
        `${t.toFixed(1)} / ${w.toFixed(1)} µs × ${r.times}`
    );
}

if (require.main === module) run();
