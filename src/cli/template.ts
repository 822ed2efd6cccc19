import { describeFsError, safeText } from "./messages";
import type { Command } from "commander";
import { FORMAT_IDS, formatForYear, type FormatId } from "../format";
import { writeTemplateFile } from "../xlsx/write";

/**
 * `nianbao template --year 2025 [--format 2021|2019] [--agency 某局] -o 2025年报.xlsx`: the three tables as an .xlsx
 * file in the add-in's layout, with live check formulas, for offices that pass files around. The filled file is read
 * back by `nianbao check file.xlsx`. Exit code 0 when written, 2 on a usage or file-system error.
 */

export interface TemplateCommandOptions {
  year?: string;
  format?: string;
  agency?: string;
  output?: string;
  /** commander's --no-checks: false when the check cells are not wanted. */
  checks?: boolean;
  protect?: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: "所在的文件夹不存在",
  EACCES: "没有写入权限",
  EPERM: "没有写入权限",
  EISDIR: "这是一个文件夹",
  EROFS: "所在的磁盘只读",
  ENOSPC: "磁盘空间不足",
  EBUSY: "文件正被其他程序占用（是否已在 Excel 中打开？）",
};

export async function templateCommand(options: TemplateCommandOptions): Promise<number> {
  const fail = (message: string) => {
    options.err(`nianbao template：${message}\n`);
    return 2;
  };
  if (options.year === undefined) return fail("请用 --year 指定报告年度，例如 --year 2025");
  const yearText = options.year.trim().replace(/年$/, "");
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < 2019 || year > 2100)
    return fail(`年度“${options.year}”不对：应为 2019 年或以后的四位年份，例如 2025`);
  let format: FormatId = formatForYear(year);
  if (options.format !== undefined) {
    const f = options.format.trim().replace(/年版?$/, "");
    if (!FORMAT_IDS.includes(f as FormatId))
      return fail(
        `格式“${options.format}”不对：应为 2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）`
      );
    format = f as FormatId;
  }
  if (!options.output) return fail(`请用 -o 指定输出文件，例如 -o ${year}年报.xlsx`);
  const agency = options.agency?.trim() || undefined;
  if (format !== formatForYear(year))
    options.err(
      `nianbao template：提示：${year} 年度应使用 ${formatForYear(year)} 年版格式，这里按要求使用 ${format} 年版\n`
    );
  if (!/\.xlsx$/i.test(options.output))
    options.err(`nianbao template：提示：文件名不以 .xlsx 结尾，Excel 可能无法直接打开\n`);

  try {
    await writeTemplateFile(options.output, {
      format,
      year,
      agency,
      checks: options.checks === false ? "none" : "formulas",
      protect: !!options.protect,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(
      `无法写入 ${safeText(options.output)}：${(code && FS_ERRORS[code]) ?? describeFsError(e, true)}`
    );
  }
  options.out(
    `已生成 ${options.output}（${format} 年版格式，${year} 年度${agency ? `，${agency}` : ""}）：黄色单元格填写数字，填好后可用 nianbao check ${options.output} 核对\n`
  );
  return 0;
}

/** Wire `template` into the program (main.ts calls this). */
export function addTemplateCommand(
  program: Command,
  io: { out: (s: string) => void; err: (s: string) => void; exit: (code: number) => void }
): void {
  program
    .command("template")
    .description("生成 .xlsx 年报统计表模板（三张表、填写校验和核对公式），填好后可用 check 核对")
    .option("--year <year>", "报告年度，例如 2025")
    .option("--format <format>", "格式：2021 或 2019（默认按年度：2021 年起用 2021 年版）")
    .option("--agency <name>", "单位名称，写入标题")
    .option("-o, --output <file>", "输出文件（.xlsx）")
    .option("--no-checks", "不加核对公式")
    .option("--protect", "保护工作表，只允许填写黄色单元格（无密码）")
    .action(async (opts: Omit<TemplateCommandOptions, "out" | "err">) => {
      io.exit(await templateCommand({ ...opts, out: io.out, err: io.err }));
    });
}
