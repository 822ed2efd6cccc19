/**
 * Label matching: published reports and clerks' sheets write the official labels with half-width or full-width
 * punctuation, stray spaces, 、 for ., and other quotes. Labels are compared after folding those variants away.
 */

/**
 * Folded labels, remembered: the same official labels and the same published cell texts are folded again and again
 * (every cell of every report). Bounded: cleared when it grows past FOLD_CACHE_SIZE (a batch of hostile texts cannot
 * fill memory).
 */
const foldCache = new Map<string, string>();
const FOLD_CACHE_SIZE = 4_000;

/** Fold a label to the form used for comparison (never shown to a user). */
export function foldLabel(label: string): string {
  let folded = foldCache.get(label);
  if (folded === undefined) {
    if (foldCache.size >= FOLD_CACHE_SIZE) foldCache.clear();
    // Long texts are folded but not remembered: labels are short, and a long key costs memory for no gain.
    folded = foldUncached(label);
    if (label.length <= 200) foldCache.set(label, folded);
  }
  return folded;
}

function foldUncached(label: string): string {
  return label
    .normalize("NFKC") // full-width ASCII → half-width: （一）→(一), １→1, ：→:
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[“”"「」『』‘’']/g, "")
    .replace(/^(\d+)[、．.]/, "$1.")
    .replace(/[—–－-]+/g, "-")
    .toLowerCase();
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export interface Labelled {
  key: string;
  label: string;
  aliases?: string[];
}

/** Each list of entries by folded label and alias (the first entry matching wins, as a linear search finds it). */
const entryIndex = new WeakMap<readonly Labelled[], Map<string, Labelled>>();

/** The entry whose label (or an accepted alias) matches, or undefined. */
export function matchLabel<T extends Labelled>(text: string, entries: readonly T[]): T | undefined {
  let index = entryIndex.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries)
      for (const l of [e.label, ...(e.aliases ?? [])])
        if (!index.has(foldLabel(l))) index.set(foldLabel(l), e);
    entryIndex.set(entries, index);
  }
  return index.get(foldLabel(text)) as T | undefined;
}

/** The official labels closest to an unknown one, best first (for "did you mean" messages). */
export function closestLabels(text: string, entries: readonly Labelled[], count = 3): string[] {
  const folded = foldLabel(text);
  return entries
    .map((e) => ({ label: e.label, d: editDistance(folded, foldLabel(e.label)) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map((e) => e.label);
}
