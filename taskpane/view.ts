/**
 * What the pane shows, computed from the engine's Confrontation of each report sheet: findings grouped by table, the
 * suggested fixes attached to the finding they repair, and the state of every cell for the table maps. Pure data (no
 * DOM, no Office): the pane renders it, the browser tests compare it with `confront`.
 */
import type { Confrontation } from "../src/check";
import type { Finding } from "../src/findings";
import { cellId, type CellRef, type TableId } from "../src/format";
import type { Fix } from "../src/localize";
import { suspectsOf } from "../src/excel/suspects";
import type { InsertResult, WorkbookValidation } from "../src/excel/types";

/** A group of equally small fixes for the same broken equations: the best first, then the alternatives. */
export interface FixGroup {
  group: number;
  fixes: Fix[];
}

export interface FindingItem {
  finding: Finding;
  /** Fix groups shown under this finding (each group is shown once, under the first finding it repairs). */
  fixGroups: FixGroup[];
  /** A fix group shown under an earlier finding repairs this one too. */
  fixedAbove: boolean;
}

export interface TableSection {
  /** null: findings about the report as a whole (format year, import notes without cells). */
  table: TableId | null;
  items: FindingItem[];
}

/**
 * A cell's state on the map. "suspect": one of the cells of a broken equation that no best fix names (an alternative
 * fix changes it, or nothing tells which cell is wrong) — the light mark of the sheet.
 */
export type CellState = "ok" | "error" | "warning" | "suspect" | "fix";

export interface SheetFindings {
  sections: TableSection[];
  /** Tables with nothing typed in them yet (尚未填写): said in one line, not listed as findings. */
  unfilled: TableId[];
  explained: Finding[];
  /** Fix groups no finding names a cell of (rare: shown at the end of the sheet). */
  looseFixGroups: FixGroup[];
  /** State of every cell that is not ok, by cellId; the suggested value for "fix" cells. */
  cells: Map<string, { state: CellState; to?: number }>;
}

const TABLE_ORDER: (TableId | null)[] = ["二", "三", "四", null];

/** The table a finding is about (blank and missing findings name it in their detail; others by their cells). */
export function findingTable(f: Finding): TableId | null {
  if (f.detail.type === "blank" || f.detail.type === "missing") return f.detail.table;
  return f.cells[0]?.table ?? null;
}

export function fixGroups(fixes: readonly Fix[]): FixGroup[] {
  const byGroup = new Map<number, Fix[]>();
  for (const fix of fixes) {
    const list = byGroup.get(fix.group) ?? [];
    list.push(fix);
    byGroup.set(fix.group, list);
  }
  return [...byGroup.entries()].map(([group, list]) => ({
    group,
    fixes: list.sort((a, b) => a.rank - b.rank),
  }));
}

/** The 尚未填写 finding of a table nothing has been typed in. */
export function isUnfilled(f: Finding): boolean {
  return f.detail.type === "blank" && !!f.detail.unfilled;
}

export function sheetFindings(result: Confrontation): SheetFindings {
  const unfilled = result.findings.flatMap((f) =>
    f.detail.type === "blank" && f.detail.unfilled ? [f.detail.table] : []
  );
  const active = result.findings.filter(
    (f) => !(f.severity === "warning" && f.explanation) && !isUnfilled(f)
  );
  const explained = result.findings.filter((f) => f.severity === "warning" && f.explanation);
  const sections: TableSection[] = [];
  for (const table of TABLE_ORDER) {
    const findings = active.filter((f) => findingTable(f) === table);
    // Errors before warnings; within each, the engine's order (rule order).
    findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    if (findings.length)
      sections.push({
        table,
        items: findings.map((finding) => ({ finding, fixGroups: [], fixedAbove: false })),
      });
  }

  const groups = fixGroups(result.fixes);
  const items = sections.flatMap((s) => s.items);
  const looseFixGroups: FixGroup[] = [];
  for (const group of groups) {
    const changed = new Set(group.fixes.flatMap((fix) => fix.changes.map((c) => cellId(c.cell))));
    const touched = items.filter((item) => item.finding.cells.some((c) => changed.has(cellId(c))));
    if (!touched.length) {
      looseFixGroups.push(group);
      continue;
    }
    const [owner, ...others] = touched;
    owner.fixGroups.push(group);
    for (const other of others) if (!other.fixGroups.length) other.fixedAbove = true;
  }
  for (const item of items) if (item.fixGroups.length) item.fixedAbove = false;

  const cells = new Map<string, { state: CellState; to?: number }>();
  const rank: Record<CellState, number> = { ok: 0, suspect: 1, warning: 2, error: 3, fix: 4 };
  const mark = (ref: CellRef, state: CellState, to?: number) => {
    const id = cellId(ref);
    const now = cells.get(id);
    if (!now || rank[state] > rank[now.state])
      cells.set(id, to === undefined ? { state } : { state, to });
  };
  // The map points where the sheet's marks do (src/excel/suspects.ts): the likely culprits strongly, the other
  // candidates lightly, never a whole row or column for one broken sum (issue 9 item 2).
  for (const f of active) {
    const s = suspectsOf(result, f);
    for (const c of s.likely) mark(c, f.severity === "error" ? "error" : "warning");
    for (const c of s.possible) mark(c, f.severity === "error" ? "suspect" : "warning");
  }
  // The best fix of each group is what the map suggests (its alternatives are listed under the finding).
  for (const group of groups)
    for (const change of group.fixes[0].changes) mark(change.cell, "fix", change.to);
  return { sections, unfilled, explained, looseFixGroups, cells };
}

/** The whole workbook's counts, as the summary line says them. */
/** Errors, warnings (a table not yet filled in is not counted as one) and explained warnings of the sheets. */
export function totals(results: readonly Confrontation[]): {
  errors: number;
  warnings: number;
  explained: number;
  /** Sheets none of whose tables has been filled in. */
  unfilledSheets: number;
} {
  const out = { errors: 0, warnings: 0, explained: 0, unfilledSheets: 0 };
  for (const r of results) {
    const s = r.summary();
    const unfilled = r.findings.filter(isUnfilled).length;
    out.errors += s.errors;
    out.warnings += s.warnings - unfilled;
    out.explained += s.explained;
    if (unfilled === r.model.tables.length) out.unfilledSheets++;
  }
  return out;
}

/** 插入模板's status line: the pane's sentence, then what this Excel could not do (no data validation …), if anything. */
export function insertedText(inserted: string, result: InsertResult): string {
  return [inserted, ...result.problems.map((p) => p.message)].join(" ");
}

/**
 * The 注意 box of a validation: sheets that could not be read or marked, then what the clerk should know about the
 * marks on this Excel (no comments below ExcelApi 1.10, a comment Excel refused) — the adapter's plain Chinese.
 */
export function validationNotes(v: WorkbookValidation): string[] {
  return [...v.problems.map(describeProblem), ...(v.notices ?? [])];
}

/** An adapter problem (a sheet it could not read …) as one line of text. */
function describeProblem(p: unknown): string {
  if (typeof p === "string") return p;
  const o = p as { sheetName?: unknown; message?: unknown };
  const message = typeof o?.message === "string" ? o.message : JSON.stringify(p);
  return typeof o?.sheetName === "string" ? `${o.sheetName}：${message}` : message;
}
