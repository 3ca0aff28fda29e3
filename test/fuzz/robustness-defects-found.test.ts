import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCampaign } from "../../harness/fuzz/campaign/campaign-runner";
import { parseReplay } from "../../harness/fuzz/campaign/replay-spec";
import { campaignNamed } from "../../harness/fuzz/campaigns/campaign-registry";
import { ROBUSTNESS_DEFECTS } from "../../harness/simulator/defects/robustness-defects";
import { cleanTargetOf, simConfig, simDevice } from "./fuzz-test-targets";

/**
 * The proof that fuzzing finds them: a campaign of at most 60 s with a fixed seed finds each robustness defect
 * of the simulator (a crash, a hang, a corrupted state), as a FAIL that reproduced on a fresh
 * device; `--replay SEED:PATH` of the counterexample finds it again; the same case on the clean
 * simulator finds nothing.
 */
const PROOF: readonly { defect: keyof typeof ROBUSTNESS_DEFECTS; target: string; campaign: string; finding: RegExp }[] =
  [
    {
      defect: "oversize-packet-crash",
      target: "sim+oversize-packet-crash",
      campaign: "link-frames",
      finding: /OSGP_ERR_PORT_CLOSED/,
    },
    {
      defect: "truncated-frame-hang",
      target: "sim-mep+truncated-frame-hang",
      campaign: "link-frames",
      finding: /OSGP_ERR_MEP_NO_RESPONSE/,
    },
    {
      defect: "partial-write-offset-16-bit",
      target: "sim+partial-write-offset-16-bit",
      campaign: "table-writes",
      finding: /ET03 holds .*first difference at offset 0/,
    },
    {
      defect: "procedure-parameter-overflow",
      target: "sim+procedure-parameter-overflow",
      campaign: "procedures",
      finding: /BT08/,
    },
    {
      defect: "transaction-overlong-entry-wedges",
      target: "sim-mep+transaction-overlong-entry-wedges",
      campaign: "transactions",
      finding: /answered iar/,
    },
    {
      defect: "short-envelope-crash",
      target: "sim-mep+short-envelope-crash",
      campaign: "security-envelopes",
      finding: /OSGP_ERR_PORT_CLOSED/,
    },
  ];
const SEED = 42;

test("the proof covers every robustness defect, each with a campaign that attacks its clause", () => {
  assert.deepEqual(PROOF.map((p) => p.defect).sort(), Object.keys(ROBUSTNESS_DEFECTS).sort());
  for (const p of PROOF)
    assert.ok(
      campaignNamed(p.campaign).clauses.includes(ROBUSTNESS_DEFECTS[p.defect].clause),
      `${p.campaign} does not attack clause ${ROBUSTNESS_DEFECTS[p.defect].clause}`,
    );
});

for (const p of PROOF) {
  test(`a 60 s campaign with seed ${SEED} finds ${p.defect}, and --replay reproduces it`, async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), "osgp-fuzz-proof-"));
    const campaign = campaignNamed(p.campaign);
    const run = async (target: string, replay: string | null) => {
      const device = simDevice(target);
      try {
        return await runCampaign(campaign, device, {
          seed: SEED,
          budgetMs: 60_000,
          maxCases: 1_000_000,
          replay: replay === null ? null : parseReplay(replay),
          reportsDir,
          targetText: target,
          shrinkMs: 1500,
        });
      } finally {
        await device.close();
      }
    };
    const found = await run(p.target, null);
    assert.equal(found.verdict, "fail", found.reason);
    assert.match(found.reason, p.finding);
    assert.ok(found.elapsedMs < 60_000 + 1500 + 5000, `${found.elapsedMs} ms`);
    assert.ok(
      found.attempts.length >= 2 && found.attempts.every((a) => a.finding !== null),
      "found, then reproduced on a fresh device",
    );
    const replay = found.counterexample?.replay ?? "";
    assert.match(replay, /^42:\d+(:\d+)*$/);
    const again = await run(p.target, replay);
    assert.equal(again.verdict, "fail", again.reason);
    assert.match(again.reason, p.finding);
    assert.equal(again.counterexample?.hex, found.counterexample?.hex, "the replay ran the very case printed");
    const clean = await run(cleanTargetOf(p.target), replay);
    assert.equal(clean.verdict, "pass", `${clean.reason} (the same case on the clean simulator)`);
    assert.equal(simConfig(p.target).target.link, simConfig(cleanTargetOf(p.target)).target.link);
  });
}
