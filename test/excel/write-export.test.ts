import assert from "node:assert/strict";
import { cellId } from "../../src/format";
import { formatFinding, ruleBadge } from "../../src/messages";
import {
  COMMENT_MARKER,
  exportFindings,
  insertTemplate,
  settingKey,
  validateWorkbook,
  writeReport,
} from "../../src/excel";
import { ref } from "../helpers/reports";
import { addressOf, AGENCY, fillSheet, flaggedCells, goodReport, setup, typeInto } from "./helpers";

describe("excel adapter: writing a report read from a file; exporting the findings", () => {
  it("a report is written into a new template sheet as published, its uncertain cells marked, then validated", async () => {
    const { fake, run } = setup();
    const report = goodReport("2021", 2024);
    report.agency = "某县某镇人民政府";
    const uncertain = ref("三", "granted", "natural");
    report.values.set(cellId(ref("四", "review", "pending")), "/");
    report.values.set(cellId(ref("二", "licensing", "decisions")), "１２");
    report.values.set(cellId(ref("二", "penalty", "decisions")), null);
    report.uncertain = new Set([cellId(uncertain)]);
    report.notes = [
      {
        code: "I-UNCERTAIN",
        message: "表三“予以公开”行的数字“1234”可以有多种拆分；暂按 12/34 读取，请核对原表。",
        cells: [uncertain],
      },
      { code: "xlsx-names", message: "表三：按工作簿中的表格名称定位" },
    ];
    const written = await writeReport(run, report, { checks: "formulas" });
    assert.equal(written.sheetName, "2024年报");
    const { uid, sheetName, validation } = written;
    const at = (c: ReturnType<typeof ref>) => fake.cell(addressOf(fake, uid, "2021", c));
    assert.equal(at(ref("四", "review", "pending")).value, "/");
    assert.equal(at(ref("二", "licensing", "decisions")).value, "１２");
    assert.equal(at(ref("二", "licensing", "decisions")).valueType, "String");
    assert.equal(at(ref("二", "penalty", "decisions")).value, "");
    assert.equal(at(uncertain).value, report.values.get(cellId(uncertain)));
    assert.match(String(fake.cell(`'${sheetName}'!A1`).value), /某县某镇人民政府2024年/);
    assert.deepEqual(
      (fake.settings()[settingKey(uid)] as { year: number; agency: string }).year,
      2024
    );

    const sheet = validation.sheets[0];
    assert.equal(sheet.uid, uid);
    const [note] = sheet.result.byRule("I-UNCERTAIN");
    assert.equal(formatFinding(sheet.result.model, note), report.notes[0].message);
    assert.deepEqual(
      sheet.result.byRule("xlsx-names"),
      [],
      "only notes about cells are kept with the sheet"
    );
    const address = addressOf(fake, uid, "2021", uncertain);
    assert.equal(flaggedCells(fake, sheetName).get(address), "warning");
    assert.ok(
      fake
        .comments()
        .find((c) => c.address === address)!
        .content.includes(report.notes[0].message)
    );
    assert.ok(sheet.result.byRule("W-NUMBER-FORM").length && sheet.result.byRule("W-BLANK").length);
    assert.ok(sheet.result.byRule("W-RULEMAKING").length === 0, "no 规章 was reported");

    // Once the clerk has checked the cell and typed the value, the importer's doubt is gone.
    typeInto(fake, address, report.values.get(cellId(uncertain)) as number);
    assert.equal(
      (await validateWorkbook(run)).sheets[0].result.byRule("I-UNCERTAIN").length,
      1,
      "same value: still uncertain"
    );
    typeInto(fake, address, 13);
    assert.deepEqual((await validateWorkbook(run)).sheets[0].result.byRule("I-UNCERTAIN"), []);
  });

  it("the findings go to a new sheet 校验结果, one row per finding, with the cells, the rule's plain name and the engine's messages (the code last, for those who ask)", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    fillSheet(fake, uid, goodReport("2021"));
    const cell = ref("三", "granted", "natural");
    typeInto(fake, addressOf(fake, uid, "2021", cell), 999);
    typeInto(fake, addressOf(fake, uid, "2021", ref("二", "licensing", "decisions")), "/");
    const v = await validateWorkbook(run);
    const snapshot = fake.snapshot("2025年报");
    const name = await exportFindings(run, v);
    assert.equal(name, "校验结果");
    assert.equal(fake.activeSheet(), "校验结果");
    const findings = v.sheets[0].result.findings;
    const rows = fake.values(`校验结果!A1:H${findings.length + 1}`);
    assert.deepEqual(rows[0], [
      "工作表",
      "单元格",
      "级别",
      "问题",
      "说明",
      "建议修改",
      "已作说明",
      "规则代码",
    ]);
    findings.forEach((f, i) => {
      const row = rows[i + 1];
      assert.equal(row[0], "2025年报");
      assert.equal(row[2], f.severity === "error" ? "错误" : "提示");
      assert.equal(row[3], ruleBadge(f.rule));
      assert.doesNotMatch(String(row[3]), /[RTWI]\d?-/);
      assert.equal(row[4], formatFinding(v.sheets[0].result.model, f));
      assert.equal(row[7], f.rule);
    });
    const r31 = rows.find((r) => r[3] === "各类申请人合计")!;
    assert.ok(String(r31[1]).includes(addressOf(fake, uid, "2021", cell).replace(/^.*!/, "")));
    assert.match(String(r31[5]), /可确定的改法/);
    assert.equal(fake.cell("校验结果!A1").font.bold, true);
    assert.deepEqual(fake.snapshot("2025年报"), snapshot, "the report sheet is not touched");
    assert.equal(await exportFindings(run, v), "校验结果 (2)");
    assert.ok(fake.comments().every((c) => c.content.startsWith(COMMENT_MARKER)));
  });
});
