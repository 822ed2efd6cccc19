import assert from "node:assert/strict";
import {
  droppedFromCompact,
  isDigit,
  isHan,
  isLatinLetter,
  whitespace,
  without,
} from "../../src/chars";
import fc from "fast-check";

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
