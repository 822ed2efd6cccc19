import assert from "node:assert/strict";
import { FEATURES, hostCapabilities } from "../../src/excel";
import { HOSTS, isSetSupported, type HostProfile } from "../fake-excel/host";

/** What the pane says on each host (issue 12 item 1): every feature the host lacks, named in Chinese with its set. */
describe("host capabilities: the Chinese message for every missing feature", () => {
  const of = (host: HostProfile) =>
    hostCapabilities((name, version) => isSetSupported(host, name, version));

  it("Microsoft 365 and the web lack nothing", () => {
    assert.deepEqual(of(HOSTS.m365).messages(), []);
    assert.deepEqual(of(HOSTS.web).messages(), []);
  });

  it("Office LTSC 2024 lacks only reading notes (ExcelApi 1.18)", () => {
    assert.deepEqual(
      of(HOSTS.office2024)
        .missing()
        .map((m) => m.feature),
      ["notes"]
    );
    assert.match(
      of(HOSTS.office2024).messages()[0],
      /^当前 Excel 不支持读取单元格备注（需要 ExcelApi 1\.18）：/
    );
  });

  it("Office 2019 lacks data validation, bulk formats, page setup, comments, notes, custom functions and the shared runtime", () => {
    const missing = of(HOSTS.office2019).missing();
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
    for (const m of missing) {
      assert.ok(m.message.includes(m.label), m.feature);
      assert.ok(m.message.includes(`${m.set} ${m.version}`), m.feature);
      assert.ok(!/[A-Za-z]{4,}Error|undefined/.test(m.message));
    }
  });

  it("Office 2016 cannot run the pane at all: ExcelApi 1.7 is named", () => {
    assert.ok(!of(HOSTS.office2016).has("workbook"));
    assert.match(of(HOSTS.office2016).message("workbook"), /需要 ExcelApi 1\.7/);
  });

  it("without Office (tests, the sandbox) every feature is there; a throwing isSetSupported counts as missing", () => {
    assert.ok(
      (Object.keys(FEATURES) as (keyof typeof FEATURES)[]).every((f) => hostCapabilities().has(f))
    );
    const broken = hostCapabilities(() => {
      throw new Error("no requirements API");
    });
    assert.equal(broken.has("comments"), false);
  });
});
