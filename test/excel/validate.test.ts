import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { cellId, getFormat, type CellRef, type FormatId } from "../../src/format";
import "../../src/importers/checks";
import { a1 } from "../../src/layout";
import { formatFinding } from "../../src/messages";
import type { Report } from "../../src/report";
import type { RawValue } from "../../src/values";
import {
  clearMarks,
  COMMENT_MARKER,
  FLAG_LOOK,
  insertTemplate,
  settingKey,
  validateWorkbook,
  suspectsOf,
  type SheetResult,
} from "../../src/excel";
import type { FakeExcel } from "../fake-excel";
import { ref } from "../helpers/reports";
import {
  addressOf,
  fillSheet,
  flaggedCells,
  goodReport,
  setup,
  syncSplit,
  tableOrigin,
  typeInto,
} from "./helpers";

/** The cells the engine's findings name (explained warnings excepted), as sheet addresses. */
/**
 * The marks a clerk should see: the likely culprits of each finding (the cells its best fix changes) strongly, other
 * suspects lightly (errors) or amber (warnings); a finding no fix explains: its cells lightly.
 */
function expectedFlags(sheet: SheetResult): Map<string, "error" | "warning" | "light"> {
  const rank = { error: 3, warning: 2, light: 1 } as const;
  const out = new Map<string, "error" | "warning" | "light">();
  const put = (address: string, level: "error" | "warning" | "light") => {
    const had = out.get(address);
    if (!had || rank[level] > rank[had]) out.set(address, level);
  };
  for (const f of sheet.result.findings) {
    if (f.severity === "warning" && f.explanation) continue;
    const s = suspectsOf(sheet.result, f);
    for (const c of s.likely) put(sheet.address(c), f.severity);
    for (const c of s.possible) put(sheet.address(c), f.severity === "error" ? "light" : "warning");
  }
  return out;
}

const ourComments = (fake: FakeExcel) =>
  fake.comments().filter((c) => c.content.startsWith(COMMENT_MARKER));

async function inserted(format: FormatId = "2021") {
  const { fake, run } = setup();
  const year = format === "2021" ? 2025 : 2020;
  const { uid, sheetName } = await insertTemplate(run, {
    format,
    year,
    agency: "某市交通运输局",
    checks: "formulas",
  });
  const report = goodReport(format, year);
  fillSheet(fake, uid, report);
  return { fake, run, uid, sheetName, report, format };
}

function withValue(report: Report, cell: CellRef, raw: RawValue): Report {
  const copy: Report = { ...report, values: new Map(report.values) };
  copy.values.set(cellId(cell), raw);
  return copy;
}

describe("excel adapter: 校验", () => {
  for (const format of ["2021", "2019"] as FormatId[]) {
    it(`a correctly filled ${format} sheet passes and nothing is marked`, async () => {
      const { fake, run, sheetName } = await inserted(format);
      const before = fake.snapshot(sheetName);
      const from = fake.syncCount();
      const v = await validateWorkbook(run);
      assert.deepEqual(
        syncSplit(fake, from),
        { total: 2, reads: 2, writes: 0 },
        "nothing to mark: no write at all"
      );
      assert.equal(v.sheets.length, 1);
      assert.deepEqual(v.problems, []);
      assert.equal(v.flagged, 0);
      const [sheet] = v.sheets;
      assert.equal(sheet.sheetName, sheetName);
      assert.equal(sheet.format, format);
      assert.ok(sheet.result.passes());
      assert.deepEqual(sheet.result.warnings(), []);
      assert.deepEqual(sheet.tables, ["二", "三", "四"]);
      assert.deepEqual(fake.snapshot(sheetName), before);
    });
  }

  it("results carry the engine's reading of every cell and the cell addresses", async () => {
    const { fake, run, uid, report } = await inserted();
    const v = await validateWorkbook(run);
    const sheet = v.sheets[0];
    const cell = ref("三", "granted", "natural");
    assert.equal(sheet.result.read(cell)?.value, report.values.get(cellId(cell)));
    assert.equal(sheet.address(cell), addressOf(fake, uid, "2021", cell));
    assert.match(sheet.address(cell), /^'2025年报'![A-Z]+\d+$/);
  });

  // Each value as Excel gives it, the rule it breaks (or the warning it raises).
  const inputs: { what: string; raw: RawValue; cell: CellRef; rules: string[] }[] = [
    {
      what: "text “12”",
      raw: "12",
      cell: ref("三", "granted", "natural"),
      rules: ["W-NUMBER-FORM"],
    },
    {
      what: "full-width “１２”",
      raw: "１２",
      cell: ref("三", "granted", "natural"),
      rules: ["W-NUMBER-FORM"],
    },
    {
      what: "“1,234” as text",
      raw: "1,234",
      cell: ref("三", "granted", "natural"),
      rules: ["W-NUMBER-FORM"],
    },
    { what: "“/”", raw: "/", cell: ref("四", "review", "pending"), rules: ["W-BLANK"] },
    { what: "a blank", raw: null, cell: ref("二", "licensing", "decisions"), rules: ["W-BLANK"] },
    { what: "-1", raw: -1, cell: ref("二", "normativeDocs", "issued"), rules: ["T-NEGATIVE"] },
    {
      what: "1.5 in a count",
      raw: 1.5,
      cell: ref("二", "penalty", "decisions"),
      rules: ["T-WHOLE"],
    },
    { what: "#REF!", raw: "#REF!", cell: ref("三", "denySecret", "research"), rules: ["T-NUMBER"] },
  ];
  for (const input of inputs) {
    it(`${input.what} gets the engine's message on its cell, and nothing of the clerk's is lost`, async () => {
      const { fake, run, uid, sheetName, report } = await inserted();
      const address = addressOf(fake, uid, "2021", input.cell);
      if (input.raw === "#REF!")
        fake.setCell(address, "#REF!"); // an Excel error value, as a broken formula leaves it
      else typeInto(fake, address, input.raw);
      const valueBefore = fake.cell(address).value;
      const from = fake.syncCount();
      const v = await validateWorkbook(run);
      assert.deepEqual(syncSplit(fake, from), { total: 3, reads: 2, writes: 1 });
      const sheet = v.sheets[0];

      // The findings are exactly the engine's for the report with that value.
      const expected = confront(withValue(report, input.cell, input.raw));
      assert.deepEqual(
        sheet.result.findings.map((f) => f.key),
        expected.findings.map((f) => f.key)
      );
      for (const rule of input.rules)
        assert.ok(sheet.result.byRule(rule).length, `${rule} reported`);

      // Exactly the cells the findings name are marked, with the severity's look.
      const flags = flaggedCells(fake, sheetName);
      assert.deepEqual(new Map([...flags].sort()), new Map([...expectedFlags(sheet)].sort()));
      assert.equal(v.flagged, flags.size);
      assert.ok(flags.has(address), `${address} is marked`);

      // The marked cell's comment holds the engine's own messages.
      const comment = ourComments(fake).find((c) => c.address === address)!;
      const commentsHere = sheet.result.forCell(input.cell).filter((f) => {
        const s = suspectsOf(sheet.result, f);
        return [...s.likely, ...(s.unknown && s.anchor ? [s.anchor] : [])].some(
          (c) => cellId(c) === cellId(input.cell)
        );
      });
      assert.ok(commentsHere.length, "the cell is a likely culprit of its findings");
      for (const f of commentsHere)
        assert.ok(
          comment.content.includes(formatFinding(sheet.result.model, f)),
          `${f.rule} message`
        );
      assert.ok(
        ourComments(fake).length <= flags.size,
        "comments only on the cells a finding is about, never one per cell of an equation"
      );

      // The clerk's value is untouched.
      assert.equal(fake.cell(address).value, valueBefore);
    });
  }

  it("a value typed into a label cell is a warning naming the cell; it is not read into the report", async () => {
    const { fake, run, uid, sheetName } = await inserted();
    const o = tableOrigin(fake, uid, "二");
    const label = `'${sheetName}'!${a1(o.top + 2, o.left)}`; // the 规章 label
    assert.equal(fake.cell(label).value, "规章");
    fake.setCell(label, 5);
    const v = await validateWorkbook(run);
    const sheet = v.sheets[0];
    const stray = sheet.result.byRule("I-STRAY");
    assert.equal(stray.length, 1);
    const message = formatFinding(sheet.result.model, stray[0]);
    assert.match(message, new RegExp(`${a1(o.top + 2, o.left)} 格`));
    assert.match(message, /规章/);
    assert.match(message, /不读入报告/);
    assert.equal(flaggedCells(fake, sheetName).get(label), "warning");
    assert.ok(
      ourComments(fake)
        .find((c) => c.address === label)!
        .content.includes(message)
    );
    assert.ok(sheet.result.passes(), "the stray value is not a number of the report");
    assert.equal(fake.cell(label).value, 5, "the clerk's value stays");
  });

  it("a label retyped in an accepted variant (规范性文件 for 行政规范性文件) is not a stray value", async () => {
    const { fake, run, uid, sheetName } = await inserted();
    const o = tableOrigin(fake, uid, "二");
    const label = `'${sheetName}'!${a1(o.top + 3, o.left)}`;
    assert.equal(fake.cell(label).value, "行政规范性文件");
    fake.setCell(label, "规范性文件");
    const v = await validateWorkbook(run);
    assert.deepEqual(v.sheets[0].result.byRule("I-STRAY"), []);
    assert.equal(v.flagged, 0);
  });

  it("the 2019 format's 本年增/减 may be negative: no finding, no mark", async () => {
    const { fake, run, uid, sheetName } = await inserted("2019");
    typeInto(fake, addressOf(fake, uid, "2019", ref("二", "licensing", "change")), -3);
    typeInto(fake, addressOf(fake, uid, "2019", ref("二", "penalty", "lastYearItems")), -3);
    const v = await validateWorkbook(run);
    assert.deepEqual(
      v.sheets[0].result.findings.map((f) => [f.rule, f.cells.map(cellId)]),
      [["T-NEGATIVE", ["二:penalty:lastYearItems"]]]
    );
    assert.deepEqual(
      [...flaggedCells(fake, sheetName).keys()],
      [addressOf(fake, uid, "2019", ref("二", "penalty", "lastYearItems"))]
    );
  });

  it("a slipped digit is an error on its cells, with the engine's fix on the cell it changes", async () => {
    const { fake, run, uid, sheetName, report } = await inserted();
    const cell = ref("三", "granted", "natural");
    const right = report.values.get(cellId(cell)) as number;
    const wrong = right + 10; // a digit slipped
    typeInto(fake, addressOf(fake, uid, "2021", cell), wrong);
    const v = await validateWorkbook(run);
    const sheet = v.sheets[0];
    assert.ok(!sheet.result.passes());
    const best = sheet.result.fixes.find((f) => f.rank === 1)!;
    assert.deepEqual(
      best.changes.map((c) => [cellId(c.cell), c.to]),
      [[cellId(cell), right]]
    );
    const address = addressOf(fake, uid, "2021", cell);
    assert.equal(flaggedCells(fake, sheetName).get(address), "error");
    const comment = ourComments(fake).find((c) => c.address === address)!;
    assert.match(comment.content, /建议：可确定的改法/);
    assert.equal(fake.cell(address).font.color, FLAG_LOOK.error.font);
  });

  it("清除标记 restores every marked cell exactly — the clerk's own fill, bold, number format and comment included", async () => {
    const { fake, run, uid, sheetName } = await inserted();
    const mine = addressOf(fake, uid, "2021", ref("三", "granted", "commercial"));
    const plain = addressOf(fake, uid, "2021", ref("三", "granted", "natural"));
    fake.setCell(mine, {
      value: "'7",
      fill: "#00B0F0",
      font: { bold: true, color: "#1F4E78" },
      numberFormat: "0.0",
      comment: "科室核对过",
    });
    typeInto(fake, plain, 999);
    const before = fake.snapshot(sheetName);
    const v = await validateWorkbook(run);
    const flags = flaggedCells(fake, sheetName);
    assert.ok(flags.has(mine) && flags.has(plain));
    assert.equal(fake.cell(mine).font.bold, true, "marking changes only fill and font colour");
    assert.equal(fake.cell(mine).numberFormat, "0.0");
    assert.equal(
      fake.comments().find((c) => c.address === mine)!.content,
      "科室核对过",
      "the clerk's comment is untouched"
    );
    assert.ok(
      !ourComments(fake).some((c) => c.address === mine),
      "no comment of the add-in where the clerk has one"
    );

    const from = fake.syncCount();
    const cleared = await clearMarks(run);
    assert.deepEqual(syncSplit(fake, from), { total: 3, reads: 2, writes: 1 });
    assert.equal(cleared.restored, v.flagged);
    assert.deepEqual(fake.snapshot(sheetName), before);
    assert.deepEqual(ourComments(fake), []);
    assert.deepEqual((fake.settings()[settingKey(uid)] as { marks: unknown[] }).marks, []);
    // Clearing again finds nothing to do and writes nothing.
    const again = fake.syncCount();
    assert.equal((await clearMarks(run)).restored, 0);
    assert.equal(syncSplit(fake, again).writes, 0);
  });

  it("a fill the clerk chose after the marking is never overwritten by 清除标记", async () => {
    const { fake, run, uid, sheetName } = await inserted();
    const cell = addressOf(fake, uid, "2021", ref("三", "granted", "natural"));
    typeInto(fake, cell, 999);
    await validateWorkbook(run);
    fake.setCell(cell, { fill: "#92D050" });
    await clearMarks(run);
    assert.equal(fake.cell(cell).fill, "#92D050");
    assert.equal(flaggedCells(fake, sheetName).size, 0);
  });

  it("validating again after a correction takes the stale marks off", async () => {
    const { fake, run, uid, sheetName, report } = await inserted();
    const before = fake.snapshot(sheetName);
    const cell = ref("三", "granted", "natural");
    const address = addressOf(fake, uid, "2021", cell);
    typeInto(fake, address, 999);
    assert.ok((await validateWorkbook(run)).flagged > 0);
    typeInto(fake, address, report.values.get(cellId(cell)) as number);
    const v = await validateWorkbook(run);
    assert.equal(v.flagged, 0);
    assert.deepEqual(fake.snapshot(sheetName), before);
    assert.deepEqual(ourComments(fake), []);
  });

  it("marks that change severity keep the look from before the first marking", async () => {
    const { fake, run, uid, sheetName } = await inserted();
    const before = fake.snapshot(sheetName);
    const cell = addressOf(fake, uid, "2021", ref("二", "licensing", "decisions"));
    typeInto(fake, cell, "3"); // a warning: number as text
    await validateWorkbook(run);
    assert.equal(flaggedCells(fake, sheetName).get(cell), "warning");
    typeInto(fake, cell, -3); // now an error
    await validateWorkbook(run);
    assert.equal(flaggedCells(fake, sheetName).get(cell), "error");
    typeInto(fake, cell, goodReport("2021").values.get("二:licensing:decisions") as number);
    await clearMarks(run);
    assert.deepEqual(fake.snapshot(sheetName), before);
  });

  it("the flagged cells and comments are the same whether checks are custom functions or formulas", async () => {
    const { fake, run } = setup();
    const { uid, sheetName } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      checks: "functions",
    });
    fillSheet(fake, uid, goodReport("2021"));
    typeInto(fake, addressOf(fake, uid, "2021", ref("四", "review", "total")), 99);
    const v = await validateWorkbook(run);
    assert.deepEqual(
      v.sheets[0].result.errors().map((f) => f.rule),
      ["R4-1"]
    );
    // Table 四's one equation cannot tell which of its cells is wrong: the likeliest strongly, the others lightly.
    const flags = flaggedCells(fake, sheetName);
    assert.equal(flags.size, getFormat("2021").columnsOf("四", "review").length);
    assert.equal([...flags.values()].filter((l) => l === "error").length, 1);
    assert.equal(ourComments(fake).length, 1, "one comment, on the likeliest cell");
  });
});
