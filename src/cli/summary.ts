import type * as ExcelJS from "exceljs";
import { writeFile } from "node:fs/promises";
import type { Confrontation } from "../check";
import { formatFinding } from "../messages";
import { loadExcelJS } from "../xlsx/exceljs";

/**
 * `nianbao check … --summary 汇总.xlsx`: the results of a batch as a workbook a supervising office can sort and filter.
 *
 * - sheet 报告: one row per file — file, agency, year, report format, file kind, errors, warnings, status, the top
 *   finding's message, last year's report used for the carry-over check; files that could not be read are rows too;
 * - sheet 全部问题: one row per finding — file, agency, year, severity, rule, message, cells, expected, actual,
 *   difference, the clerk's 说明.
 *
 * Both sheets have an autofilter over the whole table and a frozen header row; rows are coloured by conditional
 * formatting (errors red, warnings amber, clean green), so the colours follow a re-sort or an edit.
 */

export interface SummaryReport {
  file: string;
  /** Importer that read the file: json, xlsx, html, text. */
  kind?: string;
  result: Confrontation;
  /** Last year's report used for W-CARRYOVER, when there was one. */
  previous?: string;
  /** No rule could be checked (no table read): never shown as 通过. */
  unchecked?: boolean;
}

export interface SummaryFailure {
  file: string;
  message: string;
}

export const STATUS = {
  error: "有错误",
  warning: "有提示",
  clean: "通过",
  unchecked: "无法核对",
  failed: "无法读取",
} as const;
export const SEVERITY = { error: "错误", warning: "提示", explained: "已说明" } as const;

/** Fill colours (ARGB): light red, amber, light green, as Excel's own highlight presets. */
export const FILLS = { error: "FFFFC7CE", warning: "FFFFEB9C", clean: "FFC6EFCE" } as const;
const FONTS = { error: "FF9C0006", warning: "FF9C5700", clean: "FF006100" } as const;

export const REPORT_COLUMNS = [
  { header: "文件", key: "file", width: 42 },
  { header: "单位", key: "agency", width: 28 },
  { header: "年度", key: "year", width: 8 },
  { header: "格式", key: "format", width: 10 },
  { header: "文件类型", key: "kind", width: 10 },
  { header: "错误", key: "errors", width: 8 },
  { header: "提示", key: "warnings", width: 8 },
  { header: "状态", key: "status", width: 10 },
  { header: "主要问题", key: "top", width: 90 },
  { header: "上年报告", key: "previous", width: 30 },
] as const;

export const FINDING_COLUMNS = [
  { header: "文件", key: "file", width: 42 },
  { header: "单位", key: "agency", width: 28 },
  { header: "年度", key: "year", width: 8 },
  { header: "级别", key: "severity", width: 8 },
  { header: "规则", key: "rule", width: 18 },
  { header: "说明", key: "message", width: 100 },
  { header: "单元格", key: "cells", width: 50 },
  { header: "应为", key: "expected", width: 8 },
  { header: "实为", key: "actual", width: 8 },
  { header: "差额", key: "imbalance", width: 8 },
  { header: "已说明", key: "explanation", width: 30 },
] as const;

const letter = (n: number) => String.fromCharCode(64 + n); // columns A…K are enough here

function status(result: Confrontation): keyof typeof STATUS {
  const s = result.summary();
  return s.errors ? "error" : s.warnings ? "warning" : "clean";
}

/** The finding a supervisor should read first: the first error, else the first unexplained warning. */
function topFinding(result: Confrontation): string {
  const f = result.errors()[0] ?? result.warnings()[0];
  return f ? `${f.rule}：${formatFinding(result.model, f)}` : "";
}

function header(
  ws: ExcelJS.Worksheet,
  columns: readonly { header: string; key: string; width: number }[]
): void {
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: "middle" };
  row.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
    cell.border = { bottom: { style: "thin", color: { argb: "FF808080" } } };
  });
  ws.views = [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }];
}

/** Filter over the header and every row; colours by formula on the status column, so they survive sorting. */
function finish(
  ws: ExcelJS.Worksheet,
  columns: number,
  rows: number,
  rules: { formula: string; fill: keyof typeof FILLS }[]
): void {
  const last = Math.max(rows + 1, 2);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: columns } };
  if (rows === 0) return;
  ws.addConditionalFormatting({
    ref: `A2:${letter(columns)}${rows + 1}`,
    rules: rules.map((r, i) => ({
      type: "expression",
      priority: i + 1,
      formulae: [r.formula],
      style: {
        fill: { type: "pattern", pattern: "solid", bgColor: { argb: FILLS[r.fill] } },
        font: { color: { argb: FONTS[r.fill] } },
      },
    })),
  });
}

/** The summary workbook of a batch. */
export async function buildSummary(
  reports: readonly SummaryReport[],
  failures: readonly SummaryFailure[] = []
): Promise<ExcelJS.Workbook> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = "nianbao 政务公开年报助手";
  wb.created = new Date();
  wb.title = "政府信息公开工作年度报告核对汇总";

  const byReport = wb.addWorksheet("报告");
  header(byReport, REPORT_COLUMNS);
  for (const r of reports) {
    const { report } = r.result;
    const s = r.result.summary();
    byReport.addRow({
      file: r.file,
      agency: report.agency ?? "",
      year: report.year ?? null,
      format: `${report.format} 年版`,
      kind: r.kind ?? "",
      errors: s.errors,
      warnings: s.warnings,
      status: STATUS[r.unchecked ? "unchecked" : status(r.result)],
      top: topFinding(r.result),
      previous: r.previous ?? "",
    });
  }
  for (const f of failures)
    byReport.addRow({
      file: f.file,
      agency: "",
      year: null,
      format: "",
      kind: "",
      errors: null,
      warnings: null,
      status: STATUS.failed,
      top: f.message,
      previous: "",
    });
  byReport.getColumn("top").alignment = { wrapText: false };
  // Status is column H: 无法读取 and 有错误 red, 有提示 amber, 通过 green.
  finish(byReport, REPORT_COLUMNS.length, reports.length + failures.length, [
    { formula: `OR($H2="${STATUS.error}",$H2="${STATUS.failed}")`, fill: "error" },
    { formula: `$H2="${STATUS.warning}"`, fill: "warning" },
    { formula: `$H2="${STATUS.clean}"`, fill: "clean" },
  ]);

  const all = wb.addWorksheet("全部问题");
  header(all, FINDING_COLUMNS);
  let n = 0;
  for (const r of reports) {
    const { report, model } = r.result;
    for (const f of r.result.findings) {
      all.addRow({
        file: r.file,
        agency: report.agency ?? "",
        year: report.year ?? null,
        severity:
          f.severity === "error"
            ? SEVERITY.error
            : f.explanation
              ? SEVERITY.explained
              : SEVERITY.warning,
        rule: f.rule,
        message: formatFinding(model, f),
        cells:
          f.cells
            .slice(0, 12)
            .map((c) => model.cellName(c))
            .join("；") + (f.cells.length > 12 ? ` 等 ${f.cells.length} 格` : ""),
        expected: f.expected,
        actual: f.actual,
        imbalance: f.imbalance,
        explanation: f.explanation ?? "",
      });
      n++;
    }
  }
  // Severity is column D.
  finish(all, FINDING_COLUMNS.length, n, [
    { formula: `$D2="${SEVERITY.error}"`, fill: "error" },
    { formula: `$D2="${SEVERITY.warning}"`, fill: "warning" },
    { formula: `$D2="${SEVERITY.explained}"`, fill: "clean" },
  ]);
  return wb;
}

export async function writeSummary(
  path: string,
  reports: readonly SummaryReport[],
  failures: readonly SummaryFailure[] = []
): Promise<void> {
  const wb = await buildSummary(reports, failures);
  await writeFile(path, Buffer.from(await wb.xlsx.writeBuffer()));
}
