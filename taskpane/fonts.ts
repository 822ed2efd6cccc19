/**
 * Chinese text uses the system's fonts first: Microsoft YaHei on Windows, PingFang SC on macOS (where Excel runs), and
 * common Linux CJK fonts. Only where none of them exists is the bundled Noto Sans SC (fonts/noto-sans-sc.css, its
 * unicode-range subsets, from this origin) loaded — after the first paint, never render-blocking: on an Excel host the
 * page fetches no font at all.
 */

/** The families tried before the bundled font (taskpane.css and fluent.ts name the same first ones). */
const SYSTEM_CJK_FONTS = [
  "Microsoft YaHei",
  "PingFang SC",
  "Hiragino Sans GB",
  "SimSun",
  "Noto Sans CJK SC",
  "Source Han Sans SC",
  "WenQuanYi Micro Hei",
];

export const FALLBACK_FONT_CSS = "fonts/noto-sans-sc.css";

/**
 * Whether one of those fonts is installed: Latin text drawn in it has another width than in the generic monospace
 * font (the usual canvas probe: an absent font falls back to monospace and measures the same). Latin, not Chinese:
 * every Chinese font draws a Chinese character one em wide, so Chinese text cannot tell them apart.
 */
export function hasSystemChineseFont(): boolean {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext?.("2d");
  if (!context) return true; // cannot tell: do not download anything
  const sample = "mmmmmmmmmmlli1234567890";
  context.font = "32px monospace";
  const generic = context.measureText(sample).width;
  return SYSTEM_CJK_FONTS.some((family) => {
    context.font = `32px "${family}", monospace`;
    return context.measureText(sample).width !== generic;
  });
}

/** Adds the bundled font's stylesheet when no system Chinese font exists (once; nothing outside a real page). */
export function loadFallbackFont(): void {
  if (typeof document === "undefined" || typeof document.createElement !== "function") return;
  if (document.querySelector(`link[href="${FALLBACK_FONT_CSS}"]`)) return;
  if (hasSystemChineseFont()) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = FALLBACK_FONT_CSS;
  link.dataset.fallback = "true";
  document.head.appendChild(link);
}
