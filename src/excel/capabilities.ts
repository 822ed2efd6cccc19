/**
 * What the Excel host can do, asked before use (Office.context.requirements.isSetSupported), never learned from a
 * raw API error. Every feature names its requirement set (learn.microsoft.com "Excel JavaScript API requirement
 * sets", the API reference's `[Api set: …]` tags, "Shared runtime requirement sets", "Custom functions requirement
 * sets") and says in Chinese (and English, for the pane) what the clerk gets without it. This is the one declaration:
 * the pane (taskpane/host.ts) derives its notice from it; the adapter degrades feature by feature.
 */

/** Office.context.requirements.isSetSupported, as a plain function. */
export type IsSetSupported = (name: string, version?: string) => boolean;

export type Feature =
  | "workbook"
  | "dataValidation"
  | "cellProperties"
  | "pageLayout"
  | "comments"
  | "notes"
  | "customFunctions"
  | "sharedRuntime";

export interface FeatureInfo {
  /** Requirement set and the lowest version that has the feature. */
  set: string;
  version: string;
  /** What the feature is, for the clerk. */
  label: string;
  /** What happens without it. */
  without: string;
  /** The same two in English, for the pane when Office speaks English (taskpane/host.ts). */
  labelEn: string;
  withoutEn: string;
}

export const FEATURES: Readonly<Record<Feature, FeatureInfo>> = {
  // Worksheet.getRangeByIndexes is ExcelApi 1.7; workbook names and settings (where the reports are kept) 1.4.
  workbook: {
    set: "ExcelApi",
    version: "1.7",
    label: "读写年报表格（工作簿名称、设置、按位置定位单元格）",
    without:
      "插入模板、校验、标记都无法使用。请使用 Office 2019 及以上或 Microsoft 365，或用命令行 nianbao template 生成的 .xlsx 模板（表中自带核对公式）",
    labelEn: "Reading and writing the report tables (workbook names, settings, cells by position)",
    withoutEn:
      "Insert template, validate and marks are not available. Use Office 2019 or later or Microsoft 365, or the .xlsx template made by the command line nianbao template (its check formulas are in the sheet)",
  },
  // Range.dataValidation is ExcelApi 1.8.
  dataValidation: {
    set: "ExcelApi",
    version: "1.8",
    label: "数据验证（填报格只能填 0 或正整数，并显示填写提示）",
    without: "插入的模板没有输入限制和填写提示，填错的数仍会在校验时指出",
    labelEn:
      "Data validation (report cells accept only 0 or a positive whole number, with an input hint)",
    withoutEn:
      "The inserted template has no input restriction or hint; a wrong number is still pointed out by Validate",
  },
  // Range.getCellProperties / setCellProperties and RangeFill.pattern are ExcelApi 1.9.
  cellProperties: {
    set: "ExcelApi",
    version: "1.9",
    label: "批量读取和设置单元格格式",
    without:
      "格式改为逐格设置，效果相同；原本“无填充”与“白色填充”无法区分，清除标记时一律恢复为无填充",
    labelEn: "Reading and setting cell formats in bulk",
    withoutEn:
      "Formats are set cell by cell, with the same result; “no fill” and “white fill” cannot be told apart, so clearing marks restores “no fill”",
  },
  // Worksheet.pageLayout is ExcelApi 1.9.
  pageLayout: {
    set: "ExcelApi",
    version: "1.9",
    label: "打印设置（A4 横向、一页宽、居中）",
    without: "插入的模板没有打印设置，请在“页面布局”中手动设为 A4 横向",
    labelEn: "Print settings (A4 landscape, one page wide, centred)",
    withoutEn: "The inserted template has no print settings: set A4 landscape under Page Layout",
  },
  // Workbook.comments (CommentCollection) is ExcelApi 1.10.
  comments: {
    set: "ExcelApi",
    version: "1.10",
    label: "单元格批注",
    without: "校验只给出错的单元格加底色，不加批注；问题的说明见任务窗格",
    labelEn: "Cell comments",
    withoutEn:
      "Validate only colours the wrong cells, without comments; the problems are explained in the task pane",
  },
  // Workbook.notes (NoteCollection) is ExcelApi 1.18 — on no volume-licensed build.
  notes: {
    set: "ExcelApi",
    version: "1.18",
    label: "读取单元格备注",
    without: "无法事先知道哪些单元格有备注；Excel 拒绝在这些单元格上加批注时，它们只有底色",
    labelEn: "Reading cell notes",
    withoutEn:
      "Cells with a note cannot be known in advance; where Excel refuses a comment on them, they are only coloured",
  },
  customFunctions: {
    set: "CustomFunctionsRuntime",
    version: "1.1",
    label: "边填边核对的加载项函数（=NIANBAO.…）",
    without: "模板旁的核对格改用普通公式，核对结果一样",
    labelEn: "Add-in check functions (=NIANBAO.…)",
    withoutEn:
      "The live checks in the template use native formulas (SUM, IF), with the same result",
  },
  sharedRuntime: {
    set: "SharedRuntime",
    version: "1.1",
    label: "功能区的政务公开年报选项卡（任务窗格与功能区共用运行环境）",
    without: "没有功能区选项卡，请从“插入 › 我的加载项”打开任务窗格，在任务窗格中操作",
    labelEn: "The 政务公开年报 ribbon tab (shared runtime of task pane and ribbon)",
    withoutEn:
      "There is no 政务公开年报 ribbon tab: open the task pane from Insert › My Add-ins and work there",
  },
};

export interface MissingFeature extends FeatureInfo {
  feature: Feature;
  /** One Chinese sentence naming the feature, its requirement set, and what the clerk gets instead. */
  message: string;
}

export interface HostCapabilities {
  has(feature: Feature): boolean;
  /** Features the host lacks, in the order of FEATURES. */
  missing(): MissingFeature[];
  /** The Chinese messages of the missing features. */
  messages(): string[];
  /** The message for one missing feature (also for one the host has, for tests and docs). */
  message(feature: Feature): string;
}

export function missingMessage(feature: Feature): string {
  const f = FEATURES[feature];
  return `当前 Excel 不支持${f.label}（需要 ${f.set} ${f.version}）：${f.without}。`;
}

/** The capabilities of a host that answers `isSetSupported`; without one (outside Office, tests), every feature. */
export function hostCapabilities(isSetSupported?: IsSetSupported): HostCapabilities {
  const has = (feature: Feature) => {
    if (!isSetSupported) return true;
    const f = FEATURES[feature];
    try {
      return !!isSetSupported(f.set, f.version);
    } catch {
      return false;
    }
  };
  const missing = () =>
    (Object.keys(FEATURES) as Feature[])
      .filter((f) => !has(f))
      .map((feature) => ({ feature, ...FEATURES[feature], message: missingMessage(feature) }));
  return {
    has,
    missing,
    messages: () => missing().map((m) => m.message),
    message: missingMessage,
  };
}

/** The capabilities of the host this code runs in (Office.context.requirements), or every feature outside Office. */
export function currentHost(): HostCapabilities {
  const office = (globalThis as { Office?: typeof Office }).Office;
  const requirements = office?.context?.requirements;
  if (!requirements?.isSetSupported) return hostCapabilities();
  return hostCapabilities((name, version) => requirements.isSetSupported(name, version));
}
