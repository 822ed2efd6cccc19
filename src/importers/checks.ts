import { registerCheck, type Check } from "../checks";
import { findingKey, type Finding } from "../findings";
import type { ImportNoteEx } from "./cells";

/**
 * What an importer noted while reading a report (stray values, guessed splits, missing tables, tables given as images,
 * non-standard labels) shown as warnings with their own ids: I-STRAY, I-UNCERTAIN, I-MISSING-TABLE, I-MISSING-ROWS,
 * I-TRUNCATED, I-IMAGE-TABLES, I-NO-TABLES, I-LABEL, I-FORMAT-GUESS, I-SECOND-REPORT.
 */
export const IMPORT_NOTE_CODES = [
  "I-STRAY",
  "I-UNCERTAIN",
  "I-MISSING-TABLE",
  "I-MISSING-ROWS",
  "I-TRUNCATED",
  "I-IMAGE-TABLES",
  "I-NO-TABLES",
  "I-LABEL",
  "I-FORMAT-GUESS",
  "I-SECOND-REPORT",
] as const;

export const importNotesCheck: Check = {
  // Like the sum rules' entry ("R3-1…R4-3"), one entry whose findings carry their own ids.
  id: "I-STRAY…I-SECOND-REPORT",
  severity: "warning",
  ids: IMPORT_NOTE_CODES,
  summary: `what the importer noted while reading a published report (${IMPORT_NOTE_CODES.join(", ")}): stray values, guessed digit splits, missing tables or rows, tables given as images`,
  run(ctx) {
    const notes = (ctx.report.notes ?? []) as ImportNoteEx[];
    return notes.map((n, i): Finding => {
      const cells = n.cells ?? [];
      return {
        rule: n.code,
        severity: "warning",
        cells,
        expected: null,
        actual: null,
        imbalance: null,
        key: findingKey(n.code, cells, cells.length ? "" : String(i)),
        detail: { type: "note", text: n.message, ...(n.en ? { en: n.en } : {}) },
      };
    });
  },
};

registerCheck(importNotesCheck);
