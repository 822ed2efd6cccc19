import type { Finding } from "../findings";
import { getFormat } from "../format";
import { checkImported, importEachFile, importerFor, readRegularFile } from "../importers";
import { decodeText, looksBinary, normalizeText } from "../importers/normalize";
import { reportOutput, type ReportOutput } from "../output";
import { pairingRecord, type PairingRecord } from "../pairing";
import type { Report } from "../report";
import { ruleInstances } from "../rules";
import { MIN_NARRATIVE } from "../supervisor-checks";
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

export interface CheckedReport {
  record: FileReport;
  /** What the batch keeps of the report for comparing it with other reports (src/pairing.ts). */
  compact: PairingRecord;
  /**
   * The report's text while the batch may still compare its narrative with another report's (W-COPIED-TEXT: last
   * year's, or another agency's of the same year); dropped once the report is printed. Only for a narrative long
   * enough to be compared.
   */
  text?: string;
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
  const given = (i: number) => report.values.has(model.ids[i]);
  return ruleInstances(model).some(
    (inst) => inst.leftIndex.every(given) && inst.rightIndex.every(given)
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
  const result = checkImported(report);
  // The output completed in place (a fresh object, not copied for every report): the same fields in the same order.
  const record = reportOutput(file, result, { cells: options.cells }) as FileReport;
  if (extra.sheet) record.sheet = extra.sheet;
  if (extra.kind) record.kind = extra.kind;
  record.status = statusOf(record, anyRuleCheckable(report));
  const compact = pairingRecord(report);
  return {
    record,
    compact,
    ...(compact.text && compact.text.length >= MIN_NARRATIVE ? { text: report.text } : {}),
    ...(options.findings ? { findings: [...result.findings] } : {}),
  };
}

/** What a report says about itself: enough to tell a report from any other text file in a folder. */
const REPORT_HINT = /政府信息公开|政务公开|主动公开政府信息|本年新收|依申请公开/;
const JSON_HINT = /"(cells|format)"\s*:|政府信息公开/;
const HEAD = 65536;

/**
 * The first 64 KB as text, for recognising a report: decoded as the importers decode (a byte-order mark, UTF-16,
 * a <meta charset> even after a long <script>, else UTF-8 or GB18030).
 */
const headText = (bytes: Uint8Array): string =>
  // A file no longer than the head is decoded whole: the importer then reads the same decoding.
  decodeText(bytes.length <= HEAD ? bytes : bytes.subarray(0, HEAD));

/** Whether the head of a file speaks of a report: as decoded, else once normalised (traditional characters, …). */
function speaksOfReport(bytes: Uint8Array): boolean {
  const head = headText(bytes);
  return REPORT_HINT.test(head) || REPORT_HINT.test(normalizeText(head));
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
  explicit: boolean,
  importer = importerFor(path, bytes)
): { skip: string } | { unreadable: string } | undefined {
  if (explicit) return undefined;
  const name = path.split(/[\\/]/).pop() ?? path;
  if (!importer) {
    if (REPORT_NAME.test(name))
      return {
        unreadable: "文件名像是年报，但不是能读取的文件类型（支持的类型见 nianbao check --help）",
      };
    // Text in an encoding no importer takes (UTF-16): a report by its words is a failure, not a skip.
    if (speaksOfReport(bytes))
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
    if (!speaksOfReport(bytes)) return { skip: "不是年报（前 64 KB 中没有年报用语）" };
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
  // Which importer reads the file, asked once (each asks the file's first bytes).
  const importer = importerFor(path, bytes);
  const decided = recognise(path, bytes, explicit, importer);
  if (decided && "skip" in decided) return [{ type: "skipped", file: path, reason: decided.skip }];
  if (decided) return [{ type: "failure", file: path, message: decided.unreadable }];
  const kind = importer?.name;
  const outcomes: Outcome[] = [];
  for (const { sheet, result } of await importEachFile(path, bytes, importer)) {
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
