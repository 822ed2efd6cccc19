/**
 * Keeping the sandbox's workbook across page loads: the fake's in-memory book, written to JSON and read back.
 *
 * Generic on purpose (the fake grows): every field of the book's sheets is kept as it is, with Maps, Dates and
 * references to sheets (a sheet-scoped name's scope) encoded so JSON can carry them. Cell styles and validations are
 * written once each and referred to by number: a report sheet repeats a handful of them over hundreds of cells, and
 * the browser's storage holds only a few megabytes. The fake never changes a style in place (it replaces it), so the
 * cells that shared one before sharing it again after is safe; a style equal to the book's default comes back as that
 * very object, since the fake tells "no formatting" by identity.
 */
import type { Book, SheetState } from "../test/fake-excel/model";

const VERSION = 2;
/** Values under these keys are interned (see above). */
const SHARED_KEYS = new Set(["style", "validation"]);

interface Saved {
  version: number;
  shared: unknown[];
  sheets: unknown[];
  names: unknown;
  settings: unknown;
  xmlParts: unknown;
  active: number;
  ids: number;
}

type Tagged =
  { $map: [unknown, unknown][] } | { $date: string } | { $sheet: number } | { $shared: number };

export function saveBook(book: Book): string {
  const sheets = book.sheets;
  const shared: unknown[] = [];
  const sharedIndex = new Map<string, number>();
  const encode = (value: unknown, key?: string): unknown => {
    if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [k, encode(v)]) };
    if (value instanceof Date) return { $date: value.toISOString() };
    if (Array.isArray(value)) return value.map((v) => encode(v));
    if (value && typeof value === "object") {
      const index = sheets.indexOf(value as SheetState);
      if (index >= 0 && key !== undefined) return { $sheet: index };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v, k);
      if (key !== undefined && SHARED_KEYS.has(key)) {
        const json = JSON.stringify(out);
        let i = sharedIndex.get(json);
        if (i === undefined) {
          i = shared.push(out) - 1;
          sharedIndex.set(json, i);
        }
        return { $shared: i };
      }
      return out;
    }
    return value;
  };
  const saved: Saved = {
    version: VERSION,
    shared,
    sheets: sheets.map((s) => encode(s)),
    names: encode(book.names),
    settings: encode(book.settings),
    xmlParts: encode(book.xmlParts),
    active: sheets.indexOf(book.activeSheet),
    ids: (book as unknown as { ids: number }).ids,
  };
  return JSON.stringify(saved);
}

/** Replaces the book's contents with a saved one; false (book untouched) when the text is not a saved book. */
export function loadBook(book: Book, text: string): boolean {
  let saved: Saved;
  try {
    saved = JSON.parse(text) as Saved;
  } catch {
    return false;
  }
  if (
    !saved ||
    saved.version !== VERSION ||
    !Array.isArray(saved.sheets) ||
    !saved.sheets.length ||
    !Array.isArray(saved.shared)
  )
    return false;
  const defaultJson = JSON.stringify(book.defaultStyle);
  const sheets: SheetState[] = saved.sheets.map(() => ({}) as SheetState);
  const shared: unknown[] = [];
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (value && typeof value === "object") {
      const tagged = value as Tagged;
      if ("$map" in tagged) return new Map(tagged.$map.map(([k, v]) => [k, decode(v)]));
      if ("$date" in tagged) return new Date(tagged.$date);
      if ("$sheet" in tagged) return sheets[tagged.$sheet];
      if ("$shared" in tagged) return shared[tagged.$shared];
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = decode(v);
      return out;
    }
    return value;
  };
  for (const entry of saved.shared)
    shared.push(JSON.stringify(entry) === defaultJson ? book.defaultStyle : decode(entry));
  saved.sheets.forEach((raw, i) => Object.assign(sheets[i], decode(raw)));
  book.sheets = sheets;
  book.names = decode(saved.names) as Book["names"];
  book.settings = decode(saved.settings) as Book["settings"];
  book.xmlParts = decode(saved.xmlParts) as Book["xmlParts"];
  book.activeSheet = sheets[saved.active] ?? sheets[0];
  (book as unknown as { ids: number }).ids = Math.max(
    (book as unknown as { ids: number }).ids,
    saved.ids || 0
  );
  return true;
}
