/**
 * A stand-in for Office.js in the sandbox: enough of `Office` for the add-in's real bundles to start as they do in
 * Excel (Office.onReady with host Excel, the display language, ribbon action registration, showAsTaskpane), and a
 * `CustomFunctions` that collects the NIANBAO functions so the sandbox grid can show what their cells compute.
 */

export type ActionHandler = (event: { completed(): void }) => void;

export interface OfficeStub {
  Office: Record<string, unknown>;
  CustomFunctions: Record<string, unknown>;
  /** Ribbon actions registered with Office.actions.associate. */
  actions: Map<string, ActionHandler>;
  customFunctions: Map<string, (...args: unknown[]) => unknown>;
}

class CustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string
  ) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
  }
}

export function createOfficeStub(displayLanguage: string): OfficeStub {
  const actions = new Map<string, ActionHandler>();
  const customFunctions = new Map<string, (...args: unknown[]) => unknown>();
  const info = { host: "Excel", platform: "OfficeOnline" };
  const Office = {
    HostType: {
      Excel: "Excel",
      Word: "Word",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    onReady(callback?: (i: typeof info) => void) {
      return Promise.resolve().then(() => {
        callback?.(info);
        return info;
      });
    },
    initialize: undefined as undefined | (() => void),
    context: {
      displayLanguage,
      contentLanguage: displayLanguage,
      host: "Excel",
      platform: "OfficeOnline",
      requirements: { isSetSupported: () => true },
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "sandbox" },
    },
    actions: {
      associate(name: string, handler: ActionHandler) {
        actions.set(name, handler);
      },
    },
    addin: {
      showAsTaskpane: () => Promise.resolve(),
      hide: () => Promise.resolve(),
      onVisibilityModeChanged: () => Promise.resolve(() => Promise.resolve()),
    },
  };
  const CustomFunctions = {
    associate(id: string, fn: (...args: unknown[]) => unknown) {
      customFunctions.set(id.toUpperCase(), fn);
    },
    Error: CustomFunctionError,
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
      invalidName: "#NAME?",
      invalidReference: "#REF!",
    },
  };
  return { Office, CustomFunctions, actions, customFunctions };
}
