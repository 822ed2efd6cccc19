import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { confront } from "../../src/check";
import { FORMAT_IDS } from "../../src/format";
import { importBytes } from "../../src/importers";
import { loadSeeds, makeCase } from "./cases";

/**
 * One fuzz worker: runs the cases i = first, first + step, … < count of the run seeded `seed` through importBytes
 * (and the ok ones through confront), and reports what went wrong and the slowest cases. The index being run is
 * written to a shared slot before each case, so the parent can name a case that hangs.
 */

export interface WorkerInput {
  seed: number;
  first: number;
  step: number;
  count: number;
  xlsx: Uint8Array;
  /** Int32Array over a SharedArrayBuffer: slot `slot` holds the case being run (−1 when done). */
  current: SharedArrayBuffer;
  slot: number;
}

export interface Timed {
  index: number;
  kind: string;
  path: string;
  size: number;
  ms: number;
}

export interface Problem {
  index: number;
  kind: string;
  path: string;
  message: string;
}

export interface WorkerResult {
  cases: number;
  ok: number;
  refused: number;
  problems: Problem[];
  slowest: Timed[];
  slow: Record<string, number>;
  byKind: Record<string, { n: number; ms: number; max: number }>;
  importMs: number;
}

const SLOW_MS = 100;
const KEEP_SLOWEST = 8;

async function run(input: WorkerInput): Promise<WorkerResult> {
  const seeds = loadSeeds(input.xlsx);
  const current = new Int32Array(input.current);
  const out: WorkerResult = {
    cases: 0,
    ok: 0,
    refused: 0,
    problems: [],
    slowest: [],
    slow: {},
    byKind: {},
    importMs: 0,
  };
  // Untimed: one import of each kind of file first, so that loading the readers (exceljs alone takes a few hundred
  // ms on its first .xlsx) is not counted against whichever case comes first.
  const te = new TextEncoder();
  for (const [path, bytes] of [
    ["warm-up.txt", te.encode(seeds.texts[0].text)],
    ["warm-up.html", te.encode(seeds.html[0])],
    ["warm-up.json", te.encode(seeds.json)],
    ...(seeds.xlsx ? [["warm-up.xlsx", seeds.xlsx] as const] : []),
  ] as const)
    await importBytes(path, bytes);
  for (let i = input.first; i < input.count; i += input.step) {
    Atomics.store(current, input.slot, i);
    const c = makeCase(input.seed, i, seeds);
    const problem = (message: string) =>
      out.problems.push({ index: i, kind: c.kind, path: c.path, message: message.slice(0, 300) });
    const t = performance.now();
    let result: Awaited<ReturnType<typeof importBytes>> | undefined;
    try {
      result = await importBytes(c.path, c.bytes);
    } catch (e) {
      problem(`importBytes threw: ${(e as Error)?.stack ?? e}`);
    }
    const ms = performance.now() - t;
    out.cases++;
    out.importMs += ms;
    const k = (out.byKind[c.kind] ??= { n: 0, ms: 0, max: 0 });
    k.n++;
    k.ms += ms;
    k.max = Math.max(k.max, ms);
    if (ms > SLOW_MS) out.slow[c.kind] = (out.slow[c.kind] ?? 0) + 1;
    if (out.slowest.length < KEEP_SLOWEST || ms > out.slowest[out.slowest.length - 1].ms) {
      out.slowest.push({ index: i, kind: c.kind, path: c.path, size: c.bytes.length, ms });
      out.slowest.sort((a, b) => b.ms - a.ms);
      out.slowest.length = Math.min(out.slowest.length, KEEP_SLOWEST);
    }
    if (!result) continue;
    // The contract: { ok: true, report } or { ok: false, error: non-empty string }, nothing else.
    if (result.ok === false) {
      if (typeof result.error !== "string" || !result.error)
        problem(`ok:false without an error message: ${JSON.stringify(result)}`);
      // importBytes turns an importer's exception into “无法读取：…”: on user data an importer must not throw.
      else if (result.error.startsWith("无法读取：")) problem(`an importer threw: ${result.error}`);
      out.refused++;
      continue;
    }
    if (
      result.ok !== true ||
      !result.report ||
      !(result.report.values instanceof Map) ||
      !FORMAT_IDS.includes(result.report.format)
    ) {
      problem(`malformed result: ${JSON.stringify(result).slice(0, 200)}`);
      continue;
    }
    out.ok++;
    // What an importer produced must be checkable: the engine (text checks included) must not throw on it.
    try {
      confront(result.report, { localize: false });
    } catch (e) {
      problem(`confront threw on the imported report: ${(e as Error)?.stack ?? e}`);
    }
  }
  Atomics.store(current, input.slot, -1);
  return out;
}

if (parentPort) {
  run(workerData as WorkerInput).then(
    (result) => parentPort!.postMessage({ type: "done", result }),
    (e) => parentPort!.postMessage({ type: "error", message: String((e as Error)?.stack ?? e) })
  );
}
