import type * as ExcelJS from "exceljs";

/**
 * exceljs, loaded on first use: the CLI imports the .xlsx importer and the template command at start-up, and
 * `nianbao check report.json` should not pay ~200 ms for a library it does not use. Loaded through import(), exceljs
 * (CommonJS) arrives as the module's default export; under a bundler, as the namespace itself.
 */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  const mod = (await import(/* webpackChunkName: "exceljs" */ "exceljs")) as typeof ExcelJS & {
    default?: typeof ExcelJS;
  };
  return mod.Workbook ? mod : mod.default!;
}
