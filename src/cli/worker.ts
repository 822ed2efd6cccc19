import { parentPort } from "node:worker_threads";
import { processFile, type Outcome, type PipelineOptions } from "./pipeline";

/**
 * A worker thread of `nianbao check DIR` (src/cli/pool.ts): reads, imports and checks the files it is sent, one at
 * a time, and sends back plain records. Built into dist-cli/worker.js beside the command line.
 */
export interface WorkerTask {
  id: number;
  path: string;
  explicit: boolean;
  options: PipelineOptions;
}

export interface WorkerReply {
  id: number;
  outcomes: Outcome[];
}

parentPort?.on("message", (task: WorkerTask) => {
  processFile(task.path, task.explicit, task.options).then(
    (outcomes) => parentPort!.postMessage({ id: task.id, outcomes } satisfies WorkerReply),
    (e: unknown) =>
      parentPort!.postMessage({
        id: task.id,
        outcomes: [
          {
            type: "failure",
            file: task.path,
            message: `核对时出现内部错误（请把此文件报告给维护者）：${String((e as Error)?.message ?? e).slice(0, 200)}`,
          },
        ],
      } satisfies WorkerReply)
  );
});
