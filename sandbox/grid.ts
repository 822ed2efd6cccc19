/**
 * The sandbox's view of the in-memory workbook: sheet tabs, a name box and formula bar, and a grid showing each cell's
 * displayed text, fill, font and merges, with comments and notes marked (and listed under the grid). Typing into a
 * cell goes through the Excel API (Range.values / Range.formulas), as typing in Excel would, so numbers, "/", "-1" and
 * "#REF!" arrive the way Excel stores them and a protected sheet refuses them.
 *
 * Everything is drawn with textContent: cell values are untrusted text.
 */
import type { FakeExcel } from "../test/fake-excel";
import { indexToCol, parseAddress, quoteSheet } from "../test/fake-excel";

type CustomFunction = (...args: unknown[]) => unknown;

export interface GridOptions {
  fake: FakeExcel;
  /** The custom functions registered by the add-in (to show what =NIANBAO.… cells compute). */
  customFunctions: Map<string, CustomFunction>;
  /** Writes through Excel.run; resolves when the workbook has changed. */
  write(sheet: string, address: string, text: string): Promise<void>;
  /**
   * The cell's data validation applied to what the clerk typed, as Excel does for typed input (never for the API's
   * writes): the Stop alert's text when Excel would refuse the entry, undefined when it would take it.
   */
  refuse?(sheet: string, address: string, text: string): Promise<string | undefined>;
  activate(sheet: string): Promise<void>;
  message(text: string, kind?: "info" | "error"): void;
  /** The page's display language (default Chinese). */
  language?: "zh" | "en";
}

/** The grid's own words, in the page's display language. */
const WORDS = {
  zh: {
    sheets: "工作表",
    formulaBar: "编辑栏（输入后按 Enter）",
    nameBox: "名称框",
    cells: "工作表单元格",
    comments: "批注和备注",
    none: "（无）",
    blank: "空白",
    comment: (note: string) => `批注：${note}`,
    sep: "，",
    unregistered: "（加载项未注册此函数）",
    computed: "（沙盒计算）",
    cannotWrite: (address: string, why: string) => `无法写入 ${address}：${why}`,
  },
  en: {
    sheets: "Sheets",
    formulaBar: "Formula bar (press Enter when done)",
    nameBox: "Name box",
    cells: "Sheet cells",
    comments: "Comments and notes",
    none: "(none)",
    blank: "blank",
    comment: (note: string) => `comment: ${note}`,
    sep: ", ",
    unregistered: " (the add-in has not registered this function)",
    computed: " (computed by the sandbox)",
    cannotWrite: (address: string, why: string) => `Cannot write ${address}: ${why}`,
  },
};

const MIN_ROWS = 30;
const MIN_COLS = 12;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

const within = (r: Rect, row: number, col: number) =>
  row >= r.row && row < r.row + r.rows && col >= r.col && col < r.col + r.cols;

export class SandboxGrid {
  private readonly tabs = el("div", "sb-tabs");
  private readonly nameBox = el("output", "sb-namebox");
  private readonly formulaBar = el("input", "sb-formula");
  private readonly table = el("table", "sb-grid");
  private readonly comments = el("ul", "sb-comments");
  /**
   * The in-cell editor: a text input over the active cell that holds the keyboard focus while a cell is selected, so
   * the first key typed — or an IME's composition — lands in it, as typing onto a selected cell does in Excel.
   */
  private readonly editor = el("input", "sb-editor");
  private readonly wrap = el("div", "sb-grid-wrap");
  private active = { row: 0, col: 0 };
  private editing = false;
  /** The column where a run of Tab presses started: Enter goes back to it on the next row, as in Excel. */
  private tabStart: number | null = null;
  private readonly words: (typeof WORDS)["zh"];

  constructor(
    private readonly root: HTMLElement,
    private readonly options: GridOptions
  ) {
    this.words = WORDS[options.language ?? "zh"];
    this.tabs.setAttribute("role", "tablist");
    this.tabs.setAttribute("aria-label", this.words.sheets);
    this.formulaBar.type = "text";
    this.formulaBar.setAttribute("aria-label", this.words.formulaBar);
    this.formulaBar.id = "sb-formula";
    this.nameBox.setAttribute("aria-label", this.words.nameBox);
    this.table.setAttribute("role", "grid");
    this.table.setAttribute("aria-label", this.words.cells);
    const bar = el("div", "sb-bar");
    bar.append(this.nameBox, this.formulaBar);
    const wrap = this.wrap;
    this.editor.type = "text";
    this.editor.id = "sb-editor";
    this.editor.autocomplete = "off";
    this.editor.spellcheck = false;
    wrap.append(this.table, this.editor);
    const commentsTitle = el("h2", "sb-comments-title", this.words.comments);
    root.append(this.tabs, bar, wrap, commentsTitle, this.comments);
    this.wire();
    this.render();
  }

  private get sheet(): string {
    return this.options.fake.activeSheet();
  }

  /** Redraws the active sheet (after every change to the workbook). */
  render(): void {
    const { fake } = this.options;
    const sheet = this.sheet;
    const hadFocus =
      this.table.contains(document.activeElement) || document.activeElement === this.editor;

    // Sheet tabs.
    this.tabs.replaceChildren(
      ...fake.sheetNames().map((name) => {
        const tab = el("button", "sb-tab", name);
        tab.type = "button";
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-selected", String(name === sheet));
        tab.addEventListener("click", () => void this.options.activate(name));
        return tab;
      })
    );

    const snap = fake.snapshot(sheet);
    const merges = snap.merges.map((m) => parseAddress(m)!.rect);
    let rows = MIN_ROWS;
    let cols = MIN_COLS;
    for (const address of Object.keys(snap.cells)) {
      const r = parseAddress(address)!.rect;
      rows = Math.max(rows, r.row + 2);
      cols = Math.max(cols, r.col + 2);
    }
    for (const m of merges) {
      rows = Math.max(rows, m.row + m.rows + 1);
      cols = Math.max(cols, m.col + m.cols + 1);
    }
    const selection = fake.selection();
    const selected = selection.sheet === sheet ? parseAddress(selection.address)!.rect : null;
    if (selected) this.active = { row: selected.row, col: selected.col };

    // Column widths and row heights are in points, as Excel gives them (4 px to 3 pt).
    const px = (points: number) => Math.round((points * 4) / 3);
    const colgroup = el("colgroup");
    const corner = el("col");
    corner.style.width = "36px";
    colgroup.append(corner);
    let tableWidth = 36;
    const head = el("tr");
    head.append(el("th", "sb-corner"));
    for (let c = 0; c < cols; c++) {
      const width = Math.max(
        16,
        px(snap.columnWidths[indexToCol(c)] ?? fake.columnWidth(sheet, indexToCol(c)))
      );
      const col = el("col");
      col.style.width = `${width}px`;
      colgroup.append(col);
      tableWidth += width;
      head.append(el("th", "sb-colhead", indexToCol(c)));
    }
    this.table.style.width = `${tableWidth}px`;
    const body: HTMLElement[] = [colgroup, head];
    const covered = (row: number, col: number) =>
      merges.some((m) => within(m, row, col) && !(m.row === row && m.col === col));
    const comments: [string, string][] = [];
    for (let r = 0; r < rows; r++) {
      const tr = el("tr");
      const height = snap.rowHeights[String(r + 1)];
      if (height) tr.style.height = `${px(height)}px`;
      tr.append(el("th", "sb-rowhead", String(r + 1)));
      for (let c = 0; c < cols; c++) {
        if (covered(r, c)) continue;
        const address = `${indexToCol(c)}${r + 1}`;
        const td = el("td", "sb-cell");
        td.dataset.address = address;
        td.setAttribute("role", "gridcell");
        td.tabIndex = r === this.active.row && c === this.active.col ? 0 : -1;
        const merge = merges.find((m) => m.row === r && m.col === c);
        if (merge) {
          td.rowSpan = merge.rows;
          td.colSpan = merge.cols;
        }
        const stored = snap.cells[address];
        if (stored) this.fillCell(td, sheet, address, stored, comments);
        if (selected && within(selected, r, c)) td.classList.add("sb-selected");
        tr.append(td);
      }
      body.push(tr);
    }
    this.table.replaceChildren(...body);

    this.comments.replaceChildren(
      ...(comments.length
        ? comments.map(([address, text]) => {
            const li = el("li");
            li.append(el("strong", undefined, address), document.createTextNode(`：${text}`));
            return li;
          })
        : [el("li", "sb-empty", this.words.none)])
    );

    this.showActive();
    if (hadFocus) this.focusActive();
  }

  private fillCell(
    td: HTMLTableCellElement,
    sheet: string,
    address: string,
    stored: { formula?: string; style?: Record<string, unknown>; comment?: string; note?: string },
    comments: [string, string][]
  ): void {
    const info = this.options.fake.cell(`${quoteSheet(sheet)}!${address}`);
    let text = info.text;
    const custom = stored.formula ? this.customFunctionValue(sheet, stored.formula) : undefined;
    if (custom !== undefined) {
      text = custom.text;
      td.title = custom.title;
      td.classList.add("sb-custom");
    }
    td.textContent = text;
    if (info.fill) td.style.background = info.fill;
    if (info.font.bold) td.style.fontWeight = "600";
    if (info.font.italic) td.style.fontStyle = "italic";
    if (info.font.color && info.font.color !== "#000000") td.style.color = info.font.color;
    if (info.wrapText) td.classList.add("sb-wrap");
    const align = info.horizontalAlignment;
    if (align === "Center") td.style.textAlign = "center";
    else if (align === "Right" || (align === "General" && info.valueType === "Double"))
      td.style.textAlign = "right";
    if (info.valueType === "Error") td.classList.add("sb-error");
    const note = info.comment?.content ?? info.note?.content;
    if (note) {
      td.classList.add("sb-has-comment");
      td.title = td.title ? `${td.title}\n${note}` : note;
      comments.push([address, note]);
    }
    const w = this.words;
    const label = [address, text || w.blank, note ? w.comment(note) : ""]
      .filter(Boolean)
      .join(w.sep);
    td.setAttribute("aria-label", label);
  }

  /**
   * The fake cannot run the add-in's custom functions; the grid evaluates =NIANBAO.F(refs…) with the registered
   * function itself, for display only.
   */
  private customFunctionValue(
    sheet: string,
    formula: string
  ): { text: string; title: string } | undefined {
    const m = /^=NIANBAO\.([A-Z]+)\((.*)\)$/i.exec(formula);
    if (!m) return undefined;
    const fn = this.options.customFunctions.get(m[1].toUpperCase());
    if (!fn) return { text: "#NAME?", title: `${formula}${this.words.unregistered}` };
    try {
      const args = m[2].split(",").map((arg) => {
        const values = this.options.fake.values(`${quoteSheet(sheet)}!${arg.trim()}`);
        return values.length === 1 && values[0].length === 1 && !arg.includes(":")
          ? values[0][0]
          : values;
      });
      const result = fn(...args);
      const text =
        typeof result === "number"
          ? result === 0
            ? "✓"
            : result > 0
              ? `+${result}`
              : String(result)
          : String(result);
      return { text, title: `${formula} = ${String(result)}${this.words.computed}` };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { text: e.code ?? "#VALUE!", title: `${formula}：${e.message ?? String(error)}` };
    }
  }

  private cellAt(row: number, col: number): HTMLTableCellElement | null {
    return this.table.querySelector<HTMLTableCellElement>(
      `td[data-address="${indexToCol(col)}${row + 1}"]`
    );
  }

  private showActive(): void {
    const address = `${indexToCol(this.active.col)}${this.active.row + 1}`;
    this.nameBox.textContent = address;
    if (!this.editing) {
      const formula = this.options.fake.formulas(`${quoteSheet(this.sheet)}!${address}`)[0][0];
      this.formulaBar.value = String(formula ?? "");
    }
  }

  private focusActive(): void {
    const cell = this.cellAt(this.active.row, this.active.col);
    if (!cell) return;
    for (const td of this.table.querySelectorAll<HTMLTableCellElement>("td[tabindex='0']"))
      if (td !== cell) td.tabIndex = -1;
    cell.tabIndex = 0;
    this.placeEditor(cell);
    this.editor.focus({ preventScroll: true });
  }

  /** Puts the in-cell editor over a cell, named like it for screen readers. */
  private placeEditor(cell: HTMLTableCellElement): void {
    const e = this.editor;
    e.style.left = `${cell.offsetLeft}px`;
    e.style.top = `${cell.offsetTop}px`;
    e.style.width = `${cell.offsetWidth}px`;
    e.style.height = `${cell.offsetHeight}px`;
    e.setAttribute("aria-label", cell.getAttribute("aria-label") ?? cell.dataset.address ?? "");
    if (!this.editing) {
      e.value = "";
      e.classList.remove("sb-editing");
    }
  }

  /** Starts editing the active cell: with what was typed (replacing the content), or its formula (F2). */
  private startEditing(from: "typed" | "formula"): void {
    this.editing = true;
    this.editor.classList.add("sb-editing");
    if (from === "formula") {
      const address = `${indexToCol(this.active.col)}${this.active.row + 1}`;
      const formula = this.options.fake.formulas(`${quoteSheet(this.sheet)}!${address}`)[0][0];
      this.editor.value = String(formula ?? "");
      this.editor.setSelectionRange(this.editor.value.length, this.editor.value.length);
    }
    this.formulaBar.value = this.editor.value;
  }

  private stopEditing(): void {
    this.editing = false;
    this.editor.value = "";
    this.editor.classList.remove("sb-editing");
  }

  /** Where Enter goes: down one row (up with Shift), back to the column a Tab run started in. */
  private enterTarget(up: boolean): { row: number; col: number } {
    const col = this.tabStart ?? this.active.col;
    this.tabStart = null;
    return { row: this.active.row + (up ? -1 : 1), col };
  }

  private tabTarget(back: boolean): { row: number; col: number } {
    if (this.tabStart === null) this.tabStart = this.active.col;
    return { row: this.active.row, col: this.active.col + (back ? -1 : 1) };
  }

  private moveTo(row: number, col: number, focus = true): void {
    this.active = { row: Math.max(0, row), col: Math.max(0, col) };
    // Clicking a cell selects it, as in Excel (the add-in reads and sets the same selection).
    this.options.fake.select(
      `${quoteSheet(this.sheet)}!${indexToCol(this.active.col)}${this.active.row + 1}`
    );
    this.render();
    if (focus) this.focusActive();
  }

  private async commit(next: { row: number; col: number } | null): Promise<void> {
    const address = `${indexToCol(this.active.col)}${this.active.row + 1}`;
    const text = this.formulaBar.value;
    const refusal = await this.options.refuse?.(this.sheet, address, text);
    if (refusal) {
      // Excel's Stop alert: the entry is refused and the clerk stays in the cell to retype (Esc cancels).
      this.options.message(refusal, "error");
      this.editing = true;
      this.editor.classList.add("sb-editing");
      this.editor.value = text;
      this.focusActive();
      this.editor.select();
      return;
    }
    this.stopEditing();
    try {
      await this.options.write(this.sheet, address, text);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      this.options.message(this.words.cannotWrite(address, e.message ?? String(error)), "error");
    }
    if (next) this.moveTo(next.row, next.col);
    else this.render();
  }

  private wire(): void {
    this.table.addEventListener("click", (event) => {
      const td = (event.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
      if (!td) return;
      const r = parseAddress(td.dataset.address!)!.rect;
      if (this.editing) this.stopEditing();
      this.tabStart = null;
      this.moveTo(r.row, r.col);
    });
    this.table.addEventListener("dblclick", () => {
      this.startEditing("formula");
      this.editor.focus();
    });
    // The keyboard on a selected cell goes to the in-cell editor (see `editor`).
    this.editor.addEventListener("compositionstart", () => {
      if (!this.editing) this.startEditing("typed");
    });
    this.editor.addEventListener("input", () => {
      if (!this.editing) this.startEditing("typed");
      this.formulaBar.value = this.editor.value;
    });
    this.editor.addEventListener("keydown", (event) => {
      if (event.isComposing || event.keyCode === 229) return; // the IME's keys
      const { row, col } = this.active;
      const moves: Record<string, [number, number]> = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
      };
      if (event.key === "Tab") {
        // Tab stays in the grid, as in Excel: it moves to the next cell (Shift+Tab back).
        event.preventDefault();
        const next = this.tabTarget(event.shiftKey);
        if (this.editing) void this.commit(next);
        else this.moveTo(next.row, next.col);
      } else if (event.key === "Enter") {
        event.preventDefault();
        const next = this.enterTarget(event.shiftKey);
        if (this.editing) void this.commit(next);
        else this.moveTo(next.row, next.col);
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (this.editing) {
          this.stopEditing();
          this.options.message("");
          this.showActive();
        }
      } else if (this.editing) {
        return; // the editor handles the key
      } else if (moves[event.key]) {
        event.preventDefault();
        this.tabStart = null;
        this.moveTo(row + moves[event.key][0], col + moves[event.key][1]);
      } else if (event.key === "F2") {
        event.preventDefault();
        this.startEditing("formula");
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        this.formulaBar.value = "";
        void this.commit(null);
      }
      // Any other key types into the editor: the input event starts editing with it.
    });
    this.formulaBar.addEventListener("focus", () => (this.editing = true));
    this.formulaBar.addEventListener("input", () => (this.editor.value = this.formulaBar.value));
    this.formulaBar.addEventListener("keydown", (event) => {
      if (event.isComposing) return;
      if (event.key === "Enter") {
        event.preventDefault();
        void this.commit(this.enterTarget(event.shiftKey));
      } else if (event.key === "Tab") {
        event.preventDefault();
        void this.commit(this.tabTarget(event.shiftKey));
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.stopEditing();
        this.showActive();
        this.focusActive();
      }
    });
  }
}
