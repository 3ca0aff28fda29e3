import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError, LinkError } from "../../../harness/errors";
import type { LonApdu } from "../../../harness/link/lon/lon-apdu";
import {
  describePlcDatagram,
  describePlcDestination,
  PlcClientLink,
  type PlcClientEvent,
  type PlcDestination,
} from "../../../harness/link/lon/plc-client-link";
import { APDU_CODE_CARRIAGE } from "../../../harness/link/lon/osgp-over-lon";
import { DEFAULT_PLC_LINK_CONFIG, type PlcLinkConfig } from "../../../harness/link/lon/plc-link-config";
import { cnip, groupAckResponse, lonOf, sequenceOf, unicastResponse } from "./plc-datagrams";

// Expected bytes are written field by field from the CN/IP header layout (packet-cnip.c) and the
// 14908-1 PDU layout (packet-lon.c), never from the encoders' output.

/** OSGP full read of table 0x0017: code 0x30, table id, then a made-up sequence number and digest. */
const FULL_READ = parseHex("30 00 17  00 00 00 2a  11 22 33 44 55 66 77 88");
const FULL_READ_APDU: LonApdu = { kind: "message", code: 0x30, data: FULL_READ.slice(1) };
/** OSGP "ok" with a 2-byte table image and a made-up digest. */
const OK_RESPONSE = parseHex("00 00 02 ab cd  99 88 77 66 55 44 33 22");
const OK_APDU: LonApdu = { kind: "message", code: 0x00, data: OK_RESPONSE.slice(1) };

const METER: PlcDestination = { kind: "subnet-node", subnet: 1, node: 11 };
const TIMEOUT = DEFAULT_PLC_LINK_CONFIG.responseTimeoutMs;

type Ev<K extends PlcClientEvent["kind"]> = Extract<PlcClientEvent, { kind: K }>;
const kinds = (events: PlcClientEvent[]) => events.map((e) => e.kind);
const only = <K extends PlcClientEvent["kind"]>(events: PlcClientEvent[], kind: K): Ev<K>[] =>
  events.filter((e): e is Ev<K> => e.kind === kind);
const one = <K extends PlcClientEvent["kind"]>(events: PlcClientEvent[], kind: K): Ev<K> => {
  const found = only(events, kind);
  assert.equal(found.length, 1, `one ${kind} event in ${kinds(events).join(", ")}`);
  return found[0] as Ev<K>;
};
/** Under apdu-code, the OSGP bytes below are the APDU's own, so the packets can be written out by hand. */
const link = (c: Partial<PlcLinkConfig> = {}) =>
  new PlcClientLink({ ...DEFAULT_PLC_LINK_CONFIG, carriage: APDU_CODE_CARRIAGE, ...c });

test("the defaults: 1/1 in domain 01, 3 s per attempt, 3 retries, the last two on the alternate path", () => {
  assert.deepEqual(DEFAULT_PLC_LINK_CONFIG, {
    local: { subnet: 1, node: 1 },
    domain: Uint8Array.of(0x01),
    responseTimeoutMs: 3000,
    retries: 3,
    carriage: { carriage: "message", code: 0x00 },
    messageLimit: 114,
    cnipSessionId: 0,
    firstTn: 1,
    altPathAttempts: 2,
  });
});

test("known answer: an OSGP full read of 0x0017 to 1/11 is one CN/IP data packet holding an SPDU REQUEST, tn 1", () => {
  const expected = concatBytes(
    parseHex("00 2b"), // CN/IP length: 20-byte header + 23-byte PDU = 43
    parseHex("01"), // version 1
    parseHex("01"), // packet type: data packet
    parseHex("00"), // no extension header
    parseHex("00"), // protocol flags: not secured, protocol 0 (ISO/IEC 14908-1)
    parseHex("00 00"), // vendor code: standard
    parseHex("00 00 00 00"), // session id 0
    parseHex("00 00 00 01"), // sequence number 1: the first datagram
    parseHex("00 00 00 00"), // timestamp 0: no synchronised clock
    Uint8Array.of(0b0_0_000001), // priority 0, alternate path 0, delta backlog 1 (one answer expected)
    Uint8Array.of(0b00_01_10_01), // version 0, SPDU, address format 2 (subnet/node), 1-byte domain
    Uint8Array.of(0x01, 0x80 | 1), // source subnet 1, node 1 (bit 7 set in format 2a)
    Uint8Array.of(0x01, 0x80 | 11), // destination subnet 1, node 11
    Uint8Array.of(0x01), // domain 01
    Uint8Array.of(0b0_000_0001), // not authenticated, REQUEST (0), transaction number 1
    FULL_READ, // APDU: the OSGP code is its first byte
  );
  const l = link();
  const events = l.requestOsgp(FULL_READ, METER, 1000);
  assert.deepEqual(kinds(events), ["tx"]);
  const tx = one(events, "tx");
  assert.deepEqual(tx.datagram, expected);
  assert.equal(tx.tn, 1);
  assert.equal(tx.attempt, 0);
  assert.deepEqual(tx.pdu?.body, { pdu: "spdu", type: "request", auth: false, tn: 1, apdu: FULL_READ_APDU });
  assert.equal(tx.packet.sequence, 1);
  assert.equal(l.busy, true);
  assert.equal(l.nextDeadline(), 1000 + TIMEOUT);

  const answer = unicastResponse({ tn: 1, from: [1, 11], apdu: OK_RESPONSE });
  const got = l.receive(answer, 1500);
  assert.deepEqual(kinds(got), ["rx", "response"]);
  const rx = one(got, "rx");
  assert.equal(rx.packet?.packetType, 0x01);
  assert.equal(rx.pdu?.body.pdu, "spdu");
  const response = one(got, "response");
  assert.deepEqual(
    { ...response, pdu: undefined },
    {
      kind: "response",
      tn: 1,
      final: true,
      apdu: OK_APDU,
      from: { subnet: 1, node: 11, member: null },
      attempt: 0,
      pdu: undefined,
      datagram: answer,
    },
  );
  assert.equal(l.busy, false);
  assert.equal(l.nextDeadline(), undefined);
  assert.deepEqual(l.tick(1000 + TIMEOUT), []);
});

test("transaction numbers: 1, 2 .. 15, then 1 again (never 0 after a wrap); a failed transaction uses its number up too", () => {
  const l = link({ retries: 0 });
  const seen: number[] = [];
  let now = 0;
  for (let i = 0; i < 17; i++) {
    const tx: Ev<"tx"> = one(l.requestOsgp(FULL_READ, METER, now), "tx");
    assert.ok(tx.tn !== null);
    seen.push(tx.tn);
    if (i % 3 === 2) {
      assert.deepEqual(kinds(l.tick(now + TIMEOUT)), ["failed"]);
    } else {
      assert.deepEqual(kinds(l.receive(unicastResponse({ tn: tx.tn, from: [1, 11] }), now + 10)), ["rx", "response"]);
    }
    now += 2 * TIMEOUT;
  }
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 2]);

  const fromZero = link({ firstTn: 0 });
  const tns: (number | null)[] = [];
  for (let i = 0; i < 17; i++) {
    const tx = one(fromZero.requestOsgp(FULL_READ, METER, 0), "tx");
    tns.push(tx.tn);
    fromZero.receive(unicastResponse({ tn: tx.tn ?? -1, from: [1, 11] }), 1);
  }
  assert.deepEqual(tns, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1]);
});

test("unicast retry: the same PDU byte for byte, CN/IP sequence +1, alternate path on the last two of four attempts", () => {
  const l = link();
  const log: [number, PlcClientEvent][] = l.requestOsgp(FULL_READ, METER, 0).map((e) => [0, e]);
  for (let now = 0; now <= 5 * TIMEOUT; now += 100) for (const e of l.tick(now)) log.push([now, e]);
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind]),
    [
      [0, "tx"],
      [3000, "tx"],
      [6000, "tx"],
      [9000, "tx"],
      [12000, "failed"],
    ],
  );
  const txs = log.map(([, e]) => e).filter((e): e is Ev<"tx"> => e.kind === "tx");
  const pduTail = parseHex("19 01 81 01 8b 01 01"); // NPDU byte to the SPDU header, as in the known answer
  txs.forEach((tx, attempt) => {
    assert.equal(tx.attempt, attempt);
    assert.equal(tx.tn, 1);
    assert.equal(sequenceOf(tx.datagram), attempt + 1);
    const altPath = attempt >= 2;
    // Byte 0: alternate path (bit 6) on attempts 2 and 3 only, delta backlog 1; the rest never changes.
    assert.deepEqual(
      lonOf(tx.datagram),
      concatBytes(Uint8Array.of((altPath ? 0x40 : 0) | 0x01), pduTail, FULL_READ),
      `attempt ${attempt}`,
    );
    assert.equal(tx.pdu?.altPath, altPath);
  });
  // CN/IP headers differ only in the sequence number.
  assert.deepEqual(txs[1]?.datagram.subarray(0, 12), txs[0]?.datagram.subarray(0, 12));
});

test("no answer after every retry: OSGP_ERR_PLC_NO_RESPONSE naming destination, tn, attempts and time-out, with the last datagram", () => {
  const l = link({ retries: 1, responseTimeoutMs: 2500 });
  l.requestOsgp(FULL_READ, METER, 0);
  const retry = one(l.tick(2500), "tx");
  assert.deepEqual(l.tick(4999), []);
  const failed = one(l.tick(5000), "failed");
  assert.equal(failed.tn, 1);
  assert.ok(failed.error instanceof LinkError);
  assert.equal(failed.error.code, "OSGP_ERR_PLC_NO_RESPONSE");
  assert.equal(failed.error.detail, "no response from 1/11 to tn 1 after 2 attempt(s), 2500 ms each");
  assert.deepEqual(failed.error.bytes, retry.datagram);
  assert.equal(l.busy, false);
  assert.equal(l.nextDeadline(), undefined);
  // With one retry allowed, both attempts are the "last two": both on the alternate path.
  assert.equal(retry.pdu?.altPath, true);
  // The next transaction takes the next number and the next CN/IP sequence number.
  const next = one(l.requestOsgp(FULL_READ, METER, 6000), "tx");
  assert.equal(next.tn, 2);
  assert.equal(sequenceOf(next.datagram), 3);
});

test("everything that is not the answer is ignored with its reason, and the answer that follows still completes", () => {
  const l = link({ firstTn: 6 });
  l.requestOsgp(FULL_READ, METER, 0);
  const right = { tn: 6, from: [1, 11] as const };
  const cases: [string, Uint8Array, string, string?][] = [
    ["wrong tn", unicastResponse({ ...right, tn: 5 }), "transaction number 5, the request's is 6"],
    ["wrong domain", unicastResponse({ ...right, domain: [0x02] }), "domain 02, ours is 01"],
    ["no domain", unicastResponse({ ...right, domain: [] }), "no domain, ours is 01"],
    ["wrong source", unicastResponse({ ...right, from: [1, 12] }), "from 1/12, the request went to 1/11"],
    ["another subnet", unicastResponse({ ...right, from: [2, 11] }), "from 2/11, the request went to 1/11"],
    ["not to us", unicastResponse({ ...right, to: [1, 9] }), "not addressed to us (1/1): to 1/9"],
    ["a request", unicastResponse({ ...right, spduType: 0 }), "SPDU request, not a response"],
    [
      "a group ack",
      groupAckResponse({ tn: 6, from: [1, 11], group: 5, member: 0 }),
      "from 1/11 as member 0 of group 5, the request went to 1/11",
    ],
    [
      "truncated",
      parseHex("00 2b 01 01 00"),
      "truncated CN/IP header: the header needs 20 bytes, 5 given",
      "OSGP_ERR_TRUNCATED",
    ],
    [
      "garbage",
      parseHex("de ad be ef 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12"),
      "bad CN/IP header: the length field says 57005, the packet holds 23 bytes",
      "OSGP_ERR_CNIP_HEADER",
    ],
    [
      "bad PDU version",
      cnip(parseHex("00 d9 01 8b 01 81 01 26 00")),
      "bad 14908-1 PDU (lon.npdu.version): protocol version 3; 14908-1 defines only 0",
      "OSGP_ERR_FIELD_RANGE",
    ],
    [
      "not a data packet",
      cnip(new Uint8Array(0), { packetType: 0x63 }),
      "CN/IP Device Configuration Request (type 0x63), not a data packet",
    ],
    [
      "another protocol",
      cnip(lonOf(unicastResponse(right)), { flags: 0x05 }),
      "CN/IP protocol 5, not ISO/IEC 14908-1 (0)",
    ],
    [
      "secured",
      cnip(lonOf(unicastResponse(right)), { flags: 0x20 }),
      "CN/IP packet with the security flag, whose EIA-852 digest the harness does not check",
    ],
  ];
  for (const [name, datagram, reason, code] of cases) {
    const events = l.receive(datagram, 100);
    assert.deepEqual(kinds(events), ["rx", "ignored"], name);
    const ignored = one(events, "ignored");
    assert.equal(ignored.reason, reason, name);
    assert.deepEqual(ignored.datagram, datagram, name);
    if (code === undefined) {
      assert.equal(ignored.error, undefined, name);
    } else {
      assert.ok(ignored.error instanceof DecodeError && ignored.error.code === code, name);
    }
    assert.equal(l.busy, true, name);
  }
  const rxTruncated = one(l.receive(parseHex("00 2b 01 01 00"), 100), "rx");
  assert.deepEqual([rxTruncated.packet, rxTruncated.pdu], [null, null]);
  const rxRequest = one(l.receive(unicastResponse({ ...right, spduType: 0 }), 100), "rx");
  assert.equal(rxRequest.pdu?.body.pdu, "spdu");

  assert.deepEqual(kinds(l.receive(unicastResponse(right), 200)), ["rx", "response"]);
  assert.equal(l.busy, false);
  // The same answer again, now late.
  const late = one(l.receive(unicastResponse(right), 300), "ignored");
  assert.equal(
    late.reason,
    "transaction number 6 answers an earlier transaction, which has ended; no request outstanding",
  );
  assert.equal(one(l.receive(unicastResponse({ ...right, tn: 9 }), 300), "ignored").reason, "no request outstanding");
  // ...and once the next transaction is under way.
  l.requestOsgp(FULL_READ, METER, 400);
  const stale = one(l.receive(unicastResponse(right), 500), "ignored");
  assert.equal(
    stale.reason,
    "transaction number 6 answers an earlier transaction, which has ended; the request's is 7",
  );
  assert.deepEqual(kinds(l.receive(unicastResponse({ ...right, tn: 7 }), 600)), ["rx", "response"]);
});

test("a response that bit 7 of its destination node leaves clear still addresses 1/1 and is taken", () => {
  const l = link();
  l.requestOsgp(FULL_READ, METER, 0);
  assert.deepEqual(kinds(l.receive(unicastResponse({ tn: 1, from: [1, 11], dstNodeBit7: 0 }), 10)), ["rx", "response"]);
});

test("unique id: any source may answer, and the response says who did", () => {
  const l = link();
  const uid = parseHex("05 01 23 45 67 89");
  const tx = one(l.requestOsgp(FULL_READ, { kind: "unique-id", subnet: 0, uniqueId: uid }, 0), "tx");
  assert.deepEqual(
    lonOf(tx.datagram).subarray(0, 13),
    concatBytes(
      Uint8Array.of(0x01), // delta backlog 1
      Uint8Array.of(0b00_01_11_01), // SPDU, address format 3 (unique id), 1-byte domain
      Uint8Array.of(0x01, 0x81, 0x00), // from 1/1, destination subnet 0 (any)
      uid,
      Uint8Array.of(0x01), // domain
      Uint8Array.of(0x01), // REQUEST, tn 1
    ),
  );
  const response = one(l.receive(unicastResponse({ tn: 1, from: [3, 42] }), 10), "response");
  assert.deepEqual(response.from, { subnet: 3, node: 42, member: null });
  assert.equal(response.final, true);
});

test("group: members 0 and 2 of 3 answer; the retry is a REM/MSG whose member list is 0b00000101; member 1 completes it", () => {
  const l = link();
  const to: PlcDestination = { kind: "group", group: 5, size: 3 };
  const first = one(l.requestOsgp(FULL_READ, to, 0), "tx");
  assert.deepEqual(
    lonOf(first.datagram),
    concatBytes(
      Uint8Array.of(0b0_0_000011), // delta backlog 3: every member is to answer
      Uint8Array.of(0b00_01_01_01), // SPDU, address format 1 (group), 1-byte domain
      Uint8Array.of(0x01, 0x81, 0x05), // from 1/1 to group 5
      Uint8Array.of(0x01), // domain
      Uint8Array.of(0b0_000_0001), // REQUEST, tn 1
      FULL_READ,
    ),
  );
  const r0 = one(l.receive(groupAckResponse({ tn: 1, from: [1, 20], group: 5, member: 0 }), 1000), "response");
  assert.deepEqual([r0.final, r0.from], [false, { subnet: 1, node: 20, member: 0 }]);
  const r2 = one(l.receive(groupAckResponse({ tn: 1, from: [1, 22], group: 5, member: 2 }), 2000), "response");
  assert.deepEqual([r2.final, r2.from], [false, { subnet: 1, node: 22, member: 2 }]);
  // Each new answer restarts the transmit timer, as the stack does.
  assert.equal(l.nextDeadline(), 2000 + TIMEOUT);
  const dup = one(l.receive(groupAckResponse({ tn: 1, from: [1, 20], group: 5, member: 0 }), 2100), "ignored");
  assert.equal(dup.reason, "duplicate response from member 0 (1/20) to tn 1");
  assert.equal(
    one(l.receive(groupAckResponse({ tn: 1, from: [1, 23], group: 6, member: 1 }), 2100), "ignored").reason,
    "from 1/23 as member 1 of group 6, the request went to group 5",
  );
  assert.equal(
    one(l.receive(unicastResponse({ tn: 1, from: [1, 21] }), 2100), "ignored").reason,
    "from 1/21 as a single node, the request went to group 5 and members answer as such",
  );
  assert.equal(
    one(l.receive(groupAckResponse({ tn: 1, from: [1, 29], group: 5, member: 64 }), 2100), "ignored").reason,
    "from 1/29 as member 64 of group 5, outside 0..63",
  );
  assert.deepEqual(l.tick(2000 + TIMEOUT - 1), []);

  const retry = one(l.tick(2000 + TIMEOUT), "tx");
  assert.equal(retry.attempt, 1);
  assert.deepEqual(
    lonOf(retry.datagram),
    concatBytes(
      Uint8Array.of(0b0_0_000001), // delta backlog 1: one member still to answer
      Uint8Array.of(0b00_01_01_01), // SPDU, group, 1-byte domain
      Uint8Array.of(0x01, 0x81, 0x05),
      Uint8Array.of(0x01),
      Uint8Array.of(0b0_101_0001), // REM/MSG (5), tn 1
      Uint8Array.of(0x01), // member list: 1 byte
      Uint8Array.of(0b00000101), // members 0 and 2 answered
      FULL_READ, // the APDU again
    ),
  );
  const last = l.receive(groupAckResponse({ tn: 1, from: [1, 21], group: 5, member: 1 }), 6000);
  assert.deepEqual(kinds(last), ["rx", "response", "completed"]);
  assert.equal(one(last, "response").final, false);
  assert.deepEqual(one(last, "completed"), { kind: "completed", tn: 1, responders: 3, missingMembers: [] });
  assert.equal(l.busy, false);
});

test("group: a member list longer than 2 bytes (member 20 answered) makes the retry a REMINDER then a REQUEST", () => {
  const l = link();
  l.requestOsgp(FULL_READ, { kind: "group", group: 5, size: 24 }, 0);
  l.receive(groupAckResponse({ tn: 1, from: [1, 40], group: 5, member: 20 }), 100);
  const pair = l.tick(100 + TIMEOUT);
  assert.deepEqual(kinds(pair), ["tx", "tx"]);
  const [reminder, request] = only(pair, "tx");
  assert.ok(reminder !== undefined && request !== undefined);
  assert.deepEqual(
    lonOf(reminder.datagram),
    concatBytes(
      Uint8Array.of(0b0_0_000000), // a REMINDER has delta backlog 0
      Uint8Array.of(0b00_01_01_01, 0x01, 0x81, 0x05, 0x01), // SPDU, group 5 from 1/1, domain 01
      Uint8Array.of(0b0_100_0001), // REMINDER (4), tn 1
      Uint8Array.of(0x03), // member list: 3 bytes
      Uint8Array.of(0x00, 0x00, 0b00010000), // member 20 = byte 2, bit 4
    ),
  );
  assert.deepEqual(
    lonOf(request.datagram),
    concatBytes(
      Uint8Array.of(23), // delta backlog: 24 members less the one that answered
      Uint8Array.of(0b00_01_01_01, 0x01, 0x81, 0x05, 0x01),
      Uint8Array.of(0b0_000_0001), // REQUEST, tn 1
      FULL_READ,
    ),
  );
  assert.deepEqual(
    [reminder.attempt, request.attempt, sequenceOf(reminder.datagram), sequenceOf(request.datagram)],
    [1, 1, 2, 3],
  );
  // The remaining retries run out: completed with the members that stayed silent.
  let now = 100 + TIMEOUT;
  const rest: PlcClientEvent[] = [];
  for (let i = 0; i < 3; i++) rest.push(...l.tick((now += TIMEOUT)));
  assert.deepEqual(kinds(rest), ["tx", "tx", "tx", "tx", "completed"]);
  const done = one(rest, "completed");
  assert.equal(done.responders, 1);
  assert.deepEqual(done.missingMembers, [...Array.from({ length: 20 }, (_, m) => m), 21, 22, 23]);
  // The last two attempts went on the alternate path, reminders included.
  assert.deepEqual(
    only(rest, "tx").map((t) => t.pdu?.altPath),
    [true, true, true, true],
  );
});

test("group: nobody answers; retries are REM/MSG with an empty list, then the transaction fails", () => {
  const l = link({ retries: 1 });
  l.requestOsgp(FULL_READ, { kind: "group", group: 7, size: 2 }, 0);
  const retry = one(l.tick(TIMEOUT), "tx");
  assert.deepEqual(
    lonOf(retry.datagram).subarray(0, 8),
    Uint8Array.of(
      0x40 | 2, // alternate path, delta backlog 2
      0b00_01_01_01,
      0x01,
      0x81,
      0x07,
      0x01, // SPDU, group 7 from 1/1, domain 01
      0b0_101_0001, // REM/MSG, tn 1
      0x00, // empty member list
    ),
  );
  const failed = one(l.tick(2 * TIMEOUT), "failed");
  assert.equal(failed.error.code, "OSGP_ERR_PLC_NO_RESPONSE");
  assert.equal(
    failed.error.detail,
    "no response from group 7 (2 expected to answer) to tn 1 after 2 attempt(s), 3000 ms each",
  );
  assert.deepEqual(failed.error.bytes, retry.datagram);
});

test("broadcast: two responders are collected, a duplicate and a stranger are ignored, the timer completes it", () => {
  const l = link();
  const tx = one(l.requestOsgp(FULL_READ, { kind: "broadcast", subnet: 1 }, 0), "tx");
  assert.deepEqual(
    lonOf(tx.datagram),
    concatBytes(
      Uint8Array.of(15), // delta backlog 15, the stack's for a broadcast
      Uint8Array.of(0b00_01_00_01), // SPDU, address format 0 (broadcast), 1-byte domain
      Uint8Array.of(0x01, 0x81, 0x01), // from 1/1 to subnet 1
      Uint8Array.of(0x01),
      Uint8Array.of(0x01), // REQUEST, tn 1
      FULL_READ,
    ),
  );
  const a = one(l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 500), "response");
  const b = one(l.receive(unicastResponse({ tn: 1, from: [1, 12] }), 800), "response");
  assert.deepEqual(
    [a.final, a.from, b.final, b.from],
    [false, { subnet: 1, node: 11, member: null }, false, { subnet: 1, node: 12, member: null }],
  );
  assert.equal(
    one(l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 900), "ignored").reason,
    "duplicate response from 1/11 to tn 1",
  );
  assert.equal(
    one(l.receive(unicastResponse({ tn: 1, from: [2, 5] }), 900), "ignored").reason,
    "from 2/5, the request went to subnet 1",
  );
  assert.equal(l.nextDeadline(), 800 + TIMEOUT);
  assert.deepEqual(one(l.tick(800 + TIMEOUT), "completed"), {
    kind: "completed",
    tn: 1,
    responders: 2,
    missingMembers: [],
  });
  assert.equal(l.busy, false);
});

test("broadcast: retried while nobody answers, completed at the timer after the first answer, failed when none comes", () => {
  const l = link();
  const first = one(l.requestOsgp(FULL_READ, { kind: "broadcast", subnet: 0 }, 0), "tx");
  const retry = one(l.tick(TIMEOUT), "tx");
  assert.deepEqual(lonOf(retry.datagram), lonOf(first.datagram));
  // Subnet 0 reaches the whole domain, so any subnet may answer.
  one(l.receive(unicastResponse({ tn: 1, from: [7, 3] }), TIMEOUT + 10), "response");
  assert.deepEqual(kinds(l.tick(2 * TIMEOUT + 10)), ["completed"]);

  const silent = link({ retries: 0 });
  silent.requestOsgp(FULL_READ, { kind: "broadcast", subnet: 0 }, 0);
  const failed = one(silent.tick(TIMEOUT), "failed");
  assert.equal(
    failed.error.detail,
    "no response from the whole domain (broadcast) to tn 1 after 1 attempt(s), 3000 ms each",
  );
});

test("a Service Pin message is reported whether or not a request is outstanding, and answers none", () => {
  const uid = parseHex("05 01 23 45 67 89");
  const pid = parseHex("9f ff ff 05 00 04 04 01");
  const pin = cnip(
    concatBytes(
      Uint8Array.of(0x00), // priority 0, delta backlog 0
      Uint8Array.of(0b00_11_00_00), // APDU only, broadcast, no domain
      Uint8Array.of(0x00, 0x80, 0x00), // from 0/0 to the whole domain
      Uint8Array.of(0x7f), // NM_MANUAL_SERVICE_REQUEST
      uid,
      pid,
    ),
  );
  const l = link();
  const idle = l.receive(pin, 0);
  assert.deepEqual(kinds(idle), ["rx", "service-pin"]);
  assert.deepEqual(one(idle, "service-pin"), {
    kind: "service-pin",
    uniqueId: uid,
    programId: pid,
    from: { format: "broadcast", srcSubnet: 0, srcNode: 0, dstSubnet: 0 },
  });
  l.requestOsgp(FULL_READ, METER, 10);
  assert.deepEqual(kinds(l.receive(pin, 20)), ["rx", "service-pin"]);
  assert.equal(l.busy, true);
  // One byte too many is not a Service Pin message.
  const long = cnip(concatBytes(parseHex("00 30 00 80 00 7f"), uid, pid, Uint8Array.of(0)));
  const bad = one(l.receive(long, 30), "ignored");
  assert.ok(bad.reason.startsWith("bad Service Pin message: "), bad.reason);
  assert.ok(bad.error instanceof DecodeError);
  assert.deepEqual(kinds(l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 40)), ["rx", "response"]);
});

test("an APDU-only PDU or a TPDU is not a response", () => {
  const l = link();
  l.requestOsgp(FULL_READ, METER, 0);
  const apduOnly = cnip(parseHex("00 39 01 8b 01 81 01  00 01 02")); // APDU format, 1/11 -> 1/1, domain 01
  assert.equal(
    one(l.receive(apduOnly, 1), "ignored").reason,
    "an APDU with no transport or session header, not a response",
  );
  const ack = cnip(parseHex("00 09 01 8b 01 81 01  21")); // TPDU, 1/11 -> 1/1, ACK tn 1
  assert.equal(one(l.receive(ack, 1), "ignored").reason, "TPDU ack, not a response");
});

test("status request: a CN/IP type 0x60 with no payload; any type 0x70 answers it; unanswered it fails like a request", () => {
  const l = link({ cnipSessionId: 0x01020304, retries: 1 });
  const tx = one(l.statusRequest(0), "tx");
  assert.deepEqual(
    tx.datagram,
    concatBytes(
      parseHex("00 14"), // length 20: the header alone
      parseHex("01"), // version 1
      parseHex("60"), // Status/Health/Statistics Request
      parseHex("00 00 00 00"), // no extension, flags 0, vendor code 0
      parseHex("01 02 03 04"), // session id
      parseHex("00 00 00 01"), // sequence 1
      parseHex("00 00 00 00"), // timestamp 0
    ),
  );
  assert.deepEqual([tx.pdu, tx.tn, tx.attempt], [null, null, 0]);
  assert.equal(l.busy, true);
  assert.throws(
    () => l.requestOsgp(FULL_READ, METER, 1),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY" && e.message.includes("status request"),
  );
  assert.equal(
    one(l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 2), "ignored").reason,
    "no 14908-1 request outstanding, only a CN/IP status request",
  );

  const status = cnip(parseHex("00 00 00 07"), { packetType: 0x70, sequence: 77 });
  const got = l.receive(status, 100);
  assert.deepEqual(kinds(got), ["rx", "gateway-status"]);
  const gs = one(got, "gateway-status");
  assert.equal(gs.packet.sequence, 77);
  assert.deepEqual(gs.packet.payload, parseHex("00 00 00 07"));
  assert.deepEqual(gs.datagram, status);
  assert.equal(l.busy, false);
  assert.equal(
    one(l.receive(status, 200), "ignored").reason,
    "CN/IP status response with no status request outstanding",
  );
  // A status request uses no transaction number.
  assert.equal(one(l.requestOsgp(FULL_READ, METER, 300), "tx").tn, 1);
  l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 310);

  l.statusRequest(1000);
  const retry = one(l.tick(1000 + TIMEOUT), "tx");
  assert.equal(sequenceOf(retry.datagram), 4);
  const failed = one(l.tick(1000 + 2 * TIMEOUT), "failed");
  assert.equal(failed.tn, null);
  assert.equal(failed.error.code, "OSGP_ERR_PLC_NO_RESPONSE");
  assert.equal(failed.error.detail, "the CN/IP gateway sent no status response after 2 attempt(s), 3000 ms each");
  assert.deepEqual(failed.error.bytes, retry.datagram);
});

test("one transaction at a time: a second request is OSGP_ERR_LINK_BUSY with its bytes", () => {
  const l = link();
  l.requestOsgp(FULL_READ, METER, 0);
  const other = parseHex("30 00 01  00 00 00 2b  01 02 03 04 05 06 07 08");
  assert.throws(
    () => l.requestOsgp(other, { kind: "subnet-node", subnet: 1, node: 12 }, 10),
    (e: unknown) =>
      e instanceof LinkError &&
      e.code === "OSGP_ERR_LINK_BUSY" &&
      e.detail === "transaction 1 to 1/11 is still outstanding (attempt 1)" &&
      e.bytes !== undefined &&
      e.bytes.join() === other.join(),
  );
  assert.throws(
    () => l.statusRequest(10),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY",
  );
  // The refused request changed nothing: the outstanding one still completes.
  assert.deepEqual(kinds(l.receive(unicastResponse({ tn: 1, from: [1, 11] }), 20)), ["rx", "response"]);
});

test("an OSGP message over the PLC limit is refused with OSGP_ERR_PLC_MESSAGE_SIZE and nothing is sent", () => {
  const l = link();
  assert.throws(
    () => l.requestOsgp(concatBytes(Uint8Array.of(0x30), new Uint8Array(114)), METER, 0),
    (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_PLC_MESSAGE_SIZE",
  );
  assert.equal(l.busy, false);
  const small = link({ messageLimit: 14 });
  assert.throws(
    () => small.requestOsgp(FULL_READ, METER, 0),
    (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_PLC_MESSAGE_SIZE" && e.message.includes("14"),
  );
  // 114 bytes pass; the refusals used up no sequence or transaction number.
  const tx = one(l.requestOsgp(concatBytes(Uint8Array.of(0x30), new Uint8Array(113)), METER, 0), "tx");
  assert.deepEqual([tx.tn, sequenceOf(tx.datagram)], [1, 1]);
});

test("a destination or APDU the encoders refuse throws EncodeError and leaves the link idle", () => {
  const l = link();
  const bad: [LonApdu, PlcDestination][] = [
    [FULL_READ_APDU, { kind: "group", group: 5, size: 0 }],
    [FULL_READ_APDU, { kind: "group", group: 5, size: 65 }],
    [FULL_READ_APDU, { kind: "subnet-node", subnet: 1, node: 128 }],
    [FULL_READ_APDU, { kind: "unique-id", subnet: 1, uniqueId: new Uint8Array(5) }],
    [{ kind: "message", code: 0x40, data: new Uint8Array(0) }, METER],
  ];
  for (const [apdu, to] of bad) {
    assert.throws(
      () => l.request(apdu, to, 0),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE",
      JSON.stringify(to),
    );
    assert.equal(l.busy, false);
  }
  assert.throws(() => l.requestOsgp(parseHex("61 00"), METER, 0), EncodeError);
  const tx = one(l.request({ kind: "management", code: 0x61, data: Uint8Array.of(0) }, METER, 0), "tx");
  assert.deepEqual([tx.tn, sequenceOf(tx.datagram)], [1, 1]);
});

test("a configuration whose values do not fit their fields is refused at construction", () => {
  for (const c of [
    { local: { subnet: 1, node: 128 } },
    { local: { subnet: 256, node: 1 } },
    { domain: new Uint8Array(2) },
    { responseTimeoutMs: 0 },
    { retries: 16 },
    { firstTn: 16 },
    { cnipSessionId: 2 ** 32 },
    { altPathAttempts: -1 },
  ]) {
    assert.throws(
      () => link(c),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE",
      JSON.stringify(c),
    );
  }
});

test("other local addresses, domains and sessions go into every field they name", () => {
  const l = link({
    local: { subnet: 4, node: 100 },
    domain: parseHex("aa bb cc"),
    cnipSessionId: 9,
    altPathAttempts: 0,
  });
  const tx = one(l.requestOsgp(FULL_READ, METER, 0), "tx");
  assert.deepEqual(tx.datagram.subarray(8, 12), parseHex("00 00 00 09"));
  assert.deepEqual(lonOf(tx.datagram).subarray(0, 10), parseHex("01 1a 04 e4 01 8b aa bb cc 01")); // 3-byte domain: code 2
  const wrongTo = one(l.receive(unicastResponse({ tn: 1, from: [1, 11], domain: [0xaa, 0xbb, 0xcc] }), 1), "ignored");
  assert.equal(wrongTo.reason, "not addressed to us (4/100): to 1/1");
  assert.deepEqual(
    kinds(l.receive(unicastResponse({ tn: 1, from: [1, 11], to: [4, 100], domain: [0xaa, 0xbb, 0xcc] }), 2)),
    ["rx", "response"],
  );
  // altPathAttempts 0: no attempt uses the alternate path.
  const quiet = link({ altPathAttempts: 0 });
  quiet.requestOsgp(FULL_READ, METER, 0);
  const alt: (boolean | undefined)[] = [];
  for (let i = 1; i <= 3; i++) alt.push(one(quiet.tick(i * TIMEOUT), "tx").pdu?.altPath);
  assert.deepEqual(alt, [false, false, false]);
});

test("trace lines combine the CN/IP header and the 14908-1 PDU", () => {
  const l = link();
  const tx = one(l.requestOsgp(FULL_READ, METER, 0), "tx");
  assert.equal(
    describePlcDatagram(tx),
    "CN/IP Data Packet seq=1 session=0 len=43: SPDU request tn=1 backlog=1 from 1/1 to 1/11 domain 0x01: APDU code 0x30, 15 bytes",
  );
  assert.equal(describePlcDatagram(one(l.receive(parseHex("01 02"), 0), "rx")), "not a CN/IP packet, 2 bytes");
  assert.equal(
    describePlcDatagram(one(l.receive(cnip(parseHex("00 c0")), 0), "rx")),
    "CN/IP Data Packet seq=100 session=0 len=22: payload not read as a 14908-1 PDU",
  );
  assert.equal(
    describePlcDatagram(one(l.receive(cnip(new Uint8Array(0), { packetType: 0x70 }), 0), "rx")),
    "CN/IP Status/Health/Statistics Response seq=100 session=0 len=20",
  );
  assert.equal(
    describePlcDestination({ kind: "unique-id", subnet: 2, uniqueId: parseHex("05 01 23 45 67 89") }),
    "unique id 05 01 23 45 67 89 (subnet 2)",
  );
});

test("repeatLast sends the ended transaction again under its own tn, and the next request still takes the next tn", () => {
  const l = link();
  const first = one(l.requestOsgp(FULL_READ, METER, 0), "tx");
  one(l.receive(unicastResponse({ tn: 1, from: [1, 11], apdu: OK_RESPONSE }), 10), "response");
  const again = one(l.repeatLast(20), "tx");
  assert.equal(again.tn, 1);
  assert.deepEqual(lonOf(again.datagram), lonOf(first.datagram), "the same 14908-1 PDU, byte for byte");
  assert.equal(sequenceOf(again.datagram), sequenceOf(first.datagram) + 1, "a new CN/IP packet");
  const answered = one(l.receive(unicastResponse({ tn: 1, from: [1, 11], apdu: OK_RESPONSE }), 30), "response");
  assert.equal(answered.final, true);
  assert.equal(one(l.requestOsgp(FULL_READ, METER, 40), "tx").tn, 2);
});

test("repeatLast with no ended transaction, or while one is outstanding, is refused", () => {
  const l = link();
  assert.throws(
    () => l.repeatLast(0),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_SESSION_STATE",
  );
  l.requestOsgp(FULL_READ, METER, 0);
  l.receive(unicastResponse({ tn: 1, from: [1, 11], apdu: OK_RESPONSE }), 10);
  l.requestOsgp(FULL_READ, METER, 20);
  assert.throws(
    () => l.repeatLast(30),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY",
  );
});
