import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LinkError } from "../../../harness/errors";
import { encodePacket, type Packet } from "../../../harness/link/c1218/packet";
import { C1218Link, DEFAULT_PACKET_LIMITS, type LinkConfig } from "../../../harness/link/c1218/link-state-machine";
import { BackToBack, type TxEvent, type Wire } from "./back-to-back-links";

const CONFIG: LinkConfig = { identity: 0, ackTimeoutMs: 2000, interCharTimeoutMs: 500, retries: 3 };
// Negotiated 64-byte packets (56 data bytes after header and CRC), 4 per message.
const LIMITS = { packetSize: 64, packetCount: 4 };
const PER_PACKET = 56;
const MAX_MESSAGE = PER_PACKET * LIMITS.packetCount;

const arbMessage = fc.uint8Array({ maxLength: MAX_MESSAGE });
const packetsFor = (length: number) => Math.max(1, Math.ceil(length / PER_PACKET));
const isPacket = (e: TxEvent) => e.what === "packet";
const controlOf = (bytes: Uint8Array) => bytes[2] as number;

function single(data: number[], toggle: boolean): Uint8Array {
  const p: Packet = {
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: Uint8Array.from(data),
  };
  return encodePacket(p);
}

test("limits: the negotiated packet size counts the 8 bytes of header and CRC", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  assert.equal(link.maxMessageLength, MAX_MESSAGE);
  assert.equal(new C1218Link(CONFIG).maxMessageLength, DEFAULT_PACKET_LIMITS.packetSize - 8);
  assert.doesNotThrow(() => link.send(new Uint8Array(MAX_MESSAGE), 0));
});

test("a message longer than the limits is OSGP_ERR_MESSAGE_TOO_LONG; a second send while busy is OSGP_ERR_LINK_BUSY", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  assert.throws(
    () => link.send(new Uint8Array(MAX_MESSAGE + 1), 0),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_MESSAGE_TOO_LONG",
  );
  assert.throws(
    () => new C1218Link(CONFIG, { packetSize: 8, packetCount: 4 }).send(new Uint8Array(1), 0),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_MESSAGE_TOO_LONG",
  );
  link.send(Uint8Array.of(1), 0);
  assert.throws(
    () => link.send(Uint8Array.of(2), 0),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY",
  );
});

test("the sender cuts a message into packets numbered down to 0, first/multi bits set, toggle alternating", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const sent: Uint8Array[] = [];
  let events = link.send(new Uint8Array(2 * PER_PACKET + 1), 0);
  for (let i = 0; i < 3; i++) {
    const tx = events.find((e): e is TxEvent => e.kind === "tx");
    assert.ok(tx);
    sent.push(tx.bytes);
    events = link.receive(Uint8Array.of(0x06), 10 * i);
  }
  assert.deepEqual(
    events.map((e) => e.kind),
    ["rx", "sent"],
  );
  // control: 0x80 multi | 0x40 first | 0x20 toggle; seq-nbr counts the packets still to follow.
  assert.deepEqual(
    sent.map((b) => [controlOf(b), b[3], (b[4]! << 8) | b[5]!]),
    [
      [0xc0, 2, PER_PACKET],
      [0xa0, 1, PER_PACKET],
      [0x80, 0, 1],
    ],
  );
});

test("ACK timing: no retransmission before ackTimeoutMs, the same bytes at it", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const [first] = link.send(Uint8Array.of(0x20), 1000);
  assert.ok(first?.kind === "tx");
  assert.deepEqual(link.tick(1000 + CONFIG.ackTimeoutMs - 1), []);
  const [again] = link.tick(1000 + CONFIG.ackTimeoutMs);
  assert.ok(again?.kind === "tx");
  assert.deepEqual(again.bytes, first.bytes);
  assert.equal(again.attempt, 1);
});

test("a NAK causes an immediate retransmission of the same bytes", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const [first] = link.send(Uint8Array.of(0x20), 0);
  const events = link.receive(Uint8Array.of(0x15), 5);
  const again = events.find((e) => e.kind === "tx");
  assert.ok(first?.kind === "tx" && again?.kind === "tx");
  assert.deepEqual(again.bytes, first.bytes);
  assert.equal(again.attempt, 1);
});

test("the receiver ACKs a good packet, NAKs a bad one, and notes an ACK nobody waited for", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const good = link.receive(single([0x20], false), 0);
  assert.deepEqual(
    good.map((e) => (e.kind === "tx" ? `tx ${e.what}` : e.kind)),
    ["rx", "tx ack", "message"],
  );
  const bad = single([0x21], true);
  bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
  assert.deepEqual(
    link.receive(bad, 10).map((e) => (e.kind === "tx" ? `tx ${e.what}` : e.kind)),
    ["rx", "tx nak"],
  );
  const [stray] = link.receive(Uint8Array.of(0x06), 20);
  assert.ok(stray?.kind === "rx" && stray.note === "unexpected-ack");
});

test("a duplicated packet (same bytes twice) is ACKed twice and delivered once", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const bytes = single([0x30, 0x00, 0x00], false);
  const first = link.receive(bytes, 0);
  const second = link.receive(bytes, 10);
  assert.equal([...first, ...second].filter((e) => e.kind === "tx" && e.what === "ack").length, 2);
  assert.equal([...first, ...second].filter((e) => e.kind === "message").length, 1);
  assert.ok(second[0]?.kind === "rx" && second[0].note === "duplicate");
  // Different data with the same toggle bit is new: delivered, and noted.
  const other = link.receive(single([0x30, 0x00, 0x01], false), 20);
  assert.ok(other[0]?.kind === "rx" && other[0].note === "toggle-not-flipped");
  assert.equal(other.filter((e) => e.kind === "message").length, 1);
});

test("a multi-packet message missing a packet is dropped with OSGP_ERR_FRAME_SEQUENCE; the next message arrives", () => {
  const link = new C1218Link(CONFIG, LIMITS);
  const part = (seq: number, first: boolean, toggle: boolean) =>
    encodePacket({
      identity: 0,
      multiPacket: true,
      firstPacket: first,
      toggle,
      dataFormat: 0,
      reservedBits: 0,
      sequence: seq,
      data: Uint8Array.of(seq),
    });
  link.receive(part(2, true, false), 0);
  const skipped = link.receive(part(0, false, true), 10);
  const dropped = skipped.find((e) => e.kind === "message-dropped");
  assert.ok(dropped?.kind === "message-dropped");
  assert.equal(dropped.error.code, "OSGP_ERR_FRAME_SEQUENCE");
  assert.equal(skipped.filter((e) => e.kind === "message").length, 0);
  const next = link.receive(single([0x52], false), 20);
  assert.deepEqual(
    next.filter((e) => e.kind === "message").map((e) => e.kind === "message" && Array.from(e.data)),
    [[0x52]],
  );
});

test("back to back: any message up to the negotiated size arrives intact, once, single or multi-packet", () => {
  fc.assert(
    fc.property(arbMessage, (message) => {
      const wire = new BackToBack(CONFIG, LIMITS);
      wire.send("a", message);
      wire.settle();
      const delivered = wire.of("b", "message");
      assert.equal(delivered.length, 1);
      assert.deepEqual(delivered[0]?.data, message);
      assert.equal(delivered[0]?.packets, packetsFor(message.length));
      assert.equal(wire.of("a", "sent").length, 1);
      assert.equal(wire.of("a", "tx").filter(isPacket).length, packetsFor(message.length));
    }),
    { numRuns: 300 },
  );
});

/** One fault on the wire, at the n-th transmission of its kind (taken modulo how many there are). */
type Fault =
  | { kind: "drop-packet" | "drop-ack" | "duplicate-packet"; n: number }
  | { kind: "corrupt-packet"; n: number; bit: number };
const arbFault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("drop-packet" as const, "drop-ack" as const, "duplicate-packet" as const),
    n: fc.nat(),
  }),
  fc.record({ kind: fc.constant("corrupt-packet" as const), n: fc.nat(), bit: fc.nat() }),
);

function faultyWire(fault: Fault, packets: number): Wire {
  let seen = 0;
  const target = fault.n % packets;
  return (from, tx) => {
    const kindOnWire = from === "a" ? "packet" : "ack";
    const wanted = fault.kind === "drop-ack" ? "ack" : "packet";
    if (tx.what !== kindOnWire || kindOnWire !== wanted || seen++ !== target) return [tx.bytes];
    switch (fault.kind) {
      case "drop-packet":
      case "drop-ack":
        return [];
      case "duplicate-packet":
        return [tx.bytes, tx.bytes];
      case "corrupt-packet": {
        // Only bits the receiver can frame around: identity, control, seq-nbr, data, CRC. A flip in
        // 0xEE or the length makes the rest of the packet line noise, which is another test.
        const bits = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];
        for (let b = 48; b < 8 * tx.bytes.length; b++) bits.push(b);
        const bit = bits[fault.bit % bits.length] as number;
        const out = tx.bytes.slice();
        out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
        return [out];
      }
    }
  };
}

test("back to back: one lost packet, lost ACK, duplicated or corrupted packet still delivers the message exactly once", () => {
  fc.assert(
    fc.property(arbMessage, arbFault, (message, fault) => {
      const packets = packetsFor(message.length);
      const wire = new BackToBack(CONFIG, LIMITS, faultyWire(fault, packets));
      wire.send("a", message);
      wire.settle();
      const delivered = wire.of("b", "message");
      assert.equal(delivered.length, 1);
      assert.deepEqual(delivered[0]?.data, message);
      assert.equal(wire.of("a", "sent").length, 1);
      assert.equal(wire.of("a", "send-failed").length, 0);
      const txPackets = wire.of("a", "tx").filter(isPacket);
      if (fault.kind === "duplicate-packet") {
        assert.equal(txPackets.length, packets);
        assert.equal(wire.of("b", "tx").filter((e) => e.what === "ack").length, packets + 1);
      } else {
        // Exactly one retransmission, identical to the packet it repeats.
        assert.equal(txPackets.length, packets + 1);
        const retry = txPackets.findIndex((e) => e.attempt === 1);
        assert.ok(retry > 0);
        assert.deepEqual(txPackets[retry]?.bytes, txPackets[retry - 1]?.bytes);
      }
      if (fault.kind === "drop-ack")
        assert.equal(wire.events.b.filter((e) => e.kind === "rx" && e.note === "duplicate").length, 1);
      if (fault.kind === "corrupt-packet") assert.equal(wire.of("b", "tx").filter((e) => e.what === "nak").length, 1);
    }),
    { numRuns: 500 },
  );
});

test("back to back: when every transmission is lost, send-failed OSGP_ERR_NO_ACK after 1 + retries attempts", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ minLength: 1, maxLength: 100 }), (retries, message) => {
      const wire = new BackToBack({ ...CONFIG, retries }, LIMITS, () => []);
      wire.send("a", message);
      wire.settle();
      const attempts = wire.of("a", "tx").filter(isPacket);
      assert.deepEqual(
        attempts.map((e) => e.attempt),
        Array.from({ length: 1 + retries }, (_, i) => i),
      );
      for (const a of attempts) assert.deepEqual(a.bytes, attempts[0]?.bytes);
      const failed = wire.of("a", "send-failed");
      assert.equal(failed.length, 1);
      assert.ok(failed[0]?.error instanceof LinkError);
      assert.equal(failed[0]?.error.code, "OSGP_ERR_NO_ACK");
      assert.equal(wire.links.a.sending, false);
      assert.equal(wire.of("b", "message").length, 0);
      // The time-outs came one ackTimeoutMs apart.
      assert.ok(wire.now >= (1 + retries) * CONFIG.ackTimeoutMs);
    }),
    { numRuns: 50 },
  );
});

test("back to back: the toggle bit flips for every new packet and is kept for retransmissions", () => {
  fc.assert(
    fc.property(
      fc.array(arbMessage, { minLength: 1, maxLength: 5 }),
      fc.array(fc.boolean(), { maxLength: 40 }),
      (messages, drops) => {
        // Drop A's n-th packet transmission when drops[n] is set, but never twice in a row (retries).
        let last = false;
        const wire = new BackToBack(CONFIG, LIMITS, (from, tx, n) => {
          const drop = from === "a" && tx.what === "packet" && drops[n] === true && !last;
          if (from === "a" && tx.what === "packet") last = drop;
          return drop ? [] : [tx.bytes];
        });
        for (const m of messages) {
          wire.send("a", m);
          wire.settle();
        }
        assert.deepEqual(
          wire.of("b", "message").map((e) => e.data),
          messages,
        );
        const tx = wire.of("a", "tx").filter(isPacket);
        let previous: TxEvent | undefined;
        for (const e of tx) {
          const toggle = (controlOf(e.bytes) & 0x20) !== 0;
          if (previous !== undefined) {
            const previousToggle = (controlOf(previous.bytes) & 0x20) !== 0;
            if (e.attempt === 0) assert.notEqual(toggle, previousToggle);
            else assert.deepEqual(e.bytes, previous.bytes);
          }
          previous = e;
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("back to back: request and response in both directions, each side's toggle its own", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(arbMessage, arbMessage), { minLength: 1, maxLength: 4 }), (exchanges) => {
      const wire = new BackToBack(CONFIG, LIMITS);
      for (const [request, response] of exchanges) {
        wire.send("a", request);
        wire.settle();
        wire.send("b", response);
        wire.settle();
      }
      assert.deepEqual(
        wire.of("b", "message").map((e) => e.data),
        exchanges.map(([q]) => q),
      );
      assert.deepEqual(
        wire.of("a", "message").map((e) => e.data),
        exchanges.map(([, r]) => r),
      );
    }),
    { numRuns: 100 },
  );
});
