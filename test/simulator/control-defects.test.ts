import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePulseInputs, ET06 } from "../../harness/protocol/tables/et06-pulse-inputs";
import { ET07, ET07_FIELDS } from "../../harness/protocol/tables/et07-display-configuration";
import { decodePowerQuality, ET09 } from "../../harness/protocol/tables/et09-power-quality";
import { ET05 } from "../../harness/protocol/tables/et05-control-output-settings";
import { decodeControlOutputData, ET46 } from "../../harness/protocol/tables/et46-control-output-data";
import { ET61 } from "../../harness/protocol/tables/et61-relay-calendar";
import { ET30 } from "../../harness/protocol/tables/et30-maximum-power-current";
import { CONTACTOR_STATE, ET54, METER_ALARM } from "../../harness/protocol/tables/et54-meter-status";
import { decodeMeterConfiguration, ET55 } from "../../harness/protocol/tables/et55-meter-configuration";
import { decodeStatusExtension, ET58 } from "../../harness/protocol/tables/et58-status-extension";
import { decodeRamOnlyStatus, ET70 } from "../../harness/protocol/tables/et70-ram-only-status";
import { ET77 } from "../../harness/protocol/tables/et77-secondary-display-list";
import { BP06 } from "../../harness/protocol/procedures/bp06-change-end-device-mode";
import { EP05 } from "../../harness/protocol/procedures/ep05-control-relay";
import { EP30 } from "../../harness/protocol/procedures/ep30-load-contactor-control";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import type { DefectName } from "../../harness/simulator/defects";
import { CONTROL_DEFECTS } from "../../harness/simulator/defects/control-defects";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { codeOf, meterOf, partialWrite, tableOf, type FakeTicks } from "./meter-requests";
import { decodedTable, EVENING_MS, le, runProcedure, statusOf } from "./control-requests";

/** Each defect of the control group changes what the meter visibly does: true with it, false without. */
const write = (m: ReferenceMeter, id: number, offset: number, bytes: number[]) =>
  codeOf(m, partialWrite(id, offset, Uint8Array.from(bytes)));
const relayOne = (m: ReferenceMeter) => decodedTable(m, ET46, (b) => decodeControlOutputData(b, "le"))[0];
const credit = (m: ReferenceMeter) => decodedTable(m, ET55, (b) => decodeMeterConfiguration(b, "le")).creditWh;

function underVoltage(m: ReferenceMeter, ticks: FakeTicks): number {
  const v = decodedTable(m, ET09, (b) => decodePowerQuality(b, "le"));
  write(m, ET09, 4, [...le(v.voltageL1Dv + 100, 2), ...le(v.voltageL1Dv + 200, 2), ...le(1, 2)]);
  ticks.advance(2_000);
  return v.underDv;
}

const OBSERVATIONS: Record<keyof typeof CONTROL_DEFECTS, (meter: ReferenceMeter, ticks: FakeTicks) => boolean> = {
  "self-test-not-periodic": (m, ticks) => {
    ticks.advance(120_000);
    return decodedTable(m, ET58, (b) => decodeStatusExtension(b, "le")).testCount === 1;
  },
  "alarm-not-latched": (m, ticks) => {
    const under = underVoltage(m, ticks);
    write(m, ET09, 4, le(under, 2));
    return (statusOf(m).latched & (1 << METER_ALARM.underVoltage)) === 0;
  },
  "pulse-weight-ignored": (m, ticks) => {
    write(m, ET06, 1, [1, 0, 5, 0]);
    ticks.advance(5_000);
    const c = decodedTable(m, ET06, (b) => decodePulseInputs(b, "le"))[0];
    return c !== undefined && c.value !== 5 * c.pulseCount;
  },
  "pq-thresholds-unchecked": (m) => write(m, ET09, 0, le(6000, 2)) === RESPONSE_CODE.ok,
  "pq-under-voltage-not-counted": (m, ticks) => {
    underVoltage(m, ticks);
    return decodedTable(m, ET09, (b) => decodePowerQuality(b, "le")).underCount === 0;
  },
  "display-list-unknown-source": (m) => write(m, ET77, 0, [1, 0xff, 0x7f]) === RESPONSE_CODE.ok,
  "display-ct-ratio-unchecked": (m) => write(m, ET07, ET07_FIELDS.ctRatio.offset, [0, 0]) === RESPONSE_CODE.ok,
  "power-threshold-in-kw": (m, ticks) => {
    write(m, ET30, 0, [...le(1000, 4), 0, 0, ...le(1, 2)]);
    ticks.advance(3_000);
    return statusOf(m).contactorState === CONTACTOR_STATE.closed;
  },
  "current-threshold-ignored": (m, ticks) => {
    write(m, ET55, 0, [0x01]);
    write(m, ET30, 0, [0, 0, 0, 0, ...le(10, 2), ...le(1, 2)]);
    ticks.advance(3_000);
    return statusOf(m).contactorState === CONTACTOR_STATE.closed;
  },
  "prepaid-credit-not-decremented": (m, ticks) => {
    write(m, ET55, 0, [0x04, ...le(1000, 4)]);
    ticks.advance(5_000);
    return credit(m) === 1000;
  },
  "remote-reconnect-without-arming": (m) => {
    write(m, ET55, 0, [0x02]);
    runProcedure(m, EP30, [0]);
    runProcedure(m, EP30, [1]);
    return statusOf(m).contactorState === CONTACTOR_STATE.closed;
  },
  "contactor-unknown-action-accepted": (m) => runProcedure(m, EP30, [9]).resultCode === 0,
  "relay-randomisation-ignored": (m) => {
    write(m, ET05, 2, le(2, 2));
    const r = runProcedure(m, EP05, [1, 3]);
    return ((r.responseData[2] as number) | ((r.responseData[3] as number) << 8)) > 2;
  },
  "relay-calendar-ignored": (m, ticks) => {
    write(m, ET05, 1, [1, 0, 0]);
    write(m, ET61, 1, [1, 19, 1, 1, 0x7f]);
    ticks.advance(61_000);
    return relayOne(m)?.state === 0;
  },
  "relay-unknown-command-accepted": (m) => runProcedure(m, EP05, [1, 9]).resultCode === 0,
  "test-mode-no-timeout": (m, ticks) => {
    write(m, ET55, 9, le(2, 2));
    runProcedure(m, BP06, [0x02]);
    ticks.advance(5_000);
    return decodedTable(m, ET70, (b) => decodeRamOnlyStatus(b, "le")).testMode === 1;
  },
  "test-mode-energy-billed": (m, ticks) => {
    write(m, ET55, 0, [0x04, ...le(1000, 4)]);
    runProcedure(m, BP06, [0x02]);
    ticks.advance(5_000);
    return credit(m) !== 1000;
  },
  "ics-not-persisted": (m) => write(m, ET54, 80, [0]) === RESPONSE_CODE.ok && tableOf(m, ET54)[80] === 1,
  "ics-reserved-bits-stored": (m) => write(m, ET54, 80, [0x81]) === RESPONSE_CODE.ok && tableOf(m, ET54)[80] === 0x81,
  "ics-ica-nak-ignored": (m) => {
    let told = 0;
    m.interface.onInterfaceChange(() => told++);
    write(m, ET54, 80, [0]);
    m.interface.interfaceChanged();
    return told > 0;
  },
};

for (const [name, info] of Object.entries(CONTROL_DEFECTS)) {
  test(`defect ${name} (${info.clause}): ${info.what}`, () => {
    const observe = OBSERVATIONS[name as keyof typeof CONTROL_DEFECTS];
    const clean = meterOf();
    clean.meter.clock.set(EVENING_MS);
    const broken = meterOf("reference", [name as DefectName]);
    broken.meter.clock.set(EVENING_MS);
    assert.equal(observe(clean.meter, clean.ticks), false, "without the defect");
    assert.equal(observe(broken.meter, broken.ticks), true, "with the defect");
  });
}
