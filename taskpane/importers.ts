/**
 * Reading a report in the browser: pasted text or an opened file → a Report for the adapter's writeReport, through
 * the engine's importer registry (json, docx, pdf, xlsx, html, text — the same as the command line's).
 *
 * This module and what it imports (htmlparser2, opencc-js's dictionaries, exceljs: over 1 MB) are loaded only when
 * the clerk imports a report (pane.ts imports it dynamically), not every time Excel starts the add-in's page.
 */
import { importAndCheck } from "../src/importers/registry";
import { configurePdfAssets } from "../src/importers/pdf";

// PDF: pdfjs-dist's prebuilt legacy modules and its CMaps (Chinese fonts that are not embedded), copied beside the
// page by webpack.config.js and loaded from this origin only when a PDF is opened.
if (typeof document !== "undefined") {
  const here = (file: string) => new URL(file, document.baseURI).href;
  configurePdfAssets({
    cMapUrl: here("pdfjs/cmaps/"),
    load: async () => ({
      worker: await import(/* webpackIgnore: true */ here("pdfjs/pdf.worker.min.js")),
      pdfjs: await import(/* webpackIgnore: true */ here("pdfjs/pdf.min.js")),
    }),
  });
}

/** The report and what `nianbao check` says of it (the same function the command line's check uses). */
export type CheckedImport = Awaited<ReturnType<typeof importAndCheck>>;

/** An opened file, read and checked as `nianbao check` reads and checks it; the pane's words for an unknown type. */
export function importBytes(
  name: string,
  bytes: Uint8Array,
  unknownMessage: string
): Promise<CheckedImport> {
  return importAndCheck(name, bytes, { unknownMessage });
}

/** Pasted text: JSON when it looks like JSON, HTML when it starts with a tag, published text otherwise. */
export function importText(text: string, unknownMessage: string): Promise<CheckedImport> {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  const name = head.startsWith("{")
    ? "pasted.json"
    : head.startsWith("<")
      ? "pasted.html"
      : "pasted.txt";
  return importBytes(name, new TextEncoder().encode(text), unknownMessage);
}
