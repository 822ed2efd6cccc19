import { cellId } from "../format";
import { formatFinding, formatFix, ruleBadge } from "../messages";
import { guarded } from "./errors";
import { freeSheetName } from "./insert";
import type { ExcelRun, WorkbookValidation } from "./types";

/**
 * 导出校验结果: a new sheet 校验结果 (校验结果 (2) … when taken) with one row per finding — sheet, cells, severity,
 * the rule's plain name, the engine's message, the suggested fix, the clerk's explanation, and last the rule's code
 * (a detail for those who ask, issue 9 item 4) — and one per problem. Two round trips.
 */

const HEADER = ["工作表", "单元格", "级别", "问题", "说明", "建议修改", "已作说明", "规则代码"];
const WIDTHS = [14, 18, 6, 16, 70, 50, 30, 12];
const MAX_CELLS = 8;

/** "'2025年报'!D24" → "D24". */
const local = (address: string) => address.replace(/^.*!/, "");

export function findingRows(validation: WorkbookValidation): string[][] {
  const rows: string[][] = [];
  for (const sheet of validation.sheets) {
    const { result } = sheet;
    const best = result.fixes.filter((f) => f.rank === 1);
    for (const f of result.findings) {
      const ids = new Set(f.cells.map(cellId));
      const addresses = f.cells
        .map((c) => local(sheet.address(c)))
        .filter((a) => a && !a.startsWith("'"));
      const cells =
        addresses.length > MAX_CELLS
          ? `${addresses.slice(0, MAX_CELLS).join("、")} 等 ${addresses.length} 格`
          : addresses.join("、");
      const fixes = best
        .filter((x) => x.changes.some((c) => ids.has(cellId(c.cell))))
        .map((x) => formatFix(result.model, x, result.fixes));
      rows.push([
        sheet.sheetName,
        cells,
        f.severity === "error" ? "错误" : "提示",
        ruleBadge(f.rule),
        formatFinding(result.model, f),
        fixes.join("\n"),
        f.explanation ?? "",
        f.rule,
      ]);
    }
  }
  for (const p of validation.problems)
    rows.push([p.sheetName ?? "", "", "无法校验", "", p.message, "", "", p.code]);
  return rows;
}

export async function exportFindings(
  run: ExcelRun,
  validation: WorkbookValidation
): Promise<string> {
  return guarded("导出校验结果", () =>
    run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      const name = freeSheetName(
        "校验结果",
        new Set(sheets.items.map((s) => s.name.toLowerCase()))
      );
      const rows = [HEADER, ...findingRows(validation)];
      const sheet = context.workbook.worksheets.add(name);
      const area = sheet.getRangeByIndexes(0, 0, rows.length, HEADER.length);
      // Text format first, so messages, addresses and rule ids stay exactly as written.
      area.numberFormat = rows.map((r) => r.map(() => "@"));
      area.values = rows;
      area.format.wrapText = true;
      area.format.verticalAlignment = "Top";
      const header = sheet.getRangeByIndexes(0, 0, 1, HEADER.length);
      header.format.font.bold = true;
      header.format.fill.color = "#D9E1F2";
      WIDTHS.forEach(
        (w, c) =>
          (sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = Math.round(w * 7 + 5) * 0.75)
      );
      sheet.activate();
      await context.sync();
      return name;
    })
  );
}
