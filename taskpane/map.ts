/**
 * A picture of a table: one small square per entry cell, coloured ok / error / warning / possibly wrong / suggested
 * change, so the clerk sees where the problem is before reading about it. It points at the suspects, as the marks in
 * the sheet do (view.ts): a broken row sum colours the cell its best fix changes, not the whole row. It is an ARIA grid with one tab stop (roving tabindex):
 * arrow keys, Home/End and Ctrl+Home/End move, Enter or Space selects the cell in Excel. Every cell's accessible name
 * says its row and column labels, its value and its state. Row and column headers are abbreviations derived from the
 * format's labels (the full labels are in the accessible names and tooltips).
 */
import { cellId, type CellRef, type FormatModel, type RowDecl, type TableId } from "../src/format";
import type { Confrontation } from "../src/check";
import type { CellState } from "./view";
import type { Strings } from "./i18n";
import { h } from "./dom";

export interface MapOptions {
  model: FormatModel;
  table: TableId;
  result: Confrontation;
  cells: Map<string, { state: CellState; to?: number }>;
  strings: Strings;
  onSelect(ref: CellRef): void;
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** Drops the prefix a label shares with a sibling (结果维持 / 结果纠正 → 维持 / 纠正), keeps the first character. */
export function shortLabels(labels: readonly string[]): string[] {
  return labels.map((label, i) => {
    let shared = 0;
    labels.forEach((other, j) => {
      if (i === j) return;
      let k = 0;
      while (k < label.length && k < other.length && label[k] === other[k]) k++;
      shared = Math.max(shared, k);
    });
    const rest = label.slice(shared < label.length ? shared : 0);
    return rest.charAt(0);
  });
}

/** Table 四's groups have no ordinals; the map's row headers use these (full labels are in the names). */
const SHORT_ROWS: Record<string, string> = {
  行政复议: "行政复议",
  未经复议直接起诉: "直接起诉",
  复议后起诉: "复议后诉",
};

/** Column headers a clerk reads at a glance: two characters that name the column, not one that needs guessing. */
const SHORT_COLUMNS: Record<string, string> = {
  自然人: "自然人",
  商业企业: "企业",
  科研机构: "科研",
  社会公益组织: "公益",
  法律服务机构: "法律",
  其他: "其他",
  总计: "总计",
  结果维持: "维持",
  结果纠正: "纠正",
  其他结果: "其他",
  尚未审结: "未审结",
};

const ORDINAL = /^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d+)[.．、])/;

/** 一、本年新收… → 一; （一）予以公开 → (一); 1.属于国家秘密 under （三）不予公开 → (三)1. */
export function shortRowLabel(row: RowDecl): string {
  const m = ORDINAL.exec(row.label);
  if (!m) return row.label.slice(0, 2);
  if (m[1]) return m[1];
  if (m[2]) return `(${m[2]})`;
  const inner = row.groups?.[row.groups.length - 1];
  const outer = inner ? ORDINAL.exec(inner) : null;
  return outer?.[2] ? `(${outer[2]})${m[3]}` : m[3];
}

function describeValue(result: Confrontation, ref: CellRef, strings: Strings): string {
  const read = result.read(ref);
  if (!read || read.raw === null || (typeof read.raw === "string" && read.raw.trim() === ""))
    return strings.blank;
  return typeof read.raw === "number" ? fmt(read.raw) : `“${read.raw}”`;
}

export function tableMap(options: MapOptions): HTMLElement {
  const { model, table, result, cells, strings } = options;
  const decl = model.table(table);
  const rows = decl.rows;
  const columns = decl.columns;
  const fallback = shortLabels(columns.map((c) => c.label));
  const columnShort = columns.map((c, j) => SHORT_COLUMNS[c.label] ?? fallback[j]);
  const rowShort = rows.map((r) =>
    decl.layout === "grid" ? shortRowLabel(r) : (SHORT_ROWS[r.label] ?? r.label.slice(0, 2))
  );

  const title = strings.mapTitle(table);
  const grid = h("div", {
    role: "grid",
    className: `map map-${decl.layout}`,
    "aria-label": title,
    "aria-rowcount": rows.length + 1,
    "aria-colcount": columns.length + 1,
  });
  grid.style.setProperty("--map-cols", String(columns.length));

  grid.appendChild(
    h(
      "div",
      { role: "row", className: "map-row map-head", "aria-rowindex": 1 },
      h("span", { role: "columnheader", className: "map-corner", "aria-colindex": 1 }, ""),
      columns.map((c, j) =>
        h(
          "span",
          {
            role: "columnheader",
            className: "map-colhead",
            title: c.label,
            "aria-label": c.label,
            "aria-colindex": j + 2,
          },
          columnShort[j]
        )
      )
    )
  );

  const gridCells: HTMLElement[][] = [];
  rows.forEach((row, i) => {
    const line: HTMLElement[] = [];
    const rowEl = h(
      "div",
      { role: "row", className: "map-row", "aria-rowindex": i + 2 },
      h(
        "span",
        {
          role: "rowheader",
          className: "map-rowhead",
          title: row.label,
          "aria-label": row.label,
          "aria-colindex": 1,
        },
        rowShort[i]
      )
    );
    columns.forEach((column, j) => {
      const ref: CellRef = { table, row: row.key, column: column.key };
      if (!model.hasCell(ref)) {
        rowEl.appendChild(
          h("span", {
            role: "gridcell",
            className: "map-cell map-none",
            "aria-colindex": j + 2,
            "aria-disabled": "true",
          })
        );
        return;
      }
      const mark = cells.get(cellId(ref));
      const state: CellState = mark?.state ?? "ok";
      const stateText =
        state === "fix"
          ? strings.mapStateFix(fmt(mark!.to!))
          : state === "error"
            ? strings.mapStateError
            : state === "warning"
              ? strings.mapStateWarning
              : state === "suspect"
                ? strings.mapStateSuspect
                : "";
      const label = strings.mapCell(
        row.label,
        column.label,
        describeValue(result, ref, strings),
        stateText
      );
      const cell = h("span", {
        role: "gridcell",
        className: `map-cell map-${state}`,
        tabindex: -1,
        title: label,
        "aria-label": label,
        "aria-colindex": j + 2,
        "data-cell": cellId(ref),
        "data-state": state,
      });
      cell.addEventListener("click", () => {
        focusCell(cell);
        options.onSelect(ref);
      });
      rowEl.appendChild(cell);
      line.push(cell);
    });
    grid.appendChild(rowEl);
    gridCells.push(line);
  });

  // Roving tabindex: the first flagged cell (or the first cell) is the grid's one tab stop.
  const all = gridCells.flat();
  const first = all.find((c) => c.dataset.state !== "ok") ?? all[0];
  if (first) first.tabIndex = 0;

  function focusCell(cell: HTMLElement) {
    for (const c of all) if (c !== cell) c.tabIndex = -1;
    cell.tabIndex = 0;
    cell.focus();
  }

  grid.addEventListener("keydown", (event) => {
    const current = event.target as HTMLElement;
    const r = gridCells.findIndex((line) => line.includes(current));
    if (r < 0) return;
    const c = gridCells[r].indexOf(current);
    const at = (row: number, col: number) => {
      const line = gridCells[Math.max(0, Math.min(gridCells.length - 1, row))];
      return line[Math.max(0, Math.min(line.length - 1, col))];
    };
    let next: HTMLElement | undefined;
    switch (event.key) {
      case "ArrowRight":
        next = at(r, c + 1);
        break;
      case "ArrowLeft":
        next = at(r, c - 1);
        break;
      case "ArrowDown":
        next = at(r + 1, c);
        break;
      case "ArrowUp":
        next = at(r - 1, c);
        break;
      case "Home":
        next = event.ctrlKey ? at(0, 0) : at(r, 0);
        break;
      case "End":
        next = event.ctrlKey ? at(gridCells.length - 1, Infinity) : at(r, Infinity);
        break;
      case "PageDown":
        next = at(r + 5, c);
        break;
      case "PageUp":
        next = at(r - 5, c);
        break;
      case "Enter":
      case " ": {
        event.preventDefault();
        const [t, row, column] = (current.dataset.cell ?? "").split(":");
        options.onSelect({ table: t as TableId, row, column });
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    if (next) focusCell(next);
  });

  const legend = h(
    "ul",
    { className: "map-legend", "aria-hidden": "true" },
    (
      [
        ["ok", strings.mapLegendOk],
        ["error", strings.mapLegendError],
        ["warning", strings.mapLegendWarning],
        ["suspect", strings.mapLegendSuspect],
        ["fix", strings.mapLegendFix],
      ] as const
    ).map(([state, text]) =>
      h("li", {}, h("span", { className: `map-swatch map-${state}`, "aria-hidden": "true" }), text)
    )
  );
  return h(
    "figure",
    { className: "map-figure" },
    h("figcaption", { className: "map-caption" }, title),
    grid,
    legend
  );
}
