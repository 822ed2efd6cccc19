import { cellId, getFormat, type CellRef, type FormatId, type TableId } from "../../src/format";
import { a1 } from "../../src/layout";
import type { Report } from "../../src/report";
import type { RawValue } from "../../src/values";
import { parseRangeRef } from "../../src/xlsx/names";
import { tableGeometry } from "../../src/excel/geometry";
import { FLAG_LOOK, tableName, type ExcelRun } from "../../src/excel";
import { createFakeExcel, type FakeExcel, type HostProfile } from "../fake-excel";
import { buildReport } from "../helpers/reports";

/** A fake workbook and the batch runner the adapter takes. */
export function setup(sheets: string[] = ["Sheet1"]): { fake: FakeExcel; run: ExcelRun } {
  const fake = createFakeExcel({ sheets, now: () => new Date(Date.UTC(2026, 0, 15)) });
  return { fake, run: (batch) => fake.Excel.run(batch) };
}

/**
 * A fake workbook standing for a host (its requirement sets), with its `Office` global installed so that the adapter
 * asks it what it supports; `uninstall()` puts the globals back.
 */
export function setupHost(host: HostProfile): {
  fake: FakeExcel;
  run: ExcelRun;
  uninstall: () => void;
} {
  const fake = createFakeExcel({
    sheets: ["Sheet1"],
    now: () => new Date(Date.UTC(2026, 0, 15)),
    host,
  });
  const uninstall = fake.install();
  return { fake, run: (batch) => fake.Excel.run(batch), uninstall };
}

export const AGENCY = "某市交通运输局";

/** A consistent report (every hard rule holds): small, varied numbers in the cells a clerk counts. */
export function goodReport(format: FormatId, year = format === "2021" ? 2025 : 2020): Report {
  let n = 0;
  return buildReport(
    format,
    (c) => (c.table === "二" && c.row === "rules" ? 0 : ((n++ * 7) % 9) + 1),
    { year, agency: AGENCY }
  );
}

/** Where a table of a report is now, from its workbook name (it follows inserted rows, moves and renames). */
export function tableOrigin(
  fake: FakeExcel,
  uid: string,
  table: TableId
): { sheet: string; top: number; left: number } {
  const name = fake.names().find((n) => n.name === tableName(uid, table));
  if (!name) throw new Error(`no name ${tableName(uid, table)}`);
  const r = parseRangeRef(name.formula.replace(/^=/, ""))!;
  return { sheet: r.sheet!, top: r.top, left: r.left };
}

/** The sheet-qualified address of a report cell, found through the table's name. */
export function addressOf(fake: FakeExcel, uid: string, format: FormatId, ref: CellRef): string {
  const o = tableOrigin(fake, uid, ref.table);
  const at = tableGeometry(format, ref.table).entries.get(cellId(ref))!;
  return `'${o.sheet.replace(/'/g, "''")}'!${a1(o.top + at.row, o.left + at.col)}`;
}

/** Type a value into a report cell as a clerk would leave it: numbers as numbers, text as text, null as empty. */
export function typeInto(fake: FakeExcel, address: string, raw: RawValue): void {
  if (raw === null) fake.setCell(address, "");
  else if (typeof raw === "number") fake.setCell(address, raw);
  else fake.setCell(address, `'${raw}`); // the text prefix: Excel keeps "12", "1,234", "#REF!" as text
}

/** Fill every entry cell of a report sheet from a report. */
export function fillSheet(fake: FakeExcel, uid: string, report: Report): void {
  for (const ref of getFormat(report.format).cells) {
    const id = cellId(ref);
    if (report.values.has(id))
      typeInto(fake, addressOf(fake, uid, report.format, ref), report.values.get(id) ?? null);
  }
}

/** Addresses (sheet-qualified) of the cells that carry the add-in's error, warning or light fill. */
export function flaggedCells(
  fake: FakeExcel,
  sheet: string
): Map<string, "error" | "warning" | "light"> {
  const out = new Map<string, "error" | "warning" | "light">();
  const snap = fake.snapshot(sheet);
  for (const [address, cell] of Object.entries(snap.cells)) {
    const fill = cell.style?.fill;
    const q = `'${sheet}'!${address}`;
    if (fill === FLAG_LOOK.error.fill) out.set(q, "error");
    else if (fill === FLAG_LOOK.warning.fill) out.set(q, "warning");
    else if (fill === FLAG_LOOK.light.fill) out.set(q, "light");
  }
  return out;
}

/** Syncs of the last operation, split into reads (no write applied) and writes. */
export function syncSplit(
  fake: FakeExcel,
  from: number
): { total: number; reads: number; writes: number } {
  const total = fake.syncCount() - from;
  const writing = new Set(
    fake
      .writes()
      .filter((w) => w.sync > from)
      .map((w) => w.sync)
  );
  return { total, reads: total - writing.size, writes: writing.size };
}
