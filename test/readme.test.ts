import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CODES } from "../harness/errors";
import { DEFECTS } from "../harness/simulator/defects";

const README = readFileSync(join(__dirname, "..", "README.md"), "utf8");

test("the README opens with exactly the two commands of a fresh machine", () => {
  const commands = README.split("\n").filter((l) => /^npm ci && npm /.test(l));
  assert.equal(commands.length, 2);
  assert.match(commands[0] ?? "", /^npm ci && npm run conformance\b/);
  assert.match(commands[1] ?? "", /^npm ci && npm test\b/);
  assert.ok(README.indexOf("npm ci && npm run conformance") < README.indexOf("## "), "they come before any section");
});

test("the README documents every error code and every defect profile", () => {
  for (const code of Object.keys(ERROR_CODES)) assert.ok(README.includes("`" + code + "`"), code);
  for (const name of Object.keys(DEFECTS)) assert.ok(README.includes("`" + name + "`"), name);
});
