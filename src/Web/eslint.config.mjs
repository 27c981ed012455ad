// Lints the SDK's ES modules (Sdk/), run by build-sdk.mjs before every build of the bundle.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["Sdk/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-var": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
];
