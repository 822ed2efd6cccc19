import { readFile } from "node:fs/promises";
import type { Confrontation } from "../check";
import { checkImported, importBytes, importFile, type ImportResult } from "../importers";
import { reportOutput, type ReportOutput } from "../output";
import type { Report } from "../report";
import { expandArguments, importerName, pairPrevious } from "./batch";
import { formatHuman } from "./human";
import { writeSummary } from "./summary";

export interface CheckCommandOptions {
  json?: boolean;
  cells?: boolean;
  previous?: string;
  /** Write the results as a workbook (sheets 报告 and 全部问题) to this .xlsx file. */
  summary?: string;
  /** Where to draw a progress bar (stderr when it is a terminal); none when undefined. */
  progress?: NodeJS.WritableStream;
  /** Where output goes (stdout/stderr in the CLI, buffers in tests). */
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CheckedFile {
  file: string;
  result: Confrontation;
  /** The file of last year's report the carry-over was checked against, when there was one. */
  previous?: string;
}

interface Imported {
  file: string;
  report: Report;
  kind?: string;
}

/** A progress bar on a terminal (cli-progress), or nothing. Loaded only when drawn. */
interface Progress {
  start(total: number, phase: string): void;
  tick(file: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { start() {}, tick() {}, stop() {} };

async function progressBar(stream: NodeJS.WritableStream): Promise<Progress> {
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({
    stream,
    format: "{phase} [{bar}] {value}/{total} {file}",
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
    noTTYOutput: false,
  });
  let value = 0;
  let running = false;
  return {
    start(total, phase) {
      if (running) bar.stop();
      value = 0;
      bar.start(total, 0, { phase, file: "" });
      running = true;
    },
    tick(file) {
      value++;
      const name = file.length > 40 ? `…${file.slice(-39)}` : file;
      bar.update(value, { file: name });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

async function importWithKind(file: string): Promise<{ result: ImportResult; kind?: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return { result: await importFile(file) }; // importFile words the file-system error
  }
  return { result: await importBytes(file, bytes), kind: importerName(file, bytes) };
}

/**
 * `nianbao check FILE|DIR…`: exit code 0 when no file has a hard error, 1 when any has, 2 when a file cannot be read.
 * Folders are searched recursively for report files (others are skipped and counted). Reports of one agency for
 * consecutive years are checked against each other (this year's 上年结转 against last year's 结转下年度).
 */
export async function checkCommand(files: string[], options: CheckCommandOptions): Promise<number> {
  let explicitPrevious: Imported | undefined;
  let unreadable = false;
  const errors: string[] = [];
  if (options.previous) {
    const p = await importFile(options.previous);
    if (p.ok) explicitPrevious = { file: options.previous, report: p.report };
    else {
      options.err(`nianbao: 上年报告 ${options.previous}：${p.error}\n`);
      unreadable = true;
    }
  }
  const expansion = await expandArguments(files, options.summary ? [options.summary] : []);
  const failures: { file: string; message: string }[] = [...expansion.errors];
  for (const e of expansion.errors) errors.push(`nianbao: ${e.file}：${e.message}\n`);

  const many = expansion.files.length > 1;
  const progress = options.progress && many ? await progressBar(options.progress) : NO_PROGRESS;
  const imported: Imported[] = [];
  let checked: (CheckedFile & { kind?: string })[] = [];
  try {
    progress.start(expansion.files.length, "读取");
    for (const file of expansion.files) {
      const { result, kind } = await importWithKind(file);
      progress.tick(file);
      if (!result.ok) {
        failures.push({ file, message: result.error });
        errors.push(`nianbao: ${file}：${result.error}\n`);
        continue;
      }
      imported.push({ file, report: result.report, kind });
    }

    // Last year's report: the same agency's report for the year before among the files checked, else --previous.
    const pairs = pairPrevious(
      imported,
      explicitPrevious ? [...imported, explicitPrevious] : imported
    );
    progress.start(imported.length, "核对");
    checked = imported.map((item) => {
      const prev = pairs.get(item) ?? explicitPrevious;
      const result = checkImported(item.report, { previous: prev?.report });
      progress.tick(item.file);
      return { file: item.file, result, kind: item.kind, ...(prev ? { previous: prev.file } : {}) };
    });
  } finally {
    progress.stop();
  }
  // Messages about unreadable files wait for the progress bar to be gone, so that they are not drawn over.
  for (const e of errors) options.err(e);

  const skipped = expansion.skipped.length;
  if (options.json) {
    const reports: ReportOutput[] = checked.map((c) =>
      reportOutput(c.file, c.result, { cells: options.cells })
    );
    options.out(
      JSON.stringify(
        { reports, ...(failures.length ? { failures } : {}), ...(skipped ? { skipped } : {}) },
        null,
        2
      ) + "\n"
    );
  } else {
    for (const c of checked) options.out(formatHuman(c.file, c.result, { cells: options.cells }));
    if (checked.length > 1 || failures.length || skipped) {
      const bad = checked.filter((c) => !c.result.passes()).length;
      options.out(
        `共检查 ${checked.length} 份报告：${bad} 份有错误，${checked.length - bad} 份通过` +
          `${failures.length ? `，${failures.length} 个文件无法读取` : ""}${skipped ? `，跳过 ${skipped} 个其他文件` : ""}。\n`
      );
    }
  }
  if (options.summary) {
    try {
      await writeSummary(
        options.summary,
        checked.map((c) => ({
          file: c.file,
          kind: c.kind,
          result: c.result,
          previous: c.previous,
        })),
        failures
      );
      if (!options.json) options.out(`汇总表已写入 ${options.summary}\n`);
    } catch (e) {
      options.err(
        `nianbao: 无法写入汇总表 ${options.summary}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`
      );
      unreadable = true;
    }
  }
  if (unreadable || failures.length) return 2;
  return checked.some((c) => !c.result.passes()) ? 1 : 0;
}
