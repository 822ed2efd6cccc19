import assert from "node:assert/strict";
import { parseDocument } from "htmlparser2";
import { performance } from "node:perf_hooks";
import { limitDepth, parseHtml } from "../../src/importers/html";
import { seededRandom } from "../helpers/reports";
import { fixture } from "./helpers";

/**
 * Deeply nested pages. htmlparser2 spends time in proportion to the nesting depth on every tag, so a page nested 50,000
 * deep took seconds; elements nesting more than 512 levels below them are left out before parsing (limitDepth), which
 * must leave every ordinary page exactly as it is and, for the others, give the same tree minus that wrapping.
 */

interface El {
  name: string;
  parent: number;
  height: number;
}

const VOID = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "img",
  "input",
  "isindex",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** The page's elements in document order (parent index, levels of nesting from it down) and its text. */
function tree(html: string): { els: El[]; text: string } {
  type Node = { type: string; name?: string; data?: string; children?: Node[] };
  const doc = parseDocument(html, { decodeEntities: true }) as unknown as Node;
  const els: El[] = [];
  let text = "";
  const stack: [Node, number][] = [[doc, -1]];
  while (stack.length) {
    const [n, parent] = stack.pop()!;
    let me = parent;
    if (n.type === "text") text += n.data;
    if ((n.type === "tag" || n.type === "script" || n.type === "style") && !VOID.has(n.name!)) {
      els.push({ name: n.name!, parent, height: 1 });
      me = els.length - 1;
    }
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], me]);
  }
  for (let i = els.length - 1; i >= 0; i--)
    if (els[i].parent >= 0)
      els[els[i].parent].height = Math.max(els[els[i].parent].height, els[i].height + 1);
  return { els, text };
}

/** A page nested about `depth` deep in assorted ways: implied closes (<p>, <td>, <li>), unclosed and stray tags. */
function nestedPage(depth: number, seed: number): string {
  const r = seededRandom(seed);
  const open = ["div", "span", "table", "b", "ul", "section", "font"];
  let html = "<html><head><title>某县2023年政府信息公开工作年度报告</title></head><body>";
  const closes: string[] = [];
  for (let i = 0; i < depth; i++) {
    const x = r();
    if (x < 0.08) html += "<p>段落";
    else if (x < 0.12) html += `<td>${i}</td>`;
    else if (x < 0.15) html += "<li>条目";
    else if (x < 0.17) html += "</span>";
    else if (x < 0.19) html += "<br>文字<img src=x>";
    else {
      const tag = open[Math.floor(r() * open.length)];
      html += `<${tag} class="c${i}">`;
      closes.push(`</${tag}>`);
    }
    if (r() < 0.1) html += `文本${i}`;
  }
  html += "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>7</td></tr></table>";
  while (closes.length) {
    html += closes.pop();
    if (r() < 0.05) html += `尾${closes.length}`;
  }
  return `${html}</body></html>`;
}

describe("importers: deeply nested HTML", function () {
  this.timeout(60_000);

  it("pages nesting at most 512 deep are parsed as they are", () => {
    for (const html of [
      fixture("003.html").toString("utf8"),
      nestedPage(400, 1),
      `<body>${"<p>x".repeat(5000)}${"<div>y</div>".repeat(2000)}</body>`,
    ])
      assert.equal(limitDepth(html), html);
  });

  for (const seed of [1, 2, 3]) {
    it(`a page nested 2,000 deep (seed ${seed}): the same tree and text, minus the elements nesting more than 512 below them`, () => {
      const html = nestedPage(2000, seed);
      const before = tree(html);
      assert.ok(Math.max(...before.els.map((e) => e.height)) > 1000, "the page does nest deep");
      const after = tree(limitDepth(html));
      assert.equal(after.text, before.text);
      // The elements kept, each with its nearest kept ancestor.
      const kept = new Map<number, number>();
      const expected: string[] = [];
      before.els.forEach((e, i) => {
        if (e.height > 512) return;
        let p = e.parent;
        while (p >= 0 && before.els[p].height > 512) p = before.els[p].parent;
        kept.set(i, expected.length);
        expected.push(`${e.name}<${p < 0 ? -1 : kept.get(p)}`);
      });
      assert.deepEqual(
        after.els.map((e) => `${e.name}<${e.parent}`),
        expected
      );
      assert.ok(Math.max(...after.els.map((e) => e.height)) <= 512);
    });
  }

  it("a report table wrapped in 50,000 <div>s (or <table>s): read in linear time, the table found", () => {
    for (const tag of ["div", "table", "span"]) {
      const inner = "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>";
      const html = `<html><body>${`<${tag} rowspan="99999999999">`.repeat(50_000)}${inner}${`</${tag}>`.repeat(50_000)}</body></html>`;
      const t = performance.now();
      const page = parseHtml(html);
      const ms = performance.now() - t;
      assert.ok(ms < 3000, `${tag}: ${ms.toFixed(0)} ms`);
      assert.deepEqual(
        page.grids.map((g) => g.map((row) => row.map((c) => c.text))),
        [[["一、本年新收政府信息公开申请数量", "1"]]]
      );
    }
  });
});
