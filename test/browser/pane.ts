/**
 * Driving the task pane the way a clerk does: by the accessible names of its controls (插入模板, 校验, 清除标记, 应用 …)
 * inside the pane (#app), and waiting on its status line.
 */
import type { Locator, Page } from "playwright-core";
import type {} from "../../sandbox/sandbox"; // window.nianbaoSandbox

export const pane = (page: Page): Locator => page.locator("#app");

export async function paneReady(page: Page): Promise<void> {
  await page.waitForSelector("#app[data-ready=true]", { timeout: 30_000 });
  // Fluent's components are defined once the pane is drawn; wait until the buttons have their shadow DOM.
  await page.waitForFunction(
    () =>
      !!customElements.get("fluent-button") &&
      !!document.querySelector("#app fluent-button")?.shadowRoot
  );
}

/**
 * Runs something that ends in a status message (an action of the pane) and returns that message. The status line is
 * marked first, so an earlier message is not mistaken for this one.
 */
export async function act(
  page: Page,
  doIt: () => Promise<unknown>
): Promise<{ kind: string; text: string }> {
  await page.evaluate(() => {
    document.getElementById("status")!.dataset.kind = "test-waiting";
  });
  await doIt();
  await page.waitForFunction(
    () => ["ok", "error"].includes(document.getElementById("status")!.dataset.kind ?? ""),
    null,
    { timeout: 60_000 }
  );
  await page.evaluate(() => window.nianbaoSandbox?.idle());
  return page.evaluate(() => ({
    kind: document.getElementById("status")!.dataset.kind!,
    text: document.getElementById("status")!.textContent ?? "",
  }));
}

export function button(page: Page, name: string | RegExp): Locator {
  return pane(page).getByRole("button", { name, exact: typeof name === "string" });
}

export interface TemplateForm {
  year?: number;
  agency?: string;
  level?: string;
  formulas?: boolean;
}

export async function insertTemplate(
  page: Page,
  form: TemplateForm = {}
): Promise<{ kind: string; text: string }> {
  const app = pane(page);
  if (form.year !== undefined) {
    const year = app.getByRole("textbox", { name: /^(年度|Year)$/ });
    await year.fill(String(form.year));
    await year.press("Tab");
  }
  if (form.agency !== undefined)
    await app.getByRole("textbox", { name: /单位名称|Agency/ }).fill(form.agency);
  if (form.level !== undefined) {
    await app.getByRole("combobox", { name: /单位层级|Agency level/ }).click();
    await app.getByRole("option", { name: form.level, exact: true }).click();
  }
  if (form.formulas)
    await app.getByRole("radio", { name: /普通公式|通用公式|Plain formulas|Portable/ }).click();
  return act(page, () => button(page, /^(插入模板|Insert template)$/).click());
}

export async function validate(page: Page): Promise<{ kind: string; text: string }> {
  return act(page, () => button(page, /^(校验|Check)$/).click());
}

/** Types into a cell through the sandbox grid: click it, type, Enter (as in Excel). */
export async function typeInGrid(page: Page, address: string, text: string): Promise<void> {
  await page.locator(`#sandbox-grid td[data-address="${address}"]`).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await page.evaluate(() => window.nianbaoSandbox!.idle());
}

export async function summary(
  page: Page
): Promise<{ errors: number; warnings: number; text: string }> {
  return page.evaluate(() => {
    const s = document.getElementById("summary")!;
    return {
      errors: Number(s.dataset.errors),
      warnings: Number(s.dataset.warnings),
      text: s.textContent ?? "",
    };
  });
}
