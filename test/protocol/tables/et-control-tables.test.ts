import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import type { Decoded } from "../../../harness/bytes/decoded";
import {
  decodeControlOutputSettings,
  checkControlOutputSettings,
} from "../../../harness/protocol/tables/et05-control-output-settings";
import {
  decodePulseInputs,
  encodePulseInputs,
  checkPulseInputs,
} from "../../../harness/protocol/tables/et06-pulse-inputs";
import {
  checkDisplayConfiguration,
  decodeDisplayConfiguration,
  displayConfigurationSize,
  isShowableText,
} from "../../../harness/protocol/tables/et07-display-configuration";
import {
  checkPowerQualityThresholds,
  decodePowerQuality,
  ET09_FIELDS,
  ET09_SIZE,
} from "../../../harness/protocol/tables/et09-power-quality";
import {
  checkMaxPowerCurrent,
  decodeMaxPowerCurrent,
  encodeMaxPowerCurrent,
} from "../../../harness/protocol/tables/et30-maximum-power-current";
import { decodeControlOutputData } from "../../../harness/protocol/tables/et46-control-output-data";
import {
  decodeMeterStatus,
  encodeMeterStatus,
  ET54_FIELDS,
  ET54_SIZE,
  isValidIcs,
} from "../../../harness/protocol/tables/et54-meter-status";
import {
  decodeMeterConfiguration,
  checkMeterConfiguration,
} from "../../../harness/protocol/tables/et55-meter-configuration";
import { decodeStatusExtension } from "../../../harness/protocol/tables/et58-status-extension";
import { checkRelayCalendar, decodeRelayCalendar } from "../../../harness/protocol/tables/et61-relay-calendar";
import { decodeLpDisplayConfiguration } from "../../../harness/protocol/tables/et62-lp-display-configuration";
import { decodeDisplaySourceMapping } from "../../../harness/protocol/tables/et67-display-source-mapping";
import { decodeRamOnlyStatus } from "../../../harness/protocol/tables/et70-ram-only-status";
import { decodeDeltaDataAlerts } from "../../../harness/protocol/tables/et71-delta-data-alerts";
import {
  checkDisplayList,
  decodeSecondaryDisplayList,
} from "../../../harness/protocol/tables/et77-secondary-display-list";
import {
  decodeChangeEndDeviceMode,
  testModeParameters,
} from "../../../harness/protocol/procedures/bp06-change-end-device-mode";
import { decodeContactorAction } from "../../../harness/protocol/procedures/ep30-load-contactor-control";
import { decodeRelayCommand } from "../../../harness/protocol/procedures/ep05-control-relay";
import { decodeControlBenchAction } from "../../../harness/protocol/procedures/ep94-control-bench";

/** The control tables' PROVISIONAL layouts, checked against bytes written out by hand from their doc comments. */
function value<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

test("ET30: UINT32 power, UINT16 current, UINT16 duration, LSB first", () => {
  // 2500 W = 0x09c4, 12.34 A = 1234 = 0x04d2, 60 s = 0x3c
  const bytes = parseHex("c4 09 00 00 d2 04 3c 00");
  assert.deepEqual(value(decodeMaxPowerCurrent(bytes, "le")), {
    maxPowerW: 2500,
    maxCurrentCentiA: 1234,
    durationSeconds: 60,
  });
  assert.deepEqual(
    encodeMaxPowerCurrent({ maxPowerW: 2500, maxCurrentCentiA: 1234, durationSeconds: 60 }, "le"),
    bytes,
  );
  assert.equal(
    checkMaxPowerCurrent({ maxPowerW: 2500, maxCurrentCentiA: 1234, durationSeconds: 0 }),
    "durationSeconds = 0 (allowed 1..3600)",
  );
  assert.equal(decodeMaxPowerCurrent(bytes.subarray(0, 7), "le").ok, false);
});

test("ET55: options, signed credit, low credit, test-mode timeout", () => {
  // options 0x05, credit -2 = fe ff ff ff, low credit 100 = 64, timeout 300 = 0x012c
  const v = value(decodeMeterConfiguration(parseHex("05 fe ff ff ff 64 00 00 00 2c 01"), "le"));
  assert.deepEqual(v, { contactorOptions: 5, creditWh: -2, lowCreditWh: 100, testModeTimeoutSeconds: 300 });
  assert.match(checkMeterConfiguration(v) ?? "", /creditWh = -2/);
  assert.match(checkMeterConfiguration({ ...v, creditWh: 0, contactorOptions: 8 }) ?? "", /contactorOptions/);
});

test("ET54: the status at 0..8, the ICS at 80, 7.4's key usage at 82/86/90", () => {
  const t = new Uint8Array(ET54_SIZE);
  t.set(parseHex("02 00 22 00 01 02 05 00 01"), 0);
  t[80] = 0x01;
  t.set(parseHex("07 00 00 00 09 00 00 00 05"), 82);
  const v = value(decodeMeterStatus(t, "le"));
  assert.deepEqual(v, {
    conditions: 2,
    latched: 0x22,
    contactorState: 1,
    openCause: 2,
    contactorOperations: 5,
    selfTestError: 1,
    ics: 1,
    unicastKeyUsage: 7,
    broadcastKeyUsage: 9,
    supportedSecurityModes: 5,
  });
  assert.deepEqual(encodeMeterStatus(v, "le"), t);
  assert.equal(ET54_FIELDS.ics.offset, 80);
  assert.deepEqual([isValidIcs(0), isValidIcs(1), isValidIcs(2), isValidIcs(0xff)], [true, true, false, false]);
});

test("ET09: thresholds, counts, durations and present values at the offsets the doc comment gives", () => {
  const t = new Uint8Array(ET09_SIZE);
  t.set(parseHex("16 08 e2 09 89 08 6f 09 3c 00"), 0); // 2070, 2530, 2185, 2415, 60
  t.set(parseHex("03 00"), 14); // under count 3
  t.set(parseHex("0a 00 00 00"), 26); // under seconds 10
  t.set(parseHex("fa 08"), 34); // L1 2298 dV
  t.set(parseHex("38 ff ff ff"), 46); // -200 W
  t.set(parseHex("88 13 b6 03"), 54); // 50.00 Hz, 0.950
  const v = value(decodePowerQuality(t, "le"));
  assert.deepEqual([v.sagDv, v.swellDv, v.underDv, v.overDv, v.qualifyingSeconds], [2070, 2530, 2185, 2415, 60]);
  assert.deepEqual(
    [v.underCount, v.underSeconds, v.voltageL1Dv, v.activePowerW, v.frequencyCentiHz, v.powerFactorMilli],
    [3, 10, 2298, -200, 5000, 950],
  );
  assert.equal(ET09_FIELDS.activePowerW.offset, 46);
  assert.match(checkPowerQualityThresholds({ ...v, sagDv: 2600 }) ?? "", /sagDv \(2600\) must be below swellDv/);
  assert.match(checkPowerQualityThresholds({ ...v, underDv: 2500 }) ?? "", /underDv/);
  assert.equal(checkPowerQualityThresholds(v), null);
});

test("ET06: a channel count, then 12-byte channels; its size follows the count", () => {
  const bytes = parseHex("01 01 02 0a 00 05 00 00 00 32 00 00 00");
  const v = value(decodePulseInputs(bytes, "le"));
  assert.deepEqual(v, [{ enabled: 1, unit: 2, pulseWeight: 10, pulseCount: 5, value: 50 }]);
  assert.deepEqual(encodePulseInputs(v, "le"), bytes);
  assert.equal(decodePulseInputs(parseHex("02").subarray(0), "le").ok, false, "two channels announced, none given");
  assert.match(checkPulseInputs([{ ...(v[0] as (typeof v)[0]), pulseWeight: 0 }]) ?? "", /pulseWeight = 0/);
});

test("ET05, ET46, ET61, ET62: counted records", () => {
  assert.deepEqual(value(decodeControlOutputSettings(parseHex("01 01 3c 00 00"), "le")), [
    { mode: 1, windowSeconds: 60, reserved: 0 },
  ]);
  assert.match(checkControlOutputSettings([{ mode: 2, windowSeconds: 0, reserved: 0 }]) ?? "", /mode = 2/);
  const et46 = value(decodeControlOutputData(parseHex("01 01 02 03 00 04 00 18 02 1d 0a 0b 0c"), "le"));
  assert.deepEqual(et46, [
    {
      state: 1,
      pending: 2,
      delaySeconds: 3,
      switchCount: 4,
      lastSwitch: { year: 2024, month: 2, day: 29, hour: 10, minute: 11, second: 12 },
    },
  ]);
  const calendar = value(decodeRelayCalendar(parseHex("02 01 06 1e 01 7f 00 ff ff ff ff"), "le"));
  assert.deepEqual(calendar[0], { relay: 1, hour: 6, minute: 30, action: 1, days: 0x7f });
  assert.equal(checkRelayCalendar(calendar, 2), null, "an unused entry's other bytes are not judged");
  assert.match(checkRelayCalendar([{ relay: 3, hour: 0, minute: 0, action: 0, days: 0 }], 2) ?? "", /relay = 3/);
  assert.match(checkRelayCalendar([{ relay: 1, hour: 24, minute: 0, action: 0, days: 0 }], 2) ?? "", /hour = 24/);
  assert.deepEqual(value(decodeLpDisplayConfiguration(parseHex("01 01 30 02 00"), "le")), [
    { enabled: 1, intervals: 48, decimals: 2, reserved: 0 },
  ]);
});

test("ET67 sizes ET07 and ET77; ET07's settings, list and messages sit where the doc comment says", () => {
  const et67 = value(decodeDisplaySourceMapping(parseHex("02 02 01 01 00 00 00 02 00 03 01"), "le"));
  assert.deepEqual(et67, {
    listLength: 2,
    messageSlots: 1,
    sources: [
      { sourceId: 1, quantity: 0, decimals: 0 },
      { sourceId: 2, quantity: 3, decimals: 1 },
    ],
  });
  // 18 setting bytes + list (1 + 2*2) + 1 message (5 + 2 + 12) + active message = 43
  assert.equal(displayConfigurationSize(et67), 43);
  const et07 = parseHex(
    "08 01 0f 01 01 e8 03 01 01 01 00 01 00 01 03 01 46 28" +
      " 01 02 00 00 00" +
      " 18 03 01 0c 00 0a 00 48 49 00 00 00 00 00 00 00 00 00 00" +
      " 01",
  );
  const v = value(decodeDisplayConfiguration(et07, et67, "le"));
  assert.deepEqual(
    [v.settings.scrollSeconds, v.settings.wheelWhPerRevolution, v.settings.plcGoodLevel, v.settings.plcFairLevel],
    [8, 1000, 70, 40],
  );
  assert.deepEqual(v.primary, { count: 1, entries: [2, 0] });
  assert.deepEqual(v.messages[0]?.start, { year: 2024, month: 3, day: 1, hour: 12, minute: 0 });
  assert.equal(v.activeMessage, 1);
  const known = new Set([1, 2]);
  assert.equal(checkDisplayConfiguration(v, known), null);
  assert.match(
    checkDisplayConfiguration({ ...v, primary: { count: 1, entries: [9, 0] } }, known) ?? "",
    /not a source id of ET67/,
  );
  assert.match(
    checkDisplayConfiguration({ ...v, settings: { ...v.settings, plcFairLevel: 70 } }, known) ?? "",
    /plcFairLevel/,
  );
  assert.match(
    checkDisplayConfiguration(
      { ...v, messages: [{ ...(v.messages[0] as (typeof v.messages)[0]), minutes: 0 }] },
      known,
    ) ?? "",
    /minutes = 0/,
  );
  assert.deepEqual([isShowableText("HI\0\0"), isShowableText("H\x07I"), isShowableText("H\0I")], [true, false, false]);
  assert.deepEqual(value(decodeSecondaryDisplayList(parseHex("02 01 00 02 00"), 2, "le")), {
    count: 2,
    entries: [1, 2],
  });
  assert.match(checkDisplayList({ count: 3, entries: [1, 2] }, known, "list") ?? "", /count = 3/);
});

test("ET58, ET70, ET71: the self-test, RAM-only status and delta alert layouts", () => {
  const et58 = value(decodeStatusExtension(parseHex("05 00 00 00 3c 00 01 01 02 00 18 03 01 00 01 00"), "le"));
  assert.deepEqual(et58, {
    testCount: 5,
    periodSeconds: 60,
    failedTests: 1,
    errorCode: 1,
    failureCount: 2,
    lastTest: { year: 2024, month: 3, day: 1, hour: 0, minute: 1, second: 0 },
  });
  const et70 = value(decodeRamOnlyStatus(parseHex("10 00 00 00 02 02 01 2c 01 e8 03 00 00 00 00 00 00"), "le"));
  assert.deepEqual(et70, {
    uptimeSeconds: 16,
    conditions: 0x202,
    testMode: 1,
    testSecondsLeft: 300,
    testImportMilliWh: 1000,
    testExportMilliWh: 0,
  });
  const et71 = value(decodeDeltaDataAlerts(parseHex("0a 00 00 00 64 00 00 00 03 00 01 00 00 00 00 00 00"), "le"));
  assert.deepEqual(et71, { energyDeltaWh: 10, referenceWh: 100, alertCount: 3, alertLatched: 1, lastAlert: null });
});

test("procedure parameters: BP06's mode byte, EP30's action, EP05's relay and command, EP94's bench action", () => {
  assert.deepEqual(testModeParameters(true), Uint8Array.of(0x02));
  assert.deepEqual(testModeParameters(false), Uint8Array.of(0x01));
  assert.deepEqual(value(decodeChangeEndDeviceMode(Uint8Array.of(0x0c))), {
    metering: 0,
    test: 0,
    meterShop: 1,
    reserved: 1,
  });
  assert.equal(decodeContactorAction(Uint8Array.of(0, 0)).ok, false, "one byte only");
  assert.deepEqual(value(decodeRelayCommand(Uint8Array.of(2, 3))), { relay: 2, command: 3 });
  assert.equal(decodeRelayCommand(Uint8Array.of(1)).ok, false);
  assert.deepEqual(value(decodeControlBenchAction(Uint8Array.of(1, 4))), { action: 1, argument: 4 });
});

const DECODERS: Record<string, (b: Uint8Array) => Decoded<unknown>> = {
  ET05: (b) => decodeControlOutputSettings(b, "le"),
  ET06: (b) => decodePulseInputs(b, "le"),
  ET07: (b) => decodeDisplayConfiguration(b, { listLength: 3, messageSlots: 2 }, "le"),
  ET09: (b) => decodePowerQuality(b, "le"),
  ET30: (b) => decodeMaxPowerCurrent(b, "le"),
  ET46: (b) => decodeControlOutputData(b, "le"),
  ET54: (b) => decodeMeterStatus(b, "le"),
  ET55: (b) => decodeMeterConfiguration(b, "le"),
  ET58: (b) => decodeStatusExtension(b, "le"),
  ET61: (b) => decodeRelayCalendar(b, "le"),
  ET62: (b) => decodeLpDisplayConfiguration(b, "le"),
  ET67: (b) => decodeDisplaySourceMapping(b, "le"),
  ET70: (b) => decodeRamOnlyStatus(b, "le"),
  ET71: (b) => decodeDeltaDataAlerts(b, "le"),
  ET77: (b) => decodeSecondaryDisplayList(b, 3, "le"),
  BP06: decodeChangeEndDeviceMode,
  EP05: decodeRelayCommand,
  EP30: decodeContactorAction,
  EP94: decodeControlBenchAction,
};

test("every control decoder answers any bytes with a value or a typed error, never a throw", () => {
  for (const [name, decode] of Object.entries(DECODERS)) {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const d = decode(b);
        return d.ok || (d.error.name === "DecodeError" && typeof d.error.message === "string");
      }),
      { numRuns: 300 },
    );
    assert.ok(name.length > 0);
  }
});
