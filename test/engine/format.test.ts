import assert from "node:assert/strict";
import { FormatModel, formatForYear, getFormat, type CellRef, type Format } from "../../src/format";
import { FORMAT_2019 } from "../../src/format/format2019";
import { formatSchema } from "../helpers/format-schema";
import { FORMAT_2021 } from "../../src/format/format2021";

/**
 * The statutory formats as the engine declares them, compared with the official templates. Every expected label below
 * is copied from /work/shared/reference/report-format.md (itself copied from 国办公开办函〔2021〕30号 and
 * 〔2019〕60号), never from src/: a wrong character in the declaration is a wrong label in every sheet and message.
 */

const SECTIONS = [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
];

const T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
const T3_COLUMNS = [
  "自然人",
  "商业企业",
  "科研机构",
  "社会公益组织",
  "法律服务机构",
  "其他",
  "总计",
];
const T3_LEGAL = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"];

const T3_BEFORE = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"];
const T3_RESULTS_HEAD = [
  "（一）予以公开",
  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
  "1.属于国家秘密",
  "2.其他法律行政法规禁止公开",
  "3.危及“三安全一稳定”",
  "4.保护第三方合法权益",
  "5.属于三类内部事务信息",
  "6.属于四类过程性信息",
  "7.属于行政执法案卷",
  "8.属于行政查询事项",
  "1.本机关不掌握相关政府信息",
  "2.没有现成信息需要另行制作",
  "3.补正后申请内容仍不明确",
  "1.信访举报投诉类申请",
  "2.重复申请",
  "3.要求提供公开出版物",
  "4.无正当理由大量反复申请",
  "5.要求行政机关确认或重新出具已获取信息",
];
const T3_OTHER_2021 = [
  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  "3.其他",
];
const T3_OTHER_2019 = ["（六）其他处理"];
const T3_AFTER = ["（七）总计", "四、结转下年度继续办理"];

const T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
const T4_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"];

const labelsOf = (entries: readonly { label: string }[]) => entries.map((e) => e.label);
const count = (model: FormatModel, table: string) =>
  model.cells.filter((c) => c.table === table).length;

describe("the statutory formats", () => {
  describe("2021 format (国办公开办函〔2021〕30号)", () => {
    const model = getFormat("2021");

    it("has the six section headings of the template", () => {
      assert.deepEqual(model.decl.sections, SECTIONS);
    });

    it("table 二 has the four sub-tables of 第二十条 with their official labels", () => {
      const t = model.table("二");
      const blocks = t.blocks!.map((b) => ({
        heading: b.heading,
        corner: b.corner,
        columns: b.columns.map((k) => model.column("二", k).label),
        rows: b.rows.map((k) => model.row("二", k).label),
      }));
      assert.deepEqual(blocks, [
        {
          heading: "第二十条第（一）项",
          corner: "信息内容",
          columns: ["本年制发件数", "本年废止件数", "现行有效件数"],
          rows: ["规章", "行政规范性文件"],
        },
        {
          heading: "第二十条第（五）项",
          corner: "信息内容",
          columns: ["本年处理决定数量"],
          rows: ["行政许可"],
        },
        {
          heading: "第二十条第（六）项",
          corner: "信息内容",
          columns: ["本年处理决定数量"],
          rows: ["行政处罚", "行政强制"],
        },
        {
          heading: "第二十条第（八）项",
          corner: "信息内容",
          columns: ["本年收费金额（单位：万元）"],
          rows: ["行政事业性收费"],
        },
      ]);
    });

    it("table 二 has 10 entry cells, each row with exactly its sub-table's columns", () => {
      assert.equal(count(model, "二"), 10);
      for (const b of model.table("二").blocks!)
        for (const row of b.rows) assert.deepEqual(model.columnsOf("二", row), b.columns);
    });

    it("table 三 has the header block of the template: corner note, 申请人情况, 法人或其他组织 over five columns", () => {
      const t = model.table("三");
      assert.equal(t.corner, T3_CORNER);
      assert.equal(t.columnHeader, "申请人情况");
      assert.deepEqual(labelsOf(t.columns), T3_COLUMNS);
      assert.deepEqual(
        labelsOf(t.columns.filter((c) => c.group === "法人或其他组织")),
        T3_LEGAL,
        "法人或其他组织 is a header over five columns, not a data column"
      );
    });

    it("table 三 has the 25 body rows of the template in order, with no subtotal rows", () => {
      const rows = [...T3_BEFORE, ...T3_RESULTS_HEAD, ...T3_OTHER_2021, ...T3_AFTER];
      assert.equal(rows.length, 25);
      assert.deepEqual(labelsOf(model.table("三").rows), rows);
    });

    it("table 三's result rows stand under the merged group labels of the template", () => {
      const groups = model.table("三").rows.map((r) => (r.groups ?? []).join(" › "));
      const counted = (g: string) => groups.filter((x) => x === g).length;
      assert.equal(counted("三、本年度办理结果 › （三）不予公开"), 8);
      assert.equal(counted("三、本年度办理结果 › （四）无法提供"), 3);
      assert.equal(counted("三、本年度办理结果 › （五）不予处理"), 5);
      assert.equal(counted("三、本年度办理结果 › （六）其他处理"), 3);
      // 三、本年度办理结果 is merged over the next 22 rows: 21 results and （七）总计.
      assert.equal(groups.filter((x) => x.startsWith("三、本年度办理结果")).length, 22);
    });

    it("table 三 has 25 × 7 = 175 entry cells", () => {
      assert.equal(count(model, "三"), 175);
    });

    it("table 四 has three groups of five cells, 行政诉讼 over the two lawsuit groups", () => {
      const t = model.table("四");
      assert.deepEqual(labelsOf(t.columns), T4_COLUMNS);
      assert.deepEqual(labelsOf(t.rows), T4_GROUPS);
      assert.deepEqual(t.rowGroupHeaders, { suitDirect: "行政诉讼", suitAfterReview: "行政诉讼" });
      assert.equal(count(model, "四"), 15);
    });

    it("counts are whole numbers ≥ 0 except the fee, which is money in 万元", () => {
      const kinds = new Map(
        model.cells.map((c) => [
          `${c.table}:${model.labels(c).row}:${model.labels(c).column}`,
          model.kindOf(c),
        ])
      );
      assert.equal(kinds.get("二:行政事业性收费:本年收费金额（单位：万元）"), "money");
      const others = [...kinds].filter(
        ([k]) => k !== "二:行政事业性收费:本年收费金额（单位：万元）"
      );
      assert.equal(others.length, 199);
      assert.ok(
        others.every(([, kind]) => kind === "count"),
        "every other cell counts 件"
      );
    });

    it("names a cell the way a clerk reads the table", () => {
      const ref: CellRef = { table: "三", row: "granted", column: "natural" };
      assert.equal(model.cellName(ref), "表三“（一）予以公开”行“自然人”列");
      assert.deepEqual(model.labels(ref), { table: "三", row: "（一）予以公开", column: "自然人" });
    });
  });

  describe("2019 format (国办公开办函〔2019〕60号)", () => {
    const model = getFormat("2019");

    it("has the same six section headings", () => {
      assert.deepEqual(model.decl.sections, SECTIONS);
    });

    it("table 二 has the five sub-tables of the 2019 template", () => {
      const blocks = model.table("二").blocks!.map((b) => ({
        heading: b.heading,
        corner: b.corner,
        columns: b.columns.map((k) => model.column("二", k).label),
        rows: b.rows.map((k) => model.row("二", k).label),
      }));
      assert.deepEqual(blocks, [
        {
          heading: "第二十条第（一）项",
          corner: "信息内容",
          columns: ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
          rows: ["规章", "规范性文件"],
        },
        {
          heading: "第二十条第（五）项",
          corner: "信息内容",
          columns: ["上一年项目数量", "本年增/减", "处理决定数量"],
          rows: ["行政许可", "其他对外管理服务事项"],
        },
        {
          heading: "第二十条第（六）项",
          corner: "信息内容",
          columns: ["上一年项目数量", "本年增/减", "处理决定数量"],
          rows: ["行政处罚", "行政强制"],
        },
        {
          heading: "第二十条第（八）项",
          corner: "信息内容",
          columns: ["上一年项目数量", "本年增/减"],
          rows: ["行政事业性收费"],
        },
        {
          heading: "第二十条第（九）项",
          corner: "信息内容",
          columns: ["采购项目数量", "采购总金额"],
          rows: ["政府集中采购"],
        },
      ]);
      assert.equal(count(model, "二"), 3 + 3 + 3 + 3 + 3 + 3 + 2 + 2);
    });

    it("本年增/减 may be negative; everything else in table 二 is a count but the purchase amount", () => {
      for (const c of model.cells.filter((c) => c.table === "二")) {
        const { row, column } = model.labels(c);
        const expected =
          column === "本年增/减" ? "signed" : column === "采购总金额" ? "amount" : "count";
        assert.equal(model.kindOf(c), expected, `${row} / ${column}`);
      }
    });

    it("table 三 has 23 body rows: （六）其他处理 is one row, not three", () => {
      const rows = [...T3_BEFORE, ...T3_RESULTS_HEAD, ...T3_OTHER_2019, ...T3_AFTER];
      assert.equal(rows.length, 23);
      assert.deepEqual(labelsOf(model.table("三").rows), rows);
      assert.deepEqual(labelsOf(model.table("三").columns), T3_COLUMNS);
      assert.equal(model.table("三").corner, T3_CORNER);
      assert.equal(count(model, "三"), 23 * 7);
    });

    it("table 四 is unchanged from the 2021 format", () => {
      assert.deepEqual(labelsOf(model.table("四").columns), T4_COLUMNS);
      assert.deepEqual(labelsOf(model.table("四").rows), T4_GROUPS);
      assert.equal(count(model, "四"), 15);
    });
  });

  describe("which format a report year needs", () => {
    it("the 2019 format for 2019 and 2020, the 2021 format from 2021 on", () => {
      assert.deepEqual([2019, 2020, 2021, 2024].map(formatForYear), [
        "2019",
        "2019",
        "2021",
        "2021",
      ]);
    });
  });

  describe("a declaration is checked by zod (here, not at run time in the pane)", () => {
    const clone = (f: Format): Format => structuredClone(f);
    const issues = (f: Format) => {
      const r = formatSchema.safeParse(f);
      assert.equal(r.success, false, "the malformed declaration must be rejected");
      return r.error!.issues.map((i) => i.message).join("\n");
    };

    it("the two shipped declarations are valid", () => {
      assert.equal(formatSchema.safeParse(FORMAT_2021).success, true);
      assert.equal(formatSchema.safeParse(FORMAT_2019).success, true);
    });

    it("rejects a duplicate row key", () => {
      const f = clone(FORMAT_2021);
      const t3 = f.tables.find((t) => t.id === "三")!;
      t3.rows.push({ ...t3.rows[2] });
      assert.match(issues(f), /duplicate row granted/);
    });

    it("rejects a duplicate column key", () => {
      const f = clone(FORMAT_2019);
      const t4 = f.tables.find((t) => t.id === "四")!;
      t4.columns.push({ key: "upheld", label: "结果维持" });
      assert.match(issues(f), /duplicate column upheld/);
    });

    it("rejects a row naming an unknown column", () => {
      const f = clone(FORMAT_2021);
      const t2 = f.tables.find((t) => t.id === "二")!;
      t2.rows[0].columns = ["issued", "abolished"];
      assert.match(issues(f), /unknown column abolished/);
    });

    it("rejects a sub-table naming an unknown row", () => {
      const f = clone(FORMAT_2021);
      f.tables.find((t) => t.id === "二")!.blocks![0].rows.push("bylaws");
      assert.match(issues(f), /unknown row bylaws/);
    });

    it("rejects an unknown cell kind and a missing section", () => {
      const f = clone(FORMAT_2021) as unknown as {
        sections: string[];
        tables: { rows: { kind?: string }[] }[];
      };
      f.sections.pop();
      f.tables[0].rows[0].kind = "percent";
      assert.equal(formatSchema.safeParse(f).success, false);
    });
  });
});
