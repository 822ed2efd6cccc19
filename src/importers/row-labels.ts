import type { FormatId, FormatModel, CellRef, RowDecl, TableId } from "../format";
import type { ImportNote } from "../report";
import type { RawValue } from "../values";
import { foldForMatch } from "./normalize";

/**
 * The format's row labels as published reports print them — shared by the two readers of published tables: the grid
 * reader (grid.ts, cells with known boundaries) and the text reader (cells.ts, flattened text). Folded label forms
 * with their printed prefixes (1. / （一） / 一、), the drift a fuzzy match tolerates, the column words that tell the
 * 2019 and 2021 formats apart, and the import notes both readers write.
 */

/** An import note with its English text (the check that turns notes into findings shows either). */
export interface ImportNoteEx extends ImportNote {
  en?: string;
}

export const CN_DIGITS = "一二三四五六七八九十";

export interface RowSpec {
  table: TableId;
  key: string;
  label: string;
  /** Folded label cores (without the 1. / (一) / 一、 prefix), longest first. */
  forms: string[];
  /** The item number ("1".."8") printed before the core, if any. */
  item?: string;
  /** The (一) / 一、 prefix, if any. */
  prefix?: string;
  /** Cores this short are only matched with their prefix. */
  needsPrefix: boolean;
}

interface Prefixed {
  core: string;
  item?: string;
  prefix?: string;
}

export function splitPrefix(label: string): Prefixed {
  const f = foldForMatch(label);
  let m = /^(\d{1,2})[.、．]/.exec(f);
  if (m) return { core: f.slice(m[0].length), item: m[1] };
  m = new RegExp(`^\\([${CN_DIGITS}]+\\)`).exec(f);
  if (m) return { core: f.slice(m[0].length), prefix: m[0] };
  m = new RegExp(`^[${CN_DIGITS}]+、`).exec(f);
  if (m) return { core: f.slice(m[0].length), prefix: m[0] };
  return { core: f };
}

/** Extra wordings seen in published reports, beyond the aliases the format declares. */
const EXTRA_ROW_FORMS: Record<string, string[]> = {
  "二:normativeDocs": ["行政规范性文件", "规范性文件"],
  "二:fees": ["行政事业性收费"],
  "三:otherHandling": ["其他处理"],
};

const SPECS = new WeakMap<FormatModel, Map<TableId, readonly RowSpec[]>>();

/** The row labels of a table as matched against text; folded once per format model (models are cached). */
export function rowSpecs(model: FormatModel, table: TableId): readonly RowSpec[] {
  let byTable = SPECS.get(model);
  if (!byTable) SPECS.set(model, (byTable = new Map()));
  let specs = byTable.get(table);
  if (!specs) byTable.set(table, (specs = foldRowSpecs(model, table)));
  return specs;
}

function foldRowSpecs(model: FormatModel, table: TableId): RowSpec[] {
  return model.table(table).rows.map((r: RowDecl) => {
    const main = splitPrefix(r.label);
    const forms = new Set<string>([main.core]);
    for (const a of r.aliases ?? []) forms.add(splitPrefix(a).core);
    for (const a of EXTRA_ROW_FORMS[`${table}:${r.key}`] ?? []) forms.add(foldForMatch(a));
    const sorted = [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
    return {
      table,
      key: r.key,
      label: r.label,
      forms: sorted,
      item: main.item,
      prefix: main.prefix,
      needsPrefix: main.core.length <= 3 && !!(main.item || main.prefix),
    };
  });
}

const PREFIXED = new WeakMap<RowSpec, string[]>();

/** The forms a row's label is searched by: with its printed prefix when the core alone is too short. */
export function rowForms(spec: RowSpec): string[] {
  if (!spec.needsPrefix) return spec.forms;
  let out = PREFIXED.get(spec);
  if (out) return out;
  PREFIXED.set(spec, (out = []));
  for (const core of spec.forms) {
    if (spec.item)
      out.push(`${spec.item}.${core}`, `${spec.item}、${core}`, `${spec.item}．${core}`);
    if (spec.prefix) out.push(`${spec.prefix}${core}`);
  }
  return out;
}

/** Largest edit distance accepted for a fuzzy label match. */
export function tolerance(len: number): number {
  if (len < 6) return 0;
  return Math.max(1, Math.floor(len / 7));
}

// ---------------------------------------------------------------------------------------------------------------
// Format detection

export const MARKERS_2019 = [
  "本年新制作数量",
  "本年新公开数量",
  "对外公开总数量",
  "上一年项目数量",
  "其他对外管理服务事项",
  "政府集中采购",
  "采购项目数量",
  "采购总金额",
];
export const MARKERS_2021 = [
  "本年制发件数",
  "本年废止件数",
  "现行有效件数",
  "本年收费金额",
  "申请人无正当理由逾期不补正",
  "逾期未按收费通知要求缴纳费用",
];

const MARKERS = [...MARKERS_2019, ...MARKERS_2021];

export function detectFormat(compact: string): { id?: FormatId; votes: number } {
  return formatMarkers(compact)(0, compact.length);
}

/**
 * detectFormat for pieces of one text: `votes(a, b)` is detectFormat(compact.slice(a, b)). The markers are found once,
 * in one pass (the reader asks of the whole text, then of table 二's and table 三's parts).
 */
export function formatMarkers(
  compact: string
): (a: number, b: number) => { id?: FormatId; votes: number } {
  const markers = MARKERS;
  const at = occurrences(compact, markers);
  return (a, b) => {
    const within = (k: number) => at[k]?.some((i) => i >= a && i + markers[k].length <= b) ?? false;
    let v2019 = 0;
    let v2021 = 0;
    markers.forEach((_, k) => {
      if (!within(k)) return;
      if (k < MARKERS_2019.length) v2019++;
      else v2021++;
    });
    // The 2019 format's （六）其他处理 is a row with numbers of its own, not a heading over 1.–3.
    if (
      /\(六\)其他处理\d+(?![.、\d])/.test(
        a === 0 && b === compact.length ? compact : compact.slice(a, b)
      )
    )
      v2019++;
    if (v2019 === 0 && v2021 === 0) return { votes: 0 };
    return { id: v2019 > v2021 ? "2019" : "2021", votes: v2019 + v2021 };
  };
}

/**
 * For a list of forms: by first character (UTF-16 code unit), a bucket of the forms beginning with it (0: none), and
 * `hint`, the same by the character's low ten bits: a 1 KB table that stays in the processor's cache, asked first (the
 * 128 KB one, read at random by Chinese characters, does not).
 */
interface FormIndex {
  hint: Uint8Array;
  first: Uint16Array;
  buckets: number[][];
}
const FORM_INDEX = new WeakMap<readonly string[], FormIndex>();
function formIndex(forms: readonly string[]): FormIndex {
  let index = FORM_INDEX.get(forms);
  if (!index) {
    const hint = new Uint8Array(1024);
    const first = new Uint16Array(0x10000);
    const buckets: number[][] = [[]];
    forms.forEach((f, k) => {
      if (!f) return;
      const c = f.charCodeAt(0);
      hint[c & 1023] = 1;
      if (!first[c]) {
        first[c] = buckets.length;
        buckets.push([]);
      }
      buckets[first[c]].push(k);
    });
    FORM_INDEX.set(forms, (index = { hint, first, buckets }));
  }
  return index;
}

/**
 * Every occurrence (overlapping ones too, ascending) of every form in text[from, to), by form, in one pass: a form is
 * tried only where its first character is (indexOf over Chinese text is slow, and there are dozens of forms).
 */
export function occurrences(
  text: string,
  forms: readonly string[],
  from = 0,
  to = text.length
): (number[] | undefined)[] {
  const { hint, first, buckets } = formIndex(forms);
  const at: (number[] | undefined)[] = new Array(forms.length);
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!hint[c & 1023]) continue;
    const bucket = first[c];
    if (!bucket) continue;
    for (const k of buckets[bucket]) {
      const f = forms[k];
      if (i + f.length <= to && text.startsWith(f, i)) (at[k] ??= []).push(i);
    }
  }
  return at;
}

// ---------------------------------------------------------------------------------------------------------------
// Notes

export function note(
  notes: ImportNoteEx[],
  code: string,
  message: string,
  en: string,
  cells?: CellRef[]
): void {
  notes.push({ code, message, en, ...(cells && cells.length ? { cells } : {}) });
}

export function fmtValues(values: readonly RawValue[]): string {
  return values.map((v) => (v === null ? "空" : String(v))).join("、");
}

export function shortLabel(label: string): string {
  return label.length > 24 ? `${label.slice(0, 22)}…` : label;
}
