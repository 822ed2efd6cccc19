import assert from "node:assert/strict";
import { join } from "node:path";
import { confront } from "../../src/check";
import { CHECKS } from "../../src/checks";
import { main } from "../../src/cli/main";
import { cellId, getFormat } from "../../src/format";
import { IMPORTERS } from "../../src/importers";
import { importNotesCheck } from "../../src/importers/checks";
import { readText } from "../../src/importers/text";
import { formatFinding } from "../../src/messages";
import { FIXTURES } from "./helpers";
import { render, type Values } from "./render";

/** Import notes as findings, the rules choosing between splits, and `nianbao check` on published text. */

function zeros(format: "2021" | "2019"): Values {
  return new Map(getFormat(format).cells.map((c) => [cellId(c), 0]));
}

function flat(values: Values): string {
  return render("2021", values, "flattened", () => 0.99);
}

function set(values: Values, row: string, cells: number[]): void {
  const model = getFormat("2021");
  model
    .columnsOf("三", row)
    .forEach((column, i) => values.set(cellId({ table: "三", row, column }), cells[i]));
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe("importers: the rules choose between splits", () => {
  // 101000011 reads as 10,1,0,0,0,0,11 or as 1,0,10,0,0,0,11: both satisfy 总计 = sum.
  const ambiguous = [10, 1, 0, 0, 0, 0, 11];

  it("the column rules settle a row the row rule cannot (R3-3 against an unambiguous 总计 row)", () => {
    const v = zeros("2021");
    for (const row of ["new", "granted", "resultsTotal"]) set(v, row, ambiguous);
    const text = flat(v)
      .replace("(七)总计101000011", "(七)总计10 1 0 0 0 0 11")
      .replace("申请数量101000011", "申请数量10 1 0 0 0 0 11");
    const r = readText(text);
    assert.ok(r.ok);
    assert.deepEqual(
      getFormat("2021")
        .columnsOf("三", "granted")
        .map((column) => r.report.values.get(cellId({ table: "三", row: "granted", column }))),
      ambiguous
    );
    assert.deepEqual([...(r.report.uncertain ?? [])], []);
  });

  it("when every rule holds either way: the first reading is kept, its differing cells marked uncertain, a note says so", async () => {
    const v = zeros("2021");
    for (const row of ["new", "granted", "resultsTotal"]) set(v, row, ambiguous);
    const r = readText(flat(v));
    assert.ok(r.ok);
    const unsure = [...(r.report.uncertain ?? [])];
    assert.ok(
      unsure.includes("三:granted:natural") && unsure.includes("三:granted:research"),
      unsure.join(",")
    );
    assert.ok(!unsure.includes("三:granted:total"), "the total is the same either way");
    const note = r.report.notes!.find(
      (n) => n.code === "I-UNCERTAIN" && n.message.includes("予以公开")
    );
    assert.ok(note, JSON.stringify(r.report.notes));
    assert.match(note!.message, /101000011/);
    assert.match(note!.message, /都满足全部勾稽关系/);
    // The engine shows it as a warning with its own id, naming the cells.
    const findings = confront(r.report).byRule("I-UNCERTAIN");
    assert.ok(findings.length >= 1);
    assert.equal(findings[0].severity, "warning");
    assert.equal(findings[0].detail.type, "note");
    assert.ok(findings[0].cells.length > 0);
  });

  it("a report cut inside table 三: missing cells stay absent (W-MISSING) and a note names the rows", () => {
    const v = zeros("2021");
    const text = flat(v);
    const cut = text.slice(0, text.indexOf("（四）无法提供"));
    assert.ok(cut.length < text.length - 100);
    const r = readText(cut);
    assert.ok(r.ok);
    assert.equal(r.report.values.has("三:denyQuery:total"), true);
    assert.equal(r.report.values.has("三:unableNotHeld:natural"), false);
    assert.equal(r.report.values.has("四:review:total"), false);
    const codes = r.report.notes!.map((n) => n.code);
    assert.deepEqual(codes, ["I-MISSING-ROWS", "I-MISSING-TABLE"]);
    assert.match(r.report.notes![0].message, /1\.本机关不掌握相关政府信息/);
    assert.match(r.report.notes![0].message, /文本在表中途结束/);
    assert.equal(confront(r.report).byRule("W-MISSING").length, 2);
  });
});

describe("importers: notes become findings with their own ids", () => {
  it("the check is registered when the importers load, and each note is a warning in Chinese and English", () => {
    assert.ok(CHECKS.includes(importNotesCheck));
    const r = readText(flat(zeros("2021")).replace("行政事业性收费0", "行政事业性收费0 | 7"));
    assert.ok(r.ok);
    const [stray] = confront(r.report).byRule("I-STRAY");
    assert.ok(stray, JSON.stringify(r.report.notes));
    const model = getFormat("2021");
    assert.match(formatFinding(model, stray, "zh"), /行政事业性收费.*多出数值 7/);
    assert.match(formatFinding(model, stray, "en"), /extra value\(s\) 7/);
  });

  it("registers json first, then html, then text", () => {
    const names = IMPORTERS.map((i) => i.name);
    assert.equal(names[0], "json");
    assert.ok(names.indexOf("html") < names.indexOf("text"));
    assert.equal(names[names.length - 1], "text");
  });
});

describe("importers: nianbao check on published reports", () => {
  it("nianbao check 001.txt passes", async () => {
    const r = await run(["check", join(FIXTURES, "001.txt")]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2021 年版格式，2022 年度，平潭综合实验区/);
    assert.match(r.out, /勾稽关系全部成立/);
  });

  it("--json --cells marks guessed cells uncertain and lists import notes as findings", async () => {
    const r = await run(["check", "--json", "--cells", join(FIXTURES, "003.txt")]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as {
      reports: {
        cells: { table: string; row: string; column: string; value: unknown; uncertain?: true }[];
        findings: { rule: string; severity: string; message: string }[];
      }[];
    };
    const [report] = doc.reports;
    const unsure = report.cells.filter((c) => c.uncertain);
    assert.deepEqual(
      unsure.map((c) => `${c.row}/${c.column}=${c.value}`),
      [
        "行政规范性文件/本年制发件数=62",
        "行政规范性文件/本年废止件数=33",
        "行政规范性文件/现行有效件数=440",
      ]
    );
    const note = report.findings.find((f) => f.rule === "I-UNCERTAIN");
    assert.equal(note?.severity, "warning");
    assert.match(note!.message, /6233440/);
  });

  it("several published files at once, HTML and text, with their notes", async () => {
    const r = await run([
      "check",
      ...["003.html", "seed-000_26925f727e4ff8e1.txt", "035.txt", "012.txt"].map((f) =>
        join(FIXTURES, f)
      ),
    ]);
    // The page whose tables are images, and the page cut off after table 二, could not be checked: not a pass
    // (exit 2), and their headlines say so.
    assert.equal(r.code, 2, r.err);
    assert.match(r.out, /提示 I-STRAY/);
    assert.match(
      r.out,
      /035\.txt.*\n {2}？ 没有一条勾稽关系能核对（统计表没有读到或不全），未算作通过/
    );
    assert.match(r.out, /012\.txt.*\n {2}？ 没有一条勾稽关系能核对/);
    assert.match(r.out, /提示 I-IMAGE-TABLES/);
    assert.match(r.out, /提示 W-RULEMAKING/);
    assert.match(r.out, /共检查 4 份报告：0 份有错误，2 份通过，2 份没有可核对的统计表/);
  });

  it("garbage is a file that cannot be read (exit 2), with the reason", async () => {
    const r = await run(["check", join(FIXTURES, "SOURCE.md")]);
    assert.equal(r.code, 2);
    assert.match(r.err, /没有找到年报统计表/);
  });
});
