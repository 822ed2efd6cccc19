import { confront, type Confrontation } from "../check";
import { cellId, getFormat, type CellRef, type TableId } from "../format";
import { findingKey } from "../findings";
import "../importers/checks"; // import notes (I-STRAY, I-UNCERTAIN …) become warnings
import { foldLabel } from "../labels";
import { a1, readTableGrid, sheetValueToRaw } from "../layout";
import { describeRaw } from "../messages/zh";
import { createReport, type ImportNote, type Report } from "../report";
import { quoteSheetName } from "../layout";
import { tableGeometry } from "./geometry";
import type { ReadReport } from "./read";
import { tableName } from "./store";
import type { AdapterProblem } from "./types";

/**
 * A report sheet as read (read.ts) turned into the engine's Report: the entry cells through the layout's own map
 * (readTableGrid), values exactly as Excel gives them. What is not an entry cell is not read into the report; a
 * value found there is told to the clerk as an import note naming the cell.
 */

export interface Assembled {
  read: ReadReport;
  report: Report;
  /** Tables read into the report. */
  tables: TableId[];
  /** Finding key of each stray-value note → the table cell it is about. */
  strays: Map<string, { table: TableId; row: number; col: number }>;
  problems: AdapterProblem[];
}

/** Share of a table's labels that may differ before the table is taken to be somewhere else than its name says. */
const MAX_CHANGED_LABELS = 0.5;

const TABLE_TITLE: Record<TableId, string> = { 二: "表二", 三: "表三", 四: "表四" };

export function assemble(read: ReadReport): Assembled {
  const { format, stored } = read;
  const problems: AdapterProblem[] = [...read.problems];
  const values = new Map<string, ReturnType<typeof sheetValueToRaw>>();
  const strayNotes: { note: ImportNote; at: { table: TableId; row: number; col: number } }[] = [];
  const tables: TableId[] = [];
  for (const t of getFormat(format).tables) {
    const where = read.tables.get(t.id);
    const problem = (code: AdapterProblem["code"], message: string) =>
      problems.push({
        code,
        message,
        uid: read.uid,
        sheetName: where?.sheetName ?? read.sheetName,
        table: t.id,
      });
    if (!where) {
      problem(
        "NotFound",
        `找不到工作表“${read.sheetName}”的${TABLE_TITLE[t.id]}（工作簿中的名称 ${tableName(read.uid, t.id)} 已被删除或失效），该表没有校验。`
      );
      continue;
    }
    const geometry = tableGeometry(format, t.id);
    const { plan } = geometry;
    if (where.values.length !== plan.rows || where.values.some((row) => row.length !== plan.cols)) {
      problem(
        "Unreadable",
        `工作表“${where.sheetName}”的${TABLE_TITLE[t.id]}现在是 ${where.values.length} 行 × ${where.values[0]?.length ?? 0} 列，模板是 ${plan.rows} 行 × ${plan.cols} 列（可能在表内插入或删除了行、列），无法按模板读取，该表没有校验。请撤销对表格结构的修改。`
      );
      continue;
    }
    const at = (row: number, col: number) =>
      `${quoteSheetName(where.sheetName)}!${a1(where.top + row, where.left + col)}`;
    const labelled = geometry.labels.filter((l) => l.text !== "");
    const changed = geometry.labels.filter((l) => {
      const raw = sheetValueToRaw(where.values[l.row][l.col]);
      if (raw === null) return false; // a cleared label loses nothing
      return !l.accepted.has(foldLabel(String(raw)));
    });
    if (changed.filter((l) => l.text !== "").length > MAX_CHANGED_LABELS * labelled.length) {
      problem(
        "Unreadable",
        `工作表“${where.sheetName}”中名称 ${tableName(read.uid, t.id)} 所指的区域（${at(0, 0)} 起）已不是${TABLE_TITLE[t.id]}：大部分行列标签对不上，该表没有校验。`
      );
      continue;
    }
    tables.push(t.id);
    for (const e of readTableGrid(format, t.id, where.values)) values.set(cellId(e.ref), e.raw);
    for (const l of changed) {
      const raw = sheetValueToRaw(where.values[l.row][l.col]);
      const address = `工作表“${where.sheetName}”的 ${a1(where.top + l.row, where.left + l.col)} 格`;
      const message = l.text
        ? `${address}是${TABLE_TITLE[t.id]}的标签“${l.text}”所在格，却填有 ${describeRaw(raw)}：标签格中的内容不读入报告。数字请填在浅黄色的填报格中，并恢复标签。`
        : `${address}在${TABLE_TITLE[t.id]}中不是填报格，却填有 ${describeRaw(raw)}：该内容不读入报告。数字请填在浅黄色的填报格中。`;
      strayNotes.push({
        note: { code: "I-STRAY", message },
        at: { table: t.id, row: l.row, col: l.col },
      });
    }
  }

  // Notes of the importer that wrote this sheet, while the clerk has not changed the cells they are about.
  const imported: ImportNote[] = [];
  for (const n of stored.imported?.notes ?? []) {
    const unchanged = n.cells.every(
      (id) => values.has(id) && values.get(id) === stored.imported!.values[id]
    );
    if (!unchanged) continue;
    imported.push({
      code: n.code,
      message: n.message,
      ...(n.cells.length ? { cells: n.cells.map(parseId) } : {}),
    });
  }
  const notes = [...imported, ...strayNotes.map((s) => s.note)];
  const report = createReport(format, {
    ...(stored.year !== undefined ? { year: stored.year } : {}),
    ...(stored.agency !== undefined ? { agency: stored.agency } : {}),
    ...(stored.level !== undefined ? { level: stored.level } : {}),
    explanations: { ...stored.explanations },
    ...(notes.length ? { notes } : {}),
  });
  for (const [id, raw] of values) report.values.set(id, raw);
  const strays = new Map<string, { table: TableId; row: number; col: number }>();
  // The key importNotesCheck gives a note without cells: its rule, and its place among the notes.
  strayNotes.forEach((s, i) =>
    strays.set(findingKey("I-STRAY", [], String(imported.length + i)), s.at)
  );
  return { read, report, tables, strays, problems };
}

function parseId(id: string): CellRef {
  const [table, row, column] = id.split(":");
  return { table: table as TableId, row, column };
}

/** Confront every assembled report, each with last year's report of the same agency when the workbook holds one. */
export function confrontAll(list: Assembled[]): Confrontation[] {
  const agency = (a: Assembled) => (a.report.agency ?? "").replace(/\s+/g, "");
  return list.map((a) => {
    const year = a.report.year;
    const previous =
      year === undefined
        ? undefined
        : list.find((o) => o !== a && o.report.year === year - 1 && agency(o) === agency(a));
    return confront(a.report, previous ? { previous: previous.report } : {});
  });
}

/** Where a report cell is, relative to its table; undefined when its table was not read. */
export function entryPosition(
  a: Assembled,
  ref: CellRef
): { row: number; col: number } | undefined {
  if (!a.tables.includes(ref.table)) return undefined;
  return tableGeometry(a.read.format, ref.table).entries.get(cellId(ref));
}
