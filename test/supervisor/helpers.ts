import { runBin } from "../helpers/bin";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { checkCommand, type CheckCommandOptions } from "../../src/cli/check";
import { main } from "../../src/cli/main";
import { toInterchange } from "../../src/interchange";
import type { Report } from "../../src/report";

export const CORPUS = resolve(__dirname, "../fixtures/corpus");

/** A temporary folder that tests fill with report files; removed by `remove()`. */
export function tempFolder(prefix = "nianbao-supervisor-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = (name: string) => join(dir, name);
  const write = (name: string, content: string | Uint8Array) => {
    mkdirSync(dirname(path(name)), { recursive: true });
    writeFileSync(path(name), content);
    return path(name);
  };
  return {
    dir,
    path,
    write,
    json: (name: string, report: Report) =>
      write(name, JSON.stringify(toInterchange(report), null, 2)),
    copy: (from: string, name: string) => {
      mkdirSync(dirname(path(name)), { recursive: true });
      copyFileSync(from, path(name));
      return path(name);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface InProcessRun {
  code: number;
  out: string;
  err: string;
}

/** `nianbao check` in this process, output captured (no progress bar unless a stream is given). */
export async function check(
  args: string[],
  options: Partial<Omit<CheckCommandOptions, "out" | "err">> = {}
): Promise<InProcessRun> {
  let out = "";
  let err = "";
  const code = await checkCommand(args, {
    ...options,
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

/** Any command through the program (commander), in this process. */
export async function cli(...argv: string[]): Promise<InProcessRun> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** The real bin in a child process, stdout and stderr piped (so not terminals). */
export async function bin(cwd: string, ...args: string[]): Promise<InProcessRun> {
  const r = await runBin(cwd, args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** A stream that claims to be a terminal, collecting what a progress bar draws on it. */
export function fakeTerminal(): PassThrough & { isTTY: boolean; columns: number; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    columns: number;
    text(): string;
    cursorTo: unknown;
    clearLine: unknown;
    moveCursor: unknown;
  };
  stream.on("data", (c: Buffer) => chunks.push(c));
  stream.isTTY = true;
  stream.columns = 120;
  stream.text = () => Buffer.concat(chunks).toString("utf8");
  return stream;
}
