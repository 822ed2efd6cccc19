// Microsoft's Office add-in lint rules (eslint-plugin-office-addins, as `office-addin-lint` applies them in the
// yo office templates), with the globals our three surfaces run under: the browser pane, Node for the CLI and tests.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

export default [
  { ignores: ["dist/**", "node_modules/**", ".artifacts/**", "test/fixtures/**", "**/*.d.ts"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 2022,
      globals: {
        ...globals.browser,
        ...globals.node,
        ...globals.mocha,
        Office: "readonly",
        Excel: "readonly",
        CustomFunctions: "readonly",
        OfficeRuntime: "readonly",
      },
    },
    rules: {
      // TypeScript checks names itself (tsc --noEmit); ESLint's no-undef does not know type-only names.
      "no-undef": "off",
      "no-redeclare": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // exceljs's cell objects are plain objects, not Office proxies: the load/sync rules do not apply to them.
    files: ["src/xlsx/**", "test/xlsx/**", "src/cli/**", "test/supervisor/**"],
    rules: {
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/call-sync-after-load": "off",
    },
  },
];
