import { test } from "node:test";
import assert from "node:assert/strict";
import { controlField, fieldData, hostRanges } from "../../harness/conformance/control-fields";
import { pixitCodes, pixitList, controlProcedure } from "../../harness/conformance/control-pixit";
import { secondsToImport } from "../../harness/conformance/control-status";
import { presentLoad, scaled, withLimitBy, withOption } from "../../harness/conformance/contactor-checks";
import { listOfFirst, messageBytes, sourceProblems, unknownSourceId } from "../../harness/conformance/display-checks";
import {
  eventCount,
  presentValueProblems,
  provokingThresholds,
  thresholdBytes,
} from "../../harness/conformance/power-quality-checks";
import { weightProblem } from "../../harness/conformance/pulse-input-checks";
import { randomisedSwitchProblem, relayAnswer } from "../../harness/conformance/relay-checks";
import {
  alarmState,
  nextPeriodBoundary,
  nextSelfTestDue,
  selfTestDisagreements,
  selfTestStampProblem,
} from "../../harness/conformance/self-test-checks";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { emptyStandardStatus } from "../../harness/protocol/tables/bt03-end-device-mode-status";
import { ET06 } from "../../harness/protocol/tables/et06-pulse-inputs";
import { ET54, type MeterStatus } from "../../harness/protocol/tables/et54-meter-status";
import type { PowerQuality } from "../../harness/protocol/tables/et09-power-quality";
import type { StatusExtension } from "../../harness/protocol/tables/et58-status-extension";
import { parseHex } from "../../harness/bytes/parse-hex";

/** The control scenarios' judgements and helpers, against values worked out by hand. */
test("control fields are placed as the layouts say: ET06 channel 2's weight at 1 + 12 + 2, ET54's ICS at 80", () => {
  assert.deepEqual(controlField("ET06.channel2.pulseWeight"), {
    name: "ET06.channel2.pulseWeight",
    tableId: ET06,
    place: { offset: 15, size: 2, signed: false },
  });
  assert.equal(controlField("ET54.ics").tableId, ET54);
  assert.equal(controlField("ET54.ics").place.offset, 80);
  assert.equal(controlField("ET05.relay2.windowSeconds").place.offset, 1 + 4 + 1);
  assert.equal(controlField("ET70.testMode").place.offset, 4 + 2, "after UINT32 uptime and UINT16 conditions");
  assert.equal(controlField("ET58.errorCode").place.offset, 4 + 2 + 1);
  assert.deepEqual(fieldData(controlField("ET55.creditWh"), -2, "le"), parseHex("fe ff ff ff"));
  assert.deepEqual(fieldData(controlField("ET07.scrollSeconds"), 5, "be"), parseHex("05"));
  assert.deepEqual(fieldData(controlField("ET55.creditWh"), 0x0102, "be"), parseHex("00 00 01 02"));
  assert.throws(() => controlField("ET06.channel0.pulseWeight"));
  assert.throws(() => controlField("ET07.nothing"));
  assert.throws(() => fieldData(controlField("ET07.scrollSeconds"), 256, "le"));
});

test("the host parts of a table are what a restore writes: ET06's first 4 bytes of each channel", () => {
  assert.deepEqual(
    hostRanges(
      ET06,
      new Uint8Array(25).fill(0).map((_, i) => (i === 0 ? 2 : 0)),
    ),
    [
      [1, 4],
      [13, 4],
    ],
  );
  assert.deepEqual(hostRanges(ET54, new Uint8Array(91)), [[80, 1]]);
});

test("PIXIT lists by path, and the control procedures by name", () => {
  assert.deepEqual(pixitList(PIXIT_DEFAULTS, "control.badRequest"), ["invalid-parameter", "conflict"]);
  assert.deepEqual(pixitCodes(PIXIT_DEFAULTS, "control.rejectedValue"), [1, 4, 5]);
  assert.equal(controlProcedure(PIXIT_DEFAULTS, "contactor"), 2048 + 30);
  assert.equal(controlProcedure(PIXIT_DEFAULTS, "testMode"), 6);
  assert.throws(() => pixitList(PIXIT_DEFAULTS, "control.loadImportsAt"));
});

const PQ: PowerQuality = {
  sagDv: 2070,
  swellDv: 2530,
  underDv: 2185,
  overDv: 2415,
  qualifyingSeconds: 60,
  sagCount: 1,
  swellCount: 2,
  underCount: 3,
  overCount: 4,
  sagSeconds: 5,
  swellSeconds: 6,
  underSeconds: 7,
  overSeconds: 8,
  voltageL1Dv: 2300,
  voltageL2Dv: 2296,
  voltageL3Dv: 2292,
  currentL1CentiA: 400,
  currentL2CentiA: 410,
  currentL3CentiA: 405,
  activePowerW: 2800,
  reactivePowerVar: 900,
  frequencyCentiHz: 5000,
  powerFactorMilli: 950,
};

test("thresholds that make the present voltage each event sit 10 V past it and keep the others in order", () => {
  assert.deepEqual(provokingThresholds("under-voltage", PQ, 1), {
    sagDv: 2070,
    swellDv: 2530,
    underDv: 2400,
    overDv: 2500,
    qualifyingSeconds: 1,
  });
  assert.deepEqual(provokingThresholds("over-voltage", PQ, 1), {
    sagDv: 2070,
    swellDv: 2530,
    underDv: 2092,
    overDv: 2192,
    qualifyingSeconds: 1,
  });
  assert.deepEqual(provokingThresholds("sag", PQ, 60), {
    sagDv: 2400,
    swellDv: 2530,
    underDv: 2185,
    overDv: 2415,
    qualifyingSeconds: 60,
  });
  assert.deepEqual(provokingThresholds("swell", PQ, 60), {
    sagDv: 2070,
    swellDv: 2192,
    underDv: 2185,
    overDv: 2415,
    qualifyingSeconds: 60,
  });
  // 2070 = 16 08, 2530 = e2 09, 2185 = 89 08, 2415 = 6f 09, 60 = 3c 00
  assert.deepEqual(thresholdBytes(PQ, "le"), parseHex("16 08 e2 09 89 08 6f 09 3c 00"));
  assert.deepEqual(thresholdBytes(PQ, "be"), parseHex("08 16 09 e2 08 89 09 6f 00 3c"));
  assert.deepEqual(eventCount(PQ, "over-voltage"), { count: 4, seconds: 8 });
  assert.deepEqual(presentValueProblems(PQ), []);
  assert.equal(
    presentValueProblems({ ...PQ, frequencyCentiHz: 7000, voltageL1Dv: 0, voltageL2Dv: 0, voltageL3Dv: 0 }).length,
    2,
  );
});

test("the self-test story: an error code that matches the failed tests, flags raised, alarms latched", () => {
  const et58: StatusExtension = {
    testCount: 3,
    periodSeconds: 60,
    failedTests: 0b00100,
    errorCode: 3,
    failureCount: 1,
    lastTest: null,
  };
  const et54: MeterStatus = {
    conditions: 1,
    latched: 1,
    contactorState: 0,
    openCause: 0,
    contactorOperations: 0,
    selfTestError: 3,
    ics: 1,
    unicastKeyUsage: 0,
    broadcastKeyUsage: 0,
    supportedSecurityModes: 5,
  };
  const bt03 = { ...emptyStandardStatus(), selfCheckError: 1, nonvolatileMemoryFailure: 1 };
  assert.deepEqual(selfTestDisagreements(et58, et54, bt03), []);
  assert.equal(
    selfTestDisagreements({ ...et58, errorCode: 1 }, et54, bt03).length,
    2,
    "ET58's own code and ET54's then disagree",
  );
  assert.equal(selfTestDisagreements(et58, et54, emptyStandardStatus()).length, 2, "neither BT03 flag is set");
  assert.equal(selfTestDisagreements(et58, { ...et54, latched: 0 }, bt03).length, 1);
  assert.deepEqual(alarmState({ conditions: 0, latched: 2 }, "underVoltage"), { raised: false, latched: true });
});

test("the next self-test boundary: the next multiple of the period in the day", () => {
  const t = Date.UTC(2024, 0, 1, 10, 0, 59);
  assert.equal(nextPeriodBoundary(t, 60), Date.UTC(2024, 0, 1, 10, 1, 0));
  assert.equal(nextPeriodBoundary(Date.UTC(2024, 0, 1, 10, 1, 0), 60), Date.UTC(2024, 0, 1, 10, 2, 0));
  assert.equal(nextPeriodBoundary(t, 86_400), Date.UTC(2024, 0, 2));
  assert.equal(
    nextPeriodBoundary(Date.UTC(2024, 0, 1, 23, 59, 0), 7 * 3600),
    Date.UTC(2024, 0, 2),
    "a period that does not divide the day ends at midnight",
  );
});

test("the next self-test is due a whole number of periods after the last, on the meter's own phase", () => {
  const last = Date.UTC(2024, 0, 1, 10, 0, 23); // a timer running from power-up, not from midnight
  assert.equal(nextSelfTestDue(last, Date.UTC(2024, 0, 1, 10, 0, 40), 60), Date.UTC(2024, 0, 1, 10, 1, 23));
  assert.equal(
    nextSelfTestDue(last, Date.UTC(2024, 0, 1, 10, 3, 23), 60),
    Date.UTC(2024, 0, 1, 10, 4, 23),
    "overdue (the clock was set forward): the next one on the phase",
  );
  assert.equal(nextSelfTestDue(last, last - 1000, 60), null, "stamped after the clock: set back since");
});

test("a new self-test is stamped between the start of the wait and its due time plus the reaction time", () => {
  const from = Date.UTC(2024, 0, 1, 10, 0, 40);
  const due = Date.UTC(2024, 0, 1, 10, 1, 23);
  assert.equal(selfTestStampProblem(due + 4000, from, due, 5, 2), null, "a few seconds late is in time");
  assert.equal(selfTestStampProblem(from + 1000, from, due, 5, 2), null, "a meter on another phase runs earlier");
  assert.match(
    selfTestStampProblem(due + 3_600_000, from, due, 5, 2) ?? "",
    /stamps its last one 2024-01-01T11:01:23Z/,
  );
  assert.match(selfTestStampProblem(from - 60_000, from, due, 5, 2) ?? "", /ran between 2024-01-01T10:00:40Z and/);
  assert.match(selfTestStampProblem(null, from, due, 5, 2) ?? "", /all zero/);
});

test("pulse growth, relay answers, display helpers, load helpers", () => {
  const ch = { enabled: 1, unit: 0, pulseWeight: 3, pulseCount: 10, value: 30 };
  assert.equal(weightProblem(ch, { ...ch, pulseCount: 14, value: 42 }), null);
  assert.match(
    weightProblem(ch, { ...ch, pulseCount: 14, value: 34 }) ?? "",
    /4 pulse\(s\) of weight 3 moved the value by 4, not 12/,
  );
  assert.equal(
    weightProblem({ ...ch, pulseCount: 2 ** 32 - 1, value: 2 ** 32 - 3 }, { ...ch, pulseCount: 1, value: 3 }),
    null,
    "both counters wrap",
  );
  assert.deepEqual(relayAnswer(Uint8Array.of(0, 2, 0x2c, 0x01), "le"), { state: 0, pending: 2, delaySeconds: 300 });
  assert.deepEqual(relayAnswer(Uint8Array.of(0, 2, 0x01, 0x2c), "be"), { state: 0, pending: 2, delaySeconds: 300 });
  assert.equal(
    randomisedSwitchProblem({ state: 0, pending: 2, delaySeconds: 300 }, 299),
    "the delay drawn is 300 s, outside the window of 299 s",
  );
  assert.equal(randomisedSwitchProblem({ state: 1, pending: 0, delaySeconds: 0 }, 5), null);
  const m = {
    listLength: 3,
    messageSlots: 1,
    sources: [
      { sourceId: 4, quantity: 0, decimals: 0 },
      { sourceId: 9, quantity: 1, decimals: 0 },
    ],
  };
  assert.deepEqual(listOfFirst(m, 2), { count: 2, entries: [4, 9, 0] });
  assert.equal(unknownSourceId(m), 10);
  assert.deepEqual(sourceProblems({ ...m, sources: [...m.sources, { sourceId: 4, quantity: 2, decimals: 0 }] }), [
    "ET67 lists source id(s) 4 more than once",
  ]);
  assert.deepEqual(
    messageBytes({ year: 2024, month: 3, day: 1, hour: 12, minute: 5 }, 10, Uint8Array.of(0x48), "le"),
    parseHex("18 03 01 0c 05 0a 00 48 00 00 00 00 00 00 00 00 00 00 00"),
  );
  // A device whose BT00 says MSB first gets its minutes so; the date is discrete bytes either way.
  assert.deepEqual(
    messageBytes({ year: 2024, month: 3, day: 1, hour: 12, minute: 5 }, 10, Uint8Array.of(0x48), "be").subarray(0, 8),
    parseHex("18 03 01 0c 05 00 0a 48"),
  );
  assert.equal(secondsToImport(1, 2800), 2, "1 Wh at 2.8 kW takes 1.3 s; half as long again is 1.9");
  assert.deepEqual(presentLoad(PQ), { powerW: 2800, currentCentiA: 410 });
  assert.throws(() => presentLoad({ ...PQ, activePowerW: -500 }));
  assert.deepEqual([scaled(2800, 0.5, 1_000_000), scaled(1, 0.5, 10), scaled(4000, 4, 10_000)], [1400, 1, 10_000]);
  const config = { contactorOptions: 0x06, creditWh: 0, lowCreditWh: 0, testModeTimeoutSeconds: 300 };
  assert.equal(withLimitBy(config, "current").contactorOptions, 0x07);
  assert.equal(withLimitBy({ ...config, contactorOptions: 0x07 }, "power").contactorOptions, 0x06);
  assert.equal(withOption(config, 0x04, false).contactorOptions, 0x02);
});
