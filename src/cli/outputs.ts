import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { inflateRawSync } from "node:zlib";
import { entryData, zipEntries } from "../importers/zip";

/**
 * Nothing overwritten: where the command line writes (the --summary workbook, the -o of `nianbao sum`) must not be
 * one of the files it reads, nor an existing file in a folder it reads that it did not write itself.
 */

/** Whether an existing file is a summary workbook `nianbao check --summary` wrote (sheets 报告 and 全部问题). */
export async function isOurSummary(path: string): Promise<boolean> {
  try {
    const bytes = await readFile(path);
    const entry = zipEntries(bytes)?.find((e) => e.name === "xl/workbook.xml");
    const data = entry && entryData(bytes, entry);
    if (!entry || !data || entry.size > 1024 * 1024) return false;
    const xml = Buffer.from(
      entry.method === 8 ? inflateRawSync(data, { maxOutputLength: entry.size + 1 }) : data
    ).toString();
    return xml.includes('name="报告"') && xml.includes('name="全部问题"');
  } catch {
    return false;
  }
}

/**
 * Why an output file must not be written there: it is one of the inputs, or an existing file inside an input
 * folder that is not an earlier summary (it may be a report). Undefined when it may be written.
 */
export async function refuseOutput(
  output: string,
  inputs: readonly string[],
  folders: readonly string[],
  mayReplace: (path: string) => Promise<boolean> = isOurSummary
): Promise<string | undefined> {
  const target = resolve(output);
  for (const input of inputs)
    if (resolve(input) === target)
      return "与要读取的文件是同一个文件，写入会覆盖它：请换一个输出文件名";
  if (!existsSync(target)) return undefined;
  for (const folder of folders) {
    const root = resolve(folder) + sep;
    if (target.startsWith(root) && !(await mayReplace(target)))
      return `文件夹 ${folder} 中已有此文件（可能是一份报告），写入会覆盖它：请换一个输出文件名，或先移走它`;
  }
  return undefined;
}
