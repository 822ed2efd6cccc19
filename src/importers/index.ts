import { dirname, join } from "node:path";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { describeFsError } from "../cli/messages";
import { importBytes, importEach, importerFor, type ImportResult } from "./registry";
import { entryData, MAX_UNCOMPRESSED, zipEntries } from "./zip";
import { configurePdfAssets } from "./pdf";

/** Reading report files from disk (the command line); the importers themselves are in the registry. */
export * from "./registry";

// PDF: the CJK CMaps and standard fonts shipped in pdfjs-dist, read from the package folder (no network).
const PDFJS_DIR = dirname(require.resolve("pdfjs-dist/package.json"));
configurePdfAssets({
  cMapUrl: `${join(PDFJS_DIR, "cmaps")}/`,
  standardFontDataUrl: `${join(PDFJS_DIR, "standard_fonts")}/`,
  load: () =>
    quietly(async () => ({
      worker: await import("pdfjs-dist/legacy/build/pdf.worker.mjs"),
      pdfjs: await import("pdfjs-dist/legacy/build/pdf.mjs"),
    })),
});

/**
 * pdfjs prints "Warning: Cannot polyfill `DOMMatrix`…" while it loads in Node without a canvas (and, in the compiled
 * command line, that it cannot reach `require`): neither matters for reading text, and a supervisor's terminal is
 * not the place for them. Only those lines are held back, only while the module loads.
 */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  const log = console.log;
  const warn = console.warn;
  const filter =
    (to: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("Warning: ")) return;
      to(...args);
    };
  console.log = filter(log);
  console.warn = filter(warn);
  try {
    return await load();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

/** Largest file read: published reports are at most a few MB; a 200 MB "report" is not one. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * A file's bytes, read once — only when it is a regular file: a FIFO would block forever and /dev/zero never ends, so
 * those are refused with a reason. Opened non-blocking so that opening a FIFO cannot hang; larger than
 * MAX_FILE_BYTES refused.
 */
export async function readRegularFile(
  path: string,
  max = MAX_FILE_BYTES
): Promise<{ ok: true; bytes: Buffer } | { ok: false; error: string; notRegular?: boolean }> {
  // Synchronous calls: a local file is read in well under a millisecond, and four trips through libuv's thread pool
  // per file (open, stat, read, close) cost more than the read itself when thousands of files stream past.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, error: describeFsError(e) };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { ok: false, error: "这是一个文件夹，不是文件" };
    if (!info.isFile())
      return {
        ok: false,
        notRegular: true,
        error: `不是普通文件（${info.isFIFO() ? "管道" : info.isSocket() ? "套接字" : info.isCharacterDevice() || info.isBlockDevice() ? "设备" : "特殊文件"}），只读取普通文件`,
      };
    if (info.size > max)
      return {
        ok: false,
        error: `文件过大（${mb(info.size)}，上限 ${mb(max)}），不像是一份年报，未读取`,
      };
    const bytes = Buffer.allocUnsafe(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    // A file that grew while read is read as far as it was when opened (a regular file only: no endless read).
    return { ok: true, bytes: read < bytes.length ? bytes.subarray(0, read) : bytes };
  } catch (e) {
    return { ok: false, error: describeFsError(e) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A ZIP (.xlsx, .docx) whose entries do not inflate to what its directory declares, or to more than
 * MAX_UNCOMPRESSED in all: the reason, before a library unpacks it into memory (the directory alone can lie).
 */
export function zipBomb(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return undefined;
  const entries = zipEntries(bytes);
  if (!entries) return undefined;
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > MAX_UNCOMPRESSED) break; // zipTooLarge, in the importer, words it
    if (e.method !== 8) continue;
    const data = entryData(bytes, e);
    if (!data) continue;
    try {
      const out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) + 1 });
      if (out.length !== e.size) throw new RangeError("size");
    } catch {
      return `压缩包内“${e.name.slice(0, 60)}”解压后的大小与目录声明的不符（声明 ${e.size} 字节）：文件已损坏或是恶意构造的压缩包（“压缩炸弹”），未解压`;
    }
  }
  return undefined;
}

/** Every report in the bytes of a file (several report sheets of a workbook are several), the ZIP verified first. */
export async function importEachFile(
  path: string,
  bytes: Uint8Array,
  importer = importerFor(path, bytes)
): Promise<{ sheet?: string; result: ImportResult }[]> {
  if (
    importer &&
    importer.name !== "json" &&
    importer.name !== "html" &&
    importer.name !== "text"
  ) {
    const bomb = zipBomb(bytes);
    if (bomb) return [{ result: { ok: false, error: bomb } }];
  }
  return importEach(path, bytes, importer);
}

export async function importFile(path: string): Promise<ImportResult> {
  const read = await readRegularFile(path);
  if (!read.ok) return { ok: false, error: read.error };
  const bomb = zipBomb(read.bytes);
  if (bomb) return { ok: false, error: bomb };
  return importBytes(path, read.bytes);
}
