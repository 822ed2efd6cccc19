import assert from "node:assert/strict";
import path from "node:path";
import type { Page } from "playwright-core";
import { cellId, getFormat } from "../../src/format";
import {
  build,
  launch,
  newPage,
  ROOT,
  serve,
  type Browser,
  type PageLog,
  type Server,
} from "./harness";
import { act, paneReady } from "./pane";
import { placedReports, readSheet } from "./workbook";
import { expectedCells } from "../importers/source-cells";

/**
 * The pane's import opens Word and PDF reports (the production build in headless Chromium, the sandbox workbook):
 * every value lands in its cell of the new template sheet, pdfjs-dist and its CMaps come from the add-in's own origin
 * when a PDF is opened (never bundled into the page's scripts, never from elsewhere), and the page's CSP holds.
 */

describe("task pane: opening Word and PDF reports (headless Chromium)", function () {
  this.timeout(300_000);
  let server: Server;
  let browser: Browser;
  const logs: PageLog[] = [];

  before(async () => {
    server = await serve(await build());
    browser = await launch(server);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(): Promise<Page> {
    const { page, log } = await newPage(browser);
    logs.push(log);
    await page.goto(`${server.origin}/sandbox.html?fresh`);
    await paneReady(page);
    return page;
  }

  for (const name of ["full-2021.docx", "full-2021.pdf"])
    it(`opens ${name}: every value in its cell of the imported sheet`, async () => {
      const page = await open();
      const file = path.join(ROOT, "test", "fixtures", "documents", name);
      const opened = await act(page, () => page.locator("#import-file").setInputFiles(file));
      assert.match(
        opened.text,
        new RegExp(`已将“${name.replace(".", "\\.")}”导入为工作表`),
        opened.text
      );
      const [placed] = await placedReports(page);
      const sheet = await readSheet(page, placed);
      const want = expectedCells("full-2021");
      const model = getFormat("2021");
      const wrong = model.cells
        .map((c) => cellId(c))
        .filter((id) => String(sheet.values.get(id)) !== want.get(id));
      assert.deepEqual(wrong, []);
      if (name.endsWith(".pdf"))
        assert.ok(
          browser.requests.includes(`${server.origin}/pdfjs/pdf.min.js`),
          "pdfjs-dist is loaded from the add-in's origin when a PDF is opened"
        );
      assert.deepEqual(
        browser.requests.filter(
          (u) => !u.startsWith(`${server.origin}/`) && !u.includes("appsforoffice")
        ),
        []
      );
      const log = logs[logs.length - 1];
      assert.deepEqual(log.cspViolations, []);
      assert.deepEqual(log.errors, []);
      await page.close();
    });
});
