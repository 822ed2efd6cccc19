import { readFileSync } from "node:fs";
import { importBytes } from "./src/importers";
import { confront } from "./src/check";
import { formatFinding } from "./src/messages";
(async () => {
  for (const f of process.argv.slice(2)) {
    const r = await importBytes(f, readFileSync(f));
    if (!r.ok) { console.log(f, "ERR", r.error); continue; }
    const c = confront(r.report);
    console.log(f, r.report.format, r.report.tableFormats, r.report.year, r.report.agency, "vals", r.report.values.size, "unc", r.report.uncertain?.size);
    for (const x of c.findings) console.log("  ", x.severity, x.rule, formatFinding(c.model, x).slice(0, 160));
  }
})();
