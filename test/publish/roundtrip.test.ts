import assert from "node:assert/strict";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat } from "../../src/format";
import { importBytes } from "../../src/importers/registry";
import { importFile } from "../../src/importers";
import { join } from "node:path";
import {
  preparePublication,
  printedTable,
  renderPublication,
  type Publication,
} from "../../src/publish";
import type { Report } from "../../src/report";
import { readValue } from "../../src/values";
import { consistentReport, FORMATS } from "../helpers/reports";
import { readDocxBody, spannedCells, tablesOf } from "./docx-read";

/**
 * The promise of publishing: what reaches the web is exactly what was checked. Random consistent reports of both
 * formats are published and read back — the web page and the pasted fragment by our HTML importer (importBytes), the
 * Word document by reading its w:tbl grids (gridSpan/vMerge) — and must give every cell exactly, with no import note,
 * no warning about the text and no finding the published report did not have. (The .docx through our Word importer: docx-import-roundtrip.test.ts.)
 */

const AGENCIES = [undefined, "某市某区司法局", "某省交通运输厅", "某县人民政府办公室"];

/** The clerk's own text for 五 and 六 (the parts Nianbao does not write). */
const CLERK_TEXT = [
  "五、存在的主要问题及改进情况",
  "一是政府信息公开平台栏目更新不够及时；二是依申请公开答复的规范性有待提高。下一步将加强培训。",
  "六、其他需要报告的事项",
  "本年度未收取信息处理费。",
].join("\n");

const publishedArb = fc
  .tuple(fc.constantFrom(...FORMATS), fc.constantFrom(...AGENCIES))
  .chain(([format, agency]) =>
    consistentReport(format).map((r): Report => ({
      ...r,
      ...(agency ? { agency } : {}),
      text: CLERK_TEXT,
    }))
  );

/** Findings about the text (numbers quoted, sections, the fee) or the import (labels, strays, format guesses). */
const aboutTextOrImport = (rule: string) =>
  rule.startsWith("I-") ||
  rule.startsWith("W-TEXT") ||
  rule.startsWith("W-SECTION") ||
  rule === "W-FEE-NOT-REPORTED";

function publish(report: Report): Publication {
  const prepared = preparePublication(report);
  assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.errors));
  return prepared.publication;
}

/** Every cell of the report, as a number, compared with what was read back. */
function assertSameCells(original: Report, back: Report) {
  const model = getFormat(original.format);
  assert.equal(back.format, original.format);
  for (const ref of model.cells) {
    const id = cellId(ref);
    const expected = readValue(original.values.get(id) ?? null).value;
    const got = back.values.has(id) ? readValue(back.values.get(id) ?? null) : undefined;
    assert.ok(got, `${model.cellName(ref)} was not read back`);
    assert.equal(got.value, expected, `${model.cellName(ref)}: ${got.value} ≠ ${expected}`);
  }
}

describe("publish: round trip of the published documents", function () {
  this.timeout(120_000);

  it("the web page, read back by the HTML importer, gives every cell exactly, with no import note and no new warning", async () => {
    await fc.assert(
      fc.asyncProperty(publishedArb, async (report) => {
        const p = publish(report);
        const back = await importBytes("年报.html", await renderPublication(p, "html"));
        assert.ok(back.ok, !back.ok ? back.error : "");
        assertSameCells(report, back.report);
        assert.deepEqual(back.report.notes ?? [], []);
        assert.equal(back.report.year, report.year);
        if (report.agency) assert.equal(back.report.agency, report.agency);
        // The same findings as the report published (a 规章 warning for a county body stays), none added by the trip.
        const rules = (r: Report) => confront(r, { localize: false }).findings.map((f) => f.rule);
        assert.deepEqual(rules(back.report), rules(p.report));
        assert.deepEqual(rules(back.report).filter(aboutTextOrImport), []);
      }),
      { numRuns: 40 }
    );
  });

  it("the pasted fragments (whole report, tables alone), read back by the HTML importer, give every cell exactly", async () => {
    await fc.assert(
      fc.asyncProperty(publishedArb, async (report) => {
        const p = publish(report);
        for (const kind of ["fragment", "tables"] as const) {
          const back = await importBytes("fragment.html", await renderPublication(p, kind));
          assert.ok(back.ok, !back.ok ? back.error : "");
          assertSameCells(report, back.report);
          assert.deepEqual(back.report.notes ?? [], [], kind);
        }
      }),
      { numRuns: 20 }
    );
  });

  for (const file of ["001.txt", "003.html", "seed-000_26925f727e4ff8e1.txt"])
    it(`a real published report (corpus ${file}) re-published as a page, with its own text, reads back to the same cells`, async () => {
      const read = await importFile(join(__dirname, "../fixtures/corpus", file));
      assert.ok(read.ok);
      const p = publish(read.report);
      assert.ok(p.sections[0].paragraphs.length > 2, "the clerk's 一 text is kept");
      const back = await importBytes("年报.html", await renderPublication(p, "html"));
      assert.ok(back.ok, !back.ok ? back.error : "");
      assertSameCells(p.report, back.report);
      assert.deepEqual(back.report.notes ?? [], []);
      const rules = (r: Report) => confront(r, { localize: false }).findings.map((f) => f.rule);
      assert.deepEqual(rules(back.report), rules(p.report));
    });

  it("the Word document holds every cell's number in the cell the template has for it (w:tbl read back)", async () => {
    await fc.assert(
      fc.asyncProperty(publishedArb, async (report) => {
        const p = publish(report);
        const body = await readDocxBody(await renderPublication(p, "docx"));
        const tables = tablesOf(body);
        assert.equal(tables.length, 3);
        const model = getFormat(report.format);
        let read = 0;
        model.tables.forEach((t, i) => {
          const at = new Map(spannedCells(tables[i]).map((c) => [`${c.row}:${c.col}`, c.text]));
          for (const c of printedTable(report.format, t.id).cells) {
            const text = at.get(`${c.row}:${c.col}`);
            if (!c.ref) {
              assert.equal(text, c.text);
              continue;
            }
            const expected = readValue(report.values.get(cellId(c.ref)) ?? null).value;
            assert.equal(Number(text), expected, model.cellName(c.ref));
            assert.match(text!, /^-?\d+(\.\d+)?$/);
            read++;
          }
        });
        assert.equal(read, model.cells.length);
      }),
      { numRuns: 15 }
    );
  });

  it("the Word document's text is the publication's text: title, headings and generated sentences", async () => {
    await fc.assert(
      fc.asyncProperty(publishedArb, async (report) => {
        const p = publish(report);
        const body = await readDocxBody(await renderPublication(p, "docx"));
        const paragraphs = body.blocks
          .flatMap((b) => (b.kind === "paragraph" ? [b.text] : []))
          .filter(Boolean);
        assert.deepEqual(paragraphs, p.report.text!.split("\n"));
        // And that text passes every text check against the tables.
        const findings = confront(p.report, { localize: false }).findings;
        assert.deepEqual(findings.map((f) => f.rule).filter(aboutTextOrImport), []);
      }),
      { numRuns: 10 }
    );
  });
});
