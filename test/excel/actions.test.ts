import assert from "node:assert/strict";
import { isActionRegistered, runAction, setActionErrorReporter } from "../../taskpane/actions";
import { defaultInsertOptions, insertTemplate, type WorkbookValidation } from "../../src/excel";
import { registerExcelActions } from "../../taskpane/ribbon";
import { ref } from "../helpers/reports";
import { addressOf, AGENCY, fillSheet, goodReport, setup, typeInto } from "./helpers";

describe("excel adapter: the ribbon's actions", () => {
  let unregister: (() => void) | undefined;
  let failures: string[] = [];
  beforeEach(() => {
    failures = [];
    setActionErrorReporter((_name, message) => failures.push(message));
  });
  afterEach(() => {
    unregister?.();
    unregister = undefined;
    setActionErrorReporter(undefined);
  });

  it("插入模板 from the ribbon inserts last year's report in its format", async () => {
    const { fake, run } = setup();
    const messages: string[] = [];
    unregister = registerExcelActions(run, { notify: (m) => void messages.push(m) });
    assert.ok(
      isActionRegistered("insertTemplate") &&
        isActionRegistered("validate") &&
        isActionRegistered("clearMarks")
    );
    assert.equal(await runAction("insertTemplate"), true);
    const { year, format } = defaultInsertOptions();
    assert.equal(format, year >= 2021 ? "2021" : "2019");
    assert.deepEqual(fake.sheetNames(), ["Sheet1", `${year}年报`]);
    assert.deepEqual(messages, [`已插入工作表“${year}年报”，请在浅黄色的格中填写。`]);
  });

  it("校验 with the pane closed: findings go to the pane; when all pass, a notification", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    fillSheet(fake, uid, goodReport("2021"));
    const shown: WorkbookValidation[] = [];
    const messages: string[] = [];
    unregister = registerExcelActions(run, {
      showValidation: (v) => void shown.push(v),
      notify: (m) => void messages.push(m),
    });

    assert.equal(await runAction("validate"), true);
    assert.equal(shown.length, 0);
    assert.deepEqual(messages, ["校验通过：“2025年报”没有发现问题。"]);

    typeInto(fake, addressOf(fake, uid, "2021", ref("三", "granted", "natural")), 999);
    assert.equal(await runAction("validate"), true);
    assert.equal(shown.length, 1);
    assert.ok(!shown[0].sheets[0].result.passes());

    assert.equal(await runAction("clearMarks"), true);
    assert.match(messages[1], /^已清除 \d+ 个单元格的标记。$/);
    assert.deepEqual(failures, []);
  });

  it("a failure reaches the error reporter with the adapter's Chinese message", async () => {
    const { run } = setup();
    unregister = registerExcelActions(run);
    assert.equal(await runAction("validate"), false);
    assert.deepEqual(failures, ["“校验”未能完成：本工作簿中没有年报表格，请先点击“插入模板”。"]);
  });
});
