import { Command } from "commander";
import { checkCommand } from "./check";
import { addPublishCommand } from "./publish";
import { addSumCommand } from "./sum";
import { addTemplateCommand } from "./template";

/** The `nianbao` command line. Each command lives in its own module; this file only wires them. */
export interface ProgramIO {
  out: (s: string) => void;
  err: (s: string) => void;
  exit: (code: number) => void;
  /** Where progress bars are drawn: stderr when it is a terminal; none when piped or in tests. */
  progress?: NodeJS.WritableStream;
}

export function buildProgram(io: ProgramIO): Command {
  const program = new Command();
  program
    .name("nianbao")
    .description("政务公开年报助手：核对政府信息公开工作年度报告的统计表")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  program
    .command("check")
    .description("核对报告文件（JSON、文本、网页或 xlsx），列出错误、提示和修改建议")
    .argument("<files...>", "报告文件或文件夹（文件夹中的报告文件逐级查找，其他文件跳过）")
    .option("--json", "输出 JSON")
    .option("--cells", "同时列出读到的每一格")
    .option(
      "--previous <file>",
      "上年度报告，用于核对上年结转（同一单位相邻两年的报告一起核对时自动配对）"
    )
    .option("--summary <file>", "把核对结果写成汇总表（.xlsx，工作表“报告”和“全部问题”）")
    .option("--report <file>", "把核对结果写成汇总网页（.html，含统计图和可排序的表格，不联网）")
    .action(
      async (
        files: string[],
        opts: {
          json?: boolean;
          cells?: boolean;
          previous?: string;
          summary?: string;
          report?: string;
        }
      ) => {
        io.exit(
          await checkCommand(files, { ...opts, progress: io.progress, out: io.out, err: io.err })
        );
      }
    );
  addTemplateCommand(program, io);
  addSumCommand(program, io);
  addPublishCommand(program, io);
  return program;
}

/** Run the CLI; resolves to the exit code (2 for usage errors, as for unreadable files). */
export async function main(
  argv: string[],
  io: Omit<ProgramIO, "exit"> = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    progress: process.stderr.isTTY ? process.stderr : undefined,
  }
): Promise<number> {
  let code = 0;
  const program = buildProgram({ ...io, exit: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (
      err.code === "commander.helpDisplayed" ||
      err.code === "commander.version" ||
      err.code === "commander.help"
    )
      return 0;
    if (typeof err.code === "string" && err.code.startsWith("commander."))
      return typeof err.exitCode === "number" && err.exitCode !== 0 ? 2 : 0;
    // Not a usage error: a failure of ours. Say so in one line (no stack trace for the clerk) and exit 2.
    io.err(`nianbao: 内部错误：${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  }
  return code;
}
