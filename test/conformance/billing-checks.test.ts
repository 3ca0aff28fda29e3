import { test } from "node:test";
import assert from "node:assert/strict";
import type { DataBlock } from "../../harness/protocol/tables/bt23-current-register-data";
import { listStatus } from "../../harness/protocol/tables/bt26-self-read-data";
import type { RegisterReading } from "../../harness/conformance/billing-reads";
import {
  bracketProblems,
  entrySequenceProblems,
  growthProblems,
  listHeaderMoved,
  listHeaderProblems,
  nesTierSourceProblems,
  newEntryProblems,
  remoteResetEffectProblems,
  stampProblem,
  tierGrowthProblems,
  tierSumProblems,
  totalEnergyProblems,
  totalGrowthProblems,
} from "../../harness/conformance/billing-checks";

const block = (...summations: number[]): DataBlock => ({ summations, demands: [], coincidents: [] });
const reading = (...blocks: DataBlock[]): RegisterReading => ({
  demandResets: null,
  blocks: blocks.map((value, i) => ({ value, at: i })),
});

test("tiers add up to the total within one Wh per tier (whole-Wh registers), read between two totals", () => {
  // Tiers 40.6 + 59.7 Wh = 100.3 Wh: whole values 40 + 59 = 99, total 100.
  assert.deepEqual(tierSumProblems(reading(block(100), block(40), block(59)), block(100), [0]), []);
  // The total grew to 103 while the tiers were read: 41 + 61 lies between 100 - 2 and 103 + 1.
  assert.deepEqual(tierSumProblems(reading(block(100), block(41), block(61)), block(103), [0]), []);
  assert.equal(tierSumProblems(reading(block(100), block(40), block(50)), block(100), [7]).length, 1);
  assert.equal(tierSumProblems(reading(block(100), block(60), block(50)), block(101), [7]).length, 1);
  assert.deepEqual(tierSumProblems(reading(block(5)), block(5), [0]), []);
});

test("energy metered between two readings is in the tiers as in the total", () => {
  const a = reading(block(100), block(40), block(60));
  assert.deepEqual(tierGrowthProblems(a, reading(block(104), block(40), block(64)), [0]), []);
  assert.deepEqual(tierGrowthProblems(a, reading(block(104), block(41), block(62)), [0]), []);
  assert.match(
    tierGrowthProblems(a, reading(block(103), block(40), block(60)), [0])[0] ?? "",
    /grew by 3, its tiers by 0/,
  );
});

test("NES per-tier sources (29 + 11t forward, 30 + 11t reverse) add up to sources 0 and 1", () => {
  const selection = {
    summationSources: [0, 1, 29, 30, 40, 41],
    demandSources: [],
    minimumDemands: [],
    coincidentSources: [],
    coincidentDemands: [],
  };
  assert.deepEqual(nesTierSourceProblems(selection, block(100, 10, 60, 4, 40, 6)), []);
  assert.equal(nesTierSourceProblems(selection, block(100, 10, 60, 4, 20, 6)).length, 1);
  assert.deepEqual(nesTierSourceProblems({ ...selection, summationSources: [0, 1] }, block(1, 2)), []);
});

test("8.4.2: total = forward + reverse, in one block and in growth", () => {
  const at = { forward: 0, reverse: 1, total: 2 };
  assert.deepEqual(totalEnergyProblems(block(10, 5, 15), at, "total"), []);
  assert.deepEqual(totalEnergyProblems(block(10, 5, 16), at, "total"), []);
  assert.equal(totalEnergyProblems(block(10, 5, 5), at, "total").length, 1);
  assert.deepEqual(totalGrowthProblems(block(10, 5, 15), block(14, 5, 19), at), []);
  assert.equal(totalGrowthProblems(block(10, 5, 15), block(14, 5, 15), at).length, 1);
});

test("8.4.3: growth against power: 2800 W for 4.2 s is 3.27 Wh, so between 0.63 and 5.9 Wh passes", () => {
  const at = { forward: 0, reverse: 1 };
  assert.deepEqual(growthProblems(block(100, 0), block(103, 0), at, [2800, 2800], 4.2), []);
  assert.equal(growthProblems(block(100, 0), block(100, 0), at, [2800, 2800], 4.2).length, 1);
  assert.equal(growthProblems(block(100, 0), block(107, 0), at, [2800, 2800], 4.2).length, 1);
});

test("a copy lies between the readings around it; a time stamp names the expected minute", () => {
  assert.deepEqual(bracketProblems(block(5, 7), block(5, 6), block(6, 7), [0, 1], "copy"), []);
  assert.equal(bracketProblems(block(4, 7), block(5, 6), block(6, 7), [0, 1], "copy").length, 1);
  const at = Date.UTC(2024, 2, 1, 0, 0, 40);
  assert.equal(stampProblem({ year: 2024, month: 3, day: 1, hour: 0, minute: 0 }, at, 0, "t"), null);
  assert.equal(stampProblem({ year: 2024, month: 2, day: 29, hour: 23, minute: 59 }, at, 1, "t"), null);
  assert.match(
    stampProblem({ year: 2024, month: 2, day: 29, hour: 0, minute: 0 }, at, 1, "t") ?? "",
    /2024-02-29T00:00/,
  );
  assert.match(stampProblem(null, at, 1, "t") ?? "", /empty/);
});

test("C12.19 list headers: within capacity, entries numbered down from the last, one more entry per take", () => {
  const h = { status: listStatus({ circular: 1 }), validEntries: 3, lastElement: 0, lastSequence: 1, unreadEntries: 3 };
  assert.deepEqual(listHeaderProblems(h, 4, "L"), []);
  assert.equal(listHeaderProblems({ ...h, lastElement: 4, validEntries: 5 }, 4, "L").length, 2);
  // Element 0 holds 1, element 3 holds 0, element 2 holds 65535 (wrapped).
  const seq = new Map([
    [0, 1],
    [3, 0],
    [2, 0xffff],
  ]);
  assert.deepEqual(
    entrySequenceProblems(h, (e) => seq.get(e) ?? null, 4, "L"),
    [],
  );
  assert.equal(entrySequenceProblems(h, (e) => (e === 2 ? 7 : (seq.get(e) ?? null)), 4, "L").length, 1);
  assert.deepEqual(newEntryProblems(h, { ...h, validEntries: 4, lastElement: 1, lastSequence: 2 }, 4, "L"), []);
  assert.deepEqual(newEntryProblems({ ...h, validEntries: 4 }, { ...h, validEntries: 4, lastSequence: 2 }, 4, "L"), []);
  assert.equal(newEntryProblems(h, h, 4, "L").length, 2);
  assert.equal(listHeaderMoved(h, h), false, "nothing added yet");
  assert.equal(listHeaderMoved(h, { ...h, lastSequence: 5 }), true, "numbered, even wrongly: judged at once");
  const full = { ...h, validEntries: 4 };
  assert.equal(listHeaderMoved(full, { ...full, lastElement: 1 }), true, "a full list without numbers wraps round");
});

test("BP09 did just what its action bits ask: one self-read, one demand reset, no copy it was not asked for", () => {
  const before = { selfReadSequence: 0xffff, demandResets: 255, seasonCopy: "0a", resetCopy: "0b" };
  const none = { demandReset: false, selfRead: false, seasonChange: false };
  const selfRead = { ...none, selfRead: true };
  const both = { ...none, selfRead: true, demandReset: true };
  assert.deepEqual(remoteResetEffectProblems(before, before, none, 0), []);
  // Both counters wrap: 0xffff -> 0 is one self-read, 255 -> 0 one demand reset.
  const reset = { ...before, selfReadSequence: 0, demandResets: 0, resetCopy: "0c" };
  assert.deepEqual(remoteResetEffectProblems(before, reset, both, 0), []);
  assert.deepEqual(remoteResetEffectProblems(before, { ...before, selfReadSequence: 0 }, selfRead, 0), []);
  // A self-read asked, a demand reset done besides: the counter and BT25 both say so.
  assert.equal(remoteResetEffectProblems(before, reset, selfRead, 0).length, 2);
  // ...unless BT21 couples the two.
  assert.deepEqual(remoteResetEffectProblems(before, { ...reset, resetCopy: "0b" }, selfRead, 1), []);
  assert.match(
    remoteResetEffectProblems(before, before, selfRead, 0).join(),
    /sequence number went from 65535 to 65535: 0/,
  );
  assert.match(
    remoteResetEffectProblems(before, { ...before, selfReadSequence: 1 }, selfRead, 0).join(),
    /: 2, where the call asks for 1$/,
  );
  assert.match(remoteResetEffectProblems(before, { ...before, seasonCopy: "0d" }, none, 0).join(), /BT24 changed/);
  assert.deepEqual(
    remoteResetEffectProblems(before, { ...before, seasonCopy: "0d" }, { ...none, seasonChange: true }, 0),
    [],
  );
  // Without a demand reset counter (and without BT25) the demand reset is not judged.
  const uncounted = { ...before, demandResets: null, resetCopy: null };
  assert.deepEqual(remoteResetEffectProblems(uncounted, { ...uncounted, selfReadSequence: 0 }, both, 0), []);
});
