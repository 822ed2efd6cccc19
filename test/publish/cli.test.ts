import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toInterchange } from "../../src/interchange";
import { nianbao } from "../helpers/bin";
import { importBytes } from "../../src/importers/registry";
import { cellId } from "../../src/format";
import { ref, sampleReport, withCells } from "../helpers/reports";
import { readDocxBody, tablesOf } from "./docx-read";

/**
 * `nianbao publish` as a user runs it: the real bin/nianbao.js in a child process. Exit 0 written (提示 listed),
 * 1 refused (errors listed, nothing written), 2 unreadable input or bad arguments.
 */

describe("nianbao publish (CLI)", function () {
  this.timeout(120_000);
  let dir: string;
  const write = (name: string, value: unknown) =>
    writeFileSync(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-publish-"));
    write("good.json", toInterchange(sampleReport()));
    write(
      "wrong.json",
      toInterchange(withCells(sampleReport(), [[ref("三", "granted", "natural"), 13]]))
    );
    write(
      "blank.json",
      toInterchange(withCells(sampleReport(), [[ref("二", "penalty", "decisions"), null]]))
    );
    write(
      "text.txt",
      "五、存在的主要问题及改进情况\n一是公开内容不够全面。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    );
  });

  it("writes the Word document from a JSON report and lists the 提示 that remain", async () => {
    const run = await nianbao(dir, "publish", "good.json", "-o", "年报.docx");
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^已导出 年报\.docx（2021 年版格式，2023 年度，某市某区司法局）：勾稽关系全部成立，仍有 2 条提示/
    );
    assert.match(run.stdout, /提示 P-TEXT-GAP {2}五、存在的主要问题及改进情况还没有文字/);
    const body = await readDocxBody(readFileSync(join(dir, "年报.docx")));
    assert.equal(tablesOf(body).length, 3);
  });

  it("writes the web page with the clerk's text from --text, read back to the same cells", async () => {
    const run = await nianbao(dir, "publish", "good.json", "-o", "年报.html", "--text", "text.txt");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /勾稽关系全部成立。\n$/);
    const bytes = readFileSync(join(dir, "年报.html"));
    assert.match(bytes.toString("utf8"), /本年度未收取信息处理费。/);
    const back = await importBytes("年报.html", bytes);
    assert.ok(back.ok);
    const original = sampleReport();
    for (const [id, v] of original.values) assert.equal(back.report.values.get(id), v, id);
  });

  it("refuses a report with errors: lists them with the fix, writes nothing, exits 1", async () => {
    const run = await nianbao(dir, "publish", "wrong.json", "-o", "wrong.docx");
    assert.equal(run.code, 1);
    assert.match(run.stdout, /wrong\.json：未导出。报告有 2 个问题，改正后才能发布：/);
    assert.match(run.stdout, /错误 R3-2 {2}表三“（一）予以公开”行/);
    assert.match(run.stdout, /建议 .*由 13 改为 31/);
    assert.equal(existsSync(join(dir, "wrong.docx")), false);
  });

  it("refuses blank cells until --blank-as-zero confirms them, then prints 0", async () => {
    const refused = await nianbao(dir, "publish", "blank.json", "-o", "blank.html");
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /错误 P-BLANK/);
    const run = await nianbao(dir, "publish", "blank.json", "-o", "blank.html", "--blank-as-zero");
    assert.equal(run.code, 0, run.stdout);
    const back = await importBytes("blank.html", readFileSync(join(dir, "blank.html")));
    assert.ok(back.ok);
    assert.equal(back.report.values.get(cellId(ref("二", "penalty", "decisions"))), 0);
  });

  it("publishes a filled .xlsx template and writes the tables alone with --format tables", async () => {
    const template = await nianbao(
      dir,
      "template",
      "--format",
      "2019",
      "--year",
      "2020",
      "-o",
      "t.xlsx"
    );
    assert.equal(template.code, 0, template.stderr);
    const run = await nianbao(
      dir,
      "publish",
      "t.xlsx",
      "-o",
      "t.html",
      "--format",
      "tables",
      "--blank-as-zero"
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const html = readFileSync(join(dir, "t.html"), "utf8");
    assert.doesNotMatch(html, /<html|总体情况/);
    assert.match(html, /第二十条第（九）项/);
  });

  it("exits 2 with a message for a missing -o, an unknown output type, an unreadable file", async () => {
    const none = await nianbao(dir, "publish", "good.json");
    assert.equal(none.code, 2);
    assert.match(none.stderr, /请用 -o 指定输出文件/);
    const pdf = await nianbao(dir, "publish", "good.json", "-o", "x.pdf");
    assert.equal(pdf.code, 2);
    assert.match(pdf.stderr, /应以 \.docx 或 \.html 结尾/);
    const missing = await nianbao(dir, "publish", "nothing.json", "-o", "x.docx");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nothing\.json：文件不存在/);
  });
});
