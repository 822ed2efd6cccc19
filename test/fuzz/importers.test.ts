import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { reportBuffer } from "../../src/xlsx/write";
import { sampleReport } from "../helpers/reports";
import { MUTATOR_KINDS } from "./cases";
import type { Problem, Timed, WorkerInput, WorkerResult } from "./worker";

/**
 * Fuzzing the importers: 100,000 mutated inputs (truncated and shuffled corpus texts, byte flips, random bytes and
 * text, huge numbers, very long digit runs, deep HTML nesting, mutated HTML, broken JSON, mutated .xlsx) fed to
 * importBytes, on worker threads (one per core, at most 2). Every result must be { ok: true, report } or
 * { ok: false, error }, no importer may throw (importBytes would turn it into “无法读取：…”), what is imported must
 * go through confront without an exception, and no case may hang (a case running over HANG_MS fails the test, named).
 * The slowest cases are printed (the target is ≤ 100 ms each; timings are printed, never asserted).
 *
 * FUZZ_CASES=5000 for a quick run; FUZZ_SEED to vary the inputs. A printed case is re-created with
 * `npx tsx test/fuzz/cases.ts SEED INDEX`.
 */

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240131);
const HANG_MS = 60_000;
const WORKER = join(__dirname, "worker.ts");

interface Outcome {
  results: WorkerResult[];
  hang?: { index: number; ms: number };
  crash?: string;
  ms: number;
}

function fuzz(count: number, seed: number, xlsx: Uint8Array): Promise<Outcome> {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  const current = new SharedArrayBuffer(4 * workers);
  const slots = new Int32Array(current);
  const started = performance.now();
  return new Promise((done) => {
    const results: WorkerResult[] = [];
    const live = new Set<Worker>();
    const since = Array.from({ length: workers }, () => ({ index: -2, at: performance.now() }));
    let finished = false;
    const finish = (o: Omit<Outcome, "results" | "ms">) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      for (const w of live) void w.terminate();
      done({ results, ms: performance.now() - started, ...o });
    };
    // The watchdog: a slot whose case has not changed for HANG_MS is a hang.
    const watchdog = setInterval(() => {
      for (let s = 0; s < workers; s++) {
        const index = Atomics.load(slots, s);
        if (index !== since[s].index) since[s] = { index, at: performance.now() };
        else if (index >= 0 && performance.now() - since[s].at > HANG_MS)
          finish({ hang: { index, ms: performance.now() - since[s].at } });
      }
    }, 1000);
    for (let slot = 0; slot < workers; slot++) {
      Atomics.store(slots, slot, -2);
      const workerData: WorkerInput = {
        seed,
        first: slot,
        step: workers,
        count,
        xlsx,
        current,
        slot,
      };
      const w = new Worker(`require("tsx/cjs"); require(${JSON.stringify(WORKER)});`, {
        eval: true,
        workerData,
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      live.add(w);
      w.on(
        "message",
        (m: { type: "done"; result: WorkerResult } | { type: "error"; message: string }) => {
          if (m.type === "error") return finish({ crash: m.message });
          results.push(m.result);
          live.delete(w);
          void w.terminate();
          if (results.length === workers) finish({});
        }
      );
      w.on("error", (e) =>
        finish({
          crash: `worker ${slot} died at case ${Atomics.load(slots, slot)}: ${e.stack ?? e}`,
        })
      );
      w.on("exit", (code) => {
        if (live.has(w) && code !== 0)
          finish({ crash: `worker ${slot} exited (${code}) at case ${Atomics.load(slots, slot)}` });
      });
    }
  });
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function report(o: Outcome, count: number): { slowest: Timed[]; problems: Problem[] } {
  const slowest = o.results.flatMap((r) => r.slowest).sort((a, b) => b.ms - a.ms);
  const problems = o.results.flatMap((r) => r.problems).sort((a, b) => a.index - b.index);
  const sum = <K extends "cases" | "ok" | "refused" | "importMs">(k: K) =>
    o.results.reduce((n, r) => n + r[k], 0);
  const lines = [
    `fuzz: ${sum("cases").toLocaleString("en")} of ${count.toLocaleString("en")} cases (seed ${SEED}) in ${(o.ms / 1000).toFixed(1)} s on ${o.results.length} worker(s): ` +
      `${sum("ok")} imported, ${sum("refused")} refused with a message, ${problems.length} problems`,
  ];
  lines.push("  by kind: cases, mean ms, max ms, cases over 100 ms");
  for (const kind of MUTATOR_KINDS) {
    const n = o.results.reduce((a, r) => a + (r.byKind[kind]?.n ?? 0), 0);
    if (!n) continue;
    const ms = o.results.reduce((a, r) => a + (r.byKind[kind]?.ms ?? 0), 0);
    const max = Math.max(...o.results.map((r) => r.byKind[kind]?.max ?? 0));
    const slow = o.results.reduce((a, r) => a + (r.slow[kind] ?? 0), 0);
    lines.push(
      `    ${kind.padEnd(16)} ${String(n).padStart(6)}  ${fmt(ms / n).padStart(7)}  ${fmt(max).padStart(7)}  ${slow}`
    );
  }
  lines.push(
    "  slowest cases (target ≤ 100 ms; re-create with npx tsx test/fuzz/cases.ts SEED INDEX):"
  );
  for (const s of slowest.slice(0, 5))
    lines.push(
      `    #${s.index} ${s.kind} (${s.path}, ${s.size.toLocaleString("en")} bytes): ${fmt(s.ms)} ms`
    );
  for (const p of problems.slice(0, 10))
    lines.push(`  problem #${p.index} ${p.kind} (${p.path}): ${p.message}`);
  console.log(lines.join("\n"));
  return { slowest, problems };
}

describe("fuzzing the importers", function () {
  // Measured about 40 s for 100,000 cases on two cores; the limit leaves room for a busy machine.
  this.timeout(15 * 60_000);

  it(`${CASES.toLocaleString("en")} mutated inputs: no crash, no hang, every result { ok, report } or { ok: false, error }`, async () => {
    const xlsx = new Uint8Array(await reportBuffer(sampleReport("2021")));
    const outcome = await fuzz(CASES, SEED, xlsx);
    const { problems } = report(outcome, CASES);
    assert.equal(outcome.crash, undefined, outcome.crash);
    assert.equal(
      outcome.hang,
      undefined,
      outcome.hang && `case #${outcome.hang.index} (seed ${SEED}) ran for over ${HANG_MS / 1000} s`
    );
    assert.equal(
      outcome.results.reduce((n, r) => n + r.cases, 0),
      CASES
    );
    assert.deepEqual(problems, []);
  });
});
