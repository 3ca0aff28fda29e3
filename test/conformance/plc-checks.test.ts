import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import {
  expectMessagesWithin,
  expectNmSuccess,
  expectReadFitsOneMessage,
  expectReadTooLongForOneMessage,
  expectNoQueryIdAnswer,
  expectOwnTransactionNumbers,
  expectQueryIdAnswer,
  expectRepeatNotExecuted,
} from "../../harness/conformance/plc-checks";
import { decodeBroadcastWindow, expectOpenWindow } from "../../harness/conformance/secure-broadcast";
import type { LonApdu } from "../../harness/link/lon/lon-apdu";
import type { PlcTransaction } from "../../harness/session/plc-session";

const METER = { subnet: 1, node: 11, uniqueId: parseHex("4f 53 47 50 00 01") };

/**
 * A CN/IP data packet from the meter 1/11 to the harness 1/1, domain 01: an SPDU RESPONSE with
 * transaction number `tn` and APDU 00. Written byte by byte from the header layouts.
 */
function responseDatagram(tn: number, srcNode = 11): Uint8Array {
  return Uint8Array.from([
    // CN/IP: length 29, version 1, data packet, no ext, LON, vendor 0
    ...[0x00, 29, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00],
    ...[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], // session 0, sequence 1, timestamp 0
    0x00, // priority 0, alt path 0, backlog 0
    0b00_01_10_01, // SPDU, address format 2, 1-byte domain
    ...[0x01, 0x80 | srcNode, 0x01, 0x01], // from 1/srcNode (bit 7 set for format 2a) to 1/1
    0x01, // domain 01
    0x20 | tn, // SPDU RESPONSE, transaction number
    0x00, // APDU: OSGP ok
  ]);
}

const answerOf = (apdu: LonApdu, node = 11): PlcTransaction => ({
  to: { kind: "broadcast", subnet: 0 },
  tn: 3,
  answers: [{ from: { subnet: 1, node, member: null }, apdu, attempt: 0, tn: 3 }],
  outcome: "completed",
  missingMembers: [],
  error: null,
});

test("9.1: a meter response with a transaction number the harness never sent is a FAIL; a late answer to an earlier one is not", () => {
  assert.equal(responseDatagram(2).length, 29);
  // tn 2 answered while only 1 had been sent: the defect of answering tn + 1.
  assert.throws(
    () => expectOwnTransactionNumbers([{ reason: "", bytes: responseDatagram(2), tnsSent: [1] }], METER),
    (e: unknown) => e instanceof ConformanceAssertionError && /transaction number 2/.test(e.message),
  );
  // A copy of the answer to tn 1 arriving during tn 2: a lossy channel, not a fault.
  expectOwnTransactionNumbers([{ reason: "", bytes: responseDatagram(1), tnsSent: [1, 2] }], METER);
  // Another node's traffic is not the meter's business.
  expectOwnTransactionNumbers([{ reason: "", bytes: responseDatagram(9, 12), tnsSent: [1] }], METER);
  // Bytes that are no CN/IP packet at all are not judged here.
  expectOwnTransactionNumbers([{ reason: "", bytes: parseHex("00 05 01"), tnsSent: [] }], METER);
});

test("5.1/5.4: Query ID answers are judged by the meter's unique id", () => {
  const good: LonApdu = { kind: "message", code: 0x21, data: parseHex("4f 53 47 50 00 01  4f 53 47 50 53 49 4d 01") };
  assert.deepEqual(expectQueryIdAnswer(answerOf(good), METER).programId, parseHex("4f 53 47 50 53 49 4d 01"));
  const other: LonApdu = { kind: "message", code: 0x21, data: parseHex("4f 53 47 50 00 02  4f 53 47 50 53 49 4d 01") };
  assert.throws(() => expectQueryIdAnswer(answerOf(other), METER), ConformanceAssertionError);
  assert.throws(
    () => expectQueryIdAnswer(answerOf({ kind: "message", code: 0x01, data: new Uint8Array(0) }), METER),
    ConformanceAssertionError,
  );
  // Silence from the meter (another node answered) is inconclusive for "answers", a pass for "does not answer".
  assert.throws(() => expectQueryIdAnswer(answerOf(good, 12), METER), Inconclusive);
  expectNoQueryIdAnswer(answerOf(good, 12), METER);
  assert.throws(() => expectNoQueryIdAnswer(answerOf(good), METER), ConformanceAssertionError);
});

test("5.5: Respond to Query is confirmed by the NM success code 0x22, refused by 0x02", () => {
  expectNmSuccess(answerOf({ kind: "message", code: 0x22, data: new Uint8Array(0) }), METER, 0x62, "on");
  assert.throws(
    () => expectNmSuccess(answerOf({ kind: "message", code: 0x02, data: new Uint8Array(0) }), METER, 0x62, "on"),
    ConformanceAssertionError,
  );
});

test("9.2: a message longer than the limit is a FAIL that names the limit", () => {
  expectMessagesWithin([{ bytes: new Uint8Array(3), osgpLength: 114 }], 114);
  assert.throws(
    () => expectMessagesWithin([{ bytes: new Uint8Array(3), osgpLength: 115 }], 114),
    (e: unknown) => e instanceof ConformanceAssertionError && e.message.includes("114-byte"),
  );
});

test("9.2: a read is owed an answer only while 3 APDU bytes, its data and the digest fit plc.messageLimit", () => {
  // 3 + 103 + 8 = 114: the last count one 114-byte message carries under RC4.
  expectReadFitsOneMessage(103, PIXIT_DEFAULTS);
  expectReadTooLongForOneMessage(104, "a read of 104 bytes", PIXIT_DEFAULTS);
  assert.throws(() => expectReadFitsOneMessage(104, PIXIT_DEFAULTS), Inconclusive);
  assert.throws(
    () => expectReadTooLongForOneMessage(103, "a read of 103 bytes", PIXIT_DEFAULTS),
    (e: unknown) => e instanceof Inconclusive && e.message.includes("114 bytes, fits PIXIT plc.messageLimit (114)"),
  );
  // A lab's smaller limit, and the provisional AES suite's longer tag, count too.
  const small = { ...PIXIT_DEFAULTS, plc: { ...PIXIT_DEFAULTS.plc, messageLimit: 60 } };
  assert.throws(() => expectReadFitsOneMessage(84, small), Inconclusive);
  const aes = {
    ...PIXIT_DEFAULTS,
    security: { ...PIXIT_DEFAULTS.security, suite: "aes128" as const, aesTagLength: 16 },
  };
  assert.throws(() => expectReadFitsOneMessage(96, aes), Inconclusive);
  expectReadFitsOneMessage(95, aes);
});

test("9.11 (provisional): ET04's receipt, base and delta, in the device's data order; D = 0 opens no window", () => {
  // receipt 2026-11-24 13:05:09, B = 0x01020304, D = 0x0010
  const w = decodeBroadcastWindow(parseHex("1a 0b 18 0d 05 09  04 03 02 01  10 00"), "le");
  assert.deepEqual([w.base, w.delta, w.receipt?.year], [0x01020304, 16, 2026]);
  expectOpenWindow(w);
  const msb = decodeBroadcastWindow(parseHex("1a 0b 18 0d 05 09  01 02 03 04  00 10"), "be");
  assert.deepEqual([msb.base, msb.delta, msb.receipt?.year], [0x01020304, 16, 2026]);
  assert.equal(decodeBroadcastWindow(new Uint8Array(12).fill(0, 0), "le").receipt, null);
  assert.throws(() => expectOpenWindow(decodeBroadcastWindow(new Uint8Array(12), "le")), ConformanceAssertionError);
  // Month 13 is no date: a FAIL, not a crash.
  assert.throws(
    () => decodeBroadcastWindow(parseHex("1a 0d 18 0d 05 09  00 00 00 00  10 00"), "le"),
    ConformanceAssertionError,
  );
});

/** Clause 4: BT01's answer (ok, 2 bytes of data, digest) and a 0x0C with the meter's number 0x01020305. */
const FIRST_ANSWER = parseHex("00 00 02 41 42 c3 11 22 33 44 55 66 77 88");
const REPLAY_REFUSED = parseHex("9a 01 02 03 05 10 20 30 40 50 60 70 80");
const repeatOf = (again: Uint8Array, refusedAsReplay: number | null, elapsedMs = 300) => ({
  first: FIRST_ANSWER,
  again,
  refusedAsReplay,
  elapsedMs,
});

test("a repeat answered with the first answer's bytes passes, whatever the receive timer", () => {
  assert.doesNotThrow(() => expectRepeatNotExecuted(repeatOf(FIRST_ANSWER.slice(), null), 8000, []));
});

test("a repeat refused as a replay (0x0C) is not an execution: it passes where the receive timer is not known", () => {
  assert.doesNotThrow(() => expectRepeatNotExecuted(repeatOf(REPLAY_REFUSED, 0x01020305), null, []));
  assert.doesNotThrow(() => expectRepeatNotExecuted(repeatOf(REPLAY_REFUSED, 0x01020305, 9000), 8000, []));
});

test("a 0x0C within the PIXIT's receive timer fails: the record should have answered", () => {
  assert.throws(
    () => expectRepeatNotExecuted(repeatOf(REPLAY_REFUSED, 0x01020305, 300), 8000, []),
    (e: unknown) => e instanceof ConformanceAssertionError && /within its receive timer of 8000 ms/.test(e.message),
  );
});

test("any other answer to the repeat is the request executed again, and fails", () => {
  const executedAgain = parseHex("00 00 02 41 42 c3 99 aa bb cc dd ee ff 00");
  assert.throws(
    () => expectRepeatNotExecuted(repeatOf(executedAgain, null, 9000), null, []),
    (e: unknown) => e instanceof ConformanceAssertionError && /executed the repeated request again/.test(e.message),
  );
});
