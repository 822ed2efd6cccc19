import { en } from "./en";
import { zh, type Strings } from "./zh";

export type { Strings };
export type Language = "zh" | "en";

/** Simplified Chinese unless Office's display language is English ("en-US", "en-GB" …). */
export function languageFor(displayLanguage: string | undefined): Language {
  return /^en\b/i.test(displayLanguage ?? "") ? "en" : "zh";
}

export function stringsFor(language: Language): Strings {
  return language === "en" ? en : zh;
}

/** Office's display language when Office.js gives one (absent outside Office or before Office.onReady). */
export function officeDisplayLanguage(): string | undefined {
  try {
    return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
  } catch {
    return undefined;
  }
}
