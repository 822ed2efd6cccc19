/**
 * What the pane says a host lacks (taskpane/host.ts), for the hosts of the README's table, each described by the
 * requirement sets Microsoft's requirement-set pages give it.
 */
import assert from "node:assert/strict";
import { missingFeatures, hasSharedRuntime, type Requirements } from "../taskpane/host";
import { excelApiHosts } from "../src/excel/errors";
import { FEATURES } from "../src/excel/capabilities";

/** A host that supports ExcelApi up to `excelApi` and the listed other sets (version 1.1). */
function host(excelApi: string, others: string[] = []): Requirements {
  const minor = (v: string) => Number(v.split(".")[1]);
  return {
    isSetSupported: (name, version = "1.1") =>
      name === "ExcelApi" ? minor(version) <= minor(excelApi) : others.includes(name),
  };
}

const OFFICE_2016 = host("1.1");
const OFFICE_2019 = host("1.7");
const OFFICE_2021 = host("1.14", ["SharedRuntime", "CustomFunctionsRuntime"]);
const MICROSOFT_365 = host("1.20", ["SharedRuntime", "CustomFunctionsRuntime"]);

describe("what the pane says this Excel lacks", () => {
  it("Office 2019: insert and validate are offered; the pane names each degradation the adapter makes", () => {
    const missing = missingFeatures(OFFICE_2019);
    assert.deepEqual(
      missing.map((m) => m.feature),
      [
        "dataValidation",
        "cellProperties",
        "pageLayout",
        "comments",
        "notes",
        "customFunctions",
        "sharedRuntime",
      ]
    );
    const text = missing.map((m) => m.message).join("\n");
    assert.doesNotMatch(
      text,
      /插入模板、校验、标记都无法使用/,
      "Excel 2019 has the adapter's ExcelApi 1.7"
    );
    const say = (feature: string) => missing.find((m) => m.feature === feature)!.message;
    assert.match(say("dataValidation"), /数据验证.*ExcelApi 1\.8.*Excel 2021 及以后版本.*输入限制/);
    assert.match(say("cellProperties"), /ExcelApi 1\.9.*逐格设置.*恢复为无填充/);
    assert.match(say("comments"), /批注.*ExcelApi 1\.10.*不加批注/);
    assert.match(say("sharedRuntime"), /选项卡.*SharedRuntime 1\.1.*2108.*我的加载项/);
    assert.match(say("customFunctions"), /NIANBAO.*普通公式/);
    assert.equal(hasSharedRuntime(OFFICE_2019), false);
  });

  it("Office 2016: insert and validate are not available, and the pane points to the .xlsx template", () => {
    const missing = missingFeatures(OFFICE_2016);
    assert.deepEqual(
      missing.map((m) => m.feature),
      ["workbook"]
    );
    assert.match(missing[0].message, /ExcelApi 1\.7.*Excel 2019 及以后版本/);
    assert.match(missing[0].message, /插入模板、校验、标记都无法使用/);
    assert.match(missing[0].message, /nianbao template.*\.xlsx 模板/);
  });

  it("Office 2021 LTSC lacks only reading notes; Microsoft 365 nothing", () => {
    assert.deepEqual(
      missingFeatures(OFFICE_2021).map((m) => m.feature),
      ["notes"]
    );
    assert.deepEqual(missingFeatures(MICROSOFT_365), []);
    assert.equal(hasSharedRuntime(OFFICE_2021), true);
  });

  it("a host with ExcelApi 1.9 but not 1.10 keeps validation and loses only the comments and notes", () => {
    const missing = missingFeatures(host("1.9", ["SharedRuntime", "CustomFunctionsRuntime"]));
    assert.deepEqual(
      missing.map((m) => m.feature),
      ["comments", "notes"]
    );
    assert.match(missing[0].message, /批注/);
  });

  it("says what the adapter does: one declaration, the adapter's requirement set for every feature", () => {
    for (const m of missingFeatures(host("1.1"), "zh").concat(missingFeatures(OFFICE_2019))) {
      assert.equal(m.set, FEATURES[m.feature].set);
      assert.equal(m.version, FEATURES[m.feature].version);
      assert.ok(m.message.includes(FEATURES[m.feature].without), m.message);
    }
  });

  it("a requirements object that throws counts as not supported, and no Office says nothing", () => {
    const broken: Requirements = {
      isSetSupported: () => {
        throw new Error("boom");
      },
    };
    assert.deepEqual(
      missingFeatures(broken).map((m) => m.feature),
      ["workbook"]
    );
    assert.deepEqual(missingFeatures(undefined), []);
  });

  it("speaks English when Office does, naming the Excel versions in English", () => {
    const missing = missingFeatures(OFFICE_2019, "en");
    assert.match(
      missing[0].message,
      /^This Excel lacks Data validation .*needs ExcelApi 1\.8: Excel 2021 or later.*still pointed out by Validate\.$/
    );
    // Only the tab's own name stays Chinese.
    for (const m of missing) {
      assert.doesNotMatch(m.message.replace(/政务公开年报/g, ""), /[\u4e00-\u9fff]/u, m.message);
    }
    assert.match(
      missingFeatures(OFFICE_2016, "en")[0].message,
      /Excel 2019 or later.*nianbao template/
    );
  });
});

describe("the Excel versions named for an ExcelApi set (the adapter's message)", () => {
  it("follows Microsoft's table: 2016 has 1.1, 2019 up to 1.7, 2021 up to 1.14, 2024 up to 1.17", () => {
    assert.match(excelApiHosts("1.1"), /Excel 2016/);
    assert.match(excelApiHosts("1.7"), /Excel 2019/);
    assert.match(excelApiHosts("1.8"), /Excel 2021/);
    assert.match(excelApiHosts("1.9"), /Excel 2021/);
    assert.match(excelApiHosts("1.14"), /Excel 2021/);
    assert.match(excelApiHosts("1.15"), /Excel 2024/);
    assert.match(excelApiHosts("1.17"), /Excel 2024/);
    assert.match(excelApiHosts("1.18"), /^Microsoft 365/);
    assert.match(excelApiHosts("1.7", "en"), /^Excel 2019 or later/);
  });
});
