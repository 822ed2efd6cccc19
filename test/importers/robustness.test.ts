import assert from "node:assert/strict";
import fc from "fast-check";
import { importBytes } from "../../src/importers";
import { readHtml } from "../../src/importers/html";
import { readText } from "../../src/importers/text";
import { seededRandom } from "../helpers/reports";
import { fixture } from "./helpers";

/** No input makes an importer throw or hang: garbage is refused with a Chinese message, damage is noted. */

const enc = (s: string) => new TextEncoder().encode(s);
const timed = <T>(f: () => T, ms: number, what: string): T => {
  const t0 = Date.now();
  const out = f();
  assert.ok(Date.now() - t0 < ms, `${what}: ${Date.now() - t0} ms`);
  return out;
};

describe("importers: robustness", function () {
  this.timeout(60_000);

  it("garbage text is refused with a Chinese message", async () => {
    for (const text of [
      "hello world",
      "",
      "   \n\n",
      "1 2 3 4 5 6 7",
      "这是一份购物清单：苹果 3 个，梨 2 个。",
    ]) {
      const r = await importBytes("notes.txt", enc(text));
      assert.equal(r.ok, false, text);
      assert.match((r as { error: string }).error, /年报统计表/);
    }
  });

  it("binary data named .txt is refused, not decoded", async () => {
    const bytes = new Uint8Array(2048).map((_, i) => (i * 37) % 256);
    const r = await importBytes("x.txt", bytes);
    assert.equal(r.ok, false);
  });

  it("report text is recognised by content, whatever the file is called", async () => {
    const r = await importBytes("下载的文件", fixture("001.txt"));
    assert.ok(r.ok);
    assert.equal(r.report.values.get("三:new:natural"), 71);
    const h = await importBytes("page.txt", fixture("003.html"));
    assert.ok(h.ok, "content starting with < is read as HTML");
    assert.equal(h.report.values.get("二:normativeDocs:repealed"), 33);
  });

  it("GB18030-encoded text is decoded", async () => {
    // "二、主动公开政府信息情况 第二十条第（一）项 … 规章 1 2 3" in GB18030, built from code points via TextDecoder round trip
    const text = fixture("dept/104.txt").toString("utf8");
    const gb = gb18030(text);
    if (!gb) return; // runtime without a GB18030 encoder table: nothing to test
    const r = await importBytes("gb.txt", gb);
    assert.ok(r.ok);
    assert.equal(r.report.values.get("二:fees:feeAmount"), 9116.36);
  });

  it("random text never throws (text and HTML)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (s) => {
        const a = readText(s);
        const b = readHtml(s);
        assert.ok(typeof a.ok === "boolean" && typeof b.ok === "boolean");
      }),
      { numRuns: 300 }
    );
  });

  it("random labels and numbers from the report's vocabulary never throw", () => {
    const words = [
      "第二十条第(一)项",
      "规章",
      "行政规范性文件",
      "三、本年度办理结果",
      "(七)总计",
      "1.",
      "2.",
      "3.其他",
      "结果维持",
      "总计",
      "|",
      "\n",
      " ",
      "(",
      ")",
      "年",
      "—",
      "/",
      "无",
      "-",
      "+",
      ".",
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom(...words), fc.integer({ min: 0, max: 99999 }).map(String)),
          { maxLength: 300 }
        ),
        (parts) => {
          const s = parts.join("");
          timed(() => readText(s), 3000, "vocabulary soup");
        }
      ),
      { numRuns: 200 }
    );
  });

  it("damaged corpus reports (cut, digits inserted, characters deleted) never throw", () => {
    const source = fixture("001.txt").toString("utf8");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(source.length), fc.nat(40), fc.stringMatching(/^[0-9 |]{0,6}$/)), {
          maxLength: 12,
        }),
        (edits) => {
          let s = source;
          for (const [at, del, ins] of edits) s = s.slice(0, at) + ins + s.slice(at + del);
          const r = timed(() => readText(s), 3000, "damaged 001");
          if (r.ok)
            for (const v of r.report.values.values())
              assert.ok(v === null || typeof v === "number" || typeof v === "string");
        }
      ),
      { numRuns: 150 }
    );
  });

  it("huge and hostile inputs finish quickly", () => {
    const rows =
      "一、本年新收政府信息公开申请数量" +
      "1234567890".repeat(500) +
      "二、上年结转政府信息公开申请数量" +
      "(".repeat(20000);
    timed(() => readText("第二十条第(一)项规章" + "9".repeat(100000) + rows), 10000, "long runs");
    timed(
      () => readText("结果维持总计".repeat(20000) + "1".repeat(5000)),
      10000,
      "repeated headers"
    );
    timed(
      () => readHtml("<div>".repeat(20000) + "x" + "</div>".repeat(20000)),
      10000,
      "deep nesting"
    );
    timed(
      () =>
        readHtml(
          `<table>${`<tr><td rowspan="99999" colspan="99999">1</td></tr>`.repeat(2000)}</table>`
        ),
      10000,
      "huge spans"
    );
    timed(
      () => readText(fixture("007.txt").toString("utf8").repeat(40)),
      15000,
      "a report forty times"
    );
  });

  it("the fuzz test's slowest kinds finish in well under a second (they took seconds)", () => {
    const text = fixture("001.txt").toString("utf8");
    const at = text.indexOf("二、上年结转");
    const random = seededRandom(7);
    const run = Array.from({ length: 100_000 }, () => String(Math.floor(random() * 10))).join("");
    const grouped = run.replace(/(\d{7})/g, "$1 ");
    for (const [what, digits] of [
      ["100,000 digits in one run", run],
      ["100,000 digits in groups of 7", grouped],
    ]) {
      const r = timed(() => readText(text.slice(0, at) + digits + text.slice(at)), 2000, what);
      // The row cannot be read (or only with strays left out): that is noted, briefly.
      assert.ok(
        r.ok &&
          r.report.notes?.some((n) =>
            ["I-STRAY", "I-UNCERTAIN", "I-MISSING-ROWS"].includes(n.code)
          ),
        `${what}: noted`
      );
      assert.ok(
        r.report.notes!.every((n) => n.message.length < 2000),
        `${what}: short notes`
      );
    }
    const huge = ["9".repeat(30), "99999999999999999999", "1,234,567", "3.1415926", "1e308"];
    let k = 0;
    const tableAt = text.indexOf("第二十条");
    const hugeText =
      text.slice(0, tableAt) +
      text.slice(tableAt).replace(/\d+/g, (m) => (k++ % 3 === 0 ? huge[k % huge.length] : m));
    timed(() => readText(hugeText), 2000, "huge numbers in the tables");
  });

  it("a report page wrapped in 50,000 nested tags reads as the page itself, in well under a second", () => {
    const page = fixture("003.html").toString("utf8");
    const bare = readHtml(page);
    assert.ok(bare.ok);
    for (const tag of ["div", "span", "table"]) {
      const wrapped = `<html><body>${`<${tag} rowspan="1000000">`.repeat(50_000)}${page}${`</${tag}>`.repeat(50_000)}</body></html>`;
      const r = timed(() => readHtml(wrapped), 2000, `50,000 <${tag}>`);
      assert.ok(r.ok);
      assert.deepEqual([...r.report.values], [...bare.report.values]);
      assert.deepEqual([...(r.report.uncertain ?? [])], [...(bare.report.uncertain ?? [])]);
    }
  });
});

/** Encode text as GB18030 using the decoder's table (Node has a GB18030 decoder but no encoder). */
function gb18030(text: string): Uint8Array | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder("gb18030");
  } catch {
    return undefined;
  }
  // Build the table for the characters used: two-byte codes 0x81–0xFE × 0x40–0xFE.
  const needed = new Set([...text].filter((c) => c.charCodeAt(0) > 0x7f));
  const table = new Map<string, [number, number]>();
  for (let a = 0x81; a <= 0xfe && table.size < needed.size; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([a, b]));
      if (needed.has(ch) && !table.has(ch)) table.set(ch, [a, b]);
    }
  const out: number[] = [];
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const pair = table.get(c);
      if (!pair) continue; // a character outside the two-byte range: dropped (it does not matter for the test)
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}
