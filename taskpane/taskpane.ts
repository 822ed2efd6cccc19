/**
 * Task pane (taskpane.html). With the shared runtime this page is also where the ribbon commands and the custom
 * functions run, so it must load cleanly even while the pane is hidden.
 *
 * For now: the three action buttons (same actions as the ribbon, via actions.ts), a status line, and the error
 * reporter that shows failed ribbon actions here. The full pane UI comes later.
 */
import { ACTION_LABELS, isActionName, runAction, setActionErrorReporter, type ActionName } from "./actions";

type StatusKind = "info" | "ok" | "error";

function setStatus(text: string, kind: StatusKind = "info"): void {
  const status = document.getElementById("status");
  if (!status) return;
  status.textContent = text;
  status.dataset.kind = kind;
}

function actionButtons(): HTMLButtonElement[] {
  return Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-action]"));
}

async function onActionClick(button: HTMLButtonElement, name: ActionName): Promise<void> {
  const buttons = actionButtons();
  buttons.forEach((b) => (b.disabled = true));
  setStatus(`正在${ACTION_LABELS[name]}…`);
  try {
    if (await runAction(name)) setStatus(`“${ACTION_LABELS[name]}”已完成。`, "ok");
    // On failure the reporter installed below has already written the message.
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    button.focus();
  }
}

function wireButtons(): void {
  for (const button of actionButtons()) {
    const name = button.dataset.action ?? "";
    if (!isActionName(name)) continue;
    button.addEventListener("click", () => void onActionClick(button, name));
    button.disabled = false;
  }
}

function showFailure(name: ActionName, message: string, error: unknown): void {
  console.error(`[nianbao] ${name}:`, error);
  setStatus(message, "error");
  // A ribbon command may fail while the pane is hidden: bring it up so the message is seen (SharedRuntime 1.1).
  try {
    void Office.addin.showAsTaskpane().catch(() => undefined);
  } catch {
    // Not in Office (e.g. opened directly in a browser): the status line is enough.
  }
}

function start(): void {
  setActionErrorReporter(showFailure);
  if (typeof Office === "undefined") {
    setStatus("未能加载 Office.js：请在 Excel 中通过加载项清单 manifest.xml 打开本加载项。", "error");
    return;
  }
  Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) {
      wireButtons();
      setStatus("已连接 Excel。可使用上方按钮或“政务公开年报”选项卡。");
    } else {
      setStatus("当前不在 Excel 中运行：请在 Excel 中通过加载项清单 manifest.xml 加载本加载项。", "error");
    }
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
