import { decodeHTML, decodeHTMLAttribute } from "entities/decode";
import { QuoteType, Tokenizer } from "htmlparser2";
import type { Importer, ImportResult } from "./types";
import {
  readDocument,
  type SourceBlock,
  type SourceCell,
  type SourceDocument,
  type SourceTable,
} from "./document";
import { decodeText as decodeBytes, looksBinary, startsWithMarkup } from "./normalize";
import { squash, tidy } from "./whitespace";

/**
 * HTML pages of published reports. The page is tokenized by htmlparser2 into a light tree of its elements and text
 * (buildTree: the tree htmlparser2's parseDocument builds, without what the reader does not look at); each innermost
 * <table> is expanded into a grid (rowspan/colspan) and read cell by cell by the grid reader (grid.ts). Text outside
 * the tables is the report's text; the <title> gives year and agency.
 */

/** The parts of a page's nodes this module reads: the light tree's, or domhandler's (the same shape). */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** One position of an expanded table grid. */
export interface GridCell {
  text: string;
  /** The cell's top-left position (false where a rowspan/colspan repeats it). */
  origin: boolean;
  rowspan: number;
  colspan: number;
}

export interface HtmlContent {
  title?: string;
  /** Innermost tables, expanded into grids. */
  grids: GridCell[][][];
  /** The page as a source document: paragraphs of text and the tables as positioned cells, in reading order. */
  document: SourceDocument;
}

const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "svg",
  "object",
  "select",
  "option",
  "button",
]);
const BLOCK = new Set([
  "p",
  "div",
  "br",
  "tr",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
  "header",
  "footer",
  "blockquote",
  "pre",
  "hr",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "caption",
  "td",
  "th",
  "nav",
  "aside",
  "main",
  "form",
  "center",
  "title",
  "body",
]);

const MAX_SPAN_COLS = 60;
const MAX_SPAN_ROWS = 400;
const MAX_POSITIONS = 200_000;

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt((value ?? "1").trim(), 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** Text of a node, block boundaries as spaces (inside a cell) or newlines (in the page). */
function textOf(node: DomNode, blockSep: string): string {
  if (node.type === "text") return node.data ?? "";
  if (node.type !== "tag" && node.type !== "root") return "";
  // The light tree knows its tags (parseDom); domhandler's nodes are looked up.
  const tag = (node as LightNode).tag ?? tagOf(node.name ?? "");
  if (tag.skip) return "";
  let out = "";
  for (const n of node.children ?? [])
    out += n.type === "text" ? (n.data ?? "") : textOf(n, blockSep);
  return tag.block ? blockSep + out + blockSep : out;
}

function cellText(node: DomNode): string {
  return squash(textOf(node, " "));
}

/** Rows of a table (its own <tr>s, in order), each the list of its <td>/<th> elements. */
function tableRows(table: DomNode, rows: DomNode[][] = []): DomNode[][] {
  for (const n of table.children ?? []) {
    if (n.type !== "tag") continue;
    if (n.name === "tr") {
      const cells: DomNode[] = [];
      for (const c of n.children ?? [])
        if (c.type === "tag" && (c.name === "td" || c.name === "th")) cells.push(c);
      rows.push(cells);
    } else if (n.name !== "table") tableRows(n, rows);
  }
  return rows;
}

/** Expand rowspan/colspan into a grid of positions. */
export function expandTable(table: DomNode): GridCell[][] {
  const rows = tableRows(table);
  const grid: GridCell[][] = [];
  for (let r = 0; r < rows.length; r++) grid.push([]);
  let positions = 0;
  for (let r = 0; r < rows.length; r++) {
    const line = grid[r];
    let c = 0;
    for (const cell of rows[r]) {
      while (line[c]) c++;
      const colspan = span(cell.attribs?.colspan, MAX_SPAN_COLS);
      const rowspan = Math.min(span(cell.attribs?.rowspan, MAX_SPAN_ROWS), rows.length - r);
      const text = cellText(cell);
      // A page cannot make the grid grow without bound: past the limit, spans are not repeated.
      const repeat = positions + rowspan * colspan <= MAX_POSITIONS;
      positions += repeat ? rowspan * colspan : 1;
      if (!repeat) {
        line[c] = { text, origin: true, rowspan: 1, colspan: 1 };
        c += 1;
        continue;
      }
      for (let dr = 0; dr < rowspan; dr++) {
        const below = grid[r + dr];
        for (let dc = 0; dc < colspan; dc++)
          below[c + dc] = { text, origin: dr === 0 && dc === 0, rowspan, colspan };
      }
      c += colspan;
    }
  }
  // Fill holes left by ragged rows.
  for (const row of grid)
    for (let i = 0; i < row.length; i++)
      row[i] ??= { text: "", origin: true, rowspan: 1, colspan: 1 };
  return grid;
}

// ---------------------------------------------------------------------------------------------------------------
// Deep nesting

/**
 * Deepest element nesting read from a page. Report pages nest a few dozen levels deep. htmlparser2 keeps its open
 * elements in an array it adds to and takes from at the front, so each tag costs time in proportion to the depth:
 * 50,000 nested tags took seconds. On a page nesting deeper, the elements with more than this many levels below them
 * (the outer wrapping) are left out, the innermost levels kept; the text is kept either way (limitDepth).
 */
const MAX_DEPTH = 512;

// htmlparser2's (v10) rules for its stack of open elements, which limitDepth follows tag by tag.
const P_TAG = new Set(["p"]);
const FORM_TAGS = new Set([
  "input",
  "option",
  "optgroup",
  "select",
  "button",
  "datalist",
  "textarea",
]);
const TABLE_SECTION = new Set(["thead", "tbody"]);
const DD_DT = new Set(["dd", "dt"]);
const RT_RP = new Set(["rt", "rp"]);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["body", new Set(["head", "link", "script"])],
  ["li", new Set(["li"])],
  ...["p", "h1", "h2", "h3", "h4", "h5", "h6"].map((t): [string, Set<string>] => [t, P_TAG]),
  ...["select", "input", "output", "button", "datalist", "textarea"].map(
    (t): [string, Set<string>] => [t, FORM_TAGS]
  ),
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", DD_DT],
  ["dt", DD_DT],
  ...[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
  ].map((t): [string, Set<string>] => [t, P_TAG]),
  ["rt", RT_RP],
  ["rp", RT_RP],
  ["tbody", TABLE_SECTION],
  ["tfoot", TABLE_SECTION],
]);
const VOID = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "img",
  "input",
  "isindex",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
const FOREIGN = new Set(["math", "svg"]);
const INTEGRATION = new Set([
  "mi",
  "mo",
  "mn",
  "ms",
  "mtext",
  "annotation-xml",
  "foreignobject",
  "desc",
  "title",
]);

/** Pages with fewer tags than this are parsed as they are: however they nest, they cost little. */
const EXAMINE_TAGS = 3000;

/**
 * The elements of a page as htmlparser2 would open them (numbered in opening order), and what closed them. Follows
 * htmlparser2's tokenizer and its rules for open elements (implied closes, void elements, unmatched close tags,
 * self-closing tags in SVG/MathML), on a stack kept innermost-last. For each element: its name, its open tag
 * [from, to) in the page (from −1: opened without a tag of its own), its depth, and the greatest number of elements
 * open at once while it was. For each close tag that closed something: where it is and the elements it closed,
 * innermost first; likewise for open tags that closed elements (an implied close: <p> before <div>).
 */
interface Trace {
  name: string[];
  from: number[];
  to: number[];
  depth: number[];
  top: number[];
  /** Open tags that closed elements: element → the elements it closed. */
  implied: Map<number, number[]>;
  /** Close tags: [from, to) and the range of `closedBy` listing what each closed. */
  closeFrom: number[];
  closeTo: number[];
  closeStart: number[];
  closedBy: number[];
  deepest: number;
}

export function traceElements(html: string, record = true): Trace {
  const t: Trace = {
    name: [],
    from: [],
    to: [],
    depth: [],
    top: [],
    implied: new Map(),
    closeFrom: [],
    closeTo: [],
    closeStart: [],
    closedBy: [],
    deepest: 0,
  };
  const names: string[] = []; // the open elements' names, innermost last
  const stack: number[] = []; // and their numbers (when recording)
  const open = new Map<string, number>(); // how many of each name are open
  const foreign: boolean[] = [false]; // htmlparser2's foreignContext, innermost last
  let current = -1; // the element whose open tag is being read
  let tagname = "";
  const pop = (): number => {
    const name = names.pop()!;
    open.set(name, open.get(name)! - 1);
    if (!record) return -1;
    const el = stack.pop()!;
    if (stack.length) {
      const parent = stack[stack.length - 1];
      if (t.top[el] > t.top[parent]) t.top[parent] = t.top[el];
    }
    return el;
  };
  const openTag = (name: string, from: number): number => {
    const implied = OPEN_IMPLIES_CLOSE.get(name);
    let closed: number[] | undefined;
    if (implied)
      while (names.length && implied.has(names[names.length - 1])) {
        const el = pop();
        if (record) (closed ??= []).push(el);
      }
    tagname = name;
    if (VOID.has(name)) return -1;
    names.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (names.length > t.deepest) {
      t.deepest = names.length;
      // Only asked whether the page nests too deep: it does.
      if (!record && t.deepest > MAX_DEPTH) tokenizer.pause();
    }
    if (FOREIGN.has(name)) foreign.push(true);
    else if (INTEGRATION.has(name)) foreign.push(false);
    if (!record) return -1;
    const el = t.name.length;
    t.name.push(name);
    t.from.push(from);
    t.to.push(from);
    t.depth.push(names.length - 1);
    t.top.push(names.length);
    if (closed) t.implied.set(el, closed);
    stack.push(el);
    return el;
  };
  const closeCurrent = () => {
    if (names.length && names[names.length - 1] === tagname) pop();
  };
  const noop = () => {};
  const tokenizer: Tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        current = openTag(
          html.slice(start, end).toLowerCase(),
          record ? html.lastIndexOf("<", start - 1) : -1
        );
      },
      onopentagend(end) {
        if (current >= 0) t.to[current] = end + 1;
        current = -1;
        tagname = "";
      },
      onselfclosingtag(end) {
        if (current >= 0) t.to[current] = end + 1;
        current = -1;
        if (foreign[foreign.length - 1]) closeCurrent();
        tagname = "";
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (FOREIGN.has(name) || INTEGRATION.has(name)) foreign.pop();
        if (VOID.has(name)) return;
        if (open.get(name)) {
          // The innermost open element of that name, and everything inside it.
          if (!record) {
            while (names[names.length - 1] !== name) pop();
            pop();
            return;
          }
          const gt = html.indexOf(">", end);
          t.closeFrom.push(html.lastIndexOf("<", start - 1));
          t.closeTo.push(gt < 0 ? html.length : gt + 1);
          t.closeStart.push(t.closedBy.length);
          let el: number;
          do t.closedBy.push((el = pop()));
          while (t.name[el] !== name);
        } else if (name === "p") {
          // A </p> without <p>: an empty paragraph, opened and closed by this tag.
          openTag("p", -1);
          closeCurrent();
          tagname = "";
        }
      },
      onattribdata: noop,
      onattribentity: noop,
      onattribend: noop,
      onattribname: noop,
      oncdata: noop,
      oncomment: noop,
      ondeclaration: noop,
      onend: noop,
      onprocessinginstruction: noop,
      ontext: noop,
      ontextentity: noop,
    }
  );
  tokenizer.write(html);
  if (tokenizer.running) tokenizer.end();
  if (!record) return t;
  // A tag the page ends inside of; then the elements left open at the end.
  if (current >= 0) t.to[current] = html.length;
  while (names.length) pop();
  return t;
}

/**
 * The page without the elements that nest more than MAX_DEPTH levels below them: their open and close tags are cut
 * out, so that what is left parses to the same tree minus those elements — the innermost MAX_DEPTH levels of every
 * branch are kept, the wrapping around them is not (the text is kept either way). Where a cut tag also closed elements
 * that stay (an implied or enclosing close), close tags for those are put in its place. A page that does not nest
 * that deep is returned as it is.
 */
export function limitDepth(html: string): string {
  let tags = 0;
  for (let i = html.indexOf("<"); i >= 0 && tags < EXAMINE_TAGS; i = html.indexOf("<", i + 1))
    tags++;
  if (tags < EXAMINE_TAGS) return html;
  if (traceElements(html, false).deepest <= MAX_DEPTH) return html;
  const t = traceElements(html);
  const cut = (el: number) => t.top[el] - t.depth[el] > MAX_DEPTH;
  // Close tags for the elements of a list that stay.
  const closeTags = (els: readonly number[], from: number, to: number) => {
    let out = "";
    for (let i = from; i < to; i++) if (!cut(els[i])) out += `</${t.name[els[i]]}>`;
    return out;
  };
  // The tags to replace, in page order: open tags (in element order) merged with close tags (in page order).
  const parts: string[] = [];
  let at = 0;
  const edit = (from: number, to: number, text: string) => {
    if (from < at) return;
    parts.push(html.slice(at, from));
    if (text) parts.push(text);
    at = to;
  };
  let el = 0;
  const nextOpen = () => {
    while (el < t.name.length && !(cut(el) && t.from[el] >= 0)) el++;
  };
  nextOpen();
  for (let c = 0; c <= t.closeFrom.length; c++) {
    const from = c < t.closeFrom.length ? t.closeFrom[c] : Infinity;
    for (; el < t.name.length && t.from[el] < from; el++, nextOpen()) {
      const implied = t.implied.get(el);
      edit(t.from[el], t.to[el], implied ? closeTags(implied, 0, implied.length) : "");
    }
    if (c === t.closeFrom.length) break;
    const end = c + 1 < t.closeStart.length ? t.closeStart[c + 1] : t.closedBy.length;
    if (cut(t.closedBy[end - 1]))
      edit(from, t.closeTo[c], closeTags(t.closedBy, t.closeStart[c], end));
  }
  parts.push(html.slice(at));
  return parts.join("");
}

/**
 * The page as a tree of only what the reader looks at: elements (with a <td>/<th>'s colspan and rowspan) and text.
 * htmlparser2's tokenizer drives it, with the open-element rules of its Parser (implied closes, void elements,
 * unmatched close tags, self-closing tags in SVG/MathML) followed tag by tag as traceElements does, so the tree is
 * the one parseDocument builds, element for element and text for text — without domhandler's nodes, attribute
 * objects and sibling links, which cost as much as the tokenizing. Comments, CDATA and declarations are left out (the
 * reader skips them). Adjacent text is one text node.
 */
interface LightNode extends DomNode {
  /** "script" and "style" for those elements, as in domhandler (tableRows does not look inside them). */
  type: "tag" | "root" | "script" | "style";
  name: string;
  children: DomNode[];
  /** Whether a <table> is among its descendants. */
  tables: boolean;
  tag: Tag;
}

/** What the tree builder and the reader need to know of an element, found once for its name. */
interface Tag {
  /** The open elements its opening closes (htmlparser2's openImpliesClose). */
  implied: Set<string> | undefined;
  isVoid: boolean;
  /** Its opening enters foreign content (SVG, MathML: true) or an integration point in it (false). */
  foreign: boolean | undefined;
  /** Its content is read as raw text by the tokenizer. */
  raw: boolean;
  block: boolean;
  skip: boolean;
  type: "tag" | "script" | "style";
}

const TAGS = new Map<string, Tag>();

function tagOf(name: string): Tag {
  let tag = TAGS.get(name);
  if (tag === undefined) {
    tag = {
      implied: OPEN_IMPLIES_CLOSE.get(name),
      isVoid: VOID.has(name),
      foreign: FOREIGN.has(name) ? true : INTEGRATION.has(name) ? false : undefined,
      raw: RAW_TEXT.has(name),
      block: BLOCK.has(name),
      skip: SKIP.has(name),
      type: elementType(name),
    };
    // Pages make up names of their own: those are not kept.
    if (TAGS.size < 500) TAGS.set(name, tag);
  }
  return tag;
}

/** A tag's name in lower case; the names report pages are made of without slicing and lower-casing the page. */
function tagName(html: string, start: number, end: number): string {
  const n = end - start;
  // ASCII letters in lower case (| 0x20 gives no other character a letter's code).
  const a = html.charCodeAt(start) | 0x20;
  if (n === 1) {
    if (a === 0x70) return "p";
    if (a === 0x61) return "a";
    if (a === 0x62) return "b";
  } else if (n === 2) {
    const b = html.charCodeAt(start + 1) | 0x20;
    if (a === 0x74) {
      if (b === 0x64) return "td";
      if (b === 0x72) return "tr";
      if (b === 0x68) return "th";
    } else if (a === 0x6c && b === 0x69) return "li";
    else if (a === 0x62 && b === 0x72) return "br";
  } else if (n === 3) {
    const b = html.charCodeAt(start + 1) | 0x20;
    const c = html.charCodeAt(start + 2) | 0x20;
    if (a === 0x64 && b === 0x69 && c === 0x76) return "div";
    if (a === 0x69 && b === 0x6d && c === 0x67) return "img";
  } else if (n === 4) {
    const b = html.charCodeAt(start + 1) | 0x20;
    const c = html.charCodeAt(start + 2) | 0x20;
    const d = html.charCodeAt(start + 3) | 0x20;
    if (a === 0x73 && b === 0x70 && c === 0x61 && d === 0x6e) return "span";
    if (a === 0x66 && b === 0x6f && c === 0x6e && d === 0x74) return "font";
  }
  return html.slice(start, end).toLowerCase();
}

const elementType = (name: string) =>
  name === "script" ? "script" : name === "style" ? "style" : "tag";

/**
 * htmlparser2's tokenizer, skipping to the next "<" in text (and to the closing quote in an attribute value) with the
 * string search of the JavaScript engine instead of its loop over each character (fastForwardTo, an internal
 * method: where a later version no longer has it, the tokenizer runs as it is, only slower; the property tests in
 * test/importers/html-tree.test.ts compare every page with htmlparser2's own parse).
 */
class FastTokenizer extends Tokenizer {}
{
  const internals = FastTokenizer.prototype as unknown as {
    fastForwardTo?: (this: TokenizerState, c: number) => boolean;
  };
  if (typeof internals.fastForwardTo === "function")
    internals.fastForwardTo = function (c) {
      const at = this.buffer.indexOf(String.fromCharCode(c), this.index + 1 - this.offset);
      // As the loop it replaces: the index on the character found, else on the buffer's last character.
      this.index = (at >= 0 ? at : this.buffer.length - 1) + this.offset;
      return at >= 0;
    };
}
interface TokenizerState {
  buffer: string;
  index: number;
  offset: number;
}

/** Elements whose content htmlparser2's tokenizer reads up to their close tag, as text. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);

/**
 * html[from, to) with its entities decoded as htmlparser2's tokenizer decodes them in text: the character after the
 * text (the "<" of the next tag, or the end of the page) is what ends an entity written without its ";".
 */
function decodeText(html: string, from: number, to: number): string {
  const text = html.slice(from, to);
  if (!text.includes("&")) return text;
  return to < html.length ? decodeHTML(`${text}<`).slice(0, -1) : decodeHTML(text);
}

/** An attribute value's entities decoded as the tokenizer decodes them, `ends` being what closed the value. */
function decodeAttribute(html: string, from: number, to: number, ends: string): string {
  const value = html.slice(from, to);
  if (!value.includes("&")) return value;
  return ends
    ? decodeHTMLAttribute(value + ends).slice(0, -ends.length)
    : decodeHTMLAttribute(value);
}

/** The tree, or undefined when elements nest deeper than MAX_DEPTH and `limit` is set. */
function buildTree(html: string, limit: boolean): LightNode | undefined {
  const root: LightNode = { type: "root", name: "", children: [], tables: false, tag: tagOf("") };
  const names: string[] = []; // the open elements' names, innermost last
  const nodes: LightNode[] = [root]; // the open elements, innermost last, under the root
  const foreign: boolean[] = [false]; // htmlparser2's foreignContext, innermost last
  let deep = false;
  // The element whose open tag is being read (attached to its parent when the tag ends, as domhandler does).
  let current: LightNode | undefined;
  let currentVoid = false;
  // colspan / rowspan of a <td>/<th> being read: the attribute's name, and where its value is.
  let cell = false;
  let attribute: "colspan" | "rowspan" | undefined;
  let valueFrom = 0;
  let valueTo = 0;
  // The element whose content the tokenizer reads raw: <script>, <style>, <textarea>, <xmp> (<title> too, but its
  // entities are decoded).
  let raw: string | undefined;
  // The text node last added, while nothing came after it: more text joins it.
  let lastText: DomNode | undefined;
  const addText = (data: string) => {
    if (lastText !== undefined) lastText.data += data;
    else nodes[nodes.length - 1].children.push((lastText = { type: "text", data }));
  };
  const pop = () => {
    names.pop();
    nodes.pop();
    lastText = undefined;
  };
  /** A new element, after the elements its opening closes. */
  const open = (name: string, tag: Tag): LightNode => {
    const implied = tag.implied;
    if (implied) while (names.length && implied.has(names[names.length - 1])) pop();
    return { type: tag.type, name, children: [], tables: false, tag };
  };
  /** The element is in the tree: under the innermost open element; open itself unless void. */
  const attach = (el: LightNode, isVoid: boolean) => {
    const into = nodes[nodes.length - 1];
    into.children.push(el);
    lastText = undefined;
    if (el.name === "table")
      for (let i = nodes.length - 1; i >= 0 && !nodes[i].tables; i--) nodes[i].tables = true;
    if (limit && nodes.length > MAX_DEPTH && !deep) {
      // The element's own level counts (a void one included): nodes holds the root and the open elements.
      deep = true;
      tokenizer.pause();
    }
    if (isVoid) return;
    names.push(el.name);
    nodes.push(el);
    if (el.tag.foreign !== undefined) foreign.push(el.tag.foreign);
  };
  const endOpenTag = () => {
    if (current) attach(current, currentVoid);
    current = undefined;
    cell = false;
  };
  const noop = () => {};
  // Entities are decoded here, only in the text kept (htmlparser2 decoding them reads the page one character at a
  // time, attribute values included).
  const tokenizer: Tokenizer = new FastTokenizer(
    { decodeEntities: false },
    {
      ontext(start, end) {
        addText(
          raw === undefined || raw === "title"
            ? decodeText(html, start, end)
            : html.slice(start, end)
        );
      },
      ontextentity: noop,
      onopentagname(start, end) {
        raw = undefined;
        const name = tagName(html, start, end);
        const tag = tagOf(name);
        current = open(name, tag);
        currentVoid = tag.isVoid;
        cell = name === "td" || name === "th";
      },
      onattribname(start, end) {
        attribute = undefined;
        if (!cell || end - start !== 7) return;
        const name = html.slice(start, end).toLowerCase();
        // The first of the same name counts (as in htmlparser2's attribute objects).
        if ((name === "colspan" || name === "rowspan") && current!.attribs?.[name] === undefined)
          attribute = name;
        valueFrom = valueTo = end;
      },
      onattribdata(start, end) {
        valueFrom = start;
        valueTo = end;
      },
      onattribentity: noop,
      onattribend(quote, end) {
        if (!attribute) return;
        // What ends the value (a quote, a space or ">") ends an entity in it too.
        const ends =
          quote === QuoteType.Double ? '"' : quote === QuoteType.Single ? "'" : html.charAt(end);
        (current!.attribs ??= {})[attribute] =
          quote === QuoteType.NoValue ? "" : decodeAttribute(html, valueFrom, valueTo, ends);
        attribute = undefined;
      },
      onopentagend() {
        const el = current;
        endOpenTag();
        if (el?.tag.raw) raw = el.name;
      },
      onselfclosingtag() {
        const el = current;
        const wasVoid = currentVoid;
        endOpenTag();
        // Self-closing tags close only in SVG and MathML (a void element was never opened).
        if (el && !wasVoid && foreign[foreign.length - 1] && nodes[nodes.length - 1] === el) {
          pop();
        }
      },
      onclosetag(start, end) {
        raw = undefined;
        const name = tagName(html, start, end);
        const tag = tagOf(name);
        if (tag.foreign !== undefined) foreign.pop();
        if (tag.isVoid) {
          // </br> is a <br>.
          if (name === "br") attach({ type: "tag", name, children: [], tables: false, tag }, true);
          return;
        }
        const at = names.lastIndexOf(name);
        if (at >= 0) while (names.length > at) pop();
        else if (name === "p") {
          // A </p> without <p>: an empty paragraph, opened and closed by this tag.
          attach(open("p", tagOf("p")), false);
          pop();
        }
      },
      oncdata: noop,
      oncomment: noop,
      ondeclaration: noop,
      onend: noop,
      onprocessinginstruction: noop,
    }
  );
  tokenizer.write(html);
  if (tokenizer.running) tokenizer.end();
  return deep ? undefined : root;
}

/**
 * The page's tree, as htmlparser2's parseDocument would build it (see buildTree). As soon as elements nest deeper
 * than MAX_DEPTH the page is read again without its deepest wrapping (limitDepth).
 */
export function parseDom(html: string): DomNode {
  return buildTree(html, true) ?? buildTree(limitDepth(html), false)!;
}

const DATE_LABEL = /^(发布日期|发布时间|发文日期|成文日期|印发日期)\s*[:：]?$/;
const DATE_VALUE =
  /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/;

/** “label：date” lines for each cell labelled as a date and followed in its row by a date; empty for other tables. */
export function labelledDates(grid: GridCell[][]): string {
  const lines: string[] = [];
  for (const row of grid)
    for (let i = 0; i + 1 < row.length; i++) {
      // Most cells are not a date's label: 发…, 成…, 印… (the texts are trimmed already).
      const first = row[i].text.trimStart().charCodeAt(0);
      if (first !== 0x53d1 && first !== 0x6210 && first !== 0x5370) continue;
      const label = DATE_LABEL.exec(row[i].text.trim());
      const value = row[i + 1].text.trim();
      if (label && row[i + 1].origin && DATE_VALUE.test(value)) lines.push(`${label[1]}：${value}`);
    }
  return lines.join("\n");
}

/** An expanded grid as the source-document table: each cell once, at its top-left position, with its spans. */
function sourceTable(grid: GridCell[][]): SourceTable {
  const cells: SourceCell[] = [];
  let cols = 0;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (row.length > cols) cols = row.length;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell.origin) continue;
      // A span cut short by the grid's limits (see expandTable) stands as one position.
      const repeated = grid[r + cell.rowspan - 1]?.[c + cell.colspan - 1];
      const whole = repeated !== undefined && !repeated.origin;
      cells.push({
        row: r,
        col: c,
        rowSpan: whole ? cell.rowspan : 1,
        colSpan: whole ? cell.colspan : 1,
        text: cell.text,
      });
    }
  }
  return { rows: grid.length, cols, cells };
}

export function parseHtml(html: string): HtmlContent {
  return htmlContent(parseDom(html));
}

/** What the reader takes from a page's tree (parseDom's, or domhandler's: the same). */
export function htmlContent(doc: DomNode): HtmlContent {
  const grids: GridCell[][][] = [];
  let title: string | undefined;
  // The text outside the tables, with how many line ends it ends in. A third line end in a row is left out as it
  // comes: tidy() would collapse it anyway (a page of 50,000 empty paragraphs would otherwise make 100,000 of them).
  let text = "";
  let textEnds = 0;
  const blocks: SourceBlock[] = [];
  const endParagraph = () => {
    const piece = tidy(text);
    if (piece) blocks.push({ kind: "paragraph", text: piece });
    text = "";
  };
  const addText = (piece: string) => {
    let k = piece.length;
    while (k > 0 && piece.charCodeAt(k - 1) === 10) k--;
    textEnds = k === 0 ? textEnds + piece.length : piece.length - k;
    text += piece;
  };
  const lineEnd = () => {
    if (textEnds >= 2) return;
    text += "\n";
    textEnds++;
  };
  // The page in reading order (it nests at most MAX_DEPTH deep: parseDom).
  const walk = (parent: DomNode) => {
    for (const n of parent.children ?? []) {
      if (n.type === "text") {
        addText(n.data ?? "");
        continue;
      }
      if (n.type !== "tag") continue;
      const { name, tag } = n as LightNode;
      if (tag.skip) continue;
      if (name === "title") {
        title ??= cellText(n);
        continue;
      }
      if (name === "head") {
        // Only the title matters in the head.
        const t = (n.children ?? []).find((c) => c.type === "tag" && c.name === "title");
        if (t) title ??= cellText(t);
        continue;
      }
      if (name === "table" && !(n as LightNode).tables) {
        const grid = expandTable(n);
        grids.push(grid);
        endParagraph();
        blocks.push({ kind: "table", table: sourceTable(grid) });
        // A page's 政府信息公开 metadata table (成文日期 | 2024-02-20 | 发布日期 | …) keeps its dates in the text, where
        // the table stood: the publication-date check reads them from the page's header.
        lineEnd();
        addText(labelledDates(grid));
        lineEnd();
        continue;
      }
      if (tag.block) {
        lineEnd();
        walk(n);
        lineEnd();
      } else walk(n);
    }
  };
  walk(doc);
  endParagraph();
  return {
    ...(title ? { title } : {}),
    grids,
    document: { ...(title ? { title } : {}), blocks },
  };
}

/** A page read as a source document: its tables cell by cell (the grid reader), its text as the narrative. */
export function readHtml(html: string): ImportResult {
  return readDocument(parseHtml(html).document);
}

export const htmlImporter: Importer = {
  name: "html",
  accepts(path, bytes) {
    if (/\.(html?|xhtml|shtml)$/i.test(path)) return true;
    if (looksBinary(bytes)) return false;
    return startsWithMarkup(bytes);
  },
  async read(_path, bytes) {
    if (looksBinary(bytes)) return { ok: false, error: "这不是 HTML 文件，没有找到年报统计表" };
    return readHtml(decodeBytes(bytes));
  },
};
