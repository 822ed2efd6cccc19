import assert from "node:assert/strict";
import { parseDocument } from "htmlparser2";
import { expandTable, parseHtml, readHtml } from "../../src/importers/html";
import { fixture } from "./helpers";

/** HTML pages: tables expanded into grids, fed through the same matcher as text. */

describe("importers: HTML tables", () => {
  it("expands rowspan and colspan into a grid (each cell once at its origin)", () => {
    const doc = parseDocument(
      `<table><tr><td rowspan="2" colspan="2">A</td><td>B</td></tr><tr><td>C</td></tr><tr><td>D</td><td colspan="2">E&nbsp;F</td></tr></table>`
    );
    const table = doc.children[0] as unknown as Parameters<typeof expandTable>[0];
    const grid = expandTable(table);
    assert.deepEqual(
      grid.map((r) => r.map((c) => `${c.text}${c.origin ? "" : "'"}`)),
      [
        ["A", "A'", "B"],
        ["A'", "A'", "C"],
        ["D", "E F", "E F'"],
      ]
    );
  });

  it("003.html: three tables; table 三 is 28 rows × 10 columns once expanded", () => {
    const page = parseHtml(fixture("003.html").toString("utf8"));
    assert.equal(page.grids.length, 3);
    const t3 = page.grids[1];
    assert.equal(t3.length, 28);
    assert.ok(
      t3.every((r) => r.length === 10),
      t3.map((r) => r.length).join(",")
    );
    assert.equal(t3[3][3].text, "217");
    assert.equal(t3[4][0].text, "二、上年结转政府信息公开申请数量");
    // 三、本年度办理结果 spans the result rows: repeated (not origin) below its first row
    assert.equal(t3[6][0].text.replace(/\s/g, ""), "三、本年度办理结果");
    assert.equal(t3[6][0].origin, false);
    assert.match(page.title ?? "", /^平潭综合实验区2024年度政府信息公开工作年度报告/);
    // The tables are tables of the document, in reading order; their words are not paragraphs.
    const blocks = page.document.blocks;
    assert.deepEqual(
      blocks.filter((b) => b.kind === "table").map((b) => b.kind === "table" && b.table.rows),
      page.grids.map((g) => g.length)
    );
    assert.ok(
      blocks.every(
        (b) => b.kind !== "paragraph" || !b.text.includes("本年新收政府信息公开申请数量")
      )
    );
    const row = blocks
      .flatMap((b) => (b.kind === "table" ? [b.table] : []))[1]
      .cells.filter((c) => c.row === 3)
      .map((c) => c.text.replace(/\s/g, ""));
    assert.deepEqual(row.slice(-7), ["217", "1", "0", "0", "0", "0", "218"]);
  });

  it("scripts are not text; entities are decoded; nested layout tables are containers", () => {
    const html = `<html><head><title>某某镇2022年政府信息公开工作年度报告</title><script>var t="<table><tr><td>9</td></tr></table>"</script></head>
      <body><table><tr><td><p>二、主动公开政府信息情况</p>
      <table><tr><td colspan="4">第二十条第（一）项</td></tr>
      <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>规章</td><td>&nbsp;0&nbsp;</td><td>0</td><td>0</td></tr>
      <tr><td>行政规范性文件</td><td>1</td><td>2</td><td>３</td></tr></table>
      </td></tr></table></body></html>`;
    const r = readHtml(html);
    assert.ok(r.ok);
    assert.equal(r.report.year, 2022);
    assert.equal(r.report.agency, "某某镇");
    assert.equal(r.report.values.get("二:normativeDocs:inForce"), 3);
    assert.equal(r.report.values.get("二:rules:issued"), 0);
    assert.ok(!r.report.text!.includes("var t"));
  });

  it("a page without tables or report words is not a report", () => {
    const r = readHtml("<html><body><p>Hello</p></body></html>");
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /没有找到年报统计表/);
  });
});
