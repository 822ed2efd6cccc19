/**
 * What this Excel can do for the pane: the adapter's own declaration (src/excel/capabilities.ts — the requirement
 * set of each feature and what the adapter does without it) asked of Office.context.requirements.isSetSupported,
 * with a Chinese (or English) sentence for each feature the host lacks, naming the Excel versions that have it and
 * what the clerk gets instead. Checked once the page knows it is in Excel, before any feature is offered. This module
 * holds no requirement sets of its own, so the pane says exactly what the adapter will do.
 */
import {
  FEATURES,
  hostCapabilities,
  type Feature,
  type FeatureInfo,
} from "../src/excel/capabilities";
import { excelApiHosts } from "../src/excel/errors";
import type { Language } from "./i18n";

export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** Hosts that have the shared runtime and custom functions (the two sets start together on every host listed). */
const RUNTIME_HOSTS_ZH =
  "Excel 2021 LTSC 版本 2108 及以后、Microsoft 365（Windows 版本 2002 起、Mac 16.35 起）或 Excel 网页版";
const RUNTIME_HOSTS_EN =
  "Excel 2021 LTSC version 2108 or later, Microsoft 365 (Windows version 2002 on, Mac 16.35 on) or Excel on the web";

export interface MissingFeature {
  feature: Feature;
  set: string;
  version: string;
  message: string;
}

function hostsFor(f: FeatureInfo, language: Language): string {
  if (f.set === "ExcelApi") return excelApiHosts(f.version, language);
  return language === "zh" ? RUNTIME_HOSTS_ZH : RUNTIME_HOSTS_EN;
}

function sentence(f: FeatureInfo, language: Language): string {
  const hosts = hostsFor(f, language);
  return language === "zh"
    ? `此版本的 Excel 不支持${f.label}（需要 ${f.set} ${f.version}，即 ${hosts}）：${f.without}。`
    : `This Excel lacks ${f.labelEn} (needs ${f.set} ${f.version}: ${hosts}): ${f.withoutEn}.`;
}

/**
 * The features this host lacks, in the order of the adapter's FEATURES, each with its sentence. Below the adapter's
 * floor ("workbook": nothing can be inserted or validated) that one sentence is all: the rest would not apply.
 * An API error never stands in for this check.
 */
export function missingFeatures(
  requirements: Requirements | undefined,
  language: Language = "zh"
): MissingFeature[] {
  if (!requirements || typeof requirements.isSetSupported !== "function") return [];
  const missing = hostCapabilities((set, version) => requirements.isSetSupported(set, version))
    .missing()
    .map(({ feature }) => feature);
  const shown = missing.includes("workbook") ? (["workbook"] as Feature[]) : missing;
  return shown.map((feature) => {
    const f = FEATURES[feature];
    return { feature, set: f.set, version: f.version, message: sentence(f, language) };
  });
}

/** Whether the shared runtime's Office.addin API may be called here. */
export function hasSharedRuntime(requirements: Requirements | undefined): boolean {
  try {
    return requirements?.isSetSupported("SharedRuntime", "1.1") ?? false;
  } catch {
    return false;
  }
}
