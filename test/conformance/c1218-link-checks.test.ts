import { test } from "node:test";
import assert from "node:assert/strict";
import {
  judgeAcknowledged,
  judgeAnsweredOnce,
  judgeBadPacketRefused,
  judgeDevicePacketsCheck,
  judgePacketShape,
  judgeResentAfterNak,
  judgeRetransmissions,
  judgeToggles,
} from "../../harness/conformance/c1218-link-checks";
import { decodePacket, encodePacket, type Packet } from "../../harness/link/c1218/packet";
import type { WireEvent } from "../../harness/session/c1218-probe";

/**
 * The link judges over hand-written wire logs. Packets are built from their fields here; the CRC
 * itself is checked against independent vectors in test/link/c1218.
 */
type Item = { dir: "tx" | "rx"; kind: WireEvent["kind"]; bytes: Uint8Array };

function log(items: readonly Item[]): WireEvent[] {
  return items.map((it, index) => {
    const d = it.kind === "packet" ? decodePacket(it.bytes) : null;
    return {
      index,
      at: index * 10,
      direction: it.dir,
      kind: it.kind,
      bytes: it.bytes,
      traceIndex: index,
      ...(d?.ok === true ? { packet: d.value } : {}),
    };
  });
}

function pkt(fields: Partial<Packet> & { data: Uint8Array }): Uint8Array {
  return encodePacket({
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle: false,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    ...fields,
  });
}

const ack = (dir: "tx" | "rx"): Item => ({ dir, kind: "ack", bytes: Uint8Array.of(0x06) });
const nak = (dir: "tx" | "rx"): Item => ({ dir, kind: "nak", bytes: Uint8Array.of(0x15) });
const out = (p: Uint8Array): Item => ({ dir: "tx", kind: "packet", bytes: p });
const inn = (p: Uint8Array): Item => ({ dir: "rx", kind: "packet", bytes: p });

test("a request ACKed before its response passes; a response sent before the ACK is a breach naming both frames", () => {
  const logoff = pkt({ data: Uint8Array.of(0x52) });
  const ok = pkt({ data: Uint8Array.of(0x00) });
  const good = log([out(logoff), ack("rx"), inn(ok), ack("tx")]);
  assert.deepEqual(judgeAcknowledged(good, [good[0] as WireEvent]).breaches, []);
  const bad = log([out(logoff), inn(ok), ack("tx")]);
  const j = judgeAcknowledged(bad, [bad[0] as WireEvent]);
  assert.equal(j.breaches.length, 1);
  assert.match(j.breaches[0]?.rule ?? "", /without ACKing it first/);
  assert.deepEqual(
    j.breaches[0]?.frames.map((f) => f.index),
    [0, 1],
  );
});

test("silence after a request is undecided, never a breach; wake-up noise before the ACK is left aside", () => {
  const r = pkt({ data: Uint8Array.of(0x20) });
  const silent = log([out(r)]);
  const j = judgeAcknowledged(silent, [silent[0] as WireEvent]);
  assert.equal(j.breaches.length, 0);
  assert.equal(j.undecided.length, 1);
  const noisy = log([out(r), { dir: "rx", kind: "noise", bytes: Uint8Array.of(0x55) }, ack("rx")]);
  assert.deepEqual(judgeAcknowledged(noisy, [noisy[0] as WireEvent]), { breaches: [], undecided: [] });
});

test("a damaged request must be NAKed and not answered", () => {
  const bad = pkt({ data: Uint8Array.of(0x4f, 0, 1) }).map((b, i, a) => (i === a.length - 1 ? b ^ 0xff : b));
  const nakked = log([{ dir: "tx", kind: "packet", bytes: bad }, nak("rx")]);
  assert.deepEqual(judgeBadPacketRefused(nakked, nakked[0] as WireEvent, nakked.length).breaches, []);
  const acked = log([{ dir: "tx", kind: "packet", bytes: bad }, ack("rx"), inn(pkt({ data: Uint8Array.of(0) }))]);
  const j = judgeBadPacketRefused(acked, acked[0] as WireEvent, acked.length);
  assert.equal(j.breaches.length, 2, "an ACK instead of a NAK, and an answer");
});

test("toggle bits: a new packet must flip the bit, an identical retransmission keeps it", () => {
  const a = pkt({ toggle: false, data: Uint8Array.of(0) });
  const b = pkt({ toggle: true, data: Uint8Array.of(0, 1) });
  const c = pkt({ toggle: false, data: Uint8Array.of(0, 2) });
  assert.deepEqual(judgeToggles(log([inn(a), ack("tx"), inn(a), ack("tx"), inn(b), ack("tx"), inn(c)])).breaches, []);
  const same = pkt({ toggle: true, data: Uint8Array.of(0, 3) });
  const j = judgeToggles(log([inn(b), ack("tx"), inn(same)]));
  assert.equal(j.breaches.length, 1);
  assert.match(j.breaches[0]?.rule ?? "", /repeated the toggle bit/);
});

test("toggle bits need two packets that check: a device whose every packet fails its CRC shows none, undecided", () => {
  const bad = pkt({ toggle: true, data: Uint8Array.of(0, 1) }).map((b, i, a) => (i === a.length - 1 ? b ^ 0xff : b));
  const badIn: Item = { dir: "rx", kind: "bad-packet", bytes: bad };
  const garbled = judgeToggles(log([badIn, nak("tx"), badIn]));
  assert.deepEqual(garbled.breaches, []);
  assert.deepEqual(garbled.undecided, ["the device sent 0 packet(s) that check, too few to show its toggle bit"]);
  const one = judgeToggles(log([inn(pkt({ data: Uint8Array.of(0) }))]));
  assert.equal(one.undecided.length, 1);
});

test("after a NAK the same packet must come again, byte for byte", () => {
  const p = pkt({ toggle: true, data: Uint8Array.of(0, 9) });
  const good = log([inn(p), nak("tx"), inn(p), ack("tx")]);
  assert.deepEqual(judgeResentAfterNak(good, good[0] as WireEvent).breaches, []);
  const changed = log([inn(p), nak("tx"), inn(pkt({ toggle: false, data: Uint8Array.of(0, 9) }))]);
  assert.match(judgeResentAfterNak(changed, changed[0] as WireEvent).breaches[0]?.rule ?? "", /differs/);
  const none = log([inn(p), nak("tx")]);
  assert.equal(judgeResentAfterNak(none, none[0] as WireEvent).breaches.length, 1);
});

test("an un-ACKed packet may come again at most `retries` times", () => {
  const p = pkt({ data: Uint8Array.of(0) });
  const three = log([inn(p), inn(p), inn(p), inn(p)]);
  assert.deepEqual(judgeRetransmissions(three, three[0] as WireEvent, 3).breaches, []);
  const five = log([inn(p), inn(p), inn(p), inn(p), inn(p), inn(p)]);
  assert.match(judgeRetransmissions(five, five[0] as WireEvent, 3).breaches[0]?.rule ?? "", /5 more times/);
});

test("packet size, packet count, first-packet bit and sequence numbers of a response", () => {
  const limits = { packetSize: 16, packetCount: 2 };
  const first = pkt({ multiPacket: true, firstPacket: true, sequence: 1, toggle: false, data: new Uint8Array(8) });
  const last = pkt({ multiPacket: true, sequence: 0, toggle: true, data: new Uint8Array(3) });
  assert.deepEqual(judgePacketShape(log([inn(first), inn(last)]), limits).breaches, []);
  const offByOne = log([
    inn(pkt({ multiPacket: true, firstPacket: true, sequence: 2, data: new Uint8Array(8) })),
    inn(pkt({ multiPacket: true, sequence: 1, toggle: true, data: new Uint8Array(3) })),
  ]);
  assert.equal(judgePacketShape(offByOne, limits).breaches.length, 2);
  const tooBig = log([inn(pkt({ data: new Uint8Array(9) }))]);
  assert.match(judgePacketShape(tooBig, limits).breaches[0]?.rule ?? "", /17 bytes long; 16 were negotiated/);
  const three = log(
    [0, 1, 2].map((i) =>
      inn(
        pkt({ multiPacket: true, firstPacket: i === 0, sequence: 2 - i, toggle: i % 2 === 1, data: new Uint8Array(2) }),
      ),
    ),
  );
  assert.match(judgePacketShape(three, limits).breaches[0]?.rule ?? "", /3 packets; 2 were negotiated/);
});

test("a device packet that does not check is a breach; a good one is not", () => {
  const good = pkt({ data: Uint8Array.of(0) });
  const bad = good.map((b, i, a) => (i === a.length - 1 ? b ^ 0xff : b));
  assert.deepEqual(judgeDevicePacketsCheck(log([inn(good)])).breaches, []);
  const j = judgeDevicePacketsCheck(log([{ dir: "rx", kind: "bad-packet", bytes: bad }]));
  assert.match(j.breaches[0]?.rule ?? "", /did not check/);
});

test("a response ACKed is sent once: another packet before the next request is a breach, with the three frames", () => {
  const read = pkt({ data: Uint8Array.of(0x30, 0x00, 0x00) });
  const ok = pkt({ data: Uint8Array.of(0x00, 0x00, 0x01, 0x42, 0xbe), toggle: true });
  const next = pkt({ data: Uint8Array.of(0x30, 0x00, 0x01), toggle: true });
  const once = log([out(read), ack("rx"), inn(ok), ack("tx"), out(next), ack("rx"), inn(ok), ack("tx")]);
  assert.deepEqual(judgeAnsweredOnce(once, 2000), { breaches: [], undecided: [] });
  // The copy 10 ms after the packet (the log's clock): no retransmission, which waits for the ACK time-out.
  const twice = log([out(read), ack("rx"), inn(ok), ack("tx"), inn(ok), ack("tx")]);
  const j = judgeAnsweredOnce(twice, 2000);
  assert.equal(j.breaches.length, 1);
  assert.equal(
    j.breaches[0]?.rule,
    "the device sent a response packet (#4) after its previous one (#2) was acknowledged, with no request in between",
  );
  assert.deepEqual(
    j.breaches[0]?.frames.map((f) => [f.traceIndex, f.direction, f.kind]),
    [
      [2, "rx", "packet"],
      [3, "tx", "ack"],
      [4, "rx", "packet"],
    ],
  );
  // Another packet (not a copy) after the ACK is a breach whenever it comes.
  const other = pkt({ data: Uint8Array.of(0x00), toggle: false });
  assert.equal(judgeAnsweredOnce(log([inn(ok), ack("tx"), inn(other)]), 0).breaches.length, 1);
});

test("a packet sent again after a NAK, no ACK, or an ACK the device may have lost is no second answer", () => {
  const ok = pkt({ data: Uint8Array.of(0x00), toggle: true });
  assert.deepEqual(judgeAnsweredOnce(log([inn(ok), nak("tx"), inn(ok), ack("tx")]), 2000).breaches, []);
  assert.deepEqual(judgeAnsweredOnce(log([inn(ok), inn(ok), inn(ok), ack("tx")]), 2000).breaches, []);
  // A copy half the ACK time-out or more after the packet: the device's retransmission for an ACK it did not see.
  const lost = log([inn(ok), ack("tx"), inn(ok), ack("tx")]);
  assert.deepEqual(judgeAnsweredOnce(lost, 40).breaches, []);
  assert.equal(judgeAnsweredOnce(lost, 41).breaches.length, 1);
  // A copy that crossed the next request, ACKed as a duplicate, starts nothing: the answer to that request follows it.
  const read = pkt({ data: Uint8Array.of(0x30, 0x00, 0x00) });
  const answer = pkt({ data: Uint8Array.of(0x00, 0x00, 0x01, 0x42, 0xbe), toggle: false });
  const crossed = log([inn(ok), ack("tx"), out(read), ack("rx"), inn(ok), ack("tx"), inn(answer), ack("tx")]);
  assert.deepEqual(judgeAnsweredOnce(crossed, 2000).breaches, []);
  // Packets of a multi-packet response before its last are acknowledged and followed by the next one.
  const first = pkt({ data: Uint8Array.of(0x00, 0x01), multiPacket: true, firstPacket: true, sequence: 1 });
  const last = pkt({ data: Uint8Array.of(0x02), multiPacket: true, sequence: 0, toggle: true });
  assert.deepEqual(judgeAnsweredOnce(log([inn(first), ack("tx"), inn(last), ack("tx")]), 2000).breaches, []);
});

test("the response acknowledged before a request, sent again across it, is no reply to that request", () => {
  const read = pkt({ data: Uint8Array.of(0x30, 0x00, 0x00) });
  const ok = pkt({ data: Uint8Array.of(0x00), toggle: true });
  const crossed = log([inn(ok), ack("tx"), out(read), inn(ok), ack("rx")]);
  assert.deepEqual(judgeAcknowledged(crossed, [crossed[2] as WireEvent]), { breaches: [], undecided: [] });
  // Not acknowledged (NAKed), the same bytes are the device's retransmission and the ACK rule is broken.
  const nakked = log([inn(ok), nak("tx"), out(read), inn(ok), ack("rx")]);
  assert.equal(judgeAcknowledged(nakked, [nakked[2] as WireEvent]).breaches.length, 1);
  // Nor is it an answer to a damaged request that follows.
  const damaged = log([inn(ok), ack("tx"), { dir: "tx", kind: "packet", bytes: read }, inn(ok), nak("rx")]);
  assert.deepEqual(judgeBadPacketRefused(damaged, damaged[2] as WireEvent, damaged.length).breaches, []);
});
