import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError } from "../../harness/errors";
import {
  alertInsideViolations,
  alertsSeen,
  consistentBreach,
  framingViolations,
  longestResponse,
  MEP_LINK_RULES,
  responseTimeViolations,
  retransmissionAnswers,
  retransmissionViolations,
  segmentViolations,
  serialByteTimeMs,
  type LinkJudgement,
  type MepLinkViolation,
} from "../../harness/conformance/mep-link-checks";
import { byteArrivals, parseMepWire, type WireChunk, type WireExchange } from "../../harness/link/mep/mep-wire";

// The MEP guide's worked example: the partial write of ET50 and its response, in MEP framing.
const REQUEST = parseHex("00 15  4f 08 32 00 00 1e 00 01 01  77 63 6e 2f  86 e5 0e 26 67 d1 e6 3c");
const RESPONSE = parseHex("00 09  00  86 e5 0e 26 67 d1 e6 3c");
const ALERT = parseHex("00 00");
/** A 213-byte response frame (211-byte payload) with no zero byte, as a 200-byte read's would be. */
const LONG_PAYLOAD = Uint8Array.from({ length: 211 }, (_, i) => (i % 250) + 1);
const LONG = concatBytes(Uint8Array.of(0x00, 211), LONG_PAYLOAD);
const PTY = { byteTimeMs: 0, marginMs: 20 };
const SEGMENTS = { segmentSize: 117, segmentGapMinMs: 10, interByteLimitMs: 50 };

const at = (ms: number, bytes: Uint8Array): WireChunk => ({ at: ms, bytes });
const exchange = (rx: WireChunk[], o: Partial<WireExchange> = {}): WireExchange => ({
  request: REQUEST,
  label: "partial write ET50",
  sentAt: 0,
  rx,
  ...o,
});
const hex = (b: Uint8Array) => toHex(b);
const rules = (vs: MepLinkViolation[]) => vs.map((v) => v.rule);
const messageOf = (j: LinkJudgement) => (j.verdict === "pass" ? "" : j.message);

test("the wire parser reads frames and alerts across chunks and keeps where each byte came from", () => {
  const items = parseMepWire([
    at(0, concatBytes(RESPONSE.subarray(0, 4))),
    at(5, concatBytes(RESPONSE.subarray(4), ALERT)),
  ]);
  assert.deepEqual(
    items.map((i) => [i.kind, hex(i.bytes)]),
    [
      ["frame", hex(RESPONSE)],
      ["alert", "00 00"],
    ],
  );
  assert.deepEqual(items[0]?.spans, [
    { chunk: 0, offset: 0, count: 4 },
    { chunk: 1, offset: 0, count: 7 },
  ]);
  assert.deepEqual(items[1]?.spans, [{ chunk: 1, offset: 7, count: 2 }]);
});

test("the wire parser reports a frame cut short, a length above 476 and a lone last byte as they are", () => {
  const cut = parseMepWire([at(0, parseHex("00 0a 00 86 e5"))]);
  assert.deepEqual(
    cut.map((i) => i.kind),
    ["cut"],
  );
  assert.equal(cut[0]?.kind === "cut" && cut[0].announced, 10);
  // ff ff: above 476; its second byte is read again, as a client does, and ff 00 is too long as well.
  const stray = parseMepWire([at(0, concatBytes(parseHex("ff ff"), RESPONSE, parseHex("7e")))]);
  assert.deepEqual(
    stray.map((i) => [i.kind, hex(i.bytes)]),
    [
      ["stray", "ff ff"],
      ["frame", hex(RESPONSE)],
      ["stray", "7e"],
    ],
  );
});

test("a byte's arrival is its chunk's time, less the line time of the bytes after it in the chunk", () => {
  const chunks = [at(10, RESPONSE)];
  const [frame] = parseMepWire(chunks);
  assert.deepEqual(byteArrivals(frame as NonNullable<typeof frame>, chunks, 0), Array(11).fill(10));
  assert.deepEqual(byteArrivals(frame as NonNullable<typeof frame>, chunks, 1).slice(0, 3), [0, 1, 2]);
});

test("framing: a response with alerts around it passes; so does a listening period of alerts", () => {
  const clean = [
    exchange([at(1, ALERT), at(3, RESPONSE), at(900, ALERT)]),
    exchange([at(1000, ALERT)], { request: null, label: "listening" }),
  ];
  assert.deepEqual(framingViolations(clean), []);
  assert.equal(alertsSeen(clean), 3);
});

test("framing: a length field one too high leaves the frame cut; one too low leaves a byte outside any frame", () => {
  const high = framingViolations([exchange([at(3, concatBytes(parseHex("00 0a"), RESPONSE.subarray(2)))])]);
  assert.deepEqual(rules(high), ["framing"]);
  assert.match(high[0]?.detail ?? "", /00 0a announces 10 byte\(s\); 9 came/);
  assert.deepEqual(
    high[0]?.frames.map((f) => f.label),
    ["request", "cut"],
  );

  const low = framingViolations([exchange([at(3, concatBytes(parseHex("00 08"), RESPONSE.subarray(2)))])]);
  assert.deepEqual(rules(low), ["framing"]);
  assert.match(low[0]?.detail ?? "", /1 byte\(s\) outside any frame/);
});

test("framing: two frames for one request, or a frame while none was asked for, break the one-response rule", () => {
  assert.deepEqual(rules(framingViolations([exchange([at(3, concatBytes(RESPONSE, RESPONSE))])])), ["one-response"]);
  assert.deepEqual(rules(framingViolations([exchange([at(3, RESPONSE)], { request: null, label: "listening" })])), [
    "one-response",
  ]);
});

test("alerts: an alert inside a segmented response is found where it was put, and only there", () => {
  const inside = concatBytes(LONG.subarray(0, 117), ALERT, LONG.subarray(117));
  const vs = alertInsideViolations([
    exchange([at(3, inside.subarray(0, 119)), at(28, inside.subarray(119))], {
      verifies: (p) => p.length === 211 && p[0] === 1,
    }),
  ]);
  assert.deepEqual(rules(vs), ["alert-inside"]);
  assert.match(
    vs[0]?.detail ?? "",
    /00 00 came after byte 117 of the 213-byte response frame: without it the frame's length and digest agree/,
  );
  // A response that breaks the framing without an alert in it is the framing rule's, not this one's.
  assert.deepEqual(
    alertInsideViolations([exchange([at(3, concatBytes(parseHex("00 0a"), RESPONSE.subarray(2)))])]),
    [],
  );
  // Taking out the 00 00 must also leave a frame that verifies, when the exchange can tell.
  assert.deepEqual(alertInsideViolations([exchange([at(3, inside)], { verifies: () => false })]), []);
  assert.deepEqual(alertInsideViolations([exchange([at(3, LONG), at(500, ALERT)])]), []);
});

test("response time: the first byte within the limit and the bench's margin; a late or missing response is a breach", () => {
  assert.deepEqual(responseTimeViolations([exchange([at(100, ALERT), at(515, RESPONSE)])], 500, PTY), []);
  const late = responseTimeViolations([exchange([at(100, ALERT), at(530, RESPONSE)])], 500, PTY);
  assert.deepEqual(rules(late), ["response-time"]);
  assert.match(
    late[0]?.detail ?? "",
    /first byte came 530\.0 ms after the request's last byte: over 500 ms \(\+ 20 ms for the bench\)/,
  );
  // On a 9600-baud line an 11-byte chunk handed over at 530 ms began 10 byte-times earlier.
  assert.deepEqual(
    responseTimeViolations([exchange([at(530, RESPONSE)])], 500, {
      byteTimeMs: serialByteTimeMs({ baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1 }),
      marginMs: 20,
    }),
    [],
  );
  assert.deepEqual(rules(responseTimeViolations([exchange([at(100, ALERT)])], 500, PTY)), ["response-time"]);
  // A request left unanswered after another was answered: the device is there, and late or silent.
  assert.deepEqual(rules(responseTimeViolations([exchange([at(40, RESPONSE)]), exchange([])], 500, PTY)), [
    "response-time",
  ]);
  // Silence throughout shows no device at all: the link's, undecided (the observation's problems say so).
  assert.deepEqual(responseTimeViolations([exchange([]), exchange([])], 500, PTY), []);
});

test("segments: 117 + 96 bytes 25 ms apart pass; one burst of 213 bytes does not", () => {
  const segmented = [exchange([at(5, LONG.subarray(0, 117)), at(30, LONG.subarray(117))])];
  assert.deepEqual(segmentViolations(segmented, SEGMENTS, PTY), []);
  assert.equal(longestResponse(segmented), 213);
  const burst = segmentViolations([exchange([at(5, LONG.subarray(0, 150)), at(6, LONG.subarray(150))])], SEGMENTS, PTY);
  assert.deepEqual(rules(burst), ["segments"]);
  assert.match(burst[0]?.detail ?? "", /came in bursts of 213 bytes|came in one burst/);
  assert.deepEqual(
    burst[0]?.frames.map((f) => f.label),
    ["request", "bytes 0..212"],
  );
  // Segments of 118 bytes are one too many.
  assert.match(
    segmentViolations([exchange([at(5, LONG.subarray(0, 118)), at(30, LONG.subarray(118))])], SEGMENTS, PTY)[0]
      ?.detail ?? "",
    /bursts of 118 \+ 95 bytes/,
  );
});

test("segments: a silence inside a frame above the inter-byte limit and the margin is a breach", () => {
  const slow = segmentViolations([exchange([at(5, LONG.subarray(0, 117)), at(80, LONG.subarray(117))])], SEGMENTS, PTY);
  assert.deepEqual(rules(slow), ["inter-byte"]);
  assert.match(
    slow[0]?.detail ?? "",
    /75\.0 ms of silence after byte 117 of the 213-byte frame: over 50 ms \(\+ 20 ms for the bench\)/,
  );
  assert.deepEqual(
    segmentViolations([exchange([at(5, LONG.subarray(0, 117)), at(70, LONG.subarray(117))])], SEGMENTS, PTY),
    [],
  );
});

test("segments on a real line: chunks handed over at line speed are one burst, a 25 ms pause is a gap", () => {
  const line = { byteTimeMs: 10000 / 9600, marginMs: 20 };
  // A USB adapter hands over 62 bytes at a time: back to back, no silence at all.
  const pieces = [0, 62, 124, 186].map((from, k) =>
    at(5 + (k + 1) * 62 * line.byteTimeMs, LONG.subarray(from, from + 62)),
  );
  const continuous = segmentViolations([exchange(pieces)], SEGMENTS, line);
  assert.deepEqual(rules(continuous), ["segments"]);
  const paused = [
    at(5 + 117 * line.byteTimeMs, LONG.subarray(0, 117)),
    at(5 + 117 * line.byteTimeMs + 25 + 96 * line.byteTimeMs, LONG.subarray(117)),
  ];
  assert.deepEqual(segmentViolations([exchange(paused)], SEGMENTS, line), []);
});

test("retransmission: the first response again, or 0x0C, as the PIXIT allows; anything else is a new execution", () => {
  const first = exchange([at(3, RESPONSE)]);
  const seqError = parseHex("00 0d 0c 77 63 5b 90 11 22 33 44 55 66 77 88");
  const onp = parseHex("00 09 04 86 e5 0e 26 67 d1 e6 3c");
  const check = (allowed: ("same-response" | "sequence-error")[]) => ({
    allowed,
    isSequenceError: (p: Uint8Array) => p[0] === 0x0c,
    describe: (p: Uint8Array) => `code ${p[0]}`,
  });
  const both = check(["same-response", "sequence-error"]);
  assert.deepEqual(retransmissionViolations(first, exchange([at(3, RESPONSE)]), both), []);
  assert.deepEqual(retransmissionViolations(first, exchange([at(3, seqError)]), both), []);
  assert.deepEqual(rules(retransmissionViolations(first, exchange([at(3, seqError)]), check(["same-response"]))), [
    "retransmission",
  ]);
  const anew = retransmissionViolations(first, exchange([at(3, onp)]), both);
  assert.deepEqual(rules(anew), ["retransmission"]);
  assert.match(
    anew[0]?.detail ?? "",
    /answered anew \(code 4\) where the first sending got code 0: neither the first response again nor 0x0C/,
  );
  assert.deepEqual(
    anew[0]?.frames.map((f) => f.label),
    ["request", "first response", "answer to the retransmission"],
  );
  assert.match(retransmissionViolations(first, exchange([at(3, ALERT)]), both)[0]?.detail ?? "", /got no answer/);
  assert.throws(() => retransmissionViolations(first, exchange([], { request: RESPONSE }), both));
});

test("the PIXIT's retransmission answers are checked word by word", () => {
  assert.deepEqual(retransmissionAnswers(["sequence-error"]), ["sequence-error"]);
  assert.throws(
    () => retransmissionAnswers(["same"]),
    (e: unknown) => e instanceof ConfigError && /not "same"/.test(e.message),
  );
  assert.throws(() => retransmissionAnswers([]), ConfigError);
});

test("a breach fails only when a second observation repeats it; seen once it is inconclusive, with both observations", () => {
  const cut = framingViolations([exchange([at(3, concatBytes(parseHex("00 0a"), RESPONSE.subarray(2)))])]);
  const show = (b: Uint8Array) => toHex(b);
  assert.deepEqual(consistentBreach([], null, show), { verdict: "pass" });
  const fail = consistentBreach(cut, cut, show);
  assert.equal(fail.verdict, "fail");
  assert.ok(messageOf(fail).startsWith(MEP_LINK_RULES.framing));
  assert.ok(
    messageOf(fail).includes(`request: [${toHex(REQUEST)}]`) &&
      messageOf(fail).includes("second observation:\n  - partial write ET50"),
  );
  const once = consistentBreach(cut, [], show);
  assert.equal(once.verdict, "inconclusive");
  assert.ok(
    /did not repeat/.test(messageOf(once)) &&
      messageOf(once).includes("second observation:\n  no breach") &&
      !/assertion/i.test(messageOf(once)),
  );
  // Another rule's breach the second time does not make the first one consistent.
  const twoFrames = framingViolations([exchange([at(3, concatBytes(RESPONSE, RESPONSE))])]);
  assert.deepEqual(rules(twoFrames), ["one-response"]);
  assert.equal(consistentBreach(cut, twoFrames, show).verdict, "inconclusive");
});

test("a byte's line time: 10 bits at 9600 baud for 8N1, 11 with parity", () => {
  assert.equal(serialByteTimeMs({ baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1 }).toFixed(4), "1.0417");
  assert.equal(serialByteTimeMs({ baudRate: 9600, dataBits: 8, parity: "even", stopBits: 1 }).toFixed(4), "1.1458");
});
