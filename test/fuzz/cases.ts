import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { toInterchange } from "../../src/interchange";
import { sampleReport, seededRandom } from "../helpers/reports";

/**
 * Mutated inputs for the importer fuzz test, generated deterministically from (seed, index) so that any case can be
 * re-created from its number alone: truncated and shuffled corpus texts, byte flips, random bytes, huge numbers,
 * very long digit runs, deep HTML nesting, broken JSON, and mutated .xlsx files.
 */

export interface FuzzCase {
  index: number;
  kind: string;
  path: string;
  bytes: Uint8Array;
}

const CORPUS = join(__dirname, "..", "fixtures", "corpus");

export interface Seeds {
  texts: { name: string; text: string }[];
  html: string[];
  json: string;
  /** A valid .xlsx report (the template filled from the sample report), when given. */
  xlsx?: Uint8Array;
}

export function loadSeeds(xlsx?: Uint8Array): Seeds {
  const names = [
    ...readdirSync(CORPUS).filter((f) => f.endsWith(".txt")),
    ...readdirSync(join(CORPUS, "dept"))
      .filter((f) => f.endsWith(".txt"))
      .map((f) => `dept/${f}`),
  ].sort();
  return {
    texts: names.map((name) => ({ name, text: readFileSync(join(CORPUS, name), "utf8") })),
    html: readdirSync(CORPUS)
      .filter((f) => f.endsWith(".html"))
      .sort()
      .map((f) => readFileSync(join(CORPUS, f), "utf8")),
    json: JSON.stringify(toInterchange(sampleReport("2021")), null, 2),
    xlsx,
  };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Weighted mutators; weights are per 10,000 cases. The costliest kinds (huge numbers and long digit runs in table 三,
 * deep or mutated HTML: inputs of up to a few MB, tens of ms each) have small weights so that the full 100,000-case
 * run stays within about a minute on two cores; they still run a few hundred times each.
 */
type Mutator = (r: Random, s: Seeds) => { kind?: string; path: string; bytes: Uint8Array };

class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(a: number, b: number): number {
    return a + this.int(b - a + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

const EXTENSIONS = [".txt", ".html", ".json", ".xlsx", "", ".md", ".htm", ".TXT", ".dat"];
const HUGE = [
  "9".repeat(30),
  "1e308",
  "1e309",
  "-5",
  "3.1415926",
  "99999999999999999999",
  "NaN",
  "Infinity",
  "０１２３",
  "1,234,567",
  "—",
  "/",
  "0x1F",
  "-0",
  "1e-7",
];

function textOf(r: Random, s: Seeds): { name: string; text: string } {
  return r.pick(s.texts);
}

/** A slice of a table region: the part of a text from 二、主动公开 on, where the digits are. */
function tableRegion(text: string): [number, number] {
  const start = Math.max(0, text.indexOf("第二十条"));
  return [start, text.length];
}

const MUTATORS: [number, string, Mutator][] = [
  [
    3525,
    "truncated",
    (r, s) => {
      const t = utf8(textOf(r, s).text);
      const from = r.chance(0.3) ? r.int(t.length) : 0;
      return {
        path: r.pick(["x.txt", "x"]),
        bytes: t.subarray(from, from + r.int(t.length - from + 1)),
      };
    },
  ],
  [
    1500,
    "shuffled-lines",
    (r, s) => {
      const lines = textOf(r, s).text.split(/\n/);
      for (let i = lines.length - 1; i > 0; i--) {
        const j = r.int(i + 1);
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      const keep = r.chance(0.5) ? lines : lines.slice(0, r.range(1, lines.length));
      return { path: "x.txt", bytes: utf8(keep.join(r.pick(["\n", " ", "|", "\n\n"]))) };
    },
  ],
  [
    1500,
    "byte-flips",
    (r, s) => {
      const t = utf8(textOf(r, s).text).slice();
      const flips = r.range(1, 50);
      for (let i = 0; i < flips; i++) t[r.int(t.length)] = r.int(256);
      return { path: r.pick(["x.txt", "x.html", "x"]), bytes: t };
    },
  ],
  [
    1500,
    "random-bytes",
    (r) => ({
      path: `x${r.pick(EXTENSIONS)}`,
      bytes: r.bytes(r.chance(0.9) ? r.int(2048) : r.int(65536)),
    }),
  ],
  [
    900,
    "random-text",
    (r) => {
      const alphabet =
        "0123456789 |\n一二三四五六七八九十、（）()年件申请公开结转总计合计自然人本年新收上年结转予以公开第二十条行政复议诉讼<>/=\"'{}[]:,.";
      const n = r.int(r.chance(0.9) ? 3000 : 60000);
      let t = "政府信息公开";
      for (let i = 0; i < n; i++) t += alphabet[r.int(alphabet.length)];
      return { path: r.pick(["x.txt", "x.html", "x"]), bytes: utf8(t) };
    },
  ],
  [
    8,
    "huge-numbers",
    (r, s) => {
      const { text } = textOf(r, s);
      const [a] = tableRegion(text);
      const out =
        text.slice(0, a) + text.slice(a).replace(/\d+/g, (m) => (r.chance(0.3) ? r.pick(HUGE) : m));
      return { path: "x.txt", bytes: utf8(out) };
    },
  ],
  [
    20,
    "long-digit-runs",
    (r, s) => {
      const { text } = textOf(r, s);
      const [a, b] = tableRegion(text);
      const at = r.range(a, b);
      const run = r.digits(r.pick([20, 200, 2000, 20000, 100000]));
      const cuts = r.chance(0.5) ? run : run.replace(/(\d{7})/g, "$1 ");
      return {
        path: r.pick(["x.txt", "x"]),
        bytes: utf8(text.slice(0, at) + cuts + text.slice(at)),
      };
    },
  ],
  [
    12,
    "deep-html",
    (r, s) => {
      const depth = r.pick([10, 100, 1000, 5000, 20000, 50000]);
      const tag = r.pick(["div", "table", "tr", "td", "span", "tbody", "p"]);
      const inner = r.chance(0.5)
        ? r.pick(s.html).slice(r.int(2000), 60000)
        : "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>";
      const close = r.chance(0.5) ? `</${tag}>`.repeat(depth) : "";
      const attrs = r.chance(0.3)
        ? ` rowspan="${r.pick(["1000000", "-1", "0", "abc", "99999999999"])}" colspan="${r.pick(["1000000", "-3", "2"])}"`
        : "";
      return {
        path: r.pick(["x.html", "x"]),
        bytes: utf8(
          `<html><body>${`<${tag}${attrs}>`.repeat(depth)}${inner}${close}</body></html>`
        ),
      };
    },
  ],
  [
    20,
    "html-mutated",
    (r, s) => {
      const html = r.pick(s.html);
      let out = html;
      const ops = r.range(1, 20);
      for (let i = 0; i < ops; i++) {
        const at = r.int(out.length);
        const op = r.int(4);
        if (op === 0) out = out.slice(0, at) + out.slice(at + r.int(500));
        else if (op === 1)
          out =
            out.slice(0, at) +
            r.pick([
              '<td rowspan="500">',
              '<td colspan="9999">',
              "</table>",
              "<table>",
              "<tr>",
              "&#x110000;",
              "&amp;&lt;",
              "<!--",
              "<![CDATA[",
              "<script>",
            ]) +
            out.slice(at);
        else if (op === 2) out = out.slice(0, at) + r.digits(r.range(1, 40)) + out.slice(at);
        else out = out.replace(/rowspan="\d+"/, `rowspan="${r.pick(["0", "100000", "-2", "x"])}"`);
      }
      return { path: r.pick(["x.html", "x"]), bytes: utf8(out) };
    },
  ],
  [
    900,
    "json",
    (r, s) => {
      const op = r.int(6);
      let t = s.json;
      if (op === 0) t = t.slice(0, r.int(t.length));
      else if (op === 1)
        t = t.replace(
          /"value": \d+/g,
          () =>
            `"value": ${r.pick(["1e400", "-1", "1.5", '"abc"', "null", "[]", "{}", "true", '"１２"', "99999999999999999999999"])}`
        );
      else if (op === 2)
        t = `${"[".repeat(r.pick([10, 1000, 10000]))}${"]".repeat(r.chance(0.5) ? 10 : 0)}`;
      else if (op === 3)
        t = `{"format":"${r.pick(["2021", "2019", "2020", ""])}","year":${r.pick(["2023", "1e9", "-1", '"x"'])},"cells":${r.pick(["[]", "null", "{}", `[${'{"table":"三","row":"x","column":"y","value":1},'.repeat(r.int(2000))}{}]`])}}`;
      else if (op === 4)
        t = `{"format":"2021","cells":[${'{"table":"三","row":"（一）予以公开","column":"自然人","value":1},'.repeat(r.range(1, 50))}{}]}`;
      else t = JSON.stringify({ format: "2021", agency: "x".repeat(r.int(100000)), cells: [] });
      return { path: r.pick(["x.json", "x"]), bytes: utf8(t) };
    },
  ],
  [
    115,
    "xlsx",
    (r, s) => {
      if (!s.xlsx)
        return {
          kind: "xlsx-random",
          path: "x.xlsx",
          bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...r.bytes(r.int(4000))]),
        };
      const b = s.xlsx.slice();
      const op = r.int(3);
      if (op === 0) return { path: "x.xlsx", bytes: b.subarray(0, r.int(b.length)) };
      if (op === 1) {
        for (let i = 0, n = r.range(1, 30); i < n; i++) b[r.int(b.length)] = r.int(256);
        return { path: r.pick(["x.xlsx", "x"]), bytes: b };
      }
      return {
        path: "x.xlsx",
        bytes: new Uint8Array([...b.subarray(0, 30), ...r.bytes(r.int(3000))]),
      };
    },
  ],
];

const TOTAL_WEIGHT = MUTATORS.reduce((n, [w]) => n + w, 0);

/** Case `index` of the run seeded `seed`: the same (seed, index) always gives the same bytes. */
export function makeCase(seed: number, index: number, seeds: Seeds): FuzzCase {
  const r = new Random(seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  let w = r.int(TOTAL_WEIGHT);
  for (const [weight, kind, mutate] of MUTATORS) {
    if (w < weight) {
      const c = mutate(r, seeds);
      return { index, kind: c.kind ?? kind, path: c.path, bytes: c.bytes };
    }
    w -= weight;
  }
  throw new Error("unreachable");
}

export const MUTATOR_KINDS = MUTATORS.map(([, kind]) => kind);

/** `npx tsx test/fuzz/cases.ts SEED INDEX [OUT]`: write one case to a file, to reproduce what the fuzz test printed. */
if (require.main === module) {
  const [seed, index, out] = process.argv.slice(2);
  void (async () => {
    const { reportBuffer } = await import("../../src/xlsx/write");
    const { writeFileSync } = await import("node:fs");
    const c = makeCase(
      Number(seed),
      Number(index),
      loadSeeds(new Uint8Array(await reportBuffer(sampleReport("2021"))))
    );
    const file = out ?? `fuzz-${seed}-${index}${c.path.replace(/^x/, "") || ".bin"}`;
    writeFileSync(file, c.bytes);
    console.log(
      `${file}: case ${index} (${c.kind}), ${c.bytes.length} bytes, imported as “${c.path}”`
    );
  })();
}
