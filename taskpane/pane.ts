/**
 * The task pane: 模板 (insert the statutory tables), 校验 (check the workbook, findings by sheet and table, a map of
 * each table, fixes to apply, warnings to explain), 导入 (paste or open a published report). Every workbook
 * operation goes through the Excel adapter (src/excel); the findings, fixes and messages come from the engine.
 *
 * Untrusted text — cell values, sheet and file names, imported text, messages quoting them — only ever reaches the
 * page as textContent (see dom.ts).
 */
import { AGENCY_LEVELS, type AgencyLevel } from "../src/report";
import {
  FORMAT_IDS,
  formatForYear,
  getFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
} from "../src/format";
import type { Finding } from "../src/findings";
import type { Fix, FixChange } from "../src/localize";
import { cellName, formatFinding, ruleBadge, type Locale } from "../src/messages";
import { SLIP_ZH } from "../src/messages/zh";
import { SLIP_EN } from "../src/messages/en";
import type { RawValue } from "../src/values";
import type { CheckMode } from "../src/layout";
import { onActionDone, runAction } from "./actions";
import {
  AdapterError,
  applyFix,
  clearMarks,
  explainWarning,
  exportFindings,
  insertTemplate,
  selectCells,
  validateWorkbook,
  writeReport,
  type ExcelActionsUi,
  type ExcelRun,
  type InsertOptions,
  type SheetResult,
  type WorkbookValidation,
} from "../src/excel";
import { append, h, replaceChildren, uid } from "./dom";
import type { Strings } from "./i18n";
import { ACCEPTED_DESCRIPTION, ACCEPTED_FILES } from "./importFiles";
import type { CheckedImport } from "./importers";
import { tableMap } from "./map";
import { readStoredStates } from "../src/excel/pane-state";
import { publishSection, type PublishCard } from "./publish";
import {
  insertedText,
  sheetFindings,
  totals,
  validationNotes,
  type FindingItem,
  type FixGroup,
} from "./view";

export type StatusKind = "info" | "ok" | "error";

export interface PaneOptions {
  /** Where the pane renders (taskpane.html's <main id="app">). */
  root: HTMLElement;
  run: ExcelRun;
  strings: Strings;
  locale: Locale;
  setStatus(text: string, kind?: StatusKind): void;
}

/** Fluent form elements expose `value` like their native counterparts. */
type ValueElement = HTMLElement & { value: string; disabled?: boolean };

/** A failure the shared action reporter (taskpane.ts) has already told the clerk about. */
class AlreadyReported extends Error {}

/** Something the clerk can put right (an unreadable file, a missing year): told in the status line, not logged. */
class UserError extends Error {}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);
const localAddress = (address: string) => address.replace(/^.*!/, "").replace(/\$/g, "");

export class Pane {
  private validation: WorkbookValidation | null = null;
  private busy = false;
  private readonly t: Strings;
  private readonly results: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly publish: PublishCard;
  /** The section buttons (always there) and the buttons of the findings shown (rebuilt with them). */
  private readonly controls: HTMLElement[] = [];
  private resultControls: HTMLElement[] = [];
  private formatChosen = false;
  /** The template form's options (set up by templateSection). */
  private insertOptions: () => InsertOptions = () => {
    throw new Error("template form missing");
  };
  /** Fills the template form from what a sheet remembers (set up by templateSection). */
  private fillForm: (state: Partial<InsertOptions>) => void = () => undefined;

  constructor(private readonly options: PaneOptions) {
    this.t = options.strings;
    this.publish = publishSection({ ...options, onValidation: (v) => this.showValidation(v) });
    this.summary = h(
      "p",
      { id: "summary", className: "summary", "aria-live": "polite", tabindex: -1 },
      this.t.notValidated
    );
    this.results = h("div", { id: "results", className: "results" });
    append(options.root, [
      this.templateSection(),
      this.validateSection(),
      this.importSection(),
      this.publish,
    ]);
    // The ribbon's 清除标记 (or any other caller) clears the marks: the findings shown are gone with them.
    onActionDone((name) => {
      if (name === "clearMarks") this.showValidation(null);
    });
  }

  /**
   * After a reload: the form takes the agency, level and year the report sheet remembers, and when the sheet still
   * carries marks the findings behind them are listed again (a validation, which marks the same cells).
   */
  async restore(): Promise<void> {
    let states;
    try {
      states = await readStoredStates(this.options.run);
    } catch {
      return; // no workbook to read (not in Excel yet): nothing to restore
    }
    if (!states.length) return;
    this.publish.restore(states);
    const state = states.find((s) => s.agency || s.level) ?? states[states.length - 1];
    this.formatChosen = true;
    this.fillForm({
      format: state.format,
      year: state.year,
      agency: state.agency,
      level: state.level,
    });
    if (states.some((s) => s.marks > 0)) {
      await this.perform(this.t.validate, async () => {
        const validation = await validateWorkbook(this.options.run);
        this.showValidation(validation);
        return { text: this.summaryText(validation), kind: this.summaryKind(validation) };
      });
    }
  }

  /** The last validation shown (for tests and the ribbon's 校验). */
  get current(): WorkbookValidation | null {
    return this.validation;
  }

  // --- running an operation ------------------------------------------------------------------------------------

  private button(
    label: string,
    onClick: () => void,
    attrs: Record<string, string> = {},
    inResults = false
  ): HTMLElement {
    const b = h("fluent-button", { ...attrs, onclick: () => onClick() }, label);
    (inResults ? this.resultControls : this.controls).push(b);
    return b;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.options.root.setAttribute("aria-busy", String(busy));
    for (const c of [...this.controls, ...this.resultControls]) (c as ValueElement).disabled = busy;
  }

  /** Runs one workbook operation: controls disabled meanwhile, failures told in the status line, focus kept. */
  private async perform(
    label: string,
    work: () => Promise<string | { text: string; kind: StatusKind } | void>
  ): Promise<boolean> {
    if (this.busy) return false;
    const focused = document.activeElement as HTMLElement | null;
    this.setBusy(true);
    this.options.setStatus(this.t.working(label));
    try {
      const message = await work();
      if (message && typeof message === "object")
        this.options.setStatus(message.text, message.kind);
      else this.options.setStatus(message || `${label} ✓`, "ok");
      return true;
    } catch (error) {
      if (!(error instanceof AlreadyReported)) {
        if (!(error instanceof UserError || error instanceof AdapterError))
          console.error(`[nianbao] ${label}:`, error);
        this.options.setStatus(
          error instanceof UserError
            ? error.message
            : this.t.failed(label, this.describeError(error)),
          "error"
        );
      }
      return false;
    } finally {
      this.setBusy(false);
      if (focused && focused.isConnected) focused.focus();
    }
  }

  private describeError(error: unknown): string {
    if (error instanceof AdapterError) return this.t.adapterError(error.code, error.message);
    const e = error as { code?: unknown; message?: unknown };
    if (e && typeof e.code === "string" && typeof e.message === "string")
      return this.t.adapterError(e.code, e.message);
    return error instanceof Error ? error.message : String(error);
  }

  // --- 模板 ---------------------------------------------------------------------------------------------------------

  private templateSection(): HTMLElement {
    const t = this.t;
    const headingId = uid("h-template");
    const defaultYear = new Date().getFullYear() - 1;

    const year = h(
      "fluent-number-field",
      { id: "tpl-year", value: defaultYear, min: 2019, max: 2100, "hide-step": true },
      t.year
    ) as ValueElement;
    const formatLabelId = uid("lbl-format");
    const format = h(
      "fluent-select",
      { id: "tpl-format", "aria-labelledby": formatLabelId },
      FORMAT_IDS.map((id) =>
        h(
          "fluent-option",
          { value: id, selected: id === formatForYear(defaultYear) },
          t.formatName(id)
        )
      )
    ) as ValueElement;
    const source = h(
      "p",
      { className: "hint", id: uid("format-source") },
      t.formatSource(format.value || formatForYear(defaultYear))
    );
    const advice = h("p", {
      className: "hint advice",
      id: uid("format-advice"),
      "aria-live": "polite",
    });
    const agency = h(
      "fluent-text-field",
      { id: "tpl-agency", placeholder: t.agencyPlaceholder },
      t.agency
    ) as ValueElement;
    const levelLabelId = uid("lbl-level");
    const level = h(
      "fluent-select",
      { id: "tpl-level", "aria-labelledby": levelLabelId },
      h("fluent-option", { value: "" }, t.levelNone),
      AGENCY_LEVELS.map((l) => h("fluent-option", { value: l }, l))
    ) as ValueElement;
    const checksLabelId = uid("lbl-checks");
    const checks = h(
      "fluent-radio-group",
      {
        id: "tpl-checks",
        orientation: "vertical",
        value: "formulas",
        "aria-labelledby": checksLabelId,
      },
      h("label", { slot: "label", id: checksLabelId }, t.checkMode),
      // Native formulas first and by default: a workbook sent to a colleague without the add-in, or opened in WPS or
      // LibreOffice, shows ✓ or the imbalance, not #NAME? (issue 12 item 6). NIANBAO.* stays one click away.
      h("fluent-radio", { value: "formulas", checked: true }, t.checkFormulas),
      h("fluent-radio", { value: "functions" }, t.checkFunctions)
    ) as ValueElement;

    const yearValue = (): number | undefined => {
      const n = Number(year.value);
      return Number.isInteger(n) && n >= 2019 && n <= 2100 ? n : undefined;
    };
    const adviseFormat = () => {
      const y = yearValue();
      if (y === undefined) {
        advice.textContent = t.yearInvalid;
        return;
      }
      const expected = formatForYear(y);
      if (!this.formatChosen && format.value !== expected) format.value = expected;
      advice.textContent = format.value !== expected ? t.formatAdvice(y, expected) : "";
      source.textContent = t.formatSource(format.value);
    };
    year.addEventListener("input", adviseFormat);
    year.addEventListener("change", adviseFormat);
    format.addEventListener("change", () => {
      this.formatChosen = true;
      adviseFormat();
    });
    this.fillForm = (state) => {
      if (state.year) year.value = String(state.year);
      if (state.format) format.value = state.format;
      if (state.agency !== undefined) agency.value = state.agency;
      if (state.level !== undefined) level.value = state.level;
      adviseFormat();
    };

    // The ribbon's 插入模板 uses this form too (see `ui`).
    this.insertOptions = () => {
      const y = yearValue();
      if (y === undefined) throw new UserError(t.yearInvalid);
      return {
        format: format.value as FormatId,
        year: y,
        agency: agency.value.trim() || undefined,
        level: (level.value || undefined) as AgencyLevel | undefined,
        checks: (checks.value || "formulas") as CheckMode,
      };
    };
    const insert = this.button(
      t.insert,
      () =>
        void this.perform(t.insert, async () => {
          const result = await insertTemplate(this.options.run, this.insertOptions());
          return insertedText(t.inserted(result.sheetName), result);
        }),
      { appearance: "accent", id: "insert-template" }
    );

    return h(
      "section",
      { className: "card", "aria-labelledby": headingId },
      h("h2", { id: headingId }, t.templateSection),
      h("div", { className: "field" }, year),
      h(
        "div",
        { className: "field" },
        h("label", { id: formatLabelId, className: "label" }, t.format),
        format,
        source,
        advice
      ),
      h("div", { className: "field" }, agency),
      h(
        "div",
        { className: "field" },
        h("label", { id: levelLabelId, className: "label" }, t.level),
        level
      ),
      h("div", { className: "field" }, checks),
      h("div", { className: "actions" }, insert)
    );
  }

  // --- 校验 ---------------------------------------------------------------------------------------------------------

  private validateSection(): HTMLElement {
    const t = this.t;
    const headingId = uid("h-validate");
    const validate = this.button(t.validate, () => void this.validate(), {
      appearance: "accent",
      id: "validate",
    });
    const clear = this.button(
      t.clearMarks,
      () =>
        void this.perform(t.clearMarks, async () => {
          const { restored, problems } = await clearMarks(this.options.run);
          this.showValidation(null);
          return [t.cleared(restored), ...problems.map((p) => p.message)].join(" ");
        }),
      { id: "clear-marks" }
    );
    const exportButton = this.button(
      t.exportFindings,
      () =>
        void this.perform(t.exportFindings, async () => {
          const validation = this.validation ?? (await validateWorkbook(this.options.run));
          this.showValidation(validation);
          const sheet = await exportFindings(this.options.run, validation);
          return t.exported(sheet);
        }),
      { id: "export-findings" }
    );
    return h(
      "section",
      { className: "card", "aria-labelledby": headingId },
      h("h2", { id: headingId }, t.validateSection),
      h("div", { className: "actions" }, validate, clear, exportButton),
      this.summary,
      this.results
    );
  }

  /**
   * 校验: runs the ribbon's own action (actions.ts → the adapter); its result comes back through `ui` and is shown
   * here. A failure has been reported by the shared action reporter already.
   */
  async validate(): Promise<boolean> {
    return this.perform(this.t.validate, async () => {
      if (!(await runAction("validate"))) throw new AlreadyReported();
      return { text: this.summaryText(this.validation), kind: this.summaryKind(this.validation) };
    });
  }

  /** What the ribbon's actions (registerExcelActions) tell the pane: its form's options, validations, messages. */
  get ui(): ExcelActionsUi {
    return {
      insertOptions: () => this.insertOptions(),
      showValidation: (validation) => {
        this.showValidation(validation);
        this.options.setStatus(this.summaryText(validation), this.summaryKind(validation));
        showPane();
      },
      notify: (message, validation) => {
        if (validation) this.showValidation(validation);
        this.options.setStatus(message, "ok");
      },
    };
  }

  /** A summary with errors is shown as an error (red), whatever the operation that produced it. */
  private summaryKind(v: WorkbookValidation | null): StatusKind {
    return v && v.sheets.some((s) => !s.result.passes()) ? "error" : "ok";
  }

  private summaryText(v: WorkbookValidation | null): string {
    const t = this.t;
    if (!v) return t.notValidated;
    if (!v.sheets.length) return t.noSheets;
    const n = totals(v.sheets.map((s) => s.result));
    const main =
      n.errors === 0 && n.warnings === 0 && n.unfilledSheets === v.sheets.length
        ? t.notFilled(v.sheets.length)
        : n.errors === 0 && n.warnings === 0 && n.explained === 0
          ? t.allPass(v.sheets.length)
          : t.summary(n.errors, n.warnings, n.explained, v.sheets.length);
    const flagged = t.flagged(v.flagged);
    return flagged ? `${main}${flagged}` : main;
  }

  /**
   * Shows a validation (from the pane's 校验, the ribbon's, an applied fix …); null clears the results. `first`: the
   * sheet to list first (a report just imported).
   */
  showValidation(v: WorkbookValidation | null, first?: string): void {
    mark("nianbao:render-start");
    if (v && first) {
      const sheets = [...v.sheets].sort(
        (a, b) => Number(b.sheetName === first) - Number(a.sheetName === first)
      );
      v = { ...v, sheets };
    }
    this.validation = v;
    const t = this.t;
    this.summary.textContent = this.summaryText(v);
    const n = v ? totals(v.sheets.map((s) => s.result)) : { errors: 0, warnings: 0 };
    this.summary.dataset.errors = String(n.errors);
    this.summary.dataset.warnings = String(n.warnings);
    this.summary.dataset.state = !v ? "none" : n.errors ? "error" : n.warnings ? "warning" : "ok";
    this.resultControls = [];
    if (!v) {
      replaceChildren(this.results);
      return;
    }
    const notes = validationNotes(v);
    const problems = notes.length
      ? h(
          "div",
          { className: "problems", role: "note" },
          h("p", { className: "problems-title" }, t.problems),
          h(
            "ul",
            {},
            notes.map((text) => h("li", {}, text))
          )
        )
      : null;
    replaceChildren(
      this.results,
      problems,
      v.sheets.map((sheet) => this.sheetView(sheet))
    );
    mark("nianbao:render-end");
  }

  private sheetView(sheet: SheetResult): HTMLElement {
    const t = this.t;
    const model = getFormat(sheet.format);
    const view = sheetFindings(sheet.result);
    const headingId = uid("h-sheet");
    const select = (cells: CellRef[]) => void this.select(sheet, cells);

    const maps = h(
      "div",
      { className: "maps" },
      model.tables
        .filter((decl) => decl.layout !== "blocks")
        .map((decl) =>
          tableMap({
            model,
            table: decl.id,
            result: sheet.result,
            cells: view.cells,
            strings: t,
            onSelect: (ref) => select([ref]),
          })
        )
    );

    const sections = view.sections.map((section) => {
      const id = uid("h-table");
      return h(
        "section",
        { className: "table-findings", "aria-labelledby": id },
        h("h4", { id }, section.table ? t.table(section.table) : t.otherFindings),
        h(
          "ul",
          { className: "findings" },
          section.items.map((item) => this.findingView(sheet, model, item))
        )
      );
    });
    const loose = view.looseFixGroups.length
      ? h(
          "div",
          { className: "loose-fixes" },
          view.looseFixGroups.map((g) => this.fixView(sheet, model, g))
        )
      : null;
    const explained = view.explained.length
      ? h(
          "section",
          { className: "table-findings explained" },
          h("h4", {}, t.explainedBadge),
          h(
            "ul",
            { className: "findings" },
            view.explained.map((f) => this.explainedView(sheet, model, f))
          )
        )
      : null;
    const unfilled = view.unfilled.length
      ? h(
          "p",
          { className: "unfilled-note" },
          t.unfilled(
            view.unfilled.map((id) => t.table(id)).join(this.options.locale === "en" ? ", " : "、")
          )
        )
      : null;
    const nothing =
      !view.sections.length && !view.explained.length && !view.unfilled.length
        ? h("p", { className: "ok-note" }, t.noFindings)
        : null;

    return h(
      "article",
      { className: "sheet", "aria-labelledby": headingId, "data-sheet": sheet.sheetName },
      h("h3", { id: headingId }, sheet.sheetName),
      h("p", { className: "hint" }, t.sheetMeta(sheet.format, sheet.year, sheet.agency)),
      maps,
      unfilled,
      nothing,
      sections,
      loose,
      explained
    );
  }

  private findingView(sheet: SheetResult, model: FormatModel, item: FindingItem): HTMLElement {
    const t = this.t;
    const f = item.finding;
    const severity = f.severity === "error" ? t.error : t.warning;
    // The cells named are the ones a click selects: the likely culprits when a fix names them (issue 9 item 2).
    const suspects = sheet.suspects(f);
    const addresses = suspects.slice(0, 6).map((c) => localAddress(sheet.address(c)));
    const en = this.options.locale === "en";
    const more =
      suspects.length > 6 ? (en ? ` … (${suspects.length})` : ` …（${suspects.length}）`) : "";
    const body = [
      h("span", { className: `badge badge-${f.severity}` }, severity),
      h(
        "span",
        { className: "rule", title: t.ruleCode(f.rule), "data-code": f.rule },
        ruleBadge(f.rule, this.options.locale)
      ),
      h("span", { className: "message" }, formatFinding(model, f, this.options.locale)),
      h(
        "span",
        { className: "finding-meta" },
        f.imbalance !== null && f.imbalance !== 0
          ? h("span", { className: "imbalance" }, t.imbalance(f.imbalance))
          : null,
        addresses.length
          ? h("span", { className: "addresses" }, t.cells(addresses.join(en ? ", " : "、") + more))
          : null
      ),
    ];
    // A finding that names cells is a button: click or Enter selects its cells in the sheet.
    const main = f.cells.length
      ? h(
          "button",
          {
            type: "button",
            className: "finding-main",
            title: t.selectHint,
            onclick: () => void this.select(sheet, sheet.suspects(f)),
          },
          body
        )
      : h("div", { className: "finding-main" }, body);
    const fixes = item.fixGroups.map((group) => this.fixView(sheet, model, group));
    const sameFix = item.fixedAbove ? h("p", { className: "hint same-fix" }, t.sameFixAbove) : null;
    const explain = f.severity === "warning" ? this.explainView(sheet, f) : null;
    return h(
      "li",
      { className: `finding finding-${f.severity}`, "data-rule": f.rule, "data-key": f.key },
      main,
      fixes,
      sameFix,
      explain
    );
  }

  private describeRaw(raw: RawValue): string {
    if (raw === null || (typeof raw === "string" && raw.trim() === "")) return this.t.blank;
    return typeof raw === "number" ? fmt(raw) : `“${raw}”`;
  }

  private changeView(sheet: SheetResult, model: FormatModel, change: FixChange): HTMLElement {
    const slips = this.options.locale === "en" ? SLIP_EN : SLIP_ZH;
    const name = `${cellName(model, change.cell, this.options.locale)}（${localAddress(sheet.address(change.cell))}）`;
    return h(
      "li",
      {
        className: "change",
        "data-cell": `${change.cell.table}:${change.cell.row}:${change.cell.column}`,
      },
      h("span", {}, this.t.change(name, this.describeRaw(change.from), fmt(change.to))),
      change.slip
        ? h(
            "span",
            { className: "slip" },
            ` ${this.options.locale === "en" ? `(${slips[change.slip]})` : `（${slips[change.slip]}）`}`
          )
        : null
    );
  }

  private fixView(sheet: SheetResult, model: FormatModel, group: FixGroup): HTMLElement {
    const t = this.t;
    const [best, ...alternatives] = group.fixes;
    const one = (fix: Fix) => {
      // A partial fix with nothing certain: the sentence alone, nothing to apply.
      if (!fix.changes.length) return null;
      const describedBy = uid("fix");
      return h(
        "div",
        { className: "fix-option", "data-rank": fix.rank },
        h(
          "ul",
          { className: "changes", id: describedBy },
          fix.changes.map((c) => this.changeView(sheet, model, c))
        ),
        this.button(
          t.apply,
          () => void this.apply(sheet, fix),
          { "aria-describedby": describedBy, appearance: fix === best ? "accent" : "outline" },
          true
        )
      );
    };
    return h(
      "div",
      {
        className: "fix",
        role: "group",
        "aria-label": t.fixHeading,
        "data-certainty": best.certainty,
      },
      h(
        "p",
        { className: "fix-how" },
        `${t.fixHeading} · ${t.certainty(best.certainty, group.fixes.length)}`
      ),
      one(best),
      alternatives.length
        ? h(
            "div",
            { className: "alternatives" },
            h("p", { className: "hint" }, t.alternatives),
            alternatives.map(one)
          )
        : null
    );
  }

  /** 说明 for a warning; for an explained one (`current`), 修改说明 and 撤回说明. */
  private explainView(sheet: SheetResult, f: Finding, current?: string): HTMLElement {
    const t = this.t;
    const panelId = uid("explain");
    const box = h(
      "fluent-text-area",
      { resize: "vertical", rows: 2, className: "explain-text", value: current ?? "" },
      t.explainLabel
    ) as ValueElement;
    if (current) box.value = current;
    const save = this.button(
      t.saveExplanation,
      () => {
        const text = box.value.trim();
        if (!text) {
          this.options.setStatus(t.explanationEmpty, "error");
          box.focus();
          return;
        }
        void this.perform(t.saveExplanation, async () => {
          await explainWarning(this.options.run, sheet.uid, f.key, text);
          this.showValidation(await validateWorkbook(this.options.run));
          this.summary.focus();
          return t.explanationSaved;
        });
      },
      {},
      true
    );
    const withdraw =
      current !== undefined
        ? this.button(
            t.withdrawExplanation,
            () =>
              void this.perform(t.withdrawExplanation, async () => {
                await explainWarning(this.options.run, sheet.uid, f.key, "");
                this.showValidation(await validateWorkbook(this.options.run));
                this.summary.focus();
                return t.explanationWithdrawn;
              }),
            { appearance: "outline", className: "withdraw-explanation" },
            true
          )
        : null;
    const panel = h(
      "div",
      { id: panelId, className: "explain-panel", hidden: true },
      box,
      h("div", { className: "actions" }, save, withdraw)
    );
    const toggle = h(
      "fluent-button",
      {
        appearance: "stealth",
        className: "explain-toggle",
        "aria-expanded": "false",
        "aria-controls": panelId,
      },
      current !== undefined ? t.editExplanation : t.explain
    );
    toggle.addEventListener("click", () => {
      const open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) box.focus();
    });
    this.resultControls.push(toggle);
    return h("div", { className: "explain" }, toggle, panel);
  }

  private explainedView(sheet: SheetResult, model: FormatModel, f: Finding): HTMLElement {
    const t = this.t;
    const body = [
      h("span", { className: "badge badge-explained" }, t.explainedBadge),
      h(
        "span",
        { className: "rule", title: t.ruleCode(f.rule), "data-code": f.rule },
        ruleBadge(f.rule, this.options.locale)
      ),
      h("span", { className: "message" }, formatFinding(model, f, this.options.locale)),
      h("span", { className: "explanation" }, t.explainedAs(f.explanation ?? "")),
    ];
    const main = f.cells.length
      ? h(
          "button",
          {
            type: "button",
            className: "finding-main",
            title: t.selectHint,
            onclick: () => void this.select(sheet, sheet.suspects(f)),
          },
          body
        )
      : h("div", { className: "finding-main" }, body);
    return h(
      "li",
      { className: "finding finding-explained", "data-rule": f.rule, "data-key": f.key },
      main,
      this.explainView(sheet, f, f.explanation ?? "")
    );
  }

  private async select(sheet: SheetResult, cells: CellRef[]): Promise<void> {
    try {
      await selectCells(this.options.run, sheet.uid, cells);
    } catch (error) {
      this.options.setStatus(this.t.failed(this.t.selectHint, this.describeError(error)), "error");
    }
  }

  private async apply(sheet: SheetResult, fix: Fix): Promise<void> {
    const ok = await this.perform(this.t.apply, async () => {
      const validation = await applyFix(this.options.run, sheet.uid, fix);
      this.showValidation(validation);
      return {
        text: `${this.t.applied}${this.summaryText(validation)}`,
        kind: this.summaryKind(validation),
      };
    });
    // The button that was pressed is gone with the old findings: continue from the summary.
    if (ok) this.summary.focus();
  }

  // --- 导入 ---------------------------------------------------------------------------------------------------------

  private importSection(): HTMLElement {
    const t = this.t;
    const headingId = uid("h-import");
    const paste = h(
      "fluent-text-area",
      { id: "import-text", rows: 4, resize: "vertical" },
      t.importPasteLabel
    ) as ValueElement;
    const file = h("input", {
      type: "file",
      id: "import-file",
      accept: ACCEPTED_FILES,
      className: "visually-hidden",
      tabindex: -1,
      "aria-hidden": "true",
    }) as HTMLInputElement;
    const importers = () => import(/* webpackChunkName: "importers" */ "./importers");
    const importReport = (name: string, read: () => Promise<CheckedImport>) =>
      this.perform(t.importSection, async () => {
        const result = await read();
        if (!result.ok) throw new UserError(t.importFailed(name, result.error));
        const written = await writeReport(this.options.run, result.report, {
          checks: this.checkMode(),
        });
        // The new sheet's findings are what `nianbao check` says of the file (text checks and import notes too),
        // not only what the sheet's cells show.
        const validation = {
          ...written.validation,
          sheets: written.validation.sheets.map((s) =>
            s.uid === written.uid ? { ...s, result: result.result } : s
          ),
        };
        this.showValidation(validation, written.sheetName);
        return {
          text: `${t.imported(name, written.sheetName)}${this.summaryText(validation)}`,
          kind: this.summaryKind(validation),
        };
      });
    const pasteButton = this.button(t.importPaste, () => {
      const text = paste.value;
      if (!text.trim()) {
        this.options.setStatus(t.importEmpty, "error");
        paste.focus();
        return;
      }
      void importReport(t.importPasted, async () =>
        (await importers()).importText(text, t.importUnknown)
      );
    });
    const open = this.button(t.importOpen, () => file.click());
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      file.value = "";
      if (!chosen) return;
      void importReport(chosen.name, async () =>
        (await importers()).importBytes(
          chosen.name,
          new Uint8Array(await chosen.arrayBuffer()),
          t.importUnknown
        )
      );
    });
    return h(
      "section",
      { className: "card", "aria-labelledby": headingId },
      h("h2", { id: headingId }, t.importSection),
      h("div", { className: "field" }, paste),
      h("div", { className: "actions" }, pasteButton, open, file),
      h("p", { className: "hint" }, t.importFileHint(ACCEPTED_DESCRIPTION))
    );
  }

  private checkMode(): CheckMode {
    const group = this.options.root.querySelector<ValueElement>("#tpl-checks");
    return ((group?.value as CheckMode) || "formulas") as CheckMode;
  }
}

/** A performance mark (bench/taskpane.ts reads them), replacing the previous one of that name. */
function mark(name: string): void {
  if (typeof performance === "undefined" || !performance.mark) return;
  performance.clearMarks(name);
  performance.mark(name);
}

/** Brings the pane up when a ribbon command has something to show (SharedRuntime 1.1; absent outside Office). */
function showPane(): void {
  try {
    void Office.addin.showAsTaskpane().catch(() => undefined);
  } catch {
    // not in Office
  }
}
