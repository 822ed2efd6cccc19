import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { confront } from "../../src/check";
import { cellId, getFormat } from "../../src/format";
import { importBytes } from "../../src/importers";
import type { Report } from "../../src/report";
import {
  codes,
  expectTables,
  fixture,
  FIXTURES,
  load,
  row,
  rowsPresent,
  type TablesSpec,
} from "./helpers";

/**
 * The shared corpus of published reports (copied into test/fixtures/corpus, see SOURCE.md). Expected values were read
 * off the published text by hand: in the flattened files, e.g. 001's `713000074` is 71,3,0,0,0,0,74.
 */

const ALL = [
  ...readdirSync(FIXTURES).filter((f) => /\.(txt|html)$/.test(f)),
  ...readdirSync(join(FIXTURES, "dept"))
    .filter((f) => f.endsWith(".txt"))
    .map((f) => `dept/${f}`),
];

const hardErrors = (report: Report) => confront(report, { localize: false }).errors();
const uncertain = (report: Report) => [...(report.uncertain ?? [])].sort();
const Z7 = [0, 0, 0, 0, 0, 0, 0];

describe("importers: every corpus file", () => {
  it("has the whole corpus as fixtures", () => {
    assert.ok(ALL.length >= 55, `only ${ALL.length} fixtures`);
    assert.ok(ALL.includes("003.html") && ALL.includes("seed-000_26925f727e4ff8e1.txt"));
  });
  for (const name of ALL) {
    it(`reads ${name} without a crash, and the engine checks it`, async () => {
      const r = await importBytes(join(FIXTURES, name), fixture(name));
      assert.ok(r.ok, `${name}: ${!r.ok && r.error}`);
      const result = confront(r.report);
      assert.ok(Array.isArray(result.findings));
      assert.ok(
        typeof r.report.text === "string" && r.report.text.length > 100,
        "report.text kept"
      );
    });
  }
});

// 003: the same report as text (digits run together) and as the HTML page.
const T003: TablesSpec = {
  二: {
    normativeDocs: [62, 33, 440],
    licensing: [4529],
    penalty: [1100],
    enforcement: [65],
    fees: [18651.06],
  },
  三: {
    new: [217, 1, 0, 0, 0, 0, 218],
    granted: [71, 0, 0, 0, 0, 0, 71],
    partial: [29, 0, 0, 0, 0, 0, 29],
    denySecret: [4, 0, 0, 0, 0, 0, 4],
    denyThirdParty: [3, 0, 0, 0, 0, 0, 3],
    denyInternal: [32, 0, 0, 0, 0, 0, 32],
    unableNotHeld: [75, 0, 0, 0, 0, 0, 75],
    ignoreRepeat: [1, 0, 0, 0, 0, 0, 1],
    otherNoCorrection: [1, 0, 0, 0, 0, 0, 1],
    otherOther: [1, 1, 0, 0, 0, 0, 2],
    resultsTotal: [217, 1, 0, 0, 0, 0, 218],
  },
  // `21317000001324019`: only the 总计 rule splits it.
  四: { review: [2, 1, 3, 1, 7], suitAfterReview: [13, 2, 4, 0, 19] },
};

// Full reports: rows not listed are all 0.
const FULL: Record<
  string,
  {
    format: "2019" | "2021";
    year: number;
    agency: string;
    tables: TablesSpec;
    uncertain?: string[];
    uncertainCount?: number;
    notes?: string[];
  }
> = {
  "001.txt": {
    format: "2021",
    year: 2022,
    agency: "平潭综合实验区",
    tables: {
      二: { normativeDocs: [88, 55, 698], licensing: [10690], penalty: [2113], fees: [9116.36] },
      三: {
        new: [71, 3, 0, 0, 0, 0, 74],
        carried: [1, 0, 0, 0, 0, 0, 1],
        granted: [21, 0, 0, 0, 0, 0, 21],
        partial: [8, 1, 0, 0, 0, 0, 9],
        denyInternal: [1, 0, 0, 0, 0, 0, 1],
        denyProcess: [2, 0, 0, 0, 0, 0, 2],
        denyEnforcement: [1, 0, 0, 0, 0, 0, 1],
        unableNotHeld: [37, 0, 0, 0, 0, 0, 37],
        otherNoCorrection: [2, 0, 0, 0, 0, 0, 2],
        otherOther: [0, 2, 0, 0, 0, 0, 2],
        resultsTotal: [72, 3, 0, 0, 0, 0, 75],
      },
      四: { review: [0, 1, 1, 0, 2], suitDirect: [1, 0, 0, 0, 1] },
    },
    uncertain: [],
    notes: [],
  },
  "003.txt": {
    format: "2021",
    year: 2024,
    agency: "平潭综合实验区",
    tables: T003,
    // `6233440` has no rule to split it; the narrative quotes only 62.
    uncertain: ["二:normativeDocs:inForce", "二:normativeDocs:issued", "二:normativeDocs:repealed"],
    notes: ["I-UNCERTAIN"],
  },
  "005.txt": {
    format: "2021",
    year: 2021,
    agency: "平潭综合实验区",
    tables: {
      // normativeDocs `693665` cannot be split for sure (see the uncertain cells); its guess is not asserted.
      二: { licensing: [2293], penalty: [1282], enforcement: [42], fees: [24252.311082] },
      三: {
        new: [64, 0, 0, 2, 0, 4, 70],
        granted: [27, 0, 0, 2, 0, 1, 30],
        partial: [5, 0, 0, 0, 0, 0, 5], // `500000 5`: a stray space
        denyInternal: [1, 0, 0, 0, 0, 0, 1],
        denyEnforcement: [6, 0, 0, 0, 0, 0, 6],
        denyQuery: [1, 0, 0, 0, 0, 0, 1],
        unableNotHeld: [22, 0, 0, 0, 0, 3, 25],
        otherOther: [1, 0, 0, 0, 0, 0, 1],
        resultsTotal: [63, 0, 0, 2, 0, 4, 69],
        next: [1, 0, 0, 0, 0, 0, 1],
      },
      四: { review: [1, 0, 2, 0, 3], suitDirect: [12, 0, 0, 0, 12] },
    },
    uncertain: ["二:normativeDocs:inForce", "二:normativeDocs:issued", "二:normativeDocs:repealed"],
  },
  "007.txt": {
    format: "2019",
    // Every multi-cell row of table 二 runs its digits together (`898989`, `3960181`, `13575394432.52元`) and no
    // rule splits them: all 19 of those cells are guesses, marked uncertain.
    uncertainCount: 19,
    year: 2019,
    agency: "平潭综合实验区",
    tables: {
      三: {
        new: [23, 0, 0, 0, 0, 0, 23], // `230 000023`
        granted: [7, 0, 0, 0, 0, 0, 7],
        partial: [1, 0, 0, 0, 0, 0, 1],
        unableNotHeld: [7, 0, 0, 0, 0, 0, 7],
        unableUnclear: [5, 0, 0, 0, 0, 0, 5],
        ignoreRepeat: [3, 0, 0, 0, 0, 0, 3],
        otherHandling: Z7, // `0 0 0 0 0 00`
        resultsTotal: [23, 0, 0, 0, 0, 0, 23], // `23 0 00 0 023`
      },
    },
  },
  "003.html": {
    format: "2021",
    year: 2024,
    agency: "平潭综合实验区",
    tables: T003, // and compared with 003.txt below
    uncertain: [],
    notes: [],
  },
  "seed-000_26925f727e4ff8e1.txt": {
    format: "2021",
    year: 2021,
    agency: "五原县和胜乡",
    tables: {},
    uncertain: [],
    notes: ["I-STRAY", "I-STRAY"],
  },
  "dept/102.txt": {
    format: "2019",
    year: 2020,
    agency: "平潭综合实验区财政金融局",
    // `规范性文件 6 4 11`, `行政许可 0 1 0`, `政府集中采购 2笔 984361元`: labels and values separated by spaces
    tables: { 二: { normativeDocs: [6, 4, 11], licensing: [0, 1, 0], procurement: [2, 984361] } },
    uncertain: [],
    notes: [],
  },
  "dept/104.txt": {
    format: "2021",
    year: 2022,
    agency: "平潭综合实验区财政金融局",
    tables: {
      二: { normativeDocs: [8, 0, 8], licensing: [5], fees: [9116.36] },
      三: {
        new: [1, 0, 0, 0, 0, 0, 1],
        partial: [1, 0, 0, 0, 0, 0, 1],
        resultsTotal: [1, 0, 0, 0, 0, 0, 1],
      },
    },
    uncertain: [],
    notes: [],
  },
  "dept/113.txt": {
    format: "2019",
    year: 2019,
    agency: "平潭综合实验区管委会办公室",
    tables: {
      // The narrative quotes 22 and 33 (规范性文件) and 21 采购: these pin the splits.
      二: { normativeDocs: [22, 22, 33], licensing: [0, 1, 1], procurement: [21, 5419886] },
      三: {
        new: [12, 0, 0, 0, 0, 0, 12],
        granted: [4, 0, 0, 0, 0, 0, 4],
        partial: [1, 0, 0, 0, 0, 0, 1],
        unableUnclear: [3, 0, 0, 0, 0, 0, 3],
        ignoreRepeat: [2, 0, 0, 0, 0, 0, 2],
        otherHandling: [2, 0, 0, 0, 0, 0, 2],
        resultsTotal: [12, 0, 0, 0, 0, 0, 12],
      },
    },
    uncertain: [],
    notes: [],
  },
  "dept/116.txt": {
    format: "2021",
    year: 2022,
    agency: "平潭综合实验区管委会办公室",
    tables: {
      三: {
        new: [14, 2, 0, 0, 0, 0, 16],
        granted: [5, 0, 0, 0, 0, 0, 5],
        denyInternal: [1, 0, 0, 0, 0, 0, 1],
        denyProcess: [2, 0, 0, 0, 0, 0, 2],
        unableNotHeld: [5, 0, 0, 0, 0, 0, 5],
        otherNoCorrection: [1, 0, 0, 0, 0, 0, 1],
        otherOther: [0, 2, 0, 0, 0, 0, 2],
        resultsTotal: [14, 2, 0, 0, 0, 0, 16],
      },
      四: { suitDirect: [1, 0, 0, 0, 1] },
    },
    uncertain: ["二:normativeDocs:inForce", "二:normativeDocs:issued", "二:normativeDocs:repealed"],
  },
  "dept/119.txt": {
    format: "2021",
    year: 2025,
    agency: "平潭综合实验区管委会办公室",
    tables: {
      // `97253`: the narrative says 制发 9 件, 废止 7 件, 现行有效 253 件.
      二: { normativeDocs: [9, 7, 253] },
      三: {
        new: [32, 0, 0, 0, 0, 0, 32],
        granted: [8, 0, 0, 0, 0, 0, 8],
        partial: [7, 0, 0, 0, 0, 0, 7],
        denyInternal: [1, 0, 0, 0, 0, 0, 1],
        denyProcess: [2, 0, 0, 0, 0, 0, 2],
        unableNotHeld: [12, 0, 0, 0, 0, 0, 12],
        unableNeedsCreation: [2, 0, 0, 0, 0, 0, 2],
        resultsTotal: [32, 0, 0, 0, 0, 0, 32],
      },
      四: { review: [2, 0, 0, 0, 2] },
    },
    uncertain: [],
    notes: [],
  },
  "dept/交通与建设局-2022.txt": {
    format: "2021",
    year: 2022,
    agency: "平潭综合实验区交通与建设局",
    tables: {
      二: { normativeDocs: [4, 0, 16] },
      三: {
        new: [11, 0, 0, 0, 0, 0, 11],
        granted: [7, 0, 0, 0, 0, 0, 7],
        unableNotHeld: [4, 0, 0, 0, 0, 0, 4],
        resultsTotal: [11, 0, 0, 0, 0, 0, 11],
      },
    },
    uncertain: [],
    notes: [],
  },
  "dept/交通与建设局-2025.txt": {
    format: "2021",
    year: 2025,
    agency: "平潭综合实验区交通与建设局",
    uncertain: ["二:normativeDocs:inForce", "二:normativeDocs:issued", "二:normativeDocs:repealed"], // `1024`
    tables: {
      三: {
        new: [21, 0, 0, 0, 0, 0, 21],
        granted: [10, 0, 0, 0, 0, 0, 10], // `100000010`
        partial: [1, 0, 0, 0, 0, 0, 1],
        unableNotHeld: [10, 0, 0, 0, 0, 0, 10],
        resultsTotal: [21, 0, 0, 0, 0, 0, 21],
      },
      四: { review: [3, 1, 5, 0, 9] }, // `315090000000000`
    },
  },
};

describe("importers: full reports, cell by cell", () => {
  for (const [name, want] of Object.entries(FULL)) {
    it(`${name}: format, title facts and every cell`, async () => {
      const report = await load(name);
      assert.equal(report.format, want.format);
      assert.equal(report.year, want.year);
      assert.equal(report.agency, want.agency);
      const model = getFormat(report.format);
      assert.equal(report.values.size, model.cells.length, "every cell given");
      // Rows read with a guess (uncertain cells) are not asserted here, only that they are marked.
      assert.deepEqual(
        expectTables(report, want.tables, { restZero: true, skipUncertain: true }),
        []
      );
      if (want.uncertain) assert.deepEqual(uncertain(report), [...want.uncertain].sort());
      if (want.uncertainCount !== undefined) {
        assert.equal(uncertain(report).length, want.uncertainCount);
        assert.ok(uncertain(report).every((id) => id.startsWith("二:")));
      }
      if (want.notes) assert.deepEqual(codes(report), want.notes);
    });
    it(`${name}: satisfies every hard rule after import`, async () => {
      assert.deepEqual(
        hardErrors(await load(name)).map((f) => f.rule),
        []
      );
    });
  }

  it("003.txt and 003.html yield the same cells (the text only less sure of table 二's run-together row)", async () => {
    const text = await load("003.txt");
    const html = await load("003.html");
    assert.deepEqual([...html.values.entries()].sort(), [...text.values.entries()].sort());
    assert.deepEqual(uncertain(html), []);
    for (const id of uncertain(text)) assert.ok(id.startsWith("二:normativeDocs:"), id);
    assert.ok(
      !html.text!.includes("本年新收政府信息公开申请数量"),
      "table text is not part of the HTML report's text"
    );
    assert.ok(html.text!.includes("总体情况"));
  });

  it("the seed: traditional characters and pinyin read; all zeros; its stray values are named", async () => {
    const seed = await load("seed-000_26925f727e4ff8e1.txt");
    assert.ok(
      seed.text!.includes("五原县和胜乡2021年政府信息公开工作年度报告"),
      "simplified, pinyin stripped"
    );
    assert.ok(!/\(xiāng\)/.test(seed.text!));
    assert.ok([...seed.values.values()].every((v) => v === 0));
    const strays = (seed.notes ?? []).filter((n) => n.code === "I-STRAY").map((n) => n.message);
    assert.equal(strays.length, 2);
    assert.match(strays[0], /行政事业性收费/);
    assert.match(strays[1], /表三表头.*0.*其他/);
    // …其政府信息申请 (without 公开) is the 2021 row all the same
    assert.deepEqual(row(seed, "三", "otherNoCorrection"), Z7);
  });

  it("every full department report satisfies the hard rules (INDEX: all do)", async () => {
    const dept = ALL.filter((f) => f.startsWith("dept/") && f !== "dept/109.txt");
    for (const name of dept) {
      const report = await load(name);
      assert.deepEqual(
        hardErrors(report).map((f) => `${name} ${f.rule}`),
        []
      );
      assert.ok(
        report.values.size >= getFormat(report.format).cells.length - 3,
        `${name}: ${report.values.size} cells`
      );
    }
  });

  it("dept 108: six digits for seven cells — one blank cell, guessed, marked uncertain and noted", async () => {
    const report = await load("dept/108.txt");
    const values = row(report, "三", "new");
    assert.equal(values.filter((v) => v === null).length, 1);
    assert.equal(values.filter((v) => v === 0).length, 6);
    for (const column of getFormat("2019").columnsOf("三", "new"))
      assert.ok(report.uncertain!.has(cellId({ table: "三", row: "new", column })));
    assert.ok(
      (report.notes ?? []).some((n) => n.code === "I-UNCERTAIN" && /少于 7 格/.test(n.message))
    );
    assert.deepEqual(hardErrors(report), []);
  });

  it("dept 市场监督管理局-2025: a drifted label (案件 for 案卷), a year glued to the last value, no 规章 row", async () => {
    const report = await load("dept/市场监督管理局-2025.txt");
    assert.deepEqual(row(report, "三", "denyEnforcement"), [3, 0, 0, 0, 0, 0, 3]);
    assert.deepEqual(row(report, "三", "next"), [2, 0, 0, 0, 0, 0, 2]); // `20000022025年`
    assert.deepEqual(row(report, "四", "review"), [10, 0, 0, 0, 10]);
    assert.deepEqual(row(report, "二", "rules"), [undefined, undefined, undefined]);
    assert.deepEqual(row(report, "二", "fees"), [0]); // `02025年`
    assert.ok(codes(report).includes("I-LABEL"));
    assert.ok(
      (report.notes ?? []).some((n) => n.code === "I-MISSING-ROWS" && n.message.includes("规章"))
    );
  });

  it("dept 市场监督管理局-2021: rows printed without numbers are blank cells", async () => {
    const report = await load("dept/市场监督管理局-2021.txt");
    assert.deepEqual(row(report, "三", "otherNoFee"), [null, null, null, null, null, null, null]);
    assert.deepEqual(row(report, "三", "otherOther"), [null, null, null, null, null, null, null]);
    assert.ok(confront(report).byRule("W-BLANK").length > 0);
  });

  it("dept 114 and 交通与建设局-2020: signed 本年增/减 in the 2019 format", async () => {
    const r114 = await load("dept/114.txt");
    assert.deepEqual(row(r114, "二", "licensing"), [1, -1, 0]); // `1-10`
    const r2020 = await load("dept/交通与建设局-2020.txt");
    assert.deepEqual(row(r2020, "二", "fees"), [15, -15]); // `15-15`
    // `88-720` is 88,-72,0 or 88,-7,20: a guess, marked
    assert.ok(r2020.uncertain!.has("二:licensing:change"));
  });

  it("dept 109: only the title — no tables, said so", async () => {
    const report = await load("dept/109.txt");
    assert.equal(report.values.size, 0);
    assert.equal(report.year, 2020);
    assert.deepEqual(codes(report), ["I-NO-TABLES"]);
  });
});

// Excerpts: which rows are present, and that the rest is reported missing.
const EXCERPTS: Record<
  string,
  {
    format: "2019" | "2021";
    二: string[];
    三: string[];
    四?: boolean;
    values?: TablesSpec;
    notes: string[];
  }
> = {
  "009.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement", "fees"],
    三: [
      "new",
      "carried",
      "granted",
      "partial",
      "denySecret",
      "denyLaw",
      "denySafety",
      "denyThirdParty",
      "denyInternal",
      "denyProcess",
    ],
    values: {
      二: { penalty: [1472] },
      三: { new: [1, 0, 0, 0, 0, 0, 1], denyProcess: [0, 0, 0, 0, 0, 0, undefined as never] },
    },
    notes: ["I-TRUNCATED", "I-MISSING-ROWS", "I-MISSING-TABLE"],
  },
  "010.txt": {
    format: "2019",
    二: [
      "rules",
      "normativeDocs",
      "licensing",
      "otherServices",
      "penalty",
      "enforcement",
      "fees",
      "procurement",
    ],
    三: ["new", "carried"],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE"],
  },
  "011.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement", "fees"],
    三: ["new", "carried", "granted", "partial", "denySecret", "denyLaw", "denySafety"],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE"],
  },
  "012.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement"],
    三: [],
    values: { 二: { rules: [2, 0, 2], normativeDocs: [2, 0, 2], penalty: [9] } },
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "013.txt": {
    format: "2019",
    二: ["rules", "normativeDocs", "licensing", "otherServices", "penalty", "enforcement"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "014.txt": {
    format: "2019",
    二: ["rules", "normativeDocs"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "015.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "017.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "019.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement", "fees"],
    三: ["new", "carried"],
    values: { 三: { new: [3, 0, 0, 0, 0, 0, 3] } },
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE"],
  },
  "020.txt": {
    format: "2021",
    二: ["rules", "normativeDocs"],
    三: [],
    values: { 二: { normativeDocs: [4, 5, 5] } },
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "022.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement"],
    三: [],
    values: { 二: { normativeDocs: [6, 6, 49] } },
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "024.txt": {
    format: "2021",
    二: ["rules", "normativeDocs"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "027.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement", "fees"],
    三: [],
    notes: ["I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "041.txt": {
    format: "2021",
    二: ["rules", "normativeDocs"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "042.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement", "fees"],
    三: [],
    notes: ["I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
  "043.txt": {
    format: "2021",
    二: ["rules", "normativeDocs", "licensing", "penalty", "enforcement"],
    三: [],
    notes: ["I-MISSING-ROWS", "I-MISSING-TABLE", "I-MISSING-TABLE"],
  },
};

describe("importers: excerpts (cut-off reports)", () => {
  for (const [name, want] of Object.entries(EXCERPTS)) {
    it(`${name}: the rows present are read, the rest reported missing`, async () => {
      const report = await load(name);
      assert.equal(report.format, want.format);
      assert.deepEqual(rowsPresent(report, "二"), want.二);
      assert.deepEqual(rowsPresent(report, "三"), want.三);
      assert.deepEqual(
        rowsPresent(report, "四"),
        want.四 ? ["review", "suitDirect", "suitAfterReview"] : []
      );
      // Rows that were present but printed all zeros in these excerpts, unless stated otherwise.
      const spec: TablesSpec = { 二: {}, 三: {} };
      for (const t of ["二", "三"] as const)
        for (const key of want[t])
          spec[t]![key] = want.values?.[t]?.[key] ?? row(report, t, key).map(() => 0);
      assert.deepEqual(expectTables(report, spec), []);
      assert.deepEqual(codes(report), want.notes);
      // Missing cells are absent (not 0), so the engine reports W-MISSING.
      const missing = confront(report).byRule("W-MISSING");
      assert.ok(missing.length > 0);
      // The missing-rows note names the first missing row.
      const model = getFormat(report.format);
      const firstMissing2 = model.table("二").rows.find((r) => !want.二.includes(r.key));
      const rowsNote = (report.notes ?? []).find((n) => n.code === "I-MISSING-ROWS");
      if (firstMissing2 && want.二.length)
        assert.ok(rowsNote?.message.includes(firstMissing2.label.slice(0, 6)), rowsNote?.message);
    });
  }

  it("012: a township reporting 规章 gives W-RULEMAKING", async () => {
    const report = await load("012.txt");
    assert.equal(report.agency, "桃江县松木塘镇人民政府");
    assert.equal(confront(report).byRule("W-RULEMAKING").length, 1);
  });

  it("014: a 2021 report with the 2019 headers gives W-FORMAT-YEAR", async () => {
    const report = await load("014.txt");
    assert.equal(report.year, 2021);
    assert.equal(report.format, "2019");
    assert.equal(confront(report).byRule("W-FORMAT-YEAR").length, 1);
  });

  it("035: headings without table text — the tables were images", async () => {
    const report = await load("035.txt");
    assert.equal(report.values.size, 0);
    assert.deepEqual(codes(report), ["I-IMAGE-TABLES"]);
    assert.match(report.notes![0].message, /图片/);
    assert.equal(confront(report).byRule("I-IMAGE-TABLES").length, 1);
  });

  it("028: only the opening — no tables, said so", async () => {
    const report = await load("028.txt");
    assert.equal(report.values.size, 0);
    assert.deepEqual(codes(report), ["I-NO-TABLES"]);
  });

  it("title facts of excerpts: agencies of townships and streets are found for the 规章 check", async () => {
    assert.equal((await load("009.txt")).agency, "官洲街道办事处");
    assert.equal((await load("011.txt")).agency, "太平镇人民政府");
    assert.equal((await load("017.txt")).agency, "上海市人民政府参事室");
    assert.equal((await load("019.txt")).year, 2023);
  });
});
