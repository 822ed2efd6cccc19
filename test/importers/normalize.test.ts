import assert from "node:assert/strict";
import fc from "fast-check";
import {
  compactOf,
  decodeText,
  declaredEncoding,
  normalizeText,
  SKIP,
  skipped,
  startsWithMarkup,
  stripPinyin,
  toSimplified,
} from "../../src/importers/normalize";
import { KEEP, kept } from "../../src/similarity";
import { jsonImporter } from "../../src/importers/json";
import { hasPipeRows, pipeCells } from "../../src/importers/pipe";
import {
  formatMarkers,
  MARKERS_2019,
  MARKERS_2021,
  occurrences,
} from "../../src/importers/row-labels";

/**
 * The fast forms of the normaliser (issue 10: a folder check spent a sixth of its time decoding every file's head to
 * find a <meta charset>, and compactOf ran a regular expression on every character). They must read exactly as the
 * slow forms did: a label that no longer matched would lose a row of a clerk's table.
 */

/** The compact view as it was computed before: one regular-expression test per character. */
function slowCompact(src: string): { text: string; map: number[] } {
  let text = "";
  const map: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (SKIP.test(src[i])) continue;
    text += src[i];
    map.push(i);
  }
  return { text, map };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe("importers: the normaliser's fast paths", () => {
  it("skipped() leaves out exactly the characters SKIP names, for every UTF-16 code unit", () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++)
      if (skipped(code) !== SKIP.test(String.fromCharCode(code))) differ.push(code.toString(16));
    assert.deepEqual(differ, []);
  });

  it("the copied-text narrative keeps exactly the characters KEEP names, for every UTF-16 code unit", () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++)
      if (kept(code) !== KEEP.test(String.fromCharCode(code))) differ.push(code.toString(16));
    assert.deepEqual(differ, []);
  });

  it("compactOf gives the same text and positions as the per-character expression, for any text", () => {
    const piece = fc.constantFrom(
      " ",
      "\u3000",
      "|",
      "“",
      "」",
      "\n",
      "\u00a0",
      "本年新收",
      "12",
      "（一）",
      "a",
      "\ufeff"
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), (parts) => {
        const src = parts.join("");
        const { text, map } = compactOf(src);
        assert.deepEqual({ text, map: [...map] }, slowCompact(src));
      })
    );
  });

  it("traditional characters anywhere in a text are converted, and a simplified text is left as it is", () => {
    const traditional = [
      ..."開資務請處計報條規體關於與數們這為來時會將從對過還發現當點應機構權問題號區縣鄉鎮結轉辦總紀錄",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...traditional, "政府", "信息", "公开", "12", " ", "a"), {
          maxLength: 30,
        }),
        (parts) => {
          const s = parts.join("");
          const hasTraditional = parts.some((p) => traditional.includes(p));
          assert.equal(toSimplified(s) !== s, hasTraditional, s);
        }
      )
    );
    assert.equal(toSimplified("政府資訊公開"), "政府资讯公开");
  });

  it("finds <meta charset> after a long script, in any case, and ignores a <meta> without one", () => {
    const script = `<script>${"var x = 1; // <m\n".repeat(3000)}</script>`;
    assert.equal(
      declaredEncoding(
        enc(`<html><head><meta name="a" content="b">${script}<META CHARSET="GBK"></head>`)
      ),
      "gb18030"
    );
    assert.equal(
      declaredEncoding(enc(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)),
      "gb18030"
    );
    assert.equal(declaredEncoding(enc(`<?xml version="1.0" encoding="UTF-8"?><a/>`)), "utf-8");
    assert.equal(declaredEncoding(enc("政府信息公开 <m> 1 < 2 <meta>")), undefined);
    // Beyond the first 64 KB a declaration is not looked for (as before).
    assert.equal(declaredEncoding(enc(`${"x".repeat(70000)}<meta charset="gbk">`)), undefined);
  });

  it("a GBK page is decoded as GBK when its <meta> says so", () => {
    // 政务 in GB18030
    const gbk = Uint8Array.from([
      ...enc('<meta charset="gb2312"><p>'),
      0xd5,
      0xfe,
      0xce,
      0xf1,
      ...enc("</p>"),
    ]);
    assert.match(decodeText(gbk), /<p>政务<\/p>/);
  });

  it("normalising a short text twice gives the same as once, and the same as a long text's piece", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const once = normalizeText(s);
        assert.equal(normalizeText(s), once);
        assert.equal(normalizeText(`${s}${" ".repeat(100)}`).slice(0, once.length), once);
      })
    );
    assert.equal(normalizeText("（一）本年新收　１２件"), "(一)本年新收 12件");
  });

  it("a file is taken for a web page exactly when its decoded head starts with “<”, whatever its bytes", () => {
    const slow = (bytes: Uint8Array) =>
      decodeText(bytes.subarray(0, 1024)).trimStart().startsWith("<");
    const utf16 = (s: string, bom: boolean) => {
      const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
      if (bom) out.set([0xff, 0xfe]);
      for (let i = 0; i < s.length; i++) out[(bom ? 2 : 0) + i * 2] = s.charCodeAt(i) & 0xff;
      for (let i = 0; i < s.length; i++) out[(bom ? 3 : 1) + i * 2] = s.charCodeAt(i) >> 8;
      return out;
    };
    const piece = fc.constantFrom(
      " ",
      "\t",
      "\r\n",
      "\u3000",
      "\u00a0",
      "\ufeff",
      "<",
      "<html>",
      "政务",
      "a",
      "1",
      "\u0000",
      "\u001b",
      ""
    );
    const text = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(""));
    const bytes = fc.oneof(
      text.map((t) => enc(t)),
      text.map((t) => utf16(t, true)),
      text.map((t) => utf16(t, false)),
      text.map((t) => new Uint8Array([0xef, 0xbb, 0xbf, ...enc(t)])),
      fc.uint8Array({ maxLength: 40 }),
      // A lead byte of a Chinese character in UTF-8 (or GB18030/Big5) after ASCII whitespace, then any bytes.
      fc
        .tuple(fc.nat(3), fc.integer({ min: 0xe4, max: 0xe9 }), fc.uint8Array({ maxLength: 12 }))
        .map(([n, lead, rest]) => new Uint8Array([...enc(" ".repeat(n)), lead, ...rest])),
      fc.nat(1100).map((n) => enc(`${" ".repeat(n)}<p>`))
    );
    fc.assert(
      fc.property(bytes, (b) => assert.equal(startsWithMarkup(b), slow(b))),
      { numRuns: 2000 }
    );
  });

  it("pinyin glosses are removed exactly as the full pattern removes them, whether or not the quick test finds one", () => {
    const gloss = /([\u3400-\u9fff])\s?[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]/g;
    const slow = (t: string) =>
      t.replace(gloss, (m, han: string, py: string) =>
        /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/.test(py) ||
        /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv]{1,3}(?:n|ng|r)?$/.test(py)
          ? han
          : m
      );
    const piece = fc.constantFrom(
      "鄉",
      "(",
      "（",
      ")",
      "）",
      "xiāng",
      "ab",
      "zhi",
      "A",
      " ",
      "1",
      "政"
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (xs) => {
        const t = xs.join("");
        assert.equal(stripPinyin(t), slow(t));
      }),
      { numRuns: 3000 }
    );
    assert.equal(stripPinyin("鄉(xiāng)鎮（zhen）"), "鄉鎮");
  });

  it("every occurrence of every label is found in one pass, as indexOf finds them, within any range", () => {
    const forms = ["本年新收", "本年", "收", "(一)", "(一)予以公开", "一"];
    const piece = fc.constantFrom(...forms, "新", "1", " ", "(", ")", "公开");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.nat(40), fc.nat(40), (xs, x, y) => {
        const t = xs.join("");
        const [from, to] = [Math.min(x, y, t.length), Math.min(Math.max(x, y), t.length)];
        const slow = forms.map((f) => {
          const at: number[] = [];
          for (let i = t.indexOf(f, from); i >= 0 && i + f.length <= to; i = t.indexOf(f, i + 1))
            at.push(i);
          return at.length ? at : undefined;
        });
        assert.deepEqual([...occurrences(t, forms, from, to)], slow);
      }),
      { numRuns: 2000 }
    );
  });

  it("the format is told from any part of a text as from that part on its own", () => {
    const slow = (compact: string) => {
      const count = (ms: string[]) => ms.filter((m) => compact.includes(m)).length;
      let v2019 = count(MARKERS_2019);
      const v2021 = count(MARKERS_2021);
      if (/\(六\)其他处理\d+(?![.、\d])/.test(compact)) v2019++;
      if (v2019 === 0 && v2021 === 0) return { votes: 0 };
      return { id: v2019 > v2021 ? "2019" : "2021", votes: v2019 + v2021 };
    };
    const piece = fc.constantFrom(
      ...MARKERS_2019,
      ...MARKERS_2021,
      "(六)其他处理",
      "12",
      ".",
      "本年",
      "数量"
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(200), fc.nat(200), (xs, x, y) => {
        const t = xs.join("");
        const [a, b] = [Math.min(x, y, t.length), Math.min(Math.max(x, y), t.length)];
        assert.deepEqual(formatMarkers(t)(a, b), slow(t.slice(a, b)));
      }),
      { numRuns: 2000 }
    );
  });
});

describe("pipe rows told from the pipes", () => {
  it("hasPipeRows answers as trying every line", () => {
    const everyLine = (text: string) =>
      text.split("\n").filter((line) => (pipeCells(line)?.length ?? 0) >= 2).length >= 2;
    const piece = fc.constantFrom("|", " | ", "\n", "规章", "0", "--", ":--", " ", "\t", "政务");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (xs) => {
        const text = xs.join("");
        assert.equal(hasPipeRows(text), everyLine(text));
      }),
      { numRuns: 5000 }
    );
  });
});

describe("a JSON report told from its first bytes", () => {
  it("answers as decoding the file's first 64 bytes and trimming them", () => {
    const plain = (path: string, bytes: Uint8Array) =>
      /\.json$/i.test(path) ||
      new TextDecoder()
        .decode(bytes.subarray(0, 64))
        .replace(/^\uFEFF/, "")
        .trimStart()
        .startsWith("{");
    const piece = fc.constantFrom(
      " ",
      "\t",
      "\n",
      "\u3000",
      "\u00a0",
      "\ufeff",
      "{",
      "[",
      "政务",
      "a",
      "\u001c"
    );
    const bytes = fc.oneof(
      fc.array(piece, { maxLength: 70 }).map((xs) => new TextEncoder().encode(xs.join(""))),
      fc.uint8Array({ maxLength: 80 })
    );
    fc.assert(
      fc.property(fc.constantFrom("a.txt", "b.JSON", "c"), bytes, (path, b) =>
        assert.equal(jsonImporter.accepts(path, b), plain(path, b))
      ),
      { numRuns: 5000 }
    );
  });
});
