import { confront, type CheckOptions, type Confrontation } from "../check";
import type { Report } from "../report";
import type { Importer, ImportResult } from "./types";
import { xlsxImporter } from "../xlsx/read";
import { docImporter, docxImporter } from "./docx";
import { htmlImporter } from "./html";
import { pdfImporter } from "./pdf";
import { jsonImporter } from "./json";
import { textImporter } from "./text";
import "./checks";

/**
 * Reading a report, whatever it is. Each importer says whether it recognises the content (by content, not only by
 * the extension) and turns it into a Report plus notes. This registry runs in Node and in the browser (the task
 * pane's import); ./index.ts adds reading files from disk for the command line.
 */

export type { Importer, ImportResult } from "./types";

/** In the order they are asked: json and binary formats first, published HTML, then any text that looks like a report. */
export const IMPORTERS: Importer[] = [
  jsonImporter,
  docImporter,
  docxImporter,
  pdfImporter,
  xlsxImporter,
  htmlImporter,
  textImporter,
];

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
    docx: ".docx",
    pdf: ".pdf",
    xlsx: ".xlsx",
    html: ".html",
    text: ".txt",
    doc: "", // only recognised, to ask for .docx
  };
  return IMPORTERS.map((i) => names[i.name] ?? i.name)
    .filter(Boolean)
    .join("、");
}

/** An importer threw on user data (a bug of ours): the file is reported as unreadable, in words, not a crash. */
const INTERNAL = "无法读取：导入程序出错（内部错误，请把此文件报告给维护者）";

/** The importer that reads this file (asked in order), or undefined when none recognises it. */
export function importerFor(path: string, bytes: Uint8Array): Importer | undefined {
  return IMPORTERS.find((i) => i.accepts(path, bytes));
}

/** Every report in the file (several sheets of a workbook), each with its sheet's name when there are several. */
export async function importEach(
  path: string,
  bytes: Uint8Array,
  importer = importerFor(path, bytes)
): Promise<{ sheet?: string; result: ImportResult }[]> {
  if (!importer) return [{ result: await importBytes(path, bytes) }];
  try {
    return importer.readEach
      ? await importer.readEach(path, bytes)
      : [{ result: await importer.read(path, bytes) }];
  } catch {
    return [{ result: { ok: false, error: INTERNAL } }];
  }
}

/** Read a report file, whatever it is (`unknownMessage`: the caller's own words for a type no importer reads). */
export async function importBytes(
  path: string,
  bytes: Uint8Array,
  unknownMessage?: string
): Promise<ImportResult> {
  const importer = importerFor(path, bytes);
  if (!importer)
    return { ok: false, error: unknownMessage ?? `无法识别的文件类型（支持 ${acceptedTypes()}）` };
  try {
    return await importer.read(path, bytes);
  } catch {
    // An importer must not throw on user data; if one does, the file is still reported as unreadable, not a crash.
    return { ok: false, error: INTERNAL };
  }
}

/**
 * What `nianbao check FILE` reports for a file, and what the task pane shows when it imports the same file: the
 * imported report confronted with every check — table rules, the text checks (W-SECTION-* …) and the importer's notes
 * (I-STRAY …). One code path, so the pane never shows less than the command line.
 */
export async function importAndCheck(
  path: string,
  bytes: Uint8Array,
  options: CheckOptions & { unknownMessage?: string } = {}
): Promise<{ ok: true; report: Report; result: Confrontation } | { ok: false; error: string }> {
  const imported = await importBytes(path, bytes, options.unknownMessage);
  if (!imported.ok) return imported;
  return { ok: true, report: imported.report, result: checkImported(imported.report, options) };
}

/** The check of an imported report (the command line's, per file; the pane's, after writing it to a sheet). */
export function checkImported(report: Report, options: CheckOptions = {}): Confrontation {
  return confront(report, options);
}
