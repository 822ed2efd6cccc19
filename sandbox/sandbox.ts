/**
 * The sandbox (dist/sandbox.html): the add-in's real bundles next to an in-memory workbook, so the task pane can be
 * tried in any browser without Excel.
 *
 * This script is self-contained (its own webpack runtime, nothing shared with the add-in's chunks) and runs before the
 * add-in's bundles: it creates the fake workbook (test/fake-excel), restores it from localStorage, installs `Excel`,
 * `OfficeExtension`, a stub `Office` and `CustomFunctions` as globals, and — where the page has a #sandbox-grid —
 * draws the workbook and lets you type into it. The same file can stand in for office.js in front of taskpane.html
 * (the browser tests do that): there is no grid there, only the globals.
 *
 * URL parameters: ?lang=en (Office display language en-US), ?fresh (start from an empty workbook).
 * Test hooks: window.nianbaoSandbox (see SandboxHooks).
 */
import { createFakeExcel, quoteSheet, type FakeExcel } from "../test/fake-excel";
import { SandboxGrid } from "./grid";
import { createOfficeStub, type OfficeStub } from "./office";
import { loadBook, saveBook } from "./persist";

const STORAGE_KEY = "nianbao.sandbox.workbook";

export interface SandboxHooks {
  fake: FakeExcel;
  office: OfficeStub;
  /** Types into a cell as the grid does (through Excel.run): "12", "/", "-1", "#REF!", "=SUM(…)". */
  type(address: string, text: string): Promise<void>;
  /** Writes many cells in one Excel.run (numbers as numbers, text as typed, null to clear). */
  fill(entries: [address: string, value: number | string | null][]): Promise<void>;
  /** The selected range, e.g. { sheet: "2024年报表", address: "D5:J5" }. */
  selection(): { sheet: string; address: string };
  /** Resolves once no Excel.run is in progress, the grid is redrawn and the workbook saved. */
  idle(): Promise<void>;
  /** Excel.run calls completed so far. */
  runs(): number;
  /** Writes the workbook to localStorage now (it is also written after every change). */
  save(): void;
  /** Forgets the saved workbook (the next load starts empty). */
  forget(): void;
  /** Runs a ribbon command as its button in Excel would. */
  ribbon(action: string): Promise<void>;
}

declare global {
  interface Window {
    nianbaoSandbox?: SandboxHooks;
  }
}

const params = new URLSearchParams(location.search);
const displayLanguage = params.get("lang") === "en" ? "en-US" : params.get("lang") || "zh-CN";

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled (file:// in some browsers, privacy settings)
  }
}

const fake = createFakeExcel({ sheets: ["Sheet1"] });
if (params.has("fresh")) storage()?.removeItem(STORAGE_KEY);
const saved = storage()?.getItem(STORAGE_KEY);
if (saved && !loadBook(fake.workbook, saved)) storage()?.removeItem(STORAGE_KEY);

const office = createOfficeStub(displayLanguage);
let grid: SandboxGrid | undefined;
let pending = 0;
let completed = 0;
let idleWaiters: (() => void)[] = [];

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function save(): void {
  if (saveTimer !== undefined) clearTimeout(saveTimer);
  saveTimer = undefined;
  try {
    storage()?.setItem(STORAGE_KEY, saveBook(fake.workbook));
  } catch (error) {
    console.warn("[sandbox] could not save the workbook:", error);
  }
}

/** Saving a big workbook takes a moment: done once things are quiet, not after every Excel.run of a burst. */
function saveSoon(): void {
  if (saveTimer === undefined) saveTimer = setTimeout(save, 300);
}

function changed(): void {
  saveSoon();
  grid?.render();
  if (pending === 0) {
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  }
}

// Every Excel.run — the add-in's or the grid's — saves the workbook and redraws the grid when it ends.
const run = fake.Excel.run.bind(fake.Excel) as (...args: unknown[]) => Promise<unknown>;
(fake.Excel as { run: unknown }).run = async (...args: unknown[]) => {
  pending++;
  try {
    return await run(...args);
  } finally {
    pending--;
    completed++;
    changed();
  }
};

fake.install(window as unknown as Record<string, unknown>);
// Selecting a cell in the grid is not an Excel.run: keep it too when the page goes away.
window.addEventListener("pagehide", save);
Object.assign(window, { Office: office.Office, CustomFunctions: office.CustomFunctions });

/** The range of an address, sheet-qualified ("'2023年报'!D5") or on the active sheet ("D5"). */
function rangeOf(context: Excel.RequestContext, address: string): Excel.Range {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return context.workbook.worksheets.getActiveWorksheet().getRange(address);
  const sheet = address
    .slice(0, bang)
    .replace(/^'(.*)'$/, "$1")
    .replace(/''/g, "'");
  return context.workbook.worksheets.getItem(sheet).getRange(address.slice(bang + 1));
}

async function type(address: string, text: string): Promise<void> {
  await fake.Excel.run(async (context) => {
    const range = rangeOf(context, address);
    if (text.startsWith("=")) range.formulas = [[text]];
    else range.values = [[text]];
    await context.sync();
  });
}

async function fill(entries: [string, number | string | null][]): Promise<void> {
  await fake.Excel.run(async (context) => {
    for (const [address, value] of entries)
      rangeOf(context, address).values = [[value === null ? "" : value]];
    await context.sync();
  });
}

/**
 * Excel applies a cell's data validation to what is typed (not to the API's writes): with a Stop alert it refuses a
 * value the rule does not allow and shows the alert's text. The template's count cells allow whole numbers ≥ 0
 * (“这里只能填写 0 或正整数（件数）。”). Formulas are left to Excel's evaluation and pass here.
 */
async function refusal(address: string, text: string): Promise<string | undefined> {
  if (text.startsWith("=")) return undefined;
  return fake.Excel.run(async (context) => {
    const dv = rangeOf(context, address).dataValidation;
    dv.load("rule,errorAlert,ignoreBlanks");
    await context.sync();
    const rule = dv.rule as Excel.DataValidationRule | undefined;
    const alert = dv.errorAlert;
    if (!rule || !alert?.showAlert || alert.style !== "Stop") return undefined;
    const check = rule.wholeNumber ?? rule.decimal;
    if (!check) return undefined;
    if (text.trim() === "") return dv.ignoreBlanks === false ? alert.message : undefined;
    const n = Number(text.trim());
    const bound = (f: unknown) => Number(f);
    const ok =
      Number.isFinite(n) &&
      (!rule.wholeNumber || Number.isInteger(n)) &&
      (() => {
        const a = bound(check.formula1);
        const b = bound(check.formula2);
        switch (check.operator) {
          case "GreaterThanOrEqualTo":
            return n >= a;
          case "GreaterThan":
            return n > a;
          case "LessThanOrEqualTo":
            return n <= a;
          case "LessThan":
            return n < a;
          case "EqualTo":
            return n === a;
          case "NotEqualTo":
            return n !== a;
          case "Between":
            return n >= a && n <= b;
          case "NotBetween":
            return n < a || n > b;
          default:
            return true;
        }
      })();
    return ok ? undefined : alert.message || alert.title || "输入值非法。";
  });
}

window.nianbaoSandbox = {
  fake,
  office,
  type,
  fill,
  selection: () => fake.selection(),
  idle: async () => {
    if (pending > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    if (saveTimer !== undefined) save();
  },
  runs: () => completed,
  save,
  forget: () => storage()?.removeItem(STORAGE_KEY),
  ribbon: (action) =>
    new Promise<void>((resolve, reject) => {
      const handler = office.actions.get(action);
      if (!handler) return reject(new Error(`no ribbon action ${action}`));
      handler({ completed: () => resolve() });
    }),
};

// --- the page around the pane ------------------------------------------------------------------------------------

const english = displayLanguage.startsWith("en");

/** The page's own words (the pane has its own, in taskpane/i18n), in the display language. */
const PAGE = english
  ? {
      title: "Sandbox · Annual report assistant",
      note: "An in-memory workbook (kept in this browser); no Excel needed.",
      ribbon: "Ribbon tab “Annual report”",
      ribbonButton: (label: string) => `Ribbon: ${label}`,
      language: "Display language",
      reset: "Clear workbook",
      sheet: "Workbook",
      pane: "Task pane",
      actions: { insertTemplate: "Insert template", validate: "Check", clearMarks: "Clear marks" },
    }
  : {
      title: "沙盒 · 政务公开年报助手",
      note: "内存中的工作簿（保存在本浏览器），无需 Excel。",
      ribbon: "功能区“政务公开年报”",
      ribbonButton: (label: string) => `功能区 ${label}`,
      language: "显示语言",
      reset: "清空工作簿",
      sheet: "工作簿",
      pane: "任务窗格",
      actions: { insertTemplate: "插入模板", validate: "校验", clearMarks: "清除标记" },
    };

const RIBBON: [string, string][] = Object.entries(PAGE.actions);

/** The header, ribbon and landmarks in the display language (the HTML is written in Chinese). */
function translatePage(): void {
  document.documentElement.lang = english ? "en" : "zh-CN";
  const set = (selector: string, text: string) => {
    const e = document.querySelector(selector);
    if (e) e.textContent = text;
  };
  set(".sb-header strong", PAGE.title);
  set(".sb-note", PAGE.note);
  set("#sandbox-reset", PAGE.reset);
  const lang = document.querySelector(".sb-lang");
  if (lang?.firstChild?.nodeType === Node.TEXT_NODE)
    lang.firstChild.textContent = `${PAGE.language} `;
  document.getElementById("sandbox-ribbon")?.setAttribute("aria-label", PAGE.ribbon);
  document.getElementById("sandbox-grid")?.setAttribute("aria-label", PAGE.sheet);
  document.querySelector(".sb-pane")?.setAttribute("aria-label", PAGE.pane);
}

function drawSandbox(): void {
  const host = document.getElementById("sandbox-grid");
  if (!host) return; // used as office.js in front of taskpane.html: globals only
  translatePage();
  const message = document.getElementById("sandbox-message");
  const say = (text: string, kind: "info" | "error" = "info") => {
    if (!message) return;
    message.textContent = text;
    message.dataset.kind = kind;
  };

  const ribbon = document.getElementById("sandbox-ribbon");
  if (ribbon) {
    for (const [action, label] of RIBBON) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-label", PAGE.ribbonButton(label));
      button.addEventListener(
        "click",
        () =>
          void window.nianbaoSandbox!.ribbon(action).catch((e: Error) => say(e.message, "error"))
      );
      ribbon.append(button);
    }
  }
  document.getElementById("sandbox-reset")?.addEventListener("click", () => {
    storage()?.removeItem(STORAGE_KEY);
    location.search = params.get("lang")
      ? `?lang=${encodeURIComponent(params.get("lang")!)}&fresh`
      : "?fresh";
  });
  const language = document.getElementById("sandbox-lang") as HTMLSelectElement | null;
  if (language) {
    language.value = displayLanguage.startsWith("en") ? "en" : "zh";
    language.addEventListener("change", () => {
      save();
      location.search = language.value === "en" ? "?lang=en" : "";
    });
  }

  grid = new SandboxGrid(host, {
    fake,
    customFunctions: office.customFunctions as Map<string, (...args: unknown[]) => unknown>,
    write: (sheet, address, text) => type(`${quoteSheet(sheet)}!${address}`, text),
    refuse: (sheet, address, text) => refusal(`${quoteSheet(sheet)}!${address}`, text),
    activate: async (sheet) => {
      await fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem(sheet).activate();
        await context.sync();
      });
    },
    message: say,
    language: english ? "en" : "zh",
  });
  // The custom functions register after this script: draw again once they are there.
  setTimeout(() => grid?.render(), 0);
}

if (document.readyState === "loading")
  document.addEventListener("DOMContentLoaded", drawSandbox, { once: true });
else drawSandbox();
