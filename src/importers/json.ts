import { fromInterchange } from "../interchange";
import { safeText } from "../safe-text";
import type { Importer } from "./registry";

/** Where in a text a character offset falls, as 第 L 行第 C 列. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return `第 ${line} 行第 ${offset - start + 1} 列`;
}

/**
 * A JSON syntax error in Chinese: where it is (line and column) and what is there, instead of V8's English
 * "Unexpected token … in JSON at position N".
 */
export function describeJsonError(text: string, e: unknown): string {
  const message = (e as Error)?.message ?? "";
  const at = /position (\d+)/.exec(message);
  if (!at) {
    if (/end of (JSON|data) input|Unterminated/i.test(message))
      return "不是有效的 JSON：内容在中途结束（文件可能不完整）";
    return "不是有效的 JSON：有语法错误";
  }
  const offset = Number(at[1]);
  if (offset >= text.length) return "不是有效的 JSON：内容在中途结束（文件可能不完整）";
  const near = safeText(text.slice(offset, offset + 20)).replace(/\s+/g, " ");
  return `不是有效的 JSON：${lineColumn(text, offset)}有语法错误（此处为“${near}”）`;
}

/** Issues listed in one message at most; the rest are counted (a file of 10,000 bad cells is one readable line). */
const MAX_ISSUES = 5;

/** The interchange JSON importer (src/interchange.ts): recognised by the extension or a leading "{". */
export const jsonImporter: Importer = {
  name: "json",
  accepts(path, bytes) {
    const head = new TextDecoder()
      .decode(bytes.subarray(0, 64))
      .replace(/^\uFEFF/, "")
      .trimStart();
    return /\.json$/i.test(path) || head.startsWith("{");
  },
  async read(_path, bytes) {
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
    if (text.trim() === "") return { ok: false, error: "文件是空的" };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: describeJsonError(text, e) };
    }
    const result = fromInterchange(data);
    if (result.ok) return result;
    const shown = result.issues
      .slice(0, MAX_ISSUES)
      .map((i) => (i.path.length ? `${i.path.join(".")}：${i.message}` : i.message));
    const more = result.issues.length - shown.length;
    return { ok: false, error: shown.join("；") + (more > 0 ? `；另有 ${more} 处问题` : "") };
  },
};
