import { test } from "node:test";
import assert from "node:assert/strict";
import { unwrap } from "../../harness/bytes/decoded";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError } from "../../harness/errors";
import { cnipDataPacket, decodeCnipPacket, encodeCnipPacket } from "../../harness/link/cnip/cnip-header";
import { decodeLonPdu, encodeLonPdu, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { buildPlcNetwork, type GatewayEvent, type PlcNetwork } from "../../harness/simulator/cnip-gateway";
import { NO_IMPAIRMENT, type ImpairmentOptions } from "../../harness/simulator/plc-impairment";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { APDU_CODE_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { referenceMeters } from "./plc-requests";
import type { PeerAddress } from "../../harness/transport/datagram-endpoint";
import { FIRST_SEQUENCE, osgpRequest, readRequest, TO_GROUP, TO_NODE, verifiedResponse } from "./plc-requests";

const A: PeerAddress = { address: "127.0.0.1", port: 40001 };
const B: PeerAddress = { address: "127.0.0.2", port: 40002 };

const network = (impairment: Partial<ImpairmentOptions> = {}): PlcNetwork =>
  buildPlcNetwork(referenceMeters(3), defaultOmak(), {
    impairment: { ...NO_IMPAIRMENT, ...impairment },
    carriage: APDU_CODE_CARRIAGE,
  });
const datagramOf = (pdu: LonPdu) => encodeCnipPacket(cnipDataPacket({ payload: encodeLonPdu(pdu) }));
const sends = (events: GatewayEvent[]) =>
  events.filter((e): e is Extract<GatewayEvent, { kind: "send" }> => e.kind === "send");
const logs = (events: GatewayEvent[]) => events.filter((e) => e.kind === "log");
const lonOf = (e: { bytes: Uint8Array }) => unwrap(decodeLonPdu(unwrap(decodeCnipPacket(e.bytes)).payload));

test("a status request is answered at once with an empty status response to its sender", () => {
  const { gateway } = network({ lossPercent: 100 });
  // length 20, version 1, type 0x60, no extension, protocol 0, vendor 0, session 0, sequence 7, timestamp 0
  const out = gateway.receive(parseHex("00 14 01 60 00 00 00 00 00 00 00 00 00 00 00 07 00 00 00 00"), A, 0);
  assert.equal(out.length, 1);
  // type 0x70, session "OSGP", the gateway's first sequence number 1
  assert.deepEqual(
    out.map((e) => (e.kind === "send" ? [toHex(e.bytes), e.to] : e)),
    [[toHex(parseHex("00 14 01 70 00 00 00 00 4f 53 47 50 00 00 00 01 00 00 00 00")), A]],
  );
});

test("a data packet reaches the node it addresses; the answer goes back to the peer that asked", () => {
  const { gateway } = network();
  // CN/IP data packet (30 bytes, sequence 1) with 1/126 -> 1/12, domain 01, SPDU request tn 3: Respond to Query on
  const out = gateway.receive(
    parseHex("00 1e 01 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00  00 19 01 fe 01 8c 01 03 62 01"),
    A,
    0,
  );
  // from 1/12 to 1/126, SPDU response tn 3: 22; the gateway's session "OSGP", sequence 1
  assert.deepEqual(
    out.map((e) => (e.kind === "send" ? [toHex(e.bytes), e.to] : e)),
    [[toHex(parseHex("00 1d 01 01 00 00 00 00 4f 53 47 50 00 00 00 01 00 00 00 00  00 19 01 8c 01 fe 01 23 22")), A]],
  );
  // Another peer speaking for 1/125 to node 13 gets node 13's answer; the sequence counts on.
  const [b] = sends(
    gateway.receive(
      datagramOf({
        ...osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 4).pdu,
        address: { ...TO_NODE, srcNode: 125, dstNode: 13 },
      }),
      B,
      1,
    ),
  );
  assert.ok(b !== undefined);
  assert.deepEqual(
    [b.to, unwrap(decodeCnipPacket(b.bytes)).sequence, lonOf(b).address],
    [B, 2, { format: "subnet-node", srcSubnet: 1, srcNode: 13, dstSubnet: 1, dstNode: 125 }],
  );
});

test("a group request is answered by every meter, each as its member number", () => {
  const { gateway } = network();
  const { pdu, context } = osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 2);
  const out = sends(gateway.receive(datagramOf({ ...pdu, address: TO_GROUP }), A, 0));
  assert.deepEqual(
    out.map((e) => [e.to, lonOf(e).address]),
    [0, 1, 2].map((m) => [
      A,
      { format: "group-ack", srcSubnet: 1, srcNode: 11 + m, dstSubnet: 1, dstNode: 126, group: 1, member: m },
    ]),
  );
  // Each meter has its own secured state, and each answer verifies.
  assert.ok(out.every((e) => verifiedResponse(lonOf(e), context)?.[0] === RESPONSE_CODE.ok));
});

test("malformed or unmodelled datagrams are logged and dropped; the gateway goes on", () => {
  const { gateway } = network();
  const header = (type: number, flags: number, payload: string) => {
    const p = parseHex(payload);
    return encodeCnipPacket({ ...cnipDataPacket({ payload: p }), packetType: type, security: (flags & 0x20) !== 0 });
  };
  const bad: [string, Uint8Array][] = [
    ["5 bytes", parseHex("00 14 01 60 00")],
    ["length field 0x15 on 20 bytes", parseHex("00 15 01 60 00 00 00 00 00 00 00 00 00 00 00 07 00 00 00 00")],
    ["version 2", parseHex("00 14 02 60 00 00 00 00 00 00 00 00 00 00 00 07 00 00 00 00")],
    ["a data packet whose LON PDU is cut short", header(0x01, 0, "00 19 01 fe")],
    ["a device registration", header(0x03, 0, "")],
    ["a data packet with the security flag", header(0x01, 0x20, "00 19 01 fe 01 8c 01 03 62 01")],
    [
      "protocol 1",
      encodeCnipPacket({ ...cnipDataPacket({ payload: parseHex("00 19 01 fe 01 8c 01 03 62 01") }), protocol: 1 }),
    ],
  ];
  for (const [name, datagram] of bad) {
    const out = gateway.receive(datagram, A, 0);
    assert.equal(sends(out).length, 0, name);
    assert.equal(logs(out).length, 1, name);
  }
  assert.equal(gateway.nextDeadline(), undefined);
  assert.equal(
    sends(gateway.receive(parseHex("00 14 01 60 00 00 00 00 00 00 00 00 00 00 00 08 00 00 00 00"), A, 1)).length,
    1,
  );
});

test("the channel delay is honoured each way through tick and nextDeadline", () => {
  const { gateway } = network({ delayMs: 100 });
  const request = datagramOf(osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 1).pdu);
  assert.deepEqual(gateway.receive(request, A, 1000), []);
  assert.equal(gateway.nextDeadline(), 1100);
  assert.deepEqual(gateway.tick(1099), []);
  assert.deepEqual(gateway.tick(1100), [], "the meter answers at 1100; the answer is on the channel");
  assert.equal(gateway.nextDeadline(), 1200);
  assert.deepEqual(
    sends(gateway.tick(1200)).map((e) => e.to),
    [A],
  );
  assert.equal(gateway.nextDeadline(), undefined);
});

test("a lost request is never answered; a duplicated one is answered from the node's record", () => {
  const lossy = network({ lossPercent: 100 });
  assert.deepEqual(
    lossy.gateway.receive(datagramOf(osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 1).pdu), A, 0),
    [],
  );
  assert.equal(lossy.gateway.nextDeadline(), undefined);

  const twice = network({ duplicatePercent: 100 });
  const { pdu, context } = osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 1);
  const out = sends(twice.gateway.receive(datagramOf(pdu), A, 0));
  // Two copies reach the node; each answer crosses the channel twice.
  assert.equal(out.length, 4);
  assert.deepEqual(
    out.map((e) => unwrap(decodeCnipPacket(e.bytes)).sequence),
    [1, 2, 3, 4],
  );
  assert.equal(
    new Set(out.map((e) => toHex(unwrap(decodeCnipPacket(e.bytes)).payload))).size,
    1,
    "one answer, four copies",
  );
  assert.equal(
    verifiedResponse(lonOf(out[0] as { bytes: Uint8Array }), context)?.[0],
    RESPONSE_CODE.ok,
    "served once: not a sequence error",
  );
});

test("the service pin goes to every peer that has spoken to the gateway", () => {
  const { gateway } = network();
  gateway.receive(parseHex("00 14 01 60 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00"), A, 0);
  gateway.receive(datagramOf(osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 1).pdu), B, 0);
  const out = sends(gateway.pressServicePin(1, 5));
  assert.deepEqual(
    out.map((e) => e.to),
    [A, B],
  );
  // Broadcast from 0/0, no domain: 7f, unique id 4f 53 47 50 00 02, program id "OSGPSIM" 01
  assert.ok(
    out.every(
      (e) =>
        toHex(unwrap(decodeCnipPacket(e.bytes)).payload) ===
        toHex(parseHex("00 30 00 80 00 7f 4f 53 47 50 00 02 4f 53 47 50 53 49 4d 01")),
    ),
  );
  assert.throws(() => gateway.pressServicePin(3, 5), ConfigError);
});

test("the default network: meters 1/11, 1/12, 1/13 in domain 01, group 1 members 0..2, meter 0 behind node 11", () => {
  const { nodes, meters } = network();
  assert.deepEqual(
    nodes.map((n) => [
      n.address,
      toHex(n.config.uniqueId),
      toHex(n.config.programId),
      toHex(n.config.domain),
      n.config.groups,
      n.config.receiveTimerMs,
    ]),
    [1, 2, 3].map((i) => [
      `1/${10 + i}`,
      `4f 53 47 50 00 0${i}`,
      "4f 53 47 50 53 49 4d 01",
      "01",
      [{ group: 1, member: i - 1 }],
      8000,
    ]),
  );
  assert.equal(meters.length, 3);
  assert.ok(meters.every((m, i) => nodes[i]?.config.meter === m));
  assert.notEqual(meters[0], meters[1]);
  for (const count of [0, 65]) assert.throws(() => buildPlcNetwork(referenceMeters(count), defaultOmak()), ConfigError);
});
