import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cellId, getFormat, type TableId } from "../../src/format";
import type { Report } from "../../src/report";
import type { RawValue } from "../../src/values";
import { importBytes } from "../../src/importers";

export const FIXTURES = join(__dirname, "..", "fixtures", "corpus");

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** Import a corpus fixture through the registry (by content and extension), failing the test if unreadable. */
export async function load(name: string): Promise<Report> {
  const r = await importBytes(join(FIXTURES, name), fixture(name));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.report;
}

/** A row's values (undefined for cells not given). */
export function row(report: Report, table: TableId, key: string): (RawValue | undefined)[] {
  const model = getFormat(report.format);
  return model
    .columnsOf(table, key)
    .map((column) => report.values.get(cellId({ table, row: key, column })));
}

export type TablesSpec = Partial<Record<TableId, Record<string, RawValue[]>>>;

/**
 * Every row given in `spec` has exactly those values; with `restZero`, every other row of every table is given and 0
 * (the full reports print 0 for everything they do not list).
 */
export function expectTables(
  report: Report,
  spec: TablesSpec,
  options: { restZero?: boolean; skipUncertain?: boolean } = {}
): string[] {
  const model = getFormat(report.format);
  const problems: string[] = [];
  for (const t of model.tables) {
    const rows = spec[t.id] ?? {};
    for (const r of t.rows) {
      const got = row(report, t.id, r.key);
      const unsure = model
        .columnsOf(t.id, r.key)
        .some((column) => report.uncertain?.has(cellId({ table: t.id, row: r.key, column })));
      if (!rows[r.key] && options.skipUncertain && unsure) continue;
      const want = rows[r.key] ?? (options.restZero ? got.map(() => 0) : undefined);
      if (!want) continue;
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(
          `表${t.id} ${r.key}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`
        );
    }
    for (const key of Object.keys(rows))
      if (!t.rows.some((r) => r.key === key)) problems.push(`表${t.id}: no row ${key}`);
  }
  return problems;
}

/** Rows of a table that have at least one given cell. */
export function rowsPresent(report: Report, table: TableId): string[] {
  const model = getFormat(report.format);
  return model
    .table(table)
    .rows.filter((r) => row(report, table, r.key).some((v) => v !== undefined))
    .map((r) => r.key);
}

export function codes(report: Report): string[] {
  return (report.notes ?? []).map((n) => n.code);
}
