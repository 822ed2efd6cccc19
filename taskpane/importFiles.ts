/** The file types the pane's open-file dialog offers (what importers.ts reads in a browser). */
export const ACCEPTED_FILES = ".txt,.text,.htm,.html,.json,.xlsx,.docx,.pdf";
export const ACCEPTED_DESCRIPTION = ".txt、.html、.json、.xlsx、.docx、.pdf";
