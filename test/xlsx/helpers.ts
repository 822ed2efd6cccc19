import * as ExcelJSModule from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Tools the .xlsx tests share: load/save with exceljs, and the edits a clerk makes in Excel, done with exceljs. */

// exceljs is CommonJS: under tsx the namespace may carry it as `default`.
const ExcelJS: typeof ExcelJSModule =
  (ExcelJSModule as { default?: typeof ExcelJSModule }).default ?? ExcelJSModule;
export { ExcelJS };

export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJSModule.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

export async function saveWorkbook(wb: ExcelJSModule.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function takeMerges(ws: ExcelJSModule.Worksheet): Box[] {
  const merges = ws.model.merges.map((m) => {
    const [tl, br] = m.split(":").map((a) => ws.getCell(a));
    return {
      top: Number(tl.row),
      left: Number(tl.col),
      bottom: Number(br.row),
      right: Number(br.col),
    };
  });
  for (const m of merges) ws.unMergeCells(m.top, m.left, m.bottom, m.right);
  return merges;
}

/** Where a line (row or column) number goes when `remove` lines at `at` are deleted and `insert` inserted. */
function moveLine(n: number, at: number, remove: number, insert: number): number | undefined {
  if (n < at) return n;
  if (n < at + remove) return undefined;
  return n - remove + insert;
}

function putMerges(
  ws: ExcelJSModule.Worksheet,
  merges: Box[],
  move: (m: Box) => Box | undefined
): void {
  for (const m of merges) {
    const b = move(m);
    if (b && (b.bottom > b.top || b.right > b.left))
      ws.mergeCells(b.top, b.left, b.bottom, b.right);
  }
}

/** A merge's span along one axis after a splice: it grows with lines inserted inside it and shrinks with lines deleted. */
function spliceSpan(
  first: number,
  last: number,
  at: number,
  remove: number,
  insert: number
): [number, number] | undefined {
  const kept: number[] = [];
  for (let n = first; n <= last; n++) {
    const m = moveLine(n, at, remove, insert);
    if (m !== undefined) kept.push(m);
  }
  if (!kept.length) return undefined;
  // Lines inserted inside the span fall between the moved first and last: the merge grows over them.
  return [Math.min(...kept), Math.max(...kept)];
}

/**
 * Delete `remove` rows at row `at` (1-based) and insert `insert` blank rows there, as Excel does: cells, merges and
 * defined names move. exceljs moves cells and names but not merges reliably, so merges are taken off and put back.
 */
export function spliceRows(
  ws: ExcelJSModule.Worksheet,
  at: number,
  remove: number,
  insert: number
): void {
  const merges = takeMerges(ws);
  ws.spliceRows(at, remove, ...Array.from({ length: insert }, () => []));
  putMerges(ws, merges, (m) => {
    const span = spliceSpan(m.top, m.bottom, at, remove, insert);
    return span && { ...m, top: span[0], bottom: span[1] };
  });
}

/** Insert `count` blank rows before row `at` (1-based). */
export function insertRows(ws: ExcelJSModule.Worksheet, at: number, count: number): void {
  spliceRows(ws, at, 0, count);
}

/** Insert `count` blank columns before column `at` (1-based), as Excel does. */
export function insertColumns(ws: ExcelJSModule.Worksheet, at: number, count: number): void {
  const merges = takeMerges(ws);
  ws.spliceColumns(at, 0, ...Array.from({ length: count }, () => []));
  putMerges(ws, merges, (m) => {
    const span = spliceSpan(m.left, m.right, at, 0, count);
    return span && { ...m, left: span[0], right: span[1] };
  });
}

/** Rename a sheet as Excel does: the defined names that point into it follow. */
export function renameSheet(
  wb: ExcelJSModule.Workbook,
  ws: ExcelJSModule.Worksheet,
  name: string
): void {
  const old = ws.name;
  ws.name = name;
  const quote = (n: string) => `'${n.replace(/'/g, "''")}'`;
  wb.definedNames.model = wb.definedNames.model.map((d) => ({
    ...d,
    ranges: d.ranges.map((r) =>
      r
        .replace(`${quote(old)}!`, `${quote(name)}!`)
        .replace(new RegExp(`^${old}!`), `${quote(name)}!`)
    ),
  }));
}

/**
 * A new workbook holding a copy of a sheet's values and merges (no styles, no names, no properties), shifted by
 * `rows` and `cols`, after `before` other sheets: what a clerk gets by copying the sheet into another workbook.
 */
export function copyWithoutNames(
  ws: ExcelJSModule.Worksheet,
  options: { rows?: number; cols?: number; name?: string; before?: string[] } = {}
): ExcelJSModule.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const name of options.before ?? [])
    wb.addWorksheet(name).getCell("A1").value = `${name}：与年报无关的内容`;
  const target = wb.addWorksheet(options.name ?? "Sheet1");
  const dr = options.rows ?? 0;
  const dc = options.cols ?? 0;
  ws.eachRow({ includeEmpty: false }, (row, r) =>
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      target.getCell(r + dr, c + dc).value = cell.value;
    })
  );
  for (const m of ws.model.merges) {
    const [tl, br] = m.split(":").map((a) => ws.getCell(a));
    target.mergeCells(
      Number(tl.row) + dr,
      Number(tl.col) + dc,
      Number(br.row) + dr,
      Number(br.col) + dc
    );
  }
  return wb;
}

export function tempDir(prefix = "nianbao-xlsx-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const REPO = resolve(__dirname, "../..");

/** Run the CLI as a child process, as a user would. */
export function runCli(
  args: string[],
  cwd = REPO
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, "bin/nianbao.js"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
