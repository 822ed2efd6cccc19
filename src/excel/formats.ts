import type { HostCapabilities } from "./capabilities";
import type { CellLook } from "./store";
import { fillOf, lookOf } from "./style";

/**
 * Cell formats in bulk where the host has Range.getCellProperties / setCellProperties (ExcelApi 1.9), cell by cell
 * through RangeFormat (ExcelApi 1.1–1.2) where it does not (Office 2019). Either way everything is queued into the
 * caller's batch: no round trip here.
 */

const EDGES: [keyof Excel.CellBorderCollection, Excel.BorderIndex][] = [
  ["top", "EdgeTop" as Excel.BorderIndex],
  ["bottom", "EdgeBottom" as Excel.BorderIndex],
  ["left", "EdgeLeft" as Excel.BorderIndex],
  ["right", "EdgeRight" as Excel.BorderIndex],
];

/** Queue a grid of formats over a range; `{}` cells are left alone. */
export function setFormats(
  caps: HostCapabilities,
  range: Excel.Range,
  grid: Excel.SettableCellProperties[][]
): void {
  if (caps.has("cellProperties")) {
    range.setCellProperties(grid);
    return;
  }
  grid.forEach((row, r) =>
    row.forEach((props, c) => {
      const f = props.format;
      if (!f || !Object.keys(f).length) return;
      const format = range.getCell(r, c).format;
      if (f.fill?.color !== undefined) format.fill.color = f.fill.color;
      if (f.font) {
        const { color, size, bold, italic } = f.font;
        if (color !== undefined) format.font.color = color;
        if (size !== undefined) format.font.size = size;
        if (bold !== undefined) format.font.bold = bold;
        if (italic !== undefined) format.font.italic = italic;
      }
      if (f.horizontalAlignment !== undefined)
        format.horizontalAlignment = f.horizontalAlignment as Excel.HorizontalAlignment;
      if (f.verticalAlignment !== undefined)
        format.verticalAlignment = f.verticalAlignment as Excel.VerticalAlignment;
      if (f.wrapText !== undefined) format.wrapText = f.wrapText;
      if (f.protection?.locked !== undefined) format.protection.locked = f.protection.locked;
      for (const [side, index] of EDGES) {
        const b = f.borders?.[side];
        if (!b) continue;
        const border = format.borders.getItem(index);
        if (b.style !== undefined) border.style = b.style as Excel.BorderLineStyle;
        if (b.weight !== undefined) border.weight = b.weight as Excel.BorderWeight;
        if (b.color !== undefined) border.color = b.color;
      }
    })
  );
}

/** The looks of a range's cells, readable after the caller's next sync. */
export interface PendingLooks {
  value(): CellLook[][];
}

/** Queue a read of every cell's fill and font colour. */
export function loadLooks(
  caps: HostCapabilities,
  range: Excel.Range,
  rows: number,
  cols: number
): PendingLooks {
  if (caps.has("cellProperties")) {
    const props = range.getCellProperties({
      format: {
        fill: { color: true, pattern: true, tintAndShade: true },
        font: { color: true },
      },
    });
    return { value: () => props.value.map((row) => row.map(lookOf)) };
  }
  // Without getCellProperties: each cell's RangeFormat (fill colour and font colour, ExcelApi 1.1). Pattern and
  // tintAndShade are ExcelApi 1.9, so white cannot be told from no fill: it is taken as no fill (see fillOf).
  const cells = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => range.getCell(r, c).format.load("fill/color,font/color"))
  );
  return {
    value: () =>
      cells.map((row) =>
        row.map((f) => ({
          fill: fillOf(f.fill.color),
          font: (f.font.color ?? "#000000").toUpperCase(),
        }))
      ),
  };
}
