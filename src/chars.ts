/**
 * Character classes in their fast form, for loops that run over every character of a report: a regular expression
 * tested once per character cost more than the rest of the loop. Tests hold each equal to its expression for every
 * UTF-16 code unit.
 */

/**
 * JavaScript's \s for one UTF-16 code unit: ASCII whitespace, U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F,
 * U+3000, U+FEFF.
 */
export function whitespace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x1680) return code === 0xa0;
  if (code <= 0x3000)
    return (
      code === 0x1680 ||
      (code >= 0x2000 && code <= 0x200a) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x202f ||
      code === 0x205f ||
      code === 0x3000
    );
  return code === 0xfeff;
}

/** The last string known to be in NFKC: a report's text is asked for its NFKC form by several checks. */
let nfkcKnown = "";

/** s.normalize("NFKC"), without a pass over s when it is the last string known to be in NFKC. */
export function nfkc(s: string): string {
  if (s === nfkcKnown) return s;
  return (nfkcKnown = s.normalize("NFKC"));
}

/** Remember that s is in NFKC (its caller has made it so). */
export function knownNfkc(s: string): void {
  nfkcKnown = s;
}

export const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** [A-Za-z] */
export const isLatinLetter = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** CJK ideographs (the unified block, extension A and the compatibility block). */
export const isHan = (code: number): boolean =>
  (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);

/**
 * SKIP for one UTF-16 code unit, without a regular expression (compactOf runs over every character): whitespace(),
 * | " ' and the curly and corner quotes.
 */
export function skipped(code: number): boolean {
  return (
    whitespace(code) ||
    code === 0x7c ||
    code === 0x22 ||
    code === 0x27 ||
    code === 0x2018 ||
    code === 0x2019 ||
    code === 0x201c ||
    code === 0x201d ||
    (code >= 0x300c && code <= 0x300f)
  );
}

/**
 * What the text checks' compact form leaves out: skipped() and U+200B (zero-width space), i.e.
 * /[\s|“”"‘’'「」『』\u200b]/.
 */
export const droppedFromCompact = (code: number): boolean => skipped(code) || code === 0x200b;

/**
 * `text` without the characters `drop` names (one pass, copying the runs between them). The pieces are joined, not
 * concatenated one by one: a string built with += is a tree of pieces, and reading it a character at a time (as the
 * heading search does) is slow until V8 flattens it.
 */
export function without(text: string, drop: (code: number) => boolean): string {
  const pieces: string[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (!drop(text.charCodeAt(i))) continue;
    if (i > run) pieces.push(text.slice(run, i));
    run = i + 1;
  }
  if (run === 0) return text;
  pieces.push(text.slice(run));
  return pieces.join("");
}
