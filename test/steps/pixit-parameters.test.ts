import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import type { ControlProcedure } from "../../harness/conformance/control-pixit";
import {
  CONTROL_PROCEDURES,
  namePattern,
  PIXIT_EXPECTATIONS,
  PIXIT_LISTS,
  quotedNamePattern,
} from "../../steps/support/pixit-names";

/**
 * The PIXIT names a scenario gives in its steps are cucumber parameters whose patterns are made of
 * the PIXIT's own items (steps/support/parameter-types.ts): a misspelt name matches no step definition, so
 * cucumber reports the step undefined instead of the step reading a PIXIT item that is not there.
 */
const ROOT = join(__dirname, "..", "..");
const FEATURES = join(ROOT, "features");

const whole = (r: RegExp) => new RegExp(`^(?:${r.source})$`);
type Envelope = Parameters<NonNullable<Parameters<typeof runCucumber>[2]>>[0];

test("the expectation pattern takes the PIXIT's expect items by their short names, and nothing else", () => {
  const p = whole(quotedNamePattern(PIXIT_EXPECTATIONS));
  for (const name of ["insufficientKey", "unknownTable", "notWriteable", "hardwareLock", "unknownProcedure"])
    assert.match(`"${name}"`, p);
  for (const text of [
    '"insuficientKey"',
    '"insufficientkey"',
    '"insufficientKeys"',
    '"expect.insufficientKey"',
    "insufficientKey",
    '"control.rejectedValue"',
  ])
    assert.doesNotMatch(text, p);
});

test("the list pattern takes the paths of the PIXIT's lists of codes or results, not its other items", () => {
  const p = whole(quotedNamePattern(PIXIT_LISTS));
  for (const path of [
    "control.rejectedValue",
    "control.badRequest",
    "vci.refusedCodes",
    "pending.refusedCodes",
    "pending.notPendingResults",
    "tou.refusedCodes",
  ])
    assert.match(`"${path}"`, p);
  // A dot in a path is a dot: "control.rejectedValue" must not stand for "controlXrejectedValue".
  for (const text of [
    '"control.rejectedValu"',
    '"controlXrejectedValue"',
    '"control.loadImportsAt"',
    '"clock.runSeconds"',
    '"control"',
    '"rejectedValue"',
  ])
    assert.doesNotMatch(text, p);
});

test("the control-procedure pattern takes the functions the PIXIT names a procedure for", () => {
  const expected: readonly ControlProcedure[] = ["contactor", "relay", "testMode", "clearAlarms", "clearStatusFlags"];
  assert.deepEqual([...CONTROL_PROCEDURES].sort(), [...expected].sort());
  const p = whole(namePattern(CONTROL_PROCEDURES));
  for (const text of ["testMod", "delta", "relayProcedure", "Relay"]) assert.doesNotMatch(text, p);
});

/** Every step of features/ that names a PIXIT item, as it is written there. */
function stepsNamingPixitItems(): string[] {
  const steps = new Set<string>();
  for (const f of readdirSync(FEATURES, { recursive: true }) as string[]) {
    if (!f.endsWith(".feature")) continue;
    for (const line of readFileSync(join(FEATURES, f), "utf8").split("\n")) {
      const m = /^\s*(?:Given|When|Then|And|But)\s+(.*\S)\s*$/.exec(line);
      if (m?.[1] !== undefined && /PIXIT's "|PIXIT item "|PIXIT's \w+ procedure/.test(m[1])) steps.add(m[1]);
    }
  }
  return [...steps];
}

/** How many step definitions match each step text, as cucumber sees them (a dry run of the suite's own steps). */
async function definitionsMatching(texts: readonly string[]): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "pixit-parameters-"));
  try {
    const feature = join(dir, "pixit-names.feature");
    writeFileSync(
      feature,
      ["Feature: PIXIT names", ...texts.flatMap((t, i) => ["", `  Scenario: step ${i}`, `    Given ${t}`]), ""].join(
        "\n",
      ),
    );
    const { runConfiguration } = await loadConfiguration(
      {
        file: false,
        provided: {
          paths: [feature],
          require: [join(ROOT, "steps/**/*.ts")],
          requireModule: ["tsx/cjs"],
          dryRun: true,
        },
      },
      { cwd: ROOT },
    );
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const stepText = new Map<string, string>();
    const matches = new Map<string, number>();
    await runCucumber(runConfiguration, { cwd: ROOT, stdout: silent, stderr: silent }, (e: Envelope) => {
      for (const s of e.pickle?.steps ?? []) stepText.set(s.id, s.text);
      for (const s of e.testCase?.testSteps ?? []) {
        if (s.pickleStepId !== undefined)
          matches.set(stepText.get(s.pickleStepId) ?? "", s.stepDefinitionIds?.length ?? 0);
      }
    });
    return matches;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The step with the first PIXIT name it gives cut short by its last letter. */
function misspelt(step: string): string {
  return step.replace(
    /PIXIT's "([^"]+)"|PIXIT item "([^"]+)"|PIXIT's (\w+) procedure/,
    (m, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? "";
      return m.replace(name, name.slice(0, -1));
    },
  );
}

test(
  "every PIXIT name the features give is defined, and the same steps misspelt or naming another kind of item are undefined",
  { timeout: 120_000 },
  async () => {
    const used = stepsNamingPixitItems();
    assert.ok(used.length >= 20, `only ${used.length} steps of features/ name a PIXIT item`);
    for (const kind of [
      /PIXIT's "[a-zA-Z]+" codes/,
      /PIXIT's "[a-zA-Z]+\.[a-zA-Z.]+" (codes|results)/,
      /PIXIT item "/,
      /PIXIT's (contactor|relay|testMode|clearAlarms|clearStatusFlags) procedure/,
    ]) {
      assert.ok(
        used.some((s) => kind.test(s)),
        `no step of features/ is like ${kind}`,
      );
    }
    const wrong = [
      ...used.map(misspelt),
      `the response code is one of the PIXIT's "control.rejectedValue" codes`,
      `the control write is refused with one of the PIXIT's "insufficientKey" codes`,
    ];
    for (const w of wrong) assert.ok(!used.includes(w), `"${w}" is no misspelling`);
    const matches = await definitionsMatching([...used, ...wrong]);
    for (const s of used)
      assert.equal(matches.get(s), 1, `features/ step "${s}" matches ${matches.get(s) ?? "no"} step definition(s)`);
    for (const s of wrong) assert.equal(matches.get(s), 0, `"${s}" matches a step definition`);
  },
);
