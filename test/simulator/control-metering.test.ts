import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePulseInputs, ET06 } from "../../harness/protocol/tables/et06-pulse-inputs";
import { decodePowerQuality, ET09 } from "../../harness/protocol/tables/et09-power-quality";
import { ET30 } from "../../harness/protocol/tables/et30-maximum-power-current";
import { ET55 } from "../../harness/protocol/tables/et55-meter-configuration";
import { CONTACTOR_STATE, METER_ALARM, OPEN_CAUSE } from "../../harness/protocol/tables/et54-meter-status";
import { EP30 } from "../../harness/protocol/procedures/ep30-load-contactor-control";
import { EP94 } from "../../harness/protocol/procedures/ep94-control-bench";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { codeOf, meterOf, partialWrite } from "./meter-requests";
import { decodedTable, EVENING_MS, le, runProcedure, statusOf } from "./control-requests";

/** 8.7 pulse inputs, 8.8 power quality, 8.10 the contactor, as a client sees them. */
type Meter = ReturnType<typeof meterOf>["meter"];
const pq = (m: Meter) => decodedTable(m, ET09, (b) => decodePowerQuality(b, "le"));
const pulses = (m: Meter) => decodedTable(m, ET06, (b) => decodePulseInputs(b, "le"));

test("8.7: an enabled channel counts 1..4 pulses a second, each adding the pulse weight; a disabled one nothing", () => {
  const { meter, ticks } = meterOf();
  assert.equal(codeOf(meter, partialWrite(ET06, 1, Uint8Array.of(1, 0, 7, 0))), RESPONSE_CODE.ok);
  ticks.advance(10_000);
  const [one, two] = pulses(meter);
  assert.ok(one !== undefined && two !== undefined);
  assert.ok(one.pulseCount >= 10 && one.pulseCount <= 40, String(one.pulseCount));
  assert.equal(one.value, 7 * one.pulseCount);
  assert.deepEqual([two.pulseCount, two.value], [0, 0]);
  assert.equal(codeOf(meter, partialWrite(ET06, 3, Uint8Array.of(0, 0))), RESPONSE_CODE.err, "pulse weight 0");
  assert.equal(
    codeOf(meter, partialWrite(ET06, 5, Uint8Array.of(1))),
    RESPONSE_CODE.iar,
    "the pulse count is the meter's",
  );
  assert.equal(
    codeOf(meter, partialWrite(ET06, 0, Uint8Array.of(3))),
    RESPONSE_CODE.iar,
    "the channel count is the meter's",
  );
});

test("8.8.1: an under-voltage counts once it has lasted the qualifying time; a sag at once", () => {
  const { meter, ticks } = meterOf();
  const v = pq(meter);
  const high = Math.max(v.voltageL1Dv, v.voltageL2Dv, v.voltageL3Dv);
  // sag and swell as they are; under 10 V above the highest phase, over 20 V above; qualifying 2 s
  const t = [...le(v.sagDv, 2), ...le(v.swellDv, 2), ...le(high + 100, 2), ...le(high + 200, 2), ...le(2, 2)];
  assert.equal(codeOf(meter, partialWrite(ET09, 0, Uint8Array.from(t))), RESPONSE_CODE.ok);
  ticks.advance(1_000);
  assert.equal(pq(meter).underCount, 0, "1 s: not yet qualified");
  ticks.advance(2_000);
  const after = pq(meter);
  assert.deepEqual([after.underCount, after.underSeconds], [1, 3]);
  assert.ok((statusOf(meter).conditions & (1 << METER_ALARM.underVoltage)) !== 0);
  const sag = [...le(high + 100, 2), ...le(high + 300, 2)];
  codeOf(meter, partialWrite(ET09, 0, Uint8Array.from(sag)));
  assert.equal(pq(meter).sagCount, 1);
});

test("8.8: thresholds out of range or out of order are refused; counts and present values are the meter's", () => {
  const { meter } = meterOf();
  const v = pq(meter);
  assert.equal(
    codeOf(meter, partialWrite(ET09, 0, Uint8Array.of(...le(v.swellDv + 1, 2)))),
    RESPONSE_CODE.err,
    "sag above swell",
  );
  assert.equal(codeOf(meter, partialWrite(ET09, 8, Uint8Array.of(0, 0))), RESPONSE_CODE.err, "qualifying 0 s");
  assert.equal(codeOf(meter, partialWrite(ET09, 14, Uint8Array.of(5, 0))), RESPONSE_CODE.iar);
  assert.equal(pq(meter).sagDv, v.sagDv);
  assert.ok(v.frequencyCentiHz > 4900 && v.frequencyCentiHz < 5100 && v.voltageL1Dv > 2200);
});

test("8.10.1.1: import power above ET30's threshold for its duration opens the contactor; no energy flows then", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING_MS);
  assert.equal(
    codeOf(meter, partialWrite(ET30, 0, Uint8Array.of(...le(1000, 4), 0, 0, ...le(2, 2)))),
    RESPONSE_CODE.ok,
  );
  ticks.advance(1_500);
  assert.equal(statusOf(meter).contactorState, CONTACTOR_STATE.closed, "1.5 s above: not yet");
  ticks.advance(1_000);
  const s = statusOf(meter);
  assert.deepEqual(
    [s.contactorState, s.openCause, s.contactorOperations],
    [CONTACTOR_STATE.open, OPEN_CAUSE.loadLimit, 1],
  );
  assert.equal(pq(meter).activePowerW, 0);
  const opened = meter.context.events.all().at(-1);
  // manufacturer event 30 "contactor opened", argument: the cause (2, the load limit), at 19:00:02 when the 2 s ran out
  assert.deepEqual(
    [opened?.code, opened?.manufacturer, [...(opened?.argument ?? [])], opened?.clockMs],
    [30, true, [2], EVENING_MS + 2000],
  );
  const wh = meter.context.metering.registers().activeImportWh;
  ticks.advance(10_000);
  assert.equal(meter.context.metering.registers().activeImportWh, wh);
  assert.equal(codeOf(meter, partialWrite(ET30, 6, Uint8Array.of(0, 0))), RESPONSE_CODE.err, "a duration of 0");
});

test("8.10.1.2/8.10.1.3: with the current chosen, the current threshold counts and the power threshold does not", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING_MS);
  codeOf(meter, partialWrite(ET55, 0, Uint8Array.of(0x01)));
  codeOf(meter, partialWrite(ET30, 0, Uint8Array.of(...le(100, 4), 0, 0, ...le(1, 2))));
  ticks.advance(3_000);
  assert.equal(
    statusOf(meter).contactorState,
    CONTACTOR_STATE.closed,
    "power far above its threshold, but the current is chosen",
  );
  const current = Math.max(pq(meter).currentL1CentiA, pq(meter).currentL2CentiA);
  codeOf(meter, partialWrite(ET30, 4, Uint8Array.of(...le(Math.floor(current / 2), 2))));
  ticks.advance(3_000);
  assert.deepEqual(
    [statusOf(meter).contactorState, statusOf(meter).openCause],
    [CONTACTOR_STATE.open, OPEN_CAUSE.loadLimit],
  );
});

test("8.10.2: the credit falls with the energy imported; at 0 the contactor opens and a close is a conflict", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING_MS);
  assert.equal(codeOf(meter, partialWrite(ET55, 0, Uint8Array.of(0x04, ...le(3, 4)))), RESPONSE_CODE.ok);
  ticks.advance(2_000); // about 1.5 Wh
  assert.equal(statusOf(meter).contactorState, CONTACTOR_STATE.closed);
  ticks.advance(3_000); // about 3.9 Wh in all
  assert.deepEqual(
    [statusOf(meter).contactorState, statusOf(meter).openCause],
    [CONTACTOR_STATE.open, OPEN_CAUSE.credit],
  );
  assert.equal(runProcedure(meter, EP30, [1]).resultCode, 3);
  assert.equal(codeOf(meter, partialWrite(ET55, 1, Uint8Array.of(...le(500, 4)))), RESPONSE_CODE.ok, "a top-up");
  assert.equal(runProcedure(meter, EP30, [1]).resultCode, 0);
  assert.equal(statusOf(meter).contactorState, CONTACTOR_STATE.closed);
  assert.equal(
    codeOf(meter, partialWrite(ET55, 1, Uint8Array.of(0xff, 0xff, 0xff, 0xff))),
    RESPONSE_CODE.err,
    "a credit of -1",
  );
});

test("8.10.3/8.10.4: EP30 opens, arms and closes; the button closes an armed contactor; bad actions are refused", () => {
  const { meter } = meterOf();
  let r = runProcedure(meter, EP30, [0]);
  assert.deepEqual([r.resultCode, r.responseData[0]], [0, CONTACTOR_STATE.open]);
  assert.equal(statusOf(meter).openCause, OPEN_CAUSE.remote);
  r = runProcedure(meter, EP30, [2]);
  assert.deepEqual([r.resultCode, r.responseData[0]], [0, CONTACTOR_STATE.armed]);
  runProcedure(meter, EP94, [0, 0]);
  assert.equal(statusOf(meter).contactorState, CONTACTOR_STATE.closed, "the button closed it");
  assert.equal(runProcedure(meter, EP30, [2]).resultCode, 3, "arming a closed contactor");
  codeOf(meter, partialWrite(ET55, 0, Uint8Array.of(0x02)));
  runProcedure(meter, EP30, [0]);
  r = runProcedure(meter, EP30, [1]);
  assert.deepEqual([r.resultCode, r.responseData[0]], [0, CONTACTOR_STATE.armed], "a local reconnect is required");
  assert.equal(runProcedure(meter, EP30, [7]).resultCode, 2);
  assert.equal(runProcedure(meter, EP30, [1, 1]).resultCode, 2);
  assert.equal(statusOf(meter).contactorState, CONTACTOR_STATE.armed);
});
