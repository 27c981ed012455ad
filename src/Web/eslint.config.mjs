// Lints the SDK's and the player's ES modules (Sdk/, Player/), run by build-sdk.mjs before every build of the bundles.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["Sdk/**/*.js", "Player/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-var": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
];
