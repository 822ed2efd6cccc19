import type { Report } from "../report";

/**
 * What every importer is and returns. Kept apart from the registry so importers need not import the registry that
 * imports them (sources → grid → report, with the registry on top).
 */

export type ImportResult = { ok: true; report: Report } | { ok: false; error: string };

export interface Importer {
  name: string;
  /** Whether this importer reads the content (bytes given so binary formats like xlsx can be sniffed). */
  accepts(path: string, bytes: Uint8Array): boolean;
  read(path: string, bytes: Uint8Array): Promise<ImportResult>;
  /** Every report the file holds (a workbook with one sheet per agency), when it can hold several; else `read`. */
  readEach?(path: string, bytes: Uint8Array): Promise<{ sheet?: string; result: ImportResult }[]>;
}
