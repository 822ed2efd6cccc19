import { cellId } from "../format";
import type { Publication, PublishedParagraph } from "./document";
import type { PrintedTable } from "./tables";

/**
 * The report as HTML: the tables as a fragment a clerk pastes into the site's content system, and the whole report as
 * a standalone page. Plain markup a government CMS keeps: <table> with rowspan/colspan, inline styles only (no
 * classes, no <style> block a CMS strips, no scripts), widths in percent so the table fits the column it is put in.
 */

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const FONT = "font-family:宋体,SimSun,serif;";
const TABLE_STYLE = `border-collapse:collapse;width:100%;${FONT}font-size:14px;line-height:1.5;`;
const CELL = "border:1px solid #000;padding:2px 4px;vertical-align:middle;";
const STYLE: Record<string, string> = {
  heading: `${CELL}text-align:left;background-color:#c6d9f1;`,
  header: `${CELL}text-align:center;`,
  label: `${CELL}text-align:left;`,
  entry: `${CELL}text-align:center;`,
};

/** One table as HTML markup, its numbers from the publication. */
export function tableHtml(table: PrintedTable, printed: Map<string, string>): string {
  const total = table.widths.reduce((s, w) => s + w, 0);
  const cols = table.widths
    .map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%" />`)
    .join("");
  const rows: string[] = [];
  for (let r = 0; r < table.rows; r++) {
    const cells = table.cells
      .filter((c) => c.row === r)
      .map((c) => {
        const span =
          (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : "") +
          (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : "");
        const text = c.ref ? (printed.get(cellId(c.ref)) ?? "") : (c.text ?? "");
        return `<td${span} style="${STYLE[c.role]}">${escapeHtml(text)}</td>`;
      });
    rows.push(`<tr>${cells.join("")}</tr>`);
  }
  return `<table style="${TABLE_STYLE}"><colgroup>${cols}</colgroup><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

const P_STYLE = `${FONT}font-size:16px;line-height:1.8;text-indent:2em;margin:0 0 8px 0;`;
const H_STYLE = `${FONT}font-size:16px;font-weight:bold;margin:16px 0 8px 0;`;

const paragraph = (p: PublishedParagraph) =>
  `<p style="${P_STYLE}${p.placeholder ? "color:#c00000;" : ""}">${escapeHtml(p.text)}</p>`;

/** The whole report as a fragment: headings, text and tables, for a CMS's content field. */
export function publicationFragment(p: Publication): string {
  const parts: string[] = [
    `<h1 style="${FONT}font-size:22px;font-weight:bold;text-align:center;">${escapeHtml(p.title)}</h1>`,
  ];
  parts.push(...p.preface.map(paragraph));
  for (const s of p.sections) {
    parts.push(`<h2 style="${H_STYLE}">${escapeHtml(s.heading)}</h2>`);
    parts.push(...s.paragraphs.map(paragraph));
    const table = s.table && p.tables.find((t) => t.id === s.table);
    if (table) parts.push(tableHtml(table, p.printed));
  }
  return parts.join("\n");
}

/** Only the three tables, each under its section heading: what a clerk pastes when the text is already on the site. */
export function tablesFragment(p: Publication): string {
  return p.sections
    .filter((s) => s.table)
    .map(
      (s) =>
        `<h2 style="${H_STYLE}">${escapeHtml(s.heading)}</h2>\n${tableHtml(
          p.tables.find((t) => t.id === s.table)!,
          p.printed
        )}`
    )
    .join("\n");
}

/** A standalone page: the fragment in a minimal HTML5 document (UTF-8, the title as <title>, no scripts). */
export function publicationPage(p: Publication): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="zh-CN">',
    "<head>",
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeHtml(p.title)}</title>`,
    "</head>",
    `<body style="max-width:800px;margin:24px auto;padding:0 16px;">`,
    publicationFragment(p),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
