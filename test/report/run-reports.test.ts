import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScenarioVerdict } from "../../harness/report/run-summary";
import { readDeviceIdentity, writeRunReports } from "../../harness/report/run-reports";
import { Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";

const FACTS = { target: "meter", harnessVersion: "0", pixitFile: null, startedAt: "a", finishedAt: "b", device: {} };

const SCENARIOS: ScenarioVerdict[] = [
  { name: "reads BT01", uri: "features/a.feature", clauses: ["9.3"], verdict: "pass", reason: "", provisional: false },
  {
    name: "checks the CRC",
    uri: "features/b.feature",
    clauses: ["9.1"],
    verdict: "fail",
    reason: "the device sent a bad CRC",
    provisional: false,
  },
];

/** A result as allure-cucumberjs writes it, passed, with one passed step. */
function result(uuid: string): string {
  const step = { name: "Given a session", status: "passed", stage: "finished", statusDetails: {}, steps: [] };
  return JSON.stringify({ uuid, name: uuid, status: "passed", statusDetails: {}, stage: "finished", steps: [step] });
}

/** console.error's lines while `fn` runs. */
function errorsOf(t: { mock: { method: (o: object, m: string, f: (...a: unknown[]) => void) => unknown } }): string[] {
  const lines: string[] = [];
  t.mock.method(console, "error", (...a: unknown[]) => lines.push(a.join(" ")));
  return lines;
}

test("results cut short or not Allure's are named and set aside; the summary, JUnit and the other results are written", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-run-reports-"));
  const results = join(dir, "allure-results");
  mkdirSync(results);
  // A key short enough for the parser's message to quote it whole, from a result cut short by a
  // writer killed past an interrupted run's grace.
  const key = "K3Y!";
  writeFileSync(join(results, "good-result.json"), result("good"));
  writeFileSync(join(results, "cut-result.json"), `{"uuid":"cut","steps": ${key}`);
  writeFileSync(join(results, "stray-result.json"), "{}");
  writeFileSync(join(results, "cut-container.json"), '{"uuid":"c","children":["go');
  writeFileSync(join(results, "notes.txt"), "a lab's note, not a result");
  const redactor = new Redactor();
  redactor.add(Secret.fromText(key, "test key"));
  const errors = errorsOf(t);

  const written = writeRunReports(dir, FACTS, SCENARIOS, redactor, null);

  assert.equal(written.overall, "fail");
  assert.match(readFileSync(join(dir, "summary.md"), "utf8"), /the device sent a bad CRC/);
  assert.equal(
    (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: unknown[] }).scenarios.length,
    2,
  );
  assert.match(readFileSync(join(dir, "junit.xml"), "utf8"), /<testsuites [^>]*tests="2" failures="1"/);
  for (const name of ["cut-result.json", "stray-result.json", "cut-container.json"]) {
    const line = errors.find((l) => l.startsWith(`${join(results, name)} is not an Allure result`));
    assert.ok(line !== undefined, `${name} is named: ${errors.join("\n")}`);
    assert.ok(line.includes(`set aside as ${join(results, name)}.unreadable`), line);
    assert.ok(!existsSync(join(results, name)) && existsSync(join(results, `${name}.unreadable`)), name);
  }
  assert.equal(errors.length, 3, errors.join("\n"));
  assert.ok(
    errors.some((l) => l.includes("Unexpected token 'K'")) && !errors.some((l) => l.includes(key)),
    "the parser's quote of the file is scrubbed",
  );
  assert.equal(
    (JSON.parse(readFileSync(join(results, "good-result.json"), "utf8")) as { status: string }).status,
    "passed",
  );
  assert.ok(readdirSync(results).includes("categories.json") && readdirSync(results).includes("notes.txt"));
});

test("a device identity file cut short is named and left out; a missing one is no identity, a whole one is read", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-identity-"));
  const file = join(dir, ".device-identity.json");
  const errors = errorsOf(t);
  assert.deepEqual(readDeviceIdentity(file), {});
  writeFileSync(file, JSON.stringify({ "device.model": "REFMETER", "device.serial": "42" }));
  assert.deepEqual(readDeviceIdentity(file), { "device.model": "REFMETER", "device.serial": "42" });
  assert.deepEqual(errors, []);
  writeFileSync(file, '{\n  "device.model": "REF');
  assert.deepEqual(readDeviceIdentity(file), {});
  writeFileSync(file, '["REFMETER"]');
  assert.deepEqual(readDeviceIdentity(file), {});
  assert.deepEqual(errors, [
    `${file} is not a device identity (cut short?): the summary names no device`,
    `${file} is not a device identity (cut short?): the summary names no device`,
  ]);
});
