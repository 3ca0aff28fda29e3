import { test } from "node:test";
import assert from "node:assert/strict";
import { OsgpError } from "../../harness/errors";
import { derivePics, featureSupport, optionSupport } from "../../harness/conformance/pics/pics";
import { parsePics, picsSchema, picsTemplate } from "../../harness/conformance/pics/pics-file";
import { comparePics } from "../../harness/conformance/pics/pics-comparison";
import { isOption, parentItem, picsItem, PICS_ITEMS } from "../../harness/conformance/pics/pics-items";
import { clauseEntry, clauseStatus } from "../../harness/conformance/clause-catalogue";
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

test("each item's reason to be optional agrees with the spec's table of contents; an option is a choice in a clause", () => {
  for (const i of PICS_ITEMS) {
    if (isOption(i)) {
      assert.equal(i.source, "option", i.id);
      assert.ok(clauseEntry(i.id.split("/")[0] ?? "") !== undefined, `${i.id}: no clause of the table of contents`);
      continue;
    }
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
    simulatorPics({ features: { ...allFeatures(false), ...on }, hardwareLock, securityMode: "rc4" });
  const yes = (p: Record<string, boolean>) => Object.keys(p).filter((id) => p[id]);
  // The simulator always refuses a repeated procedure sequence number, whatever its profile.
  const always = "9.13/repeated-sequence-refused";
  assert.deepEqual(yes(only({})), [always]);
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
    always,
  ]);
  assert.deepEqual(yes(only({ mepTables: true })), ["6.8", "7.4", "9.10", "9.11", always]);
  assert.deepEqual(yes(only({ mepDevices: true })), ["8.17", "8.17/uplink-from-client", always]);
  assert.deepEqual(yes(only({}, { ...noLock, procedures: [3] })), ["7.5", "7.5/procedure-lock", always]);
  assert.deepEqual(yes(only({}, { ...noLock, read: [2] })), ["7.5", "7.5/read-lock", always]);
  const no = (p: Record<string, boolean>) => Object.keys(p).filter((id) => !p[id]);
  // The reference meter locks writes and procedures, not reads, runs RC4, has no meter-shop mode and
  // activates a pending table whose time has passed.
  assert.deepEqual(no(simulatorPics(PROFILES.reference!)), [
    "6.3/past-time-refused",
    "7.4/aes-mode",
    "7.5/read-lock",
    "8.16/meter-shop-mode",
    "9.12",
  ]);
  assert.equal(simulatorPics(PROFILES.aes!)["7.4/aes-mode"], true);
});

test("an option names its clause: the clause's item is its parent; BT00 never shows it, and undeclared it is assumed", () => {
  assert.equal(parentItem("8.16/meter-shop-mode")?.id, "8.16");
  assert.equal(parentItem("8.17/uplink-from-client")?.id, "8.17");
  assert.equal(parentItem("9.13/repeated-sequence-refused"), undefined, "9.13 is mandatory: no item of its own");
  assert.equal(parentItem("8.9.4")?.id, "8.9");
  for (const i of PICS_ITEMS) assert.equal(i.assumed !== undefined, isOption(i), i.id);
  const config = bt00Of(meterOf("reference").meter);
  const derived = derivePics(config);
  assert.ok(derived["8.17"], "the reference meter's BT00 shows MEP devices");
  assert.equal(derived["8.17/uplink-from-client"], undefined, "having MEP devices says nothing of this option");
  assert.deepEqual(featureSupport("8.16/meter-shop-mode", { "8.16/meter-shop-mode": true }, config), {
    supported: true,
    source: "the PICS",
  });
  assert.deepEqual(featureSupport("8.17/uplink-from-client", { "8.17/uplink-from-client": false }, config), {
    supported: false,
    source: "the PICS",
  });
  const assumed = optionSupport("8.17/uplink-from-client", null);
  assert.equal(assumed.supported, true);
  assert.match(assumed.source, /assumed value/);
  assert.equal(optionSupport("6.3/past-time-refused", { "8.2": true }).supported, false);
  assert.throws(() => optionSupport("8.16", null), /no option/);
});

test("the PICS file template holds every option at its assumed value, and a lab's file may declare one", () => {
  const t = parsePics(picsTemplate(null), "template").items;
  assert.equal(t["8.16/meter-shop-mode"], false);
  assert.equal(t["8.17/uplink-from-client"], true);
  assert.equal(t["9.13/repeated-sequence-refused"], true);
  assert.equal(t["7.5/read-lock"], true);
  assert.equal(t["8.16"], false, "a feature is false until the lab says otherwise");
  assert.deepEqual(parsePics('{"items":{"7.4/aes-mode":true}}', "f").items, { "7.4/aes-mode": true });
  const props = (picsSchema() as { properties: { items: { properties: Record<string, { description: string }> } } })
    .properties.items.properties;
  assert.match(props["6.3/past-time-refused"]?.description ?? "", /an option; left out: false/);
});

test("a simulator function that implements a PICS item's clause is the one that gives that item", () => {
  for (const [name, f] of Object.entries(METER_FEATURES)) {
    const item = picsItem(f.clause);
    if (item !== undefined) assert.equal(item.simulator, name, `${f.clause} ${item.title}`);
  }
});
