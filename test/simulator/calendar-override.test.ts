import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { ET47, ET47_SIZE } from "../../harness/protocol/tables/et47-calendar-override";
import { ET48 } from "../../harness/protocol/tables/et48-over-power-tariff";
import { codeOf, meterOf, partialWrite, tableOf } from "./meter-requests";
import { bt55Of, utcOf } from "./calendar-requests";

const { ok, onp } = RESPONSE_CODE;
// Friday 1 March 2024, 12:00 CET (11:00 UTC): the factory calendar's tier 1.
const NOON = utcOf(Date.UTC(2024, 2, 1, 12, 0, 0), false);
// 19:00 CET, the evening peak (imports; solar exports at noon): the calendar's tier 2.
const EVENING = utcOf(Date.UTC(2024, 2, 1, 19, 0, 0), false);

test("ET47: an override until a time forces its tier until that minute (UTC), then the calendar's returns", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(NOON);
  // Mode 1, tier 3, until 2024-03-01 11:01 UTC.
  assert.equal(codeOf(meter, partialWrite(ET47, 1, parseHex("01 03 18 03 01 0b 01"))), ok);
  assert.deepEqual([bt55Of(meter).status.tier, bt55Of(meter).status.tierDrive, tableOf(meter, ET47)[8]], [3, 1, 1]);
  ticks.advance(59_999);
  assert.equal(bt55Of(meter).status.tier, 3);
  ticks.advance(1);
  assert.deepEqual([bt55Of(meter).status.tier, bt55Of(meter).status.tierDrive, tableOf(meter, ET47)[8]], [1, 0, 0]);
  assert.deepEqual(tableOf(meter, ET47), parseHex("01 01 03 18 03 01 0b 01 00"), "the settings stay as written");
});

test("ET47: an override until cancelled holds until mode 0 is written; energy goes to its tier", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING);
  assert.equal(codeOf(meter, partialWrite(ET47, 1, parseHex("02 03"))), ok);
  const before = meter.context.metering.registers().activeImportWhByTier;
  ticks.advance(3_600_000);
  const after = meter.context.metering.registers().activeImportWhByTier;
  assert.ok((after[3] as number) > (before[3] as number));
  assert.equal(after[2], before[2], "the calendar's tier 2 gets nothing while overridden");
  assert.equal(bt55Of(meter).status.tier, 3);
  assert.equal(codeOf(meter, partialWrite(ET47, 1, parseHex("00"))), ok);
  assert.deepEqual([bt55Of(meter).status.tier, bt55Of(meter).status.tierDrive], [2, 0]);
});

test("ET47 refuses an unknown mode, a tier the meter lacks and mode 1 without an end, and keeps its settings", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET47);
  assert.equal(before.length, ET47_SIZE);
  for (const bad of ["03", "01 00 00 00 00 00 00", "02 04", "01 01 18 0d 01 0b 00"]) {
    assert.equal(codeOf(meter, partialWrite(ET47, 1, parseHex(bad))), onp, bad);
    assert.deepEqual(tableOf(meter, ET47), before);
  }
});

test("ET48: above the threshold the next steps go to the designated tier; below it the calendar's", () => {
  const { meter, ticks } = meterOf();
  // Enabled, tier 3, threshold 0 W; at 02:00 the simulated household draws a few hundred W.
  assert.equal(codeOf(meter, partialWrite(ET48, 1, parseHex("01 03 00 00 00 00"))), ok);
  meter.clock.set(utcOf(Date.UTC(2024, 2, 1, 2, 0, 0), false));
  ticks.advance(1000);
  const et48 = tableOf(meter, ET48);
  const average = et48[8]! | (et48[9]! << 8) | (et48[10]! << 16) | (et48[11]! << 24);
  assert.ok(average > 0, `a night-time load draws power (${average} W)`);
  assert.deepEqual([et48[7], bt55Of(meter).status.tier, bt55Of(meter).status.tierDrive], [1, 3, 2]);
  const before = meter.context.metering.registers().activeImportWhByTier;
  ticks.advance(600_000);
  const after = meter.context.metering.registers().activeImportWhByTier;
  assert.ok((after[3] as number) > (before[3] as number));
  assert.equal(after[0], before[0], "02:00 is the calendar's tier 0, which gets nothing");
  // Threshold 0xffffffff W: never above.
  assert.equal(codeOf(meter, partialWrite(ET48, 3, parseHex("ff ff ff ff"))), ok);
  assert.deepEqual([tableOf(meter, ET48)[7], bt55Of(meter).status.tier, bt55Of(meter).status.tierDrive], [0, 0, 0]);
  assert.equal(codeOf(meter, partialWrite(ET48, 1, parseHex("02"))), onp);
  assert.equal(codeOf(meter, partialWrite(ET48, 2, parseHex("04"))), onp);
});
