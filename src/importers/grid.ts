import {
  cellId,
  formatForYear,
  mixedFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableId,
} from "../format";
import { getFormat } from "../format";
import { editDistance } from "../labels";
import type { RawValue } from "../values";
import {
  MARKERS_2019,
  MARKERS_2021,
  note,
  rowForms,
  rowSpecs,
  shortLabel,
  splitPrefix,
  tolerance,
  type ImportNoteEx,
  type RowSpec,
} from "./row-labels";
import type { SourceCell, SourceTable } from "./document";
import { foldForMatch, normalizeText } from "./normalize";
import { differingCells, splitRow } from "./split";
import { squash } from "./whitespace";

/**
 * The grid reader: tables whose cell boundaries the source gives (HTML, Word, PDF, pipe-separated text) read cell by
 * cell. A row's label cell is matched to the format's row (with the same drift tolerance as the text reader); the
 * cells to its right are the row's values, in the order printed. A blank cell stays blank in its place, a cell that is
 * not a number keeps its text (the checks call it unreadable), and digits are never split across cells. Each table's
 * format (2019 or 2021) is recognised from its own labels, so a report printing table 二 in one format and table 三
 * in the other is read as it was printed.
 */

/** One position of the expanded grid: the cell covering it, and whether it is that cell's first position in the row. */
interface Slot {
  cell: SourceCell;
  /** First position of the cell in this row (a colspan repeats it to the right). */
  first: boolean;
  /** The cell starts in this row (false where a rowspan repeats it from above). */
  top: boolean;
  /** The cell's text, normalised for label matching. */
  norm: string;
}

export interface GridRow {
  slots: Slot[];
  /** Index of the table in the document, for the cut between two reports. */
  table: number;
}

/** Every row of every table, expanded (spans repeated), in document order. */
export function gridRows(tables: readonly SourceTable[]): GridRow[] {
  const out: GridRow[] = [];
  tables.forEach((table, ti) => {
    const rows: (Slot | undefined)[][] = Array.from({ length: table.rows }, () => []);
    for (const cell of table.cells) {
      const n = squash(normalizeText(cell.text));
      for (let r = cell.row; r < Math.min(table.rows, cell.row + Math.max(1, cell.rowSpan)); r++)
        for (let c = cell.col; c < cell.col + Math.max(1, cell.colSpan); c++)
          rows[r][c] = { cell, first: c === cell.col, top: r === cell.row, norm: n };
    }
    for (const row of rows) {
      // A position no cell covers (a missing <td> in the middle cannot happen; at the end the row is just shorter).
      let last = row.length - 1;
      while (last >= 0 && !row[last]) last--;
      const slots: Slot[] = [];
      for (let c = 0; c <= last; c++)
        slots.push(
          row[c] ?? {
            cell: { row: -1, col: c, rowSpan: 1, colSpan: 1, text: "" },
            first: true,
            top: true,
            norm: "",
          }
        );
      if (slots.length) out.push({ slots, table: ti });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

interface Spec extends RowSpec {
  formats: FormatId[];
}

/** The rows of a table in both formats (a row both share is one entry). */
function specsOf(table: TableId): Spec[] {
  const out: Spec[] = [];
  for (const id of ["2021", "2019"] as const) {
    for (const s of rowSpecs(getFormat(id), table)) {
      const same = out.find((o) => o.key === s.key);
      if (same) {
        same.formats.push(id);
        for (const f of s.forms) if (!same.forms.includes(f)) same.forms.push(f);
      } else out.push({ ...s, forms: [...s.forms], formats: [id] });
    }
  }
  return out;
}

const SPECS: Record<"二" | "三", Spec[]> = { 二: specsOf("二"), 三: specsOf("三") };

type LabelMatch = { spec: Spec; fuzzy: boolean };

/**
 * Label matches already made, by the specs asked and the cell's text: a folder's reports print the same labels (and
 * a report asks about a cell more than once), and a match folds the text and measures edit distances.
 */
const MATCHES = new Map<readonly Spec[], Map<string, LabelMatch | null>>();

/** The row a label cell names, if any (exact first, then a label ending in the row's words, then small drift). */
export function matchRowLabel(text: string, specs: readonly Spec[]): LabelMatch | undefined {
  let known = MATCHES.get(specs);
  if (!known) MATCHES.set(specs, (known = new Map()));
  let match = known.get(text);
  if (match === undefined) {
    if (known.size >= 20000) known.clear();
    known.set(text, (match = matchLabel(text, specs) ?? null));
  }
  return match ?? undefined;
}

function matchLabel(text: string, specs: readonly Spec[]): LabelMatch | undefined {
  const folded = foldForMatch(text);
  if (!folded || !/[\u3400-\u9fff]/.test(folded)) return undefined;
  const p = splitPrefix(text);
  const prefixOk = (s: Spec) =>
    !s.needsPrefix ||
    (s.item !== undefined && p.item === s.item) ||
    (!!s.prefix && p.prefix === s.prefix);
  for (const s of specs)
    if (s.forms.includes(p.core) && prefixOk(s)) return { spec: s, fuzzy: false };
  // A cell holding a group label and the row label: "（三）不予公开 1.属于国家秘密".
  let best: { spec: Spec; len: number } | undefined;
  for (const s of specs)
    for (const f of rowForms(s))
      if (f.length >= 2 && folded.endsWith(f) && (!best || f.length > best.len))
        best = { spec: s, len: f.length };
  if (best) return { spec: best.spec, fuzzy: false };
  let fuzzy: { spec: Spec; d: number } | undefined;
  for (const s of specs)
    for (const f of s.forms) {
      const k = tolerance(f.length);
      if (!k || Math.abs(f.length - p.core.length) > k) continue;
      const d = editDistance(p.core, f);
      if (d <= k && prefixOk(s) && (!fuzzy || d < fuzzy.d)) fuzzy = { spec: s, d };
    }
  return fuzzy && { spec: fuzzy.spec, fuzzy: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Which table a row belongs to

const T2_HEADS = ["第二十条第", "信息内容"].map(foldForMatch);
const T3_HEADS = ["申请人情况", "本列数据的勾稽关系", "自然人"].map(foldForMatch);
const T4_HEADS = ["结果维持", "结果纠正", "尚未审结"];
/** Table 四's printed data row: three groups of five (the same in both formats). */
const TABLE4_CELLS = 15;

function rowText(row: GridRow): string {
  let s = "";
  for (const x of row.slots) if (x.first) s += folded(x.norm);
  return s;
}

/** Cell texts folded for matching, and cell values read: a folder's reports repeat them ("0", the labels). */
const FOLDED = new Map<string, string>();
const VALUES = new Map<string, RawValue>();

function folded(text: string): string {
  let f = FOLDED.get(text);
  if (f === undefined) {
    if (FOLDED.size >= 20000) FOLDED.clear();
    FOLDED.set(text, (f = foldForMatch(text)));
  }
  return f;
}

const isValueText = (t: string) =>
  /^[\s+\-−–—―/／\\.,，0-9０-９万元件个无空]*$/.test(t) || /^#/.test(t.trim());

// ---------------------------------------------------------------------------------------------------------------
// Reading

interface DataRow {
  table: "二" | "三";
  spec: Spec;
  fuzzy: boolean;
  label: string;
  /** The value cells after the label, in order, one per printed cell. */
  values: string[];
  /** The row has fewer positions than the table's widest row (a missing cell whose place is not printed). */
  short: boolean;
  /** The last row of the document, which ends there: a short row was cut. */
  cut: boolean;
  /** A blank 2019 （六）其他处理 row, which in the 2021 format is the heading over 1.–3. */
  heading: boolean;
}

export interface GridReading {
  /** Cells read, by cell id, for the format model `model`. */
  values: Map<string, RawValue>;
  uncertain: Set<string>;
  /** The readings considered for guessed cells (see Report.readings). */
  readings: { cells: string[]; values: RawValue[][] }[];
  notes: ImportNoteEx[];
  model: FormatModel;
  /** Whether each table's format was recognised from its own labels. */
  formatFrom: Partial<Record<TableId, FormatId>>;
  /** The tables with at least one cell read, and the rows read. */
  rows: Record<TableId, Set<string>>;
  /** Table 三's or 二's rows began again after table 四 (a second report in the same file): where it starts. */
  secondReportAt?: number;
}

/** A cell's value: a number when it prints one (full-width digits too, as the text reader reads them), else its text. */
function cellValue(text: string): RawValue {
  let v = VALUES.get(text);
  if (v === undefined) {
    if (VALUES.size >= 20000) VALUES.clear();
    VALUES.set(text, (v = readValue(text)));
  }
  return v;
}

function readValue(text: string): RawValue {
  const t = text.trim();
  if (!t) return null;
  const n = t.normalize("NFKC").replace(/\s+/g, "");
  if (/^[+-]?\d+(\.\d+)?$/.test(n)) return Number(n);
  return t;
}

/** Read the grids of a document. `year` (from the title) decides a format no label does. */
export function readGrids(
  tables: readonly SourceTable[],
  year?: number,
  /** Nothing follows the last table: a short last row is where the text was cut. */
  endsInLastTable = false
): GridReading {
  const rows = gridRows(tables);
  const notes: ImportNoteEx[] = [];
  const data: DataRow[] = [];
  let table4: { values: string[]; short: boolean; cut: boolean } | undefined;
  let current: TableId | undefined;
  let secondReportAt: number | undefined;
  const seen = new Set<string>();
  const widths = new Map<number, number>();
  for (const r of rows) widths.set(r.table, Math.max(widths.get(r.table) ?? 0, r.slots.length));
  const votes: Record<"二" | "三", Record<FormatId, number>> = {
    二: { "2019": 0, "2021": 0 },
    三: { "2019": 0, "2021": 0 },
  };
  const count = (t: string, ms: string[]) => ms.reduce((n, m) => n + (t.includes(m) ? 1 : 0), 0);

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const text = rowText(row);
    if (!text) continue;
    // Headers switch the table.
    if (T4_HEADS.some((h) => text.includes(h))) {
      current = "四";
      continue;
    }
    if (T2_HEADS.some((h) => text.includes(h)) && !matchAny(row, SPECS["三"])) {
      if (current === "四" && table4) {
        secondReportAt = i;
        break;
      }
      current = "二";
      votes["二"]["2019"] += count(text, MARKERS_2019);
      votes["二"]["2021"] += count(text, MARKERS_2021);
      continue;
    }
    if (T3_HEADS.some((h) => text.includes(h)) && !matchAny(row, SPECS["三"])) {
      if (current === "四" && table4) {
        secondReportAt = i;
        break;
      }
      current = "三";
      continue;
    }
    // A labelled row of 二 or 三: the rightmost cell naming a row is its label.
    const found = labelOf(row, current);
    if (found) {
      const { table, at, match } = found;
      const key = `${table}:${match.spec.key}`;
      if (seen.has(key) && (table4 || data.some((d) => d.table !== table))) {
        // The same row again after other tables: a second report (or a second copy) follows.
        secondReportAt = i;
        break;
      }
      seen.add(key);
      current = table;
      let values = valuesAfter(row, at);
      // The values on the next line when the label's line has none (a label cell taller than its values).
      if (values.every((v) => !v.trim()) && i + 1 < rows.length && !labelOf(rows[i + 1], current)) {
        const next = rows[i + 1];
        if (next.slots.every((x) => isValueText(x.norm))) {
          values = valuesAfter(next, -1);
          i++;
        }
      }
      if (table === "二") {
        votes["二"]["2019"] +=
          count(text, MARKERS_2019) +
          (match.spec.formats.length === 1 && match.spec.formats[0] === "2019" ? 1 : 0);
        votes["二"]["2021"] +=
          count(text, MARKERS_2021) +
          (match.spec.formats.length === 1 && match.spec.formats[0] === "2021" ? 1 : 0);
      } else if (match.spec.formats.length === 1) {
        // 2021's （六）其他处理 is a heading over 1.–3.; only a row of its own with values is the 2019 row.
        if (match.spec.formats[0] === "2021") votes["三"]["2021"]++;
        else if (values.some((v) => v.trim())) votes["三"]["2019"]++;
      }
      data.push({
        table,
        spec: match.spec,
        // A blank （六）其他处理 row casts no vote: in 2021 it is the heading over 1.–3., in 2019 a row left blank.
        heading:
          table === "三" &&
          match.spec.formats.length === 1 &&
          match.spec.formats[0] === "2019" &&
          values.every((v) => !v.trim()),
        fuzzy: match.fuzzy,
        label: row.slots[at].norm,
        values,
        short: row.slots.length < (widths.get(row.table) ?? 0),
        cut: endsInLastTable && i === rows.length - 1,
      });
      continue;
    }
    if (current === "四" && !table4) {
      // The data row under table 四's header: the printed values, after any leading word cell (数量, 件).
      const values = valuesAfter(row, -1);
      // A leading word cell (数量, 件) beyond the 15 cells is a label; within them it is a value that is not a number.
      let first = 0;
      while (
        first < values.length &&
        values.length - first > TABLE4_CELLS &&
        !isValueText(values[first])
      )
        first++;
      const cells = values.slice(first);
      // Values side by side (blank ones too: a row of blanks is a table 四 given as blank).
      if (cells.length >= 5 && cells.filter((v) => isValueText(v)).length >= cells.length - 2) {
        table4 = {
          values: cells,
          short: row.slots.length < (widths.get(row.table) ?? 0),
          cut: endsInLastTable && i === rows.length - 1,
        };
      }
    }
  }

  // --- each table's format, from its own labels; an undecided one follows the other, then the year
  const decided: Partial<Record<TableId, FormatId>> = {};
  for (const t of ["二", "三"] as const) {
    const v = votes[t];
    if (v["2019"] !== v["2021"]) decided[t] = v["2019"] > v["2021"] ? "2019" : "2021";
  }
  const fallback: FormatId = year ? formatForYear(year) : "2021";
  const f3 = decided["三"] ?? decided["二"] ?? fallback;
  const f2 = decided["二"] ?? decided["三"] ?? fallback;
  const model = mixedFormat(f3, { 二: f2 });

  // --- values
  const values = new Map<string, RawValue>();
  const uncertain = new Set<string>();
  const readings: { cells: string[]; values: RawValue[][] }[] = [];
  const read: Record<TableId, Set<string>> = { 二: new Set(), 三: new Set(), 四: new Set() };
  const place = (
    table: TableId,
    refs: CellRef[],
    printed: string[],
    short: boolean,
    cut: boolean,
    label: string
  ) => {
    // Trailing blank positions beyond the row are padding; anything else beyond it is a stray value.
    const extra = printed.slice(refs.length).filter((v) => v.trim());
    if (extra.length)
      note(
        notes,
        "I-STRAY",
        `表${table}“${shortLabel(label)}”行多出数值 ${extra.slice(0, 20).join("、")}（该行只有 ${refs.length} 格），已忽略；请核对原表是否错位。`,
        `Table ${table} row “${label}” has extra value(s) ${extra.slice(0, 20).join(", ")} beyond its ${refs.length} cell(s); ignored.`,
        refs
      );
    const given = printed.slice(0, refs.length);
    given.forEach((v, k) => values.set(cellId(refs[k]), cellValue(v)));
    for (const ref of refs.slice(0, given.length)) read[table].add(ref.row);
    if (cut && given.length < refs.length && given.length > 0) {
      note(
        notes,
        "I-TRUNCATED",
        `文本在表${table}“${shortLabel(label)}”行中断：只读到 ${given.length} 格（${given.map((v) => v.trim() || "空").join("、")}），其余 ${refs.length - given.length} 格缺失。`,
        `The text ends inside table ${table} row “${label}”: only ${given.length} cells were read; the other ${refs.length - given.length} are missing.`,
        refs.slice(given.length)
      );
    } else if (
      given.length === 1 &&
      refs.length > 1 &&
      /^\d+$/.test(given[0].trim()) &&
      given[0].trim().length >= refs.length
    ) {
      // One cell printed where the row has several, holding a run of digits (`8855698` for 本年制发/废止/现行有效):
      // the cells' digits may have run together. Split like flattened text, and say so: the split is a guess unless
      // only one reading is possible.
      const digits = given[0].trim();
      const totalLast = model.column(table, refs[refs.length - 1].column).total === true;
      const split = splitRow([{ text: digits, sep: "strong" }], {
        kinds: refs.map((r) => model.kindOf(r)),
        ...(totalLast && table !== "二"
          ? {
              rowOk: (v: number[]) =>
                Math.abs(v[v.length - 1] - v.slice(0, -1).reduce((a, b) => a + b, 0)) < 1e-7,
            }
          : {}),
      });
      const cands = split.candidates;
      if (cands.length) {
        cands[0].values.forEach((v, k) => values.set(cellId(refs[k]), v));
        for (const ref of refs) read[table].add(ref.row);
        const unsure =
          split.truncated || cands[0].blanks.length ? refs.map((_, k) => k) : differingCells(cands);
        for (const k of unsure) uncertain.add(cellId(refs[k]));
        if (unsure.length) {
          if (!split.truncated && cands.length <= 64)
            readings.push({ cells: refs.map(cellId), values: cands.map((c) => [...c.values]) });
          const alternatives = cands
            .slice(0, 4)
            .map((c) => c.values.map((v) => (v === null ? "空" : String(v))).join("/"));
          note(
            notes,
            "I-UNCERTAIN",
            `表${table}“${shortLabel(label)}”行只印了一格“${digits}”（应有 ${refs.length} 格），可能是几格的数字连在一起，可以有多种拆分（${alternatives.join("；")}${cands.length > 4 ? "…" : ""}）；暂按 ${cands[0].values.map((v) => (v === null ? "空" : String(v))).join("、")} 读取，请核对原表。`,
            `Table ${table} row “${label}” prints one cell “${digits}” for its ${refs.length} cells: the digits may have run together and split more than one way (${alternatives.join("; ")}); read as ${cands[0].values.join(", ")} — check the published table.`,
            refs.filter((_, k) => unsure.includes(k))
          );
        }
        return;
      }
    } else if (given.length < refs.length && given.length > 0) {
      // Fewer cells printed than the row has: which one is missing is not printed, so every value may be misplaced.
      for (const ref of refs.slice(0, given.length)) uncertain.add(cellId(ref));
      note(
        notes,
        "I-UNCERTAIN",
        `表${table}“${shortLabel(label)}”行只印了 ${given.length} 格（应有 ${refs.length} 格${short ? "，比表中其他行少" : ""}），缺的是哪一格无法确定；按顺序读取，缺的格未给出，请核对原表。`,
        `Table ${table} row “${label}” prints ${given.length} of its ${refs.length} cells; which one is missing is not known — read in order, the rest not given.`,
        refs
      );
    }
  };
  for (const d of data) {
    const table = d.table;
    if (!model.table(table).rows.some((r) => r.key === d.spec.key)) {
      if (d.heading) continue; // the 2021 heading row, not a stray 2019 row
      note(
        notes,
        "I-STRAY",
        `表${table}的“${shortLabel(d.label)}”行不属于 ${model.formatOf(table)} 年版格式，已忽略。`,
        `Table ${table} row “${d.label}” is not part of the ${model.formatOf(table)} format; ignored.`
      );
      continue;
    }
    const refs = model
      .columnsOf(table, d.spec.key)
      .map((column) => ({ table, row: d.spec.key, column }));
    place(table, refs, d.values, d.short, d.cut, d.label);
    if (d.fuzzy)
      note(
        notes,
        "I-LABEL",
        `表${table}的行名“${d.label}”与格式不同，按“${d.spec.label}”读取。`,
        `Table ${table}: row label “${d.label}” differs from the format; read as “${d.spec.label}”.`,
        refs
      );
  }
  if (table4) {
    const refs = model
      .table("四")
      .rows.flatMap((r) =>
        model
          .columnsOf("四", r.key)
          .map((column) => ({ table: "四" as TableId, row: r.key, column }))
      );
    place("四", refs, table4.values, table4.short, table4.cut, "行政复议、行政诉讼");
  }
  if (secondReportAt !== undefined)
    note(
      notes,
      "I-SECOND-REPORT",
      "文件中在这份报告的统计表之后还有另一份报告（或同一报告的第二份副本）的统计表：只读取了第一份，第二份未读取、未与第一份混合，请分开核对。",
      "The file holds the tables of another report (or a second copy) after this one's: only the first was read, the second was neither read nor mixed in — check it separately."
    );
  return {
    values,
    uncertain,
    readings,
    notes,
    model,
    formatFrom: decided,
    rows: read,
    ...(secondReportAt !== undefined ? { secondReportAt } : {}),
  };
}

function matchAny(row: GridRow, specs: readonly Spec[]): boolean {
  return row.slots.some((x) => x.first && matchRowLabel(x.norm, specs) !== undefined);
}

/** The row's label: the rightmost cell naming a row of table 二 or 三 (the current table's rows asked first). */
function labelOf(
  row: GridRow,
  current: TableId | undefined
): { table: "二" | "三"; at: number; match: { spec: Spec; fuzzy: boolean } } | undefined {
  const order: ("二" | "三")[] = current === "二" ? ["二", "三"] : ["三", "二"];
  for (let at = row.slots.length - 1; at >= 0; at--) {
    const x = row.slots[at];
    if (!x.first || !x.norm || isValueText(x.norm)) continue;
    for (const table of order) {
      const match = matchRowLabel(x.norm, SPECS[table]);
      if (match) return { table, at, match };
    }
  }
  return undefined;
}

/** The texts of the cells right of position `at`, each cell once (a colspan is one cell), blank ones as "". */
function valuesAfter(row: GridRow, at: number): string[] {
  const out: string[] = [];
  for (let c = at + 1; c < row.slots.length; c++) {
    const x = row.slots[c];
    if (!x.first) continue;
    // A value cell merged down from the row above gives its value once, there.
    out.push(x.top ? squash(x.cell.text) : "");
  }
  return out;
}
