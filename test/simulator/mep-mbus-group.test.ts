import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeRemoveDevice, EP17 } from "../../harness/protocol/procedures/ep17-remove-device";
import { EP19 } from "../../harness/protocol/procedures/ep19-on-demand-mbus-request";
import { EP39 } from "../../harness/protocol/procedures/ep39-post-mep-data";
import { BENCH_ACTION, EP95 } from "../../harness/protocol/procedures/ep95-simulator-bench";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { isProcedureUsed, isTableUsed } from "../../harness/protocol/tables/bt00-general-configuration";
import { ET11 } from "../../harness/protocol/tables/et11-mfg-dimension";
import { ET13 } from "../../harness/protocol/tables/et13-mbus-device-configuration";
import { ET18 } from "../../harness/protocol/tables/et18-group-membership";
import { ET31, ONE_TIME_STATE } from "../../harness/protocol/tables/et31-one-time-read-log";
import { ET34 } from "../../harness/protocol/tables/et34-mbus-additional-configuration";
import { ET51 } from "../../harness/protocol/tables/et51-mep-device-configuration";
import { bt00Of, bt08Of, codeOf, meterOf, partialWrite, tableOf } from "./meter-requests";
import {
  bench,
  configs,
  ep19,
  ep39,
  june15,
  oneTime,
  pass,
  reading,
  recurring,
  requests,
  run,
  status,
} from "./mep-mbus-requests";

/** The 8.13-8.18 functions of the reference meter: what they declare, and what they do with good and bad input. */
const { ok, onp } = RESPONSE_CODE;

test("BT00 declares the group's tables and procedures on the reference profile and none on the minimal one", () => {
  const ref = bt00Of(meterOf().meter);
  for (const id of [ET11, ET13, ET18, ET31, ET34, ET51]) assert.ok(isTableUsed(ref, id), `table ${id}`);
  for (const id of [EP17, EP19, EP39, EP95]) assert.ok(isProcedureUsed(ref, id), `procedure ${id}`);
  const min = bt00Of(meterOf("minimal").meter);
  assert.ok(!isTableUsed(min, ET11) && !isProcedureUsed(min, EP95));
});

test("the seeded bus: channels 1-3 hold the gas, water and heat meters at addresses 5-7, channel 4 is free", () => {
  const { meter } = meterOf();
  assert.deepEqual(
    configs(meter).map((c) => [c.installed, c.address]),
    [
      [true, 5],
      [true, 6],
      [true, 7],
      [false, 0],
    ],
  );
  assert.equal(status(meter).occupancy, 0b0111);
  assert.deepEqual(
    status(meter).channels.map((c) => c.handle),
    [0x0105, 0x0206, 0x0307, 0],
  );
  assert.equal(reading(meter, 2).telegram?.serial, "20240002");
});

test("ET13: a write cutting an entry, reusing an address, or clearing an installed channel is refused with onp and changes nothing", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET13);
  const entry1 = before.slice(0, 16);
  assert.equal(codeOf(meter, partialWrite(ET13, 0, entry1.subarray(0, 15))), onp);
  assert.equal(codeOf(meter, partialWrite(ET13, 48, entry1)), onp, "address 5 is channel 1's");
  const cleared = entry1.slice();
  cleared[7] = 0;
  assert.equal(codeOf(meter, partialWrite(ET13, 0, cleared)), onp);
  assert.deepEqual(tableOf(meter, ET13), before);
  assert.equal(codeOf(meter, partialWrite(ET13, 0, entry1)), ok, "the entry as it is");
});

test("EP17: an unknown handle or action is an invalid parameter; a removal frees the channel and the device can be written back", () => {
  const { meter } = meterOf();
  const saved = tableOf(meter, ET13).slice(16, 32);
  run(meter, EP17, encodeRemoveDevice({ action: 0, handle: 0 }, "le"));
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  run(meter, EP17, encodeRemoveDevice({ action: 1, handle: 0x0206 }, "le"));
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  run(meter, EP17, encodeRemoveDevice({ action: 0, handle: 0x0206 }, "le"));
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.completed);
  assert.equal(configs(meter)[1]?.installed, false);
  assert.equal(status(meter).channels[1]?.status, 0);
  assert.equal(reading(meter, 2).telegram, null);
  const removal = meter.context.events.all().at(-1);
  assert.deepEqual(
    [removal?.code, removal?.manufacturer, [...(removal?.argument ?? [])]],
    [0x81, true, [2]],
    "the history log has the removal of channel 2 (our event code 0x81)",
  );
  assert.equal(codeOf(meter, partialWrite(ET13, 16, saved)), ok);
  assert.equal(status(meter).channels[1]?.handle, 0x0206);
});

test("EP19: accepted, not completed, until the read is done; a channel beyond ET11's is invalid, a free one conflicts", () => {
  const { meter, ticks } = meterOf();
  ep19(meter, 1, 0, 0x41);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.incomplete);
  pass(meter, ticks, 1000);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.completed);
  assert.deepEqual([...bt08Of(meter).responseData.subarray(0, 3)], [0x41, 2, 1]);
  assert.equal(reading(meter, 1).telegram?.accessNumber, 2);
  ep19(meter, 5, 0, 0x42);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  ep19(meter, 4, 0, 0x43);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.conflict);
});

test("8.18.1.4: an interrupted read is retried once by default; with ET34's retries at 0 it is abandoned", () => {
  const { meter, ticks } = meterOf();
  ep19(meter, 1, 0, 0x44);
  bench(meter, BENCH_ACTION.powerOutage, 1);
  assert.equal(requests(meter)[0]?.state, 4);
  pass(meter, ticks, 2000);
  assert.deepEqual([requests(meter)[0]?.state, requests(meter)[0]?.count], [2, 2]);
  assert.equal(codeOf(meter, partialWrite(ET34, 4, Uint8Array.of(0, 0, 0, 0))), ok);
  ep19(meter, 2, 0, 0x45);
  bench(meter, BENCH_ACTION.powerOutage, 1);
  pass(meter, ticks, 2000);
  assert.equal(requests(meter)[1]?.state, 5);
});

test("8.18.1.4: a scheduled read missed in an outage is taken when power returns, flagged late", () => {
  const { meter, ticks } = meterOf();
  const entry = tableOf(meter, ET13).slice(0, 16);
  entry.set([0, 0, 0, 0, 0, 0]);
  codeOf(meter, partialWrite(ET13, 0, entry));
  meter.clock.set(june15(11, 59, 59));
  bench(meter, BENCH_ACTION.powerOutage, 2);
  pass(meter, ticks, 3000);
  const e = recurring(meter).entries.at(-1);
  assert.equal(e?.lateAfterOutage, true);
  assert.deepEqual(e?.mbus?.readAt, { year: 2025, month: 6, day: 15, hour: 12, minute: 0, second: 1 });
});

test("a bus scan installs an unplugged-then-plugged device on the lowest free channel", () => {
  const { meter, ticks } = meterOf();
  bench(meter, BENCH_ACTION.unplug, 6);
  run(meter, EP17, encodeRemoveDevice({ action: 0, handle: 0x0206 }, "le"));
  ep19(meter, 0, 2, 0x46);
  pass(meter, ticks, 1000);
  assert.equal(requests(meter)[4]?.count, 0, "nothing new on the bus while it is unplugged");
  bench(meter, BENCH_ACTION.plug, 6);
  ep19(meter, 0, 2, 0x47);
  pass(meter, ticks, 1000);
  assert.deepEqual(
    configs(meter).map((c) => c.address),
    [5, 6, 7, 0],
  );
  assert.equal(requests(meter)[4]?.count, 1);
});

test("EP39: a MEP disabled in ET51 conflicts; an on-demand request nobody takes fails at ET51's on-demand timeout", () => {
  const { meter, ticks } = meterOf();
  assert.equal(codeOf(meter, partialWrite(ET51, 0, Uint8Array.of(0x82))), ok);
  ep39(meter, { direction: "down", kind: 0, requestId: 1, data: Uint8Array.of(1) });
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.conflict);
  assert.equal(codeOf(meter, partialWrite(ET51, 0, Uint8Array.of(0x02))), ok);
  ep39(meter, { direction: "down", kind: 1, requestId: 2, data: Uint8Array.of(1) });
  assert.equal(codeOf(meter, partialWrite(ET51, 0, Uint8Array.of(0x82))), ok, "disabled before the device takes it");
  pass(meter, ticks, 31_000, 1000);
  assert.equal(requests(meter)[6]?.state, 3);
  assert.equal(codeOf(meter, partialWrite(ET51, 9, Uint8Array.of(0xa1, 0x05))), onp, "an interval over a day");
});

test("ET18 refuses the all-meters group and a duplicate; ET31 refuses a past time and a channel beyond ET11's", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, partialWrite(ET18, 0, Uint8Array.of(0xff, 0xff))), onp);
  assert.equal(codeOf(meter, partialWrite(ET18, 0, Uint8Array.of(1, 0, 1, 0))), onp);
  assert.equal(codeOf(meter, partialWrite(ET18, 0, Uint8Array.of(1, 0, 2, 0))), ok);
  meter.clock.set(june15(12, 0, 30));
  assert.equal(codeOf(meter, partialWrite(ET31, 0, Uint8Array.of(9, 0, 0, 25, 6, 15, 12, 0, 1))), onp);
  assert.equal(codeOf(meter, partialWrite(ET31, 0, Uint8Array.of(9, 0, 0, 25, 6, 15, 13, 0, 1 << 5))), onp);
  assert.equal(
    codeOf(meter, partialWrite(ET31, 9, Uint8Array.of(1))),
    RESPONSE_CODE.iar,
    "the state byte is the meter's",
  );
  assert.equal(codeOf(meter, partialWrite(ET31, 0, Uint8Array.of(9, 1, 0, 25, 6, 15, 13, 0, 1))), ok);
  assert.equal(oneTime(meter).state, ONE_TIME_STATE.armed, "group 1 is in ET18");
});

test("a read still running when its device is removed leaves the freed channel empty in ET14", () => {
  const { meter, ticks } = meterOf();
  ep19(meter, 3, 0, 0x48);
  run(meter, EP17, encodeRemoveDevice({ action: 0, handle: 0x0307 }, "le"));
  pass(meter, ticks, 1000);
  assert.deepEqual(
    [status(meter).channels[2]?.status, status(meter).channels[2]?.alarms, status(meter).alarmMap],
    [0, 0, 0],
  );
});
