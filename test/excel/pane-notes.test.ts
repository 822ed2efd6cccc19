import assert from "node:assert/strict";
import { insertTemplate, validateWorkbook } from "../../src/excel";
import { ref } from "../helpers/reports";
import { zh } from "../../taskpane/i18n/zh";
import { insertedText, validationNotes } from "../../taskpane/view";
import { HOSTS } from "../fake-excel/host";
import { addressOf, AGENCY, fillSheet, goodReport, setup, setupHost, typeInto } from "./helpers";

/**
 * What the pane tells the clerk after 插入模板 and 校验 on an Excel that lacks something (issue 12 item 1): the
 * adapter's Chinese problems and notices reach the status line and the 注意 box, not only the adapter's result.
 */
describe("pane: what this Excel could not do is said to the clerk", () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  it("Office 2019: 插入模板 says the template has no input check and no print setup; 校验 says the marks have no comments", async () => {
    const host = setupHost(HOSTS.office2019);
    uninstall = host.uninstall;
    const inserted = await insertTemplate(host.run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "formulas",
    });
    const status = insertedText(zh.inserted(inserted.sheetName), inserted);
    assert.ok(status.startsWith(zh.inserted(inserted.sheetName)), status);
    assert.match(status, /数据验证/);
    assert.match(status, /打印设置/);

    fillSheet(host.fake, inserted.uid, goodReport("2021"));
    typeInto(
      host.fake,
      addressOf(host.fake, inserted.uid, "2021", ref("三", "new", "natural")),
      999
    );
    const v = await validateWorkbook(host.run);
    const notes = validationNotes(v);
    assert.ok(v.notices.length > 0);
    assert.match(notes.join("\n"), /单元格批注（需要 ExcelApi 1\.10）/);
  });

  it("an Excel with everything: nothing more than the sentence, and no 注意 box", async () => {
    const { run, fake } = setup();
    const inserted = await insertTemplate(run, { format: "2021", year: 2025, checks: "formulas" });
    assert.equal(
      insertedText(zh.inserted(inserted.sheetName), inserted),
      zh.inserted(inserted.sheetName)
    );
    fillSheet(fake, inserted.uid, goodReport("2021"));
    typeInto(fake, addressOf(fake, inserted.uid, "2021", ref("三", "new", "natural")), 999);
    assert.deepEqual(validationNotes(await validateWorkbook(run)), []);
  });
});
