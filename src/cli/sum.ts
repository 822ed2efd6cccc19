import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { confront } from "../check";
import { toInterchange } from "../interchange";
import { sumReports, type SumPart } from "../sum";
import { cellId } from "../format";
import type { Report } from "../report";
import { buildWorkbook } from "../xlsx/write";
import { normalizeAgency } from "../pairing";
import { discover, SAME_FILE } from "./files";
import { capMessage, describeFsError, safeText } from "./messages";
import { refuseOutput } from "./outputs";
import { recognise } from "./pipeline";
import { importEachFile, readRegularFile } from "../importers";

/**
 * `nianbao sum FILE|DIR… -o 汇总.xlsx|汇总.json [--strict] [--agency 名称] [--year 年度]`: adds several agencies'
 * tables cell by cell into one report (src/sum.ts) and writes it as an .xlsx in the template layout (readable again by
 * `nianbao check`) or as interchange JSON.
 *
 * Every part is checked first; parts that break a hard rule are named. They are still added (their errors go into the
 * sum) unless --strict is given, which refuses. Exit code 0 when written from parts without errors, 1 when written
 * from parts with errors (or refused under --strict), 2 when a file cannot be read, the formats differ, or the output
 * cannot be written.
 */

export interface SumCommandOptions {
  output?: string;
  strict?: boolean;
  agency?: string;
  year?: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function sumCommand(files: string[], options: SumCommandOptions): Promise<number> {
  const fail = (message: string, code = 2) => {
    options.err(`nianbao sum：${message}\n`);
    return code;
  };
  if (!options.output) return fail("请用 -o 指定输出文件，例如 -o 汇总.xlsx 或 -o 汇总.json");
  const kind = /\.xlsx$/i.test(options.output)
    ? "xlsx"
    : /\.json$/i.test(options.output)
      ? "json"
      : undefined;
  if (!kind) return fail(`输出文件“${options.output}”应以 .xlsx 或 .json 结尾`);
  let year: number | undefined;
  if (options.year !== undefined) {
    year = Number(options.year.trim().replace(/年度?$/, ""));
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      return fail(`年度“${options.year}”不对：应为四位年份，例如 2025`);
  }

  const refused = await refuseOutput(options.output, files, files, async () => false);
  if (refused) return fail(`输出文件 ${safeText(options.output)}：${refused}`);

  const parts: SumPart[] = [];
  const unreadable: string[] = [];
  const skipped: string[] = [];
  for await (const f of discover(files, [options.output])) {
    if (f.type === "skipped" && f.reason === SAME_FILE)
      return fail(
        `${safeText(f.path)} 被指定了两次（或是已指定文件的链接）：同一份报告加两次会使汇总数翻倍，未汇总`
      );
    if (f.type === "skipped") {
      skipped.push(f.path);
      continue;
    }
    if (f.type === "failure") {
      unreadable.push(`${f.path}：${f.message}`);
      continue;
    }
    const read = await readRegularFile(f.path);
    if (!read.ok) {
      if (read.notRegular && !f.explicit) skipped.push(f.path);
      else unreadable.push(`${f.path}：${read.error}`);
      continue;
    }
    const decided = recognise(f.path, read.bytes, f.explicit);
    if (decided && "skip" in decided) {
      skipped.push(f.path);
      continue;
    }
    if (decided) {
      unreadable.push(`${f.path}：${decided.unreadable}`);
      continue;
    }
    for (const { sheet, result } of await importEachFile(f.path, read.bytes)) {
      const name = sheet ? `${f.path}［${sheet}］` : f.path;
      if (result.ok) parts.push({ name, report: result.report });
      else unreadable.push(`${name}：${capMessage(result.error)}`);
    }
  }
  if (unreadable.length) {
    for (const u of unreadable) options.err(`nianbao sum：${safeText(u)}\n`);
    return fail(`${unreadable.length} 个文件无法读取，未汇总（缺少这些报告的汇总数会偏小）`);
  }
  const duplicate = findDuplicate(parts);
  if (duplicate)
    return fail(`${duplicate}：同一份报告加两次会使汇总数翻倍，未汇总。请去掉重复的文件`);
  if (parts.length === 0) return fail("没有找到可汇总的报告文件");

  // Each part checked first: a part that breaks a hard rule makes the sum break it too.
  const withErrors = parts
    .map((p) => ({ p, s: confront(p.report, { localize: false }).summary() }))
    .filter((x) => x.s.errors > 0);
  if (withErrors.length) {
    const names = withErrors.map((x) => `${x.p.name}（${x.s.errors} 个错误）`).join("、");
    if (options.strict)
      return fail(
        `以下报告有错误，按 --strict 不汇总：${names}。请先用 nianbao check 核对改正。`,
        1
      );
    options.err(`nianbao sum：提示：以下报告有错误，仍然汇总，汇总数可能有误：${names}\n`);
  }

  const sum = sumReports(parts, { agency: options.agency?.trim() || undefined, year });
  if (!sum.ok) return fail(sum.error);
  for (const n of sum.notes) options.err(`nianbao sum：提示：${n.message}\n`);

  try {
    if (kind === "json")
      await writeFile(options.output, JSON.stringify(toInterchange(sum.report), null, 2) + "\n");
    else
      await writeFile(
        options.output,
        await sumWorkbook(
          sum.report,
          sum.notes.map((n) => n.message)
        )
      );
  } catch (e) {
    return fail(`无法写入 ${safeText(options.output)}：${describeFsError(e, true)}`);
  }
  const check = confront(sum.report, { localize: false }).summary();
  const uncertain = sum.report.uncertain?.size ?? 0;
  options.out(
    `已汇总 ${parts.length} 份报告（${sum.report.format} 年版格式${sum.report.year ? `，${sum.report.year} 年度` : ""}）→ ${options.output}` +
      `${check.errors ? `；汇总表有 ${check.errors} 个错误` : "；汇总表勾稽关系全部成立"}${uncertain ? `；${uncertain} 格不确定` : ""}` +
      `${skipped.length ? `；跳过 ${skipped.length} 个其他文件` : ""}\n`
  );
  return withErrors.length ? 1 : 0;
}

/**
 * Two parts that are the same report: the same agency and year (names compared as for pairing years), or the same
 * cells (one report saved twice under other names). The message names both files; undefined when there is none.
 */
export function findDuplicate(parts: readonly SumPart[]): string | undefined {
  const byAgencyYear = new Map<string, string>();
  const byCells = new Map<string, string>();
  for (const p of parts) {
    const agency = normalizeAgency(p.report.agency);
    if (agency && p.report.year !== undefined) {
      const key = `${agency}|${p.report.year}`;
      const other = byAgencyYear.get(key);
      if (other)
        return `${safeText(other)} 和 ${safeText(p.name)} 是同一单位（${safeText(p.report.agency!)}）同一年度（${p.report.year}）的报告`;
      byAgencyYear.set(key, p.name);
    }
    // Two townships with no applications at all both report zeros everywhere: equal cells alone prove nothing then.
    const allZero = [...p.report.values.values()].every((v) => v === null || v === 0 || v === "0");
    if (p.report.values.size === 0 || (allZero && agency)) continue;
    const cells = `${p.report.format}|${[...p.report.values]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, v]) => `${id}=${v}`)
      .join(";")}`;
    const other = byCells.get(cells);
    if (other) return `${safeText(other)} 和 ${safeText(p.name)} 的每一格都相同，是同一份报告`;
    byCells.set(cells, p.name);
  }
  return undefined;
}

/**
 * The sum as an .xlsx in the template layout (src/xlsx/write.ts), readable again by `nianbao check`; each uncertain
 * cell carries a note saying why, for the person who opens it.
 */
async function sumWorkbook(report: Report, notes: string[]): Promise<Buffer> {
  const { workbook, worksheet, plan } = await buildWorkbook(
    { format: report.format, year: report.year, agency: report.agency, checks: "formulas" },
    report
  );
  const why = notes.length ? notes.join("\n") : "";
  for (const t of plan.tables)
    for (const c of t.cells) {
      if (c.role !== "entry" || !c.ref || !report.uncertain?.has(cellId(c.ref))) continue;
      worksheet.getCell(t.top + c.row + 1, t.left + c.col + 1).note =
        `汇总数不确定：有的报告没有给出、无法读取或推断了这一格。\n${why}`.slice(0, 2000);
    }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Wire `sum` into the program (main.ts calls this). */
export function addSumCommand(
  program: Command,
  io: { out: (s: string) => void; err: (s: string) => void; exit: (code: number) => void }
): void {
  program
    .command("sum")
    .description("汇总：把多个单位的报告逐格相加成一份（先逐份核对），写成 .xlsx 或 .json")
    .argument("<files...>", "报告文件或文件夹")
    .option("-o, --output <file>", "输出文件（.xlsx 或 .json）")
    .option("--strict", "有报告存在错误时不汇总")
    .option("--agency <name>", "汇总表的单位名称（默认“N 个单位汇总”）")
    .option("--year <year>", "汇总表的年度（默认取各报告共同的年度）")
    .action(async (files: string[], opts: Omit<SumCommandOptions, "out" | "err">) => {
      io.exit(await sumCommand(files, { ...opts, out: io.out, err: io.err }));
    });
}
