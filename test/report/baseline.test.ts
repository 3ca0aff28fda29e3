import { test } from "node:test";
import assert from "node:assert/strict";
import {
  baselineOf,
  compareWithBaseline,
  describeChange,
  formatBaseline,
  parseBaseline,
} from "../../harness/report/baseline";
import { OsgpError } from "../../harness/errors";
import type { ScenarioVerdict, Verdict } from "../../harness/report/run-summary";

const v = (name: string, verdict: Verdict, reason = "", more: Partial<ScenarioVerdict> = {}): ScenarioVerdict => ({
  target: "meter",
  name,
  uri: "features/x.feature",
  clauses: ["9.3"],
  verdict,
  reason,
  provisional: false,
  ...more,
});

const RUN = [
  v("reads", "pass"),
  v("checksum", "fail", "bad checksum at 2024-05-01T10:00:03.250Z after 812 ms"),
  v("no answer", "inconclusive", "no answer"),
  v("calendar", "not applicable", "PIXIT x is empty"),
];

test("baseline: sorted, one field a line, format and version, no times or durations", () => {
  const text = formatBaseline(baselineOf([...RUN].reverse()));
  const b = JSON.parse(text) as {
    format: string;
    version: number;
    scenarios: { scenario: string; verdict: string; reason?: string }[];
  };
  assert.equal(b.format, "osgp-conformance baseline");
  assert.equal(b.version, 1);
  assert.deepEqual(
    b.scenarios.map((s) => s.scenario),
    ["calendar", "checksum", "no answer", "reads"],
  );
  assert.equal(b.scenarios[1]?.reason, "bad checksum at <time> after <duration>");
  assert.equal(b.scenarios[3]?.reason, undefined, "a pass has no reason");
  assert.ok(text.endsWith("}\n") && text.split("\n").length > 4 * 6, "pretty, not one line");
  assert.equal(formatBaseline(baselineOf(RUN)), text, "the order of the run does not show");
});

test("baseline: the same verdicts again, known failures included, are no change", () => {
  const again = RUN.map((s) => ({ ...s, reason: s.reason.replace("812", "990"), durationMs: 5 }));
  const c = compareWithBaseline(baselineOf(RUN), again);
  assert.deepEqual(c.changes, []);
  assert.equal(c.known, 2);
  assert.equal(c.unchanged, 2);
});

test("baseline: a known failure that fails differently (fail to inconclusive) is still known", () => {
  const c = compareWithBaseline(
    baselineOf(RUN),
    RUN.map((s) => (s.name === "checksum" ? { ...s, verdict: "inconclusive" as const, reason: "link lost" } : s)),
  );
  assert.deepEqual(c.changes, []);
  assert.equal(c.known, 2);
});

test("baseline: a new failure is a change, with old and new verdict and the run's reason", () => {
  const c = compareWithBaseline(
    baselineOf(RUN),
    RUN.map((s) => (s.name === "reads" ? { ...s, verdict: "fail" as const, reason: "BT01 changed" } : s)),
  );
  assert.equal(c.changes.length, 1);
  assert.equal(
    describeChange(c.changes[0]!),
    "new failure: meter | features/x.feature | reads: pass → fail (BT01 changed)",
  );
});

test("baseline: a fixed failure is a change that asks for the baseline to be updated", () => {
  const c = compareWithBaseline(
    baselineOf(RUN),
    RUN.map((s) => (s.name === "checksum" ? { ...s, verdict: "pass" as const, reason: "" } : s)),
  );
  assert.equal(c.changes.length, 1);
  assert.equal(c.changes[0]?.kind, "fixed");
  assert.match(
    describeChange(c.changes[0]!),
    /^fixed: update the baseline: meter \| features\/x\.feature \| checksum: fail → pass \(bad checksum at <time>/,
  );
});

test("baseline: a scenario gone, a new one, and pass turned not applicable are changes", () => {
  const run = [
    ...RUN.filter((s) => s.name !== "no answer").map((s) =>
      s.name === "reads" ? { ...s, verdict: "not applicable" as const, reason: "PICS says no" } : s,
    ),
    v("new one", "pass"),
  ];
  const c = compareWithBaseline(baselineOf(RUN), run);
  assert.deepEqual(
    c.changes.map((x) => [x.kind, x.entry.scenario, x.old, x.new]),
    [
      ["new", "new one", null, "pass"],
      ["missing", "no answer", "inconclusive", null],
      ["changed", "reads", "pass", "not applicable"],
    ],
  );
  assert.match(describeChange(c.changes[1]!), /no answer: inconclusive → \(did not run\)/);
});

test("baseline: scenarios of one name (an outline's examples) are told apart by their rank in the file, and targets apart", () => {
  const outline = [
    v("row", "pass", "", { line: 20 }),
    v("row", "fail", "row 2 breaks", { line: 21 }),
    v("row", "pass", "", { target: "other meter", line: 20 }),
  ];
  const b = baselineOf([outline[1]!, outline[2]!, outline[0]!]);
  assert.deepEqual(
    b.scenarios.map((s) => [s.target, s.index, s.verdict]),
    [
      ["meter", 0, "pass"],
      ["meter", 1, "fail"],
      ["other meter", 0, "pass"],
    ],
  );
  const swapped = compareWithBaseline(b, [
    { ...outline[0]!, verdict: "fail", reason: "now row 1" },
    { ...outline[1]!, verdict: "pass", reason: "" },
    outline[2]!,
  ]);
  assert.deepEqual(
    swapped.changes.map((x) => [x.kind, x.entry.index]),
    [
      ["new failure", 0],
      ["fixed", 1],
    ],
  );
  assert.match(describeChange(swapped.changes[1]!), /row #2: fail → pass/);
});

test("baseline: a file that is not a baseline of this version is refused, naming the file", () => {
  const good = JSON.parse(formatBaseline(baselineOf(RUN))) as Record<string, unknown>;
  const refused = (text: string, why: RegExp): void => {
    assert.throws(
      () => parseBaseline(text, "ci/known.json"),
      (e: unknown) =>
        e instanceof OsgpError &&
        e.code === "OSGP_ERR_BASELINE" &&
        e.message.includes("ci/known.json") &&
        why.test(e.message),
    );
  };
  refused("{ not json", /is not JSON/);
  refused(JSON.stringify({ ...good, version: 2 }), /format version 2, and this harness reads version 1/);
  refused(JSON.stringify({ ...good, format: "something else" }), /is not an osgp-conformance baseline/);
  refused(JSON.stringify([1, 2]), /is not an osgp-conformance baseline/);
  refused(
    JSON.stringify({
      ...good,
      scenarios: [{ target: "meter", feature: "f", scenario: "s", index: 0, verdict: "passed" }],
    }),
    /scenarios\[0\]/,
  );
  assert.deepEqual(
    parseBaseline(formatBaseline(baselineOf(RUN)), "ci/known.json"),
    baselineOf(RUN),
    "a saved baseline reads back as it was",
  );
});
