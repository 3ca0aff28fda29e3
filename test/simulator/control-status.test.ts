import { test } from "node:test";
import assert from "node:assert/strict";
import { BT03, decodeEndDeviceModeStatus } from "../../harness/protocol/tables/bt03-end-device-mode-status";
import { ET54, METER_ALARM } from "../../harness/protocol/tables/et54-meter-status";
import { decodeStatusExtension, ET58 } from "../../harness/protocol/tables/et58-status-extension";
import { decodeRamOnlyStatus, ET70 } from "../../harness/protocol/tables/et70-ram-only-status";
import { decodeDeltaDataAlerts, ET71 } from "../../harness/protocol/tables/et71-delta-data-alerts";
import { ET55 } from "../../harness/protocol/tables/et55-meter-configuration";
import { ET06 } from "../../harness/protocol/tables/et06-pulse-inputs";
import { BP06 } from "../../harness/protocol/procedures/bp06-change-end-device-mode";
import { BP07, BP08 } from "../../harness/protocol/procedures/bp07-bp08-clear-status-flags";
import { EP94 } from "../../harness/protocol/procedures/ep94-control-bench";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { codeOf, fullRead, meterOf, partialWrite, tableOf } from "./meter-requests";
import { decodedTable, EVENING_MS, le, runProcedure, statusOf } from "./control-requests";

/** 8.6 self-test and alarms, 8.16 test mode, 8.19 compatibility setting, as a client sees them. */
const bt03 = (m: ReturnType<typeof meterOf>["meter"]) => {
  const d = decodeEndDeviceModeStatus(tableOf(m, BT03), "le", 4);
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
};

test("8.6: a self-test runs at power-up and at each whole minute (meterOf starts at 23:59:30)", () => {
  const { meter, ticks } = meterOf();
  const et58 = () => decodedTable(meter, ET58, (b) => decodeStatusExtension(b, "le"));
  assert.equal(et58().testCount, 1);
  ticks.advance(29_000);
  assert.equal(et58().testCount, 1, "23:59:59: no boundary yet");
  ticks.advance(2_000);
  const after = et58();
  assert.equal(after.testCount, 2);
  assert.deepEqual(after.lastTest, { year: 2024, month: 3, day: 1, hour: 0, minute: 0, second: 0 });
  assert.deepEqual([after.failedTests, after.errorCode], [0, 0]);
});

test("8.6: a failed RAM test raises BT03's flags, the error code 1 and the alarm; they stay latched until BP07/BP08", () => {
  const { meter, ticks } = meterOf();
  assert.equal(runProcedure(meter, EP94, [1, 0]).resultCode, 0, "bench: fail the RAM test (bit 0)");
  ticks.advance(31_000);
  assert.deepEqual([bt03(meter).standardStatus.ramFailure, bt03(meter).standardStatus.selfCheckError], [1, 1]);
  const ram = 1 << METER_ALARM.selfTestFailure;
  assert.deepEqual(
    [statusOf(meter).selfTestError, statusOf(meter).conditions & ram, statusOf(meter).latched & ram],
    [1, ram, ram],
  );
  runProcedure(meter, EP94, [2, 0]);
  assert.deepEqual(
    [statusOf(meter).conditions & ram, statusOf(meter).latched & ram, statusOf(meter).selfTestError],
    [0, ram, 0],
    "healed: the condition goes, the latch stays",
  );
  assert.equal(bt03(meter).standardStatus.selfCheckError, 1, "BT03's flag is latched too");
  assert.equal(runProcedure(meter, BP07).resultCode, 0);
  assert.equal(bt03(meter).standardStatus.selfCheckError, 0);
  assert.equal(runProcedure(meter, BP08).resultCode, 0);
  assert.equal(statusOf(meter).latched & ram, 0);
  assert.equal(runProcedure(meter, BP08, [1]).resultCode, 2, "BP08 takes no parameters");
  assert.equal(runProcedure(meter, EP94, [1, 9]).resultCode, 2, "there is no self-test with bit 9");
});

test("8.6: ET71 raises an alert when the imported energy has grown by the delta; BP08 unlatches it", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING_MS);
  assert.equal(codeOf(meter, partialWrite(ET71, 0, Uint8Array.of(...le(1, 4)))), RESPONSE_CODE.ok);
  ticks.advance(3_000); // ~2.8 kW for 3 s: ~2.3 Wh
  const a = decodedTable(meter, ET71, (b) => decodeDeltaDataAlerts(b, "le"));
  assert.ok(a.alertCount >= 1 && a.alertLatched === 1, JSON.stringify(a));
  assert.ok((statusOf(meter).latched & (1 << METER_ALARM.deltaAlert)) !== 0);
  assert.equal(codeOf(meter, partialWrite(ET71, 0, Uint8Array.of(...le(1_000_001, 4)))), RESPONSE_CODE.err);
  assert.equal(
    codeOf(meter, partialWrite(ET71, 8, Uint8Array.of(9, 9))),
    RESPONSE_CODE.iar,
    "the alert count is the meter's",
  );
  codeOf(meter, partialWrite(ET71, 0, Uint8Array.of(0, 0, 0, 0)));
  runProcedure(meter, BP08);
  assert.equal(decodedTable(meter, ET71, (b) => decodeDeltaDataAlerts(b, "le")).alertLatched, 0);
});

test("8.6: ET70's uptime counts device seconds since power-up", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(5_000);
  assert.equal(decodedTable(meter, ET70, (b) => decodeRamOnlyStatus(b, "le")).uptimeSeconds, 5);
});

test("8.16: BP06 enters test mode (BT03 test, not metering); the test registers count; the timeout ends it", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(EVENING_MS);
  codeOf(meter, partialWrite(ET55, 9, Uint8Array.of(...le(10, 2))));
  assert.equal(runProcedure(meter, BP06, [0x02]).resultCode, 0);
  assert.deepEqual([bt03(meter).mode.test, bt03(meter).mode.metering], [1, 0]);
  ticks.advance(3_600); // about 2.8 kW for 3.6 s: about 2.8 Wh = 2800 mWh
  const ram = decodedTable(meter, ET70, (b) => decodeRamOnlyStatus(b, "le"));
  assert.equal(ram.testMode, 1);
  assert.ok(ram.testImportMilliWh > 2000 && ram.testImportMilliWh < 3600, String(ram.testImportMilliWh));
  assert.equal(ram.testSecondsLeft, 7);
  ticks.advance(7_000);
  assert.deepEqual([bt03(meter).mode.test, bt03(meter).mode.metering], [0, 1], "ended after 10 s");
  const frozen = decodedTable(meter, ET70, (b) => decodeRamOnlyStatus(b, "le")).testImportMilliWh;
  ticks.advance(3_000);
  assert.equal(
    decodedTable(meter, ET70, (b) => decodeRamOnlyStatus(b, "le")).testImportMilliWh,
    frozen,
    "no counting outside test mode",
  );
  assert.equal(runProcedure(meter, BP06, [0x04]).resultCode, 3, "meter-shop mode: conflict");
  assert.equal(runProcedure(meter, BP06, [0x0a]).resultCode, 2, "a reserved bit: invalid parameter");
  assert.equal(runProcedure(meter, BP06, []).resultCode, 2, "no mode byte");
});

test("8.19: the ICS reads 1; a write of 0 is kept and turns the ICA NAK off; reserved bits and other bytes are refused", () => {
  const { meter } = meterOf();
  let told = 0;
  meter.interface.onInterfaceChange(() => told++);
  assert.equal(tableOf(meter, ET54)[80], 1);
  assert.equal(codeOf(meter, partialWrite(ET54, 80, Uint8Array.of(0))), RESPONSE_CODE.ok);
  assert.equal(tableOf(meter, ET54)[80], 0);
  meter.interface.interfaceChanged();
  assert.equal(told, 0, "no NAK with the bit off");
  assert.equal(codeOf(meter, partialWrite(ET54, 80, Uint8Array.of(1))), RESPONSE_CODE.ok);
  meter.interface.interfaceChanged();
  assert.equal(told, 1);
  assert.equal(codeOf(meter, partialWrite(ET54, 80, Uint8Array.of(3))), RESPONSE_CODE.err);
  assert.equal(codeOf(meter, partialWrite(ET54, 0, Uint8Array.of(7))), RESPONSE_CODE.iar);
  assert.equal(codeOf(meter, partialWrite(ET54, 80, Uint8Array.of(1)), "reader"), RESPONSE_CODE.isc);
});

test("the minimal profile has ET54 (8.19 is mandatory) and none of the optional control tables or procedures", () => {
  const { meter } = meterOf("minimal");
  assert.equal(tableOf(meter, ET54).length, 91);
  for (const id of [ET06, ET55, ET58, ET70, ET71])
    assert.equal(codeOf(meter, fullRead(id)), RESPONSE_CODE.onp, String(id));
  for (const id of [BP06, BP07, EP94]) assert.equal(runProcedure(meter, id).resultCode, 6, String(id));
});
