import { fromInterchange } from "../interchange";
import { safeText } from "../safe-text";
import type { Importer } from "./registry";
import { firstAfterSpaces } from "./normalize";

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
  const offset = at ? Number(at[1]) : syntaxErrorOffset(text);
  if (offset >= text.length) return "不是有效的 JSON：内容在中途结束（文件可能不完整）";
  const near = safeText(text.slice(offset, offset + 20)).replace(/\s+/g, " ");
  return `不是有效的 JSON：${lineColumn(text, offset)}有语法错误（此处为“${near}”）`;
}

/** Issues listed in one message at most; the rest are counted (a file of 10,000 bad cells is one readable line). */
const MAX_ISSUES = 5;

/** One decoder for every file (decode() without `stream` keeps no state between calls), made when first needed. */
let decoder: TextDecoder | undefined;
const utf8 = () => (decoder ??= new TextDecoder());

/** The interchange JSON importer (src/interchange.ts): recognised by the extension or a leading "{". */
export const jsonImporter: Importer = {
  name: "json",
  accepts(path, bytes) {
    if (/\.json$/i.test(path)) return true;
    // The first byte after ASCII whitespace answers unless it is not ASCII (a BOM, or other whitespace): then the head
    // is decoded (asked of every file a folder check meets).
    const i = firstAfterSpaces(bytes, 64);
    if (i < 0) return false;
    if (bytes[i] < 0x80) return bytes[i] === 0x7b;
    return utf8()
      .decode(bytes.subarray(0, 64))
      .replace(/^\uFEFF/, "")
      .trimStart()
      .startsWith("{");
  },
  async read(_path, bytes) {
    const text = utf8()
      .decode(bytes)
      .replace(/^\uFEFF/, "");
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

/**
 * Where a JSON text first stops being valid JSON (V8 does not always say: "Unexpected token '}', … is not valid
 * JSON"); text.length when it ends too early. Called only after JSON.parse failed.
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) (i--, fail());
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || !m[0]) fail();
    i += m![0].length;
  };
  // Iterative over nesting (a hostile file nests 10^6 deep): a stack of the containers open.
  const stack: string[] = [];
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === "{" ? "}" : "]")) {
        stack.pop();
        i++;
        return false;
      }
      if (c === "{") key();
      return true; // a member follows
    }
    if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else fail();
    return false;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ":") fail();
    i++;
  };
  try {
    if (!value()) {
      ws();
      return i < text.length ? i : text.length;
    }
    for (;;) {
      if (value()) continue; // a new container opened: its first member next
      for (;;) {
        ws();
        const open = stack[stack.length - 1];
        if (open === undefined) {
          return i < text.length ? i : text.length;
        }
        if (text[i] === ",") {
          i++;
          if (open === "{") key();
          break;
        }
        if (text[i] === (open === "{" ? "}" : "]")) {
          stack.pop();
          i++;
          if (!stack.length) {
            ws();
            return i < text.length ? i : text.length;
          }
          continue;
        }
        fail();
      }
    }
  } catch (at) {
    return typeof at === "number" ? Math.min(at, text.length) : text.length;
  }
}
