import { encodeSetDateTime } from "../protocol/procedures/bp10-set-date-time";
import { epochMsToLTimeDate, type LTimeDate } from "../protocol/types/time-types";
import { dayOfWeek } from "../protocol/types/time-types";
import { describeProcedureResult, parseProcedureResult } from "../protocol/procedures/procedure-result-codes";
import { procedureName } from "../protocol/procedure-id";
import type { ProcedureOutcome, ProcedureTiming } from "../session/procedure-runner";
import { refusalVerdict } from "./checks";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";
import type { Evidence } from "./verdicts";

/** Parameters and judgements of the procedure scenarios (9.13, 8.3.1, 8.3.2). */
export function setDateTimeParameters(at: LTimeDate, parts: { date: boolean; time: boolean }): Uint8Array {
  return encodeSetDateTime({
    setTime: parts.time,
    setDate: parts.date,
    setQualifier: false,
    dateTime: at,
    qualifier: { dayOfWeek: dayOfWeek(at), dst: 0, gmt: 1, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 },
  });
}

export function setDateTimeTo(epochMs: number): Uint8Array {
  return setDateTimeParameters(epochMsToLTimeDate(epochMs), { date: true, time: true });
}

/** BT08 holds the final result of this call, whatever the result. */
export function expectPosted(
  o: ProcedureOutcome,
  call: { procedureId: number; sequence: number },
  evidence: (label: string, b: Uint8Array) => Evidence,
): Extract<ProcedureOutcome, { status: "done" }> {
  const name = `${procedureName(call.procedureId)} with sequence number ${call.sequence}`;
  switch (o.status) {
    case "done":
      return o;
    case "refused":
      throw refusalVerdict(o.initiate.code, `the BT07 write starting ${name}`);
    case "timeout":
      throw new ConformanceAssertionError(
        `${name}: BT08 still said "accepted, not completed" after ${o.polls} read(s)`,
        [evidence("last BT08", o.bt08)],
      );
    case "mismatch":
      if (o.bt08 === null) throw refusalVerdict(o.readCode, `${name}: a read of BT08`);
      throw new ConformanceAssertionError(
        `${name}: BT08 never showed this procedure number and sequence number in ${o.polls} read(s)`,
        [evidence("last BT08", o.bt08)],
      );
  }
}

export function expectResult(
  o: ProcedureOutcome,
  call: { procedureId: number; sequence: number },
  expected: readonly string[],
  evidence: (label: string, b: Uint8Array) => Evidence,
): void {
  const done = expectPosted(o, call, evidence);
  const codes = expected.map((e) => {
    const c = parseProcedureResult(e);
    if (c === null) throw new Inconclusive(`"${e}" is not a procedure result name or number`);
    return c;
  });
  if (!codes.includes(done.result.resultCode)) {
    throw new ConformanceAssertionError(
      `${procedureName(call.procedureId)}: BT08 result is ${describeProcedureResult(done.result.resultCode)}; expected ${codes.map(describeProcedureResult).join(" or ")}`,
      [evidence("BT08", done.bt08)],
    );
  }
}

/**
 * 9.13.1 judged on the harness's clock, where every instant is off by part of a round trip. The
 * device took the BT07 write at the latest when its response arrived, and saw each BT08 read at the
 * earliest when it was sent: so only a read sent more than `limitMs` after the write's response
 * that does not show the result proves the limit broken. A read sent within that time that shows
 * the result passes; a result first shown by a read sent later, after none or only earlier reads
 * within the limit, leaves the link's round trip to blame, and nothing decided.
 */
export function expectResultWithin(
  timing: ProcedureTiming | undefined,
  limitMs: number,
  evidence: (label: string, b: Uint8Array) => Evidence,
): void {
  if (timing === undefined) throw new Inconclusive("the procedure call was not timed");
  const since = (t: number) => Math.round(t - timing.writeAnsweredAt);
  const deadline = timing.writeAnsweredAt + limitMs;
  const allows = `9.13.1 allows ${limitMs} ms (PIXIT procedures.resultWithinMs)`;
  for (const r of timing.reads) {
    if (r.sentAt > deadline && !r.final && r.bt08 !== null)
      throw new ConformanceAssertionError(
        `a read of BT08 sent ${since(r.sentAt)} ms after the BT07 write was answered still did not show the call's result; ${allows}`,
        [evidence("BT08", r.bt08)],
      );
  }
  const shown = timing.reads.find((r) => r.final);
  if (shown === undefined) throw new Inconclusive("no read of BT08 showed the call's result");
  if (shown.sentAt <= deadline) return;
  const roundTrip = Math.round(timing.writeAnsweredAt - timing.writeSentAt);
  const before = timing.reads.filter((r) => r.sentAt <= deadline).at(-1);
  throw new Inconclusive(
    before === undefined
      ? `the first read of BT08 could only be sent ${since(shown.sentAt)} ms after the BT07 write was answered; ${allows}, and the link's round trip (${roundTrip} ms for the write) leaves no read within it`
      : `the last read of BT08 sent within the limit (at +${since(before.sentAt)} ms) did not show the result yet, and was answered at +${since(before.answeredAt)} ms; the next, which did, could only be sent at +${since(shown.sentAt)} ms, past it: ${allows}, and the link's round trip (${roundTrip} ms for the write) leaves it undecided`,
  );
}
