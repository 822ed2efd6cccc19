import { safeText } from "../safe-text";

export { safeText };

/**
 * What the command line prints about files: in Chinese, naming the file, never a library's or the system's raw text,
 * never a report's control characters, never an endless line.
 */

/** Longest message printed about one file (a 50 MB file of garbage must not become a 50 MB line). */
export const MAX_MESSAGE = 600;

/** A message about a file: made safe and cut to `max` characters (saying so). */
export function capMessage(text: string, max = MAX_MESSAGE): string {
  const safe = safeText(text).replace(/[\r\n]+/g, " ");
  return safe.length <= max
    ? safe
    : `${safe.slice(0, max)}…（消息过长，已截断，共 ${safe.length} 字）`;
}

/** A file-system error in plain Chinese (no EACCES, ENOENT …). `writing` words it for an output file. */
export function describeFsError(e: unknown, writing = false): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return writing ? "所在的文件夹不存在" : "文件不存在";
    case "EACCES":
    case "EPERM":
      return writing ? "没有写入权限" : "没有读取权限";
    case "EISDIR":
      return "这是一个文件夹，不是文件";
    case "ENOTDIR":
      return "路径中有一部分不是文件夹";
    case "ELOOP":
      return "符号链接循环，无法找到真正的文件";
    case "ENAMETOOLONG":
      return "路径过长";
    case "EMFILE":
    case "ENFILE":
      return "同时打开的文件过多，请稍后重试";
    case "ENOSPC":
      return "磁盘已满";
    case "EROFS":
      return "磁盘是只读的";
    case "EBUSY":
      return "文件正被其他程序占用";
    case "EIO":
      return "读取磁盘时出错";
    default:
      return writing ? "无法写入（系统错误）" : "无法读取（系统错误）";
  }
}
