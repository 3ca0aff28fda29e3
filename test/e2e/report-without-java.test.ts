import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { BIN, ROOT } from "../support/serial-bench";

/** A failing target, so that the baseline has known failures to accept. */
const RUN = ["--target", "sim:reference+bad-read-checksum", "--tags", "@clause-9.3", "--report"];

/** A PATH holding every program of this one but java, and no JAVA_HOME: a machine without Java. */
function withoutJava(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), "osgp-no-java-"));
  const linked = new Set<string>(["java"]);
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.filter((n) => !linked.has(n))) {
      linked.add(n);
      symlinkSync(join(dir, n), join(bin, n));
    }
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
  delete env.JAVA_HOME;
  return env;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * The report step fails (Java, which runs the Allure generator, is missing): the run says so and
 * where the results are, keeps its summary and JUnit, still lets a baseline judge the verdicts,
 * and exits non-zero because the report it was asked for is not there.
 */
test("a report that cannot be built (no Java) loses neither the summary, the JUnit file nor the baseline's word", async () => {
  const env = withoutJava();
  assert.notEqual(spawnSync("java", ["-version"], { env }).error, undefined, "java is out of reach");

  const dir = mkdtempSync(join(tmpdir(), "osgp-no-java-run-"));
  const first = await cli(["run", ...RUN, "--reports-dir", dir], env);
  assert.equal(first.code, 1, first.output.slice(-3000));
  assert.match(
    first.output,
    new RegExp(`the Allure report could not be generated \\(results are kept in ${join(dir, "allure-results")}\\)`),
  );
  assert.match(first.output, /no 'java' command could be found/);
  assert.ok(!existsSync(join(dir, "allure-report", "index.html")));
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as {
    totals: Record<string, number>;
    scenarios: unknown[];
  };
  assert.ok(summary.scenarios.length > 0 && (summary.totals["fail"] ?? 0) > 0, JSON.stringify(summary.totals));
  assert.match(
    readFileSync(join(dir, "junit.xml"), "utf8"),
    new RegExp(`<testsuites [^>]*tests="${summary.scenarios.length}" failures="${summary.totals["fail"]}"`),
  );

  const baseline = join(dir, "baseline.json");
  assert.equal((await cli(["baseline", "save", baseline, "--reports-dir", dir], env)).code, 0);
  const again = mkdtempSync(join(tmpdir(), "osgp-no-java-again-"));
  const second = await cli(["run", ...RUN, "--baseline", baseline, "--reports-dir", again], env);
  assert.match(
    second.output,
    new RegExp(`baseline ${baseline}: no change; ${summary.totals["fail"]} known failure\\(s\\) still failing`),
  );
  assert.match(second.output, /the Allure report could not be generated/);
  assert.equal(second.code, 1, "the gate passes, the report asked for is missing");
});
