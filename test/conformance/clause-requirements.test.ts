import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAUSE_REQUIREMENTS, clauseGate } from "../../harness/conformance/clause-requirements";
import { simulatorPics, simulatorPixit } from "../../harness/conformance/target";
import { profileNamed } from "../../harness/simulator/profiles";
import { bt00Of, meterOf } from "../simulator/meter-requests";

/** The registry, the features that gate on it and the reference simulator agree. */
const FEATURES = join(__dirname, "..", "..", "features");

interface Feature {
  readonly clause: string;
  readonly text: string;
  readonly background: string[];
}

function features(): Feature[] {
  return (readdirSync(FEATURES, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".feature"))
    .map((f) => {
      const text = readFileSync(join(FEATURES, f), "utf8");
      const lines = text.split("\n");
      const start = lines.findIndex((l) => l.trim() === "Background:");
      const background = start < 0 ? [] : lines.slice(start + 1, lines.findIndex((l, i) => i > start && /^\s*(@|Scenario)/.test(l))).map((l) => l.trim());
      return { clause: /^(A\.[\d.]*\d|\d+(?:\.\d+)*)-/.exec(f.split("/").pop() ?? "")?.[1] ?? "", text, background };
    });
}

const GATE = /^(?:Given|And) the device declares what clause "([^"]+)" needs$/;

test("each clause of the registry has its feature, tagged mandatory, gated in its Background after the session (and after its PICS item)", () => {
  const all = features();
  for (const r of CLAUSE_REQUIREMENTS) {
    const f = all.find((x) => x.clause === r.clause);
    assert.ok(f !== undefined, `no feature file for ${r.clause}`);
    assert.match(f.text.split("\n")[0] ?? "", /@mandatory\b/, r.clause);
    const gate = f.background.findIndex((l) => GATE.exec(l)?.[1] === r.clause);
    assert.ok(gate > 0, `${r.clause}: the gate is not in the Background after a first step`);
    assert.match(f.background[0] ?? "", /^Given a (secured )?session /, `${r.clause}: the Background opens a session first`);
    if (r.onlyWith !== undefined) {
      const pics = f.background.indexOf(`And the device has the optional feature "${r.onlyWith}"`);
      assert.ok(pics > 0 && pics < gate, `${r.clause}: the PICS gate on ${r.onlyWith} comes before the clause gate`);
    }
  }
});

test("a feature gates only on its own clause, and every mandatory feature of clause 8 is gated", () => {
  for (const f of features()) {
    for (const m of f.text.matchAll(/the device declares what clause "([^"]+)" needs/g)) assert.equal(m[1], f.clause, `a feature of ${f.clause} gates on ${m[1]}`);
    if (f.clause.startsWith("8.") && /@mandatory\b/.test(f.text.split("\n")[0] ?? "")) {
      assert.ok(CLAUSE_REQUIREMENTS.some((r) => r.clause === f.clause), `mandatory ${f.clause} has no entry in the clause requirements`);
    }
  }
});

test("a gated feature leaves not applicable to the PICS: no BT00-declares step of its own", () => {
  for (const f of features().filter((x) => CLAUSE_REQUIREMENTS.some((r) => r.clause === x.clause))) {
    assert.doesNotMatch(f.text, /the device declares (?!what clause)/, f.clause);
  }
});

for (const profile of ["reference", "minimal"]) {
  test(`the ${profile} simulator's BT00 declares what every clause it has needs`, () => {
    const config = bt00Of(meterOf(profile).meter);
    const p = profileNamed(profile);
    const pics = simulatorPics(p);
    for (const r of CLAUSE_REQUIREMENTS.filter((x) => x.onlyWith === undefined || pics[x.onlyWith] === true)) {
      assert.equal(clauseGate(r.clause, config, simulatorPixit(p))?.message ?? null, null, r.clause);
    }
  });
}
