/**
 * Draws the task pane into taskpane.html's <main id="app"> (evaluated only in a real page: see taskpane.ts).
 */
import type { ExcelRun } from "../src/excel";
import { registerExcelActions } from "./ribbon";
import { registerFluent } from "./fluent";
import { languageFor, officeDisplayLanguage, stringsFor } from "./i18n";
import { Pane, type StatusKind } from "./pane";
import { replaceChildren } from "./dom";

/** The pane of this page, once drawn (the ribbon's 校验 shows its findings there). */
export let pane: Pane | undefined;

export function mountPane(
  root: HTMLElement,
  setStatus: (text: string, kind?: StatusKind) => void
): Pane {
  registerFluent();
  const language = languageFor(officeDisplayLanguage());
  const strings = stringsFor(language);
  document.documentElement.lang = strings.lang;
  document.title = strings.appTitle;
  const title = root.querySelector("#app-title");
  const hint = root.querySelector("#app-hint");
  if (title) replaceChildren(title, strings.appTitle);
  if (hint) replaceChildren(hint, strings.appHint);
  const run: ExcelRun = (batch) => Excel.run(batch);
  pane = new Pane({ root, run, strings, locale: language, setStatus });
  // The ribbon's commands and the pane's buttons run the same actions; what they find is shown in this pane.
  registerExcelActions(run, pane.ui);
  // After a reload: the form as the sheet remembers it, and the findings again while its marks are there.
  void pane.restore();
  root.dataset.ready = "true";
  // For bench/taskpane.ts: when, after the page started loading, the pane could be used.
  performance.mark?.("nianbao:pane-ready");
  return pane;
}
