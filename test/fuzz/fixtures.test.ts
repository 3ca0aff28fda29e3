import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFixtures, replayFixture } from "../../harness/fuzz/campaign/fixtures";
import { caseFromJson, caseToJson } from "../../harness/fuzz/campaign/case-json";
import { campaignNamed } from "../../harness/fuzz/campaigns/campaign-registry";
import { parseTarget } from "../../harness/conformance/target";
import { ROBUSTNESS_DEFECTS } from "../../harness/simulator/defects/robustness-defects";
import { cleanTargetOf, simDevice } from "./fuzz-test-targets";

/**
 * The regression fixtures (features/fuzz/fixtures): every saved counterexample replays against
 * the clean simulator without a finding, and against the simulator it was found on with the
 * finding again, so a fixture can neither rot into a case that tests nothing nor into one that
 * fails on a good device.
 */
const fixtures = loadFixtures();

test("every robustness defect has a saved counterexample", () => {
  const found = new Set(
    fixtures.flatMap((f) =>
      parseTarget(f.foundOn.target).kind === "sim"
        ? (parseTarget(f.foundOn.target) as { defects: readonly string[] }).defects
        : [],
    ),
  );
  for (const d of Object.keys(ROBUSTNESS_DEFECTS)) assert.ok(found.has(d), `no fixture for ${d}`);
});

test("a case goes to JSON and back with its bytes", () => {
  const value = { kind: "x", bytes: Uint8Array.of(0x4f, 0x08, 0x03), nested: { data: Uint8Array.of(1) }, n: 3 };
  const json = caseToJson(value);
  assert.deepEqual(json, { kind: "x", bytes: { $hex: "4f 08 03" }, nested: { data: { $hex: "01" } }, n: 3 });
  assert.deepEqual(caseFromJson(json), value);
});

for (const f of fixtures) {
  test(`fixture ${f.file?.split("/").pop()}: the finding on ${f.foundOn.target}, nothing on the clean simulator`, async () => {
    const campaign = campaignNamed(f.campaign);
    const replay = async (target: string) => {
      const device = simDevice(target);
      try {
        return await replayFixture(campaign, f, device);
      } finally {
        await device.close();
      }
    };
    const clean = await replay(cleanTargetOf(f.foundOn.target));
    assert.equal(clean.finding, null, clean.finding ?? "");
    assert.equal(clean.inconclusive, null);
    const defective = await replay(f.foundOn.target);
    assert.notEqual(defective.finding, null, `the fixture no longer finds what it found on ${f.foundOn.target}`);
    assert.equal(defective.hex, f.hex, "the fixture's case was sent as saved");
  });
}
