import { parseInterchange } from "../interchange";
import type { Importer, ImportResult } from "./types";
import { xlsxImporter } from "../xlsx/read";
import { htmlImporter } from "./html";
import { textImporter } from "./text";
import "./checks";

/**
 * Reading a report, whatever it is. Each importer says whether it recognises the content (by content, not only by
 * the extension) and turns it into a Report plus notes. This registry runs in Node and in the browser (the task
 * pane's import); ./index.ts adds reading files from disk for the command line.
 */

export type { Importer, ImportResult } from "./types";

const jsonImporter: Importer = {
  name: "json",
  accepts(path, bytes) {
    const head = new TextDecoder()
      .decode(bytes.subarray(0, 64))
      .replace(/^\uFEFF/, "")
      .trimStart();
    return /\.json$/i.test(path) || head.startsWith("{");
  },
  async read(_path, bytes) {
    const result = parseInterchange(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
    if (result.ok) return result;
    return {
      ok: false,
      error: result.issues
        .map((i) => (i.path.length ? `${i.path.join(".")}：${i.message}` : i.message))
        .join("；"),
    };
  },
};

/** In the order they are asked: json and binary formats first, published HTML, then any text that looks like a report. */
export const IMPORTERS: Importer[] = [jsonImporter, xlsxImporter, htmlImporter, textImporter];

/** Add an importer; `before` names the importer it is asked before (default: last). */
export function registerImporter(importer: Importer, before?: string): void {
  if (IMPORTERS.some((i) => i.name === importer.name)) return;
  const at = before ? IMPORTERS.findIndex((i) => i.name === before) : -1;
  if (at < 0) IMPORTERS.push(importer);
  else IMPORTERS.splice(at, 0, importer);
}

/** The types the registered importers read, for messages and file dialogs. */
export function acceptedTypes(): string {
  const names: Record<string, string> = {
    json: ".json",
    xlsx: ".xlsx",
    html: ".html",
    text: ".txt",
  };
  return IMPORTERS.map((i) => names[i.name] ?? i.name).join("、");
}

export async function importBytes(path: string, bytes: Uint8Array): Promise<ImportResult> {
  const importer = IMPORTERS.find((i) => i.accepts(path, bytes));
  if (!importer) return { ok: false, error: `无法识别的文件类型（支持 ${acceptedTypes()}）` };
  try {
    return await importer.read(path, bytes);
  } catch (e) {
    // An importer must not throw on user data; if one does, the file is still reported as unreadable, not a crash.
    return { ok: false, error: `无法读取：${(e as Error).message}` };
  }
}
