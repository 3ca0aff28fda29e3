import { test } from "node:test";
import assert from "node:assert/strict";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { isProcedureUsed, isTableUsed } from "../../harness/protocol/tables/bt00-general-configuration";
import { BT22 } from "../../harness/protocol/tables/bt22-data-selection";
import { BT23, registerDataSize } from "../../harness/protocol/tables/bt23-current-register-data";
import { BT24, BT25 } from "../../harness/protocol/tables/bt24-bt25-dated-register-data";
import { BT26, selfReadDataSize } from "../../harness/protocol/tables/bt26-self-read-data";
import { EVENT_CODES } from "../../harness/protocol/event-codes";
import { bt00Of, meterOf, START_MS, tableOf } from "./meter-requests";
import { bt23Of, copyOf, dimsOf, presentOf, remoteReset, selfReadsOf, sum } from "./billing-requests";
import { stime } from "../../harness/simulator/functions/billing/stime";

const MIDNIGHT = Date.UTC(2024, 2, 1);
const stamp = (ms: number) => {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
};

test("BT00 declares BT20-BT28 and BP09 on every profile, ET40/ET41 only with demand metering", () => {
  for (const [profile, demand] of [
    ["reference", true],
    ["minimal", false],
  ] as const) {
    const c = bt00Of(meterOf(profile).meter);
    for (let t = 20; t <= 28; t++) assert.ok(isTableUsed(c, t), `${profile} BT${t}`);
    assert.ok(isProcedureUsed(c, 9), profile);
    assert.equal(isTableUsed(c, 2048 + 40), demand);
    assert.equal(isTableUsed(c, 2048 + 41), demand);
  }
});

test("the billing tables are as long as BT21 lays them out: minimal, 2 summations x (1 + 1 tier) + counter = 17 bytes", () => {
  const { meter } = meterOf("minimal");
  const d = dimsOf(meter);
  assert.deepEqual([d.summations, d.demands, d.tiers], [2, 0, 1]);
  assert.equal(tableOf(meter, BT23).length, 1 + 2 * 2 * 4);
  assert.equal(tableOf(meter, BT23).length, registerDataSize(d));
  assert.equal(tableOf(meter, BT26).length, selfReadDataSize(d));
  assert.deepEqual(Array.from(tableOf(meter, BT22)), [0, 1]);
});

test("BT23 grows with the load: about 300 W for a minute of a single-phase house at midnight is about 5 Wh", () => {
  const { meter, ticks } = meterOf("minimal");
  const before = bt23Of(meter).total.summations[0] ?? 0;
  ticks.advance(60_000);
  // Base 300 W + the evening peak's tail at midnight (2500 x e^-6.25, about 5 W) +- 10 % of base noise.
  const grown = (bt23Of(meter).total.summations[0] ?? 0) - before;
  assert.ok(grown >= 4 && grown <= 6, `grew ${grown} Wh`);
  assert.ok((presentOf(meter).values[0] ?? 0) > 250);
});

test("BT23's tier blocks add up to the total block, and the total energy is forward plus reverse", () => {
  const { meter, ticks } = meterOf("reference");
  // From 23:59:30 to past 13:00: a night of import and a morning of solar export.
  ticks.advance(13.5 * 3600_000);
  const r = bt23Of(meter);
  for (let i = 0; i < 3; i++) {
    const tiers = sum(r.tiers.map((t) => t.summations[i] ?? 0));
    const total = r.total.summations[i] ?? 0;
    assert.ok(tiers <= total && tiers > total - r.tiers.length, `summation ${i}: tiers ${tiers}, total ${total}`);
  }
  for (const b of [r.total, ...r.tiers]) assert.equal(b.summations[2], (b.summations[0] ?? 0) + (b.summations[1] ?? 0));
  assert.ok((r.total.summations[1] ?? 0) > 0, "the reference meter exports by day");
});

test("8.4.1: the daily self-read at midnight copies the registers of that moment, numbered 1, and posts event 21", () => {
  const { meter, ticks } = meterOf("reference");
  ticks.advance(29_000);
  const before = bt23Of(meter).total.summations;
  ticks.advance(2_000);
  const list = selfReadsOf(meter);
  const after = bt23Of(meter).total.summations;
  assert.deepEqual([list.validEntries, list.lastElement, list.lastSequence], [1, 0, 1]);
  const e = list.entries[0];
  assert.deepEqual([e?.sequence, e?.endTime], [1, stamp(MIDNIGHT)]);
  e?.data.total.summations.forEach((v, i) => assert.ok(v >= (before[i] ?? 0) && v <= (after[i] ?? 0)));
  assert.ok(meter.context.events.all().some((x) => x.code === EVENT_CODES.selfRead && x.clockMs === MIDNIGHT));
});

test("BP09: a self-read now, a demand reset into BT25 (counted), a season change into BT24", () => {
  const { meter, ticks } = meterOf("minimal");
  ticks.advance(5_000);
  assert.equal(remoteReset(meter, { selfRead: true }), PROCEDURE_RESULT.completed);
  assert.deepEqual(selfReadsOf(meter).entries[0]?.endTime, stamp(START_MS + 5_000));
  assert.equal(remoteReset(meter, { demandReset: true }), PROCEDURE_RESULT.completed);
  assert.deepEqual(copyOf(meter, BT25).endTime, stamp(START_MS + 5_000));
  assert.equal(bt23Of(meter).demandResets, 1);
  assert.ok(meter.context.events.all().some((x) => x.code === EVENT_CODES.demandReset));
  assert.equal(remoteReset(meter, { seasonChange: true, newSeason: 5 }), PROCEDURE_RESULT.completed);
  assert.equal(copyOf(meter, BT24).season, 0);
  assert.equal(remoteReset(meter, { seasonChange: true, newSeason: 2 }), PROCEDURE_RESULT.completed);
  assert.equal(copyOf(meter, BT24).season, 5);
  assert.equal(copyOf(meter, BT25).season, 0);
});

test("BP09 with no action, the reserved bit, or two bytes is 'invalid parameter' and changes nothing", () => {
  const { meter } = meterOf("reference");
  const state = () => [BT23, BT24, BT25, BT26].map((t) => Array.from(tableOf(meter, t)).join());
  const before = state();
  for (const p of [Uint8Array.of(0), Uint8Array.of(0x82), Uint8Array.of(0x03, 0x00), new Uint8Array(0)]) {
    assert.equal(remoteReset(meter, p), PROCEDURE_RESULT["invalid-parameter"]);
  }
  assert.deepEqual(state(), before);
});

test("BT26 is a circular list: the fifth self-read overwrites the first, and the overflow flag says an unread entry was lost", () => {
  const { meter } = meterOf("minimal");
  for (let i = 0; i < 5; i++) remoteReset(meter, { selfRead: true });
  const l = selfReadsOf(meter);
  assert.deepEqual(
    [l.validEntries, l.lastElement, l.lastSequence, l.unreadEntries, l.status.overflow, l.status.circular],
    [4, 0, 5, 4, 1, 1],
  );
  assert.deepEqual(
    l.entries.map((e) => e.sequence),
    [5, 2, 3, 4],
  );
});

test("a time two-digit years cannot hold is stamped empty, not wrapped", () => {
  assert.equal(stime(Date.UTC(1999, 11, 31, 23, 59)), null);
  assert.equal(stime(Date.UTC(2100, 0, 1)), null);
  assert.deepEqual(stime(Date.UTC(2099, 11, 31, 23, 59, 59)), { year: 2099, month: 12, day: 31, hour: 23, minute: 59 });
});
