import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { confront } from "../../src/check";
import { getFormat } from "../../src/format";
import { parseInterchange, toInterchange } from "../../src/interchange";
import { inferLevel, type Report } from "../../src/report";
import { ref, withCells } from "../helpers/reports";

/** A real published report (五原县和胜乡 2021, see test/fixtures/engine/seed-2021.md): all zeros, and correct. */

function seed(): Report {
  const parsed = parseInterchange(
    readFileSync(join(__dirname, "../fixtures/engine/seed-2021.json"), "utf8")
  );
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.issues.map((i) => i.message).join("; "));
  return parsed.report;
}

describe("the seed report: 五原县和胜乡 2021", () => {
  it("reads every cell of the 2021 format, with the labels as the township printed them", () => {
    const report = seed();
    assert.equal(report.format, "2021");
    assert.equal(report.year, 2021);
    assert.equal(report.agency, "五原县和胜乡");
    assert.equal(report.values.size, getFormat("2021").cells.length);
  });

  it("passes: no error, no warning, no fix", () => {
    const c = confront(seed());
    assert.equal(c.passes(), true);
    assert.deepEqual(c.findings, []);
    assert.deepEqual(c.fixes, []);
  });

  it("is a township (乡) with 规章 0, so no W-RULEMAKING — which a 规章 would raise", () => {
    assert.equal(inferLevel(seed().agency), "乡镇");
    assert.deepEqual(confront(seed()).byRule("W-RULEMAKING"), []);
    const misplaced = withCells(seed(), [[ref("二", "rules", "issued"), 1]]);
    assert.deepEqual(
      confront(misplaced)
        .byRule("W-RULEMAKING")
        .map((f) => f.cells),
      [[ref("二", "rules", "issued")]]
    );
  });

  it("is written back with the official labels", () => {
    const cells = toInterchange(seed()).cells;
    const labels = new Set(cells.map((c) => `${c.table}|${c.row}|${c.column}`));
    assert.ok(labels.has("二|行政规范性文件|本年制发件数"));
    assert.ok(labels.has("二|行政事业性收费|本年收费金额（单位：万元）"));
    assert.ok(
      labels.has("三|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|自然人")
    );
    assert.ok(labels.has("三|（二）部分公开（区分处理的，只计这一情形，不计其他情形）|总计"));
    assert.ok(!labels.has("二|规范性文件|本年制发件数"));
  });
});
