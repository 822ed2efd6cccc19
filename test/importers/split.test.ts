import assert from "node:assert/strict";
import { normalizeText, stripPinyin } from "../../src/importers/normalize";
import { differingCells, splitRow, type Token } from "../../src/importers/split";
import { parseTitle } from "../../src/importers/meta";

/** Splitting one printed row into its cells, under the row rules. */

const toks = (...texts: string[]): Token[] =>
  texts.map((text, i) => ({ text, sep: i ? "weak" : "strong" }));
const count = (n: number) => new Array(n).fill("count" as const);
const row3 = (v: number[]) => v[6] === v.slice(0, 6).reduce((s, x) => s + x, 0);
const row4 = (v: number[]) =>
  [0, 5, 10].every((a) => v[a + 4] === v[a] + v[a + 1] + v[a + 2] + v[a + 3]);

describe("importers: splitting digit runs", () => {
  it("713000074 is 71,3,0,0,0,0,74 (the only split with 总计 = sum)", () => {
    const r = splitRow(toks("713000074"), { kinds: count(7), rowOk: row3, sumGroups: [7] });
    assert.equal(r.candidates.length, 1);
    assert.deepEqual(r.candidates[0].values, [71, 3, 0, 0, 0, 0, 74]);
    assert.ok(r.ruleOk);
  });

  it("table 四 21317000001324019 splits only one way under R4 (2,1,3,1,7 ; 0,0,0,0,0 ; 13,2,4,0,19)", () => {
    for (const sumGroups of [[5, 5, 5], undefined]) {
      const r = splitRow(toks("21317000001324019"), {
        kinds: count(15),
        rowOk: row4,
        ...(sumGroups ? { sumGroups } : {}),
      });
      assert.deepEqual(
        r.candidates.map((c) => c.values),
        [[2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]]
      );
    }
  });

  it("a stray space is no obstacle: 500000 5 and 230 000023", () => {
    assert.deepEqual(
      splitRow(toks("500000", "5"), { kinds: count(7), rowOk: row3 }).candidates[0].values,
      [5, 0, 0, 0, 0, 0, 5]
    );
    assert.deepEqual(
      splitRow(toks("230", "000023"), { kinds: count(7), rowOk: row3 }).candidates[0].values,
      [23, 0, 0, 0, 0, 0, 23]
    );
    assert.deepEqual(
      splitRow(toks("23", "0", "00", "0", "023"), { kinds: count(7), rowOk: row3 }).candidates[0]
        .values,
      [23, 0, 0, 0, 0, 0, 23]
    );
  });

  it("more than one split satisfying the rule: all kept, first is the most balanced, cells that differ reported", () => {
    // 101000011 is 10,1,0,0,0,0,11 or 1,0,10,0,0,0,11
    const r = splitRow(toks("101000011"), { kinds: count(7), rowOk: row3, sumGroups: [7] });
    assert.deepEqual(
      r.candidates.map((c) => c.values).sort(),
      [
        [1, 0, 10, 0, 0, 0, 11],
        [10, 1, 0, 0, 0, 0, 11],
      ].sort()
    );
    assert.ok(r.candidates.length > 1, JSON.stringify(r.candidates));
    for (const c of r.candidates) assert.ok(row3(c.values as number[]));
    assert.ok(differingCells(r.candidates).length > 0);
  });

  it("six digits for seven cells: one cell blank, every position tried (dept 108)", () => {
    const r = splitRow(toks("0", "00000"), { kinds: count(7), rowOk: row3 });
    assert.equal(r.mode, "blank");
    assert.equal(r.candidates.length, 7);
    for (const c of r.candidates) assert.equal(c.values.filter((v) => v === null).length, 1);
    assert.equal(differingCells(r.candidates).length, 7);
  });

  it("an extra value is left out and named (行政事业性收费 | 0 | 0)", () => {
    const r = splitRow(
      [
        { text: "0", sep: "strong" },
        { text: "0", sep: "strong" },
      ],
      { kinds: ["money"] }
    );
    assert.equal(r.mode, "stray");
    assert.deepEqual(r.candidates[0].values, [0]);
    assert.deepEqual(r.candidates[0].dropped, ["0"]);
  });

  it("no split satisfies the rule (the report itself is wrong): the plausible readings, marked not ok", () => {
    const r = splitRow(toks("1000003"), { kinds: count(7), rowOk: row3, sumGroups: [7] });
    assert.equal(r.ruleOk, false);
    assert.deepEqual(r.candidates[0].values, [1, 0, 0, 0, 0, 0, 3]);
  });

  it("signs in the 2019 本年增/减 column, decimals in money", () => {
    assert.deepEqual(
      splitRow(toks("0+11"), { kinds: ["count", "signed", "count"] }).candidates.map(
        (c) => c.values
      ),
      [[0, 1, 1]]
    );
    assert.deepEqual(
      splitRow(toks("1-10"), { kinds: ["count", "signed", "count"] }).candidates.map(
        (c) => c.values
      ),
      [[1, -1, 0]]
    );
    assert.deepEqual(
      splitRow(toks("9116.36"), { kinds: ["money"] }).candidates.map((c) => c.values),
      [[9116.36]]
    );
    // No leading zeros: 010 is 0,1,0
    assert.deepEqual(
      splitRow(toks("010"), { kinds: count(3) }).candidates.map((c) => c.values),
      [[0, 1, 0]]
    );
  });

  it("never hangs: a 5 000-digit run, 3 000 tokens", () => {
    const t0 = Date.now();
    splitRow(toks("1".repeat(5000)), { kinds: count(7), rowOk: row3, sumGroups: [7] });
    splitRow(toks(...new Array(3000).fill("7")), { kinds: count(7), rowOk: row3 });
    splitRow(toks("12345678901234567890123456789012345"), { kinds: count(15), rowOk: row4 });
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  });
});

describe("importers: text normalisation and titles", () => {
  it("traditional characters to simplified, pinyin glosses dropped, full-width to half-width", () => {
    assert.equal(
      normalizeText("五原縣和勝鄉(xiāng)２０２１年政府信息公開工作年度報(bào)告（一）"),
      "五原县和胜乡2021年政府信息公开工作年度报告(一)"
    );
    assert.equal(stripPinyin("政务新媒体(APP)"), "政务新媒体(APP)");
  });

  it("year and agency from titles", () => {
    assert.deepEqual(parseTitle("五原县和胜乡2021年政府信息公开工作年度报告"), {
      title: "五原县和胜乡2021年政府信息公开工作年度报告",
      year: 2021,
      agency: "五原县和胜乡",
    });
    assert.equal(
      parseTitle("2022年上海市人民政府参事室政府信息公开工作年度报告").agency,
      "上海市人民政府参事室"
    );
    assert.equal(
      parseTitle("标题: 平潭综合实验区财政金融局2022年度 政府信息公开工作年度报告").agency,
      "平潭综合实验区财政金融局"
    );
    assert.equal(parseTitle("2022年政府信息公开工作年度报告").agency, undefined);
  });
});
