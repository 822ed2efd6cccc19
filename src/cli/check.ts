import { confront, type Confrontation } from "../check";
import { importFile } from "../importers";
import { reportOutput, type ReportOutput } from "../output";
import type { Report } from "../report";
import { formatHuman } from "./human";

export interface CheckCommandOptions {
  json?: boolean;
  cells?: boolean;
  previous?: string;
  /** Where output goes (stdout/stderr in the CLI, buffers in tests). */
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CheckedFile {
  file: string;
  result: Confrontation;
}

/** `nianbao check FILE…`: exit code 0 when no file has a hard error, 1 when any has, 2 when a file cannot be read. */
export async function checkCommand(files: string[], options: CheckCommandOptions): Promise<number> {
  let previous: Report | undefined;
  let unreadable = false;
  if (options.previous) {
    const p = await importFile(options.previous);
    if (p.ok) previous = p.report;
    else {
      options.err(`nianbao: 上年报告 ${options.previous}：${p.error}\n`);
      unreadable = true;
    }
  }
  const checked: CheckedFile[] = [];
  const failures: { file: string; message: string }[] = [];
  for (const file of files) {
    const imported = await importFile(file);
    if (!imported.ok) {
      failures.push({ file, message: imported.error });
      options.err(`nianbao: ${file}：${imported.error}\n`);
      continue;
    }
    checked.push({ file, result: confront(imported.report, { previous }) });
  }
  if (options.json) {
    const reports: ReportOutput[] = checked.map((c) => reportOutput(c.file, c.result, { cells: options.cells }));
    options.out(JSON.stringify({ reports, ...(failures.length ? { failures } : {}) }, null, 2) + "\n");
  } else {
    for (const c of checked) options.out(formatHuman(c.file, c.result, { cells: options.cells }));
    if (checked.length > 1 || failures.length) {
      const bad = checked.filter((c) => !c.result.passes()).length;
      options.out(`共检查 ${checked.length} 份报告：${bad} 份有错误，${checked.length - bad} 份通过${failures.length ? `，${failures.length} 个文件无法读取` : ""}。\n`);
    }
  }
  if (unreadable || failures.length) return 2;
  return checked.some((c) => !c.result.passes()) ? 1 : 0;
}
