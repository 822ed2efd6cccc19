import assert from "node:assert/strict";
import {
  droppedFromCompact,
  isDigit,
  isHan,
  isLatinLetter,
  nfkc,
  whitespace,
  without,
} from "../../src/chars";
import fc from "fast-check";
import { normalizeText } from "../../src/importers/normalize";

/**
 * The fast character classes (src/chars.ts) stand in for regular expressions in loops over every character of a
 * report: each must answer exactly as its expression does, or a label or a number would be read differently.
 */
describe("character classes in their fast form", () => {
  const classes: [string, (code: number) => boolean, RegExp][] = [
    ["whitespace", whitespace, /\s/],
    ["isDigit", isDigit, /[0-9]/],
    ["isLatinLetter", isLatinLetter, /[A-Za-z]/],
    ["isHan", isHan, /[\u3400-\u9fff\uf900-\ufaff]/],
    ["droppedFromCompact", droppedFromCompact, /[\s|“”"‘’'「」『』\u200b]/],
  ];
  for (const [name, fast, slow] of classes)
    it(`${name} answers as ${slow.source} for every UTF-16 code unit`, () => {
      const differ: string[] = [];
      for (let code = 0; code <= 0xffff; code++)
        if (fast(code) !== slow.test(String.fromCharCode(code))) differ.push(code.toString(16));
      assert.deepEqual(differ, []);
    });

  it("without() removes exactly the characters named, keeping the rest in order", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        assert.equal(without(s, whitespace), s.replace(/\s/g, ""));
      })
    );
    const same = "本年新收";
    assert.equal(without(same, whitespace), same);
  });
});

/**
 * A report's text is asked for its NFKC form by the reader and by several checks; nfkc() skips the pass for the text
 * normalizeText has just made. A wrong skip would search a text that is not in NFKC: labels with full-width digits or
 * a combining mark after a letter would then not be found.
 */
describe("NFKC remembered for the last text", () => {
  const piece = fc.constantFrom(
    "政务",
    "ａ",
    "１２",
    "a",
    "e",
    "\u0301",
    "\ufffd",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\t",
    "（一）",
    "ﾊﾟ",
    "\ud800",
    "㈠",
    " "
  );
  const text = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(""));

  it("nfkc() equals String.prototype.normalize in any order of calls, after any text normalizeText made", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), text), { maxLength: 8 }), (calls) => {
        for (const [viaImporter, t] of calls) {
          // Long enough for normalizeText's full path (short texts are cached by value).
          const s = viaImporter ? normalizeText(t + "。".repeat(70)) : t;
          assert.equal(nfkc(s), s.normalize("NFKC"));
        }
      }),
      { numRuns: 3000 }
    );
  });
});
