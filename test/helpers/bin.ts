import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

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

/**
 * The folder nobody cannot enter on the way to the bin, if any: a checkout under a 0700 folder (`mktemp -d`) cannot
 * run as another user, and the permission tests would fail for that reason alone.
 */
function closedToOthers(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Run the bin in `cwd` with `args`: its exit code (−1 when killed) and what it printed. */
export function runBin(
  cwd: string,
  args: readonly string[],
  options: RunOptions = {}
): Promise<Run> {
  const asNobody = options.asUser && process.getuid?.() === 0;
  const closed = asNobody ? closedToOthers(BIN) : undefined;
  if (closed)
    throw new Error(
      `running as root, the permission tests run the bin as nobody, who cannot enter ${closed}: check out the ` +
        "repository in a folder other users can enter (chmod o+x)"
    );
  const user = asNobody ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: "/tmp" } } : {};
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
