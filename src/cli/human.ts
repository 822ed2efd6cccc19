import type { FileReport } from "./pipeline";
import { capMessage, safeText } from "./messages";

/** Longest line printed for one finding (a W-BLANK listing hundreds of cells stays one readable line). */
const MAX_LINE = 2000;

/** What the headline says for a report on which nothing could be checked. */
export const UNCHECKED_HEADLINE = "？ 没有一条勾稽关系能核对（统计表没有读到或不全），未算作通过";

/**
 * The terminal output of `nianbao check` for one report: a short Chinese summary, then its findings and fixes. Built
 * from the printed record (src/cli/pipeline.ts), so that it is the same in every thread; everything taken from the
 * report (agency, quoted text) made safe for a terminal.
 */
export function formatHuman(r: FileReport, options: { cells?: boolean } = {}): string {
  const explained = r.findings.filter((f) => f.explanation).length;
  const title = [`${r.format} 年版格式`, r.year ? `${r.year} 年度` : "", r.agency ?? ""]
    .filter(Boolean)
    .join("，");
  const where = r.sheet ? `［工作表“${r.sheet}”］` : "";
  const lines = [`${r.file}${where}（${title}）`];
  const extra = `${r.summary.warnings ? `，${r.summary.warnings} 条提示` : ""}${explained ? `，${explained} 条已说明` : ""}`;
  lines.push(
    r.status === "unchecked"
      ? `  ${UNCHECKED_HEADLINE}${extra}`
      : r.summary.errors === 0
        ? `  ✓ 勾稽关系全部成立${extra}`
        : `  ✗ ${r.summary.errors} 个错误，${r.summary.warnings} 条提示${explained ? `，${explained} 条已说明` : ""}`
  );
  for (const f of r.findings) {
    const tag = f.severity === "error" ? "错误" : f.explanation ? "已说明" : "提示";
    lines.push(
      `  ${tag} ${f.rule}  ${capMessage(f.message, MAX_LINE)}${f.explanation ? `（说明：${capMessage(f.explanation, 200)}）` : ""}`
    );
  }
  const groups = new Set<number>();
  for (const fix of r.fixes) {
    const alternative = groups.has(fix.group);
    groups.add(fix.group);
    lines.push(`  建议 ${alternative ? "  或 " : ""}${capMessage(fix.message, MAX_LINE)}`);
  }
  if (options.cells)
    for (const c of r.cells ?? [])
      lines.push(
        `  表${c.table} ${c.row} / ${c.column}：${c.value === null ? "空" : capMessage(String(c.value), 200)}${c.uncertain ? "（不确定）" : ""}`
      );
  return safeText(lines.join("\n")) + "\n\n";
}
