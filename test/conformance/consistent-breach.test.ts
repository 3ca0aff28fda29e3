import { test } from "node:test";
import assert from "node:assert/strict";
import type { LinkJudgement } from "../../harness/conformance/c1218-link-checks";
import { judgeConsistently } from "../../harness/conformance/consistent-breach";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";

const clean: LinkJudgement = { breaches: [], undecided: [] };
const breach = (frame: number, rule = "was not ACKed"): LinkJudgement => ({
  breaches: [{ rule: `packet #${frame} ${rule}`, frames: [] }],
  undecided: [],
});

function observations(...js: LinkJudgement[]): { observe: () => Promise<LinkJudgement>; count: () => number } {
  let i = 0;
  return { observe: async () => js[i++] ?? clean, count: () => i };
}

test("no breach passes after one observation", async () => {
  const o = observations(clean);
  await judgeConsistently(o.observe, () => []);
  assert.equal(o.count(), 1);
});

test("silence alone is inconclusive, never a fail", async () => {
  const o = observations({ breaches: [], undecided: ["no answer"] });
  await assert.rejects(
    judgeConsistently(o.observe, () => []),
    (e) => e instanceof Inconclusive && /no answer/.test(e.message),
  );
});

test("the same rule broken on two attempts fails, whatever the frame numbers", async () => {
  const o = observations(breach(4), breach(17));
  await assert.rejects(
    judgeConsistently(o.observe, () => [{ label: "x", hex: "06" }]),
    (e) => e instanceof ConformanceAssertionError && /#17 was not ACKed \(seen on two attempts\)/.test(e.message),
  );
  assert.equal(o.count(), 2);
});

test("a breach that does not come back, or comes back as another rule, is inconclusive", async () => {
  await assert.rejects(
    judgeConsistently(observations(breach(4), clean).observe, () => []),
    (e) => e instanceof Inconclusive && /did not come back/.test(e.message),
  );
  await assert.rejects(
    judgeConsistently(observations(breach(4), breach(5, "had a bad CRC")).observe, () => []),
    (e) => e instanceof Inconclusive && /other breaches/.test(e.message),
  );
});
