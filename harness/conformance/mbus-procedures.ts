import type { ByteOrder } from "../bytes/cursor";
import { describeProcedureResult, PROCEDURE_RESULT } from "../protocol/procedures/procedure-result-codes";
import { procedureName } from "../protocol/procedure-id";
import { describeResponseCode } from "../protocol/response-codes";
import { BT07, encodeProcedureInitiate, RESPONSE_SELECTOR } from "../protocol/tables/bt07-procedure-initiate";
import { BT08, decodeProcedureResponse, type ProcedureResponse } from "../protocol/tables/bt08-procedure-response";
import type { LinkKind } from "../links/link-contract";
import { PollBackoff } from "../session/poll-backoff";
import { bt08Pacing, runProcedure, type ProcedureOutcome, type ProcedureSequence } from "../session/procedure-runner";
import type { TableClient } from "../session/table-client";
import type { Pixit } from "./pixit";
import { procedureSettings } from "./poll-pacing";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * Procedure calls of the 8.13-8.18 scenarios that the generic procedure steps do not make: calls
 * from clean-ups (on the clean-up session), and a call watched from its first BT08 read, to see
 * the call accepted before its final result (9.13.2, 8.18.1.1).
 */
export interface ProcedureContext {
  readonly pixit: Pixit;
  readonly sequences: ProcedureSequence;
  readonly order: ByteOrder;
  /** The link the calls go over, for its pacing of BT08 polls. */
  readonly link: LinkKind;
}

/** A sequence number the device will not take for a repeat of the one BT08 holds. */
export async function freshSequenceOn(client: TableClient, ctx: Pick<ProcedureContext, "sequences">): Promise<number> {
  const r = await client.readPartial(BT08, 2, 1);
  const last = "data" in r ? r.data[0] : undefined;
  const n = ctx.sequences.take();
  return n === last ? ctx.sequences.take() : n;
}

export async function callOn(
  client: TableClient,
  ctx: ProcedureContext,
  procedureId: number,
  parameters: Uint8Array,
): Promise<ProcedureOutcome> {
  const sequence = await freshSequenceOn(client, ctx);
  return runProcedure(client, { procedureId, parameters, sequence }, procedureSettings(ctx.pixit, ctx.link, ctx.order));
}

/** For clean-ups: the call must complete, or the device is not put back. */
export async function mustComplete(
  client: TableClient,
  ctx: ProcedureContext,
  procedureId: number,
  parameters: Uint8Array,
  what: string,
): Promise<ProcedureOutcome> {
  const o = await callOn(client, ctx, procedureId, parameters);
  if (o.status !== "done" || o.result.resultCode !== PROCEDURE_RESULT.completed) {
    const how =
      o.status === "refused"
        ? `the BT07 write was answered ${describeResponseCode(o.initiate.code)}`
        : o.status === "done"
          ? describeProcedureResult(o.result.resultCode)
          : o.status;
    throw new Inconclusive(`${what}: ${procedureName(procedureId)} did not complete (${how})`);
  }
  return o;
}

/**
 * The first read of BT08 after the BT07 write: refused, holding another call (a device that queues
 * the request may not post it yet) or bytes that do not decode, or naming this call.
 */
export type FirstRead =
  | { readonly read: "refused"; readonly code: number }
  | { readonly read: "other"; readonly bt08: Uint8Array }
  | { readonly read: "this call"; readonly bt08: Uint8Array; readonly result: ProcedureResponse };

export interface WatchedCall {
  readonly call: { readonly procedureId: number; readonly sequence: number };
  readonly first: FirstRead;
}

/** Writes BT07 and reads BT08 once at once; the caller polls for the final result later. */
export async function postWatched(
  client: TableClient,
  ctx: ProcedureContext,
  procedureId: number,
  parameters: Uint8Array,
): Promise<WatchedCall> {
  const sequence = await freshSequenceOn(client, ctx);
  const w = await client.writeFull(
    BT07,
    encodeProcedureInitiate(
      { procedureId, selector: RESPONSE_SELECTOR.postOnCompletion, sequence, parameters },
      ctx.order,
    ),
  );
  if (w.code !== 0)
    throw new Inconclusive(
      `the BT07 write starting ${procedureName(procedureId)} was answered ${describeResponseCode(w.code)}`,
    );
  const call = { procedureId, sequence };
  const r = await client.readFull(BT08);
  if (!("data" in r)) return { call, first: { read: "refused", code: r.code } };
  const d = decodeProcedureResponse(r.data, ctx.order);
  const first: FirstRead =
    d.ok && d.value.procedureId === procedureId && d.value.sequence === sequence
      ? { read: "this call", bt08: r.data, result: d.value }
      : { read: "other", bt08: r.data };
  return { call, first };
}

/**
 * 9.13.2 on the first BT08 read after the BT07 write: a call the device took says "accepted, not
 * completed" or, if it already finished, "completed"; a refusal the PIXIT allows (`allowed`) is the
 * final result's to judge. Only another result for this very call is the device's breach: a refused
 * read or one not (yet) naming the call shows nothing about it.
 */
export function expectAcceptedAtOnce(
  w: WatchedCall,
  allowed: readonly number[],
  evidence: (label: string, b: Uint8Array) => Evidence,
): void {
  const name = `${procedureName(w.call.procedureId)} with sequence number ${w.call.sequence}`;
  const f = w.first;
  if (f.read === "refused")
    throw new Inconclusive(
      `the read of BT08 right after the BT07 write starting ${name} was answered ${describeResponseCode(f.code)}`,
    );
  if (f.read === "other")
    throw new Inconclusive(`BT08 right after the BT07 write starting ${name} did not name that call yet`);
  const code = f.result.resultCode;
  if ([PROCEDURE_RESULT.incomplete, PROCEDURE_RESULT.completed, ...allowed].includes(code)) return;
  throw new ConformanceAssertionError(
    `right after the BT07 write, BT08 says ${name} ended ${describeProcedureResult(code)}; 9.13.2 allows "accepted, not completed" or "completed" for a call the device took`,
    [evidence("BT08", f.bt08)],
  );
}

/** Polls BT08 for a watched call's final result, as runProcedure does after its write. */
export async function finalOf(
  client: TableClient,
  ctx: ProcedureContext,
  watched: WatchedCall,
): Promise<ProcedureOutcome> {
  const pacing = new PollBackoff(bt08Pacing(procedureSettings(ctx.pixit, ctx.link, ctx.order)));
  let last: { bt08: Uint8Array; result: ProcedureResponse } | null = null;
  let polls = 0;
  const initiate = { code: 0 as const };
  for (;;) {
    polls++;
    const r = await client.readFull(BT08);
    if ("data" in r) {
      const d = decodeProcedureResponse(r.data, ctx.order);
      if (d.ok && d.value.procedureId === watched.call.procedureId && d.value.sequence === watched.call.sequence) {
        last = { bt08: r.data, result: d.value };
        if (d.value.resultCode !== PROCEDURE_RESULT.incomplete)
          return { status: "done", initiate, result: d.value, bt08: r.data, polls };
      }
    }
    if (!(await pacing.next())) break;
  }
  if (last !== null) return { status: "timeout", initiate, result: last.result, bt08: last.bt08, polls };
  return { status: "mismatch", initiate, bt08: null, readCode: 0, polls };
}
