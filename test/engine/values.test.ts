import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { getFormat } from "../../src/format";
import { formatFinding } from "../../src/messages";
import { readValue } from "../../src/values";
import { ref, sampleReport, withCells } from "../helpers/reports";

/**
 * How a cell's content is read: published reports write 0 as blank, "/", "—" or "无", numbers as text, in full-width
 * digits or with separators, and sometimes hold text or an Excel error. Each way must be read, and said, as what it is.
 */

const model = getFormat("2021");
const granted = ref("三", "granted", "natural"); // 31 in the sample report
const denySecret = ref("三", "denySecret", "natural"); // 0 in the sample report
const licensing = ref("二", "licensing", "decisions"); // 120, table 二 has no sums

describe("reading cell values", () => {
  describe("blank and placeholders: probably missing data, read as 0", () => {
    const placeholders: [string, string | null][] = [
      ["blank (null)", null],
      ["an empty string", ""],
      ["“/”", "/"],
      ["“—”", "—"],
      ["“——”", "——"],
      ["“无”", "无"],
    ];
    for (const [name, raw] of placeholders) {
      it(`${name} where 0 belongs is one W-BLANK warning, read as 0, and no error`, () => {
        const c = confront(withCells(sampleReport(), [[denySecret, raw]]));
        assert.deepEqual(c.errors(), [], "read as 0 the report still holds together");
        const [f] = c.byRule("W-BLANK");
        assert.equal(f.severity, "warning");
        assert.deepEqual(f.cells, [denySecret]);
        assert.equal(f.actual, 0);
        assert.equal(c.read(denySecret)!.value, 0);
      });
    }

    it("the warning says what the cells held and that they were read as 0, one warning per table", () => {
      const c = confront(
        withCells(sampleReport(), [
          [denySecret, "/"],
          [ref("三", "denyLaw", "research"), "无"],
          [ref("四", "suitDirect", "upheld"), null],
        ])
      );
      const blanks = c.byRule("W-BLANK");
      assert.deepEqual(
        blanks.map((f) => f.cells.length),
        [2, 1],
        "table 三 with two cells, table 四 with one"
      );
      const text = formatFinding(model, blanks[0]);
      assert.match(text, /表三有 2 格/);
      assert.match(text, /“\/”/);
      assert.match(text, /“无”/);
      assert.match(text, /按 0 计算/);
      assert.match(text, /1\.属于国家秘密/);
      assert.match(formatFinding(model, blanks[1]), /空白/);
    });

    it("a blank where a non-zero number belongs breaks the rules it is in", () => {
      const c = confront(withCells(sampleReport(), [[granted, null]]));
      assert.deepEqual(
        c.errors().map((f) => f.rule),
        ["R3-2", "R3-3"]
      );
      assert.equal(c.byRule("W-BLANK").length, 1);
    });
  });

  describe("numbers written unusually: read as numbers, with a warning", () => {
    const forms: [string, string, number][] = [
      ["text “31”", "31", 31],
      ["full-width “３１”", "３１", 31],
      ["padded “ 31 ”", " 31 ", 31],
      ["with a unit “31件”", "31件", 31],
    ];
    for (const [name, raw, value] of forms) {
      it(`${name} in 予以公开 is read as ${value}: W-NUMBER-FORM and no error`, () => {
        const c = confront(withCells(sampleReport(), [[granted, raw]]));
        assert.deepEqual(c.errors(), []);
        const [f] = c.byRule("W-NUMBER-FORM");
        assert.deepEqual(f.cells, [granted]);
        assert.equal(f.actual, value);
        assert.equal(c.read(granted)!.value, value);
      });
    }

    it("“1,234” with a thousands separator is 1234, and the message says so", () => {
      const c = confront(withCells(sampleReport(), [[licensing, "1,234"]]));
      const [f] = c.byRule("W-NUMBER-FORM");
      assert.equal(f.actual, 1234);
      const text = formatFinding(model, f);
      assert.match(text, /表二“行政许可”/);
      assert.match(text, /“1,234”/);
      assert.match(text, /1234/);
    });

    it("a separator in the wrong place (“1,20”) is not guessed at", () => {
      assert.equal(readValue("1,20").value, null);
    });

    it("plain numbers raise nothing", () => {
      assert.deepEqual(confront(sampleReport()).findings, []);
    });
  });

  describe("values that are not numbers: T-NUMBER", () => {
    for (const raw of ["abc", "#REF!", "#VALUE!", "NaN", "约30"]) {
      it(`“${raw}” is an error naming the cell, and the rules it is in are not checked`, () => {
        const c = confront(withCells(sampleReport(), [[granted, raw]]));
        const [f] = c.byRule("T-NUMBER");
        assert.equal(f.severity, "error");
        assert.deepEqual(f.cells, [granted]);
        assert.equal(c.read(granted)!.value, null);
        assert.deepEqual(
          c.byRule("R3-2").concat(c.byRule("R3-3")),
          [],
          "no sum is guessed over an unknown cell"
        );
        const text = formatFinding(model, f);
        assert.ok(text.includes("表三“（一）予以公开”行“自然人”列"), text);
        assert.ok(text.includes(`“${raw}”`), text);
        assert.match(text, /“各类申请人合计”、“办理结果合计”因此无法核对/);
      });
    }

    it("an Excel error is called a formula error", () => {
      const c = confront(withCells(sampleReport(), [[granted, "#DIV/0!"]]));
      assert.match(formatFinding(model, c.byRule("T-NUMBER")[0]), /公式错误/);
    });

    it("a number too large to be a count (1e300) is unreadable, and said to be out of range rather than not a number", () => {
      const c = confront(withCells(sampleReport(), [[granted, 1e300]]));
      const [f] = c.byRule("T-NUMBER");
      assert.deepEqual(f.cells, [granted]);
      const text = formatFinding(model, f);
      assert.match(text, /超出/);
      assert.doesNotMatch(text, /不是数字/);
    });

    it("the sums tell what the unreadable cell should hold", () => {
      const c = confront(withCells(sampleReport(), [[granted, "#REF!"]]));
      assert.equal(c.fixes.length, 1);
      assert.deepEqual(
        c.fixes[0].changes.map((ch) => [ch.cell, ch.from, ch.to]),
        [[granted, "#REF!", 31]]
      );
      assert.ok(c.fixes[0].resolves.includes("T-NUMBER"));
    });
  });

  describe("kinds: whole numbers ≥ 0, but money and 本年增/减", () => {
    it("-1 in a count is T-NEGATIVE", () => {
      const c = confront(withCells(sampleReport(), [[licensing, -1]]));
      const [f] = c.byRule("T-NEGATIVE");
      assert.deepEqual([f.severity, f.cells, f.actual], ["error", [licensing], -1]);
      assert.match(formatFinding(model, f), /表二“行政许可”.*-1.*负数/);
    });

    it("a negative or fractional count in table 三 is fixed from the sums, and the fix settles that error too", () => {
      for (const [raw, rule] of [
        [-31, "T-NEGATIVE"],
        [31.5, "T-WHOLE"],
      ] as const) {
        const c = confront(withCells(sampleReport(), [[granted, raw]]));
        assert.deepEqual(
          c.errors().map((f) => f.rule),
          ["R3-2", "R3-3", rule]
        );
        assert.deepEqual(
          c.fixes[0].changes.map((ch) => [ch.cell, ch.from, ch.to]),
          [[granted, raw, 31]]
        );
        assert.deepEqual([...c.fixes[0].resolves].sort(), ["R3-2", "R3-3", rule].sort());
      }
    });

    it("1.5 in a count is T-WHOLE", () => {
      const c = confront(withCells(sampleReport(), [[licensing, 1.5]]));
      const [f] = c.byRule("T-WHOLE");
      assert.deepEqual([f.severity, f.cells, f.actual], ["error", [licensing], 1.5]);
      assert.match(formatFinding(model, f), /整数/);
    });

    it("1.5 in the 万元 fee is fine, but a negative fee is not", () => {
      const fee = ref("二", "fees", "feeAmount");
      assert.deepEqual(confront(withCells(sampleReport(), [[fee, 1.5]])).findings, []);
      assert.deepEqual(confront(withCells(sampleReport(), [[fee, "0.35"]])).errors(), []);
      assert.deepEqual(
        confront(withCells(sampleReport(), [[fee, -1.5]]))
          .errors()
          .map((f) => f.rule),
        ["T-NEGATIVE"]
      );
    });

    it("the 2019 format's 本年增/减 may be negative (-3), but not a fraction", () => {
      const change = ref("二", "licensing", "change");
      assert.deepEqual(confront(withCells(sampleReport("2019"), [[change, -3]])).findings, []);
      assert.deepEqual(confront(withCells(sampleReport("2019"), [[change, "-3"]])).errors(), []);
      assert.deepEqual(
        confront(withCells(sampleReport("2019"), [[change, -2.5]]))
          .errors()
          .map((f) => f.rule),
        ["T-WHOLE"]
      );
    });

    it("the 2019 format's other counts are not signed", () => {
      const c = confront(
        withCells(sampleReport("2019"), [[ref("二", "licensing", "lastYearItems"), -3]])
      );
      assert.deepEqual(
        c.errors().map((f) => f.rule),
        ["T-NEGATIVE"]
      );
    });
  });
});
