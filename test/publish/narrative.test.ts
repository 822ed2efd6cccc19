import assert from "node:assert/strict";
import fc from "fast-check";
import { confront } from "../../src/check";
import { cellId, getFormat, type FormatId } from "../../src/format";
import {
  appealsOpening,
  appealsSentence,
  applicationsOpening,
  factsOf,
  requestsSentence,
  type Facts,
} from "../../src/publish/narrative";
import type { Report } from "../../src/report";
import { compactText, extractStatements } from "../../src/text-checks";
import { consistentReport, FORMATS, withCells, ref } from "../helpers/reports";

/**
 * Each generated sentence, with random numbers from random consistent reports: the text check (W-TEXT-NUMBER) reads
 * every number it quotes as the count it is and finds nothing to warn about; and the same sentence with one number
 * changed is caught, so the check would see a sentence that disagreed with the tables.
 */

const TEMPLATES: [string, (f: Facts) => string][] = [
  ["requests (一、总体情况)", requestsSentence],
  ["appeals (一、总体情况)", appealsSentence],
  ["三's opening", applicationsOpening],
  ["四's opening", appealsOpening],
];

const value = (report: Report) => (c: Parameters<typeof cellId>[0]) =>
  report.values.get(cellId(c)) as number;

/** A report text with the six headings and `overview` as 一、总体情况 (where the text check reads counts). */
function textWith(format: FormatId, overview: string): string {
  const [one, ...rest] = getFormat(format).decl.sections;
  return [one, overview, ...rest.map((h) => `${h}\n本部分略。`)].join("\n");
}

const textFindings = (report: Report, overview: string) =>
  confront({ ...report, text: textWith(report.format, overview) }, { localize: false }).byRule(
    "W-TEXT-NUMBER"
  );

describe("publish: narrative sentences written from the tables", () => {
  for (const format of FORMATS)
    for (const [name, template] of TEMPLATES)
      it(`${format}: the ${name} sentence quotes only numbers the tables give (random reports)`, () => {
        fc.assert(
          fc.property(
            consistentReport(format),
            fc.option(fc.integer({ min: 2019, max: 2030 })),
            (report, year) => {
              const r = { ...report, year: year ?? undefined };
              const sentence = template(factsOf(format, value(r), r.year));
              assert.deepEqual(textFindings(r, sentence), [], sentence);
            }
          ),
          { numRuns: 60 }
        );
      });

  it("every sentence is read as what it says: received, carried over, handled, each result, carried forward, review, suits", () => {
    fc.assert(
      fc.property(consistentReport("2021"), (report) => {
        const f = factsOf("2021", value(report), 2023);
        const said = new Map(
          extractStatements(compactText(requestsSentence(f)), 2023).map((s) => [s.kind, s.value])
        );
        assert.equal(said.get("received"), f.received);
        assert.equal(said.get("carriedOver"), f.carriedOver);
        assert.equal(said.get("handled"), f.handled);
        assert.equal(said.get("granted"), f.results[0].count);
        assert.equal(said.get("partial"), f.results[1].count);
        assert.equal(said.get("denied"), f.results[2].count);
        assert.equal(said.get("unable"), f.results[3].count);
        assert.equal(said.get("ignored"), f.results[4].count);
        assert.equal(said.get("carriedForward"), f.carriedForward);
        const appeals = new Map(
          extractStatements(compactText(appealsSentence(f)), 2023).map((s) => [s.kind, s.value])
        );
        assert.equal(appeals.get("review"), f.review);
        assert.equal(appeals.get("suit"), f.suits);
        const opening3 = new Map(
          extractStatements(compactText(applicationsOpening(f)), 2023).map((s) => [s.kind, s.value])
        );
        assert.equal(opening3.get("received"), f.received);
        assert.equal(opening3.get("carriedOver"), f.carriedOver);
        assert.equal(opening3.get("carriedForward"), f.carriedForward);
        const opening4 = new Map(
          extractStatements(compactText(appealsOpening(f)), 2023).map((s) => [s.kind, s.value])
        );
        assert.equal(opening4.get("review"), f.review);
        assert.equal(opening4.get("suit"), f.suits);
      }),
      { numRuns: 40 }
    );
  });

  it("a sentence left unchanged after a table number changed is caught by the text check", () => {
    fc.assert(
      fc.property(consistentReport("2021"), fc.integer({ min: 1, max: 9 }), (report, delta) => {
        const sentence = [
          requestsSentence(factsOf("2021", value(report), report.year)),
          appealsSentence(factsOf("2021", value(report), report.year)),
        ].join("");
        // The clerk corrects （一）予以公开 in the table (and its totals) but not the text.
        const granted = value(report)(ref("三", "granted", "total")) + delta;
        const changed = withCells(report, [[ref("三", "granted", "total"), granted]]);
        const found = textFindings(changed, sentence);
        assert.equal(found.length, 1);
        assert.equal(found[0].expected, granted);
      }),
      { numRuns: 30 }
    );
  });

  it("names the results as the format does: the 2019 format's single （六）其他处理 and the 2021 format's three rows sum alike", () => {
    for (const format of FORMATS) {
      const f = factsOf(format, () => 1);
      assert.deepEqual(
        f.results.map((r) => r.name),
        ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
      );
      assert.equal(f.results[5].count, format === "2021" ? 3 : 1);
      assert.equal(f.results[2].count, 8);
    }
  });
});
