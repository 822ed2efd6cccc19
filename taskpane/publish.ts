/**
 * The pane's 导出年报 (Word / 网页): the report sheet is checked (校验, through the Excel adapter), and when it breaks
 * no hard rule it is written as the document that gets published (src/publish) and handed to the browser as a file
 * download (a Blob behind an <a download>). A report with errors is refused with the errors listed; the 提示 that remain
 * are listed under a written document. No rule is decided here: the engine decides, this module shows.
 *
 * Downloads: Excel on the web and Excel on Windows save the file; Excel on Mac ignores downloads started in a task pane
 * (WebKit, office-js issues #3 and #3385) — there the clerk uses the command line `nianbao publish`.
 */
import {
  validateWorkbook,
  type ExcelRun,
  type SheetResult,
  type WorkbookValidation,
} from "../src/excel";
import { saveNarrative } from "../src/excel/narrative";
import { readStoredStates, type StoredSheetState } from "../src/excel/pane-state";
import type { Locale } from "../src/messages";
import { h, replaceChildren, uid } from "./dom";

type StatusKind = "info" | "ok" | "error";
type ValueElement = HTMLElement & { value: string; checked?: boolean; disabled?: boolean };

const STRINGS = {
  zh: {
    section: "导出年报",
    hint: "先校验本工作簿的年报表格；勾稽关系全部成立时，导出发布用的 Word 文档或网页（含表二、三、四和按表格数字写好的“一、总体情况”）。",
    sheet: "年报工作表",
    text: "年报正文（可选）：粘贴已写好的正文（含“一、总体情况”……“六、其他需要报告的事项”），各部分文字写入导出的文档",
    blankZero: "表中空白或“/”的格都是 0（我已核实）",
    word: "导出 Word",
    web: "导出网页",
    fragment: "复制用网页片段",
    working: "正在校验并导出……",
    noSheets: "本工作簿中没有年报表格，请先点击“插入模板”。",
    refused: (sheet: string, n: number) =>
      `工作表“${sheet}”未导出：有 ${n} 个问题，改正后才能发布。`,
    written: (name: string, n: number) =>
      n
        ? `已导出 ${name}；仍有 ${n} 条提示，发布前请看一下。`
        : `已导出 ${name}，勾稽关系全部成立。`,
    error: "错误",
    warning: "提示",
    suggestion: "建议",
    failed: (m: string) => `导出失败：${m}`,
    notSaved: (m: string) => `年报正文未保存：${m}`,
  },
  en: {
    section: "Export the report",
    hint: "Checks the workbook's report tables; when every rule holds, writes the Word document or web page to publish (tables 二, 三, 四 and section 一 written from the tables).",
    sheet: "Report sheet",
    text: "Report text (optional): paste the written text (sections 一 … 六); each section's text goes into the document",
    blankZero: "Blank or “/” cells are 0 (I have checked)",
    word: "Export Word",
    web: "Export web page",
    fragment: "Web fragment to paste",
    working: "Checking and exporting…",
    noSheets: "This workbook has no report tables: insert the template first.",
    refused: (sheet: string, n: number) =>
      `Sheet “${sheet}” not exported: ${n} problem(s) to correct first.`,
    written: (name: string, n: number) =>
      n
        ? `Exported ${name}; ${n} warning(s) remain, please review.`
        : `Exported ${name}; every rule holds.`,
    error: "Error",
    warning: "Warning",
    suggestion: "Fix",
    failed: (m: string) => `Export failed: ${m}`,
    notSaved: (m: string) => `Report text not saved: ${m}`,
  },
};

export interface PublishSectionOptions {
  run: ExcelRun;
  locale: Locale;
  setStatus(text: string, kind?: StatusKind): void;
  /** The validation the export ran, for the pane to show its findings. */
  onValidation?(validation: WorkbookValidation): void;
  /** How a file reaches the clerk (default: a browser download). */
  download?(name: string, blob: Blob): void;
}

/** A browser download of a Blob: an object URL behind a clicked <a download>, revoked once the click is handled. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, className: "visually-hidden" });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Kind = "docx" | "html" | "fragment";

/** The 导出年报 card; `restore` shows the text a report sheet keeps in the workbook (after a reload). */
export type PublishCard = HTMLElement & { restore(states: StoredSheetState[]): void };

/**
 * The 导出年报 card. The text box holds the chosen report sheet's own text (年报正文): kept in the workbook with that
 * sheet when the clerk leaves the box after editing it (one round trip), shown again after a reload or when another
 * sheet is chosen, and used by the export (an imported report's text too, kept with its sheet when it was written).
 */
export function publishSection(options: PublishSectionOptions): PublishCard {
  const t = STRINGS[options.locale] ?? STRINGS.zh;
  const headingId = uid("h-publish");
  const sheetLabelId = uid("lbl-publish-sheet");
  const sheet = h("fluent-select", {
    id: "publish-sheet",
    "aria-labelledby": sheetLabelId,
  }) as ValueElement;
  const sheetField = h(
    "div",
    // Shown only when the workbook holds more than one report (a .field's display would override `hidden`).
    { className: "field", style: "display:none" },
    h("label", { id: sheetLabelId, className: "label" }, t.sheet),
    sheet
  );
  const text = h(
    "fluent-text-area",
    { id: "publish-text", rows: 3, resize: "vertical" },
    t.text
  ) as ValueElement;
  // A native checkbox: the pane registers no Fluent checkbox (taskpane/fluent.ts).
  const blankZero = h("input", { type: "checkbox", id: "publish-blank-zero" }) as HTMLInputElement;
  const result = h("div", { id: "publish-result", className: "results", "aria-live": "polite" });
  const buttons: ValueElement[] = [];
  let busy = false;
  /** The report sheet whose text the box shows (undefined until one is known), and its text as kept. */
  let shown: { uid: string; saved: string } | undefined;
  let sheets: SheetResult[] = [];

  const show = (uid: string, kept: string | undefined) => {
    shown = { uid, saved: kept ?? "" };
    text.value = kept ?? "";
  };
  /** Keeps the box's text with the sheet it belongs to, when it changed; false when it could not be kept. */
  const save = async (): Promise<boolean> => {
    if (!shown) {
      // No sheet known yet (no export since the pane opened on an empty workbook): with one report sheet the text is
      // its; with several it waits for the export, which names the sheet.
      try {
        const states = await readStoredStates(options.run);
        if (states.length === 1 && !shown) shown = { uid: states[0].uid, saved: "" };
      } catch {
        return false; // no workbook to read: the text stays in the box
      }
    }
    if (!shown || text.value === shown.saved) return true;
    const target = shown;
    const value = text.value;
    try {
      await saveNarrative(options.run, target.uid, value);
      target.saved = value;
      return true;
    } catch (error) {
      options.setStatus(
        t.notSaved(error instanceof Error ? error.message : String(error)),
        "error"
      );
      return false;
    }
  };
  text.addEventListener("change", () => void save());
  sheet.addEventListener("change", () => {
    const chosen = sheets.find((s) => s.sheetName === sheet.value);
    if (chosen && chosen.uid !== shown?.uid) void save().then(() => show(chosen.uid, chosen.text));
  });

  const chooseSheet = (sheets: SheetResult[]): SheetResult => {
    // More than one report sheet: the clerk picks one (the first until then).
    if (sheets.length > 1) {
      const names = sheets.map((s) => s.sheetName);
      const chosen = names.includes(sheet.value) ? sheet.value : names[0];
      replaceChildren(
        sheet,
        names.map((n) => h("fluent-option", { value: n, selected: n === chosen }, n))
      );
      sheet.value = chosen;
      sheetField.style.display = "";
      return sheets[names.indexOf(chosen)];
    }
    sheetField.style.display = "none";
    return sheets[0];
  };

  const list = (tag: string, items: string[]) =>
    items.length
      ? h(
          "ul",
          {},
          items.map((m) => h("li", {}, `${tag}：${m}`))
        )
      : null;

  const exportAs = async (kind: Kind) => {
    if (busy) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    options.setStatus(t.working, "info");
    try {
      const validation = await validateWorkbook(options.run);
      options.onValidation?.(validation);
      if (!validation.sheets.length) {
        options.setStatus(t.noSheets, "error");
        return;
      }
      sheets = validation.sheets;
      const chosen = chooseSheet(validation.sheets);
      // Text typed before any sheet was known belongs to the sheet exported; another sheet shows its own text.
      if (!shown) {
        shown = { uid: chosen.uid, saved: chosen.text ?? "" };
        if (!text.value) text.value = shown.saved;
      } else if (shown.uid !== chosen.uid) {
        await save();
        show(chosen.uid, chosen.text);
      }
      await save();
      const publish = await import(/* webpackChunkName: "publish" */ "../src/publish");
      const prepared = publish.preparePublication(chosen.result.report, {
        blankAsZero: blankZero.checked,
        ...(text.value.trim() ? { text: text.value } : chosen.text ? { text: chosen.text } : {}),
      });
      if (!prepared.ok) {
        replaceChildren(
          result,
          list(
            t.error,
            prepared.errors.map((e) => e.message)
          ),
          list(t.suggestion, prepared.suggestions)
        );
        result.dataset.state = "refused";
        options.setStatus(t.refused(chosen.sheetName, prepared.errors.length), "error");
        return;
      }
      const p = prepared.publication;
      const bytes = await publish.renderPublication(p, kind);
      const name = `${p.title}${kind === "docx" ? ".docx" : kind === "fragment" ? "（网页片段）.html" : ".html"}`;
      const blob = new Blob([bytes as BlobPart], { type: publish.MIME[kind] });
      (options.download ?? downloadBlob)(name, blob);
      replaceChildren(
        result,
        list(
          t.warning,
          prepared.warnings.map((w) => w.message)
        )
      );
      result.dataset.state = "written";
      options.setStatus(t.written(name, prepared.warnings.length), "ok");
    } catch (error) {
      console.error("[nianbao] 导出年报:", error);
      options.setStatus(t.failed(error instanceof Error ? error.message : String(error)), "error");
    } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
    }
  };

  const button = (id: string, label: string, kind: Kind, accent = false) => {
    const b = h(
      "fluent-button",
      { id, ...(accent ? { appearance: "accent" } : {}), onclick: () => void exportAs(kind) },
      label
    ) as ValueElement;
    buttons.push(b);
    return b;
  };

  const card = h(
    "section",
    { className: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, t.section),
    h("p", { className: "hint" }, t.hint),
    sheetField,
    h("div", { className: "field" }, text),
    h("div", { className: "field" }, h("label", {}, blankZero, ` ${t.blankZero}`)),
    h(
      "div",
      { className: "actions" },
      button("publish-docx", t.word, "docx", true),
      button("publish-html", t.web, "html"),
      button("publish-fragment", t.fragment, "fragment")
    ),
    result
  ) as PublishCard;
  card.restore = (states) => {
    // The report with a text kept (the first sheet's when several): the export's sheet choice shows the others'.
    const state = states.find((s) => s.text) ?? states[0];
    if (state && !text.value) show(state.uid, state.text);
  };
  return card;
}
