/**
 * Ribbon commands (manifest.xml ExecuteFunction buttons). Runs in the shared-runtime page (taskpane.html).
 * The work itself lives in actions.ts; every handler signals completion to Office, whatever happens.
 */
import { ACTION_NAMES, runAction } from "./actions";

if (typeof Office !== "undefined") {
  Office.onReady(() => {
    for (const name of ACTION_NAMES) {
      Office.actions.associate(name, (event?: Office.AddinCommands.Event) => {
        // runAction never rejects; `finally` still guarantees completed() if that ever changes.
        void runAction(name).finally(() => event?.completed());
      });
    }
  });
}
