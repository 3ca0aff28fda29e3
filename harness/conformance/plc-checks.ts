import { bytesEqual } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import { CNIP_DATA_PACKET, decodeCnipPacket } from "../link/cnip/cnip-header";
import { decodeLonPdu, type LonPdu } from "../link/lon/lon-pdu";
import { decodeNmResult, decodeQueryIdResponse, NM_CODES, nmSuccessCode } from "../link/lon/network-management";
import type { IgnoredDatagram, PlcAnswer, PlcTransaction } from "../session/plc-session";
import type { Pixit } from "./pixit";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * Verdicts on what the PLC link saw (clauses 4, 5, 9.1, 9.2): pure functions of the session's
 * records, so that each rule can be checked without a gateway.
 */
export interface MeterAddress {
  readonly subnet: number;
  readonly node: number;
  readonly uniqueId: Uint8Array;
}

/** A datagram read back as the 14908-1 PDU it carried, when it carried one. */
export function pduOf(datagram: Uint8Array): LonPdu | null {
  const c = decodeCnipPacket(datagram);
  if (!c.ok || c.value.packetType !== CNIP_DATA_PACKET) return null;
  const l = decodeLonPdu(c.value.payload);
  return l.ok ? l.value : null;
}

function fromMeter(pdu: LonPdu, meter: MeterAddress): boolean {
  return pdu.address.srcSubnet === meter.subnet && pdu.address.srcNode === meter.node;
}

/**
 * 9.1: the meter answers in the request's transaction. A response from the meter that the link set
 * aside because its transaction number is none the harness ever sent answers no request: FAIL.
 * (An answer to an earlier transaction of ours is a late copy on a lossy channel, not a fault.)
 */
export function expectOwnTransactionNumbers(ignored: readonly IgnoredDatagram[], meter: MeterAddress): void {
  for (const d of ignored) {
    const pdu = pduOf(d.bytes);
    if (pdu === null || !fromMeter(pdu, meter)) continue;
    const b = pdu.body;
    if (b.pdu !== "spdu" || b.type !== "response") continue;
    if (!d.tnsSent.includes(b.tn)) {
      throw new ConformanceAssertionError(
        `the meter answered with transaction number ${b.tn}, which no request of ours carried (sent so far: ${d.tnsSent.join(", ") || "none"}): [${toHex(d.bytes)}]`,
      );
    }
  }
}

/** The transaction's answer from the meter; inconclusive when the meter was silent. */
export function meterAnswer(t: PlcTransaction | null, meter: MeterAddress): PlcAnswer {
  if (t === null) throw new Inconclusive("no PLC transaction was made");
  const a = t.answers.find((x) => x.from.subnet === meter.subnet && x.from.node === meter.node);
  if (a === undefined)
    throw new Inconclusive(
      `the meter ${meter.subnet}/${meter.node} did not answer${t.error === null ? "" : `: ${t.error.message}`}`,
    );
  return a;
}

/** 5.4/5.5: a network-management request answered with its success code. */
export function expectNmSuccess(
  t: PlcTransaction | null,
  meter: MeterAddress,
  requestCode: number,
  what: string,
): void {
  const a = meterAnswer(t, meter);
  const r = decodeNmResult(requestCode, a.apdu);
  if (!r.ok) throw new ConformanceAssertionError(`${what}: the meter's answer is no NM result: ${r.error.detail}`);
  if (!r.value.ok)
    throw new ConformanceAssertionError(
      `${what}: the meter answered with the failure code 0x${a.apdu.code.toString(16)}`,
    );
}

/** 5.1/5.4: a Query ID answer from the meter that names the PIXIT's unique id and some program id. */
export function expectQueryIdAnswer(t: PlcTransaction | null, meter: MeterAddress): { readonly programId: Uint8Array } {
  const a = meterAnswer(t, meter);
  const q = decodeQueryIdResponse(a.apdu);
  if (!q.ok) throw new ConformanceAssertionError(`the meter's answer to Query ID does not decode: ${q.error.detail}`);
  if (!q.value.ok) throw new ConformanceAssertionError("the meter answered Query ID with the failure code");
  if (!bytesEqual(q.value.uniqueId, meter.uniqueId))
    throw new ConformanceAssertionError(
      `the meter's unique id is ${toHex(q.value.uniqueId)}, the PIXIT's is ${toHex(meter.uniqueId)}`,
    );
  return { programId: q.value.programId };
}

/** 5.4: the meter is silent to a Query ID for selected nodes while it is not selected. */
export function expectNoQueryIdAnswer(t: PlcTransaction | null, meter: MeterAddress): void {
  if (t === null) throw new Inconclusive("no PLC transaction was made");
  const a = t.answers.find((x) => x.from.subnet === meter.subnet && x.from.node === meter.node);
  if (a !== undefined && a.apdu.code === nmSuccessCode(NM_CODES.queryId)) {
    throw new ConformanceAssertionError(
      `the meter answered Query ID for selected nodes while Respond to Query was off (attempt ${a.attempt})`,
    );
  }
}

/**
 * The OSGP message answering a read of `count` table bytes on PLC: the APDU (code, count, the data; a
 * secured link has no data checksum) and the digest, 8 bytes or the tag of the provisional AES suite.
 */
function readAnswerLength(count: number, pixit: Pixit): number {
  return 3 + count + (pixit.security.suite === "aes128" ? pixit.security.aesTagLength : 8);
}

/** 9.2 owes a served answer only to a read one message carries: a PIXIT read size past it is the lab's to fix. */
export function expectReadFitsOneMessage(count: number, pixit: Pixit): void {
  const n = readAnswerLength(count, pixit);
  if (n > pixit.plc.messageLimit)
    throw new Inconclusive(
      `a read of ${count} bytes (PIXIT plc.maxReadData) is answered in ${n} bytes, more than PIXIT plc.messageLimit (${pixit.plc.messageLimit}): the lab's to fix`,
    );
}

/** 9.2 owes a refusal only to a read whose answer one message cannot carry. */
export function expectReadTooLongForOneMessage(count: number, what: string, pixit: Pixit): void {
  const n = readAnswerLength(count, pixit);
  if (n <= pixit.plc.messageLimit)
    throw new Inconclusive(
      `${what}: its answer, ${n} bytes, fits PIXIT plc.messageLimit (${pixit.plc.messageLimit}), so no refusal is owed`,
    );
}

/** 9.2: no message from the meter was longer than the PLC limit, counting the OSGP message (APDU bytes). */
export function expectMessagesWithin(
  received: readonly { readonly bytes: Uint8Array; readonly osgpLength: number }[],
  limit: number,
): void {
  const over = received.filter((r) => r.osgpLength > limit);
  if (over.length > 0) {
    throw new ConformanceAssertionError(
      `${over.length} message(s) from the meter exceed the ${limit}-byte PLC limit of 9.2: ${over.map((r) => `${r.osgpLength} bytes [${toHex(r.bytes)}]`).join("; ")}`,
    );
  }
}

/** The meter's answer to a transaction repeated under its own number (clause 4), and what decides it. */
export interface RepeatAnswer {
  readonly first: Uint8Array;
  readonly again: Uint8Array;
  /** The meter's number when `again` verifies, under the first request, as a 0x0C; else null. */
  readonly refusedAsReplay: number | null;
  /** From the first request going out to the repeat's answer: at least as long as the meter held its record. */
  readonly elapsedMs: number;
}

/**
 * Clause 4: a repeated transaction is not executed again. The first answer again, from the meter's
 * 14908-1 receive record, passes; so does 0x0C (9.7: a sequence number used before), its OSGP layer
 * refusing what its 14908-1 layer passed on, which is what a conforming meter does once the receive
 * timer has expired. Only where the PIXIT gives that timer (`receiveTimerMs`) and the repeat was
 * answered within it does a 0x0C FAIL: the record should have answered it. Any other answer is the
 * request executed again.
 */
export function expectRepeatNotExecuted(
  r: RepeatAnswer,
  receiveTimerMs: number | null,
  evidence: readonly Evidence[],
): void {
  if (bytesEqual(r.again, r.first)) return;
  if (r.refusedAsReplay === null)
    throw new ConformanceAssertionError(
      "the meter executed the repeated request again instead of answering it from its receive record (14908-1 duplicate detection)",
      evidence,
    );
  if (receiveTimerMs !== null && r.elapsedMs < receiveTimerMs)
    throw new ConformanceAssertionError(
      `the meter passed the repeat on to OSGP again, which refused it as a replay (0x0C), ${Math.round(r.elapsedMs)} ms after the first request went out, within its receive timer of ${receiveTimerMs} ms (PIXIT plc.receiveTimerMs): its receive record should have answered it (14908-1 duplicate detection)`,
      evidence,
    );
}
