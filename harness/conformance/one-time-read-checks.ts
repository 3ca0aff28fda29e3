import { toHex } from "../bytes/hex";
import {
  decodeOneTimeReadTable,
  ET31,
  et31Size,
  ONE_TIME_OUTCOME,
  ONE_TIME_STATE,
  type OneTimeLogEntry,
  type OneTimeReadTable,
} from "../protocol/tables/et31-one-time-read-log";
import type { TableClient } from "../session/table-client";
import { iso } from "./device-clock";
import { decoded } from "./checks";
import { readDecoded, type MfgLayout } from "./mbus-device-tables";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";
import { msOf } from "./mbus-checks";

/** Reading and judging ET31, the one-time-read request and log (8.13, 8.14, 8.18.1.3). */
export async function readOneTimeReads(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; table: OneTimeReadTable }> {
  if (d.et31Entries === 0)
    throw new ConformanceAssertionError(
      "ET11 gives ET31 no log entries, yet the device declares one-time reads (8.13)",
    );
  const { bytes, value } = await readDecoded(client, ET31, et31Size(d.et31Entries, d.mbusChannels), (b) =>
    decoded(decodeOneTimeReadTable(b, d.order, d.et31Entries, d.mbusChannels), "ET31", b),
  );
  return { bytes, table: value };
}

/** A request id (1..254) neither the request part nor the log holds, so that its entries are new. */
export function unusedRequestId(t: OneTimeReadTable): number {
  const used = new Set([t.request.requestId, ...t.log.map((e) => e.requestId)]);
  for (let id = 1; id < 255; id++) if (!used.has(id)) return id;
  throw new Inconclusive("every request id is in ET31 already");
}

export function stateName(s: number): string {
  return Object.entries(ONE_TIME_STATE).find(([, v]) => v === s)?.[0] ?? `state ${s}`;
}

export function expectState(t: OneTimeReadTable, requestId: number, state: keyof typeof ONE_TIME_STATE): void {
  if (t.request.requestId !== requestId)
    throw new ConformanceAssertionError(
      `ET31 holds request ${t.request.requestId}, not the one written (${requestId})`,
    );
  if (t.state !== ONE_TIME_STATE[state])
    throw new ConformanceAssertionError(`ET31 says the request is ${stateName(t.state)}; expected ${state}`);
}

export function entriesOf(t: OneTimeReadTable, requestId: number, outcome: number): OneTimeLogEntry[] {
  return t.log.filter((e) => e.requestId === requestId && e.outcome === outcome);
}

/** The request ran exactly once, at its time. */
export function expectExecutedOnce(
  t: OneTimeReadTable,
  bytes: Uint8Array,
  requestId: number,
  atMs: number,
  toleranceS: number,
): OneTimeLogEntry {
  const runs = entriesOf(t, requestId, ONE_TIME_OUTCOME.executed);
  const evidence = [{ label: "ET31", hex: toHex(bytes) }];
  if (runs.length !== 1)
    throw new ConformanceAssertionError(
      `ET31 logs request ${requestId} executed ${runs.length} times; a one-time read runs once`,
      evidence,
    );
  const e = runs[0] as OneTimeLogEntry;
  const at = msOf(e.at, "the logged time");
  if (Math.abs(at - atMs) > toleranceS * 1000)
    throw new ConformanceAssertionError(
      `ET31 logs request ${requestId} executed at ${iso(at)}; it was asked for ${iso(atMs)}`,
      evidence,
    );
  return e;
}

export function expectNotExecuted(t: OneTimeReadTable, bytes: Uint8Array, requestId: number): void {
  const runs = entriesOf(t, requestId, ONE_TIME_OUTCOME.executed);
  if (runs.length > 0)
    throw new ConformanceAssertionError(
      `ET31 logs request ${requestId} executed (at ${runs.map((e) => iso(msOf(e.at, "time"))).join(", ")}); it should not have run`,
      [{ label: "ET31", hex: toHex(bytes) }],
    );
}

export function expectLoggedIgnored(t: OneTimeReadTable, bytes: Uint8Array, requestId: number): void {
  if (entriesOf(t, requestId, ONE_TIME_OUTCOME.ignored).length !== 1)
    throw new ConformanceAssertionError(
      `ET31 does not log request ${requestId} once as ignored (not a member of its group)`,
      [{ label: "ET31", hex: toHex(bytes) }],
    );
}
