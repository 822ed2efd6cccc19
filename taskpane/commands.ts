/**
 * Ribbon commands (manifest.xml ExecuteFunction buttons). Runs in the shared-runtime page (taskpane.html).
 * The work itself lives in actions.ts, implemented by the Excel adapter (src/excel, wired in ribbon.ts); every
 * handler signals completion to Office, whatever happens.
 */
import { ACTION_NAMES, runAction } from "./actions";
import type { ExcelActionsUi, WorkbookValidation } from "../src/excel";
import { registerExcelActions } from "./ribbon";

/** The pane of this page, when it has been drawn (mount.ts is evaluated only in a real page). */
async function currentPane(): Promise<{ showValidation(v: WorkbookValidation): void } | undefined> {
  try {
    return (await import(/* webpackChunkName: "pane" */ "./mount")).pane;
  } catch {
    return undefined;
  }
}

function showPane(): void {
  try {
    if (!Office.context?.requirements?.isSetSupported("SharedRuntime", "1.1")) return;
    void Office.addin.showAsTaskpane().catch(() => undefined); // SharedRuntime 1.1
  } catch {
    // Not in Office: nothing to bring up.
  }
}

/** The status line of taskpane.html (the same element taskpane.ts writes to). */
function setStatus(text: string): void {
  const status = typeof document !== "undefined" ? document.getElementById("status") : null;
  if (!status) return;
  status.textContent = text;
  status.dataset.kind = "ok";
}

/**
 * What the ribbon's actions say, with the pane possibly closed: findings are shown in the pane, brought up; a short
 * message goes to the pane's status line (Excel has no notification API for add-ins), and when 校验 found nothing
 * the pane comes up with the result as well.
 */
const ribbonUi: ExcelActionsUi = {
  async showValidation(validation) {
    (await currentPane())?.showValidation(validation);
    showPane();
  },
  async notify(message, validation) {
    setStatus(message);
    if (!validation) return;
    (await currentPane())?.showValidation(validation);
    showPane();
  },
};

if (typeof Office !== "undefined") {
  Office.onReady(() => {
    // The Excel API exists only inside Excel; elsewhere the actions stay unregistered and say so when used.
    if (typeof Excel !== "undefined") registerExcelActions((batch) => Excel.run(batch), ribbonUi);
    // Office.actions exists where the host runs function files (outside Office the real office.js may lack it).
    if (!Office.actions?.associate) return;
    for (const name of ACTION_NAMES) {
      Office.actions.associate(name, (event?: Office.AddinCommands.Event) => {
        // runAction never rejects; `finally` still guarantees completed() if that ever changes.
        void runAction(name).finally(() => event?.completed());
      });
    }
  });
}
