import {
  cellId,
  getFormat,
  mixedFormat,
  type CellRef,
  type FormatId,
  type FormatModel,
  type TableFormats,
} from "./format";
import type { RawValue } from "./values";

/** Administrative levels a report may declare; the 规章 warning needs to know bodies without rule-making power. */
export const AGENCY_LEVELS = [
  "乡镇",
  "街道",
  "县级部门",
  "县级政府",
  "市级部门",
  "市级政府",
  "省级部门",
  "省级政府",
  "国务院部门",
] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Levels that cannot issue 规章 (only State Council departments and governments of provinces and larger cities can). */
export const NO_RULEMAKING: readonly AgencyLevel[] = ["乡镇", "街道", "县级部门", "县级政府"];

/** What an importer noted while reading a report: guesses, stray cells, missing parts. */
export interface ImportNote {
  code: string;
  message: string;
  cells?: CellRef[];
}

/**
 * A report as the engine sees it: the format, the title facts, and what each cell holds.
 * A cell absent from `values` was not given at all (a cut-off report); null means given but blank.
 */
export interface Report {
  format: FormatId;
  /**
   * Tables printed in another format than `format` (a published report mixing the 2019 and 2021 layouts): each such
   * table's cells are that format's cells, and it is checked by that format's rules. Absent for nearly every report.
   */
  tableFormats?: TableFormats;
  year?: number;
  agency?: string;
  level?: AgencyLevel;
  values: Map<string, RawValue>;
  /** Cells whose value an importer had to guess (e.g. a digit run that splits more than one way). */
  uncertain?: Set<string>;
  /**
   * The readings an importer considered for groups of guessed cells (a printed row that splits more than one way):
   * each entry a tuple of values for `cells` (cell ids). A hard rule on guessed cells is an error only when it fails
   * under every combination of these; a guessed cell without readings could hold anything.
   */
  readings?: { cells: string[]; values: RawValue[][] }[];
  notes?: ImportNote[];
  /** Published text of the report, when known (for checks against the narrative). */
  text?: string;
  /** Clerk's explanations (说明) of warnings, by warning key; an explained warning no longer counts. */
  explanations?: Record<string, string>;
}

export function createReport(
  format: FormatId,
  init: Partial<Omit<Report, "format" | "values">> = {}
): Report {
  return { format, values: new Map(), ...init };
}

/** The format model of a report: its format, with any table printed in another format taken from that one. */
export function modelOf(report: Report): FormatModel {
  return report.tableFormats
    ? mixedFormat(report.format, report.tableFormats)
    : getFormat(report.format);
}

export function setCell(report: Report, ref: CellRef, raw: RawValue): void {
  report.values.set(cellId(ref), raw);
}

export function getCell(report: Report, ref: CellRef): RawValue | undefined {
  return report.values.get(cellId(ref));
}

/** A report with every cell of its format given, from a function of the cell (for tests and templates). */
export function fillReport(
  format: FormatId,
  value: (ref: CellRef, model: FormatModel) => RawValue,
  init: Partial<Report> = {}
): Report {
  const model = getFormat(format);
  const report = createReport(format, init);
  for (const ref of model.cells) setCell(report, ref, value(ref, model));
  return report;
}

/** The level implied by an agency's name when the report does not say (乡/镇/街道 are recognisable by name). */
export function inferLevel(agency: string | undefined): AgencyLevel | undefined {
  if (!agency) return undefined;
  const name = agency.replace(/[（(][^）)]*[）)]/g, "").replace(/\s+/g, "");
  if (/街道(办事处)?$/.test(name)) return "街道";
  if (/(乡|镇)(人民政府)?$/.test(name)) return "乡镇";
  // A county's government and its departments (某县人民政府, 某县教育局, 某县人民政府办公室); "县" must name the county
  // itself, so 县级市 names (宜城市教育局) and districts, which the name alone cannot place, are left undecided.
  if (/县人民政府$/.test(name)) return "县级政府";
  if (/^[^市省]*县[^县市省]*(局|委员会|委|办公室|办|中心|院|所|站|队)$/.test(name))
    return "县级部门";
  return undefined;
}
