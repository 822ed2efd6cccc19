import { getFormat, type CellRef, type FormatId } from "./format";
import { createReport, type Report } from "./report";
import { readValue } from "./values";

/**
 * 汇总: several agencies' reports added cell by cell into one (a county adding up its departments and townships).
 * Pure: no files, no checking — the command (cli/sum.ts) checks the parts first and writes the result.
 *
 * - Every part must have the same format: the 2019 and 2021 tables have different rows and columns, so a 2019 report
 *   cannot be added to a 2021 one; that is refused with a message naming which is which.
 * - Blank and placeholder cells (“/”, “—”, “无”) count as 0, as the checks read them.
 * - A cell is uncertain in the sum when it is uncertain in any part (an importer's guess), not given by a part (a
 *   cut-off report) or not readable as a number in a part (text, #REF!): the readable parts are added and the cell is
 *   marked, so the sum says where it may be wrong rather than failing.
 */

export interface SumPart {
  /** How the part is named in messages (its file). */
  name: string;
  report: Report;
}

export interface SumOptions {
  agency?: string;
  year?: number;
}

export interface SumNote {
  code: "mixed-years" | "missing" | "unreadable" | "uncertain";
  /** The part the note is about (absent for notes about the whole sum). */
  part?: string;
  cells: CellRef[];
  message: string;
}

export type SumOutcome =
  { ok: true; report: Report; notes: SumNote[] } | { ok: false; error: string };

const FORMAT_NAMES: Record<FormatId, string> = {
  "2021": "2021 年版格式（国办公开办函〔2021〕30号）",
  "2019": "2019 年版格式（国办公开办函〔2019〕60号）",
};

/** Names for a message: the first few, then how many more. */
function list(names: string[], max = 5): string {
  return names.length <= max
    ? names.join("、")
    : `${names.slice(0, max).join("、")} 等 ${names.length} 份`;
}

/** Money sums (万元) are rounded like the cells they come from, so 0.1 + 0.2 is 0.3. */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function sumReports(parts: readonly SumPart[], options: SumOptions = {}): SumOutcome {
  if (parts.length === 0) return { ok: false, error: "没有可汇总的报告" };
  const formats = [...new Set(parts.map((p) => p.report.format))];
  if (formats.length > 1) {
    const groups = formats.map(
      (f) =>
        `${list(parts.filter((p) => p.report.format === f).map((p) => p.name))} 是${FORMAT_NAMES[f]}`
    );
    return {
      ok: false,
      error: `不能汇总不同格式的报告：${groups.join("，")}。两种格式的表二、表三行列不同，不能逐格相加；请按格式分别汇总。`,
    };
  }
  const format = formats[0];
  const model = getFormat(format);
  const notes: SumNote[] = [];

  const years = [
    ...new Set(parts.map((p) => p.report.year).filter((y): y is number => y !== undefined)),
  ].sort();
  if (years.length > 1)
    notes.push({
      code: "mixed-years",
      cells: [],
      message: `报告的年度不同（${years.join("、")}）：汇总的通常是同一年度的报告，请确认。`,
    });
  const year = options.year ?? (years.length === 1 ? years[0] : undefined);
  const report = createReport(format, {
    ...(year !== undefined ? { year } : {}),
    agency: options.agency ?? `${parts.length} 个单位汇总`,
  });

  const missing = new Map<string, CellRef[]>();
  const unreadable = new Map<string, CellRef[]>();
  const guessed = new Map<string, CellRef[]>();
  const add = (map: Map<string, CellRef[]>, part: string, cell: CellRef) => {
    if (!map.has(part)) map.set(part, []);
    map.get(part)!.push(cell);
  };
  const uncertain = new Set<string>();
  model.cells.forEach((cell, i) => {
    const id = model.ids[i];
    let total = 0;
    for (const p of parts) {
      if (!p.report.values.has(id)) {
        add(missing, p.name, cell);
        uncertain.add(id);
        continue;
      }
      const read = readValue(p.report.values.get(id) ?? null);
      if (read.value === null) {
        add(unreadable, p.name, cell);
        uncertain.add(id);
        continue;
      }
      total += read.value;
      if (p.report.uncertain?.has(id)) {
        add(guessed, p.name, cell);
        uncertain.add(id);
      }
    }
    report.values.set(id, round(total));
  });
  if (uncertain.size) report.uncertain = uncertain;

  const cellsText = (cells: CellRef[]) =>
    cells.length <= 3
      ? cells.map((c) => model.cellName(c)).join("、")
      : `${cells
          .slice(0, 3)
          .map((c) => model.cellName(c))
          .join("、")} 等 ${cells.length} 格`;
  for (const [part, cells] of missing)
    notes.push({
      code: "missing",
      part,
      cells,
      message: `${part} 缺少 ${cells.length} 格（${cellsText(cells)}），按 0 计入，汇总数标为不确定。`,
    });
  for (const [part, cells] of unreadable)
    notes.push({
      code: "unreadable",
      part,
      cells,
      message: `${part} 有 ${cells.length} 格不是数字（${cellsText(cells)}），未计入，汇总数标为不确定。`,
    });
  for (const [part, cells] of guessed)
    notes.push({
      code: "uncertain",
      part,
      cells,
      message: `${part} 有 ${cells.length} 格是读取时推断的（${cellsText(cells)}），汇总数标为不确定。`,
    });
  return { ok: true, report, notes };
}
