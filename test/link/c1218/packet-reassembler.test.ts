import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbPacket } from "../../../harness/fuzz/arbitraries/packets";
import { encodePacket, type Packet } from "../../../harness/link/c1218/packet";
import { PacketReassembler, type StreamEvent } from "../../../harness/link/c1218/packet-reassembler";

const T = 500; // inter-character time-out used throughout
const IDENT = parseHex("ee 00 00 00 00 01 20 13 10");

const reassembler = (maxDataLength?: number) =>
  new PacketReassembler({ interCharTimeoutMs: T, ...(maxDataLength === undefined ? {} : { maxDataLength }) });

test("a packet, ACK, NAK and noise in one chunk", () => {
  const events = reassembler().push(concatBytes(parseHex("55 55 06"), IDENT, parseHex("15 00")), 0);
  assert.deepEqual(
    events.map((e) => [e.kind, Array.from(e.bytes)]),
    [
      ["noise", [0x55, 0x55]],
      ["ack", [0x06]],
      ["packet", Array.from(IDENT)],
      ["nak", [0x15]],
      ["noise", [0x00]],
    ],
  );
  const p = events[2];
  assert.ok(p?.kind === "packet");
  assert.deepEqual(p.packet.data, Uint8Array.of(0x20));
});

test("a packet one byte at a time", () => {
  const r = reassembler();
  const events: StreamEvent[] = [];
  IDENT.forEach((b, i) => {
    events.push(...r.push(Uint8Array.of(b), i * 10));
    assert.equal(r.inPacket, i < IDENT.length - 1);
  });
  assert.deepEqual(
    events.map((e) => e.kind),
    ["packet"],
  );
});

test("a whole packet with a bad CRC is a bad-packet event", () => {
  const bad = IDENT.slice();
  bad[8] = 0x11;
  const events = reassembler().push(bad, 0);
  assert.equal(events.length, 1);
  assert.ok(events[0]?.kind === "bad-packet");
  assert.equal(events[0].error.code, "OSGP_ERR_FRAME_CRC");
  assert.deepEqual(events[0].bytes, bad);
});

test("a header longer than allowed is rejected, and its bytes are scanned again for the real start", () => {
  // Header ee 20 ff ff ee 00 claims 0xee00 bytes; the packet starts at its second 0xee.
  const events = reassembler().push(concatBytes(parseHex("ee 20 ff ff"), IDENT), 0);
  assert.deepEqual(
    events.map((e) => e.kind),
    ["bad-packet", "noise", "packet"],
  );
  assert.ok(events[0]?.kind === "bad-packet");
  assert.equal(events[0].error.code, "OSGP_ERR_FRAME_LENGTH");
  assert.deepEqual(events[0].bytes, parseHex("ee 20 ff ff ee 00"));
  assert.deepEqual(events[1]?.bytes, parseHex("20 ff ff"));
  // A negotiated maximum applies the same way.
  const long = encodePacket({
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle: false,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: new Uint8Array(57),
  });
  const capped = reassembler(56).push(long, 0);
  assert.equal(capped[0]?.kind === "bad-packet" && capped[0].error.code, "OSGP_ERR_FRAME_LENGTH");
});

test("the inter-character time-out: a silence of exactly the time-out is allowed, one more millisecond is not", () => {
  const ok = reassembler();
  ok.push(IDENT.subarray(0, 3), 1000);
  assert.equal(ok.deadline, 1000 + T);
  assert.deepEqual(ok.expire(1000 + T), []);
  assert.deepEqual(
    ok.push(IDENT.subarray(3), 1000 + T).map((e) => e.kind),
    ["packet"],
  );
  assert.equal(ok.deadline, undefined);

  const late = reassembler();
  late.push(IDENT.subarray(0, 3), 1000);
  const expired = late.expire(1000 + T + 1);
  assert.equal(expired.length, 1);
  assert.ok(expired[0]?.kind === "bad-packet");
  assert.equal(expired[0].error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
  assert.equal(expired[0].error.offset, 3);
  assert.deepEqual(expired[0].bytes, IDENT.subarray(0, 3));
  assert.equal(late.inPacket, false);
});

test("an empty chunk is not a byte: it does not restart the inter-character timer", () => {
  const r = reassembler();
  r.push(IDENT.subarray(0, 3), 0);
  assert.deepEqual(r.push(new Uint8Array(0), T), []);
  assert.equal(r.deadline, T);
  const events = r.push(IDENT.subarray(3), T + 1);
  assert.equal(events[0]?.kind === "bad-packet" && events[0].error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
});

/** One item of a valid stream: a packet, or a single ACK or NAK byte between packets. */
type Item = { kind: "packet"; packet: Packet } | { kind: "ack" } | { kind: "nak" };
const arbItem: fc.Arbitrary<Item> = fc.oneof(
  { weight: 3, arbitrary: arbPacket(100).map((packet) => ({ kind: "packet" as const, packet })) },
  fc.constant({ kind: "ack" as const }),
  fc.constant({ kind: "nak" as const }),
);
const bytesOf = (i: Item) =>
  i.kind === "packet" ? encodePacket(i.packet) : Uint8Array.of(i.kind === "ack" ? 0x06 : 0x15);

/** Cuts `bytes` at the given points (any order, repeats allowed). */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

/** Feeds chunks with the given time steps; returns the events and the time of the last chunk. */
function feed(
  r: PacketReassembler,
  chunks: Uint8Array[],
  steps: number[],
  start = 0,
): { events: StreamEvent[]; end: number } {
  const events: StreamEvent[] = [];
  let now = start;
  chunks.forEach((c, i) => {
    if (i > 0) now += steps[i % Math.max(1, steps.length)] ?? 0;
    events.push(...r.push(c, now));
  });
  return { events, end: now };
}

const arbSteps = fc.array(fc.integer({ min: 0, max: T - 1 }), { maxLength: 30 });
const arbCuts = fc.array(fc.nat(), { maxLength: 30 });

test("any chunking of a valid stream, with small gaps, yields the same packets, ACKs and NAKs in order", () => {
  fc.assert(
    fc.property(fc.array(arbItem, { maxLength: 8 }), arbCuts, arbSteps, (items, cuts, steps) => {
      const r = reassembler();
      const { events, end } = feed(r, chunk(concatBytes(...items.map(bytesOf)), cuts), steps);
      assert.deepEqual(
        events.map((e) => (e.kind === "packet" ? { kind: "packet", packet: e.packet } : { kind: e.kind })),
        items.map((i) => (i.kind === "packet" ? { kind: "packet", packet: i.packet } : { kind: i.kind })),
      );
      // Nothing is left half-way.
      assert.equal(r.inPacket, false);
      assert.deepEqual(r.expire(end + 10 * T), []);
    }),
    { numRuns: 500 },
  );
});

test("a gap longer than the time-out inside a packet gives up that packet; the next packet still decodes", () => {
  const arbCase = fc.record({
    cut: arbPacket(100).chain((p) =>
      fc.tuple(fc.constant(encodePacket(p)), fc.integer({ min: 1, max: 8 + p.data.length - 1 })),
    ),
    next: arbPacket(100),
    gap: fc.integer({ min: T + 1, max: 10 * T }),
    cuts: arbCuts,
    steps: arbSteps,
    explicitExpire: fc.boolean(),
  });
  fc.assert(
    fc.property(arbCase, ({ cut: [first, at], next, gap, cuts, steps, explicitExpire }) => {
      const r = reassembler();
      const prefix = first.subarray(0, at);
      const head = feed(r, chunk(prefix, cuts), steps);
      assert.deepEqual(head.events, []);
      const resumeAt = head.end + gap;
      const events: StreamEvent[] = explicitExpire ? r.expire(resumeAt) : [];
      events.push(...feed(r, chunk(encodePacket(next), cuts), steps, resumeAt).events);
      assert.equal(events.length, 2);
      const [timeout, packet] = events;
      assert.ok(timeout?.kind === "bad-packet");
      assert.equal(timeout.error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
      assert.deepEqual(timeout.bytes, prefix);
      assert.ok(packet?.kind === "packet");
      assert.deepEqual(packet.packet, next);
    }),
    { numRuns: 500 },
  );
});

test("when the rest of a cut packet arrives late, the time-out is reported and a packet after another gap decodes", () => {
  fc.assert(
    fc.property(
      arbPacket(100).chain((p) =>
        fc.tuple(fc.constant(encodePacket(p)), fc.integer({ min: 1, max: 8 + p.data.length - 1 })),
      ),
      arbPacket(100),
      ([first, at], next) => {
        const r = reassembler();
        const events = [
          ...r.push(first.subarray(0, at), 0),
          ...r.push(first.subarray(at), T + 1),
          ...r.push(encodePacket(next), 3 * T),
        ];
        assert.equal(events[0]?.kind === "bad-packet" && events[0].error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
        const packets = events.filter((e) => e.kind === "packet");
        assert.equal(packets.length, 1);
        assert.deepEqual(packets[0]?.kind === "packet" && packets[0].packet, next);
      },
    ),
    { numRuns: 500 },
  );
});

test("a single bit flip in a packet never yields a packet event; the next packet still decodes", () => {
  // Flips in the length field are left to packet.test.ts: a shorter length makes the reassembler
  // check a CRC over fewer bytes, which a random 16-bit value matches once in 65536 tries.
  const arbFlip = arbPacket(100).chain((p) =>
    fc.tuple(
      fc.constant(encodePacket(p)),
      fc.nat({ max: 8 * (8 + p.data.length) - 1 }).filter((bit) => bit < 32 || bit >= 48),
    ),
  );
  fc.assert(
    fc.property(arbFlip, arbPacket(100), arbCuts, ([bytes, bit], next, cuts) => {
      const flipped = bytes.slice();
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
      const r = reassembler();
      const events = feed(r, chunk(flipped, cuts), []).events;
      events.push(...r.expire(2 * T), ...r.push(encodePacket(next), 3 * T));
      const packets = events.filter((e) => e.kind === "packet");
      assert.equal(packets.length, 1);
      assert.deepEqual(packets[0]?.kind === "packet" && packets[0].packet, next);
      if (bit >= 8) {
        // With the header intact, the whole packet is one bad-packet event.
        assert.equal(events[0]?.kind === "bad-packet" && events[0].error.code, "OSGP_ERR_FRAME_CRC");
      }
    }),
    { numRuns: 1000 },
  );
});
