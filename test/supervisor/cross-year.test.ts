import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { confront } from "../../src/check";
import type { Finding } from "../../src/findings";
import type { PeerText } from "../../src/similarity";
import { reportFingerprint } from "../../src/supervisor-checks";
import { normalizeAgency } from "../../src/pairing";
import type { Report } from "../../src/report";
import { buildReport, sampleReport } from "../helpers/reports";
import { check, CORPUS, tempFolder } from "./helpers";

/**
 * Cross-year: when the files checked include the same agency's reports for consecutive years, last year's is used
 * for this year's carry-over check (W-CARRYOVER) without --previous. Real series: the department reports of one
 * 综合实验区 (test/fixtures/corpus/dept, 2019–2025, copied from the shared corpus by the importer fixtures).
 */

const DEPT = join(CORPUS, "dept");

/** Which report `nianbao check --json` paired each report with: "file←previous" (basenames). */
async function pairedBy(files: string[]): Promise<string[]> {
  const r = await check(files, { json: true });
  const doc = JSON.parse(r.out) as { reports: { file: string; previous?: string }[] };
  return doc.reports
    .filter((x) => x.previous)
    .map((x) => `${basename(x.file)}←${basename(x.previous!)}`)
    .sort();
}

/** A report whose only non-zero cell is 结转下年度继续办理 / 自然人. */
const carriedForward = (n: number, init: Partial<Report>) =>
  buildReport(
    "2021",
    (c) => (c.table === "三" && c.row === "next" && c.column === "natural" ? n : 0),
    init
  );

describe("cross-year: consecutive years of one agency", function () {
  this.timeout(60_000);

  describe("which reports are the same agency", () => {
    it("names compare after normalisation: spaces, full-width forms, bracketed asides, 人民政府 after a place", () => {
      const same: [string, string][] = [
        ["平潭综合实验区财政金融局", " 平潭综合实验区 财政金融局 "],
        ["桃江县松木塘镇人民政府", "桃江县松木塘镇"],
        ["平潭综合实验区（全区汇总）", "平潭综合实验区"],
        ["某县交通运输局", "某县交通运输局"],
        ["某区东湖街道办事处", "某区东湖街道办事处"],
      ];
      for (const [a, b] of same)
        assert.equal(normalizeAgency(a), normalizeAgency(b), `${a} ~ ${b}`);
      assert.notEqual(normalizeAgency("某县交通运输局"), normalizeAgency("某县财政局"));
      assert.equal(normalizeAgency(undefined), undefined);
      assert.equal(normalizeAgency("  "), undefined);
    });

    it("pairs year N with N − 1 only (not N − 2), and never a report without agency or year", async () => {
      const folder = tempFolder();
      try {
        const item = (file: string, init: Partial<Report>) =>
          folder.json(`${file}.json`, sampleReport("2021", init));
        item("a22", { agency: "甲局", year: 2022 });
        item("a23", { agency: "甲局", year: 2023 });
        item("a25", { agency: "甲局", year: 2025 });
        item("b24", { agency: "乙局", year: 2024 });
        item("b23", { agency: undefined, year: 2023 });
        assert.deepEqual(await pairedBy([folder.dir]), ["a23.json←a22.json"]);
      } finally {
        folder.remove();
      }
    });
  });

  describe("the department series (2019–2025, five departments)", () => {
    it("pairs every report with the same department's report of the year before", async () => {
      const got = await pairedBy([DEPT]);
      const expected = [
        "102.txt←101.txt",
        "103.txt←102.txt",
        "104.txt←103.txt",
        "105.txt←104.txt",
        "106.txt←105.txt",
        "107.txt←106.txt",
        "109.txt←108.txt", // 公安局 2020 ← 2019 (2020's page holds only the title); 2022 and 2024 have no year before
        "114.txt←113.txt",
        "115.txt←114.txt",
        "116.txt←115.txt",
        "117.txt←116.txt",
        "118.txt←117.txt",
        "119.txt←118.txt",
        ...[2020, 2021, 2022, 2023, 2024, 2025].map(
          (y) => `交通与建设局-${y}.txt←交通与建设局-${y - 1}.txt`
        ),
        ...[2020, 2021, 2022, 2023, 2024, 2025].map(
          (y) => `市场监督管理局-${y}.txt←市场监督管理局-${y - 1}.txt`
        ),
      ].sort();
      assert.deepEqual(got, expected);
    });

    it("nianbao check dept/: the published series carries over consistently — no W-CARRYOVER; the one page without tables is not counted as passing (exit 2)", async () => {
      const r = await check([DEPT], { json: true });
      const doc = JSON.parse(r.out) as {
        reports: { file: string; status: string; findings: { rule: string }[] }[];
      };
      assert.equal(doc.reports.length, 32);
      assert.deepEqual(
        doc.reports.filter((x) => x.status === "unchecked").map((x) => basename(x.file)),
        ["109.txt"]
      );
      assert.equal(r.code, 2, "a report on which nothing could be checked is not a pass");
      assert.equal(
        doc.reports.flatMap((x) => x.findings).filter((f) => f.rule === "W-CARRYOVER").length,
        0
      );
    });
  });

  describe("a carry-over that does not match", () => {
    const folder = tempFolder();
    after(() => folder.remove());

    it("a published 2022 report and last year's report as JSON (name spelt with a space): W-CARRYOVER on 2022", async () => {
      folder.copy(join(DEPT, "104.txt"), "财政金融局-2022.txt");
      folder.json(
        "财政金融局-2021.json",
        carriedForward(2, { year: 2021, agency: "平潭综合实验区 财政金融局" })
      );
      const r = await check([folder.dir], { json: true });
      const doc = JSON.parse(r.out) as {
        reports: {
          file: string;
          findings: { rule: string; message: string; cells: unknown[] }[];
        }[];
      };
      const published = doc.reports.find((x) => x.file.endsWith("2022.txt"))!;
      const [f] = published.findings.filter((x) => x.rule === "W-CARRYOVER");
      assert.ok(f, JSON.stringify(published.findings.map((x) => x.rule)));
      assert.match(
        f.message,
        /表三“自然人”列：本年“二、上年结转”为 0，但 2021 年度报告的“四、结转下年度继续办理”为 2/
      );
      assert.deepEqual(f.cells, [
        { table: "三", row: "二、上年结转政府信息公开申请数量", column: "自然人" },
      ]);
      const json = doc.reports.find((x) => x.file.endsWith("2021.json"))!;
      assert.equal(
        json.findings.filter((x) => x.rule === "W-CARRYOVER").length,
        0,
        "the earliest year has no year before"
      );
    });

    it("--previous still applies to a report whose year before is not among the files", async () => {
      const last = folder.json(
        "other/last.json",
        carriedForward(3, { year: 2022, agency: "丁局" })
      );
      const now = folder.json(
        "other/now.json",
        sampleReport("2021", { year: 2023, agency: "丁局" })
      );
      const r = await check([now], { previous: last, json: true });
      const [report] = JSON.parse(r.out).reports;
      // 自然人 and 总计: 4 carried over against 3 carried forward.
      assert.equal(
        report.findings.filter((f: { rule: string }) => f.rule === "W-CARRYOVER").length,
        2
      );
    });

    it("the same agency's report among the files wins over --previous", async () => {
      const wrongPrevious = folder.json(
        "mixed/wrong-previous.json",
        carriedForward(9, { year: 2022, agency: "戊局" })
      );
      const right = folder.json(
        "mixed/2022.json",
        carriedForward(4, { year: 2022, agency: "戊局" })
      );
      const now = folder.json(
        "mixed/2023.json",
        sampleReport("2021", { year: 2023, agency: "戊局" })
      ); // 上年结转 4
      const r = await check([right, now], { previous: wrongPrevious, json: true });
      const doc = JSON.parse(r.out) as {
        reports: { file: string; findings: { rule: string }[] }[];
      };
      const thisYear = doc.reports.find((x) => x.file === now)!;
      assert.equal(thisYear.findings.filter((f) => f.rule === "W-CARRYOVER").length, 0);
    });
  });
});

describe("cross-year: a folder re-runs only the checks that read another report", () => {
  it("the checks marked as pairing find, with last year's report and a peer, exactly what the whole check set adds", () => {
    const text = readFileSync(join(DEPT, "101.txt"), "utf8");
    const now = sampleReport("2021", { agency: "甲局", year: 2023, text });
    // Last year's: a different carry-over, 规章 in force that do not add up, and the same narrative (copied).
    const before = sampleReport("2021", { agency: "甲局", year: 2022, text });
    before.values.set("三:next:natural", 7);
    before.values.set("二:rules:inForce", 40);
    const peer: PeerText = {
      agency: "乙局",
      year: 2023,
      fingerprint: reportFingerprint({ ...now, agency: "乙局" })!,
    };
    const keys = (fs: readonly Finding[]) => fs.map((f) => `${f.rule}|${f.key}`).sort();
    const alone = new Set(keys(confront(now).findings));
    const added = keys(confront(now, { previous: before, peers: [peer] }).findings).filter(
      (k) => !alone.has(k)
    );
    const paired = keys(
      confront(now, { previous: before, peers: [peer], pairedOnly: true }).findings
    ).filter((k) => !alone.has(k));
    assert.deepEqual(
      [...new Set(added.map((k) => k.split("|")[0]))].sort(),
      ["W-CARRYOVER", "W-COPIED-TEXT", "W-INFORCE"],
      "the probe makes every cross-report rule fire"
    );
    assert.deepEqual(paired, added);
  });
});
