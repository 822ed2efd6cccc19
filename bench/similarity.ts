import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  fingerprint,
  minhash,
  narrativeOf,
  overlap,
  SimilarityIndex,
  type TextFingerprint,
} from "../src/similarity";
import { COPIED_SHARE } from "../src/supervisor-checks";
import { seededRandom } from "../test/helpers/reports";

/**
 * 内容雷同 at folder scale: fingerprinting, the same-year index (MinHash + LSH) and the exact comparison of the
 * candidates it proposes, on N report texts made from the 36 real ones of the corpus fixtures (each: another
 * agency's name, its sentences shuffled, a third left out and a few taken from another report; years 2019–2025), so
 * that the folder holds many near-duplicates — a harder case than a real province's folder. Prints ms per report and
 * the memory a fingerprint keeps.
 */

const CORPUS = join(__dirname, "../test/fixtures/corpus");

function realTexts(): string[] {
  const files = [
    ...readdirSync(join(CORPUS, "dept"))
      .filter((f) => f.endsWith(".txt"))
      .map((f) => join(CORPUS, "dept", f)),
    ...["001.txt", "003.txt", "005.txt", "007.txt"].map((f) => join(CORPUS, f)),
  ];
  return files.map((f) => readFileSync(f, "utf8"));
}

function variants(n: number): { text: string; agency: string; year: number }[] {
  const base = realTexts();
  const random = seededRandom(7);
  const out = [];
  for (let i = 0; i < n; i++) {
    const text = base[i % base.length];
    const other = base[Math.floor(random() * base.length)].split("。");
    const sentences = text.split("。");
    const head = sentences.shift()!;
    const kept = sentences.filter(() => random() > 0.33);
    for (let k = kept.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [kept[k], kept[j]] = [kept[j], kept[k]];
    }
    for (let k = 0; k < 3; k++) kept.push(other[Math.floor(random() * other.length)]);
    out.push({
      text: [head, ...kept].join("。").replace(/平潭综合实验区/g, `某市${i}区`),
      agency: `某市${i}区某局`,
      year: 2019 + Math.floor(random() * 7),
    });
  }
  return out;
}

export function run(): void {
  for (const n of [1000, 5000]) {
    const docs = variants(n);
    const chars = docs.reduce((s, d) => s + d.text.length, 0) / n;
    let t = performance.now();
    const narratives = docs.map((d) => narrativeOf(d.text));
    const tNarrative = performance.now() - t;
    const memory = () => {
      if (global.gc) global.gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    t = performance.now();
    narratives.map((d) => fingerprint(d));
    const tFingerprint = performance.now() - t;
    // What a batch keeps: the fingerprint alone (the text and its narrative are dropped once a report is checked).
    const before = memory();
    const fps: TextFingerprint[] = docs.map((d) => fingerprint(d.text));
    const kept = memory() - before;
    const hashBytes = fps.reduce((s, f) => s + f.hashes.byteLength, 0) / n;

    t = performance.now();
    for (const f of fps.slice(0, 200)) minhash({ ...f });
    const tMinhash = (performance.now() - t) / 200;

    // Streaming use: ask before adding, as a batch reading one report at a time would.
    const index = new SimilarityIndex<number>();
    const beforeIndex = memory();
    t = performance.now();
    let candidates = 0;
    let warned = 0;
    t = performance.now();
    docs.forEach((d, i) => {
      const found = index.similar(d.agency, d.year, fps[i]);
      candidates += found.length;
      for (const j of found) if (overlap(narratives[i], fps[j]).share > COPIED_SHARE) warned++;
      index.add(i, d.agency, d.year, fps[i]);
    });
    const tIndex = performance.now() - t;
    const indexBytes = memory() - beforeIndex;
    console.log(
      `${n} reports (${Math.round(chars)} characters of text each on average):\n` +
        `  narrative (section scan + normalisation): ${(tNarrative / n).toFixed(2)} ms/report\n` +
        `  fingerprint of the narrative (shingles, winnowing): ${(tFingerprint / n).toFixed(2)} ms/report\n` +
        `  MinHash signature: ${tMinhash.toFixed(3)} ms/report\n` +
        `  same-year index, query + exact comparison of candidates + add: ${(tIndex / n).toFixed(2)} ms/report ` +
        `(${(candidates / n).toFixed(1)} candidates/report, ${warned} pairs over ${COPIED_SHARE * 100} %)\n` +
        `  fingerprint kept per report: ${Math.round(hashBytes)} bytes of hashes` +
        (global.gc
          ? `, ${Math.round(kept / n)} bytes with the objects (heap + array buffers); ` +
            `the same-year index ${Math.round(indexBytes / n)} bytes/report more`
          : " (run with node --expose-gc for the memory figures)")
    );
  }
}

if (require.main === module) run();
