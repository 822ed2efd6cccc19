/**
 * Joining the lines of one cell or paragraph that the source broke (a label wrapping in a narrow column, a number
 * wrapping in a PDF cell, two paragraphs in a Word cell). Chinese text and digits wrap anywhere, so their pieces are
 * joined without a space (a number is never split into two); Latin words wrap at spaces, so two Latin letters keep one.
 */
export function joinLines(lines: readonly string[]): string {
  let out = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(line)) out += " ";
    out += line;
  }
  return out;
}
