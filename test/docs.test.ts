import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

/** The clerks' guide: linked from the README's first screen, and every picture it shows is there (and used). */

const ROOT = path.resolve(__dirname, "..");
const GUIDE = path.join(ROOT, "docs", "使用说明.md");

describe("the clerks' guide (docs/使用说明.md)", () => {
  it("is linked from the README's first screen", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const firstScreen = readme.split("\n").slice(0, 15).join("\n");
    assert.match(firstScreen, /\(docs\/使用说明\.md\)/);
  });

  it("shows only screenshots that exist, and every screenshot taken is shown", () => {
    const text = fs.readFileSync(GUIDE, "utf8");
    const linked = [...text.matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((m) => m[1]);
    assert.ok(linked.length >= 6);
    for (const image of linked)
      assert.ok(fs.existsSync(path.join(ROOT, "docs", image)), `${image} exists`);
    const taken = fs.readdirSync(path.join(ROOT, "docs", "images")).map((f) => `images/${f}`);
    assert.deepEqual([...new Set(linked)].sort(), taken.sort());
  });

  it("covers each step a clerk takes", () => {
    const text = fs.readFileSync(GUIDE, "utf8");
    for (const step of [
      "加载",
      "插入模板",
      "填写",
      "校验",
      "应用",
      "说明",
      "清除标记",
      "导入",
      "nianbao template",
    ])
      assert.ok(text.includes(step), step);
  });
});
