import { METER_ALARM, type MeterAlarm, type MeterStatus } from "../protocol/tables/et54-meter-status";
import {
  SELF_TEST,
  selfTestErrorCode,
  type SelfTestName,
  type StatusExtension,
} from "../protocol/tables/et58-status-extension";
import type { StandardStatus } from "../protocol/tables/bt03-end-device-mode-status";
import { iso } from "./device-clock";

/**
 * Judgements of 8.6 over the tables the device shows (PROVISIONAL layouts of ET54/ET58): the
 * self-test results, their error codes and BT03's flags must tell one story, and an alarm is
 * latched whenever it is raised.
 */
const BT03_FLAG: Readonly<Record<SelfTestName, keyof StandardStatus>> = {
  ram: "ramFailure",
  rom: "romFailure",
  nonvolatileMemory: "nonvolatileMemoryFailure",
  clock: "clockError",
  measurement: "measurementError",
};

export function failedTestsIn(bits: number): SelfTestName[] {
  return (Object.keys(SELF_TEST) as SelfTestName[]).filter((t) => ((bits >> SELF_TEST[t]) & 1) === 1);
}

export function bt03FlagOf(test: SelfTestName): keyof StandardStatus {
  return BT03_FLAG[test];
}

/** Every way ET58, ET54 and BT03 disagree about the last self-test; empty when they agree. */
export function selfTestDisagreements(et58: StatusExtension, et54: MeterStatus, bt03: StandardStatus): string[] {
  const out: string[] = [];
  const failed = failedTestsIn(et58.failedTests);
  const expectedCode = failed[0] === undefined ? 0 : selfTestErrorCode(failed[0]);
  if (et58.errorCode !== expectedCode)
    out.push(
      `ET58's error code is ${et58.errorCode}; its failed tests (${failed.join(", ") || "none"}) give ${expectedCode}`,
    );
  if (et54.selfTestError !== et58.errorCode)
    out.push(`ET54's self-test error code is ${et54.selfTestError}, ET58's ${et58.errorCode}`);
  const raised = alarmState(et54, "selfTestFailure").raised;
  if (raised !== failed.length > 0)
    out.push(
      `ET54's self-test alarm is ${raised ? "raised" : "not raised"} while ET58 lists ${failed.length} failed test(s)`,
    );
  if (failed.length > 0 && bt03.selfCheckError !== 1)
    out.push("BT03's self-check error flag is clear although a self-test failed");
  for (const t of failed)
    if (bt03[BT03_FLAG[t]] !== 1) out.push(`BT03's ${BT03_FLAG[t]} flag is clear although the ${t} test failed`);
  if ((et54.conditions & ~et54.latched) !== 0)
    out.push(
      `ET54 raises alarms it has not latched (conditions 0x${et54.conditions.toString(16)}, latched 0x${et54.latched.toString(16)})`,
    );
  return out;
}

export function alarmState(
  status: Pick<MeterStatus, "conditions" | "latched">,
  alarm: MeterAlarm,
): { readonly raised: boolean; readonly latched: boolean } {
  const bit = 1 << METER_ALARM[alarm];
  return { raised: (status.conditions & bit) !== 0, latched: (status.latched & bit) !== 0 };
}

export function isMeterAlarm(name: string): name is MeterAlarm {
  return Object.hasOwn(METER_ALARM, name);
}

export function isSelfTestName(name: string): name is SelfTestName {
  return Object.hasOwn(SELF_TEST, name);
}

/** The next moment after `epochMs` whose time of day (UTC) is a whole multiple of `periodSeconds`. */
export function nextPeriodBoundary(epochMs: number, periodSeconds: number): number {
  const day = 86_400_000;
  const midnight = Math.floor(epochMs / day) * day;
  const p = periodSeconds * 1000;
  return Math.min(midnight + day, midnight + (Math.floor((epochMs - midnight) / p) + 1) * p);
}

/**
 * When the next self-test is due: the first whole number of periods after ET58's last one that is
 * after `nowMs`. The spec says only "periodically", so the phase is the meter's own, whether its
 * timer runs from power-up or on the time of day. Null when the last one is stamped after the
 * device's clock (the clock was set back since), which leaves the phase unknown.
 */
export function nextSelfTestDue(lastTestMs: number, nowMs: number, periodSeconds: number): number | null {
  if (lastTestMs > nowMs) return null;
  const p = periodSeconds * 1000;
  return lastTestMs + (Math.floor((nowMs - lastTestMs) / p) + 1) * p;
}

/**
 * A new self-test's stamp names when it ran: not before the scenario began waiting for it
 * (`fromMs`) nor after it was due plus the reaction time, either give or take the clock's tolerance.
 */
export function selfTestStampProblem(
  ranMs: number | null,
  fromMs: number,
  dueMs: number,
  reactionSeconds: number,
  toleranceSeconds: number,
): string | null {
  const slack = toleranceSeconds * 1000;
  const latest = dueMs + reactionSeconds * 1000;
  if (ranMs !== null && ranMs >= fromMs - slack && ranMs <= latest + slack) return null;
  return `ET58 counts another self-test but stamps its last one ${ranMs === null ? "all zero" : iso(ranMs)}; it ran between ${iso(fromMs)} and ${iso(latest)} (due at ${iso(dueMs)}, PIXIT clock.reactionSeconds ${reactionSeconds}, clock.toleranceSeconds ${toleranceSeconds})`;
}
