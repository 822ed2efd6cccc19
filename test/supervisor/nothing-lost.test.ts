import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  createWriteStream,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { toInterchange } from "../../src/interchange";
import { loadExcelJS } from "../../src/xlsx/exceljs";
import { buildWorkbook } from "../../src/xlsx/write";
import { ref, sampleReport, withCells } from "../helpers/reports";
import { runBin } from "../helpers/bin";
import { CORPUS, tempFolder } from "./helpers";

/**
 * Nothing skipped silently, nothing overwritten, nothing raw printed: the real bin in a child process, with its exit
 * code and its messages, on the faults a supervisor's folder really holds.
 */

/** The bin with its exit code and output (`asUser`: as a user who cannot read what mode 000 forbids). */
async function nianbao(
  cwd: string,
  args: string[],
  asUser = false
): Promise<{ code: number; out: string; err: string }> {
  const r = await runBin(cwd, args, { asUser });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** Text encoded as GBK (GB18030), as older government sites publish: by Node's ICU, one character at a time. */
function gbk(text: string): Buffer {
  // Node has no GBK encoder; iconv-style encoding through a reverse table of the decoder, built once.
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, Buffer>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const bytes = Buffer.from([hi, lo]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, bytes);
    }
  return Buffer.concat(
    [...text].map((ch) =>
      ch.charCodeAt(0) < 0x80 ? Buffer.from(ch) : (table.get(ch) ?? Buffer.from("?"))
    )
  );
}

/** Raw texts that must never reach a clerk: library and system wording, stack traces. */
const RAW =
  /position \d+|Unexpected token|Bug :|size mismatch|应为int|应为record|error: |EACCES|EISDIR|ENOENT|ENOTDIR|Error:|\n\s+at /;

/** A ZIP (stored/deflated entries) written by hand: a workbook's entries, one of them a zip bomb. */
function zip(entries: { name: string; data: Buffer; size: number; raw?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.raw ? e.data : deflateRawSync(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe("nothing skipped silently, nothing overwritten (the real bin, exit codes and messages)", function () {
  this.timeout(120_000);
  const folder = tempFolder("nianbao-nothing-lost-");
  after(() => {
    try {
      chmodSync(folder.path("reports/locked"), 0o755);
    } catch {
      // already gone
    }
    folder.remove();
  });
  const json = (
    name: string,
    report = sampleReport("2021", { agency: "某县司法局", year: 2023 })
  ) => folder.write(name, JSON.stringify(toInterchange(report), null, 2));

  before(() => {
    chmodSync(folder.dir, 0o755); // readable by the unprivileged user of the permission tests
  });

  describe("outputs never replace inputs", () => {
    it("--summary naming an input file: refused, exit 2, the report untouched", async () => {
      const report = json("out/2023.json");
      const before = readFileSync(report, "utf8");
      const r = await nianbao(folder.dir, ["check", report, "--summary", report]);
      assert.equal(r.code, 2);
      assert.match(r.err, /2023\.json：与要读取的文件是同一个文件，写入会覆盖它/);
      assert.equal(readFileSync(report, "utf8"), before);
    });

    it("--summary naming an existing report in a folder checked: refused; an earlier summary there is replaced", async () => {
      json("out2/甲.json");
      const xlsx = await buildWorkbook(
        { format: "2021", year: 2023, agency: "乙局" },
        sampleReport("2021", { agency: "乙局", year: 2023 })
      );
      const report = folder.write(
        "out2/乙.xlsx",
        Buffer.from(await xlsx.workbook.xlsx.writeBuffer())
      );
      const before = statSync(report).size;
      const r = await nianbao(folder.dir, ["check", "out2", "--summary", report]);
      assert.equal(r.code, 2);
      assert.match(r.err, /已有此文件（可能是一份报告），写入会覆盖它/);
      assert.equal(statSync(report).size, before);
      const summary = folder.path("out2/汇总.xlsx");
      assert.equal((await nianbao(folder.dir, ["check", "out2", "--summary", summary])).code, 0);
      const again = await nianbao(folder.dir, ["check", "out2", "--summary", summary]);
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /汇总\.xlsx：本次写入的输出文件/);
    });

    it("nianbao sum -o naming an input: refused, exit 2, the input untouched", async () => {
      const a = json("sum/甲.json", sampleReport("2021", { agency: "甲局", year: 2023 }));
      const before = readFileSync(a, "utf8");
      const r = await nianbao(folder.dir, ["sum", a, "-o", a]);
      assert.equal(r.code, 2);
      assert.match(r.err, /甲\.json：与要读取的文件是同一个文件/);
      assert.equal(readFileSync(a, "utf8"), before);
    });
  });

  describe("nianbao sum refuses the same report twice", () => {
    it("the same file named twice", async () => {
      const a = json("dup/甲.json", sampleReport("2021", { agency: "甲局", year: 2023 }));
      const r = await nianbao(folder.dir, ["sum", a, a, "-o", folder.path("dup-total.json")]);
      assert.equal(r.code, 2);
      assert.match(r.err, /甲\.json 被指定了两次.*未汇总/);
    });

    it("a copy under another name (the same cells), naming both files", async () => {
      // No agency named (a form filled in without its letterhead): the cells alone show it is the same report.
      const report = { ...sampleReport("2021", { year: 2023 }), agency: undefined };
      json("dup2/a.json", report);
      json("dup2/copy of a.json", report);
      const r = await nianbao(folder.dir, ["sum", "dup2", "-o", folder.path("dup2-total.json")]);
      assert.equal(r.code, 2);
      assert.match(r.err, /a\.json 和 .*copy of a\.json 的每一格都相同，是同一份报告/);
    });

    it("the same agency and year twice (other numbers)", async () => {
      json("dup3/v1.json", sampleReport("2021", { agency: "某县财政局", year: 2023 }));
      json(
        "dup3/v2.json",
        withCells(sampleReport("2021", { agency: "某县 财政局", year: 2023 }), [
          [ref("三", "new", "natural"), 5],
        ])
      );
      const r = await nianbao(folder.dir, ["sum", "dup3", "-o", folder.path("dup3-total.json")]);
      assert.equal(r.code, 2);
      assert.match(r.err, /v1\.json 和 .*v2\.json 是同一单位（.*财政局）同一年度（2023）的报告/);
    });
  });

  describe("--previous that is not last year's report of the same agency", () => {
    const now = () =>
      json("prev/now.json", sampleReport("2021", { agency: "某县司法局", year: 2023 }));

    it("another agency: refused, naming both, exit 2 (the report is still checked)", async () => {
      const other = json(
        "prev/other.json",
        sampleReport("2021", { agency: "某县财政局", year: 2022 })
      );
      const r = await nianbao(folder.dir, ["check", now(), "--previous", other]);
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /上年报告是另一个单位的（上年报告：某县财政局；本报告：某县司法局），未比较/
      );
      assert.match(r.out, /某县司法局）\n {2}✓ 勾稽关系全部成立/);
    });

    it("not the year before: refused, naming both years", async () => {
      const old = json("prev/old.json", sampleReport("2021", { agency: "某县司法局", year: 2021 }));
      const r = await nianbao(folder.dir, ["check", now(), "--previous", old]);
      assert.equal(r.code, 2);
      assert.match(r.err, /上年报告是 2021 年度的，本报告是 2023 年度（应为 2022 年度），未比较/);
    });

    it("the other format: compared, with a warning naming both formats", async () => {
      const f2019 = json(
        "prev/2019.json",
        sampleReport("2019", { agency: "某县司法局", year: 2022 })
      );
      const r = await nianbao(folder.dir, ["check", now(), "--previous", f2019]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /提示：.*上年报告用 2019 年版格式，本报告用 2021 年版格式/);
    });
  });

  it("an .xlsx with several report sheets: every report sheet is checked, each named", async () => {
    const a = await buildWorkbook(
      { format: "2021", year: 2023, agency: "甲局" },
      sampleReport("2021", { agency: "甲局", year: 2023 })
    );
    const b = await buildWorkbook(
      { format: "2021", year: 2023, agency: "乙局" },
      withCells(sampleReport("2021", { agency: "乙局", year: 2023 }), [
        [ref("三", "granted", "natural"), 13],
      ])
    );
    // A county's workbook: one sheet per department (values copied, as a clerk pastes them).
    a.worksheet.name = "甲局";
    const ws = a.workbook.addWorksheet("乙局");
    b.worksheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        const v = cell.value as { formula?: string; result?: unknown } | null;
        ws.getCell(r, c).value = (
          v && typeof v === "object" && "formula" in v ? (v.result ?? null) : v
        ) as never;
      })
    );
    const file = folder.write(
      "sheets/县汇总.xlsx",
      Buffer.from(await a.workbook.xlsx.writeBuffer())
    );
    const r = await nianbao(folder.dir, ["check", file]);
    assert.equal(r.code, 1, "the second sheet's error is found");
    assert.match(r.out, /县汇总\.xlsx［工作表“甲局”］（2021 年版格式，2023 年度，甲局）\n {2}✓/);
    assert.match(
      r.out,
      /县汇总\.xlsx［工作表“乙局”］（2021 年版格式，2023 年度，乙局）\n {2}✗ 2 个错误/
    );
    assert.match(r.out, /共检查 2 份报告：1 份有错误，1 份通过/);
  });

  describe("hostile files are capped, not followed", () => {
    it("a workbook that inflates to 300 MB: refused before it is unpacked, with a clear message", async () => {
      const size = 300 * 1024 * 1024;
      // Deflated zeros, made in pieces (300 MB of zeros never exists in memory here).
      const { createDeflateRaw } = await import("node:zlib");
      const bomb = await new Promise<Buffer>((done) => {
        const chunks: Buffer[] = [];
        const d = createDeflateRaw({ level: 1 });
        d.on("data", (c: Buffer) => chunks.push(c));
        d.on("end", () => done(Buffer.concat(chunks)));
        const zero = Buffer.alloc(1024 * 1024);
        for (let i = 0; i < 300; i++) d.write(zero);
        d.end();
      });
      const honest = zip([
        { name: "xl/workbook.xml", data: Buffer.from("<workbook/>"), size: 11 },
        { name: "xl/worksheets/sheet1.xml", data: bomb, size, raw: true },
      ]);
      // The same, its directory lying about the size (JSZip would inflate it all, then say "Bug : …").
      const lying = zip([
        { name: "xl/workbook.xml", data: Buffer.from("<workbook/>"), size: 11 },
        { name: "xl/worksheets/sheet1.xml", data: bomb, size: 4096, raw: true },
      ]);
      folder.write("bomb/honest.xlsx", honest);
      folder.write("bomb/lying.xlsx", lying);
      const r = await nianbao(folder.dir, ["check", "bomb"]);
      assert.equal(r.code, 2);
      assert.match(r.err, /honest\.xlsx：解压后将有 300 MB.*超过上限 200 MB.*未解压/);
      assert.match(
        r.err,
        /lying\.xlsx：压缩包内“xl\/worksheets\/sheet1\.xml”解压后的大小与目录声明的不符.*未解压/
      );
      assert.doesNotMatch(r.err, RAW);
    });

    it("/dev/zero and a FIFO named on the command line: refused at once (only regular files are read)", async () => {
      const fifo = folder.path("fifo-explicit.txt");
      execFileSync("mkfifo", [fifo]);
      const r = await nianbao(folder.dir, ["check", "/dev/zero", fifo]);
      assert.equal(r.code, 2);
      assert.match(r.err, /\/dev\/zero：不是普通文件（设备），只读取普通文件/);
      assert.match(r.err, /fifo-explicit\.txt：不是普通文件（管道），只读取普通文件/);
    });
  });

  describe("a folder: every file checked or listed with its reason", () => {
    before(() => {
      folder.copy(join(CORPUS, "001.txt"), "reports/平潭2022.txt");
      json("reports/a/good.json");
      folder.write("reports/notes.txt", "请各单位于1月31日前报送。联系人：张三。");
      folder.write("reports/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
      folder.write("reports/locked/2023.json", "{}");
      chmodSync(folder.path("reports/locked/2023.json"), 0o644);
      // A report that looks like one by its name but no importer reads (an old Word file).
      folder.write(
        "reports/2023年政府信息公开工作年度报告.doc",
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
      );
      symlinkSync(folder.path("reports/a"), folder.path("reports/link-to-folder"));
      symlinkSync(folder.path("reports/平潭2022.txt"), folder.path("reports/link.txt"));
      symlinkSync(folder.path("reports/gone.txt"), folder.path("reports/broken-link.txt"));
      execFileSync("mkfifo", [folder.path("reports/pipe.txt")]);
      for (const d of ["reports", "reports/a"]) chmodSync(folder.path(d), 0o755);
      for (const f of readdirSync(folder.path("reports")))
        if (f.endsWith(".txt") || f.endsWith(".json") || f.endsWith(".png") || f.endsWith(".doc"))
          try {
            chmodSync(folder.path(`reports/${f}`), 0o644);
          } catch {
            // links and pipes
          }
      chmodSync(folder.path("reports/a/good.json"), 0o644);
      chmodSync(folder.path("reports/locked"), 0o000);
    });

    it("a GBK page with a long script before its text, and a UTF-16 text: recognised as reports, not skipped", async () => {
      // 20 KB of script before the text: enough for a guess to take the page for UTF-8, within the first 64 KB.
      const report = readFileSync(join(CORPUS, "003.html"), "utf8")
        .replace('charset="utf-8" ', "")
        .replace(
          /<head>/i,
          `<head><meta charset="gbk"><script>${"var x = 1; // padding\n".repeat(1000)}</script>`
        );
      folder.write("encodings/gbk.html", gbk(report));
      folder.write(
        "encodings/utf16.txt",
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(readFileSync(join(CORPUS, "001.txt"), "utf8"), "utf16le"),
        ])
      );
      const r = await nianbao(folder.dir, ["check", "--json", "encodings"]);
      const doc = JSON.parse(r.out) as {
        reports: { file: string }[];
        failures?: { file: string }[];
        skipped?: { file: string; reason: string }[];
      };
      // Each is either checked or a failure that says why — never skipped as 不是年报.
      assert.deepEqual(doc.skipped ?? [], []);
      assert.equal(doc.reports.length + (doc.failures ?? []).length, 2);
    });

    it("an unreadable subfolder: the rest is checked, the subfolder named (exit 2); each skip listed with its reason", async () => {
      const r = await nianbao(folder.dir, ["check", "reports"], true);
      assert.equal(r.code, 2);
      assert.match(r.err, /reports\/locked：无法读取文件夹：没有读取权限，其中的文件未检查/);
      assert.match(r.out, /平潭2022\.txt（2021 年版格式，2022 年度/);
      assert.match(r.out, /good\.json（2021 年版格式，2023 年度/);
      assert.match(r.out, /notes\.txt：不是年报（前 64 KB 中没有年报用语）/);
      assert.match(r.out, /logo\.png：不是报告文件类型（\.png）/);
      assert.match(r.out, /link-to-folder：符号链接指向文件夹，未进入/);
      assert.match(r.out, /link\.txt：与已检查的文件是同一个文件/);
      assert.match(r.out, /broken-link\.txt：符号链接指向的文件不存在/);
      assert.match(r.out, /pipe\.txt：不是普通文件（管道），只读取普通文件/);
      assert.doesNotMatch(r.err + r.out, RAW);
    });

    it("a file that looks like a report but cannot be read is a failure (exit 2), not a skip", async () => {
      const r = await nianbao(folder.dir, ["check", "--json", "reports"], true);
      const doc = JSON.parse(r.out) as {
        failures: { file: string; message: string }[];
        skipped: { file: string; reason: string }[];
      };
      const failed = doc.failures.map((f) => f.file.split("/").pop());
      assert.ok(failed.includes("2023年政府信息公开工作年度报告.doc"), failed.join(","));
      assert.ok(failed.includes("locked"));
      assert.ok(doc.skipped.some((s) => s.file.endsWith("notes.txt") && /不是年报/.test(s.reason)));
    });

    it("--jsonl: one line per report as it is checked, one per skipped or unreadable file, then the total", async () => {
      const r = await nianbao(folder.dir, ["check", "--jsonl", "reports"], true);
      const lines = r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const types = lines.map((l) => l.type);
      assert.equal(types.filter((t) => t === "report").length, 2);
      assert.ok(types.includes("skipped") && types.includes("failure"));
      assert.deepEqual(lines.at(-1), {
        type: "total",
        reports: 2,
        withErrors: 0,
        unchecked: 0,
        failures: 2,
        skipped: lines.filter((l) => l.type === "skipped").length,
      });
    });
  });

  it("a page whose tables are images: the headline says nothing could be checked (not ✓), exit 2", async () => {
    const page = folder.write(
      "images/2023.html",
      "<html><body><h1>某县司法局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本机关依申请公开工作……</p>" +
        "<p>二、主动公开政府信息情况</p><img src='t2.png'><p>三、收到和处理政府信息公开申请情况</p><img src='t3.png'>" +
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><img src='t4.png'></body></html>"
    );
    const r = await nianbao(folder.dir, ["check", page]);
    assert.equal(r.code, 2);
    assert.match(r.out, /？ 没有一条勾稽关系能核对（统计表没有读到或不全），未算作通过/);
    assert.doesNotMatch(r.out, /✓ 勾稽关系全部成立/);
    const j = await nianbao(folder.dir, ["check", "--json", page]);
    assert.equal(JSON.parse(j.out).reports[0].status, "unchecked");
    // In the summary workbook too: 无法核对, not 通过.
    const summary = folder.path("images-summary.xlsx");
    assert.equal((await nianbao(folder.dir, ["check", page, "--summary", summary])).code, 2);
    const wb = new (await loadExcelJS()).Workbook();
    await wb.xlsx.load(readFileSync(summary) as unknown as ArrayBuffer);
    const header = (wb.getWorksheet("报告")!.getRow(1).values as unknown[]).indexOf("状态");
    assert.equal(wb.getWorksheet("报告")!.getRow(2).getCell(header).value, "无法核对");
  });

  describe("every message in Chinese, naming the file, safe and short", () => {
    it("broken JSON, wrong types, a missing file, a usage error: no library or system wording", async () => {
      folder.write("msg/cut.json", '{"format":"2021","cells":[{"table":"三",');
      folder.write("msg/syntax.json", '{"format":"2021",\n "cells": [}');
      folder.write(
        "msg/types.json",
        '{"format":"2021","year":2023.5,"explanations":[1],"cells":[]}'
      );
      const r = await nianbao(folder.dir, [
        "check",
        "msg/cut.json",
        "msg/syntax.json",
        "msg/types.json",
        "msg/none.json",
      ]);
      assert.equal(r.code, 2);
      assert.match(r.err, /cut\.json：不是有效的 JSON：内容在中途结束/);
      assert.match(r.err, /syntax\.json：不是有效的 JSON：第 2 行第 \d+ 列有语法错误/);
      assert.match(
        r.err,
        /types\.json：year：类型不对：应为整数；explanations：类型不对：应为对象/
      );
      assert.match(r.err, /none\.json：文件不存在/);
      assert.doesNotMatch(r.err, RAW);
      const usage = await nianbao(folder.dir, ["check"]);
      assert.equal(usage.code, 2);
      assert.match(usage.err, /缺少参数：报告文件或文件夹/);
      assert.doesNotMatch(usage.err, RAW);
    });

    it("a file that cannot be opened: 没有读取权限, not EACCES", async () => {
      const locked = folder.write("msg/locked.json", "{}");
      chmodSync(folder.path("msg"), 0o755);
      chmodSync(locked, 0o000);
      const r = await nianbao(folder.dir, ["check", locked], true);
      assert.equal(r.code, 2);
      assert.match(r.err, /locked\.json：没有读取权限/);
      assert.doesNotMatch(r.err, RAW);
    });

    it("ANSI escapes in a report's text are not printed raw", async () => {
      const report = sampleReport("2021", {
        agency: "某县\u001b[2J\u001b[31m司法局\u0007",
        year: 2023,
      });
      const file = json("msg/ansi.json", report);
      const r = await nianbao(folder.dir, ["check", file]);
      assert.equal(r.code, 0);
      assert.match(r.out, /某县司法局/);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(r.out + r.err, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    });

    it("a 50 MB bad JSON: one short message, not a 50 MB line", async () => {
      const path = folder.path("msg/huge.json");
      await new Promise<void>((done) => {
        const w = createWriteStream(path);
        w.write('{"format":"2021","cells":[{"table":"三","row":"');
        const chunk = "错".repeat(1024 * 1024);
        for (let i = 0; i < 17; i++) w.write(chunk); // 17 Mi characters of 3 bytes: 51 MB
        w.end('","column":"自然人","value":1}]}', () => done());
      });
      const r = await nianbao(folder.dir, ["check", path]);
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /huge\.json：cells\.0：表三没有“错错错.*（行标签长 17825792 字，不是官方格式的标签）/
      );
      assert.ok(r.err.length < 2000, `${r.err.length} characters on stderr`);
    });
  });
});
