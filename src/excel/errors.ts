import { missingMessage, type Feature, type HostCapabilities } from "./capabilities";
import type { AdapterErrorCode } from "./types";

/** A failure the clerk must hear about, with a Chinese message; `code` tells callers what kind. */
export class AdapterError extends Error {
  constructor(
    readonly code: AdapterErrorCode,
    message: string,
    readonly cause?: unknown
  ) {
    super(message);
    this.name = "AdapterError";
  }
}

export const NO_REPORT_MESSAGE = "本工作簿中没有年报表格，请先点击“插入模板”。";

export const protectedMessage = (sheet: string) =>
  `工作表“${sheet}”受保护，无法在其中标记或写入。请先在“审阅”选项卡中点击“撤销工作表保护”，再重试。`;

/** The `code` of an Office.js error (OfficeExtension.Error), if it is one. */
function officeCode(e: unknown): string | undefined {
  if (
    e &&
    typeof e === "object" &&
    "code" in e &&
    typeof (e as { code: unknown }).code === "string"
  )
    return (e as { code: string }).code;
  return undefined;
}

/**
 * Any error thrown inside an Excel batch, as an AdapterError: AdapterErrors pass through; Excel's own errors get a
 * Chinese message by their code. Programming errors (TypeError …) are rethrown untouched.
 */
export function toAdapterError(e: unknown, what: string): Error {
  if (e instanceof AdapterError) return e;
  const code = officeCode(e);
  if (!code) return e instanceof Error ? e : new Error(String(e));
  const detail = e instanceof Error && e.message ? `（Excel：${e.message}）` : "";
  switch (code) {
    case "AccessDenied":
      return new AdapterError(
        "Protected",
        `${what}失败：工作表受保护或工作簿为只读。请撤销工作表保护后重试。${detail}`,
        e
      );
    case "ItemAlreadyExists":
      return new AdapterError(
        "Conflict",
        `${what}失败：名称已被占用（可能另一位用户同时做了同样的操作），请重试。${detail}`,
        e
      );
    case "ItemNotFound":
      return new AdapterError(
        "NotFound",
        `${what}失败：找不到年报表格或工作表（可能已被删除）。请重新校验。${detail}`,
        e
      );
    case "ApiNotFound":
      return new AdapterError(
        "Unsupported",
        `${what}失败：当前 Excel 不支持所需的功能（Excel 报告 ApiNotFound），请改用较新的 Excel（Microsoft 365 或 Office LTSC 2021 及以上）。${detail}`,
        e
      );
    default:
      return new AdapterError("Excel", `${what}失败：Excel 报告错误 ${code}。${detail}`, e);
  }
}

/** Run an Excel batch; failures come out as AdapterErrors saying what was being done. */
export async function guarded<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw toAdapterError(e, what);
  }
}

/** Throws AdapterError "Unsupported" naming the feature the host lacks (checked before use, never a raw API error). */
export function requireFeature(caps: HostCapabilities, feature: Feature, what: string): void {
  if (!caps.has(feature))
    throw new AdapterError("Unsupported", `${what}无法进行：${missingMessage(feature)}`);
}

/**
 * Whether the host supports an ExcelApi requirement set. Outside Office (tests against the fake) everything is
 * supported; inside Office the host says.
 */
export function supportsExcelApi(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  const requirements = office?.context?.requirements;
  if (!requirements?.isSetSupported) return true;
  return requirements.isSetSupported("ExcelApi", version);
}

/**
 * The first Excel versions with an ExcelApi requirement set, in Chinese or English ("Excel JavaScript API requirement
 * sets": volume-licensed Office 2016 has 1.1, Office 2019 up to 1.7, Office 2021 up to 1.14, Office 2024 up to 1.17;
 * 1.18 and later only Microsoft 365 — Windows, Mac and the web).
 */
export function excelApiHosts(version: string, language: "zh" | "en" = "zh"): string {
  const minor = Number(version.split(".")[1] ?? 0);
  const zh = language === "zh";
  if (minor <= 1)
    return zh ? "Excel 2016 及以后版本或 Microsoft 365" : "Excel 2016 or later, or Microsoft 365";
  if (minor <= 7)
    return zh ? "Excel 2019 及以后版本或 Microsoft 365" : "Excel 2019 or later, or Microsoft 365";
  if (minor <= 14)
    return zh
      ? "Excel 2021 及以后版本（含 LTSC 批量许可版）或 Microsoft 365"
      : "Excel 2021 or later (volume-licensed LTSC included), or Microsoft 365";
  if (minor <= 17)
    return zh ? "Excel 2024 LTSC 或 Microsoft 365" : "Excel 2024 LTSC or Microsoft 365";
  return zh
    ? "Microsoft 365 版 Excel（Windows、Mac 或网页版）"
    : "Excel in Microsoft 365 (Windows, Mac or the web)";
}

export function requireExcelApi(version: string, what: string): void {
  if (!supportsExcelApi(version))
    throw new AdapterError(
      "Unsupported",
      `${what}需要 Excel JavaScript API ${version}（${excelApiHosts(version)}），当前 Excel 版本不支持，请升级。`
    );
}
