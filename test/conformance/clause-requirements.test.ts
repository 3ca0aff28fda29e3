import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAUSE_REQUIREMENTS, clauseGate, undeclaredTableReason } from "../../harness/conformance/clause-requirements";
import { overlayPixit } from "../../harness/conformance/pixit";
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
      const background =
        start < 0
          ? []
          : lines
              .slice(
                start + 1,
                lines.findIndex((l, i) => i > start && /^\s*(@|Scenario)/.test(l)),
              )
              .map((l) => l.trim());
      return { clause: /^(A\.[\d.]*\d|\d+(?:\.\d+)*)-/.exec(f.split("/").pop() ?? "")?.[1] ?? "", text, background };
    });
}

const GATE = /^(?:Given|And) the device declares what clause "([^"]+)" needs$/;

test("each clause of the registry has its feature, tagged mandatory (optional only with its PICS item), gated in its Background after the session (and after its PICS item)", () => {
  const all = features();
  for (const r of CLAUSE_REQUIREMENTS) {
    const f = all.find((x) => x.clause === r.clause);
    assert.ok(f !== undefined, `no feature file for ${r.clause}`);
    assert.match(
      f.text.split("\n")[0] ?? "",
      r.onlyWith === undefined ? /@mandatory\b/ : /@(mandatory|optional)\b/,
      r.clause,
    );
    const gate = f.background.findIndex((l) => GATE.exec(l)?.[1] === r.clause);
    assert.ok(gate > 0, `${r.clause}: the gate is not in the Background after a first step`);
    // A PICS gate comes first, so that a feature the PICS rules out ends before any traffic.
    const first = r.onlyWith === undefined ? 0 : 1;
    if (r.onlyWith !== undefined)
      assert.equal(
        f.background[0],
        `Given the device has the optional feature "${r.onlyWith}"`,
        `${r.clause}: the PICS gate on ${r.onlyWith} comes first`,
      );
    assert.match(
      f.background[first] ?? "",
      /^(Given|And) a (secured )?session /,
      `${r.clause}: the Background opens a session before the clause gate`,
    );
  }
});

test("a feature gates only on its own clause, and every mandatory feature of clause 8 is gated", () => {
  for (const f of features()) {
    for (const m of f.text.matchAll(/the device declares what clause "([^"]+)" needs/g))
      assert.equal(m[1], f.clause, `a feature of ${f.clause} gates on ${m[1]}`);
    if (f.clause.startsWith("8.") && /@mandatory\b/.test(f.text.split("\n")[0] ?? "")) {
      assert.ok(
        CLAUSE_REQUIREMENTS.some((r) => r.clause === f.clause),
        `mandatory ${f.clause} has no entry in the clause requirements`,
      );
    }
  }
});

test("a gated feature leaves not applicable to the PICS: no BT00-declares step of its own", () => {
  for (const f of features().filter((x) => CLAUSE_REQUIREMENTS.some((r) => r.clause === x.clause))) {
    assert.doesNotMatch(f.text, /the device declares (?!what clause)/, f.clause);
  }
});

/** Each line of a feature with the Background's lines and the scenario's own before it. */
function precedingLines(text: string): { line: string; before: string[] }[] {
  const out: { line: string; before: string[] }[] = [];
  let background: string[] = [];
  let current: string[] = [];
  let inBackground = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "Background:") {
      inBackground = true;
      current = [];
    } else if (/^Scenario( Outline)?:/.test(line)) {
      if (inBackground) background = current;
      inBackground = false;
      current = [];
    }
    out.push({ line, before: [...(inBackground ? [] : background), ...current] });
    current.push(line);
  }
  return out;
}

test("a scenario that reads another clause's table names it after that clause's PICS gate, and the clause's gate judges it", () => {
  let seen = 0;
  for (const f of features()) {
    for (const { line, before } of precedingLines(f.text)) {
      const m = /^(?:Given|And) the device declares ([BE]T\d+)$/.exec(line);
      if (m === null) continue;
      seen++;
      const owners = CLAUSE_REQUIREMENTS.filter((r) => r.tables.includes(m[1] as string));
      assert.ok(
        owners.length > 0,
        `${f.clause}: ${m[1]} is in no clause's requirements, so no gate judges its absence`,
      );
      const gated = owners.some(
        (r) =>
          r.onlyWith === undefined ||
          before.includes(`Given the device has the optional feature "${r.onlyWith}"`) ||
          before.includes(`And the device has the optional feature "${r.onlyWith}"`),
      );
      assert.ok(
        gated,
        `${f.clause}: "${line}" comes before the PICS gate of ${[...new Set(owners.map((r) => r.onlyWith))].join(" or ")}`,
      );
    }
  }
  assert.ok(seen > 0, "no feature borrows a table: the step and this test can go");
});

test("a scenario without another clause's table is inconclusive, naming the clauses whose gates judge it", () => {
  assert.equal(
    undeclaredTableReason("BT04"),
    "BT00 does not declare BT04, which this scenario reads, so it cannot decide; the gate of clause 6.3 judges that",
  );
  assert.match(undeclaredTableReason("BT55"), /the gate of clause 8\.2, 8\.2\.0, 8\.2\.1, 8\.2\.2 judges that$/);
});

test("an optional clause the PICS says the device has FAILs for what BT00 lacks, the critical-event flag where the PIXIT puts it", () => {
  const minimal = bt00Of(meterOf("minimal").meter); // no history log, no ET72; ET73 for the load profile's alarm
  const pixit = simulatorPixit(profileNamed("minimal"));
  const missing = (p: typeof pixit) =>
    /but BT00 does not declare (.*?): its scenarios need/.exec(clauseGate("8.12.1.2", minimal, p)?.message ?? "")?.[1];
  assert.match(
    clauseGate("8.12.1.2", minimal, pixit)?.message ?? "",
    /^clause 8\.12\.1\.2 \(Critical Event Bitmasks\) is mandatory where 8\.12\.1 \(Critical events\) is implemented, as the PICS says it is here, /,
  );
  assert.equal(missing(pixit), "BT71, BT72, BT73, BT74, ET72");
  assert.equal(
    missing(overlayPixit(pixit, { records: { criticalFlag: { table: "BT70" } } })),
    "BT71, BT72, BT73, BT74, ET72, BT70 (PIXIT records.criticalFlag)",
  );
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
