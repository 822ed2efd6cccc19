/**
 * What the pane says a host lacks (taskpane/host.ts), for the hosts of the README's table, each described by the
 * requirement sets Microsoft's requirement-set pages give it.
 */
import assert from "node:assert/strict";
import { missingFeatures, hasSharedRuntime, type Requirements } from "../taskpane/host";
import { excelApiHosts } from "../src/excel/errors";

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
  it("Office 2019: every feature but reading is named, with Excel 2021 or Microsoft 365 as the way out", () => {
    const missing = missingFeatures(OFFICE_2019);
    assert.deepEqual(
      missing.map((m) => m.feature),
      ["template", "validate", "comments", "ribbon", "functions"]
    );
    const template = missing.find((m) => m.feature === "template")!;
    assert.match(template.message, /插入模板/);
    assert.match(template.message, /ExcelApi 1\.9/);
    assert.match(template.message, /Excel 2021 及以后版本/);
    assert.doesNotMatch(template.message, /Excel 2019/, "Excel 2019 does not have ExcelApi 1.9");
    assert.match(missing.find((m) => m.feature === "ribbon")!.message, /SharedRuntime 1\.1.*2108/);
    assert.match(missing.find((m) => m.feature === "functions")!.message, /NIANBAO/);
    assert.equal(hasSharedRuntime(OFFICE_2019), false);
  });

  it("Office 2016: the same five, since it has ExcelApi 1.1 only", () => {
    assert.equal(missingFeatures(OFFICE_2016).length, 5);
  });

  it("Office 2021 LTSC and Microsoft 365: nothing to say", () => {
    assert.deepEqual(missingFeatures(OFFICE_2021), []);
    assert.deepEqual(missingFeatures(MICROSOFT_365), []);
    assert.equal(hasSharedRuntime(OFFICE_2021), true);
  });

  it("a host with ExcelApi 1.9 but not 1.10 keeps validation and loses only the comments", () => {
    const missing = missingFeatures(host("1.9", ["SharedRuntime", "CustomFunctionsRuntime"]));
    assert.deepEqual(
      missing.map((m) => m.feature),
      ["comments"]
    );
    assert.match(missing[0].message, /批注/);
  });

  it("a requirements object that throws counts as not supported, and no Office says nothing", () => {
    const broken: Requirements = {
      isSetSupported: () => {
        throw new Error("boom");
      },
    };
    assert.equal(missingFeatures(broken).length, 5);
    assert.deepEqual(missingFeatures(undefined), []);
  });

  it("speaks English when Office does", () => {
    const [first] = missingFeatures(OFFICE_2019, "en");
    assert.match(
      first.message,
      /^This Excel cannot do “Insert template, import”: it needs ExcelApi 1\.9/
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
  });
});
