import { readPublishedText } from "./src/importers/text";
import { confront } from "./src/check";
import { formatFinding } from "./src/messages";
import "./src/importers";
const show = (t: string) => {
  const r = readPublishedText(t);
  if (!r.ok) return console.log("ERR", r.error);
  const c = confront(r.report);
  console.log(r.report.format, r.report.tableFormats, "vals", [...r.report.values].filter(([, v]) => v !== null).slice(0, 12), "unc", [...(r.report.uncertain ?? [])]);
  for (const x of c.findings) console.log("  ", x.severity, x.rule, formatFinding(c.model, x).slice(0, 200));
};
show(`某县2022年政府信息公开工作年度报告\n一、总体情况\n本年度共收到政府信息公开申请15件，其中予以公开3件，部分公开12件。行政复议5件，其中结果维持4件，结果纠正1件。\n二、主动公开政府信息情况\n（表格见附件）\n三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量15件。\n四、政府信息公开行政复议、行政诉讼情况\n行政复议5件，其中结果维持4件。\n五、存在的主要问题及改进情况\n无。`);
show(`某市2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 8855698\n第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 10\n`);
