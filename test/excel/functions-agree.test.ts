import assert from "node:assert/strict";
import { check, issues } from "../../functions/functions";
import { a1, tablePlans } from "../../src/layout";
import { insertTemplate, validateWorkbook } from "../../src/excel";
import type { FakeExcel } from "../fake-excel";
import { blankArgument, HOSTS, type HostProfile } from "../fake-excel/host";
import { ruleBadge } from "../../src/messages";
import { ref } from "../helpers/reports";
import { addressOf, AGENCY, fillSheet, goodReport, setup, tableOrigin, typeInto } from "./helpers";

/**
 * The in-cell check =NIANBAO.CHECK(表三) and the 校验 button agree on the same cells, on Windows and on the web
 * (issue 12 item 4). Excel passes a table range as its values, except that a blank cell is 0 on Windows and null on
 * the web (office-js #4702, #5262), and a range holding an error value (#REF!) is not passed at all: without
 * allowErrorForDataTypeAny the function is not called and the cell shows that error ("Handle and return errors from
 * your custom function").
 */

type Called = { value: unknown } | { excelError: string };

/** A custom function called the way Excel calls it on a host. */
function callAsExcel(
  host: HostProfile,
  fn: (grid: unknown[][]) => unknown,
  grid: unknown[][]
): Called {
  const error = grid
    .flat()
    .find((v) => typeof v === "string" && /^#[A-Z0-9/]+[!?]?$|^#N\/A$/.test(v));
  if (typeof error === "string") return { excelError: error };
  const blank = blankArgument(host);
  return { value: fn(grid.map((row) => row.map((v) => (v === "" ? blank : v)))) };
}

function table3Values(fake: FakeExcel, uid: string): unknown[][] {
  const plan = tablePlans("2021").find((p) => p.id === "三")!;
  const o = tableOrigin(fake, uid, "三");
  const range = `'${o.sheet}'!${a1(o.top, o.left)}:${a1(o.top + plan.rows - 1, o.left + plan.cols - 1)}`;
  return fake.values(range);
}

describe("custom functions and 校验 agree on the same cells, on Windows and the web", () => {
  const slips: [string, (fake: FakeExcel, at: (r: ReturnType<typeof ref>) => string) => void][] = [
    ["a consistent report", () => undefined],
    ["a slipped digit", (fake, at) => typeInto(fake, at(ref("三", "new", "natural")), 74)],
    [
      "blank cells and a wrong total",
      (fake, at) => {
        typeInto(fake, at(ref("三", "partial", "commercial")), null);
        typeInto(fake, at(ref("三", "new", "total")), 1000);
      },
    ],
    [
      "a blank 总计 that its parts settle",
      (fake, at) => typeInto(fake, at(ref("三", "new", "total")), null),
    ],
  ];
  for (const [what, slip] of slips)
    for (const host of [HOSTS.m365, HOSTS.web])
      it(`${what} (${host.platform === "web" ? "web: blank = null" : "Windows: blank = 0"}): CHECK counts 校验's errors of table 三`, async () => {
        const { fake, run } = setup();
        const { uid } = await insertTemplate(run, {
          format: "2021",
          year: 2025,
          agency: AGENCY,
          checks: "formulas",
        });
        fillSheet(fake, uid, goodReport("2021"));
        slip(fake, (r) => addressOf(fake, uid, "2021", r));
        const v = await validateWorkbook(run);
        const errors = v.sheets[0].result
          .errors()
          .filter((f) => f.cells.some((c) => c.table === "三"));
        const grid = table3Values(fake, uid);
        const counted = callAsExcel(host, (g) => check(g), grid);
        assert.deepEqual(counted, { value: errors.length });
        const listed = callAsExcel(host, (g) => issues(g), grid) as { value: string[][] };
        const sums = errors.filter((f) => f.rule.startsWith("R3-"));
        const names = new Set(sums.map((f) => ruleBadge(f.rule)));
        assert.deepEqual(
          listed.value.filter(([name]) => names.has(name)).map(([name]) => name),
          sums.map((f) => ruleBadge(f.rule))
        );
      });

  it("the same workbook gives the same in-cell results on Windows and on the web", () => {
    const grid: unknown[][] = Array.from({ length: 25 }, () => Array<unknown>(7).fill(""));
    grid[0][0] = 5;
    grid[0][6] = 5; // 本年新收 · 总计
    grid[2][0] = 5;
    grid[23][0] = 5; // （七）总计 · 自然人; its 总计 left blank
    const windows = callAsExcel(HOSTS.m365, (g) => issues(g), grid);
    const web = callAsExcel(HOSTS.web, (g) => issues(g), grid);
    assert.deepEqual(windows, web);
  });

  it("an error value in the table: the function is not called, the check cell shows the error; 校验 names the cell", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, { format: "2021", year: 2025, checks: "formulas" });
    fillSheet(fake, uid, goodReport("2021"));
    const cell = ref("三", "granted", "research");
    fake.setCell(addressOf(fake, uid, "2021", cell), "#REF!");
    const v = await validateWorkbook(run);
    const unreadable = v.sheets[0].result.byRule("T-NUMBER");
    assert.equal(unreadable.length, 1);
    assert.deepEqual(unreadable[0].cells, [cell]);
    for (const host of [HOSTS.m365, HOSTS.web])
      assert.deepEqual(
        callAsExcel(host, (g) => check(g), table3Values(fake, uid)),
        {
          excelError: "#REF!",
        }
      );
  });
});
