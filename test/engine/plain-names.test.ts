import assert from "node:assert/strict";
import { confront } from "../../src/check";
import { CHECKS } from "../../src/checks";
import "../../src/importers"; // registers the importer notes check
import { formatComment, formatFinding, RULE_NAMES, ruleBadge } from "../../src/messages";
import { getFormat } from "../../src/format";
import { ref, sampleReport, withCells } from "../helpers/reports";

/** Clerks read plain Chinese: every rule and check has a name, and no message shows a rule code. */

const CODE = /\b[RTWI]-[A-Z0-9]/;

describe("plain names for rules and checks", () => {
  it("every rule and check the engine runs has a Chinese and an English name", () => {
    const ids = CHECKS.flatMap((c) => c.ids ?? [c.id]);
    assert.deepEqual(Object.keys(RULE_NAMES).sort(), [...ids].sort());
    for (const id of ids) assert.doesNotMatch(ruleBadge(id), CODE, id);
  });

  it("R3-2 reads “各类申请人合计”; the messages and cell comments of a report with every kind of slip show no code", () => {
    assert.equal(ruleBadge("R3-2"), "各类申请人合计");
    const c = confront(
      withCells(sampleReport(), [
        [ref("三", "granted", "natural"), 13],
        [ref("三", "partial", "natural"), "六"],
        [ref("三", "denyThirdParty", "natural"), -3],
        [ref("四", "review", "upheld"), null],
        [ref("二", "normativeDocs", "issued"), "３"],
      ])
    );
    const model = getFormat("2021");
    assert.ok(c.findings.length >= 5);
    for (const f of c.findings) {
      assert.doesNotMatch(formatFinding(model, f), CODE, f.rule);
      assert.doesNotMatch(formatComment(model, f), CODE, f.rule);
      assert.match(formatComment(model, f), /^(错误|提示) · \S+：/);
    }
  });
});
