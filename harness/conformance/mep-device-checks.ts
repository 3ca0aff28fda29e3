import { toHex } from "../bytes/hex";
import { bytesEqual } from "../bytes/byte-arrays";
import {
  POSTING_FLAG,
  POSTING_KIND,
  type MepPosting,
  type MepPostingLog,
} from "../protocol/tables/et74-mep-extended-log";
import {
  RECURRING_TYPE,
  type RecurringReadEntry,
  type RecurringReadLog,
} from "../protocol/tables/et45-recurring-read-log";
import { iso } from "./device-clock";
import { msOf } from "./mbus-checks";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/** Judgements of the MEP scenarios (8.17), pure. */
export const KIND_NAMES: Readonly<Record<string, number>> = {
  "scheduled read response": POSTING_KIND.scheduledRead,
  "on-demand read response": POSTING_KIND.onDemandResponse,
  "unsolicited non-urgent data": POSTING_KIND.unsolicited,
  "urgent data": POSTING_KIND.urgent,
  "alarms only": POSTING_KIND.alarmsOnly,
};

export function kindNamed(name: string): number {
  const k = KIND_NAMES[name];
  if (k === undefined)
    throw new Inconclusive(`"${name}" is not an uplink posting kind (${Object.keys(KIND_NAMES).join(", ")})`);
  return k;
}

function describe(p: MepPosting): string {
  return `posting ${p.sequence} (kind ${p.kind}, flags 0x${p.flags.toString(16)}, request ${p.requestId}, alarms 0x${p.alarms.toString(16)}, ${p.data.length} data bytes)`;
}

/** The alarm flag says whether alarms came with a posting: it is set exactly when they are not 0. */
export function expectAlarmsConsistent(alarmsPresent: boolean, alarms: number, what: string): void {
  if (alarmsPresent !== (alarms !== 0))
    throw new ConformanceAssertionError(
      `${what}: the alarm flag is ${alarmsPresent ? "set" : "clear"} but the alarms are 0x${alarms.toString(16)}`,
    );
}

export function postingWith(log: MepPostingLog, test: (p: MepPosting) => boolean, what: string): MepPosting {
  const p = [...log.entries].reverse().find(test);
  if (p === undefined)
    throw new ConformanceAssertionError(
      `ET74 holds no ${what}; its newest postings: ${log.entries.slice(-3).map(describe).join("; ") || "none"}`,
    );
  return p;
}

/** An uplink posting as it was posted: kind, data, alarms, and the urgent flag exactly for urgent data. */
export function expectPosting(p: MepPosting, kind: number, data: Uint8Array, alarms: number): void {
  const problems: string[] = [];
  if (p.kind !== kind) problems.push(`kind ${p.kind}, posted as ${kind}`);
  if (!bytesEqual(p.data, data)) problems.push(`data [${toHex(p.data)}], posted [${toHex(data)}]`);
  if (p.alarms !== alarms) problems.push(`alarms 0x${p.alarms.toString(16)}, posted 0x${alarms.toString(16)}`);
  if (((p.flags & POSTING_FLAG.alarms) !== 0) !== (alarms !== 0))
    problems.push(`alarm flag ${(p.flags & POSTING_FLAG.alarms) !== 0 ? "set" : "clear"}`);
  if (((p.flags & POSTING_FLAG.urgent) !== 0) !== (kind === POSTING_KIND.urgent))
    problems.push(`urgent flag ${(p.flags & POSTING_FLAG.urgent) !== 0 ? "set" : "clear"}`);
  if (problems.length > 0)
    throw new ConformanceAssertionError(`ET74's ${describe(p)} is not what was posted: ${problems.join("; ")}`);
}

/** The newest scheduled read response of the MEP device in ET45, received at `atMs`. */
export function expectMepScheduledRead(log: RecurringReadLog, atMs: number, toleranceS: number): RecurringReadEntry {
  const e = [...log.entries].reverse().find((x) => x.type === RECURRING_TYPE.mep);
  if (e === undefined || e.mep === null)
    throw new ConformanceAssertionError("ET45 holds no scheduled read response of the MEP device");
  const at = msOf(e.mep.receivedAt, "the MEP reading's time");
  if (Math.abs(at - atMs) > toleranceS * 1000)
    throw new ConformanceAssertionError(
      `ET45's newest MEP reading was received at ${iso(at)}; the scheduled read was due at ${iso(atMs)}`,
    );
  if (e.mep.data.length === 0) throw new ConformanceAssertionError("ET45's newest MEP reading carries no data");
  expectAlarmsConsistent(e.mep.alarmsPresent, e.mep.alarms, "ET45's newest MEP reading");
  return e;
}
