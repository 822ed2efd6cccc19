import { confront, type Confrontation } from "./check";
import { FORMAT_IDS, getFormat, type FormatId, type TableId } from "./format";
import { readTableGrid, sheetValueToRaw, tablePlans } from "./layout";
import { createReport, setCell, type Report } from "./report";

/**
 * Reading one table from a block of cell values, as a custom function receives it (=NIANBAO.CHECK(D24:J48)):
 * either the whole printed table (labels included, as laid out by layout.ts) or just its block of entry cells.
 * The table and the format are recognised by the block's shape; a format argument settles the rare ambiguity.
 */

export interface TableRangeMatch {
  format: FormatId;
  table: TableId;
  report: Report;
}

type Grid = readonly (readonly unknown[])[];

function shapes(format: FormatId): {
  table: TableId;
  rows: number;
  cols: number;
  read: (g: Grid) => { ref: import("./format").CellRef; raw: number | string | null }[];
}[] {
  const model = getFormat(format);
  const out: ReturnType<typeof shapes> = [];
  for (const plan of tablePlans(format)) {
    // The whole printed table.
    out.push({
      table: plan.id,
      rows: plan.rows,
      cols: plan.cols,
      read: (g) => readTableGrid(format, plan.id, g),
    });
    const t = model.table(plan.id);
    if (t.layout === "grid") {
      // Only the entry block: rows × columns in declaration order.
      out.push({
        table: plan.id,
        rows: t.rows.length,
        cols: t.columns.length,
        read: (g) =>
          t.rows.flatMap((r, i) =>
            t.columns.map((c, j) => ({
              ref: { table: plan.id, row: r.key, column: c.key },
              raw: sheetValueToRaw(g[i]?.[j]),
            }))
          ),
      });
    }
    if (t.layout === "flat") {
      // One data row of groups side by side, or one row per group.
      const n = t.columns.length;
      out.push({
        table: plan.id,
        rows: 1,
        cols: t.rows.length * n,
        read: (g) =>
          t.rows.flatMap((r, i) =>
            t.columns.map((c, j) => ({
              ref: { table: plan.id, row: r.key, column: c.key },
              raw: sheetValueToRaw(g[0]?.[i * n + j]),
            }))
          ),
      });
      out.push({
        table: plan.id,
        rows: t.rows.length,
        cols: n,
        read: (g) =>
          t.rows.flatMap((r, i) =>
            t.columns.map((c, j) => ({
              ref: { table: plan.id, row: r.key, column: c.key },
              raw: sheetValueToRaw(g[i]?.[j]),
            }))
          ),
      });
    }
  }
  return out;
}

/** The tables whose shape fits the grid; undefined with a Chinese reason when none does. */
export function matchTableRange(
  grid: Grid,
  format?: FormatId
): TableRangeMatch | { error: string } {
  const rows = grid.length;
  const cols = Math.max(0, ...grid.map((r) => r.length));
  const formats = format ? [format] : FORMAT_IDS;
  for (const f of formats) {
    const shape = shapes(f).find((s) => s.rows === rows && s.cols === cols);
    if (!shape) continue;
    const report = createReport(f);
    for (const { ref, raw } of shape.read(grid)) setCell(report, ref, raw);
    return { format: f, table: shape.table, report };
  }
  const expected = shapes(formats[0])
    .map((s) => `表${s.table} ${s.rows}行×${s.cols}列`)
    .join("、");
  return {
    error: `所选区域为 ${rows} 行 × ${cols} 列，不是一张完整的表。请选中整张表或其填报区域：${expected}。`,
  };
}

/** Check one table given as a block of values; the confrontation covers that table only. */
export function checkTableRange(
  grid: Grid,
  format?: FormatId
): { match: TableRangeMatch; result: Confrontation } | { error: string } {
  const match = matchTableRange(grid, format);
  if ("error" in match) return match;
  const result = confront(match.report, { tables: [match.table] });
  return { match, result };
}
