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
  activate(sheet: string): Promise<void>;
  message(text: string, kind?: "info" | "error"): void;
}

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
  private active = { row: 0, col: 0 };
  private editing = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: GridOptions
  ) {
    this.tabs.setAttribute("role", "tablist");
    this.tabs.setAttribute("aria-label", "工作表");
    this.formulaBar.type = "text";
    this.formulaBar.setAttribute("aria-label", "编辑栏（输入后按 Enter）");
    this.formulaBar.id = "sb-formula";
    this.nameBox.setAttribute("aria-label", "名称框");
    this.table.setAttribute("role", "grid");
    this.table.setAttribute("aria-label", "工作表单元格");
    const bar = el("div", "sb-bar");
    bar.append(this.nameBox, this.formulaBar);
    const wrap = el("div", "sb-grid-wrap");
    wrap.append(this.table);
    const commentsTitle = el("h2", "sb-comments-title", "批注和备注");
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
    const hadFocus = this.table.contains(document.activeElement);

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
        : [el("li", "sb-empty", "（无）")])
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
    const label = [address, text || "空白", note ? `批注：${note}` : ""].filter(Boolean).join("，");
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
    if (!fn) return { text: "#NAME?", title: `${formula}（加载项未注册此函数）` };
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
      return { text, title: `${formula} = ${String(result)}（沙盒计算）` };
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
    cell.focus();
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
    this.editing = false;
    const address = `${indexToCol(this.active.col)}${this.active.row + 1}`;
    try {
      await this.options.write(this.sheet, address, this.formulaBar.value);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      this.options.message(`无法写入 ${address}：${e.message ?? String(error)}`, "error");
    }
    if (next) this.moveTo(next.row, next.col);
    else this.render();
  }

  private wire(): void {
    this.table.addEventListener("click", (event) => {
      const td = (event.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
      if (!td) return;
      const r = parseAddress(td.dataset.address!)!.rect;
      this.moveTo(r.row, r.col);
    });
    this.table.addEventListener("dblclick", () => {
      this.editing = true;
      this.formulaBar.focus();
    });
    this.table.addEventListener("keydown", (event) => {
      const { row, col } = this.active;
      const moves: Record<string, [number, number]> = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
      };
      if (moves[event.key]) {
        event.preventDefault();
        this.moveTo(row + moves[event.key][0], col + moves[event.key][1]);
      } else if (event.key === "Enter" || event.key === "F2") {
        event.preventDefault();
        this.editing = true;
        this.formulaBar.focus();
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        this.formulaBar.value = "";
        void this.commit(null);
      } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // Typing on a cell replaces its content, as in Excel.
        event.preventDefault();
        this.editing = true;
        this.formulaBar.value = event.key;
        this.formulaBar.focus();
        this.formulaBar.setSelectionRange(1, 1);
      }
    });
    this.formulaBar.addEventListener("focus", () => (this.editing = true));
    this.formulaBar.addEventListener("keydown", (event) => {
      if (event.isComposing) return;
      if (event.key === "Enter") {
        event.preventDefault();
        void this.commit({
          row: this.active.row + (event.shiftKey ? -1 : 1),
          col: this.active.col,
        });
      } else if (event.key === "Tab") {
        event.preventDefault();
        void this.commit({
          row: this.active.row,
          col: this.active.col + (event.shiftKey ? -1 : 1),
        });
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.editing = false;
        this.showActive();
        this.focusActive();
      }
    });
  }
}
