/**
 * Reading a report in the browser: pasted text or an opened file → a Report for the adapter's writeReport.
 *
 * The importer registry (src/importers/index.ts) reads files with node:fs/promises and registers the .xlsx importer,
 * which uses Node's Buffer; neither exists in the task pane. So the pane lists the importers that run in a browser
 * itself — JSON interchange, published HTML, published text — in the registry's order, and offers .xlsx only when a
 * browser-safe .xlsx importer exists (it does not yet).
 *
 * This module and what it imports (htmlparser2, opencc-js's dictionaries: over 1 MB) are loaded only when the clerk
 * imports a report (pane.ts imports it dynamically), not every time Excel starts the add-in's page.
 */
import { parseInterchange } from "../src/interchange";
import type { Importer, ImportResult } from "../src/importers/index";
import { htmlImporter } from "../src/importers/html";
import { textImporter } from "../src/importers/text";
// Registers the check that turns import notes (stray values, guessed splits …) into warnings, as the registry does.
import "../src/importers/checks";

const jsonImporter: Importer = {
  name: "json",
  accepts(path, bytes) {
    const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, "").trimStart();
    return /\.json$/i.test(path) || head.startsWith("{");
  },
  async read(_path, bytes) {
    const result = parseInterchange(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
    if (result.ok) return result;
    return { ok: false, error: result.issues.map((i) => (i.path.length ? `${i.path.join(".")}：${i.message}` : i.message)).join("；") };
  },
};

const BROWSER_IMPORTERS: readonly Importer[] = [jsonImporter, htmlImporter, textImporter];

export { ACCEPTED_FILES, ACCEPTED_DESCRIPTION } from "./importFiles";

export async function importBytes(name: string, bytes: Uint8Array, unknownMessage: string): Promise<ImportResult> {
  const importer = BROWSER_IMPORTERS.find((i) => i.accepts(name, bytes));
  if (!importer) return { ok: false, error: unknownMessage };
  try {
    return await importer.read(name, bytes);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Pasted text: JSON when it looks like JSON, HTML when it starts with a tag, published text otherwise. */
export function importText(text: string, unknownMessage: string): Promise<ImportResult> {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  const name = head.startsWith("{") ? "pasted.json" : head.startsWith("<") ? "pasted.html" : "pasted.txt";
  return importBytes(name, new TextEncoder().encode(text), unknownMessage);
}
