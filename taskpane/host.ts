/**
 * What this Excel can do for the pane, from the requirement sets it reports (Office.context.requirements
 * .isSetSupported), with a Chinese (or English) sentence for each feature it lacks, naming the feature and the Excel
 * versions that have it. Checked once the page knows it is in Excel, before any feature is offered.
 *
 * The sets per feature are those the adapter uses (src/excel: Range.setCellProperties and Worksheet.pageLayout are
 * ExcelApi 1.9, comments 1.10); the versions per set are from Microsoft's requirement-set pages ("Excel JavaScript API
 * requirement sets", "Shared runtime requirement sets", "Custom functions requirement sets"), see README's host table.
 * When the adapter exposes its own capabilities (src/excel/capabilities.ts) this module should defer to it.
 */
import { excelApiHosts } from "../src/excel/errors";
import type { Language } from "./i18n";

export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

interface Feature {
  id: "template" | "validate" | "comments" | "ribbon" | "functions";
  set: string;
  version: string;
  zh: string;
  en: string;
}

/** Hosts that have the shared runtime and custom functions (the two sets start together on every host listed). */
const RUNTIME_HOSTS_ZH =
  "Excel 2021 LTSC 版本 2108 及以后、Microsoft 365（Windows 版本 2002 起、Mac 16.35 起）或 Excel 网页版";
const RUNTIME_HOSTS_EN =
  "Excel 2021 LTSC version 2108 or later, Microsoft 365 (Windows version 2002 on, Mac 16.35 on) or Excel on the web";

export const FEATURES: readonly Feature[] = [
  {
    id: "template",
    set: "ExcelApi",
    version: "1.9",
    zh: "插入模板、导入",
    en: "Insert template, import",
  },
  {
    id: "validate",
    set: "ExcelApi",
    version: "1.9",
    zh: "校验、标记与清除标记、应用修改",
    en: "Validate, marks, apply fixes",
  },
  {
    id: "comments",
    set: "ExcelApi",
    version: "1.10",
    zh: "在单元格批注中写明问题（标记只有底色）",
    en: "Problem comments on cells (marks are fill only)",
  },
  {
    id: "ribbon",
    set: "SharedRuntime",
    version: "1.1",
    zh: "功能区的政务公开年报选项卡（面板关闭时校验）",
    en: "The 政务公开年报 ribbon tab (validate with the pane closed)",
  },
  {
    id: "functions",
    set: "CustomFunctionsRuntime",
    version: "1.1",
    zh: "实时核对函数 =NIANBAO.…（插入模板时请选原生公式）",
    en: "Live-check functions =NIANBAO.… (insert the template with native formulas)",
  },
];

export interface MissingFeature {
  feature: Feature["id"];
  set: string;
  version: string;
  message: string;
}

function hostsFor(feature: Feature, language: Language): string {
  if (feature.set === "ExcelApi") {
    return language === "zh" ? excelApiHosts(feature.version) : `ExcelApi ${feature.version}`;
  }
  return language === "zh" ? RUNTIME_HOSTS_ZH : RUNTIME_HOSTS_EN;
}

/** The features this host lacks, each with its sentence. An API error never stands in for this check. */
export function missingFeatures(
  requirements: Requirements | undefined,
  language: Language = "zh"
): MissingFeature[] {
  if (!requirements || typeof requirements.isSetSupported !== "function") return [];
  const supported = (set: string, version: string): boolean => {
    try {
      return requirements.isSetSupported(set, version);
    } catch {
      return false;
    }
  };
  return FEATURES.filter((f) => !supported(f.set, f.version)).map((f) => ({
    feature: f.id,
    set: f.set,
    version: f.version,
    message:
      language === "zh"
        ? `此版本的 Excel 不支持“${f.zh}”：需要 ${f.set} ${f.version}（${hostsFor(f, "zh")}）。`
        : `This Excel cannot do “${f.en}”: it needs ${f.set} ${f.version} (${hostsFor(f, "en")}).`,
  }));
}

/** Whether the shared runtime's Office.addin API may be called here. */
export function hasSharedRuntime(requirements: Requirements | undefined): boolean {
  try {
    return requirements?.isSetSupported("SharedRuntime", "1.1") ?? false;
  } catch {
    return false;
  }
}
