import assert from "node:assert/strict";
import { insertTemplate, validateWorkbook, writeReport } from "../../src/excel";
import { saveNarrative } from "../../src/excel/narrative";
import { readStoredStates } from "../../src/excel/pane-state";
import { NARRATIVE_MAX_CHARS } from "../../src/excel/store";
import { preparePublication } from "../../src/publish";
import { AGENCY, fillSheet, goodReport, setup, syncSplit } from "./helpers";

const CLERK_TEXT = [
  "五、存在的主要问题及改进情况",
  "一是政府信息公开平台栏目更新不够及时；二是依申请公开答复的规范性有待提高。",
  "六、其他需要报告的事项",
  "本年度未收取信息处理费。",
].join("\n");

/** The paragraphs the published document has under a heading. */
function paragraphsUnder(text: string | undefined, heading: string, report = goodReport("2021")) {
  const prepared = preparePublication(report, { blankAsZero: true, ...(text ? { text } : {}) });
  assert.ok(prepared.ok);
  return prepared.publication.sections
    .find((s) => s.heading.includes(heading))!
    .paragraphs.map((p) => p.text);
}

/**
 * Issue 11 item 3: the clerk's own text of the report (年报正文, sections 一 … 六) is kept in the workbook with its
 * sheet — typed in the 导出年报 card or taken from an imported report — and comes back after a reload and in the export.
 */
describe("excel adapter: the report's own text is kept in the workbook", () => {
  it("text typed for a sheet is saved in one round trip and is still there when the pane is opened again", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    const other = await insertTemplate(run, {
      format: "2021",
      year: 2024,
      agency: AGENCY,
      checks: "none",
    });

    const from = fake.syncCount();
    await saveNarrative(run, uid, CLERK_TEXT);
    assert.deepEqual(syncSplit(fake, from), { total: 1, reads: 0, writes: 1 });

    // A reload: a new pane reads the same workbook.
    const states = await readStoredStates(run);
    assert.equal(states.find((s) => s.uid === uid)?.text, CLERK_TEXT);
    assert.equal(states.find((s) => s.uid === other.uid)?.text, undefined);
    // The report's own setting is untouched (it is rewritten on every validation: the text does not travel with it).
    assert.ok(!JSON.stringify(fake.settings()[`NB_${uid}`]).includes("本年度未收取信息处理费"));
  });

  it("text cleared by the clerk stays cleared", async () => {
    const { run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    await saveNarrative(run, uid, CLERK_TEXT);
    await saveNarrative(run, uid, "");
    const [state] = await readStoredStates(run);
    assert.equal(state.text, undefined);
  });

  it("an imported report's text is kept with the sheet it was written to, in the same round trips", async () => {
    const { fake, run } = setup();
    const from = fake.syncCount();
    const written = await writeReport(run, { ...goodReport("2021"), text: CLERK_TEXT });
    const plain = setup();
    const plainFrom = plain.fake.syncCount();
    await writeReport(plain.run, goodReport("2021"));
    assert.equal(fake.syncCount() - from, plain.fake.syncCount() - plainFrom);

    const [state] = await readStoredStates(run);
    assert.equal(state.uid, written.uid);
    assert.equal(state.text, CLERK_TEXT);
    assert.equal(written.validation.sheets[0].text, CLERK_TEXT);
    // The text holds only the sections the clerk writes (五, 六): no warning that 一 … 四 are missing from it, the
    // export writes those from the tables.
    assert.deepEqual(
      written.validation.sheets[0].result.warnings().map((f) => f.rule),
      []
    );
  });

  it("the export of a sheet uses the text kept with it", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    fillSheet(fake, uid, goodReport("2021"));
    await saveNarrative(run, uid, CLERK_TEXT);
    const v = await validateWorkbook(run);
    assert.equal(v.sheets[0].text, CLERK_TEXT);
    // What the publish card does when its box is empty: the sheet's own text goes into sections 五 and 六.
    const under = paragraphsUnder(v.sheets[0].text, "六、", v.sheets[0].result.report);
    assert.ok(under.includes("本年度未收取信息处理费。"), under.join("\n"));
    assert.ok(!paragraphsUnder(undefined, "六、").includes("本年度未收取信息处理费。"));
  });

  it("a text over the limit is refused with a Chinese message and nothing is written", async () => {
    const { fake, run } = setup();
    const { uid } = await insertTemplate(run, {
      format: "2021",
      year: 2025,
      agency: AGENCY,
      checks: "none",
    });
    const from = fake.syncCount();
    await assert.rejects(
      saveNarrative(run, uid, "字".repeat(NARRATIVE_MAX_CHARS + 1)),
      (e: Error) => /年报正文太长/.test(e.message)
    );
    assert.equal(fake.syncCount(), from);
    const written = await writeReport(run, {
      ...goodReport("2021"),
      text: "字".repeat(NARRATIVE_MAX_CHARS + 1),
    });
    assert.ok(written.problems.some((p) => /年报正文太长/.test(p.message)));
    const states = await readStoredStates(run);
    assert.equal(states.find((s) => s.uid === written.uid)?.text, undefined);
  });
});
