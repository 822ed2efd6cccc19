import assert from "node:assert/strict";
import fc from "fast-check";
import { getFormat, type FormatId } from "../../src/format";
import { readHtml } from "../../src/importers/html";
import { readPublishedText } from "../../src/importers/text";
import { confront } from "../../src/check";
import { randomReport, render, renderHtml, rng, type Values } from "./render";

/**
 * Properties of the grid reader (issue 8): a consistent report printed with blank cells anywhere — as an HTML page
 * (`<td><p>&nbsp;</p></td>` and `<td></td>`) or as pipe rows (`| 1 |  | 3 |`) — is read back with every value in its
 * place and every blank blank; sentences of a narrative that quote numbers never become table cells.
 */

/** A value no report holds, printed where a cell is to be left blank (then replaced by the blank). */
const BLANK = -987654;

function withBlanks(
  format: FormatId,
  seed: number,
  share: number
): { v: Values; blank: Set<string> } {
  const v = randomReport(format, seed);
  const r = rng(seed + 1);
  const blank = new Set<string>();
  for (const id of getFormat(format).ids)
    if (r() < share) {
      blank.add(id);
      v.set(id, BLANK);
    }
  return { v, blank };
}

function assertReadBack(
  read: Map<string, unknown>,
  v: Values,
  blank: Set<string>,
  format: FormatId
): void {
  for (const id of getFormat(format).ids) {
    // (A −0 drawn for 本年增/减 prints as 0.)
    const drawn = v.get(id);
    const expected = blank.has(id) ? null : Object.is(drawn, -0) ? 0 : drawn;
    assert.equal(read.get(id), expected, `${id}: expected ${expected}, read ${read.get(id)}`);
  }
}

describe("importers: grid reader properties", () => {
  for (const format of ["2021", "2019"] as const) {
    it(`a consistent ${format} report as an HTML page with random blank cells reads back exactly, blanks in place`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1e9 }),
          fc.double({ min: 0, max: 0.6, noNaN: true }),
          fc.boolean(),
          (seed, share, emptyTd) => {
            const { v, blank } = withBlanks(format, seed, share);
            const html = renderHtml(getFormat(format), v).replace(
              new RegExp(`<td([^>]*)><p>${BLANK}</p></td>`, "g"),
              emptyTd ? "<td$1></td>" : "<td$1><p>&nbsp;</p></td>"
            );
            const r = readHtml(html);
            assert.ok(r.ok);
            assert.equal(r.report.format, format);
            assertReadBack(r.report.values, v, blank, format);
            assert.equal(r.report.uncertain?.size ?? 0, 0, "nothing guessed");
          }
        ),
        { numRuns: 40 }
      );
    });

    it(`a consistent ${format} report as pipe rows with random blank cells reads back exactly, blanks in place`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1e9 }),
          fc.double({ min: 0, max: 0.6, noNaN: true }),
          fc.constantFrom("pipes" as const, "markdown" as const),
          (seed, share, layout) => {
            const { v, blank } = withBlanks(format, seed, share);
            const text = render(format, v, layout, rng(seed + 2))
              .split(String(BLANK))
              .join(" ");
            const r = readPublishedText(text);
            assert.ok(r.ok);
            assertReadBack(r.report.values, v, blank, format);
            // Blank cells are read as 0: only rows whose blanked cells were all 0 can hold; the report's hard errors
            // name only cells that were blanked (a printed blank), never a misplaced value.
            const errors = confront(r.report, { localize: false }).errors();
            for (const e of errors)
              assert.ok(
                e.cells.some((c) => blank.has(`${c.table}:${c.row}:${c.column}`)),
                `${e.rule} without a blank cell`
              );
          }
        ),
        { numRuns: 40 }
      );
    });
  }

  it("random narrative sentences quoting numbers never produce a table cell or a hard error", () => {
    const subjects = [
      "收到政府信息公开申请",
      "本年新收政府信息公开申请数量",
      "上年结转政府信息公开申请数量",
      "予以公开",
      "部分公开",
      "不予公开",
      "属于国家秘密",
      "本机关不掌握相关政府信息",
      "重复申请",
      "其他处理",
      "结转下年度继续办理",
      "行政复议",
      "行政诉讼",
      "结果维持",
      "结果纠正",
      "尚未审结",
      "自然人申请",
      "商业企业申请",
      "制发规章",
      "行政规范性文件",
      "行政许可",
      "行政处罚",
    ];
    const sentence = fc
      .array(
        fc.tuple(
          fc.constantFrom(...subjects),
          fc.integer({ min: 0, max: 999 }),
          fc.constantFrom("件", "项", "")
        ),
        { minLength: 1, maxLength: 6 }
      )
      .map(
        (parts) =>
          parts
            .map(([s, n, u]) => `${s}${n}${u}`)
            .join(fc.sample(fc.constantFrom("，", "，其中", "；", "、"), 1)[0]) + "。"
      );
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (sentences, headings) => {
          const body = headings
            ? [
                "一、总体情况",
                sentences.slice(0, 2).join(""),
                "二、主动公开政府信息情况",
                sentences.slice(2, 4).join(""),
                "三、收到和处理政府信息公开申请情况",
                sentences.slice(4, 6).join(""),
                "四、政府信息公开行政复议、行政诉讼情况",
                sentences.slice(6).join(""),
              ]
            : sentences;
          const text = ["某县2023年政府信息公开工作年度报告", ...body].join("\n");
          const r = readPublishedText(text);
          if (!r.ok) return; // "no table found" is an honest answer too
          assert.deepEqual([...r.report.values.keys()], [], text);
          assert.deepEqual(confront(r.report).errors(), []);
        }
      ),
      { numRuns: 300 }
    );
  });
});
