import { Command } from "commander";
import { checkCommand } from "./check";
import { addPublishCommand } from "./publish";
import { capMessage, safeText } from "./messages";
import { addSumCommand } from "./sum";
import { addTemplateCommand } from "./template";

/** The `nianbao` command line. Each command lives in its own module; this file only wires them. */
export interface ProgramIO {
  out: (s: string) => void;
  err: (s: string) => void;
  exit: (code: number) => void;
  /** Where progress bars are drawn: stderr when it is a terminal; none when piped or in tests. */
  progress?: NodeJS.WritableStream;
  /**
   * Resolves when what `out` wrote has gone on (a pipe on Linux and macOS takes writes asynchronously: a folder check
   * that never waits would hold all its output in memory); none in tests.
   */
  drained?: () => Promise<void>;
}

export function buildProgram(io: ProgramIO): Command {
  const program = new Command();
  program
    .name("nianbao")
    .description("政务公开年报助手：核对政府信息公开工作年度报告的统计表")
    // commander's own error lines are English ("error: missing required argument"): main() words them instead.
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} })
    .helpOption("-h, --help", "显示帮助")
    .helpCommand("help [command]", "显示某个命令的帮助")
    .exitOverride();
  program
    .command("check")
    .description("核对报告文件（JSON、文本、网页或 xlsx），列出错误、提示和修改建议")
    .argument("<files...>", "报告文件或文件夹（文件夹中的报告文件逐级查找，其他文件跳过）")
    .option("--json", "输出 JSON（边核对边写出）")
    .option(
      "--jsonl",
      "每行一个 JSON：每份报告核对完即输出一行，跳过和无法读取的文件各一行，最后一行是合计"
    )
    .option("--cells", "同时列出读到的每一格")
    .option(
      "--previous <file>",
      "上年度报告，用于核对上年结转（同一单位相邻两年的报告一起核对时自动配对）"
    )
    .option("--summary <file>", "把核对结果写成汇总表（.xlsx，工作表“报告”和“全部问题”）")
    .option("--report <file>", "把核对结果写成汇总网页（.html，含统计图和可排序的表格，不联网）")
    .option(
      "--jobs <n>",
      "同时核对的线程数（默认：50 个文件以上时每个处理器核心一个；0 为不用多线程）"
    )
    .action(
      async (
        files: string[],
        opts: {
          json?: boolean;
          jsonl?: boolean;
          cells?: boolean;
          previous?: string;
          summary?: string;
          report?: string;
          jobs?: string;
        }
      ) => {
        let jobs: number | undefined;
        if (opts.jobs !== undefined) {
          jobs = Number(opts.jobs);
          if (!Number.isInteger(jobs) || jobs < 0) {
            io.err(`nianbao check：--jobs 应为 0 或正整数，而不是“${safeText(opts.jobs)}”\n`);
            io.exit(2);
            return;
          }
        }
        io.exit(
          await checkCommand(files, {
            ...opts,
            jobs,
            progress: io.progress,
            drained: io.drained,
            out: io.out,
            err: io.err,
          })
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
    drained: () =>
      process.stdout.writableNeedDrain
        ? new Promise<void>((done) => process.stdout.once("drain", () => done()))
        : Promise.resolve(),
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
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      if (typeof err.exitCode === "number" && err.exitCode !== 0) {
        io.err(
          `nianbao：${usageError(err.code, (e as Error).message)}（nianbao --help 查看用法）\n`
        );
        return 2;
      }
      return 0;
    }
    // Not a usage error: a failure of ours. Say so in one line (no stack trace for the clerk) and exit 2.
    io.err(`nianbao: 内部错误：${capMessage((e as Error)?.message ?? String(e), 300)}\n`);
    return 2;
  }
  return code;
}

/** commander's usage errors in Chinese, naming what was wrong. */
const ARGUMENT_NAMES: Record<string, string> = { files: "报告文件或文件夹" };

export function usageError(code: string, message: string): string {
  const quoted = safeText(/'([^']*)'/.exec(message)?.[1] ?? "");
  switch (code) {
    case "commander.missingArgument":
      return `缺少参数：${ARGUMENT_NAMES[quoted] ?? quoted}`;
    case "commander.optionMissingArgument":
      return `选项 ${quoted.split(" ")[0]} 后面缺少值`;
    case "commander.missingMandatoryOptionValue":
      return `缺少必需的选项 ${quoted.split(" ")[0]}`;
    case "commander.unknownOption":
      return `不认识的选项 ${quoted}`;
    case "commander.unknownCommand":
      return `不认识的命令 ${quoted}（可用的命令：check、sum、template）`;
    case "commander.excessArguments":
      return "参数过多";
    case "commander.invalidArgument":
      return `参数不对：${quoted}`;
    default:
      return "命令行用法不对";
  }
}
