// Builds the browser code we write from its ES modules with esbuild, after linting them (eslint.config.mjs), so code
// that does not pass is never served: the SDK (Sdk/, main.js the entry) into wwwroot/sdk/recorder.js, minified, one
// function scope, nothing third-party; the player (Player/, main.js the entry) into wwwroot/js/player.js. Each with
// its source map beside it. Writes only what changed, so a rebuild leaves the files alone.
import { build } from "esbuild";
import { ESLint } from "eslint";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname } from "node:path";

const eslint = new ESLint();
const results = await eslint.lintFiles(["Sdk/**/*.js", "Player/**/*.js"]);
if (results.some((r) => r.errorCount > 0 || r.warningCount > 0)) {
  console.error((await eslint.loadFormatter("stylish")).format(results));
  process.exit(1);
}

for (const [entry, outfile] of [["Sdk/main.js", "wwwroot/sdk/recorder.js"], ["Player/main.js", "wwwroot/js/player.js"]]) {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: "iife",
    minify: true,
    sourcemap: "linked",
    target: ["es2019"],
    legalComments: "none",
    write: false,
    outfile,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of out.outputFiles) {
    if (!existsSync(file.path) || readFileSync(file.path, "utf8") !== file.text) writeFileSync(file.path, file.text);
  }
}
