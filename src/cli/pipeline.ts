import { confront } from "../check";
import type { Finding } from "../findings";
import { getFormat, type FormatId } from "../format";
import { importEachFile, importerFor, readRegularFile } from "../importers";
import { decodeText, looksBinary, normalizeText } from "../importers/normalize";
import { reportOutput, type ReportOutput } from "../output";
import type { AgencyLevel, Report } from "../report";
import { ruleInstances } from "../rules";
import type { RawValue } from "../values";
import { REPORT_NAME } from "./files";
import { capMessage } from "./messages";

/**
 * One file through `nianbao check`: read once, recognised, imported, checked — the same function in the main thread
 * and in the worker threads. What it returns is plain data (structured-clonable), small, and all the batch keeps:
 * the printed record of each report and a compact record for pairing consecutive years.
 */

/** What a supervisor reads first about a report: broken rules, warnings only, clean — or nothing could be checked. */
export type Status = "error" | "warning" | "clean" | "unchecked";

/** One report as `--json` and `--jsonl` print it (ReportOutput plus where it came from and its status). */
export interface FileReport extends ReportOutput {
  /** The worksheet, when a workbook holds several report sheets (each is its own report). */
  sheet?: string;
  /** Importer that read the file: json, xlsx, html, text … */
  kind?: string;
  /**
   * `unchecked` when no table was read, or too little of them for any rule (tables published as images, a
   * title-only page): then nothing was checked, and the report does not count as passing.
   */
  status: Status;
  /** Last year's report the cross-year checks used. */
  previous?: string;
}

/**
 * What pairing consecutive years needs of a report, and no more: its facts and the cells the cross-year checks read
 * (table 二, and table 三's 上年结转 and 结转下年度 rows). A few hundred bytes, kept for every report of a batch.
 */
export interface CompactReport {
  format: FormatId;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  /** The values of crossYearIds(format), in that order; undefined where the report does not give the cell. */
  cells: (RawValue | undefined)[];
  explanations?: Record<string, string>;
}

/** Cells the cross-year checks read (of this year's report and of last year's). */
export const CROSS_YEAR_CELL = (id: string) =>
  id.startsWith("二:") || id.startsWith("三:carried:") || id.startsWith("三:next:");

const crossYearIdCache = new Map<FormatId, string[]>();
function crossYearIds(format: FormatId): string[] {
  let ids = crossYearIdCache.get(format);
  if (!ids) crossYearIdCache.set(format, (ids = getFormat(format).ids.filter(CROSS_YEAR_CELL)));
  return ids;
}

export function compactReport(report: Report): CompactReport {
  return {
    format: report.format,
    ...(report.year !== undefined ? { year: report.year } : {}),
    ...(report.agency !== undefined ? { agency: report.agency } : {}),
    ...(report.level !== undefined ? { level: report.level } : {}),
    cells: crossYearIds(report.format).map((id) =>
      report.values.has(id) ? report.values.get(id)! : undefined
    ),
    ...(report.explanations ? { explanations: report.explanations } : {}),
  };
}

export function fromCompact(c: CompactReport): Report {
  const ids = crossYearIds(c.format);
  const values = new Map<string, RawValue>();
  c.cells.forEach((v, i) => {
    if (v !== undefined) values.set(ids[i], v);
  });
  return {
    format: c.format,
    ...(c.year !== undefined ? { year: c.year } : {}),
    ...(c.agency !== undefined ? { agency: c.agency } : {}),
    ...(c.level !== undefined ? { level: c.level } : {}),
    values,
    ...(c.explanations ? { explanations: c.explanations } : {}),
  };
}

export interface CheckedReport {
  record: FileReport;
  compact: CompactReport;
  /** The findings themselves (for the summary workbook), when asked for. */
  findings?: Finding[];
}

export type Outcome =
  | { type: "report"; file: string; report: CheckedReport }
  | { type: "failure"; file: string; message: string }
  | { type: "skipped"; file: string; reason: string };

export interface PipelineOptions {
  cells?: boolean;
  /** Keep each report's findings (for --summary). */
  findings?: boolean;
}

/** Whether any hard rule has every one of its cells given: else nothing could be checked. */
function anyRuleCheckable(report: Report): boolean {
  const model = getFormat(report.format);
  return ruleInstances(model).some((inst) =>
    [...inst.leftIndex, ...inst.rightIndex].every((i) => report.values.has(model.ids[i]))
  );
}

export function statusOf(record: Pick<FileReport, "summary">, checkable: boolean): Status {
  if (!checkable) return "unchecked";
  return record.summary.errors ? "error" : record.summary.warnings ? "warning" : "clean";
}

/** A checked report's records. `previous` (compact) when last year's report is already known. */
export function checkReport(
  file: string,
  report: Report,
  extra: { sheet?: string; kind?: string },
  options: PipelineOptions
): CheckedReport {
  const result = confront(report);
  const output = reportOutput(file, result, { cells: options.cells });
  const record: FileReport = {
    ...output,
    ...(extra.sheet ? { sheet: extra.sheet } : {}),
    ...(extra.kind ? { kind: extra.kind } : {}),
    status: statusOf(output, anyRuleCheckable(report)),
  };
  return {
    record,
    compact: compactReport(report),
    ...(options.findings ? { findings: [...result.findings] } : {}),
  };
}

/** What a report says about itself: enough to tell a report from any other text file in a folder. */
const REPORT_HINT = /政府信息公开|政务公开|主动公开政府信息|本年新收|依申请公开/;
const JSON_HINT = /"(cells|format)"\s*:|政府信息公开/;
const HEAD = 65536;

/** The first 64 KB as text, for recognising a report (UTF-16 by its byte-order mark, else UTF-8 or GB18030). */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, HEAD);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(head);
  // A page that says it is GBK (<meta charset="gbk">) is read as such even when a long <script> before its text
  // makes it look like UTF-8 to a guess.
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*(gb2312|gbk|gb18030)/i.exec(
    new TextDecoder("latin1").decode(head.subarray(0, 4096))
  );
  if (declared) return normalizeText(new TextDecoder("gb18030").decode(head));
  return normalizeText(decodeText(head));
}

const hasUtf16Bom = (b: Uint8Array) =>
  (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/**
 * Why a file found in a folder is not a report (skipped, with the reason), or undefined when it is to be read. Files
 * named on the command line are always read. A file that looks like a report but that no importer reads is not
 * skipped: it is a failure (`unreadable`).
 */
export function recognise(
  path: string,
  bytes: Uint8Array,
  explicit: boolean
): { skip: string } | { unreadable: string } | undefined {
  if (explicit) return undefined;
  const importer = importerFor(path, bytes);
  const name = path.split(/[\\/]/).pop() ?? path;
  if (!importer) {
    if (REPORT_NAME.test(name))
      return {
        unreadable: "文件名像是年报，但不是能读取的文件类型（支持的类型见 nianbao check --help）",
      };
    // Text in an encoding no importer takes (UTF-16): a report by its words is a failure, not a skip.
    if (REPORT_HINT.test(headText(bytes)))
      return {
        unreadable: "内容像是年报，但文件的编码或类型无法读取（请另存为 UTF-8 文本或网页）",
      };
    return { skip: "不是能读取的报告文件类型" };
  }
  if (importer.name === "json") {
    if (JSON_HINT.test(new TextDecoder().decode(bytes.subarray(0, HEAD)))) return undefined;
    // Valid JSON without a report's keys is some other file (a configuration); broken JSON may be a broken report:
    // the importer says what is wrong with it.
    try {
      JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
      return { skip: "不是年报（JSON 中没有 format 和 cells）" };
    } catch {
      return undefined;
    }
  }
  if (importer.name === "html" || importer.name === "text") {
    if (looksBinary(bytes) && !hasUtf16Bom(bytes)) {
      if (REPORT_NAME.test(name)) return { unreadable: "文件名像是年报，但内容不是文本" };
      return { skip: "二进制内容，不是文本或网页" };
    }
    if (!REPORT_HINT.test(headText(bytes))) return { skip: "不是年报（前 64 KB 中没有年报用语）" };
  }
  return undefined;
}

/**
 * A workbook found in a folder, with no report tables in it (or an old .xls) and a name that does not say it is a
 * report: some other spreadsheet (a budget, a contact list), skipped with the reason rather than failed.
 */
function notAReport(path: string, error: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? path;
  return !REPORT_NAME.test(name) && /没有找到年报统计表|Excel 97-2003/.test(error);
}

/** Read, recognise, import and check one file; never throws on user data. */
export async function processFile(
  path: string,
  explicit: boolean,
  options: PipelineOptions,
  given?: Uint8Array
): Promise<Outcome[]> {
  let bytes = given;
  if (!bytes) {
    const read = await readRegularFile(path);
    if (!read.ok) {
      if (read.notRegular && !explicit)
        return [{ type: "skipped", file: path, reason: read.error }];
      return [{ type: "failure", file: path, message: capMessage(read.error) }];
    }
    bytes = read.bytes;
  }
  const decided = recognise(path, bytes, explicit);
  if (decided && "skip" in decided) return [{ type: "skipped", file: path, reason: decided.skip }];
  if (decided) return [{ type: "failure", file: path, message: decided.unreadable }];
  const kind = importerFor(path, bytes)?.name;
  const outcomes: Outcome[] = [];
  for (const { sheet, result } of await importEachFile(path, bytes)) {
    if (
      !result.ok &&
      !explicit &&
      kind !== "text" &&
      kind !== "html" &&
      notAReport(path, result.error)
    ) {
      outcomes.push({
        type: "skipped",
        file: path,
        reason: `不是年报（${result.error.slice(0, 80)}）`,
      });
      continue;
    }
    if (!result.ok) {
      outcomes.push({
        type: "failure",
        file: path,
        message: capMessage(sheet ? `工作表“${sheet}”：${result.error}` : result.error),
      });
      continue;
    }
    try {
      outcomes.push({
        type: "report",
        file: path,
        report: checkReport(path, result.report, { sheet, kind }, options),
      });
    } catch (e) {
      outcomes.push({
        type: "failure",
        file: path,
        message: `核对时出现内部错误（请把此文件报告给维护者）：${capMessage((e as Error).message ?? String(e), 200)}`,
      });
    }
  }
  return outcomes;
}
