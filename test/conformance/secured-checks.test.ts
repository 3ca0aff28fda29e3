import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import {
  expectFlipRefused,
  expectRetransmissionAnswer,
  hasSequenceErrorShape,
  expectSetUpAccepted,
  singleBitFlips,
} from "../../harness/conformance/secured-checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import type { SuiteContext } from "../../harness/security/security-suite";
import type { SecuredExchange } from "../../harness/session/secured-session";

/**
 * 9.7: the answer to the request just served, sent again byte for byte, judged against the first
 * sending's answer and what the PIXIT allows. Frames and APDUs are written by hand: the judge only
 * compares frames and reads the verified APDU.
 */
function exchange(responseFrame: string, apdu: string): SecuredExchange {
  return {
    apdu: parseHex("40 00 07"),
    context: {} as SuiteContext,
    role: "advanced",
    sequence: 0x77635b91,
    encrypted: true,
    frame: parseHex("00 14 50 47 27 fd a8 3d cc 44 5f f5 b9 87 c3 3f bc 13 40 f4 72 f7"),
    responseFrame: parseHex(responseFrame),
    outcome: { kind: "response", apdu: parseHex(apdu) },
    resynchronisedAfter: null,
  };
}

const FIRST = exchange("00 09 a1 b2 c3 d4 e5 f6 07 18 29", "00");
const SAME = exchange("00 09 a1 b2 c3 d4 e5 f6 07 18 29", "00");
const REPLAY_REFUSED = exchange("00 0d 12 a5 75 26 ea 06 90 18 7a 3a 57 08 8b", "0c 77 63 5b 91");
const EXECUTED_AGAIN = exchange("00 09 5a 4b 3c 2d 1e 0f f0 e1 d2", "00");

const fails = (allowed: Parameters<typeof expectRetransmissionAnswer>[2], again: SecuredExchange, message: RegExp) =>
  assert.throws(
    () => expectRetransmissionAnswer(FIRST, again, allowed, "the resend"),
    (e: unknown) => e instanceof ConformanceAssertionError && message.test(e.message),
  );

test("with both answers allowed (the MEP default), the first response again and 0x0C both pass; a new answer fails", () => {
  const both = ["same-response", "sequence-error"] as const;
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, SAME, both, "the resend"));
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, REPLAY_REFUSED, both, "the resend"));
  fails(both, EXECUTED_AGAIN, /^the resend: expected 0x0C with the device's sequence number, the device answered ok/);
});

test("0x0C alone (a replay, as on PLC): the first response again fails", () => {
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, REPLAY_REFUSED, ["sequence-error"], "the resend"));
  fails(["sequence-error"], SAME, /expected 0x0C with the device's sequence number, the device answered ok/);
});

test("the first response alone: 0x0C fails, with both sendings' frames as evidence", () => {
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, SAME, ["same-response"], "the resend"));
  fails(
    ["same-response"],
    REPLAY_REFUSED,
    /^the resend: expected the first response again, byte for byte; the device answered seq \(0x0c\)[^]*first sending: answer frame: \[00 09 a1/,
  );
});

test("a set-up write the device refuses is undecided, naming the code and the remedy; one answered 0x0B is a breach", () => {
  assert.doesNotThrow(() => expectSetUpAccepted(SAME, "the set-up write", "name another"));
  for (const [apdu, name] of [
    ["05", "iar"],
    ["04", "onp"],
    ["03", "isc"],
  ] as const)
    assert.throws(
      () => expectSetUpAccepted(exchange("00 03 aa bb cc", apdu), "the set-up write", "name another"),
      (e: unknown) =>
        e instanceof Inconclusive &&
        new RegExp(`^the set-up write: the device refused it \\(${name}\\b.*\\); name another$`).test(e.message),
    );
  assert.throws(
    () => expectSetUpAccepted({ ...SAME, outcome: { kind: "auth-failure" } }, "the set-up write", "name another"),
    (e: unknown) => e instanceof ConformanceAssertionError && /0x0B \(authentication failure\)/.test(e.message),
  );
});

/** D2's request (a 1-byte write of ET50): APDU 9 bytes, sequence 77 63 6e 2f, digest 8 bytes. */
const D2 = parseHex("4f 08 32 00 00 1e 00 01 01 77 63 6e 2f 86 e5 0e 26 67 d1 e6 3c");

test("single-bit flips: one per byte, bit (i mod 8) of byte i; bytes 9..12 are the sequence number's", () => {
  const flips = singleBitFlips(D2);
  assert.equal(flips.length, 21);
  assert.deepEqual(flips[0]?.frame, parseHex("4e 08 32 00 00 1e 00 01 01 77 63 6e 2f 86 e5 0e 26 67 d1 e6 3c"));
  assert.deepEqual(flips[10]?.frame.subarray(9, 13), parseHex("77 67 6e 2f"));
  assert.deepEqual(
    flips.flatMap((f, i) => (f.inSequence ? [i] : [])),
    [9, 10, 11, 12],
  );
});

test("a flip in the sequence number may get 0x0C with the device's number; elsewhere only 0x0B passes", () => {
  const [inApdu, inSequence, inDigest] = [singleBitFlips(D2)[2]!, singleBitFlips(D2)[11]!, singleBitFlips(D2)[14]!];
  const sequenceError = parseHex("0c 77 63 5b 90 35 86 3c 1d f5 b9 14 82");
  const refused = (answer: Uint8Array, flip: typeof inApdu, encrypted = false) =>
    expectFlipRefused(answer, flip, encrypted, "the flip");
  for (const flip of [inApdu, inSequence, inDigest]) assert.doesNotThrow(() => refused(parseHex("0b"), flip));
  assert.doesNotThrow(() => refused(sequenceError, inSequence));
  assert.doesNotThrow(() => refused(parseHex("5e 01 02 03 04 05 06 07 08 09 0a 0b 0c"), inSequence, true));
  for (const flip of [inApdu, inDigest])
    assert.throws(
      () => refused(sequenceError, flip),
      (e: unknown) => e instanceof ConformanceAssertionError,
    );
  assert.throws(() => refused(parseHex("5e 01 02 03 04 05 06 07 08 09 0a 0b 0c"), inSequence), /or 0x0C/);
  assert.throws(
    () => refused(parseHex("00 86 e5 0e 26 67 d1 e6 3c"), inSequence),
    (e: unknown) => e instanceof ConformanceAssertionError,
    "the write served: ok and a digest",
  );
});

test("a 0x0C's shape: code, 4-byte number and the suite's digest; its code readable only when not encrypted", () => {
  const withTag16 = parseHex("0c 77 63 5b 90 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
  assert.equal(hasSequenceErrorShape(withTag16, 16, false), true);
  assert.equal(hasSequenceErrorShape(withTag16, 8, false), false, "8 bytes too long for an 8-byte digest");
  assert.equal(hasSequenceErrorShape(parseHex("0b 77 63 5b 90 35 86 3c 1d f5 b9 14 82"), 8, false), false);
  assert.equal(hasSequenceErrorShape(parseHex("0b 77 63 5b 90 35 86 3c 1d f5 b9 14 82"), 8, true), true);
});
