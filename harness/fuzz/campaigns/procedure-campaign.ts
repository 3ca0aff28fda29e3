import type { ByteOrder } from "../../bytes/cursor";
import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { optionSupport } from "../../conformance/pics/pics";
import { Inconclusive } from "../../conformance/verdicts";
import { procedureName } from "../../protocol/procedure-id";
import {
  describeProcedureResult,
  parseProcedureResult,
  PROCEDURE_RESULT,
} from "../../protocol/procedures/procedure-result-codes";
import { describeResponseCode, RESPONSE_CODE } from "../../protocol/response-codes";
import { encodeTableRequest } from "../../protocol/table-requests";
import { isProcedureUsed } from "../../protocol/tables/bt00-general-configuration";
import { BT07, RESPONSE_SELECTOR } from "../../protocol/tables/bt07-procedure-initiate";
import { BT08, decodeProcedureResponse } from "../../protocol/tables/bt08-procedure-response";
import { MANUFACTURER_PROCEDURE_BASE } from "../../protocol/procedure-id";
import {
  arbProcedureCase,
  procedureImage,
  type ProcedureCase,
  type ProcedureSpace,
} from "../arbitraries/procedure-calls";
import type { Campaign, CaseLog } from "../campaign/campaign";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { readDeviceFacts, type DeviceFacts } from "./device-facts";
import { now, sleep } from "../../transport/timers";

/**
 * Procedure invocation (9.13) under fuzzing, with procedures the device does not declare: the BT07
 * write gets a code the PIXIT allows; a refused write, a malformed image or a "do not post"
 * selector leaves BT08 as it was; an accepted call whose selector posts shows in BT08, within the
 * PIXIT's time, this procedure, selector and sequence number with an "unrecognized" result.
 */
interface ProcedureContext {
  readonly facts: DeviceFacts;
  readonly order: ByteOrder;
  readonly space: ProcedureSpace;
  readonly unrecognized: readonly number[];
  bt08: Uint8Array;
  lastPsn: { readonly psn: number; readonly session: number } | null;
}

const POSTING: readonly number[] = [
  RESPONSE_SELECTOR.postOnCompletion,
  RESPONSE_SELECTOR.postOnException,
  RESPONSE_SELECTOR.postImmediatelyAndOnCompletion,
];

async function readBt08(device: FuzzDevice): Promise<Uint8Array> {
  const r = await (await device.session("master")).client.readFull(BT08);
  if (!("data" in r)) throw new Inconclusive(`BT08 could not be read: ${describeResponseCode(r.code)}`);
  return r.data;
}

function unknownProcedures(facts: DeviceFacts): number[] {
  const c = facts.config;
  const out: number[] = [];
  for (let id = 0; id < Math.max(8, 8 * c.dimStdProcUsed) && out.length < 6; id++)
    if (!isProcedureUsed(c, id)) out.push(id);
  for (let n = 0; n < 2048 && out.length < 12; n += 97)
    if (!isProcedureUsed(c, MANUFACTURER_PROCEDURE_BASE + n)) out.push(MANUFACTURER_PROCEDURE_BASE + n);
  return out;
}

export const procedureCampaign: Campaign<ProcedureContext, ProcedureCase> = {
  name: "procedures",
  title:
    "BT07 writes of undeclared procedures with every selector, long parameters, repeated sequence numbers and malformed images; BT08 read after each",
  clauses: ["9.13"],
  links: ["optical", "mep", "plc"],
  role: "master",
  async prepare(device) {
    const facts = await readDeviceFacts(await device.session("master"), device.pixit);
    const room = facts.maxApdu - 5 - (facts.codec.checksum ? 1 : 0) - 3;
    const space = {
      unknownProcedures: unknownProcedures(facts),
      maxParameters: Math.max(0, Math.min(facts.config.maxProcParamLength, room)),
      shortParameters: 8,
    };
    if (space.unknownProcedures.length === 0)
      throw new Inconclusive("BT00 declares every procedure id tried, so no undeclared procedure can be called");
    const unrecognized = device.pixit.expect.unknownProcedure.map((n) => {
      const code = parseProcedureResult(n);
      if (code === null) throw new Inconclusive(`expect.unknownProcedure: "${n}" is not a procedure result`);
      return code;
    });
    return { facts, order: facts.config.dataOrder, space, unrecognized, bt08: await readBt08(device), lastPsn: null };
  },
  arbitrary: (ctx) => arbProcedureCase(ctx.space),
  async run(c, ctx, device, log) {
    const client = (await device.session("master")).client;
    const known = ctx.lastPsn !== null && ctx.lastPsn.session === device.sessionsOpened ? ctx.lastPsn.psn : null;
    const sequence = c.sequence ?? known ?? 0;
    const image = procedureImage(c, sequence, ctx.order);
    const partial = c.anomaly === "partial-write";
    const apdu = encodeTableRequest(
      partial
        ? { service: "partial-write", tableId: BT07, offset: c.cut, data: image }
        : { service: "full-write", tableId: BT07, data: image },
      ctx.facts.codec,
    );
    const response = await client.requestRaw(apdu);
    log.exchange(`${c.anomaly} ${procedureName(c.procedureId)} selector ${c.selector} PSN ${sequence}`, apdu, response);
    const code = response[0] ?? -1;
    const k = ctx.facts.codes;
    const repeated =
      c.sequence === null &&
      known !== null &&
      optionSupport("9.13/repeated-sequence-refused", device.config.pics).supported;
    const allowed = partial
      ? [...k.notWriteable, ...k.malformed]
      : c.anomaly === "short-image"
        ? [RESPONSE_CODE.ok, ...k.malformed]
        : repeated
          ? k.repeatedProcedureSequence
          : k.procedureWrite;
    if (!allowed.includes(code))
      return `a BT07 write (${c.anomaly}) was answered ${describeResponseCode(code)}; allowed: ${allowed.map(describeResponseCode).join(", ")}`;
    const accepted = code === RESPONSE_CODE.ok && !partial && c.anomaly !== "short-image";
    if (accepted) ctx.lastPsn = { psn: sequence, session: device.sessionsOpened };
    const before = ctx.bt08;
    const after =
      accepted && POSTING.includes(c.selector)
        ? await pollPosted(device, c, sequence, ctx, log)
        : await readBt08(device);
    ctx.bt08 = after;
    if (!accepted || c.selector === RESPONSE_SELECTOR.doNotPost) {
      return bytesEqual(after, before)
        ? null
        : `BT08 changed from [${toHex(before)}] to [${toHex(after)}] although the call was ${accepted ? "not to be posted" : "refused or malformed"}`;
    }
    return judgePosted(c, sequence, after, before, ctx);
  },
  describe: (c) => ({
    hex: toHex(c.parameters),
    decoded: `${c.anomaly}: ${procedureName(c.procedureId)} selector ${c.selector}, PSN ${c.sequence ?? "as last accepted"}, ${c.parameters.length} parameter byte(s)${c.anomaly === "short-image" ? `, image cut to ${c.cut} byte(s)` : c.anomaly === "partial-write" ? `, partial write at offset ${c.cut}` : ""}`,
  }),
};

/** BT08 until it names this call with a final result, or the PIXIT's time for a result has passed. */
async function pollPosted(
  device: FuzzDevice,
  c: ProcedureCase,
  sequence: number,
  ctx: ProcedureContext,
  log: CaseLog,
): Promise<Uint8Array> {
  const until = now() + device.pixit.procedures.resultWithinMs;
  for (;;) {
    const bt08 = await readBt08(device);
    const d = decodeProcedureResponse(bt08, ctx.order);
    if (
      d.ok &&
      d.value.procedureId === c.procedureId &&
      d.value.sequence === sequence &&
      d.value.resultCode !== PROCEDURE_RESULT.incomplete
    )
      return bt08;
    if (now() >= until) return bt08;
    log.note("BT08 does not show the result yet");
    await sleep(device.pixit.procedures.pollIntervalMs);
  }
}

function judgePosted(
  c: ProcedureCase,
  sequence: number,
  after: Uint8Array,
  before: Uint8Array,
  ctx: ProcedureContext,
): string | null {
  const d = decodeProcedureResponse(after, ctx.order);
  const names =
    d.ok && d.value.procedureId === c.procedureId && d.value.sequence === sequence && d.value.selector === c.selector;
  // A reserved selector says nothing about posting: BT08 may stay as it was.
  if (!POSTING.includes(c.selector) && (names || bytesEqual(after, before))) return null;
  if (!d.ok) return `BT08 does not decode after the call: ${d.error.message}`;
  if (!names) {
    const v = d.value;
    return `BT08 holds ${procedureName(v.procedureId)} selector ${v.selector} PSN ${v.sequence} (${describeProcedureResult(v.resultCode)}) instead of the result of ${procedureName(c.procedureId)} selector ${c.selector} PSN ${sequence}: [${toHex(after)}]`;
  }
  if (!ctx.unrecognized.includes(d.value.resultCode))
    return `BT08 reports ${describeProcedureResult(d.value.resultCode)} for a procedure the device does not declare; allowed: ${ctx.unrecognized.map(describeProcedureResult).join(", ")}`;
  return null;
}
