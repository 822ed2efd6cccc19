import type { Importer, ImportResult } from "./types";
import { readPublished } from "./cells";
import { decodeText, looksBinary, normalizeText } from "./normalize";
import { readDocument } from "./document";
import { hasPipeRows, pipeDocument } from "./pipe";
import { SECOND_REPORT_NOTE, secondReportStart } from "./second";

/**
 * Published report text (.txt, or any text that looks like a report): normalised, then read by the shared matcher
 * (cells.ts), whatever the layout — one cell per line ending in " |", pipe rows, markdown rows, one cell per paragraph,
 * cells alternating with "|" lines, or everything flattened onto one line with the digits run together.
 */

const REPORT_HINT =
  /政府信息公开|政務公開|政务公开|主动公开政府信息|本年新收政府信息公开申请数量|第二十条第/;

export function readText(raw: string, title?: string, narrative?: string): ImportResult {
  return readNormalized(
    normalizeText(raw),
    title,
    narrative === undefined ? undefined : normalizeText(narrative)
  );
}

/** readText on text already normalised (normalizeText is a fifth of a text import: done once). */
function readNormalized(normal: string, title?: string, narrative?: string): ImportResult {
  let text = normal;
  const second = secondReportStart(text);
  if (second !== undefined) text = text.slice(0, second);
  // The narrative for the text checks: the text itself, or the document's paragraphs without its tables.
  let prose = narrative === undefined ? text : narrative;
  if (narrative !== undefined) {
    const at = secondReportStart(prose);
    if (at !== undefined) prose = prose.slice(0, at);
  }
  const result = readPublished(text, { text: prose, ...(title ? { title } : {}) });
  if (!result.ok) return result;
  if (second !== undefined) (result.report.notes ??= []).push({ ...SECOND_REPORT_NOTE });
  return { ok: true, report: result.report };
}

/**
 * Published text, whatever its layout: pipe rows give cell boundaries and are read as grids (document.ts), cell by
 * cell; text without them by the digit-run matcher.
 */
export function readPublishedText(raw: string, title?: string): ImportResult {
  const text = normalizeText(raw);
  if (hasPipeRows(text)) return readDocument(pipeDocument(text, title));
  return readNormalized(text, title);
}

export const textImporter: Importer = {
  name: "text",
  accepts(path, bytes) {
    if (looksBinary(bytes)) return false;
    if (/\.(txt|text|md)$/i.test(path)) return true;
    const head = decodeText(bytes.subarray(0, 65536));
    return REPORT_HINT.test(head) || REPORT_HINT.test(normalizeText(head.slice(0, 20000)));
  },
  async read(_path, bytes) {
    if (looksBinary(bytes)) return { ok: false, error: "这不是文本文件，没有找到年报统计表" };
    const raw = decodeText(bytes);
    if (!raw.trim()) return { ok: false, error: "文件是空的，没有找到年报统计表" };
    return readPublishedText(raw);
  },
};
