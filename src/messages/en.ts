import type { CellRef, FormatModel } from "../format";
import type { Finding } from "../findings";
import type { Fix } from "../localize";
import { SUM_RULES } from "../rules";
import { ruleBadge } from "./names";
import type { SlipKind } from "../slips";
import type { RawValue } from "../values";

/** English messages (for an Office whose display language is English); labels stay the official Chinese ones. */

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

export function cellName(model: FormatModel, cell: CellRef): string {
  return `Table ${cell.table} “${model.row(cell.table, cell.row).label}” / “${model.column(cell.table, cell.column).label}”`;
}

const raw = (r: RawValue) =>
  r === null || (typeof r === "string" && r.trim() === "")
    ? "blank"
    : typeof r === "number"
      ? fmt(r)
      : `“${r}”`;

export function formatFinding(model: FormatModel, f: Finding): string {
  const d = f.detail;
  switch (d.type) {
    case "sum": {
      const rule = SUM_RULES.find((r) => r.id === f.rule)!;
      const [leftName, rightName] = rule.sides.en;
      const [expectedName, actualName] =
        d.expectedSide === "left" ? [leftName, rightName] : [rightName, leftName];
      const table = f.cells[0].table;
      const line =
        rule.each === "column" ? model.column(table, d.line).label : model.row(table, d.line).label;
      const diff = f.imbalance ?? 0;
      return `Table ${table}, “${line}”: ${expectedName} is ${fmt(f.expected!)} but ${actualName} is ${fmt(f.actual!)}, ${fmt(Math.abs(diff))} too ${diff > 0 ? "many" : "few"} (${rule.id}: ${rule.title.en}).`;
    }
    case "value": {
      const name = cellName(model, f.cells[0]);
      if (d.problem === "unreadable")
        return typeof d.raw === "number"
          ? `${name} holds ${raw(d.raw)}, which is out of range.`
          : `${name} holds ${raw(d.raw)}, which is not a number.`;
      if (d.problem === "negative") return `${name} holds ${fmt(d.read!)}: it cannot be negative.`;
      return `${name} holds ${fmt(d.read!)}: a count must be a whole number.`;
    }
    case "reformatted":
      return `${cellName(model, f.cells[0])} holds ${raw(d.raw)}, read as the number ${fmt(d.read)}.`;
    case "blank":
      if (d.unfilled) return `Table ${d.table} is not filled in yet.`;
      return `Table ${d.table} has ${f.cells.length} blank or placeholder cells, read as 0.`;
    case "missing":
      return `Table ${d.table} lacks ${d.count} of ${d.total} cells${d.rules.length ? `; ${d.rules.map((id) => ruleBadge(id, "en")).join(", ")} could not be checked` : ""}.`;
    case "rulemaking":
      return `The agency is a ${d.level} body, which cannot make 规章, yet 规章 is non-zero.`;
    case "formatYear":
      return d.table
        ? `A ${d.year} report should use the ${d.expected} format, but table ${d.table} is in the ${d.format} format (checked as such).`
        : `A ${d.year} report should use the ${d.expected} format, not the ${d.format} format.`;
    case "carryover":
      return `Table 三, “${model.column("三", d.column).label}”: carried over is ${fmt(d.current)} but last year's carried forward was ${fmt(d.previous)}.`;
    case "inForce": {
      const label = model.row("二", d.row).label;
      const sum = d.previous + d.added - d.removed;
      const last = d.previousYear ? `the ${d.previousYear} report` : "last year's report";
      return d.bound === "equal"
        ? `Table 二, ${label}: ${last} had ${fmt(d.previous)} in force; + ${fmt(d.added)} issued − ${fmt(d.removed)} repealed makes ${fmt(sum)}, but ${fmt(d.current)} are reported in force.`
        : `Table 二, ${label}: ${last} gave ${fmt(d.previous)}; + ${fmt(d.added)} added − ${fmt(d.removed)} repealed allows at most ${fmt(sum)}, but ${fmt(d.current)} are reported.`;
    }
    case "copied": {
      const whom =
        d.source === "previous"
          ? `this agency's ${d.otherYear ?? "previous"} report`
          : `the same year's report of ${d.other ?? "another agency"}`;
      return `Copied text: about ${Math.round(d.share * 100)}% of the narrative (sections 一, 五, 六; numbers aside) repeats ${whom} word for word, e.g. ${d.passages.map((p) => `“${p.length > 60 ? `${p.slice(0, 60)}…` : p}”`).join("; ")}.`;
    }
    case "late":
      return `The page's ${d.label} is ${d.date}, ${d.days} days after the deadline of article 49 of the Regulations on Open Government Information, ${d.deadline} (${d.body === "department" ? "departments: 31 January" : d.body === "government" ? "governments: 31 March" : "31 March at the latest for any body"}).`;
    case "note":
      return d.en ?? d.text;
  }
}

export const SLIP_EN: Record<SlipKind, string> = {
  transposed: "digits probably transposed",
  doubled: "a digit probably typed twice",
  dropped: "a digit probably left out",
  extraDigit: "an extra digit probably typed",
  missingTotal: "total left empty",
  blank: "blank cell should hold a number",
  neighbour: "value probably typed in the neighbouring cell",
  sign: "sign probably wrong",
};

export function formatFix(model: FormatModel, fix: Fix, alternatives = 1): string {
  if (fix.certainty === "partial") {
    const none =
      "No change makes every rule hold (there are probably more slips than can be told apart): compare the tables with the records.";
    if (fix.changes.length === 0) return none;
    const part = fix.changes
      .map(
        (c) =>
          `${cellName(model, c.cell)} from ${raw(c.from)} to ${fmt(c.to)}${c.slip ? ` (${SLIP_EN[c.slip]})` : ""}`
      )
      .join("; ");
    return `No change makes every rule hold; what is certain: ${part}. Check again after applying it.`;
  }
  const changes = fix.changes
    .map(
      (c) =>
        `${cellName(model, c.cell)} from ${raw(c.from)} to ${fmt(c.to)}${c.slip ? ` (${SLIP_EN[c.slip]})` : ""}`
    )
    .join("; ");
  const how =
    fix.certainty === "unique"
      ? "The fix"
      : fix.certainty === "recomputed"
        ? "Totals recomputed"
        : `One of ${alternatives} equally small fixes`;
  return `${how}: ${changes}.`;
}
