/**
 * The add-in's document actions: the ribbon's ExecuteFunction buttons (manifest.xml FunctionName) and the task
 * pane's buttons both go through runAction().
 *
 * This module knows nothing about Excel. Whoever owns the Excel side injects the implementations with
 * registerActions(); until an action is registered, running it fails with ActionNotRegisteredError, which is
 * reported like any other failure (see setActionErrorReporter) — it never silently does nothing.
 *
 * With the shared runtime the ribbon commands, the task pane and the custom functions run in one page and (through
 * webpack's single runtime chunk) share this one module instance, so a registration made anywhere is seen by all.
 */

/** Action ids; each equals a <FunctionName> in manifest.xml. */
export const ACTION_NAMES = ["insertTemplate", "validate", "clearMarks"] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The ribbon labels (manifest.xml), used in messages. */
export const ACTION_LABELS: Readonly<Record<ActionName, string>> = {
  insertTemplate: "插入模板",
  validate: "校验",
  clearMarks: "清除标记",
};

export type ActionHandler = () => void | Promise<void>;
export type ActionHandlers = Partial<Record<ActionName, ActionHandler>>;

/** Receives every failed action: the action, a Chinese message for the user, and the original error. */
export type ActionErrorReporter = (name: ActionName, message: string, error: unknown) => void;

export class ActionNotRegisteredError extends Error {
  constructor(readonly action: ActionName) {
    super(
      `“${ACTION_LABELS[action]}”功能尚未接入 Excel（未通过 registerActions 注册 ${action}）。`
    );
    this.name = "ActionNotRegisteredError";
  }
}

const handlers: ActionHandlers = {};

/** Who wants to know when an action has succeeded, whoever ran it (the pane learns of the ribbon's 清除标记). */
const doneListeners = new Set<(name: ActionName) => void>();

/** Calls `listener` after every successful action; returns a function that stops it. */
export function onActionDone(listener: (name: ActionName) => void): () => void {
  doneListeners.add(listener);
  return () => doneListeners.delete(listener);
}

const consoleReporter: ActionErrorReporter = (name, message, error) => {
  console.error(`[nianbao] ${name}: ${message}`, error);
};
let reporter: ActionErrorReporter = consoleReporter;

export function isActionName(value: string): value is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(value);
}

/** Installs (or replaces) action implementations. Returns a function that removes exactly these registrations. */
export function registerActions(newHandlers: ActionHandlers): () => void {
  for (const [name, handler] of Object.entries(newHandlers)) {
    if (!isActionName(name))
      throw new Error(`Unknown action "${name}"; expected one of ${ACTION_NAMES.join(", ")}.`);
    if (typeof handler !== "function") throw new Error(`Handler for "${name}" is not a function.`);
  }
  Object.assign(handlers, newHandlers);
  return () => {
    for (const [name, handler] of Object.entries(newHandlers) as [ActionName, ActionHandler][]) {
      if (handlers[name] === handler) delete handlers[name];
    }
  };
}

export function isActionRegistered(name: ActionName): boolean {
  return typeof handlers[name] === "function";
}

/** Sets who tells the user about failed actions (the task pane installs one); `undefined` restores console logging. */
export function setActionErrorReporter(next: ActionErrorReporter | undefined): void {
  reporter = next ?? consoleReporter;
}

function describe(name: ActionName, error: unknown): string {
  if (error instanceof ActionNotRegisteredError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `“${ACTION_LABELS[name]}”未能完成：${detail}`;
}

/**
 * Runs one action. Never rejects: a failure (including a missing registration) is handed to the error reporter and
 * the promise resolves to false; success resolves to true.
 */
export async function runAction(name: ActionName): Promise<boolean> {
  try {
    const handler = handlers[name];
    if (!handler) throw new ActionNotRegisteredError(name);
    await handler();
    for (const listener of doneListeners) {
      try {
        listener(name);
      } catch (error) {
        console.error(`[nianbao] after ${name}:`, error);
      }
    }
    return true;
  } catch (error) {
    try {
      reporter(name, describe(name, error), error);
    } catch (reportFailure) {
      consoleReporter(name, describe(name, error), reportFailure);
    }
    return false;
  }
}
