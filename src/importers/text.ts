import type { Importer, ImportResult } from "./types";
import { readPublished } from "./cells";
import { decodeText, looksBinary, normalizeText } from "./normalize";

/**
 * Published report text (.txt, or any text that looks like a report): normalised, then read by the shared matcher
 * (cells.ts), whatever the layout — one cell per line ending in " |", pipe rows, markdown rows, one cell per paragraph,
 * cells alternating with "|" lines, or everything flattened onto one line with the digits run together.
 */

const REPORT_HINT =
  /政府信息公开|政務公開|政务公开|主动公开政府信息|本年新收政府信息公开申请数量|第二十条第/;

export function readText(raw: string, title?: string): ImportResult {
  const text = normalizeText(raw);
  const result = readPublished(text, { text, ...(title ? { title } : {}) });
  if (!result.ok) return result;
  return { ok: true, report: result.report };
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
    return readText(raw);
  },
};
