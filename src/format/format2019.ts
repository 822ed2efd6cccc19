import type { Format } from "./schema";
import { OTHER_2019, SECTIONS, TABLE4, table3 } from "./common";

/** 国办公开办函〔2019〕60号 《…年度报告格式（试行）》: reports for 2019 and 2020. */
export const FORMAT_2019: Format = {
  id: "2019",
  name: "国办公开办函〔2019〕60号",
  years: { from: 2019, to: 2020 },
  sections: SECTIONS,
  tables: [
    {
      id: "二",
      title: SECTIONS[1],
      layout: "blocks",
      columns: [
        { key: "newlyMade", label: "本年新制作数量" },
        { key: "newlyPublished", label: "本年新公开数量" },
        { key: "publishedTotal", label: "对外公开总数量" },
        { key: "lastYearItems", label: "上一年项目数量" },
        { key: "change", label: "本年增/减", aliases: ["本年增减"] },
        { key: "decisions", label: "处理决定数量" },
        { key: "purchases", label: "采购项目数量" },
        { key: "purchaseAmount", label: "采购总金额" },
      ],
      rows: [
        { key: "rules", label: "规章", columns: ["newlyMade", "newlyPublished", "publishedTotal"] },
        {
          key: "normativeDocs",
          label: "规范性文件",
          columns: ["newlyMade", "newlyPublished", "publishedTotal"],
        },
        {
          key: "licensing",
          label: "行政许可",
          columns: ["lastYearItems", "change", "decisions"],
          columnKinds: { change: "signed" },
        },
        {
          key: "otherServices",
          label: "其他对外管理服务事项",
          columns: ["lastYearItems", "change", "decisions"],
          columnKinds: { change: "signed" },
        },
        {
          key: "penalty",
          label: "行政处罚",
          columns: ["lastYearItems", "change", "decisions"],
          columnKinds: { change: "signed" },
        },
        {
          key: "enforcement",
          label: "行政强制",
          columns: ["lastYearItems", "change", "decisions"],
          columnKinds: { change: "signed" },
        },
        {
          key: "fees",
          label: "行政事业性收费",
          columns: ["lastYearItems", "change"],
          columnKinds: { change: "signed" },
        },
        {
          key: "procurement",
          label: "政府集中采购",
          columns: ["purchases", "purchaseAmount"],
          columnKinds: { purchaseAmount: "amount" },
        },
      ],
      blocks: [
        {
          heading: "第二十条第（一）项",
          corner: "信息内容",
          columns: ["newlyMade", "newlyPublished", "publishedTotal"],
          rows: ["rules", "normativeDocs"],
        },
        {
          heading: "第二十条第（五）项",
          corner: "信息内容",
          columns: ["lastYearItems", "change", "decisions"],
          rows: ["licensing", "otherServices"],
        },
        {
          heading: "第二十条第（六）项",
          corner: "信息内容",
          columns: ["lastYearItems", "change", "decisions"],
          rows: ["penalty", "enforcement"],
        },
        {
          heading: "第二十条第（八）项",
          corner: "信息内容",
          columns: ["lastYearItems", "change"],
          rows: ["fees"],
        },
        {
          heading: "第二十条第（九）项",
          corner: "信息内容",
          columns: ["purchases", "purchaseAmount"],
          rows: ["procurement"],
        },
      ],
    },
    table3(OTHER_2019),
    TABLE4,
  ],
};
