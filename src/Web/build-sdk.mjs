// Builds wwwroot/sdk/recorder.js from the parts in Sdk/ (in name order): one file, one closure, nothing third-party.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

const parts = readdirSync("Sdk").filter((f) => f.endsWith(".js")).sort();
const text = parts.map((f) => readFileSync(`Sdk/${f}`, "utf8")).join("\n");
mkdirSync("wwwroot/sdk", { recursive: true });
const target = "wwwroot/sdk/recorder.js";
if (!existsSync(target) || readFileSync(target, "utf8") !== text) writeFileSync(target, text);
