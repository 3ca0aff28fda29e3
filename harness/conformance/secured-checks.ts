import { bytesEqual } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import { encodeTableRequest } from "../protocol/table-requests";
import { DIGEST_LENGTH } from "../security/oma-digest";
import type { SecuritySuite } from "../security/security-suite";
import { deviceSequenceIn, SECURED_TABLE_CODEC, type SecuredExchange } from "../session/secured-session";
import { expectServed } from "./checks";
import type { RetransmissionAnswer } from "./mep-link-checks";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/** Judgements of secured MEP exchanges (7.2, 7.3, 9.7): what the device's answer must be. */
function evidence(x: SecuredExchange) {
  return [
    { label: `request frame (sequence 0x${x.sequence.toString(16).padStart(8, "0")})`, hex: toHex(x.frame) },
    { label: "answer frame", hex: toHex(x.responseFrame) },
  ];
}

/** The verified response APDU of an exchange: a refusal or an answer that does not verify fails. */
export function servedApdu(x: SecuredExchange, what: string): Uint8Array {
  switch (x.outcome.kind) {
    case "response":
      return x.outcome.apdu;
    case "auth-failure":
      throw new ConformanceAssertionError(
        `${what}: the device answered 0x0B (authentication failure) to a correctly protected request`,
        evidence(x),
      );
    case "unverified":
      throw new ConformanceAssertionError(
        `${what}: the device's answer does not verify: ${x.outcome.error.detail}`,
        evidence(x),
      );
  }
}

/** A request the scenario needs served: ok; a refusal for clearance, a lock or a busy device leaves it undecided. */
export function expectSecuredServed(x: SecuredExchange, what: string): void {
  expectServed(servedApdu(x, what)[0] ?? -1, what, evidence(x));
}

export function expectCodeIn(x: SecuredExchange, allowed: readonly number[], what: string): void {
  const apdu = servedApdu(x, what);
  const code = apdu[0] ?? -1;
  if (!allowed.includes(code)) {
    throw new ConformanceAssertionError(
      `${what}: the device answered ${describeResponseCode(code)}; allowed: ${allowed.map(describeResponseCode).join(" or ")}`,
      evidence(x),
    );
  }
}

/**
 * A write the harness makes only to set a scenario up: the harness chose its bytes, so a refusal
 * breaks no rule of the clause under test and leaves the scenario undecided (`remedy` says what the
 * lab can change). An answer that does not verify is still the device's breach.
 */
export function expectSetUpAccepted(x: SecuredExchange, what: string, remedy: string): void {
  const code = servedApdu(x, what)[0] ?? -1;
  if (code !== RESPONSE_CODE.ok)
    throw new Inconclusive(`${what}: the device refused it (${describeResponseCode(code)}); ${remedy}`);
}

/** 0x0B is the code alone: no data, no digest, no encryption (7.3, 9.9). */
export function expectAuthFailureFrame(answer: Uint8Array, request: Uint8Array, what: string): void {
  if (answer.length !== 1 || answer[0] !== 0x0b) {
    throw new ConformanceAssertionError(
      `${what}: expected the single byte 0b (authentication failure, unencrypted), got ${answer.length} byte(s)`,
      [
        { label: "request frame", hex: toHex(request) },
        { label: "answer frame", hex: toHex(answer) },
      ],
    );
  }
}

/** A verified 0x0C carrying the device's 4-byte number (9.7); returns that number. */
export function expectSequenceError(x: SecuredExchange, what: string): number {
  const apdu = servedApdu(x, what);
  const n = deviceSequenceIn(x.outcome);
  if (n === null) {
    throw new ConformanceAssertionError(
      `${what}: expected 0x0C with the device's sequence number, the device answered ${describeResponseCode(apdu[0] ?? -1)} with ${apdu.length - 1} more byte(s)`,
      evidence(x),
    );
  }
  return n;
}

/**
 * The answer to the request just served, sent again byte for byte: as a retransmission after a
 * lost response it may be the first response again, as a replay 0x0C with the device's number
 * (9.7). `allowed` says which the device may give (PIXIT mep.retransmissionAnswers on MEP).
 */
export function expectRetransmissionAnswer(
  first: SecuredExchange,
  again: SecuredExchange,
  allowed: readonly RetransmissionAnswer[],
  what: string,
): void {
  if (allowed.includes("same-response") && bytesEqual(again.responseFrame, first.responseFrame)) return;
  if (allowed.includes("sequence-error")) {
    expectSequenceError(again, what);
    return;
  }
  const apdu = servedApdu(again, what);
  throw new ConformanceAssertionError(
    `${what}: expected the first response again, byte for byte; the device answered ${describeResponseCode(apdu[0] ?? -1)} in another frame`,
    [...evidence(first).map((e) => ({ ...e, label: `first sending: ${e.label}` })), ...evidence(again)],
  );
}

/**
 * An encrypted read under the number the device accepted last (`accepted`, the exchange it accepted
 * it with) that can only be a replay of that number, whose answer is 0x0C (9.7): one byte of the
 * table, not the same bytes as `accepted`, which a device may take for a retransmission and answer
 * again (PIXIT mep.retransmissionAnswers). Inconclusive when the accepted request is not known (the
 * number came from a 0x0C) or would be repeated byte for byte.
 */
export function replayUnderAcceptedNumber(
  accepted: SecuredExchange | undefined,
  tableId: number,
  suite: SecuritySuite,
): { readonly apdu: Uint8Array; readonly sequence: number } {
  if (accepted === undefined)
    throw new Inconclusive("the device's number came from its 0x0C, so the request it accepted with it is not known");
  const apdu = encodeTableRequest({ service: "partial-read", tableId, offset: 0, count: 1 }, SECURED_TABLE_CODEC);
  if (bytesEqual(accepted.frame, suite.protectRequest(apdu, accepted.sequence, true).frame))
    throw new Inconclusive("the request would repeat, byte for byte, the one the device accepted with that number");
  return { apdu, sequence: accepted.sequence };
}

/**
 * Whether an answer was encrypted: its first bytes differ from the plaintext the session recovered.
 * Encrypted and plain agree on their first k bytes with probability 2^-8k, negligible for k >= 4.
 */
export function answerWasEncrypted(x: SecuredExchange): boolean {
  const plain = servedApdu(x, "the answer");
  const k = Math.min(plain.length, 8);
  return !bytesEqual(x.responseFrame.subarray(0, k), plain.subarray(0, k));
}

/** A protected request with one bit flipped, and whether the flip fell in its sequence number. */
export interface BitFlip {
  readonly frame: Uint8Array;
  readonly inSequence: boolean;
}

/**
 * One copy of an RC4-PSK `frame` (APDU, 4-byte sequence number, 8-byte digest) per byte, with bit
 * (i mod 8) of byte i flipped: a flip in every byte and every bit position.
 */
export function singleBitFlips(frame: Uint8Array): BitFlip[] {
  return Array.from(frame, (_, i) => {
    const f = frame.slice();
    f[i] = (f[i] as number) ^ (1 << (i % 8));
    const seqAt = frame.length - DIGEST_LENGTH - 4;
    return { frame: f, inSequence: i >= seqAt && i < seqAt + 4 };
  });
}

/**
 * Whether the answer to a request whose sequence number was damaged has a 0x0C's shape (9.7): code,
 * the device's number and a digest of `digestLength`, the code in clear when the request was. A
 * device that checks the number before the digest answers so: neither ETSI TS 104 001's public parts
 * nor [MEP] order the two checks, and both refuse the request. It verified no request, so its 0x0C
 * can only be known by its shape.
 */
export function hasSequenceErrorShape(answer: Uint8Array, digestLength: number, encrypted: boolean): boolean {
  return answer.length === 1 + 4 + digestLength && (encrypted || answer[0] === RESPONSE_CODE.seq);
}

/**
 * 7.2: a protected request with one bit flipped is refused: the single byte 0x0B, or, for a flip in
 * the sequence number, a 0x0C (hasSequenceErrorShape).
 */
export function expectFlipRefused(answer: Uint8Array, flip: BitFlip, encrypted: boolean, what: string): void {
  if (answer.length === 1 && answer[0] === RESPONSE_CODE.auth) return;
  if (flip.inSequence && hasSequenceErrorShape(answer, DIGEST_LENGTH, encrypted)) return;
  throw new ConformanceAssertionError(
    `${what}: expected the single byte 0b (authentication failure, unencrypted)${flip.inSequence ? ", or 0x0C with the device's number (13 bytes)" : ""}, got ${answer.length} byte(s)`,
    [
      { label: "request frame", hex: toHex(flip.frame) },
      { label: "answer frame", hex: toHex(answer) },
    ],
  );
}
