import {
  type CellKind,
  type ColumnDecl,
  type Format,
  type FormatId,
  type RowDecl,
  type TableDecl,
  type TableId,
} from "./schema";
import { FORMAT_2021 } from "./format2021";
import { FORMAT_2019 } from "./format2019";

export * from "./schema";

/** A cell of a report, addressed by stable keys (labels come from the format). */
export interface CellRef {
  table: TableId;
  row: string;
  column: string;
}

const IDS = new Map<string, Map<string, Map<string, string>>>();

/**
 * "table:row:column". The same string object each time for the same cell: a report's values are looked up by it for
 * every cell and rule, and a string built anew must be flattened and hashed on every lookup.
 */
export function cellId(c: CellRef): string {
  let id = IDS.get(c.table)?.get(c.row)?.get(c.column);
  if (id !== undefined) return id;
  id = `${c.table}:${c.row}:${c.column}`;
  // Bounded (the formats have 3 tables, under 40 rows, under 16 columns): keys from a malformed file cannot grow it.
  let rows = IDS.get(c.table);
  if (!rows && IDS.size < 8) IDS.set(c.table, (rows = new Map()));
  let columns = rows?.get(c.row);
  if (rows && !columns && rows.size < 256) rows.set(c.row, (columns = new Map()));
  if (columns && columns.size < 64) columns.set(c.column, id);
  return id;
}

export function parseCellId(id: string): CellRef {
  const [table, row, column] = id.split(":");
  return { table: table as TableId, row, column };
}

/**
 * A format declaration (validated by test/engine/format.test.ts) indexed for the lookups every part of the engine needs.
 * Everything here is derived from the declaration; nothing is added by hand.
 */
export class FormatModel {
  readonly decl: Format;
  readonly id: FormatId;
  /** Every entry cell, in reading order: table by table, row by row, column by column. */
  readonly cells: readonly CellRef[];
  /** `cellId` of each cell of `cells`, by position (so hot paths need not rebuild the strings). */
  readonly ids: readonly string[];
  /** `kindOf` each cell of `cells`, by position. */
  readonly kinds: readonly CellKind[];
  private readonly tableIndex = new Map<TableId, TableDecl>();
  // By table, then key: a lookup builds no string (row() and column() run for every cell of every report).
  private readonly rowIndex = new Map<TableId, Map<string, RowDecl>>();
  private readonly columnIndex = new Map<TableId, Map<string, ColumnDecl>>();
  private readonly cellIndex = new Map<string, number>();
  /** The format each table is printed in: `id` for every table, except in a mixed model (see mixedFormat). */
  private readonly tableFormat = new Map<TableId, FormatId>();

  constructor(decl: Format, tableFormats: Partial<Record<TableId, FormatId>> = {}) {
    this.decl = decl;
    this.id = this.decl.id;
    const cells: CellRef[] = [];
    for (const t of this.decl.tables) {
      this.tableIndex.set(t.id, t);
      this.tableFormat.set(t.id, tableFormats[t.id] ?? this.id);
      this.columnIndex.set(t.id, new Map(t.columns.map((c) => [c.key, c])));
      this.rowIndex.set(t.id, new Map(t.rows.map((r) => [r.key, r])));
      for (const r of t.rows) {
        for (const column of r.columns ?? t.columns.map((c) => c.key)) {
          const ref = { table: t.id, row: r.key, column };
          this.cellIndex.set(cellId(ref), cells.length);
          cells.push(ref);
        }
      }
    }
    this.cells = cells;
    this.ids = cells.map(cellId);
    this.kinds = cells.map((c) => this.kindOf(c));
  }

  /** The format a table is printed in (differs from `id` only for a table of a mixed report). */
  formatOf(table: TableId): FormatId {
    return this.tableFormat.get(table) ?? this.id;
  }

  /** Whether the tables are printed in more than one format. */
  get mixed(): boolean {
    return [...this.tableFormat.values()].some((f) => f !== this.id);
  }

  get tables(): readonly TableDecl[] {
    return this.decl.tables;
  }

  table(id: TableId): TableDecl {
    const t = this.tableIndex.get(id);
    if (!t) throw new Error(`format ${this.id} has no table ${id}`);
    return t;
  }

  row(table: TableId, key: string): RowDecl {
    const r = this.rowIndex.get(table)?.get(key);
    if (!r) throw new Error(`format ${this.id} table ${table} has no row ${key}`);
    return r;
  }

  column(table: TableId, key: string): ColumnDecl {
    const c = this.columnIndex.get(table)?.get(key);
    if (!c) throw new Error(`format ${this.id} table ${table} has no column ${key}`);
    return c;
  }

  hasCell(ref: CellRef): boolean {
    return this.cellIndex.has(cellId(ref));
  }

  /** Position of the cell in `cells` (for dense arrays of values). */
  indexOf(ref: CellRef): number {
    const i = this.cellIndex.get(cellId(ref));
    if (i === undefined) throw new Error(`format ${this.id} has no cell ${cellId(ref)}`);
    return i;
  }

  /** Columns a row has (table 二's rows each have their sub-table's columns). */
  columnsOf(table: TableId, rowKey: string): string[] {
    const t = this.table(table);
    return this.row(table, rowKey).columns ?? t.columns.map((c) => c.key);
  }

  kindOf(ref: CellRef): CellKind {
    const row = this.row(ref.table, ref.row);
    return row.columnKinds?.[ref.column] ?? row.kind ?? "count";
  }

  /** The official labels of a cell, as the interchange format writes them. */
  labels(ref: CellRef): { table: TableId; row: string; column: string } {
    return {
      table: ref.table,
      row: this.row(ref.table, ref.row).label,
      column: this.column(ref.table, ref.column).label,
    };
  }

  /** A short human name of a cell: 表三“（一）予以公开”行“自然人”列. */
  cellName(ref: CellRef): string {
    const l = this.labels(ref);
    return `表${l.table}“${l.row}”行“${l.column}”列`;
  }
}

const MODELS: Record<FormatId, FormatModel> = {
  "2021": new FormatModel(FORMAT_2021),
  "2019": new FormatModel(FORMAT_2019),
};

export const FORMAT_IDS: readonly FormatId[] = ["2021", "2019"];

export function getFormat(id: FormatId): FormatModel {
  return MODELS[id];
}

/** The format the State Council prescribes for a report year (2019 format for 2019–2020, 2021 format after). */
export function formatForYear(year: number): FormatId {
  return year <= 2020 ? "2019" : "2021";
}

/** Which format each table is printed in, where a report mixes them (absent tables: the report's format). */
export type TableFormats = Partial<Record<TableId, FormatId>>;

const MIXED = new Map<string, FormatModel>();

/**
 * The model of a report whose tables are printed in different formats (table 二 in the 2019 layout, table 三 in the
 * 2021 layout, or the reverse — seen in real reports): each table declared as its own format declares it, so each is
 * read and checked by its own format's rows, columns and rules. `id` stays the report's format (the one named in
 * messages and files); `formatOf(table)` tells a table's own. Without a differing table it is the plain format.
 */
export function mixedFormat(format: FormatId, tables: TableFormats = {}): FormatModel {
  const base = getFormat(format);
  const differing = base.tables.filter((t) => tables[t.id] && tables[t.id] !== format);
  if (!differing.length) return base;
  const key = `${format}|${base.tables.map((t) => `${t.id}${tables[t.id] ?? format}`).join(",")}`;
  let model = MIXED.get(key);
  if (!model) {
    const own: TableFormats = {};
    for (const t of base.tables) own[t.id] = tables[t.id] ?? format;
    model = new FormatModel(
      {
        ...base.decl,
        tables: base.tables.map((t) => (tables[t.id] ? getFormat(tables[t.id]!).table(t.id) : t)),
      },
      own
    );
    MIXED.set(key, model);
  }
  return model;
}
