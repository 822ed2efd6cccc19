import { z } from "zod";
import type * as Declared from "../../src/format/schema";

/**
 * The zod schema of a format declaration (src/format/schema.ts declares the TypeScript types; the declarations are
 * static data, so they are validated here, by test/engine/format.test.ts, instead of at run time in the task pane).
 */

// zod probes for eval (new Function) once to speed up parsing; the task pane's Content Security Policy forbids eval,
// and the probe would be reported as a violation. Our schemas are small: parse without it.
z.config({ jitless: true });

/** What a numeric entry cell may hold. */
export const cellKindSchema = z.enum([
  "count", // 件: whole number ≥ 0
  "money", // 万元 (2021 fee): decimal ≥ 0
  "signed", // 2019 本年增/减: whole number, may be negative
  "amount", // 2019 采购总金额: decimal ≥ 0, unit as published (often 元)
]);
type CellKind = z.infer<typeof cellKindSchema>;

export const tableIdSchema = z.enum(["二", "三", "四"]);
type TableId = z.infer<typeof tableIdSchema>;

const keySchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/);

export const columnSchema = z.object({
  key: keySchema,
  label: z.string().min(1),
  /** A header printed above several neighbouring columns (e.g. 法人或其他组织, 行政诉讼). */
  group: z.string().optional(),
  /** A column that is the sum of other columns in its row (总计). */
  total: z.boolean().optional(),
  /** Labels seen in published reports for this column, accepted on input. */
  aliases: z.array(z.string()).optional(),
});
type ColumnDecl = z.infer<typeof columnSchema>;

export const rowSchema = z.object({
  key: keySchema,
  label: z.string().min(1),
  /** Vertical merged labels beside the row: [outer] or [outer, inner] (e.g. 三、本年度办理结果 › （三）不予公开). */
  groups: z.array(z.string()).optional(),
  /** A result row of table 三 (summed by R3-3 into （七）总计). */
  result: z.boolean().optional(),
  /** A row that is the sum of other rows in its column (（七）总计). */
  total: z.boolean().optional(),
  /** Table 二: which columns this row has (its sub-table's columns); default all. */
  columns: z.array(keySchema).optional(),
  /** Kind of this row's cells, when not count. */
  kind: cellKindSchema.optional(),
  /** Per-column kinds (2019 table 二: 本年增/减 is signed). */
  columnKinds: z.record(z.string(), cellKindSchema).optional(),
  aliases: z.array(z.string()).optional(),
});
type RowDecl = z.infer<typeof rowSchema>;

/** Table 二 is printed as sub-tables (第二十条第（一）项 …), each with its own header row. */
export const blockSchema = z.object({
  heading: z.string(),
  /** Header cell over the row labels. */
  corner: z.string(),
  columns: z.array(keySchema).min(1),
  rows: z.array(keySchema).min(1),
});
type BlockDecl = z.infer<typeof blockSchema>;

export const tableSchema = z.object({
  id: tableIdSchema,
  /** The section heading the table stands under. */
  title: z.string(),
  /**
   * How the official template prints the table:
   * - blocks: sub-tables stacked (table 二);
   * - grid: rows × columns with a header block (table 三);
   * - flat: each declared row printed side by side as a column group in one data row (table 四).
   */
  layout: z.enum(["blocks", "grid", "flat"]),
  columns: z.array(columnSchema).min(1),
  rows: z.array(rowSchema).min(1),
  blocks: z.array(blockSchema).optional(),
  /** grid: the merged corner cell above the row labels. */
  corner: z.string().optional(),
  /** grid: header printed over all numeric columns. */
  columnHeader: z.string().optional(),
  /** flat: header printed over some row groups (行政诉讼 over 未经复议直接起诉 and 复议后起诉). */
  rowGroupHeaders: z.record(z.string(), z.string()).optional(),
});
type TableDecl = z.infer<typeof tableSchema>;

export const formatIdSchema = z.enum(["2021", "2019"]);
type FormatId = z.infer<typeof formatIdSchema>;

export const formatSchema = z
  .object({
    id: formatIdSchema,
    name: z.string(),
    /** Report years this format is for (inclusive). */
    years: z.object({ from: z.number().int(), to: z.number().int().optional() }),
    sections: z.array(z.string()).length(6),
    tables: z.array(tableSchema).length(3),
  })
  .superRefine((format, ctx) => {
    for (const table of format.tables) {
      const colKeys = new Set<string>();
      for (const c of table.columns) {
        if (colKeys.has(c.key))
          ctx.addIssue({ code: "custom", message: `table ${table.id}: duplicate column ${c.key}` });
        colKeys.add(c.key);
      }
      const rowKeys = new Set<string>();
      for (const r of table.rows) {
        if (rowKeys.has(r.key))
          ctx.addIssue({ code: "custom", message: `table ${table.id}: duplicate row ${r.key}` });
        rowKeys.add(r.key);
        for (const c of r.columns ?? [])
          if (!colKeys.has(c))
            ctx.addIssue({
              code: "custom",
              message: `table ${table.id} row ${r.key}: unknown column ${c}`,
            });
      }
      for (const b of table.blocks ?? []) {
        for (const c of b.columns)
          if (!colKeys.has(c))
            ctx.addIssue({
              code: "custom",
              message: `table ${table.id} block: unknown column ${c}`,
            });
        for (const r of b.rows)
          if (!rowKeys.has(r))
            ctx.addIssue({ code: "custom", message: `table ${table.id} block: unknown row ${r}` });
      }
      if (table.layout === "blocks" && !table.blocks)
        ctx.addIssue({ code: "custom", message: `table ${table.id}: blocks layout needs blocks` });
    }
  });
type Format = z.infer<typeof formatSchema>;

/** Compile-time: the zod schema and the declared types describe the same shape (tsc fails otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: [
  Same<CellKind, Declared.CellKind>,
  Same<TableId, Declared.TableId>,
  Same<ColumnDecl, Declared.ColumnDecl>,
  Same<RowDecl, Declared.RowDecl>,
  Same<BlockDecl, Declared.BlockDecl>,
  Same<TableDecl, Declared.TableDecl>,
  Same<FormatId, Declared.FormatId>,
  Same<Format, Declared.Format>,
] = [true, true, true, true, true, true, true, true];
void sameShape;
