import fc from "fast-check";
import {
  cellId,
  getFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableId,
} from "../../src/format";
import { createReport, setCell, type Report } from "../../src/report";
import type { RawValue } from "../../src/values";

/**
 * Reports for tests and benchmarks: consistent ones built from random detail cells with every total computed the way
 * the statutory tables define it, and small tools to perturb them. Totals are never drawn at random — only the cells a
 * clerk counts — so a generated report satisfies every hard rule by construction, not by asking the engine.
 */

export const FORMATS: readonly FormatId[] = ["2021", "2019"];

export const ref = (table: TableId, row: string, column: string): CellRef => ({
  table,
  row,
  column,
});

/** Whether a cell is a total (a 总计 row or column), as opposed to a detail cell a clerk counts. */
export function isTotalCell(model: FormatModel, c: CellRef): boolean {
  return !!model.row(c.table, c.row).total || !!model.column(c.table, c.column).total;
}

export function cellsOf(format: FormatId, table: TableId): CellRef[] {
  return getFormat(format).cells.filter((c) => c.table === table);
}

/** Applicant columns of table 三 (every column but 总计). */
export function applicantColumns(format: FormatId): string[] {
  return getFormat(format)
    .table("三")
    .columns.filter((c) => !c.total)
    .map((c) => c.key);
}

/** Result rows of table 三 (summed into （七）总计). */
export function resultRows(format: FormatId): string[] {
  return getFormat(format)
    .table("三")
    .rows.filter((r) => r.result)
    .map((r) => r.key);
}

/**
 * Build a consistent report from the cells a clerk counts. `detail` is asked for every cell of table 二, for table 三's
 * result rows, 上年结转 and 结转下年度 in the applicant columns, and for table 四's four results; everything else is
 * computed: 本年新收 = results + 结转下年度 − 上年结转 (R3-1), （七）总计 = Σ results (R3-3), every 总计 column = Σ
 * applicants (R3-2), table 四's 总计 = Σ results (R4-1..3).
 */
export function buildReport(
  format: FormatId,
  detail: (c: CellRef, model: FormatModel) => number,
  init: Partial<Omit<Report, "format" | "values">> = {}
): Report {
  const model = getFormat(format);
  const report = createReport(format, init);
  const values = new Map<string, number>();
  const put = (c: CellRef, v: number) => values.set(cellId(c), v);
  const get = (c: CellRef) => values.get(cellId(c)) ?? 0;

  for (const c of model.cells) if (c.table === "二") put(c, detail(c, model));

  const columns = applicantColumns(format);
  const results = resultRows(format);
  for (const column of columns) {
    for (const row of results) put(ref("三", row, column), detail(ref("三", row, column), model));
    put(ref("三", "next", column), detail(ref("三", "next", column), model));
    put(ref("三", "carried", column), detail(ref("三", "carried", column), model));
    const handled = results.reduce((s, row) => s + get(ref("三", row, column)), 0);
    put(ref("三", "resultsTotal", column), handled);
    const received = handled + get(ref("三", "next", column)) - get(ref("三", "carried", column));
    if (received < 0)
      throw new Error(
        `buildReport: 上年结转 in ${column} exceeds what was handled and carried forward`
      );
    put(ref("三", "new", column), received);
  }
  for (const row of model.table("三").rows)
    put(
      ref("三", row.key, "total"),
      columns.reduce((s, column) => s + get(ref("三", row.key, column)), 0)
    );

  for (const row of model.table("四").rows) {
    const parts = model.table("四").columns.filter((c) => !c.total);
    for (const column of parts)
      put(ref("四", row.key, column.key), detail(ref("四", row.key, column.key), model));
    put(
      ref("四", row.key, "total"),
      parts.reduce((s, column) => s + get(ref("四", row.key, column.key)), 0)
    );
  }

  for (const c of model.cells) setCell(report, c, get(c));
  return report;
}

/** Published reports are mostly zeros with a few counts, sometimes large ones. */
export const countArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 61, max: 2000 }) }
);

/** Values for table 二 by kind: money in 万元 with two decimals, signed 本年增/减 either way. */
function table2Value(kind: string): fc.Arbitrary<number> {
  if (kind === "money" || kind === "amount")
    return fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
  if (kind === "signed") return fc.integer({ min: -50, max: 50 });
  return countArb;
}

/** Draws for every detail cell; 上年结转 is drawn as a share of what was handled plus carried forward, so 本年新收 ≥ 0. */
function detailDraws(format: FormatId): fc.Arbitrary<Map<string, number>> {
  const model = getFormat(format);
  const counted = model.cells.filter(
    (c) => c.table !== "三" || (c.row !== "new" && c.row !== "resultsTotal" && c.column !== "total")
  );
  const draws = counted.map((c) =>
    c.table === "二"
      ? table2Value(model.kindOf(c))
      : c.table === "三" && c.row === "carried"
        ? fc.double({ min: 0, max: 1, noNaN: true })
        : countArb
  );
  return fc.tuple(...draws).map((values) => {
    const byId = new Map<string, number>();
    counted.forEach((c, i) => byId.set(cellId(c), values[i]));
    for (const column of applicantColumns(format)) {
      const handled = resultRows(format).reduce(
        (s, row) => s + byId.get(cellId(ref("三", row, column)))!,
        0
      );
      const available = handled + byId.get(cellId(ref("三", "next", column)))!;
      byId.set(
        cellId(ref("三", "carried", column)),
        Math.floor(byId.get(cellId(ref("三", "carried", column)))! * available)
      );
    }
    return byId;
  });
}

/** An arbitrary consistent report of a format: every hard rule holds, every count is a whole number ≥ 0. */
export function consistentReport(format: FormatId): fc.Arbitrary<Report> {
  return detailDraws(format).map((byId) =>
    buildReport(format, (c) => byId.get(cellId(c)) ?? 0, { year: format === "2021" ? 2023 : 2020 })
  );
}

/** An arbitrary consistent report of either format. */
export const anyConsistentReport: fc.Arbitrary<Report> = fc.oneof(
  consistentReport("2021"),
  consistentReport("2019")
);

/** A copy of a report (values and all), so a perturbation never touches the original. */
export function cloneReport(report: Report): Report {
  return { ...report, values: new Map(report.values) };
}

/** A copy of the report with some cells set to other values. */
export function withCells(report: Report, changes: [CellRef, RawValue][]): Report {
  const copy = cloneReport(report);
  for (const [c, v] of changes) setCell(copy, c, v);
  return copy;
}

export function valueAt(report: Report, c: CellRef): RawValue | undefined {
  return report.values.get(cellId(c));
}

/**
 * A small, realistic report to perturb by hand: 54 new applications from natural persons and 3 from companies,
 * 4 carried over from last year, 2 carried forward; one 行政复议 upheld, one pending.
 */
export function sampleReport(
  format: FormatId = "2021",
  init: Partial<Omit<Report, "format" | "values">> = {}
): Report {
  const values: Record<string, number> = {
    "三:granted:natural": 31,
    "三:granted:commercial": 2,
    "三:partial:natural": 6,
    "三:denyThirdParty:natural": 3,
    "三:unableNotHeld:natural": 12,
    "三:unableNotHeld:commercial": 1,
    "三:ignoreRepeat:natural": 4,
    "三:next:natural": 2,
    "三:carried:natural": 4,
    "四:review:upheld": 1,
    "四:review:pending": 1,
    "二:normativeDocs:issued": 3,
    "二:licensing:decisions": 120,
  };
  return buildReport(format, (c) => values[cellId(c)] ?? 0, {
    year: format === "2021" ? 2023 : 2020,
    agency: "某市某区司法局",
    ...init,
  });
}

/** A seeded pseudo-random generator (mulberry32), for benchmarks that must not depend on fast-check's shrinking. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
