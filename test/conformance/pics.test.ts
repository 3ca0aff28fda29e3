import { test } from "node:test";
import assert from "node:assert/strict";
import { OsgpError } from "../../harness/errors";
import { derivePics, featureSupport } from "../../harness/conformance/pics/pics";
import { parsePics, picsSchema, picsTemplate } from "../../harness/conformance/pics/pics-file";
import { comparePics } from "../../harness/conformance/pics/pics-comparison";
import { picsItem, PICS_ITEMS } from "../../harness/conformance/pics/pics-items";
import { clauseStatus } from "../../harness/conformance/clause-catalogue";
import { allFeatures, METER_FEATURES, type FeatureName } from "../../harness/simulator/meter-features";
import { simulatorPics } from "../../harness/conformance/target";
import { PROFILES, type MeterProfile } from "../../harness/simulator/profiles";
import { bt00Of, meterOf } from "../simulator/meter-requests";

test("a PICS file is read item by item; unknown items, wrong types and unknown keys are refused with the item named", () => {
  assert.deepEqual(parsePics('{"device":"x","items":{"8.2":true,"8.10":false}}', "f").items, {
    "8.2": true,
    "8.10": false,
  });
  const refused = (text: string, pattern: RegExp) =>
    assert.throws(
      () => parsePics(text, "f"),
      (e: unknown) => e instanceof OsgpError && e.code === "OSGP_ERR_PICS" && pattern.test(e.message),
    );
  refused('{"items":{"8.99":true}}', /items\.8\.99 is no PICS item/);
  refused('{"items":{"8.2":"yes"}}', /items\.8\.2 must be true or false/);
  refused('{"item":{}}', /unknown key "item"/);
  refused("not json", /not JSON/);
});

test("the template lists every item and parses back; the schema names every item", () => {
  const t = parsePics(picsTemplate(null), "template");
  assert.deepEqual(
    Object.keys(t.items),
    PICS_ITEMS.map((i) => i.id),
  );
  const props = (picsSchema() as { properties: { items: { properties: Record<string, unknown> } } }).properties.items
    .properties;
  assert.deepEqual(
    Object.keys(props),
    PICS_ITEMS.map((i) => i.id),
  );
});

// The simulator declares its PICS from its profile's features; BT00 is built from the tables it
// registers. The two are written independently, so agreement on every profile is a real check.
for (const name of Object.keys(PROFILES)) {
  test(`profile ${name}: the simulator's declared PICS agrees with the PICS derived from its BT00`, () => {
    const { meter } = meterOf(name);
    const derived = derivePics(bt00Of(meter));
    assert.deepEqual(comparePics(simulatorPics(PROFILES[name]!), derived), []);
  });
}

test("the minimal profile's BT00 shows no optional feature with evidence; the reference profile's shows them all", () => {
  const minimal = derivePics(bt00Of(meterOf("minimal").meter));
  const reference = derivePics(bt00Of(meterOf("reference").meter));
  const withEvidence = PICS_ITEMS.filter((i) => (i.tables ?? []).length + (i.procedures ?? []).length > 0).map(
    (i) => i.id,
  );
  for (const id of withEvidence) {
    assert.equal(minimal[id], false, `minimal ${id}`);
    assert.equal(reference[id], true, `reference ${id}`);
  }
});

test("support: the declared PICS decides; without it BT00's evidence; with neither the feature is taken as absent", () => {
  const config = bt00Of(meterOf("reference").meter);
  assert.equal(featureSupport("8.10", { "8.10": false }, config).supported, false);
  assert.equal(featureSupport("8.10", null, config).supported, true);
  const none = featureSupport("9.12", null, config);
  assert.equal(none.supported, false);
  assert.match(none.source, /cannot show/);
});

test("each item's reason to be optional agrees with the spec's table of contents", () => {
  for (const i of PICS_ITEMS) {
    const marked = clauseStatus(i.id) === "optional";
    assert.equal(
      i.source === "toc",
      marked,
      `${i.id} is ${marked ? "" : "not "}marked (optional) in spec-toc.json, but its PICS source is ${i.source}`,
    );
  }
});

test("the simulator's PICS follows each item's declaration: a profile function, the hardware lock, or never", () => {
  const noLock: MeterProfile["hardwareLock"] = { read: [], write: [], procedures: [] };
  const only = (on: Partial<Record<FeatureName, boolean>>, hardwareLock = noLock) =>
    simulatorPics({ features: { ...allFeatures(false), ...on }, hardwareLock });
  const yes = (p: Record<string, boolean>) => Object.keys(p).filter((id) => p[id]);
  assert.deepEqual(yes(only({})), []);
  assert.deepEqual(yes(only({ display: true })), [
    "8.9",
    "8.9.1",
    "8.9.2",
    "8.9.3",
    "8.9.4",
    "8.9.5",
    "8.9.6",
    "8.9.7",
    "8.9.8",
    "8.9.9",
  ]);
  assert.deepEqual(yes(only({ mepTables: true })), ["6.8", "7.4", "9.10", "9.11"]);
  assert.deepEqual(yes(only({}, { ...noLock, procedures: [3] })), ["7.5"]);
  assert.equal(
    yes(simulatorPics(PROFILES.reference!)).length,
    PICS_ITEMS.length - 1,
    "the reference meter has every feature but 9.12",
  );
  assert.equal(simulatorPics(PROFILES.reference!)["9.12"], false);
});

test("a simulator function that implements a PICS item's clause is the one that gives that item", () => {
  for (const [name, f] of Object.entries(METER_FEATURES)) {
    const item = picsItem(f.clause);
    if (item !== undefined) assert.equal(item.simulator, name, `${f.clause} ${item.title}`);
  }
});
