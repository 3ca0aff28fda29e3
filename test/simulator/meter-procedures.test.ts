import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BP10, encodeSetDateTime } from "../../harness/protocol/procedures/bp10-set-date-time";
import { encodeClockDelta, EP16 } from "../../harness/protocol/procedures/ep16-clock-delta";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { unpackTimeDateQualifier } from "../../harness/protocol/types/time-date-qualifier";
import { profileNamed } from "../../harness/simulator/profiles";
import { bt08Of, clockMsOf, codeOf, initiate, meterOf, partialWrite, START_MS, tableOf } from "./meter-requests";
import { BT07, encodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { BT08 } from "../../harness/protocol/tables/bt08-procedure-response";

const { ok, onp } = RESPONSE_CODE;
const { completed, incomplete, unrecognized } = PROCEDURE_RESULT;
const NO_QUALIFIER = unpackTimeDateQualifier(0);

/** BP10 parameters: SET_MASK bit 0 set time, bit 1 set date (8.3.1), then LTIME_DATE and qualifier. */
function setDateTime(ms: number, setDate = true, setTime = true): Uint8Array {
  const d = new Date(ms);
  const dateTime = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  return encodeSetDateTime({ setDate, setTime, setQualifier: false, dateTime, qualifier: NO_QUALIFIER });
}

const delta = (seconds: number) => encodeClockDelta({ deltaSeconds: seconds }, "le");

test("BP10 sets date and time: BT52 shows them, then runs on with the ticks; BT08 says completed", () => {
  const { meter, ticks } = meterOf();
  const target = Date.UTC(2031, 6, 4, 10, 20, 30);
  assert.equal(initiate(meter, BP10, 1, setDateTime(target)), ok);
  assert.equal(bt08Of(meter).resultCode, completed);
  assert.equal(clockMsOf(meter), target);
  ticks.advance(2500);
  // BT52 has whole seconds: 2.5 s later it shows 2 s later.
  assert.equal(clockMsOf(meter), target + 2000);
});

test("BP10 with month 13 is 'invalid parameter' (2) and leaves the clock alone", () => {
  const { meter } = meterOf();
  // Mask 3 (date and time), then yy=24, month 13, day 1, 00:00:00, qualifier 0: built by hand, as
  // the encoder refuses an impossible date.
  assert.equal(initiate(meter, BP10, 1, Uint8Array.of(0x03, 24, 13, 1, 0, 0, 0, 0)), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  assert.equal(clockMsOf(meter), START_MS);
});

test("BP10 with a mask that sets nothing is 'invalid parameter' too", () => {
  const { meter } = meterOf();
  assert.equal(initiate(meter, BP10, 1, setDateTime(Date.UTC(2031, 0, 1), false, false)), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  assert.equal(clockMsOf(meter), START_MS);
});

test("EP16 moves the clock by the signed delta: +3600 s forward, then -60 s back", () => {
  const { meter } = meterOf();
  assert.equal(initiate(meter, EP16, 1, delta(3600)), ok);
  assert.equal(clockMsOf(meter), START_MS + 3600_000);
  assert.equal(initiate(meter, EP16, 2, delta(-60)), ok);
  assert.equal(clockMsOf(meter), START_MS + 3540_000);
});

test("9.13.2: EP16 shows 'incomplete' (1) in BT08 until its duration has passed, then 'completed' (0)", () => {
  const { meter, ticks } = meterOf();
  const duration = profileNamed("reference").clockDeltaDurationMs;
  assert.equal(initiate(meter, EP16, 1, delta(10)), ok);
  assert.equal(bt08Of(meter).resultCode, incomplete);
  ticks.advance(duration - 1);
  assert.equal(bt08Of(meter).resultCode, incomplete);
  ticks.advance(2);
  assert.equal(bt08Of(meter).resultCode, completed);
});

test("a procedure the meter does not know (EP99, BP11) is taken, and BT08 says 'unrecognized' (6)", () => {
  const { meter } = meterOf();
  for (const [id, psn] of [
    [2048 + 99, 1],
    [11, 2],
  ] as const) {
    assert.equal(initiate(meter, id, psn, Uint8Array.of(1, 2, 3)), ok);
    const r = bt08Of(meter);
    assert.deepEqual([r.procedureId, r.resultCode], [id, unrecognized]);
  }
});

test("9.13: repeating the previous PSN is onp and runs nothing; a new PSN is taken", () => {
  const { meter } = meterOf();
  meter.startSession();
  assert.equal(initiate(meter, EP16, 7, delta(60)), ok);
  assert.equal(initiate(meter, EP16, 7, delta(60)), onp);
  assert.equal(clockMsOf(meter), START_MS + 60_000, "the refused EP16 must not move the clock");
  assert.equal(initiate(meter, EP16, 8, delta(60)), ok);
  assert.equal(clockMsOf(meter), START_MS + 120_000);
});

test("startSession() clears the PSN memory: after a logon any PSN but 255 is taken", () => {
  const { meter } = meterOf();
  assert.equal(initiate(meter, BP10, 7, setDateTime(START_MS)), ok);
  meter.startSession();
  assert.equal(initiate(meter, BP10, 7, setDateTime(START_MS)), ok, "the PSN of the last session may be used again");
  for (const psn of [0, 1, 128, 254]) {
    meter.startSession();
    assert.equal(initiate(meter, BP10, psn, setDateTime(START_MS)), ok, `PSN ${psn}`);
  }
  meter.startSession();
  assert.equal(initiate(meter, BP10, 255, setDateTime(START_MS)), onp, "255 is the PSN a logon resets to");
});

test("BT08 echoes the procedure id and PSN of the BT07 write it answers", () => {
  const { meter } = meterOf();
  assert.equal(initiate(meter, BP10, 41, setDateTime(START_MS)), ok);
  assert.deepEqual([bt08Of(meter).procedureId, bt08Of(meter).sequence], [BP10, 41]);
  assert.equal(initiate(meter, EP16, 42, delta(1)), ok);
  const r = bt08Of(meter);
  assert.deepEqual([r.procedureId, r.selector, r.sequence], [EP16, 0, 42]);
  // maxRespDataLength bytes of response data follow the result code (BT00 declares 12).
  assert.equal(r.responseData.length, profileNamed("reference").maxRespDataLength);
});

test("a partial write of BT07 cannot start a procedure: iar, and BT08 stays as it was", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, BT08);
  const bt07 = encodeProcedureInitiate(
    { procedureId: BP10, selector: 0, sequence: 9, parameters: new Uint8Array(8) },
    "le",
  );
  assert.equal(codeOf(meter, partialWrite(BT07, 0, bt07), "master"), RESPONSE_CODE.iar);
  assert.deepEqual(tableOf(meter, BT08), before);
});
