/**
 * The test's side of the sandbox: where the adapter put each report (from the workbook names it keeps, NB_<uid>_T3 …),
 * the address of every entry cell, the report as the workbook holds it, and what the pane shows — so a test can
 * confront the same values with the engine in Node and compare.
 */
import type { Page } from "playwright-core";
import { cellId, getFormat, type CellRef, type FormatId, type TableId } from "../../src/format";
import { a1, entryPositions } from "../../src/layout";
import { createReport, type Report } from "../../src/report";
import type { RawValue } from "../../src/values";

export interface PlacedReport {
  uid: string;
  sheet: string;
  format: FormatId;
  /** Top-left corner of each table, 0-based. */
  tables: Map<TableId, { top: number; left: number }>;
}

function colIndex(letters: string): number {
  return letters.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** `='2025年报'!$A$21:$J$48` → sheet and top-left. */
function parseReference(formula: string): { sheet: string; top: number; left: number } | undefined {
  const m = /^=(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)/.exec(formula);
  if (!m) return undefined;
  return { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), top: Number(m[4]) - 1, left: colIndex(m[3]) };
}

export async function placedReports(page: Page): Promise<PlacedReport[]> {
  const { names, settings } = await page.evaluate(() => ({
    names: window.nianbaoSandbox!.fake.names(),
    settings: window.nianbaoSandbox!.fake.settings(),
  }));
  const byUid = new Map<string, PlacedReport>();
  for (const n of names) {
    const m = /^NB_([a-z0-9]+)_T([234])$/i.exec(n.name);
    const ref = m && parseReference(n.formula);
    if (!m || !ref) continue;
    const table = ({ 2: "二", 3: "三", 4: "四" } as const)[m[2] as "2" | "3" | "4"];
    const stored = settings[`NB_${m[1]}`] as { format?: FormatId } | undefined;
    const placed = byUid.get(m[1]) ?? {
      uid: m[1],
      sheet: ref.sheet,
      format: stored?.format ?? "2021",
      tables: new Map(),
    };
    placed.tables.set(table, { top: ref.top, left: ref.left });
    byUid.set(m[1], placed);
  }
  return [...byUid.values()];
}

export function position(placed: PlacedReport, ref: CellRef): { row: number; col: number } {
  const corner = placed.tables.get(ref.table)!;
  const at = entryPositions(placed.format, ref.table).find((p) => cellId(p.ref) === cellId(ref))!;
  return { row: corner.top + at.row, col: corner.left + at.col };
}

/** "D24" */
export function localAddress(placed: PlacedReport, ref: CellRef): string {
  const p = position(placed, ref);
  return a1(p.row, p.col);
}

export function address(placed: PlacedReport, ref: CellRef): string {
  return `'${placed.sheet.replace(/'/g, "''")}'!${localAddress(placed, ref)}`;
}

/** The bounding rectangle of cells, as the fake reports a selection ("D24" or "D24:J24"). */
export function boundingAddress(placed: PlacedReport, cells: CellRef[]): string {
  const ps = cells.map((c) => position(placed, c));
  const [r0, r1] = [Math.min(...ps.map((p) => p.row)), Math.max(...ps.map((p) => p.row))];
  const [c0, c1] = [Math.min(...ps.map((p) => p.col)), Math.max(...ps.map((p) => p.col))];
  return r0 === r1 && c0 === c1 ? a1(r0, c0) : `${a1(r0, c0)}:${a1(r1, c1)}`;
}

/**
 * What Excel selects for cells (src/excel/fix.ts selectCells): all of them when they fill their bounding rectangle,
 * else the first alone (Excel has no multi-area select).
 */
export function selectedAddress(placed: PlacedReport, cells: CellRef[]): string {
  const ps = cells.map((c) => position(placed, c));
  const rows = ps.map((p) => p.row);
  const cols = ps.map((p) => p.col);
  const area =
    (Math.max(...rows) - Math.min(...rows) + 1) * (Math.max(...cols) - Math.min(...cols) + 1);
  const distinct = new Set(ps.map((p) => `${p.row}:${p.col}`)).size;
  return area === distinct ? boundingAddress(placed, cells) : localAddress(placed, cells[0]);
}

/** Writes every cell of a report into its sheet in one batch. */
export async function fillSheet(page: Page, placed: PlacedReport, report: Report): Promise<void> {
  const entries: [string, number | string | null][] = getFormat(placed.format).cells.map((c) => [
    address(placed, c),
    (report.values.get(cellId(c)) ?? null) as RawValue,
  ]);
  await page.evaluate((e) => window.nianbaoSandbox!.fill(e), entries);
}

/** The report as the workbook holds it now (what the adapter reads: "" is blank). */
export async function readSheet(
  page: Page,
  placed: PlacedReport,
  meta: Partial<Omit<Report, "format" | "values">> = {}
): Promise<Report> {
  const cells = getFormat(placed.format).cells;
  const addresses = cells.map((c) => address(placed, c));
  const values = await page.evaluate(
    (list) => list.map((a) => window.nianbaoSandbox!.fake.values(a)[0][0]),
    addresses
  );
  const report = createReport(placed.format, meta);
  cells.forEach((c, i) =>
    report.values.set(cellId(c), values[i] === "" ? null : (values[i] as RawValue))
  );
  return report;
}

export interface ShownFinding {
  rule: string;
  key: string;
  severity: "error" | "warning" | "explained";
  text: string;
}

/** The findings the pane shows for a sheet, in order. */
export async function shownFindings(page: Page, sheet: string): Promise<ShownFinding[]> {
  return page.evaluate((name) => {
    const article = [...document.querySelectorAll<HTMLElement>("#app article.sheet")].find(
      (a) => a.dataset.sheet === name
    );
    if (!article) return [];
    return [...article.querySelectorAll<HTMLElement>("li.finding")].map((li) => ({
      rule: li.dataset.rule!,
      key: li.dataset.key!,
      severity: (li.classList.contains("finding-error")
        ? "error"
        : li.classList.contains("finding-warning")
          ? "warning"
          : "explained") as ShownFinding["severity"],
      text: li.querySelector(".finding-main")!.textContent ?? "",
    }));
  }, sheet);
}

/** The map's cells of a sheet: cellId → state and accessible name. */
export async function shownMap(
  page: Page,
  sheet: string
): Promise<Map<string, { state: string; label: string }>> {
  const list = await page.evaluate((name) => {
    const article = [...document.querySelectorAll<HTMLElement>("#app article.sheet")].find(
      (a) => a.dataset.sheet === name
    );
    return [...(article?.querySelectorAll<HTMLElement>(".map-cell[data-cell]") ?? [])].map(
      (c) => [c.dataset.cell!, c.dataset.state!, c.getAttribute("aria-label") ?? ""] as const
    );
  }, sheet);
  return new Map(list.map(([id, state, label]) => [id, { state, label }]));
}
