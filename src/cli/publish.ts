import type { Command } from "commander";
import { readFile, writeFile } from "node:fs/promises";
import { importFile } from "../importers";
import { decodeText } from "../importers/normalize";
import {
  OUTPUT_KINDS,
  outputKindFor,
  preparePublication,
  renderPublication,
  type OutputKind,
} from "../publish";

/**
 * `nianbao publish FILE -o report.docx|report.html [--format docx|html|fragment|tables] [--blank-as-zero] [--text FILE]`:
 * the checked report as the document that gets published (src/publish). A report that breaks a hard rule, or has a
 * blank cell the clerk has not confirmed as 0, is refused with the reasons; when only 提示 remain it is written and
 * they are listed. Exit 0 written, 1 refused, 2 unreadable input, bad arguments or a write error.
 */

export interface PublishCommandOptions {
  output?: string;
  format?: string;
  blankAsZero?: boolean;
  text?: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function publishCommand(
  file: string,
  options: PublishCommandOptions
): Promise<number> {
  const fail = (message: string, code = 2) => {
    options.err(`nianbao publish：${message}\n`);
    return code;
  };
  if (!options.output) return fail("请用 -o 指定输出文件，例如 -o 年报.docx 或 -o 年报.html");
  let kind: OutputKind | undefined = outputKindFor(options.output);
  if (options.format !== undefined) {
    if (!OUTPUT_KINDS.includes(options.format as OutputKind))
      return fail(`--format “${options.format}” 不对：应为 ${OUTPUT_KINDS.join("、")} 之一`);
    kind = options.format as OutputKind;
  }
  if (!kind)
    return fail(`输出文件“${options.output}”应以 .docx 或 .html 结尾（或用 --format 指定）`);

  const read = await importFile(file);
  if (!read.ok) return fail(`${file}：${read.error}`);
  let text: string | undefined;
  if (options.text !== undefined) {
    try {
      text = decodeText(await readFile(options.text));
    } catch (e) {
      return fail(
        `无法读取正文文件 ${options.text}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
      );
    }
  }

  const prepared = preparePublication(read.report, {
    blankAsZero: options.blankAsZero,
    ...(text !== undefined ? { text } : {}),
  });
  if (!prepared.ok) {
    const lines = [
      `${file}：未导出。报告有 ${prepared.errors.length} 个问题，改正后才能发布：`,
      ...prepared.errors.map((e) => `  错误 ${e.rule}  ${e.message}`),
      ...prepared.warnings.map((w) => `  提示 ${w.rule}  ${w.message}`),
      ...prepared.suggestions.map((s) => `  建议 ${s}`),
    ];
    options.out(`${lines.join("\n")}\n`);
    return 1;
  }
  try {
    await writeFile(options.output, await renderPublication(prepared.publication, kind));
  } catch (e) {
    return fail(
      `无法写入 ${options.output}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
    );
  }
  const r = read.report;
  const facts = [`${r.format} 年版格式`, r.year ? `${r.year} 年度` : "", r.agency ?? ""].filter(
    Boolean
  );
  const lines = [
    `已导出 ${options.output}（${facts.join("，")}）：勾稽关系全部成立${prepared.warnings.length ? `，仍有 ${prepared.warnings.length} 条提示，发布前请看一下：` : "。"}`,
    ...prepared.warnings.map((w) => `  提示 ${w.rule}  ${w.message}`),
  ];
  options.out(`${lines.join("\n")}\n`);
  return 0;
}

/** Wire `publish` into the program (main.ts calls this). */
export function addPublishCommand(
  program: Command,
  io: { out: (s: string) => void; err: (s: string) => void; exit: (code: number) => void }
): void {
  program
    .command("publish")
    .description("导出年报：把核对无误的报告写成发布用的 Word 文档（.docx）或网页（.html）")
    .argument("<file>", "报告文件（JSON、xlsx、网页或文本）")
    .option("-o, --output <file>", "输出文件（.docx 或 .html）")
    .option(
      "--format <kind>",
      "输出形式：docx（Word）、html（完整网页）、fragment（正文和表格的网页片段）、tables（只有三张表的网页片段）"
    )
    .option("--blank-as-zero", "确认空白、“/”的格都是 0（否则有空白格时不导出）")
    .option(
      "--text <file>",
      "年报正文（文本文件，含“一、总体情况”…“六、其他需要报告的事项”），各部分文字写入文档"
    )
    .action(async (file: string, opts: Omit<PublishCommandOptions, "out" | "err">) => {
      io.exit(await publishCommand(file, { ...opts, out: io.out, err: io.err }));
    });
}
