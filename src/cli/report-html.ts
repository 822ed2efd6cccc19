import { writeFile } from "node:fs/promises";
import type { Confrontation } from "../check";
import { formatFinding } from "../messages";
import { STATUS, type SummaryFailure, type SummaryReport } from "./summary";

/**
 * `nianbao check … --report 报告.html`: a supervisor's overview of a batch as one self-contained page — no network,
 * no external script, style or font file: three bar charts drawn as inline SVG (reports by status, findings by rule,
 * agencies with the most errors) and a table of every file that sorts by any column (a few lines of inline script;
 * without script the table is still there, in file order). Text is laid out in the system's CJK fonts.
 */

type Status = keyof typeof STATUS;

export interface Bar {
  label: string;
  value: number;
  /** CSS class of the bar: error, warning, clean, unchecked, failed. */
  kind: string;
  /** Hover text (the rule's full name, an agency's counts). */
  title?: string;
}

const esc = (s: string) =>
  s
    // Control characters from a report's text (ANSI escapes) never reach the page.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

function statusOf(r: SummaryReport): Exclude<Status, "failed"> {
  if (r.unchecked) return "unchecked";
  const s = r.result.summary();
  return s.errors ? "error" : s.warnings ? "warning" : "clean";
}

/** The figures the charts draw, computed apart from the drawing (tests compare the SVG with these). */
export function overview(
  reports: readonly SummaryReport[],
  failures: readonly SummaryFailure[] = []
): { byStatus: Bar[]; byRule: Bar[]; byAgency: Bar[] } {
  const counts: Record<Status, number> = {
    error: 0,
    warning: 0,
    clean: 0,
    unchecked: 0,
    failed: failures.length,
  };
  const rules = new Map<string, { errors: number; warnings: number }>();
  const agencies = new Map<string, { errors: number; warnings: number; reports: number }>();
  for (const r of reports) {
    counts[statusOf(r)]++;
    for (const f of r.result.findings) {
      if (f.severity === "warning" && f.explanation) continue;
      const e = rules.get(f.rule) ?? { errors: 0, warnings: 0 };
      if (f.severity === "error") e.errors++;
      else e.warnings++;
      rules.set(f.rule, e);
    }
    const name = r.result.report.agency ?? "（未署单位）";
    const a = agencies.get(name) ?? { errors: 0, warnings: 0, reports: 0 };
    const s = r.result.summary();
    a.errors += s.errors;
    a.warnings += s.warnings;
    a.reports++;
    agencies.set(name, a);
  }
  // 无法核对 (no table could be checked) is drawn only when there is such a report.
  const byStatus: Bar[] = (["error", "warning", "clean", "unchecked", "failed"] as const)
    .filter((k) => k !== "unchecked" || counts[k] > 0)
    .map((k) => ({ label: STATUS[k], value: counts[k], kind: k }));
  const byRule: Bar[] = [...rules]
    .map(([rule, c]) => ({
      label: rule,
      value: c.errors + c.warnings,
      kind: c.errors ? "error" : "warning",
      title: `${rule}：${c.errors} 个错误，${c.warnings} 条提示`,
    }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
    .slice(0, 15);
  const byAgency: Bar[] = [...agencies]
    .filter(([, a]) => a.errors > 0)
    .map(([agency, a]) => ({
      label: agency,
      value: a.errors,
      kind: "error",
      title: `${agency}：${a.reports} 份报告，${a.errors} 个错误，${a.warnings} 条提示`,
    }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
    .slice(0, 10);
  return { byStatus, byRule, byAgency };
}

/** A horizontal bar chart as inline SVG; every bar a <rect> carrying its label and value as data attributes. */
/** A label cut to about `px` pixels at 13 px: CJK characters are a full em wide, others about half. */
function fit(label: string, px: number): string {
  let width = 0;
  for (let i = 0; i < label.length; i++) {
    width += /[\u2e80-\uffff]/.test(label[i]) ? 13 : 7.5;
    if (width > px) return `${label.slice(0, Math.max(1, i - 1))}…`;
  }
  return label;
}

/** Width of the longest bar, in px. */
export const BAR_AREA = 300;

export function barChart(id: string, title: string, bars: readonly Bar[]): string {
  const labelWidth = 200;
  const barArea = BAR_AREA;
  const rowHeight = 26;
  const top = 8;
  const height = top * 2 + Math.max(bars.length, 1) * rowHeight;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barArea));
    const label = fit(b.label, labelWidth - 12);
    return (
      `<g class="bar"><title>${esc(b.title ?? `${b.label}：${b.value}`)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${esc(label)}</text>` +
      `<rect class="${b.kind}" x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}" ` +
      `data-label="${esc(b.label)}" data-value="${b.value}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 17}" class="value">${b.value}</text></g>`
    );
  });
  const empty = bars.length
    ? ""
    : `<text x="${labelWidth}" y="${top + 17}" class="value">（无）</text>`;
  return (
    `<figure id="${id}"><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" ` +
    `width="${labelWidth + barArea + 60}" height="${height}" viewBox="0 0 ${labelWidth + barArea + 60} ${height}">` +
    `${rows.join("")}${empty}</svg></figure>`
  );
}

const CSS = `
:root { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Micro Hei", sans-serif; color: #222; }
body { margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: #555; margin: 0 0 16px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px 32px; }
figure { margin: 0; }
figcaption { font-weight: bold; margin: 0 0 4px; }
svg text { font-size: 13px; fill: #222; }
svg text.value { fill: #555; }
rect.error { fill: #c0392b; }
rect.warning { fill: #e0a100; }
rect.clean { fill: #2e8b57; }
rect.unchecked { fill: #5d6d7e; }
rect.failed { fill: #7f8c8d; }
table { border-collapse: collapse; margin-top: 24px; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #d9e1f2; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.n { text-align: right; }
tr.error td { background: #ffc7ce; }
tr.warning td { background: #ffeb9c; }
tr.clean td { background: #c6efce; }
tr.unchecked td, tr.failed td { background: #e5e5e5; }
`;

/** Sorting: click a header to sort by it (numbers as numbers), again to reverse. */
const SCRIPT = `
document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var key = function (tr) { var c = tr.cells[col]; return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent; };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var r = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
      return r * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
`;

const COLUMNS = ["文件", "单位", "年度", "格式", "错误", "提示", "状态", "主要问题"];

function topFinding(result: Confrontation): string {
  const f = result.errors()[0] ?? result.warnings()[0];
  return f ? `${f.rule}：${formatFinding(result.model, f)}` : "";
}

/** The whole page. */
export function buildHtmlReport(
  reports: readonly SummaryReport[],
  failures: readonly SummaryFailure[] = [],
  generated: Date = new Date()
): string {
  const { byStatus, byRule, byAgency } = overview(reports, failures);
  const cell = (text: string, cls = "", sort?: string | number) =>
    `<td${cls ? ` class="${cls}"` : ""}${sort !== undefined ? ` data-sort="${esc(String(sort))}"` : ""}>${esc(text)}</td>`;
  const rows = reports.map((r) => {
    const { report } = r.result;
    const s = r.result.summary();
    const st = statusOf(r);
    return (
      `<tr class="${st}">` +
      cell(r.file) +
      cell(report.agency ?? "") +
      cell(report.year ? String(report.year) : "", "n") +
      cell(`${report.format} 年版`) +
      cell(String(s.errors), "n") +
      cell(String(s.warnings), "n") +
      cell(STATUS[st]) +
      cell(topFinding(r.result)) +
      `</tr>`
    );
  });
  for (const f of failures)
    rows.push(
      `<tr class="failed">${cell(f.file)}${cell("")}${cell("", "n", "")}${cell("")}` +
        `${cell("", "n", -1)}${cell("", "n", -1)}${cell(STATUS.failed)}${cell(f.message)}</tr>`
    );
  const total = reports.length + failures.length;
  const stamp = `${generated.getFullYear()}-${String(generated.getMonth() + 1).padStart(2, "0")}-${String(generated.getDate()).padStart(2, "0")}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开工作年度报告核对汇总</title>
<style>${CSS}</style>
</head>
<body>
<h1>政府信息公开工作年度报告核对汇总</h1>
<p class="meta">共 ${total} 个文件：${byStatus.map((b) => `${b.label} ${b.value}`).join("，")}。生成于 ${stamp}（nianbao 政务公开年报助手）。</p>
<div class="charts">
${barChart("by-status", "报告状态", byStatus)}
${barChart("by-rule", "问题按规则（前 15 条）", byRule)}
${barChart("by-agency", "错误最多的单位（前 10 个）", byAgency)}
</div>
<table class="sortable" id="reports">
<thead><tr>${COLUMNS.map((c) => `<th scope="col">${c}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export async function writeHtmlReport(
  path: string,
  reports: readonly SummaryReport[],
  failures: readonly SummaryFailure[] = []
): Promise<void> {
  await writeFile(path, buildHtmlReport(reports, failures), "utf8");
}
