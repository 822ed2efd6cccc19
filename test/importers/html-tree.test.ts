import assert from "node:assert/strict";
import fc from "fast-check";
import { getFormat, type FormatId } from "../../src/format";
import { parseHtml, readHtml } from "../../src/importers/html";
import { squash, tidy } from "../../src/importers/whitespace";
import { readDocument } from "../../src/importers/document";
import { agencyHtml, type PrintedValues } from "./agency-html";
import { domhandlerContent } from "./html-dom-oracle";
import { randomReport, renderHtml } from "./render";
import { fixture } from "./helpers";

/**
 * The HTML reader builds its own light tree from htmlparser2's tokenizer instead of domhandler's DOM (it costs a
 * fraction). A clerk must not see any difference: for every page — report pages written the way agencies write them,
 * with attributes, layout tables, comments, scripts, entities, <br>, blank cells, and tag soup — the page read
 * (title, grids, paragraphs, tables cell by cell) and the report imported from it are those of domhandler's DOM.
 */

/** Pieces agencies' pages (and their CMS templates) put between tags. */
const PIECES = [
  "<!-- <table><tr><td>9</td></tr></table> -->",
  '<script type="text/javascript">var s = "<td colspan=2>1</td></table>"; if (a < b) {}</script>',
  "<style>td { border: 1px solid } p > b {}</style>",
  "&nbsp;",
  "&amp;&lt;&gt;&#x4e00;&#20108;&quot;&ensp;&emsp;&nbsp",
  "<br>",
  "<br/>",
  "</br>",
  "</p>",
  "<p>",
  "<p style='text-indent:2em'>说明：本年度无收费。</p>",
  '<span style="font-family:宋体">文字</span>',
  "<b>",
  "</b>",
  "<font size=3>",
  "</font>",
  "<td>",
  "</td>",
  "<tr>",
  "</tr>",
  '<td colspan="2" rowspan="2">合</td>',
  '<TD COLSPAN=&#50; ROWSPAN="x" colspan="9">大写</TD>',
  "<th rowspan=3>表头</th>",
  "<td/>",
  "<tbody>",
  "<thead>",
  "<tfoot>",
  "</tbody>",
  "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>3</td></tr></table>",
  "<table>",
  "</table>",
  "<noscript><table><tr><td>7</td></tr></table></noscript>",
  "<select><option>1<option>2</select>",
  "<button>按钮</button>",
  "<svg><path d='M0'/><title>图</title></svg>",
  "<math><mi/><mo>+</mo></math>",
  "<svg/>",
  "<math><mspace/>式</math>",
  '<svg viewBox="0 0 1 1"/>',
  "<textarea><p>不是段落</p></textarea>",
  "<title>另一个&amp;标题</title>",
  "<head><title>头</title><meta charset=utf-8></head>",
  "<![CDATA[ <td>5</td> ]]>",
  "<?xml version='1.0'?>",
  "<!DOCTYPE html>",
  "<li>条目",
  "<ul><li>一<li>二</ul>",
  "<dl><dt>发布日期：<dd>2024-01-20</dl>",
  "<h2>三、收到和处理政府信息公开申请情况</h2>",
  "<hr>",
  "<img src=a.png alt='<td>'>",
  "<div>",
  "</div>",
  "<center>",
  "<iframe src=x></iframe>",
  "<template><td>8</td></template>",
  "<table><tr><td>发布日期：</td><td>2024-01-20</td><td>成文日期</td><td>2024-01-18</td></tr></table>",
  "&notit; &notin &not &amp &ampx &#38 &#x26 &#128; &#0; &#xD800; &#x110000; &#; &#x; & ; &AMP &Amp; &copy=1",
  "<td colspan=\"&#50\">甲</td><td colspan=&#51 rowspan='&#50;&not'>乙</td>",
  '<td colspan="2&amp">丙</td><td rowspan="&notin">丁</td><td COLSPAN=3&amp;>戊</td>',
  "<title>标题&amp 甲 &notin 乙 &#128</title>",
  "<textarea>&amp;&lt;p&gt;</textarea>",
  "<xmp>&lt;td&gt;<td></xmp>",
  "<script/>脚本后 &amp; 文字",
  "<SCRIPT>var a = '&amp;';</SCRIPT>",
  "<title/>&amp;标题后",
  "<STYLE>td{}</STYLE>",
  "\n\n\n",
  "\u3000\u3000",
  " \t ",
  "<p>\u00a0</p>",
  "<table><tr><td><table><tr><td>内</td></tr></table></td><td>外</td></tr></table>",
];

const TAIL = [
  "&not",
  "&#12",
  "&amp",
  "<title>&amp",
  "<td colspan=&#50",
  "",
  '<td colspan="2',
  "<p",
  "<!-- 未完",
  "<script>var x",
  "</di",
  "&am",
];

/** A report page: the project's renderer or an agency's, in either format. */
const reportPage = fc
  .record({
    format: fc.constantFrom<FormatId>("2021", "2019"),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    agency: fc.boolean(),
    blanks: fc.double({ min: 0, max: 0.5, noNaN: true }),
    portrait: fc.boolean(),
  })
  .map(({ format, seed, agency, blanks, portrait }) => {
    const values = randomReport(format, seed);
    if (!agency) return renderHtml(getFormat(format), values);
    let k = seed;
    const printed: PrintedValues = new Map();
    for (const [id, v] of values) {
      k = (k * 1103515245 + 12345) % 2147483648;
      printed.set(id, k / 2147483648 < blanks ? null : v);
    }
    return agencyHtml(printed, {
      format,
      title: `某县某镇${format === "2021" ? 2023 : 2020}年政府信息公开工作年度报告`,
      orientation: portrait ? "portrait" : "landscape",
      fillerBefore三: seed % 4,
    });
  });

/** The page with pieces put in at tag boundaries, attributes added to its cells, maybe wrapped in layout tables. */
const page = fc
  .record({
    html: reportPage,
    inserts: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES)), { maxLength: 12 }),
    attributes: fc.boolean(),
    wrap: fc.nat({ max: 3 }),
    tail: fc.constantFrom(...TAIL),
    upper: fc.boolean(),
  })
  .map(({ html, inserts, attributes, wrap, tail, upper }) => {
    let out = html;
    if (attributes) out = out.replace(/<td/g, '<td class="x" style="border:1px &amp; solid"');
    if (upper)
      out = out.replace(
        /<(\/?)(td|tr|p)\b/g,
        (_, s: string, t: string) => `<${s}${t.toUpperCase()}`
      );
    for (const [at, piece] of inserts) {
      const tags = [...out.matchAll(/</g)];
      const i = tags.length ? tags[at % tags.length].index! : 0;
      out = out.slice(0, i) + piece + out.slice(i);
    }
    for (let i = 0; i < wrap; i++)
      out = out.replace(/<body>/i, `<body><table width="100%"><tr><td class="layout">`);
    return out + tail;
  });

/** Tag soup: the pieces in any order. */
const soup = fc
  .array(fc.constantFrom(...PIECES, "本年新收", "12", "政府信息公开"), { maxLength: 60 })
  .map((xs) => xs.join(""));

function sameAsDom(html: string): void {
  const read = parseHtml(html);
  assert.deepEqual(read, domhandlerContent(html));
  // And so the same report (compared through what a clerk is shown: values, notes, text, title facts).
  assert.deepEqual(readHtml(html), readDocument(domhandlerContent(html).document));
}

describe("importers: the HTML reader's own tree", () => {
  it("003.html and pages nested over 512 deep: read exactly as through domhandler's DOM", () => {
    sameAsDom(fixture("003.html").toString("utf8"));
    const inner = "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>";
    // Pages of fewer than 3,000 tags are never cut: these have more. <html><body> and n elements: n + 2 levels.
    const many = "<b>粗</b>".repeat(1600);
    for (const tag of ["div", "table", "span", "td", "p", "li"])
      for (const n of [509, 510, 511, 512, 600])
        sameAsDom(
          `<html><body>${many}${`<${tag}>文`.repeat(n)}${`</${tag}>`.repeat(n)}${inner}</body></html>`
        );
    // Nested 513 deep, the <noscript> around it is cut and its text read; 512 deep, it is not (a void element's level
    // counts too, as in domhandler).
    for (const n of [510, 511, 512, 513]) {
      sameAsDom(`${many}<noscript>${"<div>".repeat(n)}文字</noscript>${inner}`);
      sameAsDom(`${many}<noscript>${"<div>".repeat(n)}<br>文字</noscript>${inner}`);
    }
  });

  it("report pages with attributes, layout tables, comments, scripts, entities, <br>, blank cells: the same page and report", () => {
    fc.assert(fc.property(page, sameAsDom), { numRuns: 150 });
  });

  it("tag soup: the same page", () => {
    fc.assert(
      fc.property(soup, (html) => assert.deepEqual(parseHtml(html), domhandlerContent(html))),
      { numRuns: 2000 }
    );
  });

  it("text is tidied as the regular expressions did: spaces, line ends, full-width and odd whitespace", () => {
    const chars = fc.constantFrom(
      " ",
      "\n",
      "\t",
      "\u00a0",
      "\u3000",
      "\r",
      "\u2003",
      "\ufeff",
      "\f",
      "文",
      "1",
      "|"
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (xs) => {
        const s = xs.join("");
        assert.equal(
          tidy(s),
          s
            .replace(/[ \t\u00a0\u3000]+/g, " ")
            .replace(/ *\n */g, "\n")
            .replace(/\n{3,}/g, "\n\n")
            .trim()
        );
        assert.equal(squash(s), s.replace(/[\s\u00a0\u3000]+/g, " ").trim());
      }),
      { numRuns: 5000 }
    );
  });
});
