import { cellId, getFormat, type TableId } from "./format";
import { createReport, modelOf, setCell, type ImportNote, type Report } from "./report";

/**
 * A report mixing the formats (Report.tableFormats) for writers that lay out one format (the Excel template sheet,
 * the .xlsx template): a table printed in the other format keeps the cells both formats share (same row and column),
 * and every cell that has no place in the sheet's format is named, with its value, in a note on that table — never
 * dropped without a word. A report of one format is returned as it is.
 */
export function asSingleFormat(report: Report): Report {
  if (!report.tableFormats) return report;
  const mixed = modelOf(report);
  const target = getFormat(report.format);
  const { format, values: _values, tableFormats: _tables, ...rest } = report;
  const out = createReport(format, { ...rest, notes: [...(report.notes ?? [])] });
  const lost = new Map<TableId, string[]>();
  for (const ref of mixed.cells) {
    const id = cellId(ref);
    if (!report.values.has(id)) continue;
    if (target.hasCell(ref)) setCell(out, ref, report.values.get(id)!);
    else if (mixed.formatOf(ref.table) !== target.id) {
      const v = report.values.get(id);
      const list = lost.get(ref.table) ?? [];
      list.push(`${mixed.cellName(ref)}=${v === null ? "空" : String(v)}`);
      lost.set(ref.table, list);
    }
  }
  for (const [table, cells] of lost) {
    const note: ImportNote & { en?: string } = {
      code: "I-STRAY",
      message: `表${table}按 ${mixed.formatOf(table)} 年版格式印制，工作表使用 ${target.id} 年版模板：${cells.length} 格在模板中没有位置，未写入（${cells.slice(0, 12).join("、")}${cells.length > 12 ? " 等" : ""}），请对照原文。`,
      en: `Table ${table} is printed in the ${mixed.formatOf(table)} format and the sheet uses the ${target.id} template: ${cells.length} cell(s) have no place in it and were not written — see the published report.`,
      cells: target.cells.filter((c) => c.table === table),
    };
    out.notes!.push(note);
  }
  return out;
}
