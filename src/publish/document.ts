import { confront } from "../check";
import {
  cellId,
  getFormat,
  parseCellId,
  type CellRef,
  type FormatId,
  type TableId,
} from "../format";
import type { Finding } from "../findings";
import { formatFinding, formatFix } from "../messages";
import { createReport, type Report } from "../report";
import { readValue } from "../values";
import {
  appealsOpening,
  appealsSentence,
  applicationsOpening,
  factsOf,
  requestsSentence,
} from "./narrative";
import { printedTable, type PrintedTable } from "./tables";
import { clerkText } from "./clerk-text";

/**
 * The report as it is published: title, the six sections with their text, and the three tables with the checked
 * numbers. Built only from a report that breaks no hard rule and whose every cell is a number the clerk stands by;
 * otherwise `preparePublication` refuses and says why. The Word and HTML writers render this one model, so both
 * print the same cells and the same words.
 */

export interface PublishedParagraph {
  text: string;
  /** Written by Nianbao from the tables (for the clerk to keep or edit). */
  generated?: boolean;
  /** A gap the clerk still has to fill: printed as is, and named in the warnings. */
  placeholder?: boolean;
}

export interface PublishedSection {
  /** The heading exactly as the format gives it (一、总体情况 …). */
  heading: string;
  /** The section's text: the clerk's own, then (三、四) the generated opening sentence that leads into the table. */
  paragraphs: PublishedParagraph[];
  /** The table printed after the text. */
  table?: TableId;
}

export interface Publication {
  format: FormatId;
  year?: number;
  agency?: string;
  title: string;
  /** The clerk's text between the title and 一 (本报告根据《条例》…). */
  preface: PublishedParagraph[];
  sections: PublishedSection[];
  tables: PrintedTable[];
  /** The text printed in each entry cell, by cellId. */
  printed: Map<string, string>;
  /** The report as published: every cell the number printed, the text the document's text. */
  report: Report;
}

export interface PublishOptions {
  /**
   * The clerk confirms that blank, “/” or “—” cells mean 0 (they are printed as 0). Without it a blank cell refuses the
   * publication — unless the clerk explained that table's blank warning (说明), which is the same confirmation.
   */
  blankAsZero?: boolean;
  /** The clerk's text of the report (headings 一 … 六 and what stands under them); default the report's own text. */
  text?: string;
}

/** A reason the report cannot be published, or a warning that remains: its rule id and the Chinese message. */
export interface PublishMessage {
  rule: string;
  message: string;
}

export type Prepared =
  | { ok: true; publication: Publication; warnings: PublishMessage[] }
  | { ok: false; errors: PublishMessage[]; warnings: PublishMessage[]; suggestions: string[] };

/** 某局2023年政府信息公开工作年度报告 */
export function publicationTitle(year?: number, agency?: string): string {
  return `${agency ?? ""}${year !== undefined ? `${year}年` : ""}政府信息公开工作年度报告`;
}

/** Numbers as printed: whole numbers plainly, money without float noise (0.1 + 0.2 prints 0.3). */
export function printNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

const message = (model: ReturnType<typeof getFormat>, f: Finding): PublishMessage => ({
  rule: f.rule,
  message: formatFinding(model, f),
});

/** Check the report and, when it may be published, build the publication. */
export function preparePublication(report: Report, options: PublishOptions = {}): Prepared {
  const model = getFormat(report.format);
  const checked = confront({ ...report, text: undefined });
  const errors: PublishMessage[] = checked.errors().map((f) => message(model, f));

  // Blank cells are printed as 0 only when the clerk confirmed it (the option, or a 说明 of that table's warning).
  const confirmedTables = new Set<TableId>(
    checked
      .byRule("W-BLANK")
      .filter((f) => options.blankAsZero || f.explanation)
      .map((f) => (f.detail.type === "blank" ? f.detail.table : f.cells[0].table))
  );
  for (const f of checked.byRule("W-BLANK")) {
    const table = f.detail.type === "blank" ? f.detail.table : f.cells[0].table;
    if (!confirmedTables.has(table))
      errors.push({
        rule: "P-BLANK",
        message: `${formatFinding(model, f).replace(/，已按 0 计算；没有数据请填 0。$/, "。")}发布的文档不能留空：请填 0，或确认这些格是 0（命令行加 --blank-as-zero，面板中为这条提示填写说明）后再导出。`,
      });
  }
  for (const f of checked.byRule("W-MISSING"))
    errors.push({ rule: "P-MISSING", message: `${formatFinding(model, f)}不完整的报告不能导出。` });
  // A guessed cell (I-UNCERTAIN) stands only once the clerk has checked it: a 说明 of that import note says so.
  const verified = new Set(
    checked
      .byRule("I-UNCERTAIN")
      .filter((f) => f.explanation)
      .flatMap((f) => f.cells.map(cellId))
  );
  const uncertain = [...(report.uncertain ?? [])].filter(
    (id) => report.values.has(id) && !verified.has(id)
  );
  if (uncertain.length)
    errors.push({
      rule: "P-UNCERTAIN",
      message: `${uncertain
        .slice(0, 3)
        .map((id) => model.cellName(parseCellId(id)))
        .join(
          "、"
        )}${uncertain.length > 3 ? ` 等 ${uncertain.length} 格` : ""}的数是导入时推测的（数字连在一起，可以不止一种拆法），请在表格中核实（或为这条导入提示填写说明）后再导出。`,
    });
  if (errors.length)
    return {
      ok: false,
      errors,
      warnings: checked
        .warnings()
        .filter(notCovered)
        .map((f) => message(model, f)),
      suggestions: checked.fixes.map((fix) => formatFix(model, fix, checked.fixes)),
    };

  // Every cell is now a number (blank ones confirmed as 0): the published report holds exactly what is printed.
  const published = createReport(report.format, {
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    ...(report.level !== undefined ? { level: report.level } : {}),
    ...(report.explanations ? { explanations: report.explanations } : {}),
  });
  const printed = new Map<string, string>();
  for (const ref of model.cells) {
    const id = cellId(ref);
    const value = readValue(report.values.get(id) ?? null).value ?? 0;
    published.values.set(id, value);
    printed.set(id, printNumber(value));
  }
  const value = (ref: CellRef) => published.values.get(cellId(ref)) as number;
  const facts = factsOf(report.format, value, report.year);
  const clerk = clerkText(options.text ?? report.text ?? "");
  const sections: PublishedSection[] = model.decl.sections.map((heading, i) => {
    const own = clerk.sections[i].map((text) => ({ text }));
    const table = model.tables.find((t) => t.title === heading)?.id;
    const opening: PublishedParagraph[] =
      i === 0
        ? [
            { text: requestsSentence(facts), generated: true },
            { text: appealsSentence(facts), generated: true },
          ]
        : table === "三"
          ? [{ text: applicationsOpening(facts), generated: true }]
          : table === "四"
            ? [{ text: appealsOpening(facts), generated: true }]
            : [];
    // A section with no text of its own at all gets a visible gap to fill (sections 五 and 六 are required text).
    const gap: PublishedParagraph[] =
      !table && opening.length === 0 && own.length === 0
        ? [{ text: `【请填写：${heading.replace(/^[一二三四五六]、/, "")}】`, placeholder: true }]
        : [];
    // 一: the generated account first, the clerk's text after; 三、四: the clerk's text, then the sentence leading
    // into the table.
    return table
      ? { heading, paragraphs: [...own, ...opening], table }
      : { heading, paragraphs: [...opening, ...own, ...gap] };
  });
  const title = publicationTitle(report.year, report.agency);
  const publication: Publication = {
    format: report.format,
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    title,
    preface: clerk.preface.map((text) => ({ text })),
    sections,
    tables: model.tables.map((t) => printedTable(report.format, t.id)),
    printed,
    report: published,
  };
  published.text = publicationText(publication);

  // What remains to tell: the warnings on the document as published (its numbers and its text), and the gaps.
  const final = confront(published, { localize: false });
  const warnings = final.warnings().map((f) => message(model, f));
  for (const s of sections)
    for (const p of s.paragraphs)
      if (p.placeholder)
        warnings.push({
          rule: "P-TEXT-GAP",
          message: `${s.heading}还没有文字，文档中留有“${p.text}”，请补写后再发布。`,
        });
  return { ok: true, publication, warnings };
}

/** Warnings that the refusal already covers in its own words. */
const notCovered = (f: Finding) => f.rule !== "W-BLANK" && f.rule !== "W-MISSING";

/** The document's text without the tables: title, headings and paragraphs, a line each (what the text checks read). */
export function publicationText(p: Publication): string {
  const lines = [p.title, ...p.preface.map((x) => x.text)];
  for (const s of p.sections) {
    lines.push(s.heading, ...s.paragraphs.map((x) => x.text));
  }
  return lines.join("\n");
}
