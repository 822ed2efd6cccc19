import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { IMPORTERS } from "../importers";
import { decodeText, looksBinary, normalizeText } from "../importers/normalize";
import type { Report } from "../report";

/**
 * Checking a whole folder of reports, as a supervising office does: the files named on the command line, and every
 * report file found in the folders named (recursively). A file found in a folder is taken when an importer reads it
 * and, for text and HTML, when its content looks like a disclosure report; everything else there (scans, Word files,
 * a README, Excel's lock files) is skipped silently and only counted. A file named explicitly is always tried, so
 * that a wrong name is an error rather than a silent skip.
 */

export interface Expansion {
  /** Files to check, in order: explicit files where named, each folder's files sorted by path. */
  files: string[];
  /** Files found in folders and skipped (not report files). */
  skipped: string[];
  /** Arguments that could not be listed (a folder that cannot be read); files are left to the importer to report. */
  errors: { file: string; message: string }[];
}

/** What a report text says about itself: enough to tell a report from any other text file in the folder. */
const REPORT_HINT = /政府信息公开|政务公开|主动公开政府信息|本年新收|依申请公开/;
/** Extensions whose importer accepts any content: a folder's file of that kind must look like a report. */
const TEXTUAL = /\.(txt|text|md|html?|xhtml|shtml)$/i;
/** Files no one means as a report: hidden files, Excel/Word lock files, editor backups. */
const NEVER = (name: string) =>
  name.startsWith(".") || name.startsWith("~$") || name.endsWith("~") || /^thumbs\.db$/i.test(name);

/** Whether a file found in a folder is a report file some importer reads (by content, not only by extension). */
export function isReportFile(path: string, bytes: Uint8Array): boolean {
  if (NEVER(basename(path))) return false;
  if (!IMPORTERS.some((i) => i.accepts(path, bytes))) return false;
  if (!TEXTUAL.test(path)) return true;
  if (looksBinary(bytes)) return false;
  const head = normalizeText(decodeText(bytes.subarray(0, 65536)));
  return REPORT_HINT.test(head);
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!NEVER(e.name) && e.name !== "node_modules") await walk(path, out);
    } else if (e.isFile()) out.push(path);
  }
}

/**
 * Expand the command line's arguments: folders into the report files they hold (recursively), files as they are.
 * `exclude` holds paths never to check (the summary workbook being written into the same folder).
 */
export async function expandArguments(
  args: readonly string[],
  exclude: readonly string[] = []
): Promise<Expansion> {
  const excluded = new Set(exclude.map((p) => resolve(p)));
  const files: string[] = [];
  const skipped: string[] = [];
  const errors: Expansion["errors"] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = (await stat(arg)).isDirectory();
    } catch {
      isDir = false; // a missing file: the importer says so
    }
    if (!isDir) {
      if (!seen.has(resolve(arg))) files.push(arg);
      seen.add(resolve(arg));
      continue;
    }
    const found: string[] = [];
    try {
      await walk(arg, found);
    } catch (e) {
      errors.push({
        file: arg,
        message: `无法读取文件夹（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
      });
      continue;
    }
    const before = files.length;
    const skippedBefore = skipped.length;
    for (const path of found) {
      if (seen.has(resolve(path)) || excluded.has(resolve(path))) continue;
      seen.add(resolve(path));
      if (NEVER(basename(path))) {
        skipped.push(path);
        continue;
      }
      let bytes: Uint8Array;
      try {
        // Enough to sniff: importers decide by the first bytes (and xlsx by its zip directory, read whole here).
        bytes = await readFile(path);
      } catch {
        files.push(path); // unreadable: the importer reports it as a failure
        continue;
      }
      if (isReportFile(path, bytes)) files.push(path);
      else skipped.push(path);
    }
    // A folder named on the command line with no report in it is a mistake worth an error (a wrong folder, a typo).
    if (files.length === before) {
      const other = skipped.length - skippedBefore;
      errors.push({
        file: arg,
        message: `这是一个文件夹，其中没有找到报告文件${other ? `（${other} 个其他文件已跳过）` : ""}`,
      });
    }
  }
  return { files, skipped, errors };
}

/** The file kind the importer registry would use for this file (json, xlsx, html, text), for the summary. */
export function importerName(path: string, bytes: Uint8Array): string | undefined {
  return IMPORTERS.find((i) => i.accepts(path, bytes))?.name;
}

export const extensionOf = (path: string) => extname(path).replace(/^\./, "").toLowerCase();

// ---------------------------------------------------------------------------------------------------------------
// Consecutive years of one agency

/** An agency name in a form that two years' reports share: NFKC, no spaces, punctuation or bracketed asides. */
export function normalizeAgency(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let n = name.normalize("NFKC").replace(/[\s\u3000]+/g, "");
  n = n.replace(/[(（][^)）]*[)）]/g, "");
  n = n.replace(/[“”"'‘’《》〈〉「」『』.,，。、·:：;；\-—_]/g, "");
  // 某镇人民政府 and 某镇 are the same body; so are 某县人民政府 and 某县政府.
  n = n.replace(/(乡|镇|县|区|市|州|盟|旗|省)(人民)?政府$/, "$1");
  n = n.replace(/^(中共)?/, "");
  return n || undefined;
}

/**
 * For each report, last year's report of the same agency among `candidates` (same normalised agency name, year − 1),
 * when there is one: the first such in the order given. Reports without agency or year have none.
 */
export function pairPrevious<T extends { report: Report }>(
  items: readonly T[],
  candidates: readonly T[] = items
): Map<T, T> {
  const byKey = new Map<string, T>();
  for (const c of candidates) {
    const agency = normalizeAgency(c.report.agency);
    if (!agency || c.report.year === undefined) continue;
    const key = `${agency}|${c.report.year}`;
    if (!byKey.has(key)) byKey.set(key, c);
  }
  const out = new Map<T, T>();
  for (const item of items) {
    const agency = normalizeAgency(item.report.agency);
    if (!agency || item.report.year === undefined) continue;
    const prev = byKey.get(`${agency}|${item.report.year - 1}`);
    if (prev && prev !== item) out.set(item, prev);
  }
  return out;
}
