import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { processFile, type Outcome, type PipelineOptions } from "./pipeline";
import type { WorkerReply, WorkerTask } from "./worker";

/**
 * Where files are read, imported and checked: in this thread, or in worker threads when there are many files and
 * more than one core. Results come back as plain records (src/cli/pipeline.ts); the caller restores the order.
 */
export interface FileProcessor {
  /** How many files it is worth having in flight. */
  readonly capacity: number;
  run(path: string, explicit: boolean): Promise<Outcome[]>;
  close(): Promise<void>;
}

export function inThisThread(options: PipelineOptions): FileProcessor {
  return {
    capacity: 2,
    run: (path, explicit) => processFile(path, explicit, options),
    close: async () => {},
  };
}

/** How many worker threads: one per core (at most 8); `NIANBAO_WORKERS` overrides (0: none). */
export function workerCount(files: number, requested?: number): number {
  const env = process.env.NIANBAO_WORKERS;
  const wanted = requested ?? (env !== undefined && env !== "" ? Number(env) : undefined);
  if (wanted !== undefined && Number.isFinite(wanted))
    return Math.max(0, Math.min(16, Math.floor(wanted)));
  // Starting a worker costs ~50 ms (and ~1 s under tsx): worth it only for a folder, not for a few files.
  if (files < 50) return 0;
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 8) : 0;
}

/** The worker script: the compiled dist-cli/worker.js beside dist-cli/cli.js, or the TypeScript source through tsx. */
function spawn(): Worker {
  if (__filename.endsWith(".ts"))
    return new Worker(
      `require("tsx/cjs"); require(${JSON.stringify(join(__dirname, "worker.ts"))});`,
      { eval: true }
    );
  return new Worker(join(__dirname, "worker.js"));
}

export function workerPool(count: number, options: PipelineOptions): FileProcessor {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: { task: WorkerTask; done: (o: Outcome[]) => void }[] = [];
  const pending = new Map<number, { worker: Worker; done: (o: Outcome[]) => void; path: string }>();
  let next = 0;

  const dispatch = () => {
    while (idle.length && queue.length) {
      const worker = idle.pop()!;
      const { task, done } = queue.shift()!;
      pending.set(task.id, { worker, done, path: task.path });
      worker.postMessage(task);
    }
  };
  const add = () => {
    const w = spawn();
    workers.push(w);
    idle.push(w);
    w.on("message", (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      idle.push(w);
      p.done(reply.outcomes);
      dispatch();
    });
    // A worker that dies (out of memory on a hostile file) fails its file, not the batch; a fresh one takes over.
    w.on("error", () => {
      workers.splice(workers.indexOf(w), 1);
      const at = idle.indexOf(w);
      if (at >= 0) idle.splice(at, 1);
      for (const [id, p] of pending)
        if (p.worker === w) {
          pending.delete(id);
          p.done([
            {
              type: "failure",
              file: p.path,
              message: "核对此文件时程序出错（内存不足或内部错误）",
            },
          ]);
        }
      add();
      dispatch();
    });
  };
  for (let i = 0; i < count; i++) add();
  return {
    capacity: count * 2,
    run(path, explicit) {
      return new Promise((done) => {
        queue.push({ task: { id: next++, path, explicit, options }, done });
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
