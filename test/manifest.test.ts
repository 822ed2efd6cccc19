/**
 * manifest.xml, the icons and the task pane HTML — checked offline, with nothing outside this repository.
 *
 * Schema validation uses xmllint-wasm (libxml2 compiled to WebAssembly) against the Office add-in manifest XSDs
 * kept in test/manifest-xsd/ (`office-addin-manifest validate` calls a Microsoft web service instead).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DomUtils, parseDocument } from "htmlparser2";
import { validateXML } from "xmllint-wasm";
import { parse as parseScript } from "acorn";
import { ACTION_NAMES } from "../taskpane/actions";

const ROOT = path.resolve(__dirname, "..");
const XSD_DIR = path.join(__dirname, "manifest-xsd");
const MAIN_XSD = "OfficeAppManifestV1_1.xsd";
const MANIFEST_PATH = path.join(ROOT, "manifest.xml");
const DEV_ORIGIN = "https://localhost:3000/";
/** The add-in's identity in Office. Never change it: Office would treat the add-in as a different one. */
const ADDIN_ID = "6515f6b9-60c0-43f0-ab6b-6511a6e6d3a2";
/** The office.js URL in the page's source; the build replaces it (NIANBAO_OFFICE_JS, webpack.config.js). */
const OFFICE_JS = "https://officeapis.public.onecdn.static.microsoft/1/office.js";

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];

const manifestXml = fs.readFileSync(MANIFEST_PATH, "utf8");

async function validateManifest(xml: string) {
  const xsdFiles = fs.readdirSync(XSD_DIR).filter((f) => f.endsWith(".xsd"));
  assert.ok(xsdFiles.includes(MAIN_XSD), `${MAIN_XSD} missing from test/manifest-xsd/`);
  const read = (fileName: string) => ({
    fileName,
    contents: fs.readFileSync(path.join(XSD_DIR, fileName), "utf8"),
  });
  return validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [read(MAIN_XSD)],
    preload: xsdFiles.filter((f) => f !== MAIN_XSD).map(read),
  });
}

// --- small XML helpers (htmlparser2 in xmlMode keeps prefixed names such as "bt:Image") ---------------------

function parseXml(xml: string): Document {
  return parseDocument(xml, { xmlMode: true });
}
const all = (root: Document | Element, name: string): Element[] =>
  DomUtils.findAll((e) => e.name === name, root.children);
const first = (root: Document | Element, name: string): Element => {
  const found = DomUtils.findOne((e) => e.name === name, root.children, true);
  assert.ok(found, `<${name}> not found`);
  return found;
};
const children = (e: Element, name: string): Element[] =>
  e.children.filter((c): c is Element => c.type === "tag" && (c as Element).name === name);
const text = (e: Element): string => DomUtils.textContent(e).trim();

const doc = parseXml(manifestXml);

/** Resource id → element, for bt:Image / bt:Url / bt:String. */
function resources(
  kind: "bt:Images" | "bt:Urls" | "bt:ShortStrings" | "bt:LongStrings"
): Map<string, Element> {
  const map = new Map<string, Element>();
  for (const e of first(doc, kind).children) {
    if (e.type === "tag") map.set((e as Element).attribs.id, e as Element);
  }
  return map;
}
const strings = new Map([...resources("bt:ShortStrings"), ...resources("bt:LongStrings")]);
const urls = resources("bt:Urls");
const images = resources("bt:Images");
const stringOf = (resid: string): string => {
  const e = strings.get(resid);
  assert.ok(e, `string resource ${resid} missing`);
  return e.attribs.DefaultValue;
};
const urlOf = (resid: string): string => {
  const e = urls.get(resid);
  assert.ok(e, `url resource ${resid} missing`);
  return e.attribs.DefaultValue;
};

// --- PNG helpers -----------------------------------------------------------------------------------------------

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  assert.deepEqual(
    [...buf.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    `${file}: not a PNG`
  );
  assert.equal(buf.toString("ascii", 12, 16), "IHDR", `${file}: first chunk is not IHDR`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** RGBA pixels of a PNG written by scripts/make-icons.js (8-bit RGBA, filter type 0 on every row). */
function pngPixels(buf: Buffer): Buffer {
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let p = 8; p < buf.length;) {
    const len = buf.readUInt32BE(p);
    if (buf.toString("ascii", p + 4, p + 8) === "IDAT") idat.push(buf.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (stride + 1)], 0, "unexpected PNG row filter");
    raw.copy(out, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return out;
}

/** assets/ file for a manifest URL on the dev origin. */
function assetFile(url: string): string {
  assert.ok(
    url.startsWith(`${DEV_ORIGIN}assets/`),
    `icon URL not under ${DEV_ORIGIN}assets/: ${url}`
  );
  return path.join(ROOT, "assets", decodeURIComponent(url.slice(`${DEV_ORIGIN}assets/`.length)));
}

// ---------------------------------------------------------------------------------------------------------------

describe("manifest.xml", () => {
  describe("schema (offline XSD validation with xmllint-wasm)", () => {
    it("is valid against OfficeAppManifestV1_1.xsd", async () => {
      const result = await validateManifest(manifestXml);
      assert.deepEqual(
        result.errors.map((e) => e.message),
        []
      );
      assert.equal(result.valid, true);
    });

    it("rejects a bad Permissions value (the validation can fail)", async () => {
      const bad = manifestXml.replace(
        "<Permissions>ReadWriteDocument</Permissions>",
        "<Permissions>ReadWrite</Permissions>"
      );
      assert.notEqual(bad, manifestXml);
      const result = await validateManifest(bad);
      assert.equal(result.valid, false);
      assert.ok(
        result.errors.some((e) => e.message.includes("Permissions")),
        JSON.stringify(result.errors)
      );
    });

    it("rejects an ExecuteFunction action without FunctionName", async () => {
      const bad = manifestXml.replace("<FunctionName>validate</FunctionName>", "");
      assert.notEqual(bad, manifestXml);
      const result = await validateManifest(bad);
      assert.equal(result.valid, false);
      assert.ok(
        result.errors.some((e) => e.message.includes("FunctionName")),
        JSON.stringify(result.errors)
      );
    });
  });

  describe("identity and settings", () => {
    it("keeps its fixed add-in id, and its version follows package.json", () => {
      assert.equal(text(first(doc, "Id")), ADDIN_ID);
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        version: string;
      };
      assert.equal(text(first(doc, "Version")), `${pkg.version.replace(/-.*$/, "")}.0`);
    });

    it("is an Excel (Workbook) task pane add-in with ReadWriteDocument permission", () => {
      assert.equal(first(doc, "OfficeApp").attribs["xsi:type"], "TaskPaneApp");
      assert.deepEqual(
        all(first(doc, "Hosts"), "Host")
          .filter((h) => h.attribs.Name)
          .map((h) => h.attribs.Name),
        ["Workbook"]
      );
      assert.equal(text(first(doc, "Permissions")), "ReadWriteDocument");
    });

    it("defaults to zh-CN and overrides the display texts for en-US", () => {
      assert.equal(text(first(doc, "DefaultLocale")), "zh-CN");
      assert.equal(first(doc, "DisplayName").attribs.DefaultValue, "政务公开年报助手");
      for (const name of ["DisplayName", "Description"]) {
        const overrides = children(first(doc, name), "Override");
        assert.deepEqual(
          overrides.map((o) => o.attribs.Locale),
          ["en-US"],
          `${name} en-US override`
        );
      }
      for (const [id, e] of strings) {
        const locales = children(e, "bt:Override").map((o) => o.attribs.Locale);
        if (id === "Functions.Namespace")
          assert.deepEqual(locales, [], "the function namespace must not be localised");
        else assert.deepEqual(locales, ["en-US"], `string ${id} should have an en-US override`);
      }
    });

    it("only uses URLs on the add-in's own origin, and declares no other AppDomains", () => {
      const found = [...manifestXml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map(
        (m) => m[1]
      );
      assert.ok(found.length > 10);
      for (const url of found)
        assert.ok(url.startsWith(DEV_ORIGIN), `URL outside ${DEV_ORIGIN}: ${url}`);
      for (const domain of all(doc, "AppDomain")) {
        assert.equal(
          new URL(text(domain)).origin,
          new URL(DEV_ORIGIN).origin,
          `extra AppDomain ${text(domain)}`
        );
      }
      assert.equal(
        first(first(doc, "DefaultSettings"), "SourceLocation").attribs.DefaultValue,
        `${DEV_ORIGIN}taskpane.html`
      );
    });

    it("references only resources that exist, and every resource is used", () => {
      const referenced = new Set([...manifestXml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]));
      const defined = new Set([...strings.keys(), ...urls.keys(), ...images.keys()]);
      for (const id of referenced)
        assert.ok(defined.has(id), `resid ${id} is not defined in <Resources>`);
      for (const id of defined) assert.ok(referenced.has(id), `resource ${id} is never used`);
    });
  });

  describe("shared runtime and custom functions", () => {
    const host = () =>
      DomUtils.findOne(
        (e) => e.name === "Host" && e.attribs["xsi:type"] === "Workbook",
        doc.children,
        true
      )!;

    const setsOf = (requirements: Element) =>
      Object.fromEntries(
        DomUtils.findAll((e) => /(^|:)Set$/.test(e.name), requirements.children).map((s) => [
          s.attribs.Name,
          s.attribs.MinVersion,
        ])
      );
    const baseRequirements = () =>
      children(first(doc, "OfficeApp"), "Requirements")[0] ?? assert.fail("no base <Requirements>");
    const overrideRequirements = () =>
      children(first(doc, "VersionOverrides"), "Requirements")[0] ??
      assert.fail("no <Requirements> in <VersionOverrides>");

    it("is offered wherever Excel runs add-ins: the base manifest requires ExcelApi 1.1 only", () => {
      // An unmet base requirement hides the add-in altogether ("Specify Office applications and API
      // requirements"): the pane checks the sets of its features at run time instead (taskpane/host.ts).
      assert.deepEqual(setsOf(baseRequirements()), { ExcelApi: "1.1" });
    });

    it("brings the ribbon, the shared runtime and the custom functions only where SharedRuntime 1.1 exists", () => {
      // A VersionOverrides requirement that is not met leaves the base manifest in force: the task pane without the
      // ribbon ("Requirements element", as a child of VersionOverrides).
      assert.deepEqual(setsOf(overrideRequirements()), { SharedRuntime: "1.1" });
      const order = first(doc, "VersionOverrides")
        .children.filter((c): c is Element => c.type === "tag")
        .map((c) => c.name);
      assert.deepEqual(order.slice(0, 2), ["Requirements", "Hosts"]);
    });

    it("a manifest whose base requires the shared runtime again would be caught", async () => {
      // The XSD accepts it, so this test guards the decision itself.
      const strict = manifestXml.replace(
        '<Set Name="ExcelApi" MinVersion="1.1"/>',
        '<Set Name="SharedRuntime" MinVersion="1.1"/>'
      );
      assert.notEqual(strict, manifestXml);
      assert.equal((await validateManifest(strict)).valid, true);
      const strictDoc = parseXml(strict);
      const base = children(first(strictDoc, "OfficeApp"), "Requirements")[0];
      assert.notDeepEqual(setsOf(base), { ExcelApi: "1.1" });
    });

    it("runs ribbon commands, task pane and custom functions in one long-lived page", () => {
      const runtimes = all(host(), "Runtime");
      assert.equal(runtimes.length, 1);
      assert.equal(runtimes[0].attribs.lifetime, "long");
      const page = runtimes[0].attribs.resid;
      assert.equal(urlOf(page), `${DEV_ORIGIN}taskpane.html`);
      assert.equal(first(host(), "FunctionFile").attribs.resid, page);
      const cf = DomUtils.findOne(
        (e) => e.attribs["xsi:type"] === "CustomFunctions",
        host().children,
        true
      )!;
      assert.equal(first(first(cf, "Page"), "SourceLocation").attribs.resid, page);
      for (const a of all(host(), "Action").filter(
        (a) => a.attribs["xsi:type"] === "ShowTaskpane"
      )) {
        assert.equal(
          first(a, "SourceLocation").attribs.resid,
          page,
          "only one task pane with a shared runtime"
        );
      }
    });

    it("declares the custom functions in namespace NIANBAO with functions.json metadata", () => {
      const cf = DomUtils.findOne(
        (e) => e.attribs["xsi:type"] === "CustomFunctions",
        host().children,
        true
      )!;
      assert.equal(stringOf(first(cf, "Namespace").attribs.resid), "NIANBAO");
      assert.equal(
        urlOf(first(first(cf, "Metadata"), "SourceLocation").attribs.resid),
        `${DEV_ORIGIN}functions.json`
      );
      assert.equal(
        urlOf(first(first(cf, "Script"), "SourceLocation").attribs.resid),
        `${DEV_ORIGIN}functions.js`
      );
    });
  });

  describe("ribbon", () => {
    const tab = () => first(doc, "CustomTab");
    const buttons = () => all(tab(), "Control").filter((c) => c.attribs["xsi:type"] === "Button");
    const label = (e: Element) => stringOf(children(e, "Label")[0].attribs.resid);

    it("has a tab labelled 政务公开年报", () => {
      assert.equal(label(tab()), "政务公开年报");
    });

    it("has the four buttons 插入模板, 校验, 清除标记, 打开面板 with their actions", () => {
      const summary = buttons().map((b) => {
        const action = children(b, "Action")[0];
        const fn = children(action, "FunctionName")[0];
        return [label(b), action.attribs["xsi:type"], fn ? text(fn) : null];
      });
      assert.deepEqual(summary, [
        ["插入模板", "ExecuteFunction", "insertTemplate"],
        ["校验", "ExecuteFunction", "validate"],
        ["清除标记", "ExecuteFunction", "clearMarks"],
        ["打开面板", "ShowTaskpane", null],
      ]);
    });

    it("wires exactly the actions that taskpane/commands.ts associates", () => {
      const names = all(tab(), "FunctionName").map(text);
      assert.deepEqual([...names].sort(), [...ACTION_NAMES].sort());
    });

    it("gives every button and the group a supertip and 16/32/80 px icons", () => {
      for (const control of [...all(tab(), "Group"), ...buttons()]) {
        const sizes = all(children(control, "Icon")[0], "bt:Image").map((i) => i.attribs.size);
        assert.deepEqual(sizes, ["16", "32", "80"], `icon sizes of ${control.attribs.id}`);
      }
      for (const b of buttons()) {
        const tip = children(b, "Supertip")[0];
        assert.ok(stringOf(children(tip, "Title")[0].attribs.resid));
        assert.ok(stringOf(children(tip, "Description")[0].attribs.resid));
      }
    });
  });

  describe("icons", () => {
    it("every icon URL points at a PNG in assets/ with the declared pixel size", () => {
      const expectations: [string, number][] = [
        [first(doc, "IconUrl").attribs.DefaultValue, 32],
        [first(doc, "HighResolutionIconUrl").attribs.DefaultValue, 64],
      ];
      for (const ref of all(first(doc, "VersionOverrides"), "bt:Image").filter(
        (i) => i.attribs.size
      )) {
        const image = images.get(ref.attribs.resid);
        assert.ok(image, `image resource ${ref.attribs.resid} missing`);
        expectations.push([image.attribs.DefaultValue, Number(ref.attribs.size)]);
      }
      assert.ok(expectations.length >= 2 + 5 * 3);
      for (const [url, size] of expectations) {
        const file = assetFile(url);
        assert.ok(fs.existsSync(file), `${url} → ${path.relative(ROOT, file)} does not exist`);
        assert.deepEqual(pngSize(file), { width: size, height: size }, url);
      }
    });

    it("every image resource exists and is named after its size", () => {
      for (const [id, image] of images) {
        const file = assetFile(image.attribs.DefaultValue);
        const size = Number(/-(\d+)\.png$/.exec(file)?.[1]);
        assert.deepEqual(pngSize(file), { width: size, height: size }, id);
      }
    });

    it("the PNGs in assets/ are what scripts/make-icons.js draws", () => {
      const icons = require("../scripts/make-icons.js") as {
        render(name: string, size: number): Buffer;
        SIZES: Record<string, number[]>;
      };
      const expected = Object.entries(icons.SIZES).flatMap(([name, sizes]) =>
        sizes.map((s) => `${name}-${s}.png`)
      );
      const present = fs.readdirSync(path.join(ROOT, "assets")).filter((f) => f.endsWith(".png"));
      assert.deepEqual([...present].sort(), [...expected].sort());
      for (const [name, sizes] of Object.entries(icons.SIZES)) {
        for (const size of sizes) {
          const onDisk = fs.readFileSync(path.join(ROOT, "assets", `${name}-${size}.png`));
          assert.ok(
            pngPixels(onDisk).equals(pngPixels(icons.render(name, size))),
            `${name}-${size}.png is stale: run npm run icons`
          );
        }
      }
    });
  });
});

describe("task pane HTML", () => {
  const htmlFiles = fs.readdirSync(path.join(ROOT, "taskpane")).filter((f) => f.endsWith(".html"));

  it("exists", () => {
    assert.ok(htmlFiles.includes("taskpane.html"));
  });

  for (const file of htmlFiles) {
    describe(file, () => {
      const html = fs.readFileSync(path.join(ROOT, "taskpane", file), "utf8");
      const page = parseDocument(html);
      const scripts = DomUtils.findAll((e) => e.name === "script", page.children);

      const inline = scripts.filter((s) => !s.attribs.src);

      it("references no external script except office.js, first, and no remote stylesheet or font", () => {
        const external = scripts
          .map((s) => s.attribs.src)
          .filter((src) => src && /^(https?:)?\/\//i.test(src));
        assert.deepEqual(external, [OFFICE_JS]);
        // No other way of pulling in remote code either (modulepreload, import maps, remote stylesheets...).
        for (const link of DomUtils.findAll((e) => e.name === "link", page.children)) {
          assert.ok(
            !/^(https?:)?\/\//i.test(link.attribs.href ?? ""),
            `external <link> ${link.attribs.href}`
          );
          // The bundled font is a fallback loaded by fonts.ts, never a render-blocking stylesheet of the page.
          assert.doesNotMatch(link.attribs.href ?? "", /fonts\//);
        }
      });

      it("has one inline script, the guard, in plain ES5 that Internet Explorer 11 parses", () => {
        assert.deepEqual(
          inline.map((s) => s.attribs.id),
          ["nianbao-guard"]
        );
        const source = DomUtils.textContent(inline[0]);
        // acorn with ecmaVersion 5 rejects let/const, arrow functions, template literals, classes …
        assert.doesNotThrow(() => parseScript(source, { ecmaVersion: 5 }));
        assert.throws(() => parseScript(`${source}\nconst x = () => 1;`, { ecmaVersion: 5 }));
        // It runs before office.js and the bundles, and speaks Chinese about what to install.
        assert.ok(
          scripts.indexOf(inline[0]) < scripts.findIndex((s) => s.attribs.src === OFFICE_JS)
        );
        assert.match(source, /WebView2/);
        assert.match(source, /Office 2021/);
      });

      it("has a CSP whose script-src is 'self' only in the source (the build adds the guard's hash and office.js's origin)", () => {
        const meta = DomUtils.findOne(
          (e) =>
            e.name === "meta" &&
            (e.attribs["http-equiv"] ?? "").toLowerCase() === "content-security-policy",
          page.children
        );
        assert.ok(meta, "no Content-Security-Policy meta");
        const directives = new Map(
          meta.attribs.content
            .split(";")
            .map((d) => d.trim().split(/\s+/))
            .filter((parts) => parts[0])
            .map((parts) => [parts[0], parts.slice(1)] as const)
        );
        assert.deepEqual(directives.get("script-src"), ["'self'"]);
        assert.deepEqual(directives.get("default-src"), ["'self'"]);
        assert.deepEqual(directives.get("connect-src"), ["'self'"]);
        assert.deepEqual(directives.get("frame-src"), ["'none'"]);
        assert.deepEqual(directives.get("object-src"), ["'none'"]);
      });

      it("is titled 政务公开年报助手", () => {
        const title = DomUtils.findOne((e) => e.name === "title", page.children);
        assert.equal(title && DomUtils.textContent(title).trim(), "政务公开年报助手");
      });
    });
  }
});
