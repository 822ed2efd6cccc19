import { execFile } from "node:child_process";
import { resolve } from "node:path";

/** The `nianbao` command as a user runs it: the real bin/nianbao.js in a child process. */
export const BIN = resolve(__dirname, "../../bin/nianbao.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeout?: number;
  /** As a user who cannot read what mode 000 forbids (root reads everything: then run as nobody). */
  asUser?: boolean;
}

/** Run the bin in `cwd` with `args`: its exit code (−1 when killed) and what it printed. */
export function runBin(
  cwd: string,
  args: readonly string[],
  options: RunOptions = {}
): Promise<Run> {
  const user =
    options.asUser && process.getuid?.() === 0
      ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: "/tmp" } }
      : {};
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        encoding: "utf8",
        timeout: options.timeout ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
        ...user,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      }
    );
  });
}

/** `nianbao ARGS…` in `cwd`. */
export const nianbao = (cwd: string, ...args: string[]): Promise<Run> => runBin(cwd, args);
