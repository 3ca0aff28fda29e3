/**
 * Runs every test/**\/*.test.ts with node:test and fails when none ran. Node 20's `--test` does not
 * expand globs and, given a folder, finds no .ts file and passes with zero tests: this runner finds
 * the files itself and reads the count back from the TAP summary.
 *
 *   node --import tsx test/run-node-tests.ts [substring ...]   (only files whose path contains one)
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname);
const filters = process.argv.slice(2);
const files = (readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => join(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no test files under ${root}${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-timeout=300000", "--test-reporter=tap", ...files],
  { stdio: ["ignore", "pipe", "inherit"] },
);
let tap = "";
child.stdout.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  tap += text;
  process.stdout.write(text);
});
child.on("close", (code) => {
  const count = Number(/^# tests (\d+)/m.exec(tap)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
  console.log(
    `\n${files.length} test file(s): ${count} test(s), ${failed} failed (${files.map((f) => relative(root, f)).length} files)`,
  );
  if (count === 0) {
    console.error("zero tests ran: that is a failure, not a pass");
    process.exit(1);
  }
  process.exit(code ?? 1);
});
