/**
 * The central directory of a ZIP file (.xlsx, .docx): entry names and sizes, read without inflating anything. Used to
 * refuse a "zip bomb" — a 2 MB workbook that inflates to gigabytes — before a library unpacks it into memory. Runs in
 * the browser too (no Node imports); the Node side also verifies the sizes by inflating with a cap (./index.ts).
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The uncompressed size the directory declares (a hostile file may lie: verify when inflating). */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** Most a workbook or document may inflate to: real reports are a few MB; 200 MB is far beyond any. */
export const MAX_UNCOMPRESSED = 200 * 1024 * 1024;
/** Most entries: a report workbook has tens. */
export const MAX_ENTRIES = 10_000;

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) =>
  (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;

/** The entries of the central directory, or undefined when there is none (not a ZIP, or cut off). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  let end = -1;
  for (let i = bytes.length - 22, from = Math.max(0, bytes.length - 22 - 0xffff); i >= from; i--)
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let k = 0; k < count && at + 46 <= bytes.length; k++) {
    if (u32(bytes, at) !== 0x02014b50) break;
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    entries.push({
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts (after its local header), or undefined when the header is not there. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const at = entry.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) return undefined;
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  return bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
}

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
