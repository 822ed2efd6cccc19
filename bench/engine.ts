import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { confront } from "../src/check";
import { cellId, getFormat, type CellRef, type FormatId } from "../src/format";
import type { Report } from "../src/report";
import { consistentReport, seededRandom, valueAt, withCells } from "../test/helpers/reports";

/**
 * The engine's speed: reports checked per second (rules and warnings only, as a live count in a cell needs), and the
 * time to localize errors in a report with one to five mistyped cells in table 三 (what `nianbao check` and the task
 * pane do). Targets on a 2-core machine: ≤ 50 µs per check; localization median ≤ 10 ms, worst ≤ 200 ms.
 * Localization times are given as wall time and as this process's CPU time: on a machine shared with other work the
 * wall time measures the machine's load as much as the search.
 */

const REPORTS = 300;
const SEED = 20240131;

function sampleReports(format: FormatId, n = REPORTS): Report[] {
  return fc.sample(consistentReport(format), { numRuns: n, seed: SEED });
}

/** The same reports with `k` distinct cells of table 三 changed to other whole numbers ≥ 0. */
function mistyped(reports: Report[], k: number): Report[] {
  const random = seededRandom(SEED + k);
  return reports.map((report) => {
    const cells = getFormat(report.format).cells.filter((c) => c.table === "三");
    const picked = new Set<CellRef>();
    while (picked.size < k) picked.add(cells[Math.floor(random() * cells.length)]);
    return withCells(
      report,
      [...picked].map((c) => {
        const original = valueAt(report, c) as number;
        let to = original;
        while (to === original) to = Math.floor(random() * (random() < 0.7 ? 60 : 2000));
        return [c, to];
      })
    );
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Time `fn` over every report, repeated until at least `minMs` has passed; µs per call. */
function throughput(reports: Report[], fn: (r: Report) => unknown, minMs = 1500): number {
  for (let pass = 0; pass < 3; pass++) for (const r of reports) fn(r); // warm-up: let the JIT settle first
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const r of reports) fn(r);
    calls += reports.length;
  }
  return ((performance.now() - start) * 1000) / calls;
}

/**
 * Per-report timings in ms, after a warm-up pass. Each report is timed three times and its middle time kept, so a
 * garbage collection or another process on this shared 2-core machine does not pass for a slow report.
 */
function perReport(
  reports: Report[],
  fn: (r: Report) => unknown
): { median: number; p95: number; max: number; cpuMedian: number; cpuMax: number } {
  for (const r of reports.slice(0, 20)) fn(r);
  const once = (r: Report): [number, number] => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    fn(r);
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    return [wall, (used.user + used.system) / 1000];
  };
  const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const runs = reports.map((r) => [once(r), once(r), once(r)]);
  const times = runs.map((rs) => middle(rs.map((x) => x[0]))).sort((a, b) => a - b);
  const cpu = runs.map((rs) => middle(rs.map((x) => x[1]))).sort((a, b) => a - b);
  return {
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    max: times[times.length - 1],
    cpuMedian: quantile(cpu, 0.5),
    cpuMax: cpu[cpu.length - 1],
  };
}

const us = (n: number) => `${n.toFixed(1)} µs`;
const ms = (n: number) => `${n.toFixed(2)} ms`;

export function run(): void {
  for (const format of ["2021", "2019"] as const) {
    const reports = sampleReports(format);
    const check = throughput(reports, (r) => confront(r, { localize: false }));
    const checkLocalized = throughput(reports, (r) => confront(r));
    console.log(`${format} format, ${reports.length} consistent reports`);
    console.log(
      `  check (localize: false):        ${us(check)} per report, ${Math.round(1e6 / check).toLocaleString("en")} reports/s   (target ≤ 50 µs)`
    );
    console.log(
      `  check with localization on:     ${us(checkLocalized)} per report, ${Math.round(1e6 / checkLocalized).toLocaleString("en")} reports/s`
    );
    for (const k of [1, 2, 3, 4, 5]) {
      const wrong = mistyped(reports, k);
      let restored = 0;
      const t = perReport(wrong, (r) => confront(r));
      wrong.forEach((r, n) => {
        const best = confront(r).fixes[0];
        const original = reports[n];
        const truth = [...r.values]
          .filter(([id, v]) => original.values.get(id) !== v)
          .map(([id]) => `${id}=${original.values.get(id)}`)
          .sort();
        const proposed = (best?.changes ?? []).map((ch) => `${cellId(ch.cell)}=${ch.to}`).sort();
        if (proposed.join() === truth.join()) restored++;
      });
      console.log(
        `  localize ${k} wrong cell${k > 1 ? "s" : " "} in 表三:     median ${ms(t.median)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (CPU median ${ms(t.cpuMedian)}, max ${ms(t.cpuMax)}); best fix restores ${((100 * restored) / wrong.length).toFixed(1)} % of ${wrong.length} reports   (target median ≤ 10 ms, worst ≤ 200 ms)`
      );
    }
    // The slowest slip to localize: no small fix exists, so the search runs to its limit before totals are recomputed.
    const totals = getFormat(format).cells.filter((c) => c.table === "三" && c.column === "total");
    const t = perReport(
      reports.map((r) =>
        withCells(
          r,
          totals.map((c) => [c, 0] as [CellRef, number])
        )
      ),
      (r) => confront(r)
    );
    console.log(
      `  表三 总计 column left 0:         median ${ms(t.median)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (CPU median ${ms(t.cpuMedian)}, max ${ms(t.cpuMax)})`
    );
  }
}
