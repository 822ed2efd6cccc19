import { getFormat, type CellRef, type FormatId } from "../format";

/**
 * Sentences of the narrative whose numbers are read from the tables, for the clerk to keep or edit: 一、总体情况's
 * account of the requests and the appeals, and the opening sentences of 三 and 四. Every number is a table cell or a
 * sum the statutory tables define, and each is worded so the text check (W-TEXT-NUMBER, src/text-checks.ts) reads it
 * as the count it is: 收到…申请 = 本年新收 + 上年结转, 办结 = （七）总计, 予以公开 = （一）, 行政复议 = 表四行政复议总计 …
 */

/** The numbers the sentences quote. */
export interface Facts {
  year?: number;
  newRequests: number;
  carriedOver: number;
  /** 本年新收 + 上年结转. */
  received: number;
  /** （七）总计. */
  handled: number;
  /** The six result categories （一）…（六）: short name (予以公开 …) and the sum of their rows. */
  results: { name: string; count: number }[];
  carriedForward: number;
  /** Table 四, by group (行政复议, 未经复议直接起诉, 复议后起诉): the four results and the 总计. */
  appeals: { name: string; parts: { name: string; count: number }[]; total: number }[];
  review: number;
  /** 未经复议直接起诉 + 复议后起诉. */
  suits: number;
}

/** "（二）部分公开（区分处理的，…）" → "部分公开": the category's name without its number and its note. */
export function categoryName(label: string): string {
  return label.replace(/^（[一二三四五六七八九十]+）/, "").replace(/（[^）]*）$/, "");
}

/** The facts of a report, from the value of each cell (as published). */
export function factsOf(format: FormatId, value: (ref: CellRef) => number, year?: number): Facts {
  const model = getFormat(format);
  const t3 = model.table("三");
  const total = (row: string) => value({ table: "三", row, column: "total" });
  // Result categories: a row's inner group (（三）不予公开 …) or, for a row without one, its own label.
  const results: { name: string; count: number }[] = [];
  for (const r of t3.rows.filter((r) => r.result)) {
    const name = categoryName(r.groups?.[1] ?? r.label);
    const last = results[results.length - 1];
    if (last?.name === name) last.count += total(r.key);
    else results.push({ name, count: total(r.key) });
  }
  const t4 = model.table("四");
  const appeals = t4.rows.map((r) => ({
    name: r.label,
    parts: t4.columns
      .filter((c) => !c.total)
      .map((c) => ({ name: c.label, count: value({ table: "四", row: r.key, column: c.key }) })),
    total: value({ table: "四", row: r.key, column: "total" }),
  }));
  const newRequests = total("new");
  const carriedOver = total("carried");
  return {
    ...(year !== undefined ? { year } : {}),
    newRequests,
    carriedOver,
    received: newRequests + carriedOver,
    handled: total("resultsTotal"),
    results,
    carriedForward: total("next"),
    appeals,
    review: appeals[0].total,
    suits: appeals.slice(1).reduce((s, a) => s + a.total, 0),
  };
}

const n = (v: number) => String(v);
/** "2023年，本机关" or "本年度，本机关": the agency is not named, so no word of its name can change a reading. */
const opening = (f: Facts) => (f.year !== undefined ? `${f.year}年，本机关` : "本年度，本机关");

/** 一、总体情况: the requests received, handled by result, carried forward. */
export function requestsSentence(f: Facts): string {
  const results = f.results.map((r) => `${r.name}${n(r.count)}件`).join("，");
  return (
    `${opening(f)}共收到政府信息公开申请${n(f.received)}件（其中本年新收${n(f.newRequests)}件，` +
    `上年结转${n(f.carriedOver)}件），办结${n(f.handled)}件，其中${results}；` +
    `结转下年度继续办理${n(f.carriedForward)}件。`
  );
}

/** 一、总体情况: the appeals. */
export function appealsSentence(f: Facts): string {
  return `因政府信息公开工作被申请行政复议${n(f.review)}件、提起行政诉讼${n(f.suits)}件。`;
}

/** 三's opening sentence, before the table. */
export function applicationsOpening(f: Facts): string {
  return (
    `本年度共收到政府信息公开申请${n(f.received)}件，其中本年新收${n(f.newRequests)}件、` +
    `上年结转${n(f.carriedOver)}件；办理结果总计${n(f.handled)}件，` +
    `结转下年度继续办理${n(f.carriedForward)}件。具体情况如下：`
  );
}

/**
 * 四's opening sentence, before the table. It gives the totals only: a sentence listing 结果维持…件、结果纠正…件 reads,
 * to a page reader that takes a table from text, like a row of table 四 (the HTML importer does), and the table
 * right below gives the parts anyway.
 */
export function appealsOpening(f: Facts): string {
  return `本年度因政府信息公开工作被申请行政复议${n(f.review)}件、提起行政诉讼${n(f.suits)}件，具体情况如下：`;
}
