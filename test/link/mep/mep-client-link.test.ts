import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesEqual, concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { EncodeError, LinkError } from "../../../harness/errors";
import { MepClientLink, type MepClientEvent } from "../../../harness/link/mep/mep-client-link";
import { DEFAULT_MEP_LINK_CONFIG } from "../../../harness/link/mep/mep-link-config";

// The MEP guide's worked example: partial write of ET50 and its response, in MEP framing.
const PAYLOAD = parseHex("4f 08 32 00 00 1e 00 01 01  77 63 6e 2f  86 e5 0e 26 67 d1 e6 3c");
const REQUEST = concatBytes(parseHex("00 15"), PAYLOAD);
const RESPONSE = parseHex("00 09  00  86 e5 0e 26 67 d1 e6 3c");

const kinds = (events: MepClientEvent[]) => events.map((e) => e.kind);
const txOf = (events: MepClientEvent[]) =>
  events.filter((e): e is Extract<MepClientEvent, { kind: "tx" }> => e.kind === "tx");

test("the defaults are the MEP guide's", () => {
  assert.deepEqual(DEFAULT_MEP_LINK_CONFIG, {
    responseTimeoutMs: 500,
    interByteTimeoutMs: 50,
    retries: 3,
    minRequestIntervalMs: 100,
    maxPayload: 476,
  });
});

test("a request is framed and written at once; the next frame is its response", () => {
  const link = new MepClientLink();
  assert.deepEqual(link.send(PAYLOAD, 1000), [{ kind: "tx", bytes: REQUEST, attempt: 0 }]);
  assert.equal(link.busy, true);
  assert.equal(link.nextDeadline(), 1500);
  const events = link.receive(RESPONSE, 1020);
  assert.deepEqual(kinds(events), ["rx", "response"]);
  assert.deepEqual(events[1], { kind: "response", payload: RESPONSE.subarray(2), bytes: RESPONSE, attempt: 0 });
  assert.equal(link.busy, false);
  assert.equal(link.nextDeadline(), undefined);
});

test("a second request while one is outstanding is OSGP_ERR_LINK_BUSY; a payload too long is an EncodeError", () => {
  const link = new MepClientLink();
  assert.throws(
    () => link.send(new Uint8Array(477), 0),
    (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE",
  );
  assert.equal(link.busy, false);
  link.send(PAYLOAD, 0);
  assert.throws(
    () => link.send(PAYLOAD, 10),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY",
  );
});

test("no response: identical bytes again at 500 ms, 1000 ms, 1500 ms, then failed at 2000 ms", () => {
  const link = new MepClientLink();
  const log: [number, MepClientEvent][] = link.send(PAYLOAD, 0).map((e) => [0, e]);
  for (let now = 1; now <= 3000; now++) {
    for (const e of link.tick(now)) log.push([now, e]);
  }
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind, e.kind === "tx" ? e.attempt : undefined]),
    [
      [0, "tx", 0],
      [500, "tx", 1],
      [1000, "tx", 2],
      [1500, "tx", 3],
      [2000, "failed", undefined],
    ],
  );
  for (const [, e] of log) if (e.kind === "tx") assert.deepEqual(e.bytes, REQUEST);
  const failed = log[4]?.[1];
  assert.ok(failed?.kind === "failed");
  assert.ok(failed.error instanceof LinkError);
  assert.equal(failed.error.code, "OSGP_ERR_MEP_NO_RESPONSE");
  assert.deepEqual(failed.error.bytes, REQUEST);
  // The link is free again.
  assert.equal(link.busy, false);
  assert.equal(txOf(link.send(PAYLOAD, 3000)).length, 1);
});

test("retries is a parameter: 0 retries fails at the first time-out", () => {
  const link = new MepClientLink({ ...DEFAULT_MEP_LINK_CONFIG, retries: 0, responseTimeoutMs: 300 });
  link.send(PAYLOAD, 0);
  assert.deepEqual(link.tick(299), []);
  assert.deepEqual(kinds(link.tick(300)), ["failed"]);
});

test("the response time-out counts to the two length bytes: one byte is not enough, two stop it", () => {
  const oneByte = new MepClientLink();
  oneByte.send(PAYLOAD, 0);
  oneByte.receive(RESPONSE.subarray(0, 1), 480);
  assert.equal(oneByte.nextDeadline(), 500);
  assert.deepEqual(kinds(oneByte.tick(500)), ["tx"]);

  const twoBytes = new MepClientLink();
  twoBytes.send(PAYLOAD, 0);
  twoBytes.receive(RESPONSE.subarray(0, 2), 499);
  // From here only the inter-byte time-out applies.
  assert.equal(twoBytes.nextDeadline(), 549);
  const events: MepClientEvent[] = [];
  // One byte every 50 ms, the slowest allowed, well past the 500 ms response deadline.
  for (let i = 2; i < RESPONSE.length; i++) {
    const now = 499 + 50 * (i - 1);
    events.push(...twoBytes.tick(now), ...twoBytes.receive(RESPONSE.subarray(i, i + 1), now));
  }
  assert.deepEqual(kinds(events.filter((e) => e.kind !== "rx")), ["response"]);
});

test("a response whose bytes stop is abandoned; the request's own deadline then still applies", () => {
  const link = new MepClientLink();
  link.send(PAYLOAD, 0);
  // A length that lies: 400, then 10 bytes, then silence.
  link.receive(concatBytes(parseHex("01 90"), new Uint8Array(10)), 100);
  assert.equal(link.nextDeadline(), 150);
  const abandoned = link.tick(151);
  assert.deepEqual(kinds(abandoned), ["rx"]);
  assert.equal(abandoned[0]?.kind === "rx" && abandoned[0].event.kind, "bad-frame");
  assert.equal(link.nextDeadline(), 500);
  assert.deepEqual(link.tick(500), [{ kind: "tx", bytes: REQUEST, attempt: 1 }]);
  assert.deepEqual(kinds(link.receive(RESPONSE, 520)), ["rx", "response"]);

  // Abandoned after the deadline passed: the retransmission follows at once.
  const late = new MepClientLink();
  late.send(PAYLOAD, 0);
  late.receive(parseHex("01 90 00"), 480);
  assert.deepEqual(late.tick(500), []);
  assert.deepEqual(kinds(late.tick(531)), ["rx", "tx"]);
});

test("pacing: a request asked for within 100 ms of the previous one is held until 100 ms after it", () => {
  const link = new MepClientLink();
  link.send(PAYLOAD, 1000);
  link.receive(RESPONSE, 1030);
  assert.deepEqual(link.send(PAYLOAD, 1040), []);
  assert.equal(link.busy, true);
  assert.equal(link.nextDeadline(), 1100);
  assert.deepEqual(link.tick(1099), []);
  assert.deepEqual(link.tick(1100), [{ kind: "tx", bytes: REQUEST, attempt: 0 }]);
  // The response time-out runs from the write, not from the send.
  assert.equal(link.nextDeadline(), 1600);
  // A frame while the request is only held answers nothing.
  const held = new MepClientLink();
  held.send(PAYLOAD, 0);
  held.receive(RESPONSE, 10);
  held.send(PAYLOAD, 20);
  assert.deepEqual(kinds(held.receive(RESPONSE, 30)), ["rx", "unsolicited"]);
  // Exactly 100 ms later is soon enough.
  const onTime = new MepClientLink();
  onTime.send(PAYLOAD, 0);
  onTime.receive(RESPONSE, 10);
  assert.equal(txOf(onTime.send(PAYLOAD, 100)).length, 1);
});

test("retransmissions are paced too when the response time-out is shorter than the request interval", () => {
  const link = new MepClientLink({ ...DEFAULT_MEP_LINK_CONFIG, responseTimeoutMs: 30 });
  link.send(PAYLOAD, 0);
  assert.deepEqual(link.tick(30), []);
  assert.equal(link.nextDeadline(), 100);
  // The first attempt is still on the wire: a frame now answers it.
  const events = link.receive(RESPONSE, 60);
  assert.deepEqual(events[1], { kind: "response", payload: RESPONSE.subarray(2), bytes: RESPONSE, attempt: 0 });
  assert.deepEqual(link.tick(100), []);
});

test("an alert between messages is reported and leaves the pending request alone", () => {
  const link = new MepClientLink();
  link.send(PAYLOAD, 0);
  const alert = link.receive(parseHex("00 00"), 200);
  assert.deepEqual(kinds(alert), ["rx", "alert"]);
  assert.equal(link.busy, true);
  assert.equal(link.nextDeadline(), 500);
  assert.deepEqual(kinds(link.receive(RESPONSE, 300)), ["rx", "response"]);
});

test("a frame with no request outstanding is unsolicited", () => {
  const link = new MepClientLink();
  const events = link.receive(RESPONSE, 0);
  assert.deepEqual(events[1], { kind: "unsolicited", payload: RESPONSE.subarray(2), bytes: RESPONSE });
  // After a response, a second frame is unsolicited too.
  link.send(PAYLOAD, 100);
  assert.deepEqual(kinds(link.receive(concatBytes(RESPONSE, RESPONSE), 150)), ["rx", "response", "rx", "unsolicited"]);
});

// A second request and its response, and a test that knows RESPONSE for the first request's answer.
const PAYLOAD_2 = parseHex("30 00 01  77 63 6e 30  11 22 33 44 55 66 77 88");
const RESPONSE_2 = parseHex("00 0a  00 00  a1 a2 a3 a4 a5 a6 a7 a8");
const answersFirst = (p: Uint8Array) => (bytesEqual(p, RESPONSE.subarray(2)) ? "the first request's answer" : null);

/** A request answered after one retransmission: the answer to the other attempt is still owed. */
function afterRetransmission(): MepClientLink {
  const link = new MepClientLink();
  link.send(PAYLOAD, 0);
  assert.deepEqual(kinds(link.tick(500)), ["tx"]);
  assert.deepEqual(kinds(link.receive(RESPONSE, 750)), ["rx", "response"]);
  return link;
}

test("after a retransmitted request, a frame the next request's test names as an earlier answer is set aside", () => {
  const link = afterRetransmission();
  link.send(PAYLOAD_2, 760, answersFirst);
  const late = link.receive(RESPONSE, 1250);
  assert.deepEqual(late[1], {
    kind: "late",
    payload: RESPONSE.subarray(2),
    bytes: RESPONSE,
    why: "the first request's answer",
  });
  assert.equal(link.busy, true, "the second request still waits for its own answer");
  assert.deepEqual(link.receive(RESPONSE_2, 1255)[1], {
    kind: "response",
    payload: RESPONSE_2.subarray(2),
    bytes: RESPONSE_2,
    attempt: 0,
  });
});

test("only as many late answers as attempts went unanswered are set aside; the rest are answers", () => {
  const link = afterRetransmission();
  link.send(PAYLOAD_2, 760, answersFirst);
  assert.deepEqual(kinds(link.receive(concatBytes(RESPONSE, RESPONSE), 1250)), ["rx", "late", "rx", "response"]);
  // Nothing is owed now: the test is not even asked.
  link.send(PAYLOAD_2, 1400, () => assert.fail("no answer is owed, so no frame is an earlier request's"));
  assert.deepEqual(kinds(link.receive(RESPONSE, 1450)), ["rx", "response"]);
});

test("with nothing owed (no retransmission), a frame is the request's answer whatever the test says", () => {
  const link = new MepClientLink();
  link.send(PAYLOAD, 0);
  link.receive(RESPONSE, 100);
  link.send(PAYLOAD_2, 200, () => "an earlier answer");
  assert.deepEqual(kinds(link.receive(RESPONSE, 300)), ["rx", "response"]);
});

test("an owed answer with no request on the wire is late, not unsolicited; a frame the test leaves is the answer", () => {
  const link = afterRetransmission();
  const late = link.receive(RESPONSE, 1250);
  assert.equal(late[1]?.kind, "late");
  assert.match((late[1] as { why: string }).why, /no request on the wire/);
  assert.deepEqual(kinds(link.receive(RESPONSE, 1300)), ["rx", "unsolicited"]);
  // Owed again, but the frame does not answer the earlier request: it is this one's.
  const other = afterRetransmission();
  other.send(PAYLOAD_2, 760, answersFirst);
  assert.deepEqual(kinds(other.receive(RESPONSE_2, 900)), ["rx", "response"]);
});

test("a request that failed owes every attempt: their late answers are set aside from the next request", () => {
  const link = new MepClientLink({ ...DEFAULT_MEP_LINK_CONFIG, retries: 1 });
  link.send(PAYLOAD, 0);
  link.tick(500);
  assert.deepEqual(kinds(link.tick(1000)), ["failed"]);
  link.send(PAYLOAD_2, 1000, answersFirst);
  assert.deepEqual(kinds(link.receive(concatBytes(RESPONSE, RESPONSE, RESPONSE_2), 1200)), [
    "rx",
    "late",
    "rx",
    "late",
    "rx",
    "response",
  ]);
});
