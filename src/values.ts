import type { CellKind } from "./format";

/**
 * Reading what a cell holds. Published reports and clerks write numbers in many ways (blank, "/", "—", "无",
 * full-width digits, "1,234", "12件", Excel errors); each way is read into a number or an unknown, and the way it was
 * written is kept so a finding can say what the cell was read as.
 */

/** A cell's content as given: a number, the raw text, or null for blank. */
export type RawValue = number | string | null;

export type ReadStatus =
  | "number" // a plain number
  | "blank" // empty: read as 0
  | "placeholder" // "/", "—", "无" …: read as 0
  | "reformatted" // a number written as text, full-width, with separators or a unit: read as that number
  | "text" // not a number: unknown
  | "error"; // an Excel error value (#REF! …): unknown

export interface ReadValue {
  raw: RawValue;
  status: ReadStatus;
  /** The number used in the rules; null when unknown (text, error). */
  value: number | null;
}

const PLACEHOLDERS = new Set(["/", "-", "无", "空", "nil", "n/a", "na", "none"]);
const EXCEL_ERROR =
  /^#(REF!|VALUE!|DIV\/0!|NAME\?|N\/A|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;
const UNIT = /(件|个|条|项|次|宗|份|元|万元)$/;
/** Values beyond this are not counts a report can hold; they are treated as unreadable rather than rounded. */
export const MAX_VALUE = 1e12;

export function readValue(raw: RawValue): ReadValue {
  if (raw === null || raw === undefined) return { raw: null, status: "blank", value: 0 };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || Math.abs(raw) > MAX_VALUE)
      return { raw, status: "text", value: null };
    return { raw, status: "number", value: raw };
  }
  if (typeof raw !== "string") return { raw: String(raw), status: "text", value: null };
  const text = raw.normalize("NFKC").replace(/[\s\u00a0\u3000]+/g, "");
  if (text === "") return { raw, status: "blank", value: 0 };
  if (EXCEL_ERROR.test(text)) return { raw, status: "error", value: null };
  // "—", "——", "－", "/" and friends all fold to "-" or "/" after NFKC and this collapse.
  const dashes = text.replace(/[—–―─━-]+/g, "-");
  if (PLACEHOLDERS.has(dashes.toLowerCase())) return { raw, status: "placeholder", value: 0 };
  let numeric = dashes.replace(UNIT, "");
  // Thousands separators: "1,234" or "1，234" (NFKC turns the full-width comma into ",").
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(numeric)) numeric = numeric.replace(/,/g, "");
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(numeric)) {
    const value = Number(numeric);
    if (Math.abs(value) > MAX_VALUE) return { raw, status: "text", value: null };
    return { raw, status: "reformatted", value: Object.is(value, -0) ? 0 : value };
  }
  return { raw, status: "text", value: null };
}

export type KindProblem = "negative" | "fraction";

/** Whether a readable value fits the cell's kind (counts are whole numbers ≥ 0; money ≥ 0; 本年增/减 whole). */
export function kindProblem(value: number, kind: CellKind): KindProblem | undefined {
  if (kind !== "signed" && value < 0) return "negative";
  if ((kind === "count" || kind === "signed") && !Number.isInteger(value)) return "fraction";
  return undefined;
}
