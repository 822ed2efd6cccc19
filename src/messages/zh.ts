import type { CellRef, FormatModel } from "../format";
import type { CellValue, Finding } from "../findings";
import type { Fix } from "../localize";
import { SUM_RULES } from "../rules";
import { ruleBadge } from "./names";
import type { SlipKind } from "../slips";
import type { RawValue } from "../values";

/** Chinese messages for findings and fixes: plain words a clerk understands, with the cells and the numbers. */

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** A row label shortened for running text: 一、本年新收政府信息公开申请数量 → 本年新收. */
export function shortRow(label: string): string {
  return label
    .replace(/^[一二三四]、/, "")
    .replace(/政府信息公开申请数量$/, "")
    .replace(/（区分处理的，只计这一情形，不计其他情形）$/, "");
}

export function cellName(model: FormatModel, cell: CellRef): string {
  const t = model.table(cell.table);
  const row = model.row(cell.table, cell.row).label;
  const column = model.column(cell.table, cell.column).label;
  if (t.layout === "flat") return `表${cell.table}“${row}”的“${column}”`;
  if (t.layout === "blocks" && model.columnsOf(cell.table, cell.row).length === 1)
    return `表${cell.table}“${row}”`;
  return `表${cell.table}“${row}”行“${column}”列`;
}

export function describeRaw(raw: RawValue): string {
  if (raw === null) return "空白";
  if (typeof raw === "number") return fmt(raw);
  return raw.trim() === "" ? "空白" : `“${raw}”`;
}

function side(
  model: FormatModel,
  f: Finding,
  values: CellValue[],
  name: string,
  each: "column" | "row"
): string {
  const sum = values.reduce((s, v) => s + v.value, 0);
  if (values.length === 1) return `${name}为 ${fmt(sum)}`;
  if (values.length <= 2) {
    const label = (v: CellValue) =>
      each === "column"
        ? shortRow(model.row(v.cell.table, v.cell.row).label)
        : model.column(v.cell.table, v.cell.column).label;
    return `${values.map((v) => `${label(v)} ${fmt(v.value)}`).join(" + ")} = ${fmt(sum)}`;
  }
  return `${name}为 ${fmt(sum)}`;
}

function lineName(model: FormatModel, f: Finding, line: string, each: "column" | "row"): string {
  const table = f.cells[0]?.table;
  if (!table) return "";
  if (each === "column") return `表${table}“${model.column(table, line).label}”列`;
  return model.table(table).layout === "flat"
    ? `表${table}“${model.row(table, line).label}”`
    : `表${table}“${model.row(table, line).label}”行`;
}

const LEVEL_NOTE = "乡镇、街道和县级部门没有规章制定权";

export function formatFinding(model: FormatModel, f: Finding): string {
  const d = f.detail;
  switch (d.type) {
    case "sum": {
      const rule = SUM_RULES.find((r) => r.id === f.rule)!;
      const [leftName, rightName] = rule.sides.zh;
      const actualValues = d.expectedSide === "left" ? d.right : d.left;
      const expectedValues = d.expectedSide === "left" ? d.left : d.right;
      const actualName = d.expectedSide === "left" ? rightName : leftName;
      const expectedName = d.expectedSide === "left" ? leftName : rightName;
      const diff = f.imbalance ?? 0;
      const where = lineName(model, f, d.line, rule.each);
      const expectedText = side(model, f, expectedValues, expectedName, rule.each);
      const actualText = side(model, f, actualValues, actualName, rule.each);
      return `${where}：${expectedText}，但${actualText}，${actualName}${diff > 0 ? "多" : "少"} ${fmt(Math.abs(diff))}（${rule.title.zh}）。`;
    }
    case "value": {
      const name = cellName(model, f.cells[0]);
      if (d.problem === "unreadable") {
        // A number too large to be a count (1e300) is unreadable too, but calling it "not a number" would confuse.
        const what =
          d.status === "error"
            ? `公式错误 ${describeRaw(d.raw)}`
            : typeof d.raw === "number"
              ? ` ${describeRaw(d.raw)}，超出可能的范围`
              : `${describeRaw(d.raw)}，不是数字`;
        const blocked = d.rulesBlocked.length
          ? `；${d.rulesBlocked.map((id) => `“${ruleBadge(id)}”`).join("、")}因此无法核对`
          : "";
        return `${name}填的是${what}，请填写数字${blocked}。`;
      }
      if (d.problem === "negative") return `${name}填的是 ${fmt(d.read!)}，不能为负数。`;
      return `${name}填的是 ${fmt(d.read!)}，件数应为整数。`;
    }
    case "reformatted":
      return `${cellName(model, f.cells[0])}填的是${describeRaw(d.raw)}，已按数字 ${fmt(d.read)} 读取；建议改为普通数字格式。`;
    case "blank": {
      if (d.unfilled) return `表${d.table}尚未填写。`;
      const kinds = [...new Set(d.raws.map(describeRaw))].join("、");
      const first = f.cells
        .slice(0, 3)
        .map((c) => cellName(model, c))
        .join("、");
      const more = f.cells.length > 3 ? ` 等 ${f.cells.length} 格` : "";
      return `表${d.table}有 ${f.cells.length} 格填的是${kinds}（${first}${more}），已按 0 计算；没有数据请填 0。`;
    }
    case "missing": {
      const rules = d.rules.length
        ? `，${d.rules.map((id) => `“${ruleBadge(id)}”`).join("、")}无法核对`
        : "";
      return `表${d.table}缺少 ${d.count} 格（共 ${d.total} 格）${rules}。报告可能不完整。`;
    }
    case "rulemaking":
      return `报告单位为${d.level}，但${d.values.map((v) => `${cellName(model, v.cell)}为 ${fmt(v.value)}`).join("，")}；${LEVEL_NOTE}，请核实是否填错行（如应填入“行政规范性文件”）。`;
    case "formatYear":
      return d.table
        ? `这是 ${d.year} 年度的报告，应使用 ${d.expected} 年版格式，但表${d.table}是 ${d.format} 年版格式（按 ${d.format} 年版核对）。`
        : `这是 ${d.year} 年度的报告，应使用 ${d.expected} 年版格式，但表格是 ${d.format} 年版格式。`;
    case "carryover": {
      const col = model.column("三", d.column).label;
      const year = d.previousYear ? ` ${d.previousYear} 年度` : "上年";
      return `表三“${col}”列：本年“二、上年结转”为 ${fmt(d.current)}，但${year}报告的“四、结转下年度继续办理”为 ${fmt(d.previous)}，相差 ${fmt(Math.abs(d.current - d.previous))}。`;
    }
    case "inForce": {
      const label = model.row("二", d.row).label;
      const was =
        d.previousFormat === "2019"
          ? `对外公开总数量（${d.previousFormat} 年版格式）`
          : "现行有效件数";
      const year = d.previousYear ? `${d.previousYear} 年度` : "上年";
      const now = model.id === "2019" ? "对外公开总数量" : "现行有效件数";
      const change =
        model.id === "2019"
          ? `加本年新增 ${fmt(d.added)}`
          : `加本年制发 ${fmt(d.added)}、减本年废止 ${fmt(d.removed)}`;
      const sum = d.previous + d.added - d.removed;
      const diff = Math.abs(d.current - sum);
      return d.bound === "equal"
        ? `表二“${label}”：${year}报告的现行有效件数 ${fmt(d.previous)}，${change}，应为 ${fmt(sum)}，但本年现行有效件数为 ${fmt(d.current)}，${d.current > sum ? "多" : "少"} ${fmt(diff)}。如有文件到期失效而未计入废止，请在报告中说明。`
        : `表二“${label}”：${year}报告的${was} ${fmt(d.previous)}，${change}，最多为 ${fmt(sum)}，但本年${now}为 ${fmt(d.current)}，多 ${fmt(diff)}。`;
    }
    case "copied": {
      const pct = Math.round(d.share * 100);
      const whom =
        d.source === "previous"
          ? `${d.otherYear ? ` ${d.otherYear} 年度` : "上年"}本单位报告`
          : `同年度“${d.other ?? "其他单位"}”的报告`;
      const shown = d.passages
        .map((p) => `“${p.length > 60 ? `${p.slice(0, 60)}…` : p}”`)
        .join("；");
      return `内容雷同：正文（总体情况、存在的主要问题及改进情况、其他需要报告的事项）约 ${pct}% 与${whom}逐字相同（数字不计），重复段落如${shown}。`;
    }
    case "late": {
      const rule =
        d.body === "department"
          ? "县级以上人民政府部门应在每年1月31日前公布上一年度报告"
          : d.body === "government"
            ? "县级以上地方人民政府的上一年度报告应在每年3月31日前公布"
            : "政府部门应在每年1月31日前、政府应在每年3月31日前公布上一年度报告，最晚为3月31日";
      return `网页所载${d.label}为 ${d.date}，晚于《中华人民共和国政府信息公开条例》第四十九条规定的期限 ${d.deadline}（${rule}），晚 ${d.days} 天。`;
    }
    case "note":
      return d.text;
  }
}

export const SLIP_ZH: Record<SlipKind, string> = {
  transposed: "疑似数字颠倒",
  doubled: "疑似多打了一位重复数字",
  dropped: "疑似漏打一位数字",
  extraDigit: "疑似多打一位数字",
  missingTotal: "合计漏填",
  blank: "空格应填数",
  neighbour: "疑似填到了相邻格",
  sign: "疑似正负号错误",
};

export function formatFix(model: FormatModel, fix: Fix, alternatives = 1): string {
  if (fix.certainty === "partial") {
    if (fix.changes.length === 0)
      return "没有找到能让全部规则成立的改法（填错的格可能太多，无法分辨），请对照原始记录逐格核对。";
    const part = fix.changes
      .map(
        (c) =>
          `把${cellName(model, c.cell)}由 ${describeRaw(c.from)} 改为 ${fmt(c.to)}${c.slip ? `（${SLIP_ZH[c.slip]}）` : ""}`
      )
      .join("；");
    return `没有找到能让全部规则成立的改法，以下是可以确定的部分：${part}；改后请重新校验。`;
  }
  const changes = fix.changes
    .map(
      (c) =>
        `把${cellName(model, c.cell)}由 ${describeRaw(c.from)} 改为 ${fmt(c.to)}${c.slip ? `（${SLIP_ZH[c.slip]}）` : ""}`
    )
    .join("；");
  const how =
    fix.certainty === "unique"
      ? "可确定的改法"
      : fix.certainty === "recomputed"
        ? "按各分项重新计算合计"
        : `可能的改法之一（共 ${alternatives} 种同样小的改法，请核对原始记录）`;
  return `${how}：${changes}。`;
}
