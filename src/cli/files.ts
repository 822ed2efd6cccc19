import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { describeFsError } from "./messages";

/**
 * The files a command is given: the files named on the command line, and every file found in the folders named
 * (recursively). Nothing is dropped silently — each path found becomes one of:
 *
 * - a file to read (its content then decides: a report, a skip "不是年报", or a failure);
 * - skipped, with the reason (hidden and lock files, other file types, FIFOs and devices, links to folders);
 * - a failure (a subfolder that cannot be listed: the rest is still checked, it is named).
 *
 * Symbolic links: a link to a file is followed (the report it points to is checked, once, even when the target is
 * also in the folder); a link to a folder is not entered (listed: it could loop or check a folder twice); a broken
 * link is listed.
 */

export type Found = (
  | { type: "file"; path: string; explicit: boolean }
  | { type: "skipped"; path: string; reason: string }
  | { type: "failure"; path: string; message: string }
) & {
  /** The folder argument it was found in (undefined for a file named on the command line). */
  root?: string;
};

/** The reason given for a path that reaches a file already taken (named twice, or a link to it). */
export const SAME_FILE = "与已检查的文件是同一个文件（重复的路径或链接）";

/** Files no one means as a report: hidden files, Excel/Word lock files, editor backups. */
const NEVER = (name: string) =>
  name.startsWith(".") || name.startsWith("~$") || name.endsWith("~") || /^thumbs\.db$/i.test(name);

/** Extensions of files that can be reports (read by an importer, or to be told they cannot be). */
const REPORT_EXTENSIONS = new Set([
  "",
  "txt",
  "text",
  "md",
  "htm",
  "html",
  "xhtml",
  "shtml",
  "mht",
  "json",
  "xlsx",
  "xlsm",
  "xltx",
  "xltm",
  "xls",
  "docx",
  "doc",
  "pdf",
  "wps",
  "et",
  "csv",
]);

/** A file name that says it is a report (then a type we cannot read is a failure, not a skip). */
export const REPORT_NAME = /年报|年度报告|政府信息公开|政务公开/;

const extensionOf = (path: string) => extname(path).replace(/^\./, "").toLowerCase();

/** Sorted as a person reads a folder: numbers by value (2022 before 2023, 9 before 10). */
const collator = new Intl.Collator("zh-CN", { numeric: true });

function kindOf(info: { isFIFO(): boolean; isSocket(): boolean }): string {
  return info.isFIFO() ? "管道" : info.isSocket() ? "套接字" : "设备";
}

/**
 * Everything the arguments name, in order: explicit files as given, each folder's content sorted by name (numbers
 * by value, so that one agency's years come oldest first and are paired as they are read). `exclude` holds the
 * files being written (the summary workbook): listed as skipped, never read.
 */
export async function* discover(
  args: readonly string[],
  exclude: readonly string[] = []
): AsyncGenerator<Found> {
  const excluded = new Set(exclude.map((p) => resolve(p)));
  const seen = new Set<string>();
  /** False when the file was taken already: by its real path (links, `./a` and `a`); `exact` for a plain file. */
  const once = async (path: string, exact = false): Promise<boolean> => {
    let real = resolve(path);
    if (!exact)
      try {
        real = await realpath(path);
      } catch {
        // keep the resolved path
      }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };

  /** Whether the folder being walked is named by its real path (no link on the way). */
  let realRoot = false;

  async function* walk(dir: string): AsyncGenerator<Found> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      yield {
        type: "failure",
        path: dir,
        message: `无法读取文件夹：${describeFsError(e)}，其中的文件未检查`,
      };
      return;
    }
    entries.sort((a, b) => collator.compare(a.name, b.name));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (excluded.has(resolve(path))) {
        yield { type: "skipped", path, reason: "本次写入的输出文件" };
        continue;
      }
      if (NEVER(e.name)) {
        yield {
          type: "skipped",
          path,
          reason: e.isDirectory() ? "隐藏文件夹，未进入" : "隐藏文件、临时文件或锁文件",
        };
        continue;
      }
      if (e.isDirectory()) {
        if (e.name === "node_modules")
          yield { type: "skipped", path, reason: "程序依赖文件夹，未进入" };
        else yield* walk(path);
        continue;
      }
      if (e.isSymbolicLink()) {
        let target;
        try {
          target = await stat(path);
        } catch {
          yield { type: "skipped", path, reason: "符号链接指向的文件不存在" };
          continue;
        }
        if (target.isDirectory()) {
          yield {
            type: "skipped",
            path,
            reason: "符号链接指向文件夹，未进入（避免重复检查或循环）",
          };
          continue;
        }
        if (!target.isFile()) {
          yield { type: "skipped", path, reason: `符号链接指向${kindOf(target)}，只读取普通文件` };
          continue;
        }
        // Followed: the report it points to is checked (once, even when the target is in the folder too).
      } else if (!e.isFile()) {
        yield { type: "skipped", path, reason: `不是普通文件（${kindOf(e)}），只读取普通文件` };
        continue;
      }
      // A plain file inside a folder reached by its real path is its own real path (no system call per file).
      if (!(await once(path, !e.isSymbolicLink() && realRoot))) {
        yield { type: "skipped", path, reason: SAME_FILE };
        continue;
      }
      const ext = extensionOf(e.name);
      if (!REPORT_EXTENSIONS.has(ext) && !REPORT_NAME.test(e.name)) {
        yield { type: "skipped", path, reason: `不是报告文件类型（.${ext}）` };
        continue;
      }
      yield { type: "file", path, explicit: false };
    }
  }

  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch (e) {
      let broken = false;
      try {
        broken = (await lstat(arg)).isSymbolicLink();
      } catch {
        broken = false;
      }
      yield {
        type: "failure",
        path: arg,
        message: broken ? "符号链接指向的文件不存在" : describeFsError(e),
      };
      continue;
    }
    if (!info.isDirectory()) {
      if (excluded.has(resolve(arg))) {
        yield { type: "skipped", path: arg, reason: "本次写入的输出文件" };
        continue;
      }
      if (await once(arg)) yield { type: "file", path: arg, explicit: true };
      else yield { type: "skipped", path: arg, reason: SAME_FILE };
      continue;
    }
    let found = 0;
    let others = 0;
    realRoot = (await realpath(arg).catch(() => "")) === resolve(arg);
    for await (const f of walk(arg)) {
      if (f.type === "skipped") others++;
      else found++;
      yield { ...f, root: arg };
    }
    // A folder named on the command line with nothing to read in it is a mistake worth an error (a typo, a wrong
    // folder): the files found there are listed as skipped above.
    if (found === 0)
      yield {
        type: "failure",
        path: arg,
        message: `这是一个文件夹，其中没有找到报告文件${others ? `（${others} 个其他文件已跳过）` : ""}`,
      };
  }
}
