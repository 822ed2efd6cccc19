import type { Format } from "./schema";
import { OTHER_2021, SECTIONS, TABLE4, table3 } from "./common";

/** 国办公开办函〔2021〕30号 《中华人民共和国政府信息公开工作年度报告格式》: reports for 2021 and later. */
export const FORMAT_2021: Format = {
  id: "2021",
  name: "国办公开办函〔2021〕30号",
  years: { from: 2021 },
  sections: SECTIONS,
  tables: [
    {
      id: "二",
      title: SECTIONS[1],
      layout: "blocks",
      columns: [
        { key: "issued", label: "本年制发件数" },
        { key: "repealed", label: "本年废止件数" },
        { key: "inForce", label: "现行有效件数" },
        { key: "decisions", label: "本年处理决定数量" },
        { key: "feeAmount", label: "本年收费金额（单位：万元）", aliases: ["本年收费金额"] },
      ],
      rows: [
        { key: "rules", label: "规章", columns: ["issued", "repealed", "inForce"] },
        {
          key: "normativeDocs",
          label: "行政规范性文件",
          columns: ["issued", "repealed", "inForce"],
          aliases: ["规范性文件"],
        },
        { key: "licensing", label: "行政许可", columns: ["decisions"] },
        { key: "penalty", label: "行政处罚", columns: ["decisions"] },
        { key: "enforcement", label: "行政强制", columns: ["decisions"] },
        { key: "fees", label: "行政事业性收费", columns: ["feeAmount"], kind: "money" },
      ],
      blocks: [
        {
          heading: "第二十条第（一）项",
          corner: "信息内容",
          columns: ["issued", "repealed", "inForce"],
          rows: ["rules", "normativeDocs"],
        },
        {
          heading: "第二十条第（五）项",
          corner: "信息内容",
          columns: ["decisions"],
          rows: ["licensing"],
        },
        {
          heading: "第二十条第（六）项",
          corner: "信息内容",
          columns: ["decisions"],
          rows: ["penalty", "enforcement"],
        },
        {
          heading: "第二十条第（八）项",
          corner: "信息内容",
          columns: ["feeAmount"],
          rows: ["fees"],
        },
      ],
    },
    table3(OTHER_2021),
    TABLE4,
  ],
};
