import { cellId, type CellRef, type TableId } from "./format";
import type { AgencyLevel } from "./report";
import type { ReadStatus, RawValue } from "./values";

/**
 * A finding: one broken rule or one warning, as data. Messages are produced from findings by a formatter per
 * language (messages/zh.ts, messages/en.ts); checking never throws on user data.
 */
export type Severity = "error" | "warning";

export interface CellValue {
  cell: CellRef;
  value: number;
}

export type FindingDetail =
  /** A hard rule broken in one column or row. */
  | {
      type: "sum";
      line: string;
      left: CellValue[];
      right: CellValue[];
      expectedSide: "left" | "right";
    }
  /** A cell whose content is not a valid number for its kind. */
  | {
      type: "value";
      raw: RawValue;
      status: ReadStatus;
      read: number | null;
      problem: "unreadable" | "negative" | "fraction";
      rulesBlocked: string[];
    }
  /** A number written in an unusual way (text, full-width, separators, unit), read as `read`. */
  | { type: "reformatted"; raw: RawValue; read: number }
  /**
   * Blank or placeholder cells read as 0. `unfilled`: every cell of the table is blank — the table is not filled in
   * yet (尚未填写), said once without naming its cells.
   */
  | { type: "blank"; table: TableId; raws: RawValue[]; unfilled?: boolean }
  /** Cells not given at all, and the rules that could therefore not be checked. */
  | { type: "missing"; table: TableId; count: number; total: number; rules: string[] }
  /** 规章 reported by a body that cannot make 规章. */
  | { type: "rulemaking"; level: AgencyLevel; values: CellValue[] }
  /** The format does not fit the report year. */
  | { type: "formatYear"; year: number; format: string; expected: string; table?: TableId }
  /** This year's 上年结转 differs from last year's 结转下年度继续办理. */
  | { type: "carryover"; column: string; previousYear?: number; previous: number; current: number }
  /**
   * Table 二's 现行有效件数 against last year's (W-INFORCE): `bound` "equal" when both reports use the 2021 format
   * (现行有效 = last year's 现行有效 + 本年制发 − 本年废止), "atMost" when a 2019-format 对外公开总数量 is involved (it may
   * count documents no longer in force, so only an upper bound holds).
   */
  | {
      type: "inForce";
      row: string;
      previousYear?: number;
      previousFormat: string;
      previous: number;
      added: number;
      removed: number;
      current: number;
      bound: "equal" | "atMost";
    }
  /** 内容雷同 (W-COPIED-TEXT): the share of the narrative repeated from last year's or another agency's report. */
  | {
      type: "copied";
      source: "previous" | "peer";
      other?: string;
      otherYear?: number;
      share: number;
      repeated: number;
      length: number;
      passages: string[];
    }
  /** Published after article 49's deadline (W-PUBLISHED-LATE). */
  | {
      type: "late";
      label: string;
      date: string;
      deadline: string;
      days: number;
      body: "department" | "government" | "unknown";
    }
  /** Anything else a check wants to say (importer and text checks); `text` is the Chinese message, `en` the English. */
  | { type: "note"; text: string; en?: string; params?: Record<string, unknown> };

export interface Finding {
  rule: string;
  severity: Severity;
  cells: CellRef[];
  expected: number | null;
  actual: number | null;
  imbalance: number | null;
  detail: FindingDetail;
  /** Stable key of this finding (rule and cells), under which a clerk's explanation (说明) is stored. */
  key: string;
  /** The clerk's explanation, when the warning has one; an explained warning no longer counts. */
  explanation?: string;
  /**
   * A hard rule that could not be verified: it fails on the values an importer guessed (cells marked uncertain) but
   * holds, or may hold, under another reading of what was printed — so it is a warning, not an error.
   */
  unverified?: { cells: CellRef[]; why: "guessed" | "noReading" };
}

export function findingKey(rule: string, cells: readonly CellRef[], line = ""): string {
  return [rule, line, ...cells.map(cellId)].join("|");
}
