import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cellId, getFormat, type FormatId } from "../../src/format";
import type { SourceDocument, SourceTable } from "../../src/importers/document";

/**
 * For the Word/PDF tests: where each printed value of a report stands in the source document's grids, found by the
 * official labels (a test oracle, independent of the report reader): cellId → the cell's text ("" for a blank cell).
 * Table 二: the cells right of a row's label; table 三: the 7 cells right of the row label (three label columns);
 * table 四: the 15 cells of the last row.
 */
export function printedCells(doc: SourceDocument, format: FormatId): Map<string, string> {
  const model = getFormat(format);
  const out = new Map<string, string>();
  const tables = doc.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));
  const rowCells = (t: SourceTable, r: number) =>
    t.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
  const covering = (t: SourceTable, r: number, col: number) =>
    t.cells.find(
      (c) => c.row <= r && r < c.row + c.rowSpan && c.col <= col && col < c.col + c.colSpan
    );
  for (const t of tables) {
    const texts = t.cells.map((c) => c.text);
    if (texts.includes("申请人情况")) {
      for (let r = 0; r < t.rows; r++) {
        const label = covering(t, r, 2)?.text;
        const row = model.table("三").rows.find((x) => x.label === label);
        if (!row) continue;
        model
          .table("三")
          .columns.forEach((c, i) =>
            out.set(
              cellId({ table: "三", row: row.key, column: c.key }),
              covering(t, r, 3 + i)?.text ?? "?"
            )
          );
      }
    } else if (texts.includes("行政复议")) {
      const last = rowCells(t, t.rows - 1);
      const t4 = model.table("四");
      t4.rows.forEach((row, g) =>
        t4.columns.forEach((c, i) =>
          out.set(
            cellId({ table: "四", row: row.key, column: c.key }),
            last[g * 5 + i]?.text ?? "?"
          )
        )
      );
    } else if (texts.some((x) => x.startsWith("第二十条"))) {
      for (let r = 0; r < t.rows; r++) {
        const cells = rowCells(t, r);
        const row = model.table("二").rows.find((x) => x.label === cells[0]?.text);
        if (!row) continue;
        model
          .columnsOf("二", row.key)
          .forEach((column, i) =>
            out.set(cellId({ table: "二", row: row.key, column }), cells[1 + i]?.text ?? "?")
          );
      }
    }
  }
  return out;
}

export const DOCUMENTS = join(__dirname, "..", "fixtures", "documents");

/** A fixture's printed values: cellId → the text printed ("" for blank). */
export function expectedCells(name: string): Map<string, string> {
  const json = JSON.parse(
    readFileSync(join(DOCUMENTS, "source", `${name}.values.json`), "utf8")
  ) as Record<string, number | null>;
  return new Map(Object.entries(json).map(([id, v]) => [id, v === null ? "" : String(v)]));
}

/** Differences between what a document prints and what was expected, as readable lines (empty = the same). */
export function differences(got: Map<string, string>, want: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [id, v] of want)
    if (got.get(id) !== v)
      out.push(`${id}: got ${JSON.stringify(got.get(id))}, want ${JSON.stringify(v)}`);
  return out;
}
