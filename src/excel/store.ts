// Hand-checked rather than with zod: this module is in the task pane's first bundle (zod/mini alone was 60 KiB of it),
// and what it checks is small. It validates what is read back from the workbook (settings the clerk's file carries),
// which can be anything.
import { FORMAT_IDS, type FormatId, type TableId } from "../format";
import { AGENCY_LEVELS, type AgencyLevel } from "../report";

/**
 * What the add-in keeps in the workbook so it finds its reports again, whatever the clerk does to the sheet:
 *
 * - workbook-scoped names `NB_<uid>_T2`, `NB_<uid>_T3`, `NB_<uid>_T4`, each covering one official table (labels,
 *   headers and entry cells, not the check cells). Excel moves a name with its cells when rows are inserted above,
 *   when the table is cut and pasted elsewhere, and rewrites it when the sheet is renamed;
 * - one workbook setting `NB_<uid>` (Excel.SettingCollection, ExcelApi 1.4, saved in the file per add-in) with the
 *   format, year, agency and level, the clerk's explanations (说明) of warnings, what each marked cell looked like
 *   before it was marked (so 清除标记 restores it exactly), and the import notes of a report written from a file;
 * - one workbook setting `NB_<uid>_text` with the clerk's own text of the report (年报正文, sections 一 … 六: typed in
 *   the 导出年报 card or taken from an imported report). Its own setting, so the pane saves an edit in one round trip
 *   without reading and rewriting the report's setting, and the report's setting (rewritten on every validation)
 *   stays small.
 *
 * Marked cells are recorded relative to their table's top-left corner, so a record stays right after the table moves.
 */

export const SETTING_PREFIX = "NB_";

const TABLE_NUMBER: Record<TableId, string> = { 二: "2", 三: "3", 四: "4" };
const TABLE_OF_NUMBER: Record<string, TableId> = { "2": "二", "3": "三", "4": "四" };

export const settingKey = (uid: string): string => `${SETTING_PREFIX}${uid}`;
export const tableName = (uid: string, table: TableId): string =>
  `${SETTING_PREFIX}${uid}_T${TABLE_NUMBER[table]}`;

/** `NB_<uid>_T3` → uid and table; undefined for any other name. */
export function parseTableName(name: string): { uid: string; table: TableId } | undefined {
  const m = /^NB_([a-z0-9]+)_T([234])$/i.exec(name);
  return m ? { uid: m[1], table: TABLE_OF_NUMBER[m[2]] } : undefined;
}

export const narrativeKey = (uid: string): string => `${SETTING_PREFIX}${uid}_text`;

/** `NB_<uid>_text` → uid; undefined for any other key. */
export function parseNarrativeKey(key: string): string | undefined {
  const m = /^NB_([a-z0-9]+)_text$/i.exec(key);
  return m ? m[1] : undefined;
}

/**
 * The longest report text kept (characters). A report's text is a few thousand characters; Excel on the web refuses a
 * batch over 5 MB (office-js docs, "Resource limits and performance optimization": payload size limit 5 MB), and a
 * setting travels with every batch that writes it.
 */
export const NARRATIVE_MAX_CHARS = 200_000;
export const narrativeTooLong = (length: number): string =>
  `年报正文太长（${length} 字），超过 ${NARRATIVE_MAX_CHARS} 字，未保存到工作簿；请只粘贴年报正文。`;

/** A setting's value as a report text; undefined when it is not one. */
export function parseNarrative(value: unknown): string | undefined {
  const o = value as { v?: unknown; text?: unknown } | null;
  return typeof o === "object" && o !== null && o.v === 1 && typeof o.text === "string"
    ? o.text
    : undefined;
}
export const narrativeValue = (text: string): Record<string, unknown> => ({ v: 1, text });

/** `NB_<uid>` → uid; undefined for any other key. */
export function parseSettingKey(key: string): string | undefined {
  const m = /^NB_([a-z0-9]+)$/i.exec(key);
  return m ? m[1] : undefined;
}

/** A fresh uid: 8 lower-case letters and digits, starting with a letter (names must not look like cell addresses). */
export function newUid(taken: (uid: string) => boolean = () => false): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (;;) {
    const bytes = new Uint8Array(8);
    const crypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } })
      .crypto;
    if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    const uid = [...bytes]
      .map((b, i) => (i === 0 ? alphabet[b % 26] : alphabet[b % alphabet.length]))
      .join("");
    if (!taken(uid)) return uid;
  }
}

/** The look of a cell the add-in changes when it marks it: fill (null = no fill) and font colour. */
export interface CellLook {
  fill: string | null;
  font: string;
}

export interface StoredMark {
  /** Table and position relative to the table's top-left corner. */
  t: TableId;
  r: number;
  c: number;
  /** What the cell looked like before the add-in marked it. */
  before: CellLook;
  /** What the add-in made it look like (if it still looks so, the mark is the add-in's and may be undone). */
  applied: CellLook;
}

export interface StoredReport {
  v: 1;
  format: FormatId;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  checks?: "functions" | "formulas" | "none";
  explanations: Record<string, string>;
  marks: StoredMark[];
  /**
   * Notes of the importer that wrote this sheet from a file (I-UNCERTAIN …), with the values it wrote: a note is
   * shown while its cells still hold those values, and drops once the clerk has changed them.
   */
  imported?: {
    notes: { code: string; message: string; cells: string[] }[];
    values: Record<string, number | string | null>;
  };
}

/** Thrown inside parseStored only: the value is not a stored report. */
class NotStored extends Error {}
const fail = (): never => {
  throw new NotStored();
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : fail());
const str = (v: unknown): string => (typeof v === "string" ? v : fail());
const int = (v: unknown): number => (Number.isInteger(v) ? (v as number) : fail());
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T =>
  values.includes(v as T) ? (v as T) : fail();
const optional = <T>(v: unknown, read: (v: unknown) => T): T | undefined =>
  v === undefined ? undefined : read(v);
const array = <T>(v: unknown, read: (v: unknown) => T): T[] =>
  Array.isArray(v) ? v.map(read) : fail();
const record = <T>(v: unknown, read: (v: unknown) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, read(x)]));

const look = (v: unknown): CellLook => {
  const o = obj(v);
  return { fill: o.fill === null ? null : str(o.fill), font: str(o.font) };
};

const mark = (v: unknown): StoredMark => {
  const o = obj(v);
  const position = (x: unknown) => (int(x) >= 0 ? (x as number) : fail());
  return {
    t: oneOf(o.t, ["二", "三", "四"] as const),
    r: position(o.r),
    c: position(o.c),
    before: look(o.before),
    applied: look(o.applied),
  };
};

const raw = (v: unknown): number | string | null =>
  v === null || typeof v === "string" || typeof v === "number" ? v : fail();

/** A setting's value as a stored report; undefined when it is not one (or was damaged). Unknown keys are dropped. */
export function parseStored(value: unknown): StoredReport | undefined {
  try {
    const o = obj(value);
    if (o.v !== 1) return undefined;
    const year = optional(o.year, int);
    const agency = optional(o.agency, str);
    const level = optional(o.level, (x) => oneOf(x, AGENCY_LEVELS));
    const checks = optional(o.checks, (x) => oneOf(x, ["functions", "formulas", "none"] as const));
    const imported = optional(o.imported, (x) => {
      const i = obj(x);
      return {
        notes: array(i.notes, (n) => {
          const note = obj(n);
          return {
            code: str(note.code),
            message: str(note.message),
            cells: note.cells === undefined ? [] : array(note.cells, str),
          };
        }),
        values: record(i.values, raw),
      };
    });
    return {
      v: 1,
      format: oneOf(o.format, FORMAT_IDS),
      ...(year !== undefined ? { year } : {}),
      ...(agency !== undefined ? { agency } : {}),
      ...(level !== undefined ? { level } : {}),
      ...(checks !== undefined ? { checks } : {}),
      explanations: o.explanations === undefined ? {} : record(o.explanations, str),
      marks: o.marks === undefined ? [] : array(o.marks, mark),
      ...(imported !== undefined ? { imported } : {}),
    };
  } catch (e) {
    if (e instanceof NotStored) return undefined;
    throw e;
  }
}

/** A stored report as a setting value: plain JSON, optional fields left out. */
export function storedValue(stored: StoredReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
}
