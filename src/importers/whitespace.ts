/**
 * Whitespace tidying for the readers of pages and tables, in one pass over the text (these ran as regular
 * expressions on every paragraph and cell).
 */

import { whitespace } from "../chars";

/**
 * A paragraph's text tidied: runs of spaces, tabs, U+00A0 and U+3000 as one space; spaces next to a line end
 * dropped; at most two line ends in a row; trimmed. One pass (the same as the regular expressions
 * `/[ \t\u00a0\u3000]+/g → " "`, `/ *\n *\/g → "\n"`, `/\n{3,}/g → "\n\n"`, then trim()).
 */
export function tidy(s: string): string {
  let out = "";
  let from = 0; // text not yet copied to out
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0xa0 && c !== 0x3000) continue;
    // A run of spaces and line ends: one space, or its line ends (two at most).
    const start = i;
    let ends = 0;
    for (; i < s.length; i++) {
      c = s.charCodeAt(i);
      if (c === 0x0a) ends++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x3000) break;
    }
    const run = ends === 0 ? " " : ends === 1 ? "\n" : "\n\n";
    // Copy only where the run changes.
    if (i - start !== run.length || s.charCodeAt(start) !== run.charCodeAt(0)) {
      out += s.slice(from, start) + run;
      from = i;
    }
    i--;
  }
  return (from === 0 ? s : out + s.slice(from)).trim();
}

/** Runs of whitespace (\s) as one space, trimmed: `s.replace(/[\s\u00a0\u3000]+/g, " ").trim()` in one pass. */
export function squash(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (!whitespace(s.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < s.length && whitespace(s.charCodeAt(i + 1))) i++;
    if (i > start || s.charCodeAt(start) !== 0x20) {
      out += s.slice(from, start) + " ";
      from = i + 1;
    }
  }
  return (from === 0 ? s : out + s.slice(from)).trim();
}
