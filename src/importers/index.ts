import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { importBytes, type ImportResult } from "./registry";
import { configurePdfAssets } from "./pdf";

/** Reading report files from disk (the command line); the importers themselves are in the registry. */
export * from "./registry";

// PDF: the CJK CMaps and standard fonts shipped in pdfjs-dist, read from the package folder (no network).
const PDFJS_DIR = dirname(require.resolve("pdfjs-dist/package.json"));
configurePdfAssets({
  cMapUrl: `${join(PDFJS_DIR, "cmaps")}/`,
  standardFontDataUrl: `${join(PDFJS_DIR, "standard_fonts")}/`,
  load: async () => ({
    worker: await import("pdfjs-dist/legacy/build/pdf.worker.mjs"),
    pdfjs: await import("pdfjs-dist/legacy/build/pdf.mjs"),
  }),
});

export async function importFile(path: string): Promise<ImportResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error:
        code === "ENOENT"
          ? "文件不存在"
          : code === "EISDIR"
            ? "这是一个文件夹"
            : `无法打开（${code ?? (e as Error).message}）`,
    };
  }
  return importBytes(path, bytes);
}
