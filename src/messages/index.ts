import type { FormatModel } from "../format";
import type { Finding } from "../findings";
import type { Fix } from "../localize";
import * as zh from "./zh";
import * as en from "./en";

export type Locale = "zh" | "en";

const LOCALES = { zh, en } as const;

export function formatFinding(model: FormatModel, finding: Finding, locale: Locale = "zh"): string {
  return LOCALES[locale].formatFinding(model, finding);
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
