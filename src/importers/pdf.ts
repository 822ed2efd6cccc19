import type { Importer, ImportResult } from "./registry";
import { readDocument, type SourceDocument } from "./document";
import { layoutPages, type PageContent, type Segment, type TextItem } from "./pdf-layout";
import { createReport } from "../report";
import { formatForYear } from "../format";
import type { ImportNoteEx } from "./cells";

/**
 * PDF reports: text items with their positions and the ruling lines of each page are extracted with pdfjs-dist (its
 * legacy build, which runs on Node 20 and in the browser), then pdf-layout.ts rebuilds tables and paragraphs. CJK
 * fonts that are not embedded need the CMaps shipped in the package: their location (a file path in Node, a URL
 * beside the add-in's page in the browser) is given once with `configurePdfAssets` — nothing is fetched from the
 * network. pdfjs runs on the calling thread (its "fake worker"): reports are a few pages, and the task pane's CSP
 * then needs no worker script. pdfjs is loaded only when a PDF is read.
 *
 * A PDF without a text layer (a scan) is reported as such (I-IMAGE-TABLES), not read as an empty report.
 */

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

export interface PdfAssets {
  /** Folder (Node: path; browser: URL) of pdfjs-dist's cmaps/, ending in "/". */
  cMapUrl?: string;
  /** Folder of pdfjs-dist's standard_fonts/, ending in "/". */
  standardFontDataUrl?: string;
  /**
   * Loads pdfjs-dist and its worker module (run on this thread). Node: from the package (src/importers/index.ts);
   * the task pane: the package's prebuilt legacy files copied beside the page (never bundled: webpack would spend
   * minutes minifying 3 MB it need not touch).
   */
  load?: () => Promise<{ pdfjs: PdfJs; worker: unknown }>;
}

let assets: PdfAssets = {};

export function configurePdfAssets(value: PdfAssets): void {
  assets = { ...value };
  loading = undefined;
}

/** What a page count and a file may cost: a report is a few pages; a 2,000-page PDF is not a report. */
const MAX_PAGES = 200;

let loading: Promise<PdfJs> | undefined;

async function loadPdfJs(): Promise<PdfJs> {
  const load = assets.load;
  if (!load) throw new Error("这里没有配置 PDF 读取组件（pdfjs-dist）");
  loading ??= (async () => {
    const { pdfjs, worker } = await load();
    // The worker's message handler on this thread: pdfjs then needs no worker file (nor GlobalWorkerOptions).
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return pdfjs;
  })();
  return loading;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** Ruling segments and image count from a page's operator list (paths that are stroked, or thin filled boxes). */
function pageGraphics(
  OPS: PdfJs["OPS"],
  fnArray: number[],
  argsArray: unknown[]
): { segments: Segment[]; images: number } {
  const segments: Segment[] = [];
  let images = 0;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const imageOps = new Set([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintImageMaskXObjectGroup,
    OPS.paintImageMaskXObjectRepeat,
  ]);
  const strokeOps = new Set([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const fillOps = new Set([OPS.fill, OPS.eoFill]);
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args?.[0] as Matrix | null;
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (imageOps.has(fn)) images++;
    else if (fn === OPS.constructPath && args) {
      const paint = fnArray[i + 1];
      const stroked = strokeOps.has(paint);
      const filled = fillOps.has(paint);
      if (!stroked && !filled) continue; // a clipping path or an invisible one
      const ops = args[0] as number[];
      const coords = args[1] as number[];
      let k = 0;
      let current: [number, number] = [0, 0];
      let start: [number, number] = [0, 0];
      const line = (a: [number, number], b: [number, number]) =>
        segments.push({ x1: a[0], y1: a[1], x2: b[0], y2: b[1] });
      for (const op of ops) {
        if (op === OPS.moveTo) {
          current = start = apply(ctm, coords[k], coords[k + 1]);
          k += 2;
        } else if (op === OPS.lineTo) {
          const next = apply(ctm, coords[k], coords[k + 1]);
          if (stroked) line(current, next);
          current = next;
          k += 2;
        } else if (op === OPS.curveTo) {
          current = apply(ctm, coords[k + 4], coords[k + 5]);
          k += 6;
        } else if (op === OPS.curveTo2 || op === OPS.curveTo3) {
          current = apply(ctm, coords[k + 2], coords[k + 3]);
          k += 4;
        } else if (op === OPS.closePath) {
          if (stroked) line(current, start);
          current = start;
        } else if (op === OPS.rectangle) {
          const [x, y, w, h] = coords.slice(k, k + 4);
          k += 4;
          const p = [
            apply(ctm, x, y),
            apply(ctm, x + w, y),
            apply(ctm, x + w, y + h),
            apply(ctm, x, y + h),
          ];
          const width = Math.abs(p[1][0] - p[0][0]) + Math.abs(p[1][1] - p[0][1]);
          const height = Math.abs(p[3][0] - p[0][0]) + Math.abs(p[3][1] - p[0][1]);
          if (stroked) for (let e = 0; e < 4; e++) line(p[e], p[(e + 1) % 4]);
          // A thin filled box is a rule (Word draws borders so); a larger one is shading, not a border.
          else if (height <= 2.5 && width > height) line(mid(p[0], p[3]), mid(p[1], p[2]));
          else if (width <= 2.5 && height > width) line(mid(p[0], p[1]), mid(p[3], p[2]));
          current = start = p[0];
        }
      }
    }
  }
  return { segments, images };
}

const mid = (a: [number, number], b: [number, number]): [number, number] => [
  (a[0] + b[0]) / 2,
  (a[1] + b[1]) / 2,
];

/** The pages' text items and rules, as pdf-layout.ts reads them. */
export async function pdfPages(
  bytes: Uint8Array
): Promise<{ pages: PageContent[]; title?: string; total: number }> {
  const pdfjs = await loadPdfJs();
  const { promise: opened } = pdfjs.getDocument({
    // pdfjs may transfer (detach) the buffer it is given, and refuses Node's Buffer: a plain copy.
    data: new Uint8Array(bytes),
    ...(assets.cMapUrl ? { cMapUrl: assets.cMapUrl, cMapPacked: true } : {}),
    ...(assets.standardFontDataUrl ? { standardFontDataUrl: assets.standardFontDataUrl } : {}),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  const doc = await opened;
  try {
    const pages: PageContent[] = [];
    const total = doc.numPages;
    for (let n = 1; n <= Math.min(total, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      for (const it of content.items) {
        if (!("str" in it) || !it.str) continue;
        const [, , c, d, e, f] = it.transform as number[];
        items.push({ str: it.str, x: e - x0, y: f - y0, width: it.width, size: Math.hypot(c, d) });
      }
      const ops = await page.getOperatorList();
      const { segments, images } = pageGraphics(pdfjs.OPS, ops.fnArray, ops.argsArray);
      pages.push({
        number: n,
        width: x1 - x0,
        height: y1 - y0,
        items,
        segments: segments.map((s) => ({
          x1: s.x1 - x0,
          y1: s.y1 - y0,
          x2: s.x2 - x0,
          y2: s.y2 - y0,
        })),
        images,
      });
      page.cleanup();
    }
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const title =
      typeof info?.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
    return { pages, total, ...(title ? { title } : {}) };
  } finally {
    await doc.destroy();
  }
}

const hasText = (p: PageContent) => p.items.some((i) => /[\p{L}\p{N}]/u.test(i.str));

/** The PDF as a source document: blocks in reading order, and a note for pages that are only images. */
export async function pdfToSource(bytes: Uint8Array): Promise<SourceDocument> {
  const { pages, title, total } = await pdfPages(bytes);
  const notes: NonNullable<SourceDocument["notes"]> = [];
  const imageOnly = pages.filter((p) => !hasText(p) && p.images > 0).map((p) => p.number);
  if (pages.length && !pages.some(hasText))
    notes.push({
      code: "I-IMAGE-TABLES",
      message:
        "这个 PDF 没有文字层（是扫描件或图片）：表格是图片，无法读取其中的数字，请向发布机关索取文字版（Word 或导出的 PDF），或人工核对。",
    });
  else if (imageOnly.length)
    notes.push({
      code: "I-IMAGE-TABLES",
      message: `PDF 第 ${imageOnly.join("、")} 页是图片（没有文字层）：其中的表格无法读取，请人工核对这几页。`,
    });
  const { blocks, cutPages } = layoutPages(pages);
  if (cutPages.length)
    notes.push({
      code: "I-TRUNCATED",
      message: `PDF 第 ${cutPages.join("、")} 页的表格超出了页面边缘，超出部分没有印出来：这些表格最右（或最左）一列的数字可能不完整，请对照原件核对。`,
    });
  if (total > pages.length)
    notes.push({
      code: "I-TRUNCATED",
      message: `PDF 有 ${total} 页，只读取了前 ${pages.length} 页。`,
    });
  return {
    ...(title ? { title } : {}),
    blocks,
    ...(notes.length ? { notes } : {}),
    ...(cutPages.length ? { cutTables: true } : {}),
  };
}

const fileName = (path: string) => path.split(/[\\/]/).pop() || path;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** "%PDF-" within the first KB (some writers put junk before it); asked of every file a folder check meets. */
const IS_PDF = (bytes: Uint8Array) => {
  const end = Math.min(bytes.length, 1024) - PDF_MAGIC.length;
  outer: for (
    let i = bytes.indexOf(PDF_MAGIC[0]);
    i >= 0 && i <= end;
    i = bytes.indexOf(PDF_MAGIC[0], i + 1)
  ) {
    for (let k = 1; k < PDF_MAGIC.length; k++) if (bytes[i + k] !== PDF_MAGIC[k]) continue outer;
    return true;
  }
  return false;
};

/** The source's notes added to the import's (the interim reader does not carry them). */
function withNotes(result: ImportResult, doc: SourceDocument, imageNote: boolean): ImportResult {
  const notes = (doc.notes ?? []) as ImportNoteEx[];
  if (!notes.length) return result;
  if (!result.ok) {
    // Nothing readable: a scan. Say so as a report with no cells and the note (not as a misread).
    if (!imageNote) return result;
    const year = Number(/(?:19|20)\d{2}/.exec(doc.title ?? "")?.[0]) || undefined;
    return {
      ok: true,
      report: createReport(year ? formatForYear(year) : "2021", {
        ...(year ? { year } : {}),
        notes: [...notes],
        text: "",
      }),
    };
  }
  const report = result.report;
  const have = new Set((report.notes ?? []).map((n) => `${n.code}:${n.message}`));
  const missingTables = (report.notes ?? []).some((n) =>
    ["I-MISSING-TABLE", "I-NO-TABLES", "I-IMAGE-TABLES"].includes(n.code)
  );
  const add = notes.filter(
    (n) =>
      !have.has(`${n.code}:${n.message}`) &&
      // Image pages matter only when tables are missing (a scanned seal page under complete tables does not).
      (n.code !== "I-IMAGE-TABLES" || missingTables || !report.values.size)
  );
  if (add.length) report.notes = [...(report.notes ?? []), ...add];
  // A table cut at the page edge: its numbers may be missing digits, so none is trusted for a hard error.
  if (doc.cutTables)
    report.uncertain = new Set([...(report.uncertain ?? []), ...report.values.keys()]);
  return result;
}

export async function readPdf(path: string, bytes: Uint8Array): Promise<ImportResult> {
  const name = fileName(path);
  if (!IS_PDF(bytes))
    return {
      ok: false,
      error: `${name} 不是有效的 PDF 文件（可能已损坏，或只是改了扩展名）`,
    };
  let doc: SourceDocument;
  try {
    doc = await pdfToSource(bytes);
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === "PasswordException")
      return { ok: false, error: `${name} 设置了打开密码，无法读取：请提供未加密的文件` };
    if (err.name === "InvalidPDFException")
      return {
        ok: false,
        error: `无法读取 PDF 文件 ${name}：文件结构无效（已损坏或没有下载完整），请重新获取文件`,
      };
    return {
      ok: false,
      error: `无法读取 PDF 文件 ${name}：文件已损坏或不完整（${err.message ?? "未知错误"}），请重新获取文件`,
    };
  }
  const imageNote = (doc.notes ?? []).some((n) => n.code === "I-IMAGE-TABLES");
  return withNotes(readDocument(doc), doc, imageNote);
}

export const pdfImporter: Importer = {
  name: "pdf",
  accepts(path, bytes) {
    return /\.pdf$/i.test(path) || IS_PDF(bytes);
  },
  read(path, bytes) {
    return readPdf(path, bytes);
  },
};
