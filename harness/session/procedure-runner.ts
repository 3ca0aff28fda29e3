import type { ByteOrder } from "../bytes/cursor";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { PROCEDURE_RESULT } from "../protocol/procedures/procedure-result-codes";
import { BT07, encodeProcedureInitiate, RESPONSE_SELECTOR } from "../protocol/tables/bt07-procedure-initiate";
import { BT08, decodeProcedureResponse, type ProcedureResponse } from "../protocol/tables/bt08-procedure-response";
import type { WriteResponse } from "../protocol/table-responses";
import type { TableClient } from "./table-client";
import { PollBackoff, SYSTEM_POLL_CLOCK, type PollClock, type PollPacing } from "./poll-backoff";

/**
 * Procedure invocation (9.13): write BT07 in full, then read BT08 until it holds the result of
 * this procedure and sequence number, and that result is no longer "accepted, not completed"
 * (9.13.1: the result may take up to a second; 9.13.2: slow procedures are polled until a
 * time-out, backing off as poll-backoff.ts says). Works over any link that can read and write tables.
 */
export type TableAccess = Pick<TableClient, "readFull" | "writeFull">;

export interface ProcedureSettings {
  /** How long BT08 may go on saying "incomplete" (or showing another procedure) before we give up. */
  readonly resultTimeoutMs: number;
  /** The first gap between two reads of BT08; later ones grow (poll-backoff.ts). */
  readonly pollIntervalMs: number;
  /** The link's least time between requests: no gap is shorter. */
  readonly minRequestIntervalMs?: number;
  /**
   * How long BT08 is read at the plain interval before backing off: a result
   * timed against a limit (9.13.1) is timed as finely as without back-off.
   */
  readonly steadyForMs?: number;
  /** Table data order, from BT00 (LSB first on OSGP meters). */
  readonly dataOrder: ByteOrder;
}

export interface ProcedureCall {
  readonly procedureId: number;
  readonly parameters: Uint8Array;
  readonly sequence: number;
  readonly selector?: number;
}

export type ProcedureOutcome =
  /** The BT07 write itself was refused; `initiate` holds the response code. */
  | { readonly status: "refused"; readonly initiate: WriteResponse; readonly polls: 0 }
  /** BT08 holds this call's final result (any result code, completed or not). */
  | {
      readonly status: "done";
      readonly initiate: WriteResponse;
      readonly result: ProcedureResponse;
      readonly bt08: Uint8Array;
      readonly polls: number;
      /** Only a call made here, written and polled in one go, is timed (9.13.1). */
      readonly timing?: ProcedureTiming;
    }
  /** BT08 still said "incomplete" at the time-out. */
  | {
      readonly status: "timeout";
      readonly initiate: WriteResponse;
      readonly result: ProcedureResponse;
      readonly bt08: Uint8Array;
      readonly polls: number;
    }
  /** BT08 never showed this procedure and sequence number (stale or foreign result). */
  | {
      readonly status: "mismatch";
      readonly initiate: WriteResponse;
      readonly bt08: Uint8Array | null;
      readonly readCode: number;
      readonly polls: number;
    };

/**
 * When the call's requests went out and came back, on the harness's clock: a device's time is
 * somewhere between the two, so a limit on it (9.13.1) is judged on these intervals.
 */
export interface ProcedureTiming {
  readonly writeSentAt: number;
  readonly writeAnsweredAt: number;
  /** Every read of BT08, in order; the last showed the final result. */
  readonly reads: readonly {
    readonly sentAt: number;
    readonly answeredAt: number;
    /** BT08's bytes; null when the read was refused. */
    readonly bt08: Uint8Array | null;
    /** It showed this call's final result (not "incomplete", not another call's). */
    readonly final: boolean;
  }[];
}

export async function runProcedure(
  access: TableAccess,
  call: ProcedureCall,
  settings: ProcedureSettings,
  clock: PollClock = SYSTEM_POLL_CLOCK,
): Promise<ProcedureOutcome> {
  const selector = call.selector ?? RESPONSE_SELECTOR.postOnCompletion;
  const image = encodeProcedureInitiate(
    { procedureId: call.procedureId, selector, sequence: call.sequence, parameters: call.parameters },
    settings.dataOrder,
  );
  const writeSentAt = clock.now();
  const initiate = await access.writeFull(BT07, image);
  if (initiate.code !== RESPONSE_CODE.ok) return { status: "refused", initiate, polls: 0 };

  const pacing = new PollBackoff(bt08Pacing(settings), clock);
  const reads: ProcedureTiming["reads"][number][] = [];
  let polls = 0;
  let bt08: Uint8Array | null = null;
  let readCode: number = RESPONSE_CODE.ok;
  let latest: ProcedureResponse | null = null;
  for (;;) {
    polls++;
    const sentAt = clock.now();
    const read = await access.readFull(BT08);
    const answeredAt = clock.now();
    readCode = read.code;
    let final = false;
    if ("data" in read) {
      bt08 = read.data;
      const d = decodeProcedureResponse(read.data, settings.dataOrder);
      if (d.ok && d.value.procedureId === call.procedureId && d.value.sequence === call.sequence) {
        latest = d.value;
        final = d.value.resultCode !== PROCEDURE_RESULT.incomplete;
      }
    }
    reads.push({ sentAt, answeredAt, bt08: "data" in read ? read.data : null, final });
    if (final && latest !== null && bt08 !== null) {
      const timing = { writeSentAt, writeAnsweredAt: pacing.startedAt, reads };
      return { status: "done", initiate, result: latest, bt08, polls, timing };
    }
    if (!(await pacing.next())) break;
  }
  if (latest !== null && bt08 !== null) return { status: "timeout", initiate, result: latest, bt08, polls };
  return { status: "mismatch", initiate, bt08, readCode, polls };
}

/** How BT08 is polled for a call's result. */
export function bt08Pacing(s: ProcedureSettings): PollPacing {
  return {
    intervalMs: s.pollIntervalMs,
    timeoutMs: s.resultTimeoutMs,
    floorMs: s.minRequestIntervalMs,
    steadyForMs: s.steadyForMs,
  };
}

/**
 * Procedure sequence numbers: consecutive calls must differ (a repeated PSN is refused with 0x04
 * by MEP devices), and the first after logon must not be 255. We count 5, 6, ... 254, 5, ...
 */
export class ProcedureSequence {
  private next: number;

  constructor(first = 5) {
    this.next = first;
  }

  take(): number {
    const n = this.next;
    this.next = n >= 254 ? 5 : n + 1;
    return n;
  }
}
