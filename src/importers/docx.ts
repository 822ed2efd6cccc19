import { parseDocument } from "htmlparser2";
import type { Importer, ImportResult } from "./registry";
import { readDocument, type SourceBlock, type SourceCell, type SourceDocument } from "./document";
import { joinLines } from "./document-text";
import { isZip, readZipEntries, ZipError, zipMentions } from "./zip";

/**
 * Word documents (.docx) read structurally: word/document.xml is parsed as XML (htmlparser2 in xmlMode) and its body
 * walked in order. Paragraphs (w:p) become text — runs, tabs and breaks, not deleted revisions or field codes; tables
 * (w:tbl) become grids of positioned cells: w:gridBefore skips grid columns, w:gridSpan widens a cell, w:vMerge
 * "restart" opens a vertical merge that each following "continue" cell of that grid column extends (rowSpan). A
 * table that holds tables in its cells is a layout frame (whole reports are often wrapped in one): its cells' contents
 * are read in order as blocks of their own. The title is docProps/core.xml's dc:title. No Node-only imports: the task
 * pane's import runs this in the browser.
 *
 * Old binary Word files (.doc) are not read: the clerk is asked to save them as .docx or .pdf.
 */

/** What document.xml and core.xml may expand to together; a real report is well under 5 MB of XML. */
export const DOCX_UNCOMPRESSED_CAP = 64 * 1024 * 1024;

interface XmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
}

const elements = (node: XmlNode) =>
  (node.children ?? []).filter(
    (c) => c.type === "tag" || c.type === "script" || c.type === "style"
  );
const child = (node: XmlNode, name: string) => elements(node).find((c) => c.name === name);
const attr = (node: XmlNode | undefined, name: string) => node?.attribs?.[name];
const intAttr = (node: XmlNode | undefined, name: string, fallback: number) => {
  const n = Number.parseInt(attr(node, name) ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** Elements whose text is not the document's visible text. */
const SKIP = new Set([
  "w:pPr",
  "w:rPr",
  "w:tblPr",
  "w:trPr",
  "w:tcPr",
  "w:sectPr",
  "w:delText",
  "w:instrText",
  "w:del",
  "w:moveFrom",
  "mc:Fallback",
  "w:footnoteReference",
  "w:commentReference",
]);

/** The visible text of a paragraph (or any run container): w:t, tabs, breaks. */
function runText(node: XmlNode, out: string[]): void {
  for (const c of node.children ?? []) {
    if (c.type === "text") continue; // whitespace between tags; only w:t holds text
    const name = c.name ?? "";
    if (SKIP.has(name)) continue;
    if (name === "w:t") out.push((c.children ?? []).map((t) => t.data ?? "").join(""));
    else if (name === "w:tab" || name === "w:ptab") out.push("\t");
    else if (name === "w:br" || name === "w:cr") out.push("\n");
    else if (name === "w:noBreakHyphen") out.push("-");
    else if (name === "w:p") {
      // A paragraph inside a run (a text box): its own line.
      out.push("\n");
      runText(c, out);
      out.push("\n");
    } else runText(c, out);
  }
}

function paragraphText(p: XmlNode): string {
  const out: string[] = [];
  runText(p, out);
  return out.join("");
}

/** Whether a subtree holds a table (a table in a cell makes the outer table a layout frame). */
function holdsTable(node: XmlNode): boolean {
  return elements(node).some((c) => c.name === "w:tbl" || (!SKIP.has(c.name!) && holdsTable(c)));
}

const cleanCell = (s: string) => s.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, "");

class BodyReader {
  readonly blocks: SourceBlock[] = [];
  private tables = 0;

  /** Block-level content in order: paragraphs, tables, and the containers around them (w:sdt, w:ins, …). */
  content(node: XmlNode): void {
    for (const c of elements(node)) {
      if (SKIP.has(c.name!)) continue;
      if (c.name === "w:p") {
        const text = paragraphText(c);
        if (text.trim()) this.blocks.push({ kind: "paragraph", text });
      } else if (c.name === "w:tbl") this.table(c);
      else this.content(c);
    }
  }

  private table(tbl: XmlNode): void {
    const rows = elements(tbl).filter((c) => c.name === "w:tr");
    if (rows.some((tr) => elements(tr).some((tc) => tc.name === "w:tc" && holdsTable(tc)))) {
      // A layout frame: read what its cells hold, in order.
      for (const tr of rows)
        for (const tc of elements(tr)) if (tc.name === "w:tc") this.content(tc);
      return;
    }
    const grid = child(tbl, "w:tblGrid");
    let cols = grid ? elements(grid).filter((c) => c.name === "w:gridCol").length : 0;
    const cells: SourceCell[] = [];
    // For each grid column, the cell whose vertical merge is open there (w:vMerge restart, then continue).
    const open = new Map<number, SourceCell>();
    rows.forEach((tr, r) => {
      const trPr = child(tr, "w:trPr");
      let col = intAttr(trPr && child(trPr, "w:gridBefore"), "w:val", 0);
      const seen = new Set<number>();
      for (const tc of rowCells(tr)) {
        const tcPr = child(tc, "w:tcPr");
        const span = Math.max(1, intAttr(tcPr && child(tcPr, "w:gridSpan"), "w:val", 1));
        const vMerge = tcPr && child(tcPr, "w:vMerge");
        const merge = vMerge ? (attr(vMerge, "w:val") ?? "continue") : undefined;
        const above = open.get(col);
        if (merge === "continue" && above && above.row + above.rowSpan === r) {
          above.rowSpan++;
        } else {
          const texts: string[] = [];
          for (const p of elements(tc)) if (p.name !== "w:tcPr") texts.push(blockText(p));
          const cell: SourceCell = {
            row: r,
            col,
            rowSpan: 1,
            colSpan: span,
            text: cleanCell(joinLines(texts.filter((t) => t.trim() !== ""))),
          };
          cells.push(cell);
          if (merge === "restart") open.set(col, cell);
          else open.delete(col);
        }
        for (let k = col; k < col + span; k++) seen.add(k);
        col += span;
      }
      cols = Math.max(cols, col);
      for (const k of open.keys()) if (!seen.has(k)) open.delete(k);
    });
    this.tables++;
    this.blocks.push({
      kind: "table",
      table: { rows: rows.length, cols, cells, origin: `表格 ${this.tables}` },
    });
  }
}

/** A row's cells, through the containers Word may put around them (w:sdt, w:customXml). */
function rowCells(tr: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of elements(tr)) {
    if (c.name === "w:tc") out.push(c);
    else if (!SKIP.has(c.name!)) out.push(...rowCells(c));
  }
  return out;
}

/** A cell's paragraph (or other block) as text. */
function blockText(node: XmlNode): string {
  // A line break inside a cell (结果<w:br/>纠正 in the template's headers) wraps a label: joined like wrapped lines.
  if (node.name === "w:p") return joinLines(paragraphText(node).replace(/\t/g, " ").split("\n"));
  const parts: string[] = [];
  for (const c of elements(node)) if (!SKIP.has(c.name!)) parts.push(blockText(c));
  return joinLines(parts.filter((t) => t.trim() !== ""));
}

function coreTitle(xml: string): string | undefined {
  const doc = parseDocument(xml, { xmlMode: true }) as XmlNode;
  const find = (n: XmlNode): XmlNode | undefined =>
    n.name === "dc:title" ? n : elements(n).map(find).find(Boolean);
  const title = find(doc);
  const text = title ? (title.children ?? []).map((t) => t.data ?? "").join("") : "";
  return text.trim() || undefined;
}

/** The document as blocks (paragraphs and tables in body order) and its title. */
export function docxToSource(bytes: Uint8Array): SourceDocument {
  const entries = readZipEntries(
    bytes,
    ["word/document.xml", "docProps/core.xml"],
    DOCX_UNCOMPRESSED_CAP
  );
  const main = entries.get("word/document.xml");
  if (!main) throw new ZipError("压缩包里没有 word/document.xml", "corrupt");
  const decoder = new TextDecoder("utf-8");
  const doc = parseDocument(decoder.decode(main), { xmlMode: true }) as XmlNode;
  const find = (n: XmlNode, name: string): XmlNode | undefined =>
    n.name === name
      ? n
      : elements(n).reduce<XmlNode | undefined>((f, c) => f ?? find(c, name), undefined);
  const body = find(doc, "w:body");
  if (!body) throw new ZipError("word/document.xml 里没有正文（w:body）", "corrupt");
  const reader = new BodyReader();
  reader.content(body);
  const core = entries.get("docProps/core.xml");
  const title = core ? coreTitle(decoder.decode(core)) : undefined;
  return { ...(title ? { title } : {}), blocks: reader.blocks };
}

const fileName = (path: string) => path.split(/[\\/]/).pop() || path;

export function readDocx(path: string, bytes: Uint8Array): ImportResult {
  const name = fileName(path);
  if (!isZip(bytes))
    return {
      ok: false,
      error: `${name} 不是有效的 Word 文档（.docx）：内容不是 Word 格式（可能已损坏，或只是改了扩展名）`,
    };
  let source: SourceDocument;
  try {
    source = docxToSource(bytes);
  } catch (e) {
    if (e instanceof ZipError)
      return {
        ok: false,
        error:
          e.kind === "too-big"
            ? `${name} 解压后过大（${e.message}），不像是年报文档，可能是恶意的“压缩炸弹”文件，已停止读取`
            : `无法读取 Word 文档 ${name}：${e.message}，请用 Word 或 WPS 打开后重新另存为 .docx`,
      };
    return {
      ok: false,
      error: `无法读取 Word 文档 ${name}：文件已损坏（${(e as Error).message}），请用 Word 或 WPS 打开后重新另存为 .docx`,
    };
  }
  return readDocument(source);
}

export const docxImporter: Importer = {
  name: "docx",
  accepts(path, bytes) {
    if (/\.(docx|docm|dotx)$/i.test(path)) return true;
    return isZip(bytes) && zipMentions(bytes, "word/document.xml");
  },
  async read(path, bytes) {
    return readDocx(path, bytes);
  },
};

/** OLE2 compound files: old Word (.doc), Excel (.xls), PowerPoint. A Word one holds a "WordDocument" stream. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const WORD_STREAM = new Uint8Array(
  [..."WordDocument"].flatMap((ch) => [ch.charCodeAt(0), 0]) // UTF-16LE, as directory entries are
);

function isOldWord(path: string, bytes: Uint8Array): boolean {
  if (/\.(doc|dot|wps)$/i.test(path)) return true;
  if (!OLE_MAGIC.every((b, i) => bytes[i] === b)) return false;
  outer: for (
    let i = bytes.indexOf(WORD_STREAM[0]);
    i >= 0 && i <= bytes.length - WORD_STREAM.length;
    i = bytes.indexOf(WORD_STREAM[0], i + 1)
  ) {
    for (let k = 1; k < WORD_STREAM.length; k++)
      if (bytes[i + k] !== WORD_STREAM[k]) continue outer;
    return true;
  }
  return false;
}

/** Old binary Word (.doc): not read, with a message that says what to do. */
export const docImporter: Importer = {
  name: "doc",
  accepts(path, bytes) {
    return isOldWord(path, bytes) && !isZip(bytes);
  },
  async read(path) {
    return {
      ok: false,
      error: `${fileName(path)} 是旧版 Word 文档（.doc），无法直接读取：请用 Word 或 WPS 打开，另存为 .docx（或导出为 .pdf）后再检查`,
    };
  },
};
