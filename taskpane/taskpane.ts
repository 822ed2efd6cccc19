/**
 * Task pane entry (taskpane.html). With the shared runtime this page is also where the ribbon commands and the custom
 * functions run, so it must load cleanly even while the pane is hidden — and even where there is no DOM to draw in
 * (the build test runs the bundles in a bare VM): this module touches nothing but the status line until Office is
 * ready, and the pane itself (Fluent UI and the pane's code, a chunk of its own) is loaded only when there is a page
 * to draw, after the first paint.
 *
 * Start-up protocol with the ES5 guard inline in taskpane.html: this bundle sets window.nianbaoBooted as soon as it
 * runs (the guard reports a bundle that never ran), and does not start when the guard found the webview lacking
 * (window.nianbaoUnsupported, already shown by the guard).
 */
import {
  runAction,
  setActionErrorReporter,
  isActionName,
  ACTION_LABELS,
  type ActionName,
} from "./actions";
import { languageFor, officeDisplayLanguage, stringsFor, type Strings } from "./i18n";
import type { StatusKind } from "./pane";
import { hasSharedRuntime, missingFeatures } from "./host";
import { loadFallbackFont } from "./fonts";

interface GuardFlags {
  nianbaoBooted?: boolean;
  nianbaoUnsupported?: string;
}
const guard = globalThis as GuardFlags;
guard.nianbaoBooted = true;

let strings: Strings = stringsFor("zh");

function setStatus(text: string, kind: StatusKind = "info"): void {
  const status = document.getElementById("status");
  if (!status) return;
  status.textContent = text;
  status.dataset.kind = kind;
}

function showFailure(name: ActionName, message: string, error: unknown): void {
  console.error(`[nianbao] ${name}:`, error);
  setStatus(message, "error");
  // A ribbon command may fail while the pane is hidden: bring it up so the message is seen (SharedRuntime 1.1).
  try {
    if (hasSharedRuntime(Office.context?.requirements)) {
      void Office.addin.showAsTaskpane().catch(() => undefined);
    }
  } catch {
    // Not in Office (e.g. opened directly in a browser): the status line is enough.
  }
}

/** Plain `<button data-action>` elements (a page without the full pane) run the shared actions. */
function wireActionButtons(): void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-action]"));
  for (const button of buttons) {
    const name = button.dataset.action ?? "";
    if (!isActionName(name)) continue;
    button.addEventListener("click", async () => {
      buttons.forEach((b) => (b.disabled = true));
      setStatus(strings.working(ACTION_LABELS[name]));
      try {
        if (await runAction(name)) setStatus(`“${ACTION_LABELS[name]}” ✓`, "ok");
      } finally {
        buttons.forEach((b) => (b.disabled = false));
        button.focus();
      }
    });
    button.disabled = false;
  }
}

/** Whether this is a page the pane can draw in (not a bare VM, not an old webview without custom elements). */
function canDrawPane(): HTMLElement | null {
  const root =
    typeof document.getElementById === "function" ? document.getElementById("app") : null;
  return root && typeof customElements !== "undefined" ? root : null;
}

/** What this Excel lacks, said once under the title (features are checked by requirement set, never by trying). */
function showMissingFeatures(): void {
  const missing = missingFeatures(
    Office.context?.requirements,
    strings.lang.startsWith("en") ? "en" : "zh"
  );
  const header = document.querySelector?.(".pane-header");
  if (!missing.length || !header || typeof document.createElement !== "function") return;
  const list = document.createElement("ul");
  list.id = "host-notice";
  list.className = "host-notice";
  for (const m of missing) {
    const item = document.createElement("li");
    item.textContent = m.message;
    item.dataset.feature = m.feature;
    list.appendChild(item);
  }
  header.appendChild(list);
}

function start(): void {
  if (guard.nianbaoUnsupported) return; // the guard has said what is missing
  loadFallbackFont();
  setActionErrorReporter(showFailure);
  if (typeof Office === "undefined") {
    setStatus(strings.noOffice, "error");
    return;
  }
  Office.onReady((info) => {
    strings = stringsFor(languageFor(officeDisplayLanguage()));
    if (info.host !== Office.HostType.Excel) {
      setStatus(strings.notExcel, "error");
      return;
    }
    wireActionButtons();
    setStatus(strings.connected);
    showMissingFeatures();
    const root = canDrawPane();
    if (!root) return;
    // A chunk of its own (Fluent UI and the pane), fetched from this origin once Excel is there to draw for.
    import(/* webpackChunkName: "pane" */ "./mount")
      .then(({ mountPane }) => mountPane(root, setStatus))
      .catch((error: unknown) => {
        console.error("[nianbao] task pane:", error);
        setStatus(
          `${strings.failed(strings.appTitle, error instanceof Error ? error.message : String(error))}`,
          "error"
        );
      });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
