import assert from "node:assert/strict";
import { getFormat, type FormatId } from "../../src/format";
import { a1, CHECK_NUMBER_FORMAT, entryValidation, ROLE_STYLE, sheetPlan } from "../../src/layout";
import {
  AdapterError,
  insertTemplate,
  settingKey,
  tableName,
  type ExcelRun,
} from "../../src/excel";
import { AGENCY, setup, syncSplit, tableOrigin } from "./helpers";

const FORMATS: FormatId[] = ["2021", "2019"];

describe("excel adapter: 插入模板", () => {
  for (const format of FORMATS) {
    const year = format === "2021" ? 2025 : 2020;
    it(`the ${format} tables land on a new sheet cell by cell as the sheet plan lays them out`, async () => {
      const { fake, run } = setup();
      const from = fake.syncCount();
      const { uid, sheetName } = await insertTemplate(run, {
        format,
        year,
        agency: AGENCY,
        level: "市级部门",
        checks: "formulas",
      });
      assert.equal(sheetName, `${year}年报`);
      assert.deepEqual(fake.sheetNames(), ["Sheet1", sheetName]);
      assert.equal(fake.activeSheet(), sheetName);
      assert.deepEqual(
        syncSplit(fake, from),
        { total: 2, reads: 1, writes: 1 },
        "one round trip to read what is taken, one to write"
      );

      const plan = sheetPlan({ format, year, agency: AGENCY, checks: "formulas" });
      const q = (row: number, col: number) => `'${sheetName}'!${a1(row, col)}`;
      const model = getFormat(format);

      // Title, meta and section rows: the year and the agency in the title.
      for (const c of plan.cells)
        assert.equal(fake.cell(q(c.row, c.col)).value, c.text, `${c.role} at ${a1(c.row, c.col)}`);
      assert.match(String(fake.cell(q(0, 0)).value), new RegExp(`${AGENCY}${year}年`));
      assert.equal(fake.cell(q(0, 0)).font.bold, true);

      // Merged areas: exactly the plan's.
      const expectedMerges = [
        ...plan.merges,
        ...plan.tables.flatMap((t) =>
          t.merges.map((m) => ({ ...m, row: m.row + t.top, col: m.col + t.left }))
        ),
      ]
        .filter((m) => m.rows > 1 || m.cols > 1)
        .map((m) =>
          m.rows * m.cols === 1
            ? a1(m.row, m.col)
            : `${a1(m.row, m.col)}:${a1(m.row + m.rows - 1, m.col + m.cols - 1)}`
        )
        .sort();
      assert.deepEqual(fake.merges(sheetName).sort(), expectedMerges);

      for (const t of plan.tables) {
        // The table's name covers exactly the official table.
        assert.deepEqual(tableOrigin(fake, uid, t.id), {
          sheet: sheetName,
          top: t.top,
          left: t.left,
        });
        const name = fake.names().find((n) => n.name === tableName(uid, t.id))!;
        assert.equal(name.scope, "Workbook");
        assert.equal(
          name.formula,
          `='${sheetName}'!$${a1(t.top, t.left).replace(/(\d+)$/, "$$$1")}:$${a1(t.top + t.rows - 1, t.left + t.cols - 1).replace(/(\d+)$/, "$$$1")}`
        );
        for (const c of t.cells) {
          const info = fake.cell(q(t.top + c.row, t.left + c.col));
          assert.deepEqual(
            Object.keys(info.borders).sort(),
            ["bottom", "left", "right", "top"],
            `borders at ${info.address}`
          );
          if (c.role === "entry") {
            const kind = model.kindOf(c.ref!);
            const v = entryValidation(kind);
            assert.equal(info.value, "", `entry ${info.address} starts empty`);
            assert.equal(info.locked, false, `entry ${info.address} is unlocked`);
            assert.equal(
              info.fill,
              `#${ROLE_STYLE.entry.fill}`,
              `entry ${info.address} is visibly marked`
            );
            assert.equal(
              info.numberFormat,
              kind === "count" || kind === "signed" ? "0" : "General"
            );
            const rule = info.validation!.rule as Record<
              string,
              { operator: string; formula1: unknown }
            >;
            assert.ok(rule[v.type], `${info.address}: ${v.type} validation`);
            if (v.min !== undefined)
              assert.deepEqual(
                [rule[v.type].operator, rule[v.type].formula1],
                ["GreaterThanOrEqualTo", 0]
              );
            assert.equal(info.validation!.prompt.showPrompt, true);
            assert.equal(info.validation!.prompt.message, v.prompt);
            assert.equal(info.validation!.errorAlert.message, v.error);
            assert.equal(info.validation!.errorAlert.style, "Stop");
            assert.ok(info.validation!.prompt.title.length <= 32);
          } else {
            assert.equal(info.value, c.text, `label at ${info.address}`);
            assert.equal(info.locked, true);
            if (c.role === "header" || c.role === "heading") {
              assert.equal(info.fill, `#${ROLE_STYLE.header.fill}`);
              assert.equal(info.font.bold, true);
            }
            if (ROLE_STYLE[c.role].wrap) assert.equal(info.wrapText, true, `${info.address} wraps`);
          }
        }
        // A merged entry cell is validated and unlocked over its whole area.
        for (const m of t.merges) {
          const head = t.cells.find((c) => c.row === m.row && c.col === m.col);
          if (head?.role !== "entry") continue;
          const last = fake.cell(q(t.top + m.row + m.rows - 1, t.left + m.col + m.cols - 1));
          assert.equal(last.locked, false);
          assert.ok(last.validation?.rule);
        }
      }

      // Live check cells: the plan's formulas, the check number format.
      assert.ok(plan.checks.length > 0);
      for (const c of plan.checks) {
        const info = fake.cell(q(c.row, c.col));
        assert.equal(info.formula, c.formula);
        assert.equal(info.numberFormat, CHECK_NUMBER_FORMAT);
        assert.equal(info.font.italic, true);
      }
      // An empty template balances: every native check shows ✓ (0).
      for (const c of plan.checks)
        assert.equal(fake.cell(q(c.row, c.col)).text, "✓", `check ${a1(c.row, c.col)}`);

      // Column widths, printing.
      plan.columnWidths.forEach((w, c) =>
        assert.equal(
          fake.columnWidth(sheetName, a1(0, c).replace(/\d+$/, "")),
          Math.round(w * 7 + 5) * 0.75
        )
      );
      assert.ok(fake.rowHeight(sheetName, 1) >= 28);
      const page = fake.pageLayout(sheetName);
      assert.equal(page.orientation, "Landscape");
      assert.equal(page.paperSize, "A4");
      // One page wide as a scale: a fit-to-pages zoom set through the API may not apply until the Page Layout tab has
      // been shown (office-js #1860); a scale does.
      const lastColumn = /^A1:([A-Z]+)\d+$/.exec(page.printArea![0])![1];
      const printed = lastColumn.length === 1 ? lastColumn.charCodeAt(0) - 64 : 27; // columns in the print area
      const width = plan.columnWidths
        .slice(0, printed)
        .reduce((n, w) => n + Math.round(w * 7 + 5) * 0.75, 0);
      assert.ok(page.zoom.scale! <= 100 && (width * page.zoom.scale!) / 100 <= 842 - 2 * 28.8);
      assert.ok(page.zoom.scale! >= 50, "not shrunk more than needed");
      assert.equal(page.centerHorizontally, true);
      assert.equal(page.printArea!.length, 1);
      assert.match(page.printArea![0], /^A1:[A-Z]+\d+$/);

      // Format, year, agency and level in the workbook's settings, keyed by the uid.
      assert.deepEqual(fake.settings()[settingKey(uid)], {
        v: 1,
        format,
        year,
        agency: AGENCY,
        level: "市级部门",
        checks: "formulas",
        explanations: {},
        marks: [],
      });
    });
  }

  it("live checks as custom functions write =NIANBAO.… formulas", async () => {
    const { fake, run } = setup();
    const { sheetName } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      checks: "functions",
    });
    const plan = sheetPlan({ format: "2021", year: 2025, checks: "functions" });
    for (const c of plan.checks) {
      assert.match(c.formula, /^=NIANBAO\./);
      assert.equal(fake.cell(`'${sheetName}'!${a1(c.row, c.col)}`).formula, c.formula);
    }
  });

  it("no live checks: no formula anywhere on the sheet", async () => {
    const { fake, run } = setup();
    const { sheetName } = await insertTemplate(run, { format: "2021", year: 2025, checks: "none" });
    assert.ok(Object.values(fake.snapshot(sheetName).cells).every((c) => c.formula === undefined));
  });

  it("a second template for the same year gets “2025年报 (2)”, its own uid, names and setting", async () => {
    const { fake, run } = setup();
    const first = await insertTemplate(run, { format: "2021", year: 2025, checks: "none" });
    const second = await insertTemplate(run, { format: "2021", year: 2025, checks: "none" });
    assert.equal(second.sheetName, "2025年报 (2)");
    assert.notEqual(first.uid, second.uid);
    assert.equal(tableOrigin(fake, second.uid, "三").sheet, "2025年报 (2)");
    assert.ok(fake.settings()[settingKey(first.uid)] && fake.settings()[settingKey(second.uid)]);
  });

  it("the clerk's other sheets are left exactly as they were", async () => {
    const { fake, run } = setup(["数据"]);
    fake.setCell("数据!A1", {
      value: "自己的表",
      fill: "#00B0F0",
      font: { bold: true },
      comment: "我的批注",
    });
    const before = fake.snapshot("数据");
    await insertTemplate(run, { format: "2021", year: 2025, checks: "formulas" });
    assert.deepEqual(fake.snapshot("数据"), before);
  });

  it("a sheet name taken by someone else in the meantime is refused as a Conflict, nothing half-written", async () => {
    const { fake } = setup();
    // Another user creates 2025年报 between the add-in's read and its write.
    const run: ExcelRun = (batch) =>
      fake.Excel.run(async (context) => {
        const sync = context.sync.bind(context);
        let n = 0;
        context.sync = (async (value?: unknown) => {
          const out = await sync(value);
          if (++n === 1) fake.addSheet("2025年报");
          return out;
        }) as typeof context.sync;
        return batch(context);
      });
    await assert.rejects(
      insertTemplate(run, { format: "2021", year: 2025, checks: "none" }),
      (e: unknown) => {
        assert.ok(e instanceof AdapterError);
        assert.equal(e.code, "Conflict");
        assert.match(e.message, /插入模板失败/);
        return true;
      }
    );
    assert.deepEqual(fake.names(), [], "no name was added");
    assert.deepEqual(fake.settings(), {}, "no setting was added");
  });
});
