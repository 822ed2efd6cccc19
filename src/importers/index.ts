import { readFile } from "node:fs/promises";
import { parseInterchange } from "../interchange";
import type { Report } from "../report";
import { xlsxImporter } from "../xlsx/read";
import { htmlImporter } from "./html";
import { textImporter } from "./text";
import "./checks";

/**
 * Reading a report file, whatever it is. Each importer says whether it recognises the content (by content, not only
 * by the extension) and turns it into a Report plus notes. The JSON interchange format is the first.
 */

export type ImportResult = { ok: true; report: Report } | { ok: false; error: string };

export interface Importer {
  name: string;
  /** Whether this importer reads the content (bytes given so binary formats like xlsx can be sniffed). */
  accepts(path: string, bytes: Uint8Array): boolean;
  read(path: string, bytes: Uint8Array): Promise<ImportResult>;
}

const jsonImporter: Importer = {
  name: "json",
  accepts(path, bytes) {
    const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, "").trimStart();
    return /\.json$/i.test(path) || head.startsWith("{");
  },
  async read(_path, bytes) {
    const result = parseInterchange(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
    if (result.ok) return result;
    return { ok: false, error: result.issues.map((i) => (i.path.length ? `${i.path.join(".")}：${i.message}` : i.message)).join("；") };
  },
};

export const IMPORTERS: Importer[] = [jsonImporter];

export function registerImporter(importer: Importer, first = false): void {
  if (IMPORTERS.some((i) => i.name === importer.name)) return;
  if (first) IMPORTERS.unshift(importer);
  else IMPORTERS.push(importer);
}

registerImporter(xlsxImporter);
// Published reports: HTML pages, then any text that looks like a report (after json and xlsx, which are recognised first).
registerImporter(htmlImporter);
registerImporter(textImporter);

export async function importBytes(path: string, bytes: Uint8Array): Promise<ImportResult> {
  const importer = IMPORTERS.find((i) => i.accepts(path, bytes));
  if (!importer) return { ok: false, error: "无法识别的文件类型（支持 .json、.txt、.html、.xlsx）" };
  try {
    return await importer.read(path, bytes);
  } catch (e) {
    // An importer must not throw on user data; if one does, the file is still reported as unreadable, not a crash.
    return { ok: false, error: `无法读取：${(e as Error).message}` };
  }
}

export async function importFile(path: string): Promise<ImportResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === "ENOENT" ? "文件不存在" : code === "EISDIR" ? "这是一个文件夹" : `无法打开（${code ?? (e as Error).message}）` };
  }
  return importBytes(path, bytes);
}
