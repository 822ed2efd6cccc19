import { publicationDocx } from "./docx";
import { publicationFragment, publicationPage, tablesFragment } from "./html";
import type { Publication } from "./document";

/**
 * Publishing a checked report (issue 11): `preparePublication` decides whether the report may be published and builds
 * the document model; the writers render it as Word (.docx) or HTML. Runs in Node (the command line) and in the
 * browser (the task pane's 导出年报).
 */
export * from "./document";
export { clerkText, type ClerkText } from "./clerk-text";
export { printedTable, printedTables, TABLE_WIDTH, type PrintedTable } from "./tables";

/** What is written: a Word document, a standalone web page, the report as a fragment, or the tables alone. */
export type OutputKind = "docx" | "html" | "fragment" | "tables";
export const OUTPUT_KINDS: readonly OutputKind[] = ["docx", "html", "fragment", "tables"];

/** The kind an output file name asks for: report.docx → docx, report.html/.htm → html. */
export function outputKindFor(path: string): OutputKind | undefined {
  if (/\.docx$/i.test(path)) return "docx";
  if (/\.html?$/i.test(path)) return "html";
  return undefined;
}

export const MIME: Record<OutputKind, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html;charset=utf-8",
  fragment: "text/html;charset=utf-8",
  tables: "text/html;charset=utf-8",
};

/** The file's bytes. */
export async function renderPublication(p: Publication, kind: OutputKind): Promise<Uint8Array> {
  if (kind === "docx") return publicationDocx(p);
  const html =
    kind === "html"
      ? publicationPage(p)
      : kind === "fragment"
        ? publicationFragment(p)
        : tablesFragment(p);
  return new TextEncoder().encode(html);
}
