import { setFlagsFromString } from "node:v8";
import { Confrontation } from "../check";
import type { Finding } from "../findings";
import { getFormat } from "../format";
import { importFile } from "../importers";
import { discover } from "./files";
import { formatHuman } from "./human";
import { formatFinding } from "../messages";
import { capMessage, describeFsError, safeText } from "./messages";
import { refuseOutput } from "./outputs";
import { normalizeAgency, pairKey, type PairingRecord } from "../pairing";
import { SimilarityIndex, type PeerText } from "../similarity";
import { addPairedFindings, pairedFindings, previousMismatch } from "./pairing";
import { checkReport, type CheckedReport, type Outcome } from "./pipeline";
import { inThisThread, workerCount, workerPool, type FileProcessor } from "./pool";
import { writeHtmlReport } from "./report-html";
import { writeSummary, type SummaryReport } from "./summary";

export interface CheckCommandOptions {
  json?: boolean;
  /** One JSON object per line: each report as soon as it is checked, each skipped or unreadable file, a total. */
  jsonl?: boolean;
  cells?: boolean;
  previous?: string;
  /** Write the results as a workbook (sheets 报告 and 全部问题) to this .xlsx file. */
  summary?: string;
  /** Write a supervisor's overview (charts and a sortable table) to this self-contained .html file. */
  report?: string;
  /** Worker threads (default: one per core for 50 files or more; 0: none). */
  jobs?: number;
  /** Where to draw a progress bar (stderr when it is a terminal); none when undefined. */
  progress?: NodeJS.WritableStream;
  /** Where output goes (stdout/stderr in the CLI, buffers in tests). */
  out: (text: string) => void;
  /** Resolves when `out`'s writes have gone on (ProgramIO.drained): waited for after each file. */
  drained?: () => Promise<void>;
  err: (text: string) => void;
}

/** A progress bar on a terminal (cli-progress), or nothing. Loaded only when drawn. */
interface Progress {
  tick(file: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { tick() {}, stop() {} };

/** A bar over the files to read (listed first, by name only), with the current file. */
async function progressBar(stream: NodeJS.WritableStream, total: number): Promise<Progress> {
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({
    stream,
    format: "核对 [{bar}] {value}/{total} 个文件 {file}",
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
    noTTYOutput: false,
  });
  let value = 0;
  bar.start(total, 0, { file: "" });
  return {
    tick(file) {
      value++;
      const name = file.length > 40 ? `…${file.slice(-39)}` : file;
      bar.update(value, { file: safeText(name) });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * Other agencies' reports a report is said to repeat (内容雷同), the most alike first: a county whose offices all
 * filled one template would otherwise get a warning per office on every report — quadratic in the folder (1,006
 * copies of one page printed 2.4 GB of warnings).
 */
const MAX_PEERS = 3;

/** From this many files on, a run is long enough for V8's memory growth to matter (see boundMemoryGrowth). */
const MANY_FILES = 50;

/**
 * Keeps a long run's peak memory flat (`npm run bench -- importers` prints it at 1,000 and 5,000 files). V8 lets the
 * heap grow to up to four times what is live when collecting is cheap, and the longer the run, the more it lets it
 * grow, although what the batch keeps alive hardly does (live heap 30 MB at the end of 1,000 files, 33 MB at 5,000; a
 * 5,000-file folder peaked at 1.5–1.9× the memory of a 1,000-file one): at most a fifth. The flag is read by V8 at each
 * new heap limit, in this thread and in the worker threads.
 *
 * (The text reader's readPublished was once one function of 8 KB of bytecode, deoptimised and compiled again whenever
 * a new kind of file took another path through it, each time leaving about 16 MB in a background thread's malloc
 * arena; runs of many files kept it out of the optimising compiler. In parts of at most 2.5 KB it is compiled again
 * rarely and small: without that flag, 5,000 files peak at 183 MB against 154 MB at 1,000 with --jobs 0, as with it.)
 */
function boundMemoryGrowth(): void {
  setFlagsFromString("--heap-growing-percent=20");
}

/** How many reports may wait for last year's report to come past (a folder sorted by name has it next door). */
const WINDOW = 64;

/** A report as kept for pairing: its file and compact record. */
interface Paired {
  file: string;
  compact: PairingRecord;
}

interface Held {
  checked: CheckedReport;
  file: string;
  /** Key of last year's report this one waits for; undefined once paired (or when it has no agency or year). */
  waitsFor?: string;
}

/**
 * `nianbao check FILE|DIR…`: exit code 0 when every report was checked and none breaks a hard rule, 1 when one
 * does, 2 when a file cannot be read, a report has no table that could be checked, or an output cannot be written.
 *
 * Files stream through: each is read once, checked (in worker threads when there are many), printed and forgotten;
 * the batch keeps a compact record per report for pairing consecutive years of one agency (this year's 上年结转
 * against last year's 结转下年度). A report waits (at most WINDOW reports long) for last year's report to come past;
 * a pair found later still is reported at the end ("crossYear").
 */
export async function checkCommand(files: string[], options: CheckCommandOptions): Promise<number> {
  const { out, err } = options;
  let exit2 = false;
  const inputs = [...files, ...(options.previous ? [options.previous] : [])];

  const outputs: [what: string, path: string][] = [];
  if (options.summary) outputs.push(["汇总表", options.summary]);
  if (options.report) outputs.push(["汇总网页", options.report]);
  for (const [what, path] of outputs) {
    const refused = await refuseOutput(path, inputs, files);
    if (refused) {
      err(`nianbao: ${what} ${safeText(path)}：${refused}\n`);
      return 2;
    }
  }
  // The summary workbook and the overview page need each report's findings.
  const keepFindings = outputs.length > 0;

  let explicitPrevious: Paired | undefined;
  if (options.previous) {
    const p = await importFile(options.previous);
    if (p.ok) {
      const c = checkReport(options.previous, p.report, {}, {});
      explicitPrevious = { file: options.previous, compact: c.compact };
    } else {
      err(`nianbao: 上年报告 ${safeText(options.previous)}：${capMessage(p.error)}\n`);
      exit2 = true;
    }
  }

  // Output: printed as reports come, in the order of the files.
  const failures: { file: string; message: string }[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const late: { file: string; previous: string; findings: Finding[]; format: string }[] = [];
  const summaryRows: SummaryReport[] = [];
  let reports = 0;
  let withErrors = 0;
  let unchecked = 0;
  let firstJson = true;
  const deferredErr: string[] = [];
  let progress: Progress = NO_PROGRESS;
  const say = (line: string) => (progress === NO_PROGRESS ? err(line) : deferredErr.push(line));

  if (options.json) out('{\n  "reports": [');
  const emit = (held: Held) => {
    const r = held.checked.record;
    reports++;
    if (r.status === "unchecked") unchecked++;
    else if (r.summary.errors) withErrors++;
    printed(held.checked);
    if (keepFindings)
      summaryRows.push({
        file: r.sheet ? `${r.file}［${r.sheet}］` : r.file,
        kind: r.kind,
        previous: r.previous,
        result: slimConfrontation(held.checked),
        ...(r.status === "unchecked" ? { unchecked: true } : {}),
      });
    if (options.jsonl) out(JSON.stringify({ type: "report", ...r }) + "\n");
    else if (options.json) {
      out(`${firstJson ? "\n" : ",\n"}${indent(JSON.stringify(r, null, 2), 4)}`);
      firstJson = false;
    } else out(formatHuman(r, { cells: options.cells }));
  };
  const fail = (file: string, message: string) => {
    failures.push({ file, message });
    if (options.jsonl) out(JSON.stringify({ type: "failure", file, message }) + "\n");
    else say(`nianbao: ${safeText(file)}：${message}\n`);
  };
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    if (options.jsonl) out(JSON.stringify({ type: "skipped", file, reason }) + "\n");
  };

  // Pairing consecutive years.
  const seen = new Map<string, Paired>();
  const awaiting = new Map<string, Paired[]>();
  const held: Held[] = [];
  const usePrevious = (h: Held, prev: Paired) => {
    h.checked.record.previous = prev.file;
    addPairedFindings(
      h.checked,
      pairedFindings(h.checked.compact, h.checked.text, { previous: prev.compact })
    );
    h.waitsFor = undefined;
  };
  // 内容雷同 across agencies: each report is compared with the earlier reports of the same year whose narratives
  // look alike (`similar` before `add`). The later of the two is warned; so is the earlier when it is still waiting
  // to be printed (its text is then still at hand), else only the later names it.
  const peerIndex = new SimilarityIndex<PeerText>();
  const unprinted = new Map<PeerText, CheckedReport>();
  // How many other agencies' reports each held report is already said to repeat (at most MAX_PEERS).
  const peersNamed = new Map<CheckedReport, number>();
  const comparePeers = (file: string, checked: CheckedReport) => {
    const { agency, year, text: fp } = checked.compact;
    const key = normalizeAgency(agency);
    if (!key || year === undefined || !fp) return;
    const me: PeerText = { agency: agency!, file, year, fingerprint: fp };
    if (checked.text) {
      const peers = peerIndex.similar(key, year, fp, MAX_PEERS);
      if (peers.length) {
        const found = pairedFindings(checked.compact, checked.text, { peers });
        addPairedFindings(checked, found);
        peersNamed.set(checked, found.length);
      }
      for (const peer of peers) {
        const earlier = unprinted.get(peer);
        if (!earlier?.text || (peersNamed.get(earlier) ?? 0) >= MAX_PEERS) continue;
        const found = pairedFindings(earlier.compact, earlier.text, { peers: [me] });
        addPairedFindings(earlier, found);
        peersNamed.set(earlier, (peersNamed.get(earlier) ?? 0) + found.length);
      }
      unprinted.set(me, checked);
    }
    peerIndex.add(me, key, year, fp);
  };
  const printed = (checked: CheckedReport) => {
    checked.text = undefined;
    peersNamed.delete(checked);
    for (const [peer, c] of unprinted) if (c === checked) unprinted.delete(peer);
  };
  const release = (h: Held) => {
    if (h.waitsFor !== undefined || !h.checked.record.previous) {
      if (explicitPrevious) {
        const m = previousMismatch(h.checked.compact, explicitPrevious.compact);
        if (m.refuse) {
          say(
            `nianbao: ${safeText(h.file)}：--previous ${safeText(explicitPrevious.file)}：${m.refuse}\n`
          );
          exit2 = true;
        } else {
          if (m.warn)
            say(
              `nianbao: 提示：${safeText(h.file)} 与 --previous ${safeText(explicitPrevious.file)}：${m.warn}\n`
            );
          usePrevious(h, explicitPrevious);
        }
      } else if (h.waitsFor !== undefined) {
        const list = awaiting.get(h.waitsFor) ?? [];
        list.push({ file: h.file, compact: h.checked.compact });
        awaiting.set(h.waitsFor, list);
      }
    }
    emit(h);
  };
  const flush = (all: boolean) => {
    while (held.length && (all || held.length > WINDOW || held[0].waitsFor === undefined))
      release(held.shift()!);
  };
  const onReport = (file: string, checked: CheckedReport) => {
    const h: Held = { checked, file };
    comparePeers(file, checked);
    const key = pairKey(checked.compact);
    const prevKey = pairKey(checked.compact, -1);
    const prev = prevKey ? seen.get(prevKey) : undefined;
    if (prev) usePrevious(h, prev);
    else h.waitsFor = prevKey;
    if (key) {
      if (!seen.has(key)) seen.set(key, { file, compact: checked.compact });
      for (const w of held)
        if (w.waitsFor === key) usePrevious(w, { file, compact: checked.compact });
      // Reports printed before their last year's report came past: their cross-year findings go at the end.
      for (const a of awaiting.get(key) ?? []) {
        const findings = pairedFindings(a.compact, undefined, { previous: checked.compact });
        if (findings.length)
          printLate({ file: a.file, previous: file, findings, format: a.compact.format });
      }
      awaiting.delete(key);
    }
    held.push(h);
    flush(false);
  };

  /** A pair of years found after the later report was printed: printed now (kept for the end only in --json). */
  const printLate = (l: (typeof late)[number]) => {
    if (options.jsonl)
      out(
        JSON.stringify({
          type: "crossYear",
          file: l.file,
          previous: l.previous,
          findings: lateOutput(l),
        }) + "\n"
      );
    else if (options.json) late.push(l);
    else {
      out(`${safeText(l.file)}（与后面读到的上年报告 ${safeText(l.previous)} 比较）\n`);
      for (const f of lateOutput(l)) out(`  提示 ${f.rule}  ${capMessage(f.message, 2000)}\n`);
      out("\n");
    }
  };

  const onOutcome = (o: Outcome) => {
    if (o.type === "report") onReport(o.file, o.report);
    else if (o.type === "failure") fail(o.file, o.message);
    else skip(o.file, o.reason);
  };

  // Files stream from the folders to the processor, in flight at most `capacity`, printed in their order.
  const found = discover(
    files,
    outputs.map(([, path]) => path)
  );
  const roots = new Map<string, { reports: number; skipped: number }>();
  const candidates: { path: string; explicit: boolean; root?: string }[] = [];
  // Files are listed first (cheap: names only), so that the number of worker threads can depend on their number.
  for await (const f of found) {
    if (f.root) {
      const r = roots.get(f.root) ?? { reports: 0, skipped: 0 };
      roots.set(f.root, r);
      if (f.type === "skipped") r.skipped++;
    }
    if (f.type === "file") candidates.push({ path: f.path, explicit: f.explicit, root: f.root });
    else if (f.type === "skipped") skip(f.path, f.reason);
    else fail(f.path, f.message);
  }
  const workers = workerCount(candidates.length, options.jobs);
  if (candidates.length >= MANY_FILES) boundMemoryGrowth();
  const processor: FileProcessor =
    workers > 0
      ? workerPool(workers, { cells: options.cells, findings: keepFindings })
      : inThisThread({ cells: options.cells, findings: keepFindings });
  if (options.progress && candidates.length > 1)
    progress = await progressBar(options.progress, candidates.length);
  try {
    const inFlight: Promise<Outcome[]>[] = [];
    let nextToStart = 0;
    for (let done = 0; done < candidates.length; done++) {
      while (nextToStart < candidates.length && inFlight.length < processor.capacity) {
        const c = candidates[nextToStart++];
        inFlight.push(processor.run(c.path, c.explicit));
      }
      const c = candidates[done];
      const outcomes = await inFlight.shift()!;
      progress.tick(c.path);
      for (const o of outcomes) {
        if (c.root) {
          const r = roots.get(c.root)!;
          if (o.type === "skipped") r.skipped++;
          else r.reports++;
        }
        onOutcome(o);
      }
      // Without threads nothing else waits: the output of thousands of files would pile up unsent in memory.
      await options.drained?.();
    }
    flush(true);
  } finally {
    progress.stop();
    await processor.close();
  }
  // A folder named on the command line with no report in it is a mistake worth an error (a typo, a wrong folder).
  for (const [root, r] of roots)
    if (r.reports === 0 && !failures.some((f) => f.file === root))
      fail(
        root,
        `这是一个文件夹，其中没有找到报告文件${r.skipped ? `（${r.skipped} 个其他文件已跳过）` : ""}`
      );
  progress = NO_PROGRESS;
  for (const e of deferredErr) err(e);

  if (options.jsonl) {
    out(
      JSON.stringify({
        type: "total",
        reports,
        withErrors,
        unchecked,
        failures: failures.length,
        skipped: skipped.length,
      }) + "\n"
    );
  } else if (options.json) {
    out(`${firstJson ? "" : "\n  "}]`);
    if (failures.length)
      out(`,\n  "failures": ${indent(JSON.stringify(failures, null, 2), 2).trimStart()}`);
    if (skipped.length)
      out(`,\n  "skipped": ${indent(JSON.stringify(skipped, null, 2), 2).trimStart()}`);
    if (late.length)
      out(
        `,\n  "crossYear": ${indent(
          JSON.stringify(
            late.map((l) => ({ file: l.file, previous: l.previous, findings: lateOutput(l) })),
            null,
            2
          ),
          2
        ).trimStart()}`
      );
    out("\n}\n");
  } else {
    if (skipped.length) {
      out(`跳过的文件（${skipped.length} 个）：\n`);
      for (const s of skipped) out(`  ${safeText(s.file)}：${s.reason}\n`);
      out("\n");
    }
    if (reports > 1 || failures.length || skipped.length || unchecked) {
      const passed = reports - withErrors - unchecked;
      out(
        `共检查 ${reports} 份报告：${withErrors} 份有错误，${passed} 份通过` +
          `${unchecked ? `，${unchecked} 份没有可核对的统计表` : ""}` +
          `${failures.length ? `，${failures.length} 个文件无法读取` : ""}${skipped.length ? `，跳过 ${skipped.length} 个其他文件` : ""}。\n`
      );
    }
  }
  if (options.summary) {
    try {
      await writeSummary(options.summary, summaryRows, failures);
      if (!options.json && !options.jsonl) out(`汇总表已写入 ${safeText(options.summary)}\n`);
    } catch (e) {
      err(`nianbao: 无法写入汇总表 ${safeText(options.summary)}：${describeWrite(e)}\n`);
      exit2 = true;
    }
  }
  if (options.report) {
    try {
      await writeHtmlReport(options.report, summaryRows, failures);
      if (!options.json && !options.jsonl) out(`汇总网页已写入 ${safeText(options.report)}\n`);
    } catch (e) {
      err(`nianbao: 无法写入汇总网页 ${safeText(options.report)}：${describeWrite(e)}\n`);
      exit2 = true;
    }
  }
  if (exit2 || failures.length || unchecked) return 2;
  return withErrors ? 1 : 0;
}

function describeWrite(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ? describeFsError(e, true) : "无法写入";
}

function lateOutput(l: { findings: Finding[]; format: string }) {
  const model = getFormat(l.format as "2021" | "2019");
  return l.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: formatFinding(model, f),
  }));
}

const indent = (text: string, n: number) => text.replace(/^/gm, " ".repeat(n));

/** What the summary workbook needs of a report: its facts and findings (not its cells or text). */
function slimConfrontation(c: CheckedReport): Confrontation {
  const r = c.record;
  const report = {
    format: r.format as "2021" | "2019",
    ...(r.year !== null ? { year: r.year } : {}),
    ...(r.agency !== null ? { agency: r.agency } : {}),
    values: new Map(),
  };
  return new Confrontation(report, getFormat(report.format), c.findings ?? [], [], []);
}
