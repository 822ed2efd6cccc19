/**
 * Writes test/fake-excel/api-sets.json: the requirement set of every class and member of the Excel JavaScript API,
 * read from the `[Api set: ExcelApi 1.10]` tags of @types/office-js (the same tags learn.microsoft.com shows). The
 * fake's host profiles (test/fake-excel/host.ts) refuse a call whose set the profile lacks.
 *
 *   node scripts/excel-api-sets.js          # rewrite the table
 *   node scripts/excel-api-sets.js --check  # exit 1 when the committed table differs from the installed types
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const TYPES = path.join(ROOT, "node_modules/@types/office-js/index.d.ts");
const OUT = path.join(ROOT, "test/fake-excel/api-sets.json");

/** "ExcelApi 1.10" → ["ExcelApi", [1, 10]]; other sets (ExcelApiOnline, preview) keep their name. */
function parseSet(text) {
  const m = /^(\w+)\s+(\d+(?:\.\d+)*)/.exec(text.trim());
  if (!m) return { name: text.trim(), version: null };
  return { name: m[1], version: m[2] };
}

const order = (a) => (a.version === null ? [Infinity] : a.version.split(".").map(Number));
function lower(a, b) {
  if (!a) return b;
  if (a.name !== b.name) return a.name === "ExcelApi" ? a : b; // a numbered ExcelApi set wins over online-only ones
  const x = order(a);
  const y = order(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0) ? a : b;
  }
  return a;
}

function build(source) {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => l === "declare namespace Excel {");
  if (start < 0) throw new Error("no `declare namespace Excel` in @types/office-js");
  const classes = {};
  const members = {};
  let pendingSet = null; // the set named in the doc comment just above
  let cls = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "}") break;
    const tag = /\[Api set: ([^\]]+)\]/.exec(line);
    if (tag && /^\s*\*/.test(line)) {
      // The member's own tag is the first one of its @remarks; tags inside @param texts come after it.
      if (!pendingSet) pendingSet = parseSet(tag[1].split(/ for |,/)[0]);
      continue;
    }
    if (/^\s*\/\*\*/.test(line)) {
      pendingSet = null;
      continue;
    }
    if (/^\s*\*/.test(line)) continue;
    const c = /^ {4}(?:class|interface) (\w+)/.exec(line);
    if (c) {
      cls = c[1];
      if (pendingSet) classes[cls] = pendingSet;
      pendingSet = null;
      continue;
    }
    if (/^ {4}\}/.test(line)) {
      cls = null;
      continue;
    }
    const m = /^ {8}(?:readonly\s+)?(?:static\s+)?(\w+)\??\s*[:(<]/.exec(line);
    if (m && cls && pendingSet) {
      const key = `${cls}.${m[1]}`;
      members[key] = lower(members[key], pendingSet);
    }
    if (m) pendingSet = null;
  }
  const flat = (o) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k].version ? `${o[k].name} ${o[k].version}` : o[k].name])
    );
  return { source: "@types/office-js", classes: flat(classes), members: flat(members) };
}

function main() {
  const table = build(fs.readFileSync(TYPES, "utf8"));
  const text = `${JSON.stringify(table, null, 1)}\n`;
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (committed !== text) {
      console.error(
        `${path.relative(ROOT, OUT)} differs from @types/office-js: run node scripts/excel-api-sets.js`
      );
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(OUT, text);
  console.log(
    `${path.relative(ROOT, OUT)}: ${Object.keys(table.classes).length} classes, ${Object.keys(table.members).length} members`
  );
}

module.exports = { build };
if (require.main === module) main();
