import type { FormatId } from "../format";
import type { AgencyLevel } from "../report";
import { guarded } from "./errors";
import { parseNarrative, parseNarrativeKey, parseSettingKey, parseStored } from "./store";
import type { ExcelRun } from "./types";

/** What a report sheet remembers in the workbook, for the pane to restore after a reload. */
export interface StoredSheetState {
  uid: string;
  format: FormatId;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  /** Cells the add-in has marked and not yet cleared. */
  marks: number;
  /** The clerk's text of the report (年报正文), when kept. */
  text?: string;
}

/** The report sheets' stored settings, read in one round trip; nothing is written. */
export async function readStoredStates(run: ExcelRun): Promise<StoredSheetState[]> {
  return guarded("读取工作簿", () =>
    run(async (context) => {
      const settings = context.workbook.settings.load("items/key,items/value");
      await context.sync();
      const texts = new Map<string, string>();
      for (const s of settings.items) {
        const uid = parseNarrativeKey(s.key);
        const text = uid ? parseNarrative(s.value) : undefined;
        if (uid && text) texts.set(uid, text);
      }
      return settings.items.flatMap((s) => {
        const uid = parseSettingKey(s.key);
        const stored = uid ? parseStored(s.value) : undefined;
        if (!uid || !stored) return [];
        return [
          {
            uid,
            format: stored.format,
            year: stored.year,
            agency: stored.agency,
            level: stored.level,
            marks: stored.marks.length,
            ...(texts.has(uid) ? { text: texts.get(uid) } : {}),
          },
        ];
      });
    })
  );
}
