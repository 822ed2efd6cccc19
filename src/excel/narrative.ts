import { AdapterError } from "./errors";
import { guarded } from "./errors";
import { NARRATIVE_MAX_CHARS, narrativeKey, narrativeTooLong, narrativeValue } from "./store";
import type { ExcelRun } from "./types";

/**
 * Keep the clerk's text of a report (年报正文) with its sheet, in the report's `NB_<uid>_text` setting: one round trip,
 * nothing read first. Empty text keeps an empty text (the clerk cleared it: an imported report's text must not come
 * back). Over NARRATIVE_MAX_CHARS nothing is written and the clerk is told why.
 */
export async function saveNarrative(run: ExcelRun, uid: string, text: string): Promise<void> {
  if (text.length > NARRATIVE_MAX_CHARS)
    throw new AdapterError("TooLong", narrativeTooLong(text.length));
  return guarded("保存年报正文", () =>
    run(async (context) => {
      context.workbook.settings.add(narrativeKey(uid), narrativeValue(text));
      await context.sync();
    })
  );
}
