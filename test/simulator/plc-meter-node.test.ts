import { test } from "node:test";
import assert from "node:assert/strict";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError } from "../../harness/errors";
import type { LonAddress } from "../../harness/link/lon/lon-address";
import { encodeLonPdu, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { PLC_MESSAGE_LIMIT } from "../../harness/link/lon/osgp-over-lon";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { PLC_MAX_RESPONSE_APDU } from "../../harness/simulator/plc-meter-node";
import {
  DOMAIN,
  FIRST_SEQUENCE,
  fromHex,
  HARNESS,
  management,
  nodeOf,
  omakClient,
  osgpRequest,
  pduOf,
  readRequest,
  requestOf,
  responseFrame,
  TO_GROUP,
  TO_NODE,
  UID,
  verifiedResponse,
} from "./plc-requests";

const hexOf = (pdus: LonPdu[]) => pdus.map((p) => toHex(encodeLonPdu(p)));
const RTQ_ON = management(0x62, 0x01);
const READ_BT01 = readRequest(BT01);
const BT01_SIZE = 24;

test("the node takes only what its domain and address select (NWReceive)", () => {
  const src = { srcSubnet: HARNESS.subnet, srcNode: HARNESS.node };
  const cases: [string, LonAddress, Uint8Array, boolean][] = [
    ["its subnet/node", TO_NODE, DOMAIN, true],
    ["another node of its subnet", { ...TO_NODE, dstNode: 12 }, DOMAIN, false],
    ["its node number on another subnet", { ...TO_NODE, dstSubnet: 2 }, DOMAIN, false],
    ["its subnet/node in another domain", TO_NODE, Uint8Array.of(0x02), false],
    ["its subnet/node with no domain id", TO_NODE, new Uint8Array(0), false],
    ["its subnet/node in a 3-byte domain starting 01", TO_NODE, Uint8Array.of(0x01, 0x00, 0x00), false],
    ["a domain-wide broadcast", { format: "broadcast", ...src, dstSubnet: 0 }, DOMAIN, true],
    ["a broadcast to its subnet", { format: "broadcast", ...src, dstSubnet: 1 }, DOMAIN, true],
    ["a broadcast to another subnet", { format: "broadcast", ...src, dstSubnet: 2 }, DOMAIN, false],
    ["its group", TO_GROUP, DOMAIN, true],
    ["another group", { format: "group", ...src, dstGroup: 2 }, DOMAIN, false],
    [
      "its unique id, any destination subnet",
      { format: "unique-id", ...src, dstSubnet: 7, uniqueId: UID },
      DOMAIN,
      true,
    ],
    [
      "another unique id",
      { format: "unique-id", ...src, dstSubnet: 1, uniqueId: parseHex("4f 53 47 50 00 02") },
      DOMAIN,
      false,
    ],
    [
      "its unique id in another domain (flex domain)",
      { format: "unique-id", ...src, dstSubnet: 0, uniqueId: UID },
      Uint8Array.of(0x77, 0x88, 0x99),
      true,
    ],
    [
      "a broadcast whose source is the node itself",
      { format: "broadcast", srcSubnet: 1, srcNode: 11, dstSubnet: 0 },
      DOMAIN,
      false,
    ],
    [
      "a group-ack to the node",
      { format: "group-ack", ...src, dstSubnet: 1, dstNode: 11, group: 1, member: 0 },
      DOMAIN,
      false,
    ],
  ];
  for (const [name, address, domain, answered] of cases) {
    const { node } = nodeOf();
    const out = node.receive(requestOf(RTQ_ON, 2, address, { domain }), 0);
    assert.equal(out.length, answered ? 1 : 0, name);
  }
});

test("a request in a foreign domain to the unique id is answered from 0/0 in that domain (NWSend, flex domain)", () => {
  const { node } = nodeOf();
  // from 1/126 to unique id 4f 53 47 50 00 01, 3-byte domain 77 88 99, tn 2: Respond to Query on
  const [answer] = node.receive(fromHex("00 1e 01 fe 00 4f 53 47 50 00 01 77 88 99 02 62 01"), 0);
  // from 0/0 to 1/126, domain 77 88 99, SPDU response tn 2: 22 (success)
  assert.equal(toHex(encodeLonPdu(answer as LonPdu)), toHex(parseHex("00 1a 00 80 01 fe 77 88 99 22 22")));
});

test("Query ID answers only while Respond to Query is on; success carries unique id and program id", () => {
  const { node } = nodeOf();
  // 1/126 -> 1/11, domain 01, SPDU request tn 3, APDU 61 01 (Query ID, selector "selected")
  const query = fromHex("00 19 01 fe 01 8b 01 03 61 01");
  assert.deepEqual(node.receive(query, 0), [], "not selected yet: no answer");
  assert.deepEqual(
    hexOf(node.receive(fromHex("00 19 01 fe 01 8b 01 04 62 01"), 1)),
    ["00 19 01 8b 01 fe 01 24 22"],
    "Respond to Query on: 22",
  );
  // Same tn and APDU as the first query, but another transaction came between: a new request.
  assert.deepEqual(hexOf(node.receive(query, 2)), [
    "00 19 01 8b 01 fe 01 23 21 4f 53 47 50 00 01 4f 53 47 50 53 49 4d 01",
  ]);
  assert.deepEqual(
    node.receive(fromHex("00 19 01 fe 01 8b 01 05 61 00"), 3),
    [],
    "unconfigured: a configured node stays quiet",
  );
  assert.deepEqual(
    node.receive(fromHex("00 19 01 fe 01 8b 01 06 61 02"), 4),
    [],
    "selected and unconfigured: quiet too",
  );
  assert.deepEqual(
    hexOf(node.receive(fromHex("00 19 01 fe 01 8b 01 07 62 00"), 5)),
    ["00 19 01 8b 01 fe 01 27 22"],
    "Respond to Query off: 22",
  );
  assert.deepEqual(node.receive(fromHex("00 19 01 fe 01 8b 01 08 61 01"), 6), [], "deselected: no answer");
});

test("bad network-management requests get the failure code; memory-match queries are never matched", () => {
  const { node } = nodeOf();
  const answer = (hex: string) => hexOf(node.receive(fromHex(`00 19 01 fe 01 8b 01 ${hex}`), 0));
  assert.deepEqual(answer("01 62 02"), ["00 19 01 8b 01 fe 01 21 02"], "Respond to Query with flag 2");
  assert.deepEqual(answer("02 62"), ["00 19 01 8b 01 fe 01 22 02"], "Respond to Query without its flag");
  assert.deepEqual(answer("03 61 03"), ["00 19 01 8b 01 fe 01 23 01"], "Query ID selector 3");
  assert.deepEqual(answer("04 6d 01 00 00 04"), ["00 19 01 8b 01 fe 01 24 0d"], "Read Memory: not modelled");
  answer("05 62 01");
  // selected, mode 1 (read-only relative), offset 0, count 2, data 4f 53: memory is not modelled
  assert.deepEqual(answer("06 61 01 01 00 00 02 4f 53"), [], "memory match: no answer");
  assert.deepEqual(
    answer("07 61 01 05 00 00 02 4f 53"),
    ["00 19 01 8b 01 fe 01 27 01"],
    "memory match, mode 5: failure",
  );
  assert.deepEqual(
    answer("08 61 01 01 00 00 03 4f 53"),
    ["00 19 01 8b 01 fe 01 28 01"],
    "count 3, two data bytes: failure",
  );
});

test("only SPDU requests are served: authenticated, TPDU and response PDUs get nothing", () => {
  const { node } = nodeOf();
  assert.deepEqual(node.receive(pduOf({ pdu: "spdu", type: "request", auth: true, tn: 1, apdu: RTQ_ON }), 0), []);
  assert.deepEqual(node.receive(pduOf({ pdu: "tpdu", type: "ackd", auth: false, tn: 2, apdu: RTQ_ON }), 0), []);
  assert.deepEqual(node.receive(pduOf({ pdu: "spdu", type: "response", auth: false, tn: 3, apdu: RTQ_ON }), 0), []);
  assert.deepEqual(node.receive(pduOf({ pdu: "apdu", apdu: RTQ_ON }), 0), []);
  assert.equal(node.receive(requestOf(RTQ_ON, 4), 0).length, 1, "the same APDU in a request is answered");
});

test("an OSGP read through the node is served by the secured server and its response verifies", () => {
  const { node, server } = nodeOf();
  const { pdu, context } = osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 1);
  const [answer] = node.receive(pdu, 0);
  assert.ok(answer !== undefined);
  assert.deepEqual(answer.address, {
    format: "subnet-node",
    srcSubnet: 1,
    srcNode: 11,
    dstSubnet: HARNESS.subnet,
    dstNode: HARNESS.node,
  });
  assert.deepEqual(
    [answer.body.pdu, "type" in answer.body ? answer.body.type : "", "tn" in answer.body ? answer.body.tn : -1],
    ["spdu", "response", 1],
  );
  const apdu = verifiedResponse(answer, context);
  assert.ok(apdu !== null, "the response verifies under the OMAK");
  assert.deepEqual([apdu[0], apdu.length], [RESPONSE_CODE.ok, 1 + 2 + BT01_SIZE]);
  assert.equal(server.last, FIRST_SEQUENCE + 1);
});

test("encrypted responses go out byte for byte, also when their first byte is no OSGP code", () => {
  const { node } = nodeOf();
  const kinds = new Set<string>();
  for (let i = 1; i <= 15; i++) {
    const sequence = FIRST_SEQUENCE + i;
    // The "apdu-code" carriage cannot put a request whose ciphertext starts at 0x50 or above in an
    // application or foreign APDU: pick a read (by its offset) whose ciphertext starts lower.
    let offset = 0;
    while ((omakClient().protectRequest(readRequest(BT01, offset, 4), sequence, true).frame[0] as number) >= 0x50)
      offset++;
    const { pdu, context } = osgpRequest(readRequest(BT01, offset, 4), sequence, i, true);
    const [answer] = node.receive(pdu, i);
    assert.ok(answer !== undefined && answer.body.pdu === "spdu" && "apdu" in answer.body, `request ${i}`);
    kinds.add(answer.body.apdu.kind);
    assert.equal(verifiedResponse(answer, context)?.[0], RESPONSE_CODE.ok, `request ${i}`);
  }
  // The ciphertext's first byte is spread over 0..255: some land outside 0x00..0x4f.
  assert.ok(
    [...kinds].some((k) => k !== "message" && k !== "foreign"),
    [...kinds].join(", "),
  );
});

test("the meter refuses a read whose response would pass the 114-byte PLC limit", () => {
  const { node } = nodeOf();
  // A read response is code, count (2) and data: 103 data bytes make 106, the limit less the digest.
  const fits = osgpRequest(readRequest(BT01, 0, PLC_MAX_RESPONSE_APDU - 3), FIRST_SEQUENCE + 1, 1);
  const [a] = node.receive(fits.pdu, 0);
  assert.equal(responseFrame(a as LonPdu).length, PLC_MESSAGE_LIMIT);
  assert.equal(verifiedResponse(a as LonPdu, fits.context)?.[0], RESPONSE_CODE.ok);
  const over = osgpRequest(readRequest(BT01, 0, PLC_MAX_RESPONSE_APDU - 2), FIRST_SEQUENCE + 2, 2);
  const [b] = node.receive(over.pdu, 1);
  assert.deepEqual(verifiedResponse(b as LonPdu, over.context), Uint8Array.of(RESPONSE_CODE.rno));
});

test("a retry (same source, priority, tn and APDU within the receive timer) gets the saved response and is not executed again", () => {
  const { node, server } = nodeOf();
  const { pdu, context } = osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 5);
  const first = node.receive(pdu, 1000);
  assert.equal(verifiedResponse(first[0] as LonPdu, context)?.[0], RESPONSE_CODE.ok);
  // Executed again, the request would repeat an accepted sequence number: 0x0C.
  assert.deepEqual(
    hexOf(node.receive(pdu, 1000 + 7999)),
    hexOf(first),
    "the retry is answered from the record, byte for byte",
  );
  assert.equal(server.last, FIRST_SEQUENCE + 1);
  const code = (p: LonPdu, now: number) => verifiedResponse(node.receive(p, now)[0] as LonPdu, context)?.[0];
  assert.equal(
    code({ ...pdu, priority: true }, 1001),
    RESPONSE_CODE.seq,
    "priority requests have their own record: a new transaction",
  );
  assert.equal(
    code({ ...pdu, address: { ...TO_NODE, srcNode: 125 } }, 1002),
    RESPONSE_CODE.seq,
    "another requester: a new transaction",
  );
  assert.equal(
    code(osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 6).pdu, 1003),
    RESPONSE_CODE.seq,
    "another tn: a new transaction",
  );
});

test("the record lapses with the receive timer: the same request after it is executed again", () => {
  const { node } = nodeOf();
  const { pdu, context } = osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 5);
  node.receive(pdu, 1000);
  assert.equal(verifiedResponse(node.receive(pdu, 1000 + 8000)[0] as LonPdu, context)?.[0], RESPONSE_CODE.seq);
});

test("REM/MSG: a member whose bit is set stays quiet, one whose bit is clear repeats its saved response", () => {
  const { node, server } = nodeOf();
  const { frame, context } = osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 4);
  const apdu = { kind: "message" as const, code: frame[0] as number, data: frame.slice(1) };
  const request = requestOf(apdu, 4, TO_GROUP);
  const first = node.receive(request, 0);
  assert.equal(first.length, 1);
  // A group request is answered in format 2b: from 1/11 to 1/126 as member 9 of group 1.
  assert.deepEqual((first[0] as LonPdu).address, {
    format: "group-ack",
    srcSubnet: 1,
    srcNode: 11,
    dstSubnet: 1,
    dstNode: 126,
    group: 1,
    member: 9,
  });
  assert.equal(verifiedResponse(first[0] as LonPdu, context)?.[0], RESPONSE_CODE.ok);
  const remMsg = (memberList: number[]) =>
    pduOf(
      { pdu: "spdu", type: "rem-msg", auth: false, tn: 4, memberList: Uint8Array.from(memberList), apdu },
      TO_GROUP,
    );
  // Member 9 is bit 1 of byte 1: none of these lists has it.
  for (const clear of [[], [0x00], [0x02], [0xff, 0xfd]])
    assert.deepEqual(hexOf(node.receive(remMsg(clear), 10)), hexOf(first), `list ${toHex(Uint8Array.from(clear))}`);
  assert.equal(server.last, FIRST_SEQUENCE + 1, "answered from the record, not executed");
  assert.deepEqual(node.receive(remMsg([0x00, 0x02]), 20), [], "bit set: the requester has the answer");
  assert.deepEqual(node.receive(request, 30), [], "and later retries of that transaction get nothing");
});

test("REM/MSG with no matching record is a new request, whatever its member list says (ReceiveRem)", () => {
  const { node } = nodeOf();
  const { frame, context } = osgpRequest(READ_BT01, FIRST_SEQUENCE + 1, 4);
  const apdu = { kind: "message" as const, code: frame[0] as number, data: frame.slice(1) };
  const [answer] = node.receive(
    pduOf({ pdu: "spdu", type: "rem-msg", auth: false, tn: 4, memberList: Uint8Array.of(0x00, 0x02), apdu }, TO_GROUP),
    0,
  );
  assert.equal(verifiedResponse(answer as LonPdu, context)?.[0], RESPONSE_CODE.ok);
  // The same tn with another APDU does not match the record either: executed as new.
  assert.deepEqual(
    hexOf(
      node.receive(
        pduOf(
          { pdu: "spdu", type: "rem-msg", auth: false, tn: 4, memberList: new Uint8Array(0), apdu: RTQ_ON },
          TO_GROUP,
        ),
        1,
      ),
    ),
    ["00 19 01 0b 01 fe 01 09 01 24 22"],
  );
});

test("REMINDER never answers: with the bit clear the retry that follows is answered, with it set that retry is not", () => {
  const { node } = nodeOf();
  // 1/126 -> group 1, domain 01, SPDU request tn 5: Respond to Query on
  const request = fromHex("00 15 01 fe 01 01 05 62 01");
  const answer = ["00 19 01 0b 01 fe 01 09 01 25 22"];
  assert.deepEqual(node.receive(fromHex("00 15 01 fe 01 01 45 02 00 00"), 0), [], "no record yet: nothing");
  assert.deepEqual(hexOf(node.receive(request, 1)), answer);
  assert.deepEqual(
    node.receive(fromHex("00 15 01 fe 01 01 45 02 00 00"), 2),
    [],
    "bit clear: nothing, the retry follows",
  );
  assert.deepEqual(hexOf(node.receive(request, 3)), answer, "the retry gets the saved response");
  assert.deepEqual(node.receive(fromHex("00 15 01 fe 01 01 45 02 00 02"), 4), [], "bit set: nothing");
  assert.deepEqual(node.receive(request, 5), [], "the transaction is done for this member");
});

test("servicePin() is the Service Pin broadcast with the node's unique id and program id", () => {
  const { node } = nodeOf();
  assert.equal(
    toHex(encodeLonPdu(node.servicePin())),
    toHex(parseHex("00 30 00 80 00 7f 4f 53 47 50 00 01 4f 53 47 50 53 49 4d 01")),
  );
});

test("a node configuration that cannot be on the wire is refused", () => {
  for (const bad of [
    { node: 0 },
    { node: 128 },
    { subnet: 0 },
    { uniqueId: new Uint8Array(5) },
    { programId: new Uint8Array(7) },
    { domain: new Uint8Array(2) },
    { groups: [{ group: 1, member: 64 }] },
  ]) {
    assert.throws(() => nodeOf([], bad), ConfigError, JSON.stringify(bad));
  }
});
