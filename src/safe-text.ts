/**
 * Text from a report or a file name made safe for a terminal: ANSI escape sequences removed, other control characters
 * (C0 except tab and newline, DEL, C1, bidi overrides) shown as "�". A report's text cannot then recolour, move or
 * clear the clerk's terminal.
 */
export function safeText(text: string): string {
  return (
    text
      // ESC [ … final byte (CSI), ESC ] … BEL/ST (OSC), and two-byte escapes
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u001b[@-_]?/g, "")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "�")
  );
}
