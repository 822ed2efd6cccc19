import type { ColumnDecl, RowDecl, TableDecl } from "./schema";

/** Parts shared by the 2019 and the 2021 format. */

export const SECTIONS = [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
];

const LEGAL = "法人或其他组织";

export const TABLE3_COLUMNS: ColumnDecl[] = [
  { key: "natural", label: "自然人" },
  { key: "commercial", label: "商业企业", group: LEGAL },
  { key: "research", label: "科研机构", group: LEGAL },
  { key: "publicWelfare", label: "社会公益组织", group: LEGAL },
  { key: "legalService", label: "法律服务机构", group: LEGAL },
  { key: "other", label: "其他", group: LEGAL },
  { key: "total", label: "总计", total: true },
];

const RESULTS = "三、本年度办理结果";

function results(inner: string, rows: [string, string, string[]?][]): RowDecl[] {
  return rows.map(([key, label, aliases]) => ({
    key,
    label,
    groups: [RESULTS, inner],
    result: true,
    ...(aliases ? { aliases } : {}),
  }));
}

/** Table 三's rows; the 2019 format has （六）其他处理 as one row, the 2021 format splits it in three. */
export function table3Rows(otherRows: RowDecl[]): RowDecl[] {
  return [
    { key: "new", label: "一、本年新收政府信息公开申请数量" },
    { key: "carried", label: "二、上年结转政府信息公开申请数量" },
    { key: "granted", label: "（一）予以公开", groups: [RESULTS], result: true },
    {
      key: "partial",
      label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
      groups: [RESULTS],
      result: true,
      aliases: ["（二）部分公开"],
    },
    ...results("（三）不予公开", [
      ["denySecret", "1.属于国家秘密"],
      ["denyLaw", "2.其他法律行政法规禁止公开"],
      ["denySafety", "3.危及“三安全一稳定”"],
      ["denyThirdParty", "4.保护第三方合法权益"],
      ["denyInternal", "5.属于三类内部事务信息"],
      ["denyProcess", "6.属于四类过程性信息"],
      ["denyEnforcement", "7.属于行政执法案卷"],
      ["denyQuery", "8.属于行政查询事项"],
    ]),
    ...results("（四）无法提供", [
      ["unableNotHeld", "1.本机关不掌握相关政府信息"],
      ["unableNeedsCreation", "2.没有现成信息需要另行制作"],
      ["unableUnclear", "3.补正后申请内容仍不明确"],
    ]),
    ...results("（五）不予处理", [
      ["ignoreComplaint", "1.信访举报投诉类申请"],
      ["ignoreRepeat", "2.重复申请"],
      ["ignorePublication", "3.要求提供公开出版物"],
      ["ignoreMassive", "4.无正当理由大量反复申请"],
      ["ignoreConfirm", "5.要求行政机关确认或重新出具已获取信息"],
    ]),
    ...otherRows,
    { key: "resultsTotal", label: "（七）总计", groups: [RESULTS], total: true },
    { key: "next", label: "四、结转下年度继续办理" },
  ];
}

export function table3(otherRows: RowDecl[]): TableDecl {
  return {
    id: "三",
    title: SECTIONS[2],
    layout: "grid",
    corner: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    columnHeader: "申请人情况",
    columns: TABLE3_COLUMNS,
    rows: table3Rows(otherRows),
  };
}

/** The 2019 format's single （六）其他处理 row; the 2021 format's three sub-rows. */
export const OTHER_2019: RowDecl[] = [
  { key: "otherHandling", label: "（六）其他处理", groups: [RESULTS], result: true },
];
export const OTHER_2021: RowDecl[] = results("（六）其他处理", [
  [
    "otherNoCorrection",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息申请"],
  ],
  [
    "otherNoFee",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息申请"],
  ],
  ["otherOther", "3.其他"],
]);

/** Table 四 is printed as one data row of three column groups; each group is a row here. */
export const TABLE4: TableDecl = {
  id: "四",
  title: SECTIONS[3],
  layout: "flat",
  columns: [
    { key: "upheld", label: "结果维持" },
    { key: "corrected", label: "结果纠正" },
    { key: "otherResult", label: "其他结果" },
    { key: "pending", label: "尚未审结" },
    { key: "total", label: "总计", total: true },
  ],
  rows: [
    { key: "review", label: "行政复议" },
    { key: "suitDirect", label: "未经复议直接起诉" },
    { key: "suitAfterReview", label: "复议后起诉" },
  ],
  rowGroupHeaders: { suitDirect: "行政诉讼", suitAfterReview: "行政诉讼" },
};
