import type { Confrontation } from "../check";
import { formatFinding, formatFix } from "../messages";
import { cellsOutput } from "../output";

/** The terminal output of `nianbao check`: a short Chinese summary per file, then its findings and fixes. */
export function formatHuman(
  file: string,
  result: Confrontation,
  options: { cells?: boolean } = {}
): string {
  const { report, model } = result;
  const s = result.summary();
  const title = [
    `${report.format} 年版格式`,
    report.year ? `${report.year} 年度` : "",
    report.agency ?? "",
  ]
    .filter(Boolean)
    .join("，");
  const lines = [`${file}（${title}）`];
  lines.push(
    s.errors === 0
      ? `  ✓ 勾稽关系全部成立${s.warnings ? `，${s.warnings} 条提示` : ""}${s.explained ? `，${s.explained} 条已说明` : ""}`
      : `  ✗ ${s.errors} 个错误，${s.warnings} 条提示${s.explained ? `，${s.explained} 条已说明` : ""}`
  );
  for (const f of result.findings) {
    const tag = f.severity === "error" ? "错误" : f.explanation ? "已说明" : "提示";
    lines.push(
      `  ${tag} ${f.rule}  ${formatFinding(model, f)}${f.explanation ? `（说明：${f.explanation}）` : ""}`
    );
  }
  for (const fix of result.fixes)
    lines.push(`  建议 ${fix.rank > 1 ? "  或 " : ""}${formatFix(model, fix, result.fixes)}`);
  if (options.cells)
    for (const c of cellsOutput(report))
      lines.push(
        `  表${c.table} ${c.row} / ${c.column}：${c.value === null ? "空" : c.value}${c.uncertain ? "（不确定）" : ""}`
      );
  return lines.join("\n") + "\n\n";
}
