import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { a1, sheetPlan } from "../../src/layout";
import { defaultInsertOptions, excelActions, insertTemplate } from "../../src/excel";
import { tableGeometry } from "../../src/excel/geometry";
import { ref } from "../helpers/reports";
import { addressOf, fillSheet, goodReport, setup, tableOrigin, typeInto } from "./helpers";

describe("excel adapter: defaults and boundaries", () => {
  it("the ribbon's 插入模板 writes native check formulas: without the add-in (WPS, LibreOffice) they show ✓, not #NAME?", async () => {
    const { fake, run } = setup();
    assert.equal(defaultInsertOptions().checks, "formulas");
    const notes: string[] = [];
    await excelActions(run, { notify: (m) => void notes.push(m) }).insertTemplate();
    const sheetName = fake.sheetNames()[1];
    const snapshot = fake.snapshot(sheetName);
    assert.ok(!Object.values(snapshot.cells).some((c) => c.formula?.includes("NIANBAO.")));
    const plan = sheetPlan({
      format: defaultInsertOptions().format,
      year: defaultInsertOptions().year,
    });
    assert.ok(plan.checks.length > 0 && plan.checks.every((c) => !c.formula.includes("NIANBAO.")));
    // Filled consistently, every check cell shows ✓; a slip shows its imbalance there.
    const uid = fake.names()[0].name.replace(/^NB_([a-z0-9]+)_T\d$/i, "$1");
    const { format } = defaultInsertOptions();
    fillSheet(fake, uid, goodReport(format));
    for (const c of plan.checks)
      assert.equal(fake.cell(`'${sheetName}'!${a1(c.row, c.col)}`).text, "✓", a1(c.row, c.col));
    const cell = ref("三", "new", "natural");
    const address = addressOf(fake, uid, format, cell);
    typeInto(fake, address, (fake.cell(address).value as number) + 27);
    const shown = plan.checks.map((c) => fake.cell(`'${sheetName}'!${a1(c.row, c.col)}`).text);
    assert.ok(shown.includes("-27") || shown.includes("+27"), shown.join(" "));
  });

  it("the template's merged entry cells keep their fill and borders: merged before they are formatted (office-js #6405)", async () => {
    const { fake, run } = setup();
    const { uid, sheetName } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      checks: "none",
    });
    const o = tableOrigin(fake, uid, "二");
    const geometry = tableGeometry("2021", "二");
    const merged = [...geometry.entries.values()].filter((e) => geometry.mergeAt(e.row, e.col));
    assert.ok(merged.length > 0, "table 二 has merged entry cells");
    for (const e of merged) {
      const m = geometry.mergeAt(e.row, e.col)!;
      for (let r = 0; r < m.rows; r++)
        for (let c = 0; c < m.cols; c++) {
          const info = fake.cell(`'${sheetName}'!${a1(o.top + e.row + r, o.left + e.col + c)}`);
          assert.ok(info.fill, `${info.address} filled`);
          assert.ok(info.borders.top && info.borders.left, `${info.address} bordered`);
        }
    }
  });

  it("the adapter imports nothing from the pane: the ribbon wiring lives in taskpane/ribbon.ts", () => {
    const dir = path.join(__dirname, "../../src/excel");
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      assert.ok(!/from\s+["'][^"']*taskpane/.test(text), `${file} imports the pane`);
    }
  });
});
