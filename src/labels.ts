/**
 * Label matching: published reports and clerks' sheets write the official labels with half-width or full-width
 * punctuation, stray spaces, 、 for ., and other quotes. Labels are compared after folding those variants away.
 */

/** Fold a label to the form used for comparison (never shown to a user). */
export function foldLabel(label: string): string {
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

/** The entry whose label (or an accepted alias) matches, or undefined. */
export function matchLabel<T extends Labelled>(text: string, entries: readonly T[]): T | undefined {
  const folded = foldLabel(text);
  return entries.find(
    (e) => foldLabel(e.label) === folded || (e.aliases ?? []).some((a) => foldLabel(a) === folded)
  );
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
