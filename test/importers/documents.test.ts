import { confront } from "../../src/check";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync, zipSync } from "fflate";
import { acceptedTypes, importBytes } from "../../src/importers";
import { tableRows, type SourceDocument, type SourceTable } from "../../src/importers/document";
import { DOCX_UNCOMPRESSED_CAP, docxToSource } from "../../src/importers/docx";
import { pdfToSource } from "../../src/importers/pdf";
import { readZipEntries, ZipError } from "../../src/importers/zip";
import { cellId } from "../../src/format";
import { DOCUMENTS, differences, expectedCells, printedCells } from "./source-cells";

/**
 * Word and PDF reports made the way agencies make them (LibreOffice from hand-written HTML, and the official template
 * typed into): read into the source-document model with every printed value in its cell and blanks blank, then
 * through the registry end to end. Fixtures: test/fixtures/documents (make.ts regenerates them).
 */

const bytesOf = (name: string) => new Uint8Array(readFileSync(join(DOCUMENTS, name)));
const docx = (name: string) => docxToSource(bytesOf(name));
const pdf = (name: string) => pdfToSource(bytesOf(name));
const tables = (doc: SourceDocument) =>
  doc.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));
const table三 = (doc: SourceDocument) =>
  tables(doc).find((t) => t.cells.some((c) => c.text === "申请人情况"))!;
const cellWith = (t: SourceTable, text: string) => t.cells.find((c) => c.text === text);

function assertSameCells(doc: SourceDocument, fixture: string, format: "2021" | "2019" = "2021") {
  const want = expectedCells(fixture);
  const got = printedCells(doc, format);
  assert.ok(want.size >= 198, `${fixture}: ${want.size} expected cells`);
  assert.deepEqual(differences(got, want), []);
  // The fixtures do leave cells blank (otherwise "blank stays blank" would test nothing).
  if (!fixture.startsWith("full"))
    assert.ok([...want.values()].filter((v) => v === "").length > 10);
}

describe("importers: Word (.docx)", () => {
  for (const [fixture, format] of [
    ["report-2021", "2021"],
    ["report-2019", "2019"],
    ["split-2021", "2021"],
    ["portrait-2021", "2021"],
  ] as const)
    it(`${fixture}.docx (made by LibreOffice): every printed value in its cell, blank cells blank`, () => {
      assertSameCells(docx(`${fixture}.docx`), fixture, format);
    });

  it("the official template typed into (WPS-made .docx): every value in its cell, blank cells blank", () => {
    assertSameCells(docx("template-2021-filled.docx"), "template-2021-filled");
  });

  it("the blank official template: its merged cells as printed, every entry cell blank (full-width spaces are not text)", () => {
    const doc = docx("template-2021.docx");
    const got = printedCells(doc, "2021");
    assert.equal(got.size, 200);
    assert.deepEqual(
      [...got].filter(([, v]) => v !== ""),
      []
    );
    const t3 = table三(doc);
    assert.equal(t3.rows, 28);
    assert.equal(t3.cols, 10);
    assert.deepEqual(
      (({ row, col, rowSpan, colSpan }) => ({ row, col, rowSpan, colSpan }))(
        t3.cells.find((c) => c.text.startsWith("（本列数据的勾稽关系"))!
      ),
      { row: 0, col: 0, rowSpan: 3, colSpan: 3 }
    );
    assert.equal(cellWith(t3, "三、本年度办理结果")?.rowSpan, 22);
    assert.equal(cellWith(t3, "（三）不予公开")?.rowSpan, 8);
    assert.equal(cellWith(t3, "（六）其他处理")?.rowSpan, 3);
    assert.equal(cellWith(t3, "法人或其他组织")?.colSpan, 5);
    assert.equal(cellWith(t3, "自然人")?.rowSpan, 2);
    const t4 = tables(doc).find((t) => cellWith(t, "行政复议"))!;
    assert.equal(cellWith(t4, "行政诉讼")?.colSpan, 10);
    assert.equal(t4.cells.filter((c) => c.text === "结果维持").length, 3);
    assert.equal(tableRows(t4)[3].length, 15);
  });

  it("paragraphs and tables come in the document's order, with the title from docProps/core.xml", () => {
    const doc = docx("report-2021.docx");
    assert.equal(doc.title, "某县交通运输局2023年政府信息公开工作年度报告");
    const order = doc.blocks.map((b) =>
      b.kind === "table" ? "表" : /^[一二三四五六]、/.test(b.text) ? b.text.slice(0, 1) : "·"
    );
    const skeleton = order.filter((x) => x !== "·").join("");
    assert.equal(skeleton, "一二表三表四表五六");
    assert.ok(
      doc.blocks.some((b) => b.kind === "paragraph" && b.text.includes("扎实推进政务公开工作"))
    );
  });

  it("reads gridBefore, gridSpan, vMerge restart/continue, tabs and breaks, and a table nested in a layout frame", () => {
    const tc = (text: string, pr = "") =>
      `<w:tc><w:tcPr>${pr}</w:tcPr><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p></w:tc>`;
    const inner =
      `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
      `<w:tr>${tc("A", '<w:vMerge w:val="restart"/>')}${tc("B", '<w:gridSpan w:val="2"/>')}</w:tr>` +
      `<w:tr>${tc("", "<w:vMerge/>")}${tc("1")}${tc("  ")}</w:tr>` +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc("x")}${tc("y")}</w:tr></w:tbl>`;
    const body =
      `<w:p><w:r><w:t>一、总体</w:t><w:tab/><w:t>情况</w:t><w:br/><w:t>第二行</w:t></w:r>` +
      `<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del></w:p>` +
      `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>框架</w:t></w:r></w:p>${inner}</w:tc></w:tr></w:tbl>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>${body}</w:body></w:document>`;
    const zip = zipSync({ "word/document.xml": new TextEncoder().encode(xml) });
    const doc = docxToSource(zip);
    assert.deepEqual(doc.blocks[0], { kind: "paragraph", text: "一、总体\t情况\n第二行" });
    assert.deepEqual(doc.blocks[1], { kind: "paragraph", text: "框架" });
    const t = (doc.blocks[2] as { table: SourceTable }).table;
    assert.equal(t.rows, 3);
    assert.equal(t.cols, 3);
    assert.deepEqual(
      t.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan, c.text]),
      [
        [0, 0, 2, 1, "A"],
        [0, 1, 1, 2, "B"],
        [1, 1, 1, 1, "1"],
        [1, 2, 1, 1, ""],
        [2, 1, 1, 1, "x"],
        [2, 2, 1, 1, "y"],
      ]
    );
  });

  it("a zip bomb is stopped with a message, not read into memory", async () => {
    // Declared as 3 GB: refused before inflating anything.
    const entry = zipSync({ "word/document.xml": new TextEncoder().encode("<w:document/>") });
    const lying = entry.slice();
    const view = new DataView(lying.buffer);
    for (let i = lying.length - 22; i >= 0; i--)
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 3_000_000_000, true);
        break;
      }
    const r = await importBytes("炸弹.docx", lying);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : "", /炸弹\.docx.*解压后过大.*压缩炸弹/);
    // Declared small but expanding past the cap: stopped while inflating, at the cap.
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const packed = zipSync({ "word/document.xml": [zeros, { level: 9 }] });
    const v2 = new DataView(packed.buffer);
    for (let i = packed.length - 22; i >= 0; i--)
      if (v2.getUint32(i, true) === 0x02014b50) {
        v2.setUint32(i + 24, 100, true);
        break;
      }
    assert.throws(
      () => readZipEntries(packed, ["word/document.xml"], 1024 * 1024),
      (e: unknown) => e instanceof ZipError && e.kind === "too-big"
    );
    assert.ok(DOCX_UNCOMPRESSED_CAP <= 64 * 1024 * 1024);
    assert.ok(deflateSync(zeros).length < 10_000); // the ratio a bomb relies on
  });

  it("a damaged or fake .docx gets a Chinese message naming the file", async () => {
    const real = bytesOf("report-2021.docx");
    for (const [name, bytes] of [
      ["半截.docx", real.subarray(0, 4000)],
      ["改名.docx", new TextEncoder().encode("这不是 Word 文档")],
      ["空包.docx", zipSync({ "hello.txt": new Uint8Array([65]) })],
    ] as const) {
      const r = await importBytes(name, bytes);
      assert.equal(r.ok, false, name);
      const error = !r.ok ? r.error : "";
      assert.ok(error.includes(name), error);
      assert.match(error, /Word|\.docx/);
      assert.doesNotMatch(error, /at \w+ \(|Error:/);
    }
  });

  it("an old binary Word file (.doc) is not misread: the clerk is asked to save it as .docx or .pdf", async () => {
    const r = await importBytes(join(DOCUMENTS, "report-2021.doc"), bytesOf("report-2021.doc"));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : "", /report-2021\.doc 是旧版 Word 文档.*另存为 \.docx/);
    // Recognised by content too (an OLE file holding a WordDocument stream, whatever its name).
    const renamed = await importBytes("附件1", bytesOf("report-2021.doc"));
    assert.match(!renamed.ok ? renamed.error : "", /旧版 Word/);
  });
});

describe("importers: PDF", () => {
  for (const [fixture, format] of [
    ["report-2021", "2021"],
    ["report-2019", "2019"],
    ["template-2021-filled", "2021"],
  ] as const)
    it(`${fixture}.pdf (exported by LibreOffice): every printed value in its cell, blank cells blank`, async () => {
      assertSameCells(await pdf(`${fixture}.pdf`), fixture, format);
    });

  it("table 三 split across pages is one table again (its header not repeated), with all 200 values in place", async () => {
    for (const fixture of ["split-2021", "split-repeat-2021"]) {
      const doc = await pdf(`${fixture}.pdf`);
      const t3 = tables(doc).filter((t) => t.cells.some((c) => c.text.includes("本年新收")));
      assert.equal(t3.length, 1, fixture);
      assert.match(t3[0].origin ?? "", /^第 \d–\d 页$/, fixture);
      assert.equal(t3[0].cells.filter((c) => c.text === "申请人情况").length, 1, fixture);
      assert.equal(t3[0].cells.filter((c) => c.text === "自然人").length, 1, fixture);
      assertSameCells(doc, fixture);
    }
  });

  it("a merged label or a row cut by a page break is one cell again", async () => {
    // In report-2021.pdf the page break cuts （三）不予公开 after its first row, and （六）2's long label after
    // "…政府信息公开申" (its last character "请" on the next page).
    const t3 = table三(await pdf("report-2021.pdf"));
    assert.equal(cellWith(t3, "（三）不予公开")?.rowSpan, 8);
    assert.equal(cellWith(t3, "三、本年度办理结果")?.rowSpan, 22);
    assert.ok(
      cellWith(t3, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
      "the cut label is whole"
    );
    assert.equal(t3.rows, 28);
  });

  it("portrait, narrow columns: wrapped labels and wrapped numbers stay one cell each", async () => {
    const doc = await pdf("portrait-2021.pdf");
    assertSameCells(doc, "portrait-2021");
    const t3 = table三(doc);
    // 28 rows as printed: no wrapped line became a row of its own.
    assert.equal(t3.rows, 28);
    assert.ok(cellWith(t3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"));
    assert.ok(cellWith(t3, "社会公益组织"), "a header cut by the page break is whole");
    // 7-digit numbers wrap onto two lines in these columns ("372726" / "9"): read whole.
    const got = printedCells(doc, "2021");
    const id = cellId({ table: "三", row: "new", column: "natural" });
    assert.equal(got.get(id), expectedCells("portrait-2021").get(id));
    assert.ok((got.get(id) ?? "").length >= 7);
  });

  it("a table wider than the page (cut at its edge in the PDF) is said to be cut, its other cells read", async () => {
    const doc = await pdf("cut-2019.pdf");
    const note = doc.notes?.find((n) => n.code === "I-TRUNCATED");
    assert.match(note?.message ?? "", /第 \d+ 页的表格超出了页面边缘/);
    // Only cells of table 四's last column can differ (their digits beyond the edge are not printed).
    const wrong = differences(printedCells(doc, "2019"), expectedCells("cut-2019"));
    assert.ok(
      wrong.every((w) => w.startsWith("四:suitAfterReview:total")),
      wrong.join("\n")
    );
    // The Word file of the same page has no edge: every value is there.
    assertSameCells(docx("cut-2019.docx"), "cut-2019", "2019");
    const r = await importBytes("cut-2019.pdf", bytesOf("cut-2019.pdf"));
    assert.ok(r.ok && r.report.notes?.some((n) => n.code === "I-TRUNCATED"));
    // The cut total (31311 for 313131) is not reported as an error of the agency's: it may be the page's cut.
    const result = confront(r.report);
    assert.deepEqual(
      result.errors().map((e) => e.rule),
      []
    );
    assert.ok(
      result.warnings().some((w) => w.rule === "R4-3" && w.unverified !== undefined),
      "the rule it could not verify is named"
    );
  });

  it("the text outside the tables is read in order as paragraphs", async () => {
    const doc = await pdf("report-2021.pdf");
    const texts = doc.blocks.map((b) => (b.kind === "paragraph" ? b.text : "【表】"));
    assert.deepEqual(texts, [
      "某县交通运输局2023年政府信息公开工作年度报告",
      "一、总体情况",
      "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
      "二、主动公开政府信息情况",
      "【表】",
      "三、收到和处理政府信息公开申请情况",
      "【表】",
      "四、政府信息公开行政复议、行政诉讼情况",
      "【表】",
      "五、存在的主要问题及改进情况",
      "政务公开工作还存在一些不足，下一步将继续改进。",
      "六、其他需要报告的事项",
      "本年度未收取信息处理费。",
    ]);
  });

  it("a scanned PDF (pages that are images) is told so (I-IMAGE-TABLES), not read as numbers", async () => {
    const r = await importBytes(join(DOCUMENTS, "scan-2021.pdf"), bytesOf("scan-2021.pdf"));
    assert.ok(r.ok);
    assert.equal(r.report.values.size, 0);
    const note = r.report.notes?.find((n) => n.code === "I-IMAGE-TABLES");
    assert.match(note?.message ?? "", /没有文字层.*表格是图片/);
  });

  it("a Chinese font that is not embedded is read through the CMaps shipped with pdfjs-dist (offline)", async () => {
    const r = await importBytes("未嵌入字体.pdf", nonEmbeddedCjkPdf("政府信息公开工作年度报告"));
    // The text is read (no table: the report says so), not garbled or empty.
    assert.ok(r.ok, !r.ok ? r.error : "");
    assert.match(r.report.text ?? "", /政府信息公开工作年度报告/);
  });

  it("a damaged or fake .pdf gets a Chinese message naming the file", async () => {
    const real = bytesOf("report-2021.pdf");
    for (const [name, bytes] of [
      ["半截.pdf", real.subarray(0, Math.floor(real.length * 0.3))],
      ["乱码.pdf", new TextEncoder().encode("%PDF-1.7\n这不是 PDF")],
      ["改名.pdf", new TextEncoder().encode("hello")],
    ] as const) {
      const r = await importBytes(name, bytes);
      assert.equal(r.ok, false, name);
      const error = !r.ok ? r.error : "";
      assert.ok(error.includes(name), error);
      assert.match(error, /PDF/);
      assert.doesNotMatch(error, /at \w+ \(|Error:/);
    }
  });
});

describe("importers: Word and PDF in the registry", () => {
  it("lists .docx and .pdf among the types it reads", () => {
    assert.match(acceptedTypes(), /\.docx/);
    assert.match(acceptedTypes(), /\.pdf/);
    assert.doesNotMatch(acceptedTypes(), /\.doc(?!x)/);
  });

  it("recognises Word and PDF by content, whatever the file is called, and reads them end to end", async () => {
    for (const name of ["full-2021.docx", "full-2021.pdf"]) {
      const r = await importBytes("附件", bytesOf(name));
      assert.ok(r.ok, name);
      assert.equal(r.report.format, "2021");
      assert.equal(r.report.year, 2023);
      const want = expectedCells("full-2021");
      const wrong = [...want].filter(([id, v]) => String(r.report.values.get(id)) !== v);
      assert.deepEqual(wrong, [], name);
    }
  });
});

/** A one-page PDF whose text uses STSong-Light, not embedded, through the predefined CMap UniGB-UCS2-H. */
function nonEmbeddedCjkPdf(text: string): Uint8Array {
  const hex = [...text].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, "0")).join("");
  const stream = `BT /F1 18 Tf 72 700 Td <${hex}> Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
