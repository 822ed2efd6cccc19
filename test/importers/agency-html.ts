import { cellId, getFormat, type FormatId } from "../../src/format";

/**
 * A report page written the way agencies write the HTML they turn into Word and PDF (not the project's renderer): the
 * official tables with the template's merged cells (rowspan/colspan as in template-2021.docx), blank cells as
 * `<td><p>&nbsp;</p></td>` or an empty `<td>`, Word-ish inline styles, and an @page rule that LibreOffice honours
 * (landscape A4 as the template, or portrait). LibreOffice then converts it (`soffice --convert-to docx|pdf`), as a
 * clerk's "另存为" would. Used by test/fixtures/documents/make.ts and by the soffice property test.
 */

/** cellId → the number printed, or null for a cell left blank. Cells not in the map are printed blank too. */
export type PrintedValues = Map<string, number | null>;

export interface PageOptions {
  format: FormatId;
  title: string;
  /** Landscape A4 (the template) or portrait A4. */
  orientation?: "landscape" | "portrait";
  /** Font size of the tables in pt (larger = more wrapping in narrow columns). */
  tableFontPt?: number;
  /** Percent of the table width taken by table 三's three label columns (the rest is shared by the 7 numbers). */
  labelWidth?: number;
  /** Paragraphs of narrative before table 三 (enough of them push it across a page break). */
  fillerBefore三?: number;
  /** Table 三's three header rows in <thead> (LibreOffice repeats them on the next page). */
  repeatHeader?: boolean;
  /** Narrative sentences in 一、总体情况. */
  overview?: string[];
}

const BLANK_STYLES = ["<td><p>&nbsp;</p></td>", "<td></td>", "<td><p></p></td>"];

export function agencyHtml(values: PrintedValues, options: PageOptions): string {
  const model = getFormat(options.format);
  const pt = options.tableFontPt ?? 10.5;
  const landscape = (options.orientation ?? "landscape") === "landscape";
  let blankIndex = 0;
  const td = (text: string, attrs = "") =>
    `<td${attrs} style="border:1px solid #000;padding:2px"><p style="text-align:center">${text}</p></td>`;
  const value = (table: "二" | "三" | "四", row: string, column: string, attrs = "") => {
    const v = values.get(cellId({ table, row, column }));
    if (v === null || v === undefined) {
      const blank = BLANK_STYLES[blankIndex++ % BLANK_STYLES.length];
      return attrs
        ? blank.replace("<td>", `<td${attrs} style="border:1px solid #000">`)
        : blank.replace("<td>", '<td style="border:1px solid #000">');
    }
    return td(String(v), attrs);
  };
  const table = (inner: string, head = "") =>
    `<table cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;font-size:${pt}pt">${head}<tbody>${inner}</tbody></table>`;

  // 二: sub-tables stacked, 4 columns wide (2019: up to 3 value columns as well).
  const t2 = model.table("二");
  const width = Math.max(...t2.blocks!.map((b) => b.columns.length)) + 1;
  const span = (i: number, n: number) =>
    i === n - 1 && n < width - 1 ? ` colspan="${width - n}"` : "";
  let rows2 = "";
  for (const block of t2.blocks!) {
    rows2 += `<tr>${td(block.heading, ` colspan="${width}"`)}</tr>`;
    rows2 += `<tr>${td(block.corner)}${block.columns.map((c, i) => td(model.column("二", c).label, span(i, block.columns.length))).join("")}</tr>`;
    for (const key of block.rows) {
      const cols = model.columnsOf("二", key);
      rows2 += `<tr>${td(model.row("二", key).label)}${cols.map((c, i) => value("二", key, c, span(i, cols.length))).join("")}</tr>`;
    }
  }

  // 三: the header block over three label columns, then the body rows with their group labels merged vertically.
  const t3 = model.table("三");
  const label = options.labelWidth ?? 40;
  const colgroup = `<colgroup><col width="${label * 0.2}%"><col width="${label * 0.3}%"><col width="${label * 0.5}%">${t3.columns.map(() => `<col width="${(100 - label) / 7}%">`).join("")}</colgroup>`;
  const head3 =
    `<tr>${td(t3.corner!, ' colspan="3" rowspan="3"')}${td("申请人情况", ' colspan="7"')}</tr>` +
    `<tr>${td("自然人", ' rowspan="2"')}${td("法人或其他组织", ' colspan="5"')}${td("总计", ' rowspan="2"')}</tr>` +
    `<tr>${["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map((x) => td(x)).join("")}</tr>`;
  let body3 = "";
  const seen = new Set<string>();
  for (const row of t3.rows) {
    let cells = "";
    const groups = row.groups ?? [];
    groups.forEach((g, depth) => {
      if (seen.has(g)) return;
      seen.add(g);
      const n = t3.rows.filter((x) => (x.groups ?? [])[depth] === g).length;
      cells += td(g, ` rowspan="${n}"`);
    });
    const labelSpan = 3 - groups.length;
    cells += td(row.label, labelSpan > 1 ? ` colspan="${labelSpan}"` : "");
    cells += t3.columns.map((c) => value("三", row.key, c.key)).join("");
    body3 += `<tr>${cells}</tr>`;
  }
  const table3 = options.repeatHeader
    ? `<table cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;font-size:${pt}pt">${colgroup}<thead>${head3}</thead><tbody>${body3}</tbody></table>`
    : `<table cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;font-size:${pt}pt">${colgroup}<tbody>${head3}${body3}</tbody></table>`;

  // 四: two header rows of groups, one of columns, one row of 15 values.
  const t4 = model.table("四");
  const heads = t4.columns.map((c) => c.label);
  const rows4 =
    `<tr>${td("行政复议", ' colspan="5"')}${td("行政诉讼", ' colspan="10"')}</tr>` +
    `<tr>${heads.map((x) => td(x, ' rowspan="2"')).join("")}${td("未经复议直接起诉", ' colspan="5"')}${td("复议后起诉", ' colspan="5"')}</tr>` +
    `<tr>${[...heads, ...heads].map((x) => td(x)).join("")}</tr>` +
    `<tr>${t4.rows.flatMap((row) => t4.columns.map((c) => value("四", row.key, c.key))).join("")}</tr>`;

  const filler = Array.from(
    { length: options.fillerBefore三 ?? 0 },
    (_, i) =>
      `<p style="text-indent:2em">（${i + 1}）本机关严格落实政府信息公开申请办理工作规范，做好登记、审核、答复等各个环节的工作，按时答复申请人。</p>`
  ).join("");
  const overview = (
    options.overview ?? [
      "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
    ]
  )
    .map((s) => `<p style="text-indent:2em">${s}</p>`)
    .join("");
  const page = landscape ? "29.7cm 21cm" : "21cm 29.7cm";
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${options.title}</title>
<style>@page { size: ${page}; margin: 2cm } body { font-family: "宋体", serif; font-size: 12pt }</style></head>
<body>
<p style="text-align:center;font-size:18pt"><b>${options.title}</b></p>
<p>一、总体情况</p>${overview}
<p>二、主动公开政府信息情况</p>
${table(rows2)}
<p>三、收到和处理政府信息公开申请情况</p>${filler}
${table3}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
${table(rows4)}
<p>五、存在的主要问题及改进情况</p><p style="text-indent:2em">政务公开工作还存在一些不足，下一步将继续改进。</p>
<p>六、其他需要报告的事项</p><p style="text-indent:2em">本年度未收取信息处理费。</p>
</body></html>
`;
}
