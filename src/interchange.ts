import { z } from "zod";
import {
  FORMAT_IDS,
  mixedFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableId,
} from "./format";
import { closestLabels, matchLabel } from "./labels";
import { AGENCY_LEVELS, createReport, modelOf, setCell, type Report } from "./report";
import { cellId } from "./format";
import { MAX_VALUE, type RawValue } from "./values";

/**
 * The report interchange format: JSON whose cells are addressed by the official labels, so a file is readable by a
 * person and independent of our internals.
 *
 *   {"format":"2021","year":2023,"agency":"…","cells":[{"table":"三","row":"一、本年新收政府信息公开申请数量","column":"自然人","value":58}]}
 *
 * `value` is a number, the raw text as published ("/"), or null for blank. Label variants (full-width/half-width,
 * spacing) are accepted on input; output always writes the canonical label.
 */

// No eval probe (the task pane's CSP forbids eval; the importers run there too): see src/excel/store.ts.
z.config({ jitless: true });

const valueSchema = z.union([z.number(), z.string(), z.null()]);

export const interchangeCellSchema = z.object({
  table: z.string(),
  row: z.string(),
  column: z.string(),
  value: valueSchema,
  uncertain: z.boolean().optional(),
});

export const interchangeSchema = z.object({
  format: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]),
  /** Tables printed in another format than `format` (a report mixing the layouts), e.g. {"二":"2019"}. */
  tables: z
    .object({
      二: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]).optional(),
      三: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]).optional(),
      四: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]).optional(),
    })
    .optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  agency: z.string().optional(),
  level: z.enum(AGENCY_LEVELS).optional(),
  cells: z.array(interchangeCellSchema),
  explanations: z.record(z.string(), z.string()).optional(),
});
export type InterchangeReport = z.infer<typeof interchangeSchema>;
export type InterchangeCell = z.infer<typeof interchangeCellSchema>;

/** A problem in an interchange file: where (a JSON path) and what, in Chinese. */
export interface InterchangeIssue {
  path: (string | number)[];
  message: string;
}

export type ParseResult = { ok: true; report: Report } | { ok: false; issues: InterchangeIssue[] };

const TABLE_NAMES: Record<string, TableId> = {
  二: "二",
  三: "三",
  四: "四",
  "2": "二",
  "3": "三",
  "4": "四",
  表二: "二",
  表三: "三",
  表四: "四",
};

function zodPath(path: PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === "symbol" ? String(p) : p));
}

const TYPE_NAMES: Record<string, string> = {
  array: "数组",
  object: "对象",
  number: "数字",
  string: "文字",
  boolean: "true 或 false",
  int: "整数",
  record: "对象（名称: 文字）",
  map: "对象",
  null: "null",
};

/** An issue in Chinese, without its path: the path is carried beside it (and printed before it by the importer). */
function describeZodIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.join(".");
  if (issue.code === "invalid_value" && at === "format") return `应为 "2021" 或 "2019"`;
  if (issue.code === "invalid_value") return `应为以下之一：${issue.values.map(String).join("、")}`;
  if (issue.code === "invalid_type")
    return issue.path.length === 0
      ? "文件内容应为一个 JSON 对象"
      : `类型不对：应为${TYPE_NAMES[issue.expected] ?? "其他类型"}`;
  if (issue.code === "too_small" || issue.code === "too_big") return "超出范围";
  if (issue.code === "invalid_union") return "应为数字、文字或 null（数字须是有限的数）";
  if (issue.code === "invalid_format") return "格式不对";
  if (issue.code === "unrecognized_keys") return `有不认识的字段：${issue.keys.join("、")}`;
  // Never zod's own wording (English, or its locale's "应为int"): a plain statement that the value does not fit.
  return "内容不符合交换格式";
}

/**
 * Resolved labels, remembered per format: every interchange file spells the same ~200 cells the same way, and
 * resolving one (folding, matching rows, then the row's columns) costs more than reading its JSON. Bounded.
 */
type Resolved = { ref: CellRef } | { error: string };

/** By table, row and column label as written (nested: no key string to build for each of a file's cells). */
const resolvedCache = new WeakMap<
  FormatModel,
  { size: number; byTable: Map<string, Map<string, Map<string, Resolved>>> }
>();

/** Resolve one cell's labels to a cell of the format, or say which label is unknown and what it might have meant. */
export function resolveCell(
  model: FormatModel,
  cell: Pick<InterchangeCell, "table" | "row" | "column">
): Resolved {
  let cache = resolvedCache.get(model);
  if (!cache) resolvedCache.set(model, (cache = { size: 0, byTable: new Map() }));
  let rows = cache.byTable.get(cell.table);
  let columns = rows?.get(cell.row);
  let resolved = columns?.get(cell.column);
  if (!resolved) {
    resolved = resolveUncached(model, cell);
    if (cache.size >= 4_000) {
      cache.byTable.clear();
      cache.size = 0;
      rows = columns = undefined;
    }
    if (cell.table.length + cell.row.length + cell.column.length <= 300) {
      if (!rows) cache.byTable.set(cell.table, (rows = new Map()));
      if (!columns) rows.set(cell.row, (columns = new Map()));
      columns.set(cell.column, resolved);
      cache.size++;
    }
  }
  return resolved;
}

function resolveUncached(
  model: FormatModel,
  cell: Pick<InterchangeCell, "table" | "row" | "column">
): { ref: CellRef } | { error: string } {
  const table = TABLE_NAMES[cell.table.normalize("NFKC").replace(/\s+/g, "")];
  if (!table) return { error: `未知的表“${cell.table}”，应为 二、三 或 四` };
  const t = model.table(table);
  // No official label is longer than ~60 characters: a huge one is not compared (an edit distance over megabytes of
  // text would take hours), only named, cut.
  const LONGEST = 200;
  if (cell.row.length > LONGEST)
    return {
      error: `表${table}没有“${cell.row.slice(0, 40)}…”这一行（行标签长 ${cell.row.length} 字，不是官方格式的标签）`,
    };
  if (cell.column.length > LONGEST)
    return {
      error: `表${table}没有“${cell.column.slice(0, 40)}…”这一列（列标签长 ${cell.column.length} 字，不是官方格式的标签）`,
    };
  const row = matchLabel(cell.row, t.rows);
  if (!row)
    return {
      error: `表${table}没有“${cell.row}”这一行；最接近的是：${closestLabels(cell.row, t.rows)
        .map((l) => `“${l}”`)
        .join("、")}`,
    };
  const columns = model.columnsOf(table, row.key).map((k) => model.column(table, k));
  const column = matchLabel(cell.column, columns);
  if (!column)
    return {
      error: `表${table}“${row.label}”行没有“${cell.column}”这一列；最接近的是：${closestLabels(
        cell.column,
        columns
      )
        .map((l) => `“${l}”`)
        .join("、")}`,
    };
  return { ref: { table, row: row.key, column: column.key } };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether a parsed document fits interchangeSchema, checked by hand: the same conditions as the schema (a test keeps
 * them in step), at a fraction of zod's cost on 200 cells.
 */
export function wellFormed(data: unknown): data is InterchangeReport {
  if (!isObject(data)) return false;
  const { format, year, agency, level, cells, explanations } = data;
  if (!(FORMAT_IDS as readonly unknown[]).includes(format)) return false;
  if (
    year !== undefined &&
    !(typeof year === "number" && Number.isInteger(year) && year >= 2000 && year <= 2100)
  )
    return false;
  if (agency !== undefined && typeof agency !== "string") return false;
  if (level !== undefined && !(AGENCY_LEVELS as readonly unknown[]).includes(level)) return false;
  if (explanations !== undefined) {
    if (!isObject(explanations)) return false;
    for (const v of Object.values(explanations)) if (typeof v !== "string") return false;
  }
  if (!Array.isArray(cells)) return false;
  for (const c of cells) {
    if (!isObject(c)) return false;
    if (typeof c.table !== "string" || typeof c.row !== "string" || typeof c.column !== "string")
      return false;
    const v = c.value;
    if (!(v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))))
      return false;
    if (c.uncertain !== undefined && typeof c.uncertain !== "boolean") return false;
  }
  return true;
}

/** Read an interchange document (already JSON-parsed). Problems are collected, never thrown. */
export function fromInterchange(data: unknown): ParseResult {
  // A well-formed document (nearly all) is taken as it is: zod is asked only to word what is wrong with the others.
  const parsed = wellFormed(data)
    ? ({ success: true, data } as const)
    : interchangeSchema.safeParse(data);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: zodPath(i.path),
        message: describeZodIssue(i),
      })),
    };
  const doc = parsed.data;
  const tableFormats = doc.tables && Object.keys(doc.tables).length ? doc.tables : undefined;
  const model = mixedFormat(doc.format, tableFormats);
  const report = createReport(doc.format, {
    ...(model.mixed ? { tableFormats } : {}),
    ...(doc.year !== undefined ? { year: doc.year } : {}),
    ...(doc.agency !== undefined ? { agency: doc.agency } : {}),
    ...(doc.level !== undefined ? { level: doc.level } : {}),
    ...(doc.explanations ? { explanations: doc.explanations } : {}),
  });
  const issues: InterchangeIssue[] = [];
  const seen = new Map<string, number>();
  doc.cells.forEach((cell, i) => {
    const resolved = resolveCell(model, cell);
    if ("error" in resolved) {
      issues.push({ path: ["cells", i], message: resolved.error });
      return;
    }
    const id = cellId(resolved.ref);
    if (seen.has(id)) {
      issues.push({
        path: ["cells", i],
        message: `${model.cellName(resolved.ref)}重复出现（另见 cells[${seen.get(id)}]）`,
      });
      return;
    }
    seen.set(id, i);
    if (typeof cell.value === "number" && !Number.isFinite(cell.value)) {
      issues.push({
        path: ["cells", i, "value"],
        message: `${model.cellName(resolved.ref)}的值不是有限的数字`,
      });
      return;
    }
    // A JSON number this large is no count or amount a report can hold: the file is damaged or machine-garbled, so it
    // is refused like malformed JSON (text such as "NaN" or "约30" is what a report printed, and is checked instead).
    if (typeof cell.value === "number" && Math.abs(cell.value) > MAX_VALUE) {
      issues.push({
        path: ["cells", i, "value"],
        message: `${model.cellName(resolved.ref)}的值 ${cell.value} 过大，不可能是件数或金额`,
      });
      return;
    }
    setCell(report, resolved.ref, cell.value as RawValue);
    if (cell.uncertain) (report.uncertain ??= new Set()).add(id);
  });
  return issues.length ? { ok: false, issues } : { ok: true, report };
}

/** Parse the text of an interchange file. */
export function parseInterchange(text: string): ParseResult {
  let data: unknown;
  if (text.trim() === "") return { ok: false, issues: [{ path: [], message: "文件是空的" }] };
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      issues: [{ path: [], message: `不是有效的 JSON：${(e as Error).message}` }],
    };
  }
  return fromInterchange(data);
}

/** Write a report as an interchange document, with the canonical labels, in the format's order. */
export function toInterchange(report: Report): InterchangeReport {
  const model = modelOf(report);
  const cells: InterchangeCell[] = [];
  for (const ref of model.cells) {
    const id = cellId(ref);
    if (!report.values.has(id)) continue;
    cells.push({
      ...model.labels(ref),
      value: report.values.get(id)!,
      ...(report.uncertain?.has(id) ? { uncertain: true } : {}),
    });
  }
  const tables: NonNullable<InterchangeReport["tables"]> = {};
  for (const t of model.tables)
    if (model.formatOf(t.id) !== model.id) tables[t.id] = model.formatOf(t.id);
  return {
    format: report.format,
    ...(Object.keys(tables).length ? { tables } : {}),
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    ...(report.level !== undefined ? { level: report.level } : {}),
    cells,
    ...(report.explanations && Object.keys(report.explanations).length
      ? { explanations: report.explanations }
      : {}),
  };
}
