/**
 * The task pane's words in Simplified Chinese (the default). Messages about findings and fixes come from the engine
 * (src/messages); this module holds only the pane's own labels. Every function returns plain text: whatever it
 * embeds (sheet names, file names, cell values) is shown with textContent, never parsed as HTML.
 */
export const zh = {
  lang: "zh-CN",
  appTitle: "政务公开年报助手",
  appHint: "检查《政府信息公开工作年度报告》法定表格中的数字是否平衡。",

  connecting: "正在连接 Excel…",
  connected: "已连接 Excel。可使用下方按钮或“政务公开年报”选项卡。",
  noOffice: "未能加载 Office.js：请在 Excel 中通过加载项清单 manifest.xml 打开本加载项。",
  notExcel: "当前不在 Excel 中运行：请在 Excel 中通过加载项清单 manifest.xml 加载本加载项。",
  working: (what: string) => `正在${what}…`,
  failed: (what: string, detail: string) => `“${what}”未能完成：${detail}`,

  templateSection: "模板",
  format: "格式",
  formatName: (id: string) => (id === "2021" ? "2021 年版" : "2019 年版（试行）"),
  formatSource: (id: string) =>
    id === "2021"
      ? "国办公开办函〔2021〕30号，用于 2021 年度及以后的报告。"
      : "国办公开办函〔2019〕60号，用于 2019、2020 年度的报告。",
  formatAdvice: (year: number, expected: string) =>
    `${year} 年度的报告应使用 ${expected} 年版格式。`,
  year: "年度",
  yearInvalid: "请填写 2019 年或之后的年度。",
  agency: "单位名称",
  agencyPlaceholder: "如：某县交通运输局",
  level: "单位层级",
  levelNone: "未指定",
  checkMode: "表格旁的核对格",
  checkFunctions: "边填边核对（需要本加载项）",
  checkFormulas: "普通公式（发给没有本加载项的同事也能核对）",
  insert: "插入模板",
  inserted: (sheet: string) =>
    `已插入模板：工作表“${sheet}”。请在黄色单元格中填写数字，然后点击“校验”。`,

  validateSection: "校验",
  validate: "校验",
  clearMarks: "清除标记",
  exportFindings: "导出结果",
  cleared: (n: number) => (n ? `已清除 ${n} 处标记，恢复了原来的格式。` : "没有需要清除的标记。"),
  exported: (sheet: string) => `已将校验结果导出到工作表“${sheet}”。`,
  notValidated: "尚未校验。填写数字后点击“校验”。",
  summary: (errors: number, warnings: number, explained: number, sheets: number) =>
    `${errors} 个错误，${warnings} 条提示${explained ? `（另有 ${explained} 条已说明）` : ""}，共检查 ${sheets} 张工作表。`,
  allPass: (sheets: number) => `全部通过：${sheets} 张工作表没有发现错误。`,
  flagged: (n: number) => (n ? `已在表格中标出 ${n} 个单元格。` : ""),
  noSheets: "工作簿中没有找到年报统计表。请先插入模板或导入年报。",
  sheetMeta: (format: string, year?: number, agency?: string) =>
    [year ? `${year} 年度` : "", agency ?? "", `${format} 年版`].filter(Boolean).join(" · "),
  table: (id: string) => `表${id}`,
  otherFindings: "其他",
  noFindings: "没有发现问题。",
  error: "错误",
  warning: "提示",
  explainedBadge: "已说明",
  imbalance: (n: number) => `差额 ${n > 0 ? "+" : "−"}${fmt(Math.abs(n))}`,
  cells: (list: string) => `单元格 ${list}`,
  selectHint: "点击或按 Enter 在表格中选中相关单元格",
  fixHeading: "建议",
  certainty: (certainty: string, alternatives: number) =>
    certainty === "unique"
      ? "可确定的改法"
      : certainty === "recomputed"
        ? "按各分项重新计算合计"
        : `可能的改法之一（共 ${alternatives} 种同样小的改法，请核对原始记录）`,
  alternatives: "其他同样小的改法",
  change: (cell: string, from: string, to: string) => `${cell}：${from} → ${to}`,
  apply: "应用",
  applied: "已应用修改并重新校验。",
  sameFixAbove: "同一改法见上方。",
  explain: "说明",
  explainLabel: "说明（为什么这条提示不是错误）",
  saveExplanation: "保存说明",
  explanationSaved: "说明已保存在工作簿中；这条提示不再计入。",
  explanationEmpty: "请先填写说明。",
  explainedAs: (text: string) => `说明：${text}`,
  editExplanation: "修改说明",
  withdrawExplanation: "撤回说明",
  explanationWithdrawn: "说明已撤回；这条提示重新计入。",
  ruleCode: (code: string) => `规则代码 ${code}`,
  unfilled: (tables: string) => `${tables}尚未填写。`,
  notFilled: (sheets: number) =>
    sheets === 1 ? "表格尚未填写。填写数字后再点击“校验”。" : `${sheets} 张工作表都尚未填写。`,
  problems: "注意",

  mapTitle: (table: string) => `表${table}位置图`,
  mapLegendOk: "正常",
  mapLegendError: "有错误",
  mapLegendWarning: "有提示",
  mapLegendFix: "建议修改",
  mapLegendSuspect: "可能有误",
  mapCell: (row: string, column: string, value: string, state: string) =>
    `${row} · ${column}：${value}${state ? `，${state}` : ""}`,
  mapStateError: "有错误",
  mapStateWarning: "有提示",
  mapStateFix: (to: string) => `建议改为 ${to}`,
  mapStateSuspect: "可能有误",
  blank: "空白",

  importSection: "导入",
  importPasteLabel: "粘贴年报全文（文本、网页 HTML 或 JSON）",
  importPaste: "导入粘贴内容",
  importOpen: "打开文件…",
  importFileHint: (types: string) => `支持 ${types}。导入后写入新工作表并立即校验。`,
  importPasted: "粘贴内容",
  importEmpty: "请先粘贴年报内容。",
  imported: (name: string, sheet: string) => `已将“${name}”导入为工作表“${sheet}”。`,
  importFailed: (name: string, error: string) => `无法导入“${name}”：${error}`,
  importUnknown: "无法识别的内容（支持年报文本、网页 HTML 和 JSON）",

  /** The Excel adapter's messages are Chinese already, and name the sheet: shown as they are. */
  adapterError: (_code: string, message: string) => message,
};

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** Every language has the same entries: texts, and functions of the same parameters returning text. */
export type Strings = {
  [K in keyof typeof zh]: (typeof zh)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : string;
};
