import { cellId, getFormat, type CellRef, type FormatId, type FormatModel } from "../../src/format";
import { seededRandom } from "../helpers/reports";

/**
 * Rendering a report the way published pages print it, for the round-trip property test: the same labels and values
 * in each layout seen in the corpus (flattened with digits run together, pipe rows, one cell per line, one cell per
 * paragraph, an HTML table with merged cells).
 */

export type Values = Map<string, number>;

/** A small deterministic PRNG, so a fast-check seed reproduces a whole report and its rendering. */
export const rng = seededRandom;

/** A count: mostly 0, sometimes small, now and then large. */
function count(r: () => number, zeroBias = 0.6): number {
  const x = r();
  if (x < zeroBias) return 0;
  if (x < 0.9) return 1 + Math.floor(r() * 9);
  if (x < 0.98) return 10 + Math.floor(r() * 90);
  return 100 + Math.floor(r() * 900);
}

/** A report that satisfies every hard rule (R3-1, R3-2, R3-3, R4-1..3). */
export function randomReport(format: FormatId, seed: number): Values {
  const r = rng(seed);
  const model = getFormat(format);
  const v: Values = new Map();
  const set = (ref: CellRef, n: number) => v.set(cellId(ref), n);
  // Table 二: no rules; kinds matter.
  for (const row of model.table("二").rows)
    for (const column of model.columnsOf("二", row.key)) {
      const ref = { table: "二" as const, row: row.key, column };
      const kind = model.kindOf(ref);
      let n = count(r, 0.4);
      if (kind === "signed" && r() < 0.3) n = -n;
      if ((kind === "money" || kind === "amount") && r() < 0.5)
        n = Math.round(n * 100 + r() * 99) / 100;
      set(ref, n);
    }
  // Table 三: result rows random, totals derived, then 新收/结转/结转下年 balanced per column.
  const t3 = model.table("三");
  const applicant = t3.columns.filter((c) => !c.total).map((c) => c.key);
  const totalCol = t3.columns.find((c) => c.total)!.key;
  const results = t3.rows.filter((row) => row.result).map((row) => row.key);
  const colSum = new Map<string, number>(applicant.map((c) => [c, 0]));
  const rowWithTotal = (key: string, cells: number[]) => {
    cells.forEach((n, i) => set({ table: "三", row: key, column: applicant[i] }, n));
    set(
      { table: "三", row: key, column: totalCol },
      cells.reduce((s, n) => s + n, 0)
    );
  };
  for (const key of results) {
    const cells = applicant.map((_, i) => count(r, i === 0 ? 0.55 : 0.85));
    cells.forEach((n, i) => colSum.set(applicant[i], colSum.get(applicant[i])! + n));
    rowWithTotal(key, cells);
  }
  const totals = applicant.map((c) => colSum.get(c)!);
  rowWithTotal("resultsTotal", totals);
  const next = applicant.map(() => count(r, 0.8));
  const carried = applicant.map((_, i) => Math.floor(r() * (totals[i] + next[i] + 1) * 0.3));
  const fresh = applicant.map((_, i) => totals[i] + next[i] - carried[i]);
  rowWithTotal("new", fresh);
  rowWithTotal("carried", carried);
  rowWithTotal("next", next);
  // Table 四.
  for (const row of model.table("四").rows) {
    const cols = model.columnsOf("四", row.key);
    const parts = cols.slice(0, -1).map(() => count(r, 0.7));
    parts.forEach((n, i) => set({ table: "四", row: row.key, column: cols[i] }, n));
    set(
      { table: "四", row: row.key, column: cols[cols.length - 1] },
      parts.reduce((s, n) => s + n, 0)
    );
  }
  return v;
}

/** The printed rows of a report: each a list of cells (labels and values), as the template lays them out. */
interface Printed {
  /** Text before each table. */
  heading: string;
  rows: { cells: string[]; values: number }[];
}

function fmt(n: number): string {
  return String(n);
}

function printTables(model: FormatModel, v: Values): Printed[] {
  const val = (table: "二" | "三" | "四", row: string, column: string) =>
    fmt(v.get(cellId({ table, row, column }))!);
  const out: Printed[] = [];
  // 二
  const t2 = model.table("二");
  const rows2: Printed["rows"] = [];
  for (const block of t2.blocks!) {
    rows2.push({ cells: [block.heading], values: 0 });
    rows2.push({
      cells: [block.corner, ...block.columns.map((c) => model.column("二", c).label)],
      values: 0,
    });
    for (const key of block.rows) {
      const cols = model.columnsOf("二", key);
      rows2.push({
        cells: [model.row("二", key).label, ...cols.map((c) => val("二", key, c))],
        values: cols.length,
      });
    }
  }
  out.push({ heading: "二、主动公开政府信息情况", rows: rows2 });
  // 三
  const t3 = model.table("三");
  const rows3: Printed["rows"] = [
    { cells: [t3.corner!, t3.columnHeader!], values: 0 },
    { cells: ["自然人", "法人或其他组织", "总计"], values: 0 },
    { cells: ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], values: 0 },
  ];
  const seen = new Set<string>();
  for (const row of t3.rows) {
    const groups = (row.groups ?? []).filter((g) => !seen.has(g));
    groups.forEach((g) => seen.add(g));
    rows3.push({
      cells: [...groups, row.label, ...t3.columns.map((c) => val("三", row.key, c.key))],
      values: 7,
    });
  }
  out.push({ heading: "三、收到和处理政府信息公开申请情况", rows: rows3 });
  // 四
  const t4 = model.table("四");
  const heads = t4.columns.map((c) => c.label);
  out.push({
    heading: "四、政府信息公开行政复议、行政诉讼情况",
    rows: [
      { cells: ["行政复议", "行政诉讼"], values: 0 },
      { cells: [...heads, "未经复议直接起诉", "复议后起诉"], values: 0 },
      { cells: [...heads, ...heads], values: 0 },
      {
        cells: t4.rows.flatMap((row) => t4.columns.map((c) => val("四", row.key, c.key))),
        values: 15,
      },
    ],
  });
  return out;
}

const INTRO =
  "某某县某某镇2022年政府信息公开工作年度报告\n一、总体情况\n本镇认真贯彻落实条例要求，做好政府信息公开工作。\n";
const OUTRO = "五、存在的主要问题及改进情况\n工作有待加强。\n六、其他需要报告的事项\n无。\n";

export const LAYOUTS = [
  "flattened",
  "pipes",
  "markdown",
  "cellPerLine",
  "paragraphs",
  "html",
] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Render in a layout; `r` decides the stray spaces of the flattened layout. */
export function render(format: FormatId, v: Values, layout: Layout, r: () => number): string {
  const model = getFormat(format);
  const tables = printTables(model, v);
  if (layout === "html") return renderHtml(model, v);
  let body = "";
  for (const t of tables) {
    body += `${t.heading}\n`;
    if (layout === "flattened") {
      // Everything on one line; values run together, with spaces now and then at cell boundaries and inside labels.
      let line = "";
      for (const row of t.rows) {
        const labels = row.cells.slice(0, row.cells.length - row.values);
        const values = row.cells.slice(row.cells.length - row.values);
        for (const l of labels)
          line +=
            (r() < 0.2 ? " " : "") +
            (r() < 0.1 && l.length > 3 ? `${l.slice(0, 2)} ${l.slice(2)}` : l);
        if (values.length && r() < 0.3) line += " ";
        values.forEach((x, i) => (line += (i > 0 && r() < 0.15 ? " " : "") + x));
      }
      body += `${line}\n`;
    } else if (layout === "pipes") {
      for (const row of t.rows)
        body += `${row.cells.join(" | ")} | ${"|".repeat(Math.floor(r() * 4))}\n`;
    } else if (layout === "markdown") {
      for (const row of t.rows) body += `| ${row.cells.join(" | ")} |\n`;
    } else if (layout === "cellPerLine") {
      for (const row of t.rows) body += `${row.cells.map((c) => `${c} |`).join("\n")}\n|||\n`;
    } else {
      for (const row of t.rows)
        body += `${row.cells.map((c) => `${r() < 0.2 ? "  " : ""}${c}`).join("\n\n")}\n\n`;
    }
  }
  return INTRO + body + OUTRO;
}

/** The tables as HTML with the template's merged cells (rowspan/colspan), some text with &nbsp; and <br>. */
export function renderHtml(model: FormatModel, v: Values): string {
  const val = (table: "二" | "三" | "四", row: string, column: string) =>
    fmt(v.get(cellId({ table, row, column }))!);
  const td = (text: string, attrs = "") => `<td${attrs}><p>${text}</p></td>`;
  let t2 = '<table border="1"><tbody>';
  const t2decl = model.table("二");
  const width = Math.max(...t2decl.blocks!.map((b) => b.columns.length)) + 1;
  for (const block of t2decl.blocks!) {
    t2 += `<tr>${td(block.heading, ` colspan="${width}"`)}</tr>`;
    const span = (i: number, n: number) =>
      i === n - 1 && n < width - 1 ? ` colspan="${width - n}"` : "";
    t2 += `<tr>${td(block.corner)}${block.columns.map((c, i) => td(model.column("二", c).label, span(i, block.columns.length))).join("")}</tr>`;
    for (const key of block.rows) {
      const cols = model.columnsOf("二", key);
      t2 += `<tr>${td(model.row("二", key).label)}${cols.map((c, i) => td(val("二", key, c), span(i, cols.length))).join("")}</tr>`;
    }
  }
  t2 += "</tbody></table>";

  const t3decl = model.table("三");
  let t3 = `<table><tbody><tr>${td(t3decl.corner!, ' colspan="3" rowspan="3"')}${td("申请人情况", ' colspan="7"')}</tr>`;
  t3 += `<tr>${td("自然人", ' rowspan="2"')}${td("法人或其他组织", ' colspan="5"')}${td("总计", ' rowspan="2"')}</tr>`;
  t3 += `<tr>${td("商业<br/>企业")}${td("科研&nbsp;机构")}${td("社会公益组织")}${td("法律服务机构")}${td("其他")}</tr>`;
  const rows = t3decl.rows;
  const seen = new Set<string>();
  for (const row of rows) {
    let cells = "";
    const groups = row.groups ?? [];
    groups.forEach((g, depth) => {
      if (seen.has(g)) return;
      seen.add(g);
      const spanRows = rows.filter((x) => (x.groups ?? [])[depth] === g).length;
      cells += td(g, ` rowspan="${spanRows}"`);
    });
    const labelSpan = 3 - groups.length;
    cells += td(row.label, labelSpan > 1 ? ` colspan="${labelSpan}"` : "");
    cells += t3decl.columns.map((c) => td(val("三", row.key, c.key))).join("");
    t3 += `<tr>${cells}</tr>`;
  }
  t3 += "</tbody></table>";

  const t4decl = model.table("四");
  const heads = t4decl.columns.map((c) => c.label);
  let t4 = `<table><tbody><tr>${td("行政复议", ' colspan="5"')}${td("行政诉讼", ' colspan="10"')}</tr>`;
  t4 += `<tr>${heads.map((h) => td(h, ' rowspan="2"')).join("")}${td("未经复议直接起诉", ' colspan="5"')}${td("复议后起诉", ' colspan="5"')}</tr>`;
  t4 += `<tr>${[...heads, ...heads].map((h) => td(h)).join("")}</tr>`;
  t4 += `<tr>${t4decl.rows.flatMap((row) => t4decl.columns.map((c) => td(val("四", row.key, c.key)))).join("")}</tr></tbody></table>`;

  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某县某某镇2022年政府信息公开工作年度报告_政府信息公开年报</title>
<script>var x = "<table><tr><td>1</td></tr></table>";</script></head><body>
<div class="nav">首页 &gt; 政务公开</div><h1>某某县某某镇2022年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本镇认真贯彻落实条例要求，做好政府信息公开工作。</p>
<p>二、主动公开政府信息情况</p>${t2}<p>三、收到和处理政府信息公开申请情况</p>${t3}
<p>四、政府信息公开行政复议、行政诉讼情况</p>${t4}<p>五、存在的主要问题及改进情况</p><p>工作有待加强。</p></body></html>`;
}
