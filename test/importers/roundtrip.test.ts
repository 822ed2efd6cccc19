import assert from "node:assert/strict";
import fc from "fast-check";
import { confront } from "../../src/check";
import { getFormat, type FormatId } from "../../src/format";
import { readHtml } from "../../src/importers/html";
import { readText } from "../../src/importers/text";
import type { Report } from "../../src/report";
import { LAYOUTS, randomReport, render, rng, type Layout, type Values } from "./render";

/**
 * Round trip: a consistent random report, printed in each layout published pages use, read back. Every cell must come
 * back with its value, or be flagged uncertain — never a silently different number.
 */

function readBack(format: FormatId, values: Values, layout: Layout, seed: number): Report {
  const text = render(format, values, layout, rng(seed ^ 0x5bd1e995));
  const r = layout === "html" ? readHtml(text) : readText(text);
  if (!r.ok) throw new Error(`${layout}: ${r.error}`);
  return r.report;
}

function silentDifferences(report: Report, values: Values): string[] {
  const out: string[] = [];
  for (const [id, want] of values) {
    const got = report.values.get(id);
    if (got === want) continue;
    if (report.uncertain?.has(id)) continue;
    out.push(`${id}: got ${JSON.stringify(got)}, want ${want}`);
  }
  return out;
}

describe("importers: round trip through every layout (property)", function () {
  this.timeout(120_000);
  for (const format of ["2021", "2019"] as const) {
    for (const layout of LAYOUTS) {
      it(`${format} format, ${layout}: same values, or the cell is flagged uncertain`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
            const values = randomReport(format, seed);
            const report = readBack(format, values, layout, seed);
            assert.equal(report.format, format);
            assert.equal(report.year, 2022);
            assert.equal(report.values.size, getFormat(format).cells.length, "every cell read");
            assert.deepEqual(silentDifferences(report, values), []);
            // A consistent report stays consistent where nothing was guessed in the ruled tables.
            if (![...(report.uncertain ?? [])].some((id) => !id.startsWith("二")))
              assert.deepEqual(
                confront(report, { localize: false })
                  .errors()
                  .map((e) => e.rule),
                []
              );
            // Guesses are explained.
            if (report.uncertain?.size)
              assert.ok(report.notes!.some((n) => n.code === "I-UNCERTAIN"));
          }),
          { numRuns: layout === "flattened" ? 80 : 30 }
        );
      });
    }
  }

  it("delimited layouts (pipes, markdown, one cell per line, paragraphs, HTML) are read without any guess", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom<Layout>("pipes", "markdown", "cellPerLine", "paragraphs", "html"),
        (seed, layout) => {
          const values = randomReport("2021", seed);
          const report = readBack("2021", values, layout, seed);
          assert.deepEqual([...(report.uncertain ?? [])], []);
          for (const [id, want] of values) assert.equal(report.values.get(id), want, id);
        }
      ),
      { numRuns: 40 }
    );
  });

  it("flattened: the rules pin table 三 and 四 in most reports (guesses stay the exception)", () => {
    let unsure3 = 0;
    let cells3 = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const values = randomReport("2021", seed);
      const report = readBack("2021", values, "flattened", seed);
      for (const id of values.keys())
        if (!id.startsWith("二")) (cells3++, report.uncertain?.has(id) && unsure3++);
    }
    assert.ok(unsure3 / cells3 < 0.05, `${unsure3} of ${cells3} cells of tables 三/四 uncertain`);
  });
});
