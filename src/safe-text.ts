// The control characters are the point of these two expressions (no-control-regex is off for them).
/** ESC [ … final byte (CSI), ESC ] … BEL or ST (OSC), and two-byte escapes. */
const ESCAPES = new RegExp(
  // eslint-disable-next-line no-control-regex
  "\\u001b\\[[0-?]*[ -/]*[@-~]|\\u001b\\][^\\u0007\\u001b]*(\\u0007|\\u001b\\\\)?|\\u001b[@-_]?",
  "g"
);
/** C0 controls but tab and newline, DEL, C1 controls, bidi overrides and isolates. */
const CONTROLS = new RegExp(
  // eslint-disable-next-line no-control-regex
  "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]",
  "g"
);

/**
 * Text from a report or a file name made safe for a terminal: ANSI escape sequences removed, other control characters
 * (C0 except tab and newline, DEL, C1, bidi overrides) shown as "�". A report's text cannot then recolour, move or
 * clear the clerk's terminal.
 */
export function safeText(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS, "\ufffd");
}
