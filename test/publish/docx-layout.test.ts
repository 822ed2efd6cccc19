import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { publicationDocx } from "../../src/publish/docx";
import { preparePublication, type Publication } from "../../src/publish";
import { getFormat } from "../../src/format";
import { sampleReport } from "../helpers/reports";
import { readDocxBody, spannedCells, tablesOf, type DocxTable } from "./docx-read";

/**
 * The Word document's tables are laid out as the official template lays them out: the template's own file
 * (template-2021.docx, 国办公开办函〔2021〕30号) is read with the same reader as ours, and every merged cell (gridSpan
 * across, vMerge down), every label and header text, and the grid are compared.
 */

const TEMPLATE = join(__dirname, "../fixtures/publish/template-2021.docx");
const blank = (s: string) => s.replace(/[\s\u3000]+/g, "") === "";

async function publication(format: "2021" | "2019"): Promise<Publication> {
  const prepared = preparePublication(sampleReport(format));
  assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.errors));
  return prepared.publication;
}

const merges = (t: DocxTable) =>
  spannedCells(t)
    .filter((c) => c.rowSpan > 1 || c.colSpan > 1)
    .map((c) => `R${c.row}C${c.col} ${c.rowSpan}×${c.colSpan}`)
    .sort();

describe("publish: the Word tables against the official template", () => {
  let ours: DocxTable[];
  let template: DocxTable[];
  let page: Awaited<ReturnType<typeof readDocxBody>>["page"];
  before(async () => {
    const body = await readDocxBody(await publicationDocx(await publication("2021")));
    ours = tablesOf(body);
    page = body.page;
    template = tablesOf(await readDocxBody(readFileSync(TEMPLATE)));
  });

  it("has the template's three tables with the same number of grid columns and rows", () => {
    assert.equal(template.length, 3);
    assert.equal(ours.length, 3);
    assert.deepEqual(
      ours.map((t) => [t.grid.length, t.rows.length]),
      template.map((t) => [t.grid.length, t.rows.length])
    );
    assert.deepEqual(
      ours.map((t) => t.grid.length),
      [4, 10, 15]
    );
  });

  for (const [i, name] of ["二", "三", "四"].entries())
    it(`merges the same header and label cells as the template in table ${name} (gridSpan and vMerge)`, () => {
      assert.deepEqual(merges(ours[i]), merges(template[i]));
    });

  for (const [i, name] of ["二", "三", "四"].entries())
    it(`prints every label of table ${name} where the template does, character for character, and a number in every entry cell`, () => {
      const at = new Map(spannedCells(ours[i]).map((c) => [`${c.row}:${c.col}`, c.text]));
      let labels = 0;
      let entries = 0;
      for (const c of spannedCells(template[i])) {
        const mine = at.get(`${c.row}:${c.col}`);
        if (blank(c.text)) {
          assert.match(mine ?? "", /^\d+(\.\d+)?$/, `entry R${c.row}C${c.col}`);
          entries++;
        } else {
          // The template breaks some headers over two paragraphs (商业 / 企业) to fit; the words are the same.
          assert.equal(mine, c.text.replace(/\n/g, ""), `label R${c.row}C${c.col}`);
          labels++;
        }
      }
      const model = getFormat("2021");
      assert.equal(entries, model.cells.filter((c) => c.table === name).length);
      assert.ok(labels > 0);
    });

  it("fits the tables on an A4 page: each as wide as the template's and within the text width", () => {
    assert.deepEqual([page.width, page.height], [11906, 16838]);
    const textWidth = page.width - page.left - page.right;
    for (const [i, t] of ours.entries()) {
      const sum = t.grid.reduce((s, w) => s + w, 0);
      assert.ok(sum <= textWidth, `table ${i}: ${sum} > ${textWidth}`);
      const templateSum = template[i].grid.reduce((s, w) => s + w, 0);
      assert.ok(Math.abs(sum - templateSum) <= 10, `table ${i}: ${sum} vs template ${templateSum}`);
    }
    // Table 三's label columns keep the template's proportions (the long labels need the third one).
    assert.deepEqual(ours[1].grid.slice(0, 3), template[1].grid.slice(0, 3));
  });

  it("writes the 2019 format's tables: table 二 with five sub-tables, table 三 with one （六）其他处理 row", async () => {
    const body = await readDocxBody(await publicationDocx(await publication("2019")));
    const [t2, t3, t4] = tablesOf(body);
    const texts2 = spannedCells(t2).map((c) => c.text);
    for (const heading of ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（九）项"])
      assert.ok(texts2.includes(heading), heading);
    assert.ok(texts2.includes("本年增/减") && texts2.includes("采购总金额"));
    assert.equal(t2.grid.length, 4);
    assert.equal(t3.rows.length, 3 + 23);
    const other = spannedCells(t3).find((c) => c.text === "（六）其他处理")!;
    assert.deepEqual([other.rowSpan, other.colSpan], [1, 2]);
    assert.deepEqual(merges(t4), merges(template[2]));
  });

  it("writes the title and the six section headings exactly as the format gives them, in order", async () => {
    const p = await publication("2021");
    const body = await readDocxBody(await publicationDocx(p));
    const paragraphs = body.blocks.flatMap((b) => (b.kind === "paragraph" ? [b.text] : []));
    assert.equal(paragraphs[0], "某市某区司法局2023年政府信息公开工作年度报告");
    const headings = paragraphs.filter((t) => /^[一二三四五六]、/.test(t));
    assert.deepEqual(headings, getFormat("2021").decl.sections);
    // Each table stands right after its section's heading and opening sentence.
    const order = body.blocks.map((b) => (b.kind === "table" ? "table" : b.text.slice(0, 2)));
    assert.deepEqual(
      order.filter((x) => x === "table" || /^[一二三四五六]、/.test(x)),
      ["一、", "二、", "table", "三、", "table", "四、", "table", "五、", "六、"]
    );
  });
});
