import assert from "node:assert/strict";
import { cellId } from "../../src/format";
import { applyFix, clearMarks, insertTemplate, validateWorkbook } from "../../src/excel";
import { ref } from "../helpers/reports";
import {
  addressOf,
  AGENCY,
  fillSheet,
  flaggedCells,
  goodReport,
  setup,
  syncSplit,
  typeInto,
} from "./helpers";

/**
 * Round trips to Excel are what makes an add-in slow: reading every report sheet takes two, marking them one, however
 * many sheets the workbook holds.
 */
describe("excel adapter: round trips", () => {
  for (const count of [1, 50]) {
    it(`${count} report sheet(s): insert 2 each; validate 2 reads + 1 write; clear 2 + 1; apply a fix ≤ 3 with its validation`, async function () {
      this.timeout(60_000);
      const { fake, run } = setup();
      const uids: string[] = [];
      const cell = ref("三", "granted", "natural");
      const report = goodReport("2021", 2025);
      for (let i = 0; i < count; i++) {
        const from = fake.syncCount();
        const { uid } = await insertTemplate(run, {
          format: "2021",
          year: 2025,
          agency: `${AGENCY}${i}`,
          checks: "none",
        });
        assert.deepEqual(syncSplit(fake, from), { total: 2, reads: 1, writes: 1 });
        fillSheet(fake, uid, report);
        typeInto(fake, addressOf(fake, uid, "2021", cell), 999); // one wrong number per sheet
        uids.push(uid);
      }

      let from = fake.syncCount();
      const v = await validateWorkbook(run);
      assert.deepEqual(syncSplit(fake, from), { total: 3, reads: 2, writes: 1 });
      assert.equal(v.sheets.length, count);
      assert.ok(v.sheets.every((s) => !s.result.passes() && s.flagged > 0));

      from = fake.syncCount();
      const again = await validateWorkbook(run);
      assert.deepEqual(
        syncSplit(fake, from),
        { total: 3, reads: 2, writes: 1 },
        "re-marking replaces the comments: still one write"
      );
      assert.equal(again.flagged, v.flagged);

      from = fake.syncCount();
      const cleared = await clearMarks(run);
      assert.deepEqual(syncSplit(fake, from), { total: 3, reads: 2, writes: 1 });
      assert.equal(cleared.restored, again.flagged);
      assert.equal(flaggedCells(fake, "2025年报").size, 0);

      // Apply the best fix of the first sheet: the validation's first read also reads the cells to change, its second
      // read comes right after the writes in the same round trip, and the marks are the third.
      const sheet = v.sheets.find((s) => s.uid === uids[0])!;
      const fix = sheet.result.fixes.find((f) => f.rank === 1)!;
      from = fake.syncCount();
      const after = await applyFix(run, uids[0], fix);
      // With one sheet the marks are gone already (cleared above), so the validation has nothing to mark.
      assert.deepEqual(
        syncSplit(fake, from),
        count === 1 ? { total: 2, reads: 1, writes: 1 } : { total: 3, reads: 1, writes: 2 }
      );
      assert.equal(
        fake.cell(addressOf(fake, uids[0], "2021", cell)).value,
        report.values.get(cellId(cell))
      );
      assert.ok(after.sheets.find((s) => s.uid === uids[0])!.result.passes());
    });
  }
});
