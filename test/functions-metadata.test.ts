import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import webpack from "webpack";

/**
 * functions.json as the build writes it (issue 12 item 4): without `allowCustomDataForDataTypeAny`, which the metadata
 * plugin adds and which is reported to make every function #VALUE! on Office 2021 volume-licensed (office-js #3504,
 * #4385). The plugins are taken from the real webpack config and run on a tiny entry, so the test is quick.
 */
describe("custom functions metadata (functions.json)", () => {
  it("the build's functions.json lists every NIANBAO function and has no allowCustomDataForDataTypeAny", async function () {
    this.timeout(120_000);
    const root = path.join(__dirname, "..");
    const configure = require(path.join(root, "webpack.config.js")) as (
      env: object,
      argv: object
    ) => Promise<webpack.Configuration>;
    const config = await configure({}, { mode: "production" });
    const wanted = new Set([
      "CustomFunctionsMetadataPlugin",
      "NoAutoAssociatePlugin",
      "CleanFunctionsMetadataPlugin",
    ]);
    const plugins = (config.plugins ?? []).filter((p) => p && wanted.has(p.constructor.name));
    assert.equal(plugins.length, wanted.size, "the real config has the metadata plugins");
    // With html-webpack-plugin's child compilation, as in the real build: functions.json must be the same in each.
    const html = (config.plugins ?? []).find((p) => p?.constructor.name === "HtmlWebpackPlugin");
    assert.ok(html);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-cf-"));
    const entry = path.join(out, "entry.js");
    fs.writeFileSync(entry, "export const x = 1;\n");
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(
        {
          context: root,
          mode: "production",
          entry,
          output: { path: out },
          plugins: [...plugins, html] as webpack.WebpackPluginInstance[],
        },
        (err, s) => (err || !s ? reject(err) : resolve(s))
      )
    );
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    const text = fs.readFileSync(path.join(out, "functions.json"), "utf8");
    fs.rmSync(out, { recursive: true, force: true });
    assert.ok(!text.includes("allowCustomDataForDataTypeAny"), text.slice(0, 200));
    const metadata = JSON.parse(text) as { functions: { id: string }[] };
    assert.deepEqual(metadata.functions.map((f) => f.id).sort(), [
      "BALANCE",
      "CHECK",
      "ISSUES",
      "SUGGEST",
      "SUMCHECK",
    ]);
  });
});
