/**
 * Fluent UI web components (v2), the look of Office's own panes, registered once. The design tokens give the pane
 * Excel's accent colour and the Chinese font stack: the components render in shadow DOM, which does not inherit
 * the page's font-family unless the bodyFont token says so. Microsoft YaHei / PingFang SC are present where Excel
 * runs; Noto Sans SC is served from the add-in's own origin (fonts/noto-sans-sc.css), loaded by fonts.ts only where
 * no system Chinese font exists.
 */
import {
  accentBaseColor,
  bodyFont,
  fluentButton,
  fluentDivider,
  fluentNumberField,
  fluentOption,
  fluentProgressRing,
  fluentRadio,
  fluentRadioGroup,
  fluentSelect,
  fluentTextArea,
  fluentTextField,
  provideFluentDesignSystem,
  SwatchRGB,
} from "@fluentui/web-components";

export const FONT_STACK =
  '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Segoe UI", sans-serif';

/** Excel's brand green (#217346). */
const EXCEL_GREEN = SwatchRGB.create(0x21 / 255, 0x73 / 255, 0x46 / 255);

let registered = false;

export function registerFluent(): void {
  if (registered) return;
  registered = true;
  bodyFont.withDefault(FONT_STACK);
  accentBaseColor.withDefault(EXCEL_GREEN);
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentDivider(),
    fluentNumberField(),
    fluentOption(),
    fluentProgressRing(),
    fluentRadio(),
    fluentRadioGroup(),
    fluentSelect(),
    fluentTextArea(),
    fluentTextField()
  );
}
