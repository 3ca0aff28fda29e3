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
import { Inconclusive } from "./verdicts";

/**
 * Procedure calls of the 8.13-8.18 scenarios that the generic procedure steps do not make: calls
 * from clean-ups (on the clean-up session), and a call watched from its first BT08 read, to see
 * "accepted, not completed" before the result (9.13.2, 8.18.1.1).
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

export interface WatchedCall {
  readonly call: { readonly procedureId: number; readonly sequence: number };
  /** BT08 right after the BT07 write, if it already named this call. */
  readonly first: ProcedureResponse | null;
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
  const r = await client.readFull(BT08);
  const d = "data" in r ? decodeProcedureResponse(r.data, ctx.order) : null;
  const first =
    d !== null && d.ok && d.value.procedureId === procedureId && d.value.sequence === sequence ? d.value : null;
  return { call: { procedureId, sequence }, first };
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
          return { status: "done", initiate, result: d.value, bt08: r.data, polls, elapsedMs: pacing.elapsedMs() };
      }
    }
    if (!(await pacing.next())) break;
  }
  if (last !== null) return { status: "timeout", initiate, result: last.result, bt08: last.bt08, polls };
  return { status: "mismatch", initiate, bt08: null, readCode: 0, polls };
}
