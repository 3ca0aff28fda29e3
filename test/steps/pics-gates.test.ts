import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";

/**
 * The verdict rule at the steps: a PICS option decides not applicable, with the PICS named as its
 * source; a test parameter the PIXIT leaves out is inconclusive, naming the item to fill in. The
 * scenarios run the suite's own steps against the built-in simulator, with a PICS and a PIXIT
 * written here.
 */
const ROOT = join(__dirname, "..", "..");
type Envelope = Parameters<NonNullable<Parameters<typeof runCucumber>[2]>>[0];

const FEATURE = `@optical @clause-8.17 @optional
Feature: gates

  Scenario: an option the PICS says the device lacks
    Given the device has the optional feature "8.17/uplink-from-client"

  Scenario: an option the PICS says the device has, where the scenario needs it absent
    Given the device lacks the optional feature "8.16/meter-shop-mode"

  Scenario: an option the PICS leaves out takes its assumed value
    Given the device has the optional feature "9.13/repeated-sequence-refused"

  Scenario: a key the PIXIT leaves out
    Given the PIXIT gives the device's OMAK

  Scenario: a list the PIXIT leaves empty
    Given the PIXIT lists tables under the hardware read lock
`;

interface Outcome {
  readonly status: string;
  readonly message: string;
  readonly attached: string[];
}

async function runGates(dir: string): Promise<Map<string, Outcome>> {
  const feature = join(dir, "gates.feature");
  writeFileSync(feature, FEATURE);
  const pics = join(dir, "pics.json");
  writeFileSync(pics, JSON.stringify({ items: { "8.17/uplink-from-client": false, "8.16/meter-shop-mode": true } }));
  const pixit = join(dir, "pixit.json");
  writeFileSync(pixit, JSON.stringify({ keys: { omak: null }, device: { hardwareLock: { read: [] } } }));
  Object.assign(process.env, {
    OSGP_TARGET: "sim",
    OSGP_PICS: pics,
    OSGP_PIXIT: pixit,
    OSGP_REPORTS_DIR: join(dir, "reports"),
  });
  const { runConfiguration } = await loadConfiguration(
    { file: false, provided: { paths: [feature], require: [join(ROOT, "steps/**/*.ts")], requireModule: ["tsx/cjs"] } },
    { cwd: ROOT },
  );
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const names = new Map<string, string>();
  const caseOf = new Map<string, string>();
  const out = new Map<string, Outcome>();
  const outcome = (started: string) => {
    const name = names.get(caseOf.get(started) ?? "") ?? "";
    const o = out.get(name) ?? { status: "", message: "", attached: [] };
    out.set(name, o);
    return { name, o };
  };
  await runCucumber(runConfiguration, { cwd: ROOT, stdout: silent, stderr: silent }, (e: Envelope) => {
    if (e.pickle) names.set(e.pickle.id, e.pickle.name);
    if (e.testCase) names.set(e.testCase.id, names.get(e.testCase.pickleId) ?? "");
    if (e.testCaseStarted) caseOf.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    if (e.attachment?.testCaseStartedId !== undefined)
      outcome(e.attachment.testCaseStartedId).o.attached.push(e.attachment.body);
    const f = e.testStepFinished;
    if (f !== undefined && f.testStepResult.status !== "PASSED") {
      const { name, o } = outcome(f.testCaseStartedId);
      if (o.status === "")
        out.set(name, { ...o, status: f.testStepResult.status, message: f.testStepResult.message ?? "" });
    }
  });
  return out;
}

test(
  "a PICS option decides not applicable, naming the PICS; a missing test parameter is inconclusive, naming the item",
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "pics-gates-"));
    try {
      const r = await runGates(dir);
      const lacks = r.get("an option the PICS says the device lacks");
      assert.equal(lacks?.status, "SKIPPED");
      assert.ok(
        lacks.attached.some((a) =>
          /^not applicable: 8\.17\/uplink-from-client \(.*\): no, according to the PICS$/.test(a),
        ),
        lacks.attached.join("\n"),
      );
      const has = r.get("an option the PICS says the device has, where the scenario needs it absent");
      assert.equal(has?.status, "SKIPPED");
      assert.ok(
        has.attached.some((a) => /^not applicable: 8\.16\/meter-shop-mode \(.*\): yes, according to the PICS$/.test(a)),
        has.attached.join("\n"),
      );
      assert.equal(r.get("an option the PICS leaves out takes its assumed value")?.status, "", "no step but passed");
      const key = r.get("a key the PIXIT leaves out");
      assert.equal(key?.status, "FAILED");
      assert.match(key.message, /Inconclusive/);
      assert.match(key.message, /fill in PIXIT keys\.omak/);
      const list = r.get("a list the PIXIT leaves empty");
      assert.equal(list?.status, "FAILED");
      assert.match(list.message, /Inconclusive/);
      assert.match(list.message, /PIXIT device\.hardwareLock\.read is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
