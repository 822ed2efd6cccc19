/**
 * The shape of a statutory format declaration. Every format (2021, 2019) is one value of this shape;
 * the rule set, the messages, the sheet layout and the parsers are all derived from it.
 *
 * The declarations are static data written by us, so they are validated once, by a test
 * (test/helpers/format-schema.ts holds the zod schema with the cross-reference checks, and a compile-time check that
 * it describes exactly these types), not at run time: zod stays out of the task pane's bundle.
 */

/** What a numeric entry cell may hold. */
export type CellKind =
  | "count" // 件: whole number ≥ 0
  | "money" // 万元 (2021 fee): decimal ≥ 0
  | "signed" // 2019 本年增/减: whole number, may be negative
  | "amount"; // 2019 采购总金额: decimal ≥ 0, unit as published (often 元)

export type TableId = "二" | "三" | "四";

export interface ColumnDecl {
  key: string;
  label: string;
  /** A header printed above several neighbouring columns (e.g. 法人或其他组织, 行政诉讼). */
  group?: string;
  /** A column that is the sum of other columns in its row (总计). */
  total?: boolean;
  /** Labels seen in published reports for this column, accepted on input. */
  aliases?: string[];
}

export interface RowDecl {
  key: string;
  label: string;
  /** Vertical merged labels beside the row: [outer] or [outer, inner] (e.g. 三、本年度办理结果 › （三）不予公开). */
  groups?: string[];
  /** A result row of table 三 (summed by R3-3 into （七）总计). */
  result?: boolean;
  /** A row that is the sum of other rows in its column (（七）总计). */
  total?: boolean;
  /** Table 二: which columns this row has (its sub-table's columns); default all. */
  columns?: string[];
  /** Kind of this row's cells, when not count. */
  kind?: CellKind;
  /** Per-column kinds (2019 table 二: 本年增/减 is signed). */
  columnKinds?: Record<string, CellKind>;
  aliases?: string[];
}

/** Table 二 is printed as sub-tables (第二十条第（一）项 …), each with its own header row. */
export interface BlockDecl {
  heading: string;
  /** Header cell over the row labels. */
  corner: string;
  columns: string[];
  rows: string[];
}

export interface TableDecl {
  id: TableId;
  /** The section heading the table stands under. */
  title: string;
  /**
   * How the official template prints the table:
   * - blocks: sub-tables stacked (table 二);
   * - grid: rows × columns with a header block (table 三);
   * - flat: each declared row printed side by side as a column group in one data row (table 四).
   */
  layout: "blocks" | "grid" | "flat";
  columns: ColumnDecl[];
  rows: RowDecl[];
  blocks?: BlockDecl[];
  /** grid: the merged corner cell above the row labels. */
  corner?: string;
  /** grid: header printed over all numeric columns. */
  columnHeader?: string;
  /** flat: header printed over some row groups (行政诉讼 over 未经复议直接起诉 and 复议后起诉). */
  rowGroupHeaders?: Record<string, string>;
}

export type FormatId = "2021" | "2019";

export interface Format {
  id: FormatId;
  name: string;
  /** Report years this format is for (inclusive). */
  years: { from: number; to?: number };
  /** The six section headings 一、… 六、 */
  sections: string[];
  /** Tables 二, 三, 四. */
  tables: TableDecl[];
}
