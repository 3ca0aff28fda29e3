import { encodeSetDateTime } from "../protocol/procedures/bp10-set-date-time";
import { epochMsToLTimeDate, type LTimeDate } from "../protocol/types/time-types";
import { dayOfWeek } from "../protocol/types/time-types";
import { describeProcedureResult, parseProcedureResult } from "../protocol/procedures/procedure-result-codes";
import { procedureName } from "../protocol/procedure-id";
import type { ProcedureOutcome } from "../session/procedure-runner";
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
