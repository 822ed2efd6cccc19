import type { FormatModel } from "../format";
import type { Finding } from "../findings";
import type { Fix } from "../localize";
import * as zh from "./zh";
import * as en from "./en";
import { ruleBadge } from "./names";

export type Locale = "zh" | "en";

const LOCALES = { zh, en } as const;

export function formatFinding(model: FormatModel, finding: Finding, locale: Locale = "zh"): string {
  const text = LOCALES[locale].formatFinding(model, finding);
  const u = finding.unverified;
  if (!u) return text;
  const names = u.cells
    .slice(0, 3)
    .map((c) => LOCALES[locale].cellName(model, c))
    .join(locale === "zh" ? "、" : ", ");
  const more =
    u.cells.length > 3
      ? locale === "zh"
        ? ` 等 ${u.cells.length} 格`
        : ` and ${u.cells.length - 3} more`
      : "";
  return locale === "zh"
    ? `无法核实 ${finding.rule}：${names}${more}是导入时推测的读法（原文的数字可以有不止一种读法），换一种读法此关系可能成立，请核对原表。按推测的读法：${text}`
    : `${finding.rule} could not be verified: ${names}${more} were read by guess (the printed digits read more than one way) and another reading may satisfy it — check the published table. On the guessed reading: ${text}`;
}

/** A fix as a sentence; `fixes` lets the message say how many equally small alternatives there are. */
export function formatFix(
  model: FormatModel,
  fix: Fix,
  fixes: readonly Fix[] = [fix],
  locale: Locale = "zh"
): string {
  const alternatives = fixes.filter((f) => f.group === fix.group).length;
  return LOCALES[locale].formatFix(model, fix, alternatives);
}

export function cellName(
  model: FormatModel,
  cell: Finding["cells"][number],
  locale: Locale = "zh"
): string {
  return LOCALES[locale].cellName(model, cell);
}

export { RULE_NAMES, ruleName, ruleBadge } from "./names";

/**
 * The text of a cell comment (the adapter adds 【年报助手】): severity, the plain name of the rule, the message — no
 * code. “错误 · 各类申请人合计：表三“（一）予以公开”行：…”
 */
export function formatComment(model: FormatModel, f: Finding, locale: Locale = "zh"): string {
  const message = LOCALES[locale].formatFinding(model, f);
  return locale === "en"
    ? `${f.severity === "error" ? "Error" : "Warning"} · ${ruleBadge(f.rule, "en")}: ${message}`
    : `${f.severity === "error" ? "错误" : "提示"} · ${ruleBadge(f.rule)}：${message}`;
}
