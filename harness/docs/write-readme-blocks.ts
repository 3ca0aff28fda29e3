import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withGeneratedBlocks } from "./readme-blocks";

// `npm run docs`: rewrites the README's generated blocks from the registries, and nothing else.
const file = join(__dirname, "..", "..", "README.md");
const before = readFileSync(file, "utf8");
const { text, changed } = withGeneratedBlocks(before);
if (changed.length > 0) writeFileSync(file, text);
console.log(
  changed.length > 0 ? `README.md: rewrote ${changed.join(", ")}` : "README.md: every generated block is up to date",
);
