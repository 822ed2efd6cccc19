/**
 * The task pane in headless Chromium, in the sandbox page (dist/sandbox.html): the add-in's real production bundles
 * beside the in-memory workbook. Each test does what a clerk does — fills the template form, types into cells, presses
 * 校验, clicks findings, 应用, 说明, 清除标记, 导出结果, imports a report — and compares what the pane shows with what the
 * engine (`confront`, run here in Node on the values the workbook holds) says.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { confront, type Confrontation } from "../../src/check";
import { cellId, getFormat, type CellRef } from "../../src/format";
import { parseInterchange } from "../../src/interchange";
import { importAndCheck } from "../../src/importers/registry";
import { reportBuffer } from "../../src/xlsx/write";
import { formatFinding } from "../../src/messages";
import { suspectsOf } from "../../src/excel/suspects";
import type { Report } from "../../src/report";
import { buildReport, ref, withCells } from "../helpers/reports";
import {
  build,
  launch,
  newPage,
  OFFICE_JS,
  ROOT,
  screenshot,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";
import { act, button, insertTemplate, pane, paneReady, summary, validate } from "./pane";
import {
  address,
  fillSheet,
  localAddress,
  placedReports,
  readSheet,
  shownFindings,
  shownMap,
  type PlacedReport,
} from "./workbook";

const YEAR = 2023;
const AGENCY = "某县交通运输局";
const LEVEL = "县级部门";
const META = { year: YEAR, agency: AGENCY, level: LEVEL } as const;

/** A consistent 2021 report with a few counts in every table (no blanks, 规章 0: no warning of its own). */
function consistent(): Report {
  return buildReport(
    "2021",
    (c, model) => {
      if (c.table === "二") return c.row === "rules" ? 0 : model.kindOf(c) === "money" ? 1.5 : 3;
      if (c.table === "四") return c.column === "upheld" ? 2 : c.column === "pending" ? 1 : 0;
      if (c.row === "carried") return c.column === "natural" ? 2 : 0;
      if (c.row === "next") return c.column === "natural" ? 4 : 0;
      const r = model.table("三").rows.findIndex((x) => x.key === c.row);
      const k = model.table("三").columns.findIndex((x) => x.key === c.column);
      return (r * 7 + k * 3) % 5 === 0 ? 10 + r + k * 2 : 0;
    },
    { ...META }
  );
}

/** Puts text into a cell as a paste does (through the API: Excel's data validation does not apply). */
async function pasteInto(page: Page, at: string, text: string): Promise<void> {
  await page.evaluate(([a, t]) => window.nianbaoSandbox!.type(a, t), [at, text]);
  await page.evaluate(() => window.nianbaoSandbox!.idle());
}

/** Every non-ok map state the engine implies: the best fix of each group, else the severity of a finding naming it. */
function expectedMap(result: Confrontation): Map<string, { state: string; to?: number }> {
  const out = new Map<string, { state: string; to?: number }>();
  const active = result.findings.filter((f) => !(f.severity === "warning" && f.explanation));
  const rank: Record<string, number> = { suspect: 1, warning: 2, error: 3 };
  const put = (c: CellRef, state: string) => {
    const now = out.get(cellId(c));
    if (!now || rank[state] > rank[now.state]) out.set(cellId(c), { state });
  };
  // Where the sheet's marks go: the likely culprits strongly, the other candidates lightly.
  for (const f of active) {
    const s = suspectsOf(result, f);
    for (const c of s.likely) put(c, f.severity);
    for (const c of s.possible) put(c, f.severity === "error" ? "suspect" : "warning");
  }
  const best = new Map<number, (typeof result.fixes)[number]>();
  for (const fix of result.fixes)
    if (!best.has(fix.group) || fix.rank < best.get(fix.group)!.rank) best.set(fix.group, fix);
  for (const fix of best.values())
    for (const ch of fix.changes) out.set(cellId(ch.cell), { state: "fix", to: ch.to });
  return out;
}

async function assertPaneMatchesEngine(
  page: Page,
  placed: PlacedReport,
  expected: Confrontation
): Promise<void> {
  const shown = await shownFindings(page, placed.sheet);
  const model = getFormat(placed.format);
  const active = expected.findings.filter((f) => !(f.severity === "warning" && f.explanation));
  assert.deepEqual(
    shown
      .filter((f) => f.severity !== "explained")
      .map((f) => f.key)
      .sort(),
    active.map((f) => f.key).sort(),
    "the pane lists exactly the engine's findings"
  );
  for (const f of active) {
    const item = shown.find((s) => s.key === f.key)!;
    assert.equal(item.rule, f.rule);
    assert.equal(item.severity, f.severity);
    assert.ok(
      item.text.includes(formatFinding(model, f, "zh")),
      `${f.rule}: the engine's message is shown`
    );
    if (f.imbalance)
      assert.match(
        item.text,
        new RegExp(`差额 [+−]${Math.abs(f.imbalance)}`),
        `${f.rule}: the imbalance is shown`
      );
  }
  const map = await shownMap(page, placed.sheet);
  const want = expectedMap(expected);
  const tables = model.cells.filter((c) => c.table === "三" || c.table === "四");
  assert.equal(map.size, tables.length, "one map cell per entry cell of 表三 and 表四");
  for (const c of tables) {
    const got = map.get(cellId(c))!;
    const w = want.get(cellId(c)) ?? { state: "ok" };
    assert.equal(got.state, w.state, `map state of ${model.cellName(c)}`);
    if (w.to !== undefined) assert.match(got.label, new RegExp(`建议改为 ${w.to}`));
    assert.ok(
      got.label.includes(model.row(c.table, c.row).label) &&
        got.label.includes(model.column(c.table, c.column).label),
      "the map cell is named by its labels"
    );
  }
}

describe("task pane in the sandbox (headless Chromium)", function () {
  this.timeout(240_000);
  let server: Server;
  let browser: Browser;
  const logs: PageLog[] = [];

  before(async () => {
    server = await serve(await build());
    browser = await launch(server);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = "?fresh"): Promise<Page> {
    const { page, log } = await newPage(browser);
    logs.push(log);
    await page.goto(`${server.origin}/sandbox.html${query}`);
    await paneReady(page);
    return page;
  }

  /** A fresh workbook with the template inserted from the pane's form and the given report typed into it. */
  async function withReport(report: Report): Promise<{ page: Page; placed: PlacedReport }> {
    const page = await open();
    const inserted = await insertTemplate(page, { year: YEAR, agency: AGENCY, level: LEVEL });
    assert.equal(inserted.kind, "ok", inserted.text);
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, report);
    return { page, placed };
  }

  it("starts in Chinese with Office.onReady fired for Excel, and renders Chinese with the self-hosted font", async () => {
    const page = await open();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
    assert.match((await page.locator("#status").textContent()) ?? "", /已连接 Excel/);
    for (const name of ["插入模板", "校验", "清除标记", "导出结果", "导入粘贴内容", "打开文件…"]) {
      assert.ok(await button(page, name).isVisible(), `button ${name}`);
    }
    await page.evaluate(() => document.fonts.ready);
    // Chinese renders in a Chinese font: the system's first (Microsoft YaHei, PingFang SC, Noto Sans CJK SC …, the
    // stack of taskpane.css), else the bundled Noto Sans SC from the add-in's origin (taskpane/fonts.ts).
    // (The probe of taskpane/fonts.ts, as a string: Latin text measures differently in an installed font.)
    const systemFont = (await page.evaluate(`(function () {
      var context = document.createElement("canvas").getContext("2d");
      var sample = "mmmmmmmmmmlli1234567890";
      context.font = "32px monospace";
      var generic = context.measureText(sample).width;
      var families = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"];
      for (var i = 0; i < families.length; i++) {
        context.font = '32px "' + families[i] + '", monospace';
        if (context.measureText(sample).width !== generic) return families[i];
      }
      return "";
    })()`)) as string;
    if (!systemFont) {
      await page.evaluate(() => document.fonts.load('14px "Noto Sans SC"', "校验"));
      assert.ok(
        await page.evaluate(() => document.fonts.check('14px "Noto Sans SC"', "校验")),
        "Noto Sans SC is loaded for Chinese text"
      );
      assert.ok(
        browser.requests.some((u) => u.startsWith(`${server.origin}/fonts/noto-sans-sc-`)),
        "the font comes from the add-in's origin"
      );
    } else {
      assert.ok(
        !browser.requests.some((u) => u.startsWith(`${server.origin}/fonts/noto-sans-sc-`)),
        `no font file is fetched where the system has ${systemFont}`
      );
    }
    // Fluent UI renders its controls in shadow DOM with the same font stack.
    const buttonFont = await page.evaluate(() => {
      const host = document.querySelector("#app fluent-button")!;
      return getComputedStyle(host.shadowRoot!.querySelector("button")!).fontFamily;
    });
    assert.match(buttonFont, /Noto Sans SC/);
    await screenshot(page, "01-sandbox-start");
    await page.close();
  });

  it("插入模板 writes the statutory tables for the form's year, agency and level, with native formulas by default", async () => {
    const page = await open();
    // The clerk leaves the check-cell option as it is: native formulas (no #NAME? in Excel without the add-in).
    assert.equal(
      await pane(page)
        .getByRole("radio", { name: /普通公式/ })
        .getAttribute("aria-checked"),
      "true"
    );
    const result = await insertTemplate(page, { year: 2020, agency: AGENCY, level: LEVEL });
    assert.equal(result.kind, "ok", result.text);
    assert.match(result.text, /已插入模板：工作表“2020/);
    const [placed] = await placedReports(page);
    assert.equal(placed.format, "2019", "the 2019 format for a 2020 report (formatForYear)");
    assert.deepEqual([...placed.tables.keys()].sort(), ["三", "二", "四"].sort());
    const title = await page.evaluate(
      (sheet) => window.nianbaoSandbox!.fake.values(`'${sheet}'!A1`)[0][0],
      placed.sheet
    );
    assert.match(String(title), new RegExp(`${AGENCY}2020年`));
    // The default: the live check cells hold native formulas, not =NIANBAO.…
    const formulas = await page.evaluate(
      (sheet) => JSON.stringify(window.nianbaoSandbox!.fake.snapshot(sheet).cells),
      placed.sheet
    );
    assert.doesNotMatch(formulas, /NIANBAO\./);
    assert.match(formulas, /=SUM\(/);
    await screenshot(page, "02-template-inserted");
    await page.close();
  });

  it("pasting values, bad ones included, then 校验: the findings and the map are the engine's", async () => {
    // One count mistyped (a broken sum with a fix) …
    const { page, placed } = await withReport(
      withCells(consistent(), [[ref("三", "new", "legalService"), 99]])
    );
    // Pasted in (the template's data validation refuses them when typed, as Excel does; a paste is not validated):
    // text, a placeholder, a negative count, an Excel error.
    const typed: [CellRef, string][] = [
      [ref("三", "granted", "natural"), "abc"],
      [ref("三", "carried", "commercial"), "/"],
      [ref("四", "review", "upheld"), "-1"],
      [ref("三", "next", "other"), "#REF!"],
    ];
    for (const [cell, text] of typed) await pasteInto(page, address(placed, cell), text);
    const report = await readSheet(page, placed, { ...META, explanations: {} });
    assert.deepEqual(
      typed.map(([c]) => report.values.get(cellId(c))),
      ["abc", "/", -1, "#REF!"],
      "Excel stored the pasted values as text, text, number and error"
    );

    const result = await validate(page);
    assert.equal(
      result.kind,
      "error",
      `a summary with errors is shown as an error: ${result.text}`
    );
    const expected = confront(report);
    const s = await summary(page);
    assert.equal(s.errors, expected.summary().errors);
    assert.equal(s.warnings, expected.summary().warnings);
    assert.match(
      s.text,
      new RegExp(
        `${expected.summary().errors} 个错误，${expected.summary().warnings} 条提示，共检查 1 张工作表`
      )
    );
    for (const rule of ["T-NUMBER", "T-NEGATIVE", "W-BLANK", "R3-1"])
      assert.ok(expected.byRule(rule).length, `the scenario has ${rule}`);
    await assertPaneMatchesEngine(page, placed, expected);
    await screenshot(page, "03-findings");
    await screenshot(page, "03b-findings-pane", { selector: "#app article.sheet" });
    await page.close();
  });

  it("one slipped number: the map colours that one cell, not its row and column; clicking a finding, pressing Enter on one, or clicking the map selects it in the sheet", async () => {
    const slipped = ref("三", "new", "natural");
    const wrong = withCells(consistent(), [[slipped, 1]]);
    const { page, placed } = await withReport(wrong);
    await validate(page);
    const expected = confront(await readSheet(page, placed, { ...META, explanations: {} }));
    const sums = expected.findings.filter((f) => f.detail.type === "sum");
    assert.ok(sums.length >= 2);

    // Its row sum and its column sum both break, yet the map points at the one cell the fix changes.
    const colored = [...(await shownMap(page, placed.sheet))].filter(([, c]) => c.state !== "ok");
    assert.deepEqual(
      colored.map(([id]) => id),
      [cellId(slipped)]
    );

    const findingButton = (key: string) =>
      pane(page).locator(`li.finding[data-key="${key}"] > button.finding-main`);
    await findingButton(sums[0].key).click();
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    assert.ok(sums[0].cells.length > 1, "the broken sum names several cells");
    assert.deepEqual(await page.evaluate(() => window.nianbaoSandbox!.selection()), {
      sheet: placed.sheet,
      address: localAddress(placed, slipped),
    });

    await findingButton(sums[1].key).focus();
    await page.keyboard.press("Enter");
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    assert.deepEqual(await page.evaluate(() => window.nianbaoSandbox!.selection()), {
      sheet: placed.sheet,
      address: localAddress(placed, slipped),
    });

    const target = ref("四", "suitDirect", "total");
    await pane(page)
      .locator(`.map-cell[data-cell="${cellId(target)}"]`)
      .click();
    await page.evaluate(() => window.nianbaoSandbox!.idle());
    assert.deepEqual(await page.evaluate(() => window.nianbaoSandbox!.selection()), {
      sheet: placed.sheet,
      address: localAddress(placed, target),
    });
    // The grid shows the selection too.
    assert.equal(
      await page.locator(`#sandbox-grid td.sb-selected`).first().getAttribute("data-address"),
      localAddress(placed, target)
    );
    await page.close();
  });

  it("a single wrong cell: the fix says from → to and why, 应用 writes it, and the report then passes", async () => {
    const good = consistent();
    // A result count of two different digits, so that swapping them is a slip the engine can name.
    const cell = getFormat("2021").cells.find((c) => {
      const v = good.values.get(cellId(c));
      return (
        c.table === "三" &&
        c.column === "natural" &&
        getFormat("2021").row("三", c.row).result &&
        typeof v === "number" &&
        v >= 10 &&
        v % 11 !== 0
      );
    })!;
    const original = good.values.get(cellId(cell)) as number;
    const transposed = Number(String(original).split("").reverse().join(""));
    assert.notEqual(transposed, original, "a two-digit value with different digits");
    const { page, placed } = await withReport(withCells(good, [[cell, transposed]]));
    await validate(page);
    const expected = confront(await readSheet(page, placed, { ...META, explanations: {} }));
    assert.equal(expected.fixes[0].certainty, "unique");
    await assertPaneMatchesEngine(page, placed, expected);

    const fix = pane(page).locator(".fix").first();
    assert.match((await fix.textContent()) ?? "", new RegExp(`可确定的改法`));
    const change = (await fix.locator(".change").first().textContent()) ?? "";
    assert.match(
      change,
      new RegExp(`（${localAddress(placed, cell)}）：${transposed} → ${original}`)
    );
    assert.match(change, /疑似数字颠倒/);
    await screenshot(page, "04-fix-suggested", { selector: "#app article.sheet" });

    const applied = await act(page, () =>
      fix.getByRole("button", { name: "应用", exact: true }).first().click()
    );
    assert.equal(applied.kind, "ok", applied.text);
    assert.match(applied.text, /已应用修改/);
    assert.equal(
      await page.evaluate(
        (a) => window.nianbaoSandbox!.fake.values(a)[0][0],
        address(placed, cell)
      ),
      original
    );
    const s = await summary(page);
    assert.equal(s.errors, 0);
    assert.match(s.text, /全部通过/);
    assert.equal(await pane(page).locator("li.finding").count(), 0);
    assert.equal(
      await pane(page).locator('.map-cell:not([data-state="ok"])').count(),
      0,
      "the map is all ok"
    );
    await screenshot(page, "05-fix-applied", { selector: "#app article.sheet" });
    await page.close();
  });

  it("清除标记 gives every marked cell back exactly the look it had", async () => {
    const { page, placed } = await withReport(
      withCells(consistent(), [
        [ref("三", "new", "other"), 7],
        [ref("四", "review", "total"), "—"],
      ])
    );
    const snapshot = () =>
      page.evaluate(
        (sheet) => JSON.stringify(window.nianbaoSandbox!.fake.snapshot(sheet).cells),
        placed.sheet
      );
    const before = await snapshot();
    await validate(page);
    const marked = await snapshot();
    assert.notEqual(marked, before, "校验 marks cells");
    assert.ok(
      (await page.locator("#sandbox-grid td.sb-has-comment").count()) > 0,
      "the grid shows the marks' comments"
    );
    const cleared = await act(page, () => button(page, "清除标记").click());
    assert.equal(cleared.kind, "ok", cleared.text);
    assert.match(cleared.text, /已清除 \d+ 处标记/);
    assert.equal(await snapshot(), before, "formats, comments and values as before 校验");
    assert.match((await summary(page)).text, /尚未校验/);
    await page.close();
  });

  it("a warning's 说明 is kept in the workbook: it no longer counts, and is shown again after a reload", async () => {
    const { page, placed } = await withReport(
      withCells(consistent(), [[ref("二", "rules", "issued"), 2]])
    );
    await validate(page);
    const expected = confront(await readSheet(page, placed, { ...META, explanations: {} }));
    const warning = expected.byRule("W-RULEMAKING")[0];
    assert.ok(warning, "规章 from a 县级部门 is warned about");
    const item = pane(page).locator(`li.finding[data-key="${warning.key}"]`);
    await item.getByRole("button", { name: "说明", exact: true }).click();
    const text = "经核实：本局受市政府委托起草，数字为起草件数 <i>2</i>";
    await item.getByRole("textbox", { name: /说明/ }).fill(text);
    const saved = await act(page, () => item.getByRole("button", { name: "保存说明" }).click());
    assert.equal(saved.kind, "ok", saved.text);
    const explainedItem = pane(page).locator(`li.finding-explained[data-key="${warning.key}"]`);
    assert.ok(((await explainedItem.textContent()) ?? "").includes(`说明：${text}`));
    assert.equal((await summary(page)).warnings, expected.summary().warnings - 1);
    await screenshot(page, "06-explained", { selector: "#app article.sheet" });
    await page.close();

    // A new page load: the workbook comes back from the browser's storage, the 说明 with it.
    const again = await open("");
    await validate(again);
    const reloaded = pane(again).locator(`li.finding-explained[data-key="${warning.key}"]`);
    assert.equal(await reloaded.count(), 1);
    assert.ok(((await reloaded.textContent()) ?? "").includes(`说明：${text}`));
    assert.equal(await again.locator("#app i").count(), 0, "the 说明 is text, not markup");
    const withExplanation = confront(
      await readSheet(again, placed, { ...META, explanations: { [warning.key]: text } })
    );
    await assertPaneMatchesEngine(again, placed, withExplanation);
    assert.equal((await summary(again)).warnings, withExplanation.summary().warnings);
    await again.close();
  });

  it("untrusted text — cell values, the agency's name, a file name — is shown as text, never as HTML", async () => {
    const page = await open();
    const agency = `某局<b id="bold">粗体</b><img src=x onerror="window.__pwned=1">`;
    await insertTemplate(page, { year: YEAR, agency, level: LEVEL });
    const [placed] = await placedReports(page);
    await fillSheet(page, placed, consistent());
    const payload = `<img src=x onerror="window.__pwned=2">`;
    await pasteInto(page, address(placed, ref("三", "granted", "research")), payload);
    await validate(page);
    const shown = await shownFindings(page, placed.sheet);
    assert.ok(
      shown.some((f) => f.rule === "T-NUMBER" && f.text.includes(payload)),
      "the value is quoted as typed"
    );
    assert.ok(
      ((await pane(page).locator("article.sheet .hint").first().textContent()) ?? "").includes(
        agency
      ),
      "the agency's name is shown as typed"
    );
    const file = await act(page, () =>
      page.locator("#import-file").setInputFiles({
        name: `<img src=x onerror="window.__pwned=3">.txt`,
        mimeType: "text/plain",
        buffer: Buffer.from("没有年报表格的文字"),
      })
    );
    assert.equal(file.kind, "error");
    assert.ok(
      file.text.includes(`<img src=x onerror="window.__pwned=3">.txt`),
      "the file name is quoted as text"
    );
    await page.waitForTimeout(200);
    assert.equal(await page.locator("img").count(), 0, "no <img> anywhere on the page");
    assert.equal(await page.locator("#bold").count(), 0);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    await screenshot(page, "07-untrusted-text", { selector: "#app article.sheet" });
    await page.close();
  });

  it("导出结果 writes the findings to a new sheet 校验结果", async () => {
    const { page } = await withReport(withCells(consistent(), [[ref("三", "new", "natural"), 99]]));
    await validate(page);
    const exported = await act(page, () => button(page, "导出结果").click());
    assert.equal(exported.kind, "ok", exported.text);
    assert.match(exported.text, /校验结果/);
    const sheets = await page.evaluate(() => window.nianbaoSandbox!.fake.sheetNames());
    assert.ok(sheets.includes("校验结果"), sheets.join(", "));
    const text = await page.evaluate(() =>
      JSON.stringify(window.nianbaoSandbox!.fake.snapshot("校验结果").cells)
    );
    assert.match(text, /R3-1/);
    await page.close();
  });

  it("imports pasted report JSON and an opened .txt report into new sheets, validated", async () => {
    const page = await open();
    const json = fs.readFileSync(path.join(ROOT, "examples", "transposed-digit-2023.json"), "utf8");
    await pane(page)
      .getByRole("textbox", { name: /粘贴年报全文/ })
      .fill(json);
    const pasted = await act(page, () => button(page, "导入粘贴内容").click());
    assert.equal(pasted.kind, "error", `imported, with errors: ${pasted.text}`);
    assert.match(pasted.text, /已将“粘贴内容”导入为工作表/);
    const parsed = parseInterchange(json);
    assert.ok(parsed.ok);
    const [first] = await placedReports(page);
    const fromJson = confront(parsed.report);
    const shown = await shownFindings(page, first.sheet);
    assert.deepEqual(
      shown
        .filter((f) => f.severity === "error")
        .map((f) => f.key)
        .sort(),
      fromJson
        .errors()
        .map((f) => f.key)
        .sort()
    );
    assert.ok(
      ((await pane(page).locator(".change").first().textContent()) ?? "").includes("74 → 47"),
      "the transposed digit is found"
    );

    const file = path.join(ROOT, "test", "fixtures", "corpus", "001.txt");
    const opened = await act(page, () => page.locator("#import-file").setInputFiles(file));
    assert.equal(
      opened.kind,
      "error",
      `the workbook still holds the first report's errors: ${opened.text}`
    );
    assert.match(opened.text, /已将“001\.txt”导入为工作表/);
    const read = await importAndCheck(file, fs.readFileSync(file));
    assert.ok(read.ok);
    const placed = (await placedReports(page)).find((p) => p.uid !== first.uid)!;
    const rules = (await shownFindings(page, placed.sheet)).map((f) => f.rule).sort();
    // The pane shows what `nianbao check 001.txt` says of the file: the narrative's checks (W-SECTION-*, W-TEXT-NUMBER)
    // and the importer's notes too, not only what the written cells show.
    assert.deepEqual(rules, read.result.findings.map((f) => f.rule).sort());
    assert.ok(
      rules.some((r) => r.startsWith("W-SECTION") || r === "W-TEXT-NUMBER" || r.startsWith("I-")),
      rules.join(",")
    );
    assert.ok(
      browser.requests.some((u) => u === `${server.origin}/chunks/importers.js`),
      "the importers load on demand from the add-in's origin"
    );
    await screenshot(page, "08-imported");
    await page.close();
  });

  it("imports a filled .xlsx template opened in the pane (read by the light reader, exceljs not loaded), validated", async () => {
    const page = await open();
    const report = withCells(consistent(), [[ref("三", "granted", "natural"), 51]]);
    const bytes = await reportBuffer({ ...report, year: 2024, agency: "某县统计局" });
    const opened = await act(page, () =>
      page.locator("#import-file").setInputFiles({
        name: "统计局2024.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: bytes,
      })
    );
    assert.equal(opened.kind, "error", `imported, with errors: ${opened.text}`);
    const [placed] = await placedReports(page);
    const shown = (await shownFindings(page, placed.sheet))
      .filter((f) => f.severity === "error")
      .map((f) => f.key)
      .sort();
    assert.deepEqual(
      shown,
      confront(report)
        .errors()
        .map((f) => f.key)
        .sort()
    );
    assert.ok(shown.length > 0, "the wrong cell read from the .xlsx is found");
    // Read by the light reader (src/xlsx/light.ts) in the browser: exceljs's chunk is never fetched.
    assert.ok(
      !browser.requests.some((u) => u.endsWith("/chunks/exceljs.js")),
      "the .xlsx is read without loading exceljs"
    );
    await page.close();
  });

  it("the ribbon's 校验 shows its findings in the pane, with every equally small fix of 表四 listed", async () => {
    const { page, placed } = await withReport(
      withCells(consistent(), [[ref("四", "review", "upheld"), 5]])
    );
    await page.locator("#sandbox-ribbon").getByRole("button", { name: "功能区 校验" }).click();
    await page.waitForSelector("#app li.finding");
    const expected = confront(await readSheet(page, placed, { ...META, explanations: {} }));
    await assertPaneMatchesEngine(page, placed, expected);
    assert.match((await page.locator("#status").textContent()) ?? "", /1 个错误/);
    // One equation of 表四 cannot tell which of its five cells is wrong: every equally small fix is listed, each
    // with its own 应用.
    const group = expected.fixes.filter((f) => f.group === expected.fixes[0].group);
    assert.equal(group[0].certainty, "oneOf");
    const fix = pane(page).locator('.fix[data-certainty="oneOf"]');
    assert.equal(await fix.locator(".fix-option").count(), group.length);
    assert.equal(
      await fix.getByRole("button", { name: "应用", exact: true }).count(),
      group.length
    );
    assert.match(
      (await fix.locator(".fix-how").textContent()) ?? "",
      new RegExp(`共 ${group.length} 种同样小的改法`)
    );
    await page.close();
  });

  it("made no request outside the add-in's origin, and the pages' security policy held", () => {
    const outside = browser.requests.filter(
      (u) => !u.startsWith(`${server.origin}/`) && !u.startsWith("data:")
    );
    assert.deepEqual(outside, [], "sandbox.html loads nothing from elsewhere (not even office.js)");
    assert.ok(!browser.requests.includes(OFFICE_JS));
    for (const log of logs) {
      assert.deepEqual(log.errors, []);
      // zod probes once whether eval is allowed (new Function("")) and falls back when the policy says no.
      assert.deepEqual(log.cspViolations, []);
    }
  });
});
