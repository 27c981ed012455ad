// Builds wwwroot/sdk/recorder.js from the ES modules in Sdk/ (main.js the entry) with esbuild: one file, one
// function scope, minified, nothing third-party; its source map beside it. Lint first (eslint.config.mjs), so code
// that does not pass is never served. Writes only when the output changes, so a rebuild leaves the file alone.
import { build } from "esbuild";
import { ESLint } from "eslint";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

const eslint = new ESLint();
const results = await eslint.lintFiles(["Sdk/**/*.js"]);
if (results.some((r) => r.errorCount > 0 || r.warningCount > 0)) {
  console.error((await eslint.loadFormatter("stylish")).format(results));
  process.exit(1);
}

const out = await build({
  entryPoints: ["Sdk/main.js"],
  bundle: true,
  format: "iife",
  minify: true,
  sourcemap: "linked",
  target: ["es2019"],
  legalComments: "none",
  write: false,
  outfile: "wwwroot/sdk/recorder.js",
});
mkdirSync("wwwroot/sdk", { recursive: true });
for (const file of out.outputFiles) {
  if (!existsSync(file.path) || readFileSync(file.path, "utf8") !== file.text) writeFileSync(file.path, file.text);
}
