import assert from "node:assert/strict";
import {
  AdapterError,
  applyFix,
  clearMarks,
  COMMENT_MARKER,
  exportFindings,
  insertTemplate,
  validateWorkbook,
} from "../../src/excel";
import { HOSTS, isSetSupported, type HostProfile } from "../fake-excel/host";
import { ref } from "../helpers/reports";
import {
  addressOf,
  AGENCY,
  fillSheet,
  flaggedCells,
  goodReport,
  setupHost,
  syncSplit,
  typeInto,
} from "./helpers";

/**
 * The adapter's main paths on the Excel hosts clerks have (issue 12 items 1 and 7): the fake refuses every call above
 * the host's requirement sets, as Excel does (ApiNotFound at the sync). On each host every path either works or says
 * in Chinese which feature is missing; none fails with a raw API error.
 */

const RUNNABLE: [string, HostProfile][] = [
  ["Office 2019 (ExcelApi 1.7, no shared runtime, no custom functions)", HOSTS.office2019],
  ["Office LTSC 2021 (ExcelApi 1.14)", HOSTS.office2021],
  ["Office LTSC 2024 (ExcelApi 1.17, no notes)", HOSTS.office2024],
  ["Microsoft 365 (latest, notes)", HOSTS.m365],
  ["Excel on the web (blank = null)", HOSTS.web],
];

const excelApiAtLeast = (host: HostProfile, v: string) => isSetSupported(host, "ExcelApi", v);

describe("excel adapter on each host: works or names the missing feature", () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  for (const [what, host] of RUNNABLE) {
    it(`${what}: insert, validate, mark, apply a fix, clear and export`, async function () {
      this.timeout(60_000);
      const setup = setupHost(host);
      uninstall = setup.uninstall;
      const { fake, run } = setup;

      // 插入模板, asking for custom functions.
      const inserted = await insertTemplate(run, {
        format: "2021",
        year: 2025,
        agency: AGENCY,
        checks: "functions",
      });
      const messages = inserted.problems.map((p) => p.message).join("\n");
      const hasCf = "CustomFunctionsRuntime" in host.sets;
      const formulas = fake.snapshot(inserted.sheetName).cells;
      const nianbao = Object.values(formulas).some((c) => c.formula?.includes("NIANBAO."));
      assert.equal(nianbao, hasCf, "NIANBAO.* only where custom functions exist");
      if (!hasCf)
        assert.match(
          messages,
          /边填边核对的加载项函数（=NIANBAO\.…）（需要 CustomFunctionsRuntime 1\.1）/
        );
      if (!excelApiAtLeast(host, "1.8")) assert.match(messages, /数据验证.*需要 ExcelApi 1\.8/);
      if (!excelApiAtLeast(host, "1.9")) assert.match(messages, /打印设置.*需要 ExcelApi 1\.9/);
      if (excelApiAtLeast(host, "1.9")) assert.deepEqual(inserted.problems, []);
      // The template looks the same everywhere: the entry cells' pale fill (cell by cell below ExcelApi 1.9).
      const entry = addressOf(fake, inserted.uid, "2021", ref("三", "granted", "natural"));
      assert.ok(fake.cell(entry).fill, "entry cells are filled");
      assert.equal(fake.cell(entry).locked, false, "entry cells are unlocked");

      // 校验 with one slip.
      fillSheet(fake, inserted.uid, goodReport("2021"));
      const before = fake.snapshot(inserted.sheetName);
      const right = fake.cell(entry).value;
      typeInto(fake, entry, 999);
      let from = fake.syncCount();
      const v = await validateWorkbook(run);
      assert.ok(syncSplit(fake, from).total <= 3, "validate in at most 3 round trips");
      assert.deepEqual(v.problems, []);
      assert.equal(v.flagged, 1, "the one wrong cell is marked");
      assert.equal(flaggedCells(fake, inserted.sheetName).get(entry), "error");
      const ours = fake.comments().filter((c) => c.content.startsWith(COMMENT_MARKER));
      if (excelApiAtLeast(host, "1.10")) {
        assert.deepEqual(
          ours.map((c) => c.address),
          [fake.cell(entry).address],
          "one comment, on the wrong cell"
        );
        assert.deepEqual(v.notices, []);
      } else {
        assert.equal(ours.length, 0, "no comments below ExcelApi 1.10");
        assert.match(v.notices.join(""), /单元格批注（需要 ExcelApi 1\.10）/);
      }

      // 应用 the fix: the cell gets its value back, then 校验 passes; ≤ 3 round trips.
      const fix = v.sheets[0].result.fixes.find((f) => f.rank === 1)!;
      from = fake.syncCount();
      const after = await applyFix(run, inserted.uid, fix);
      assert.ok(syncSplit(fake, from).total <= 3);
      assert.equal(fake.cell(entry).value, right);
      assert.ok(after.sheets[0].result.passes());

      // Another slip, marked, then 清除标记: the sheet is exactly as before the marking.
      typeInto(fake, entry, 999);
      await validateWorkbook(run);
      typeInto(fake, entry, right as number);
      const cleared = await clearMarks(run);
      assert.equal(cleared.restored, 1);
      assert.deepEqual(fake.snapshot(inserted.sheetName), before);

      // 导出校验结果.
      typeInto(fake, entry, 999);
      const name = await exportFindings(run, await validateWorkbook(run));
      assert.ok(fake.sheetNames().includes(name));
    });
  }

  it("Office 2016 (ExcelApi 1.1): every path says in Chinese that ExcelApi 1.7 is needed, nothing is written", async () => {
    const setup = setupHost(HOSTS.office2016);
    uninstall = setup.uninstall;
    const { fake, run } = setup;
    for (const action of [
      () => insertTemplate(run, { format: "2021", year: 2025, checks: "formulas" }),
      () => validateWorkbook(run),
      () => clearMarks(run),
    ]) {
      await assert.rejects(action(), (e: unknown) => {
        assert.ok(e instanceof AdapterError, String(e));
        assert.equal(e.code, "Unsupported");
        assert.match(e.message, /需要 ExcelApi 1\.7/);
        return true;
      });
    }
    assert.deepEqual(fake.sheetNames(), ["Sheet1"]);
    assert.equal(fake.syncCount(), 0, "asked before use: not one request sent");
  });
});
