import { toHex } from "../bytes/hex";
import { BT52, decodeClock } from "../protocol/tables/bt52-clock";
import { describeResponseCode } from "../protocol/response-codes";
import { lTimeDateToEpochMs, type LTimeDate } from "../protocol/types/time-types";
import type { TableClient } from "../session/table-client";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";
import { now, sleep } from "../transport/timers";

/**
 * Reading BT52 and comparing clocks. A reading pairs the device's time with the harness's own
 * monotonic time of the read, so that an expectation made earlier can be carried forward by the
 * time that really passed.
 */
export interface ClockReading {
  readonly epochMs: number;
  readonly clock: LTimeDate;
  /** now() when the request went out: the device read its clock between this and `at`. */
  readonly sentAt: number;
  /** now() when the response arrived. */
  readonly at: number;
}

/**
 * BT52, read and decoded. Where the clock is the scenario's subject (8.3, 6.2's types, 9.13's clock
 * procedures), a clock that does not decode or is not set is the device's breach. A scenario of another
 * clause that only times something by the device's clock (an M-Bus read, a calendar switch) passes
 * `timeBaseFor`, what it needs the clock to tell: such a clock then leaves it inconclusive, rather
 * than failing it under a clause whose requirement the clock's bytes do not touch.
 */
export async function readDeviceClock(session: TableClient, timeBaseFor?: string): Promise<ClockReading> {
  const sentAt = now();
  const r = await session.readFull(BT52);
  const at = now();
  if (!("data" in r)) throw new Inconclusive(`BT52 could not be read: ${describeResponseCode(r.code)}`);
  const d = decodeClock(r.data);
  if (!d.ok) throw clockFault(r.data, `does not decode: ${d.error.message}`, timeBaseFor);
  if (d.value.clock === null) throw clockFault(r.data, "holds the all-zero date (the clock is not set)", timeBaseFor);
  return { epochMs: lTimeDateToEpochMs(d.value.clock), clock: d.value.clock, sentAt, at };
}

function clockFault(bytes: Uint8Array, fault: string, timeBaseFor: string | undefined): Error {
  const hex = toHex(bytes);
  return timeBaseFor === undefined
    ? new ConformanceAssertionError(`BT52 ${fault}`, [{ label: "BT52", hex }])
    : new Inconclusive(
        `the device's clock (BT52) read [${hex}], which ${fault}, so the harness cannot tell ${timeBaseFor}`,
      );
}

/**
 * Where a clock that ran on undisturbed from reading `from` may read at reading `to`: each was
 * taken at some instant between its request going out and its answer arriving, which on a slow
 * link (PLC) are seconds apart, so the elapsed time lies between the nearest and the farthest of
 * those instants. The readings' whole seconds are the tolerance's to absorb.
 */
export function carriedWindow(
  from: Pick<ClockReading, "epochMs" | "sentAt" | "at">,
  to: Pick<ClockReading, "sentAt" | "at">,
  speed: number,
): { readonly earliest: number; readonly latest: number } {
  return {
    earliest: from.epochMs + (to.sentAt - from.at) * speed,
    latest: from.epochMs + (to.at - from.sentAt) * speed,
  };
}

/**
 * Where a clock that read `epochMs` at monotonic `at` should be at
 * monotonic `now`, running `speed` times real time (PIXIT clock.speed).
 */
export function carriedForward(epochMs: number, at: number, now: number, speed: number): number {
  return epochMs + (now - at) * speed;
}

/** Waits until `seconds` have passed on the device's clock. */
export function waitDeviceSeconds(seconds: number, speed: number): Promise<void> {
  return sleep((seconds * 1000) / speed);
}

export function expectClockNear(
  reading: ClockReading,
  expectedEpochMs: number,
  toleranceSeconds: number,
  what: string,
): void {
  const diff = (reading.epochMs - expectedEpochMs) / 1000;
  if (Math.abs(diff) > toleranceSeconds) {
    throw new ConformanceAssertionError(
      `${what}: BT52 reads ${iso(reading.epochMs)}, expected ${iso(expectedEpochMs)} within ${toleranceSeconds} s (off by ${diff.toFixed(1)} s)`,
    );
  }
}

/** A clock set and then read back, on the harness's monotonic clock. */
export interface SetThenRead {
  /** The set request went out. */
  readonly setSentAt: number;
  /** The last answer that showed the set done (for a procedure, the BT08 read with its result). */
  readonly setDoneAt: number;
  /** The read of the clock went out. */
  readonly readSentAt: number;
  /** Its answer arrived. */
  readonly readAnsweredAt: number;
}

/**
 * Where a clock set to `targetEpochMs` may read. The device took the time somewhere between the
 * set going out and the answer that showed it done, and sampled its clock somewhere between the
 * read going out and its answer arriving: on a slow link (PLC, a MEP gateway) these spans are
 * seconds, and a point anchored at any one of those moments fails a meter that set exactly the
 * time it was given. A clock that keeps its sub-second phase, or counts whole seconds, may show up
 * to 1 s less than it has run.
 */
export function setClockWindow(
  targetEpochMs: number,
  t: SetThenRead,
  speed: number,
): { readonly earliest: number; readonly latest: number } {
  return {
    earliest: targetEpochMs + (t.readSentAt - t.setDoneAt) * speed - 1000,
    latest: targetEpochMs + (t.readAnsweredAt - t.setSentAt) * speed,
  };
}

export function expectClockInWindow(
  reading: Pick<ClockReading, "epochMs">,
  window: { readonly earliest: number; readonly latest: number },
  toleranceSeconds: number,
  what: string,
): void {
  const tolerance = toleranceSeconds * 1000;
  const off =
    reading.epochMs < window.earliest - tolerance
      ? reading.epochMs - window.earliest
      : reading.epochMs > window.latest + tolerance
        ? reading.epochMs - window.latest
        : 0;
  if (off !== 0)
    throw new ConformanceAssertionError(
      `${what}: BT52 reads ${iso(reading.epochMs)}, expected between ${iso(window.earliest)} and ${iso(window.latest)} (the requests took that long on the link) within ${toleranceSeconds} s (off by ${(off / 1000).toFixed(1)} s)`,
    );
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}

/** "2025-06-15 12:00:00" (UTC) as epoch milliseconds. */
export function parseUtc(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})Z?$/.exec(text.trim());
  if (m === null) throw new Inconclusive(`"${text}" is not a date-time of the form YYYY-MM-DD hh:mm:ss`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
