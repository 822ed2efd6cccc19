import { Inflate } from "fflate";

/**
 * ZIP archives (.docx, .xlsx): the central directory read without inflating anything (to refuse a "zip bomb" before
 * a library unpacks it), and a few named entries read with a cap on how much they may expand to. The central
 * directory gives each entry's place; the data is inflated by fflate in small pushes, counting the output, so a ZIP
 * bomb (a few KB that claim or expand to gigabytes) is stopped at the cap instead of filling memory. The sizes an
 * archive declares are not trusted: the count is of what is actually produced. Runs in Node and in the browser.
 */

export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: "corrupt" | "too-big" | "unsupported"
  ) {
    super(message);
  }
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Whether the bytes contain `name` (ZIP entry names are stored uncompressed: a cheap sniff without unzipping). */
export function zipMentions(bytes: Uint8Array, name: string): boolean {
  const needle = new TextEncoder().encode(name);
  outer: for (
    let i = bytes.indexOf(needle[0]);
    i >= 0 && i <= bytes.length - needle.length;
    i = bytes.indexOf(needle[0], i + 1)
  ) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** One entry of the central directory: where its data is and what the directory declares about it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  compressedSize: number;
  /** The uncompressed size the directory declares (a hostile file may lie: verify when inflating). */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/**
 * The central directory: the entries read, and why reading stopped early if it did (damaged, ZIP64). Undefined when
 * there is no end-of-directory record at all (not a ZIP, or cut off).
 */
function readDirectory(bytes: Uint8Array): { entries: ZipEntry[]; error?: ZipError } | undefined {
  // The end-of-central-directory record is in the last 22 + 65535 bytes (after it only a comment).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--)
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return undefined;
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const entries: ZipEntry[] = [];
  if (at === 0xffffffff || count === 0xffff)
    return {
      entries,
      error: new ZipError("ZIP64 压缩包（超过 4 GB 的文档）不支持", "unsupported"),
    };
  const names = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50)
      return { entries, error: new ZipError("压缩包目录已损坏", "corrupt") };
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    entries.push({
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries };
}

function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const dir = readDirectory(bytes);
  if (!dir) throw new ZipError("找不到压缩包目录（文件不完整或已损坏）", "corrupt");
  if (dir.error) throw dir.error;
  return dir.entries;
}

/** The entries the directory lists (as far as it can be read), or undefined when it has none (not a ZIP, cut off). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  return readDirectory(bytes)?.entries;
}

/** Where an entry's data starts (after its local header), or undefined when the header is not there. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const at = entry.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) return undefined;
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  return bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
}

/** Inflate raw DEFLATE data, giving up as soon as the output passes `cap` bytes. */
function inflateCapped(data: Uint8Array, cap: number, name: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) over = true;
    else parts.push(chunk);
  });
  // 16 KB of input expands to at most ~17 MB (DEFLATE's ratio is bounded by ~1032:1): the cap is checked that often.
  const STEP = 16384;
  try {
    for (let at = 0; at < data.length && !over; at += STEP)
      inflate.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch {
    throw new ZipError(`${name} 解压失败（文件已损坏）`, "corrupt");
  }
  if (over) throw new ZipError(`${name} 解压后超过 ${Math.round(cap / 1048576)} MB`, "too-big");
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * The named entries (those present) as bytes. `cap` bounds the total uncompressed size of what is read; entries not
 * asked for are never inflated.
 */
export function readZipEntries(
  bytes: Uint8Array,
  names: readonly string[],
  cap: number
): Map<string, Uint8Array> {
  const entries = centralDirectory(bytes);
  const out = new Map<string, Uint8Array>();
  let budget = cap;
  for (const name of names) {
    const entry = entries.find((e) => e.name === name);
    if (!entry) continue;
    const content = readZipEntry(bytes, entry, budget);
    budget -= content.length;
    out.set(name, content);
  }
  return out;
}

/** One entry of the directory (see zipEntries) as bytes, inflating no more than `cap` bytes. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, cap: number): Uint8Array {
  const name = entry.name;
  if (entry.flags & 1) throw new ZipError("文档已加密（设置了打开密码）", "unsupported");
  if (entry.size > cap)
    throw new ZipError(
      `${name} 解压后有 ${Math.round(entry.size / 1048576)} MB，超过 ${Math.round(cap / 1048576)} MB`,
      "too-big"
    );
  const local = entry.offset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50)
    throw new ZipError("压缩包内容已损坏", "corrupt");
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError("文件不完整（可能没有下载完整）", "corrupt");
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data.slice();
  if (entry.method === 8) return inflateCapped(data, cap, name);
  throw new ZipError(`不支持的压缩方式（${entry.method}）`, "unsupported");
}

/** Most a workbook or document may inflate to: real reports are a few MB; 200 MB is far beyond any. */
export const MAX_UNCOMPRESSED = 200 * 1024 * 1024;
/** Most entries: a report workbook has tens. */
export const MAX_ENTRIES = 10_000;

const mb = (n: number) => `${Math.round(n / 1024 / 1024).toLocaleString("en")} MB`;

/**
 * Why a ZIP must not be unpacked (too many entries, or more than `max` bytes once inflated, by its own directory),
 * or undefined when its declared sizes are reasonable.
 */
export function zipTooLarge(bytes: Uint8Array, max = MAX_UNCOMPRESSED): string | undefined {
  const entries = zipEntries(bytes);
  if (!entries) return undefined; // not a complete ZIP: the importer says so
  if (entries.length > MAX_ENTRIES)
    return `压缩包内有 ${entries.length} 个文件，远超工作簿或文档的正常数量（上限 ${MAX_ENTRIES}），未解压`;
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > max)
    return `解压后将有 ${mb(total)}（压缩包本身 ${mb(bytes.length)}），超过上限 ${mb(max)}：可能是恶意构造的压缩包（“压缩炸弹”），未解压`;
  return undefined;
}
