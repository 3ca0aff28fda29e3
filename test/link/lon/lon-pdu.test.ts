import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../../harness/errors";
import { decodeLonPdu, describeLonPdu, encodeLonPdu, type LonPdu } from "../../../harness/link/lon/lon-pdu";
import { arbPdu } from "./arbitraries";

// Expected bytes below are written from the bit layout Wireshark's packet-lon.c reads, one field
// at a time, never from the encoder's output.

const PARTIAL_READ_BT23 = parseHex("3f 00 17 00 00 00 00 2c");
const UID = parseHex("05 01 23 45 67 89");

function roundTrip(pdu: LonPdu, expected: Uint8Array): void {
  assert.deepEqual(encodeLonPdu(pdu), expected);
  const d = decodeLonPdu(expected);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  assert.deepEqual(d.value, pdu);
}

test("SPDU REQUEST tn=5, unique-id address, 1-byte domain, carrying an OSGP partial read", () => {
  const expected = concatBytes(
    Uint8Array.of(0b0_0_000000), // priority 0, alt path 0, delta backlog 0
    Uint8Array.of(0b00_01_11_01), // version 0, PDU format 1 (SPDU), address format 3, domain length code 1
    Uint8Array.of(0x01, 0x80 | 0x05, 0x00), // src subnet 1, src node 5 (bit 7 set as stacks send it), dst subnet 0
    UID, // 6-byte unique node id
    Uint8Array.of(0x12), // domain
    Uint8Array.of(0b0_000_0101), // auth 0, type 0 (REQUEST), transaction number 5
    PARTIAL_READ_BT23, // APDU: code 0x3f then the OSGP fields
  );
  assert.equal(expected.length, 21);
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "unique-id", srcSubnet: 1, srcNode: 5, dstSubnet: 0, uniqueId: UID },
      domain: Uint8Array.of(0x12),
      body: {
        pdu: "spdu",
        type: "request",
        auth: false,
        tn: 5,
        apdu: { kind: "message", code: 0x3f, data: parseHex("00 17 00 00 00 00 2c") },
      },
    },
    expected,
  );
});

test("SPDU RESPONSE, subnet/node (2a), priority, alternate path, backlog 3, 3-byte domain", () => {
  const expected = Uint8Array.of(
    0b1_1_000011, // priority, alt path, delta backlog 3
    0b00_01_10_10, // SPDU, address format 2, domain length code 2 (3 bytes)
    0x01,
    0x80 | 17, // src subnet 1, src node 17 with bit 7 = 1 (2a)
    0x01,
    0x80 | 5, // dst subnet 1, dst node 5 (bit 7 set, as the IzoT stack writes it)
    0xaa,
    0xbb,
    0xcc, // domain
    0b0_010_0101, // RESPONSE (2), tn 5
    0x00,
    0x00,
    0x02,
    0xab,
    0xcd, // OSGP ok response, count 2, data
  );
  roundTrip(
    {
      priority: true,
      altPath: true,
      deltaBacklog: 3,
      address: { format: "subnet-node", srcSubnet: 1, srcNode: 17, dstSubnet: 1, dstNode: 5 },
      domain: parseHex("aa bb cc"),
      body: {
        pdu: "spdu",
        type: "response",
        auth: false,
        tn: 5,
        apdu: { kind: "message", code: 0x00, data: parseHex("00 02 ab cd") },
      },
    },
    expected,
  );
});

test("TPDU ACKD with auth, group address (1), 6-byte domain, transaction number 15", () => {
  const expected = Uint8Array.of(
    0x00,
    0b00_00_01_11, // TPDU, address format 1, domain code 3 (6 bytes)
    0x02,
    0x80 | 0x03,
    0x09, // src 2/3, dst group 9
    1,
    2,
    3,
    4,
    5,
    6,
    0b1_000_1111, // auth, ACKD (0), tn 15
    0x10,
    0x01,
    0x02, // application message 0x10 + 2 data bytes
  );
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "group", srcSubnet: 2, srcNode: 3, dstGroup: 9 },
      domain: parseHex("01 02 03 04 05 06"),
      body: {
        pdu: "tpdu",
        type: "ackd",
        auth: true,
        tn: 15,
        apdu: { kind: "message", code: 0x10, data: parseHex("01 02") },
      },
    },
    expected,
  );
});

test("TPDU ACK with the group-acknowledgement address (2b): six address bytes, nothing after the header", () => {
  const expected = Uint8Array.of(
    0x00,
    0b00_00_10_01, // TPDU, address format 2, 1-byte domain
    0x04,
    0x06, // src subnet 4, src node 6 with bit 7 = 0: this is 2b
    0x01,
    0x80 | 0x05, // dst subnet 1, dst node 5
    0x09,
    0x02, // group 9, member 2
    0x12,
    0b0_010_0111, // ACK (2), tn 7
  );
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "group-ack", srcSubnet: 4, srcNode: 6, dstSubnet: 1, dstNode: 5, group: 9, member: 2 },
      domain: Uint8Array.of(0x12),
      body: { pdu: "tpdu", type: "ack", auth: false, tn: 7 },
    },
    expected,
  );
});

test("broadcast APDU: the Service Pin message with its unique id and program id", () => {
  const pid = parseHex("9f ff ff 05 00 04 04 01");
  const expected = concatBytes(
    Uint8Array.of(0x00, 0b00_11_00_00, 0x00, 0x80, 0x00), // APDU format, broadcast, no domain; 0/0 to all subnets
    Uint8Array.of(0x7f),
    UID,
    pid,
  );
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "broadcast", srcSubnet: 0, srcNode: 0, dstSubnet: 0 },
      domain: new Uint8Array(0),
      body: { pdu: "apdu", apdu: { kind: "management", code: 0x7f, data: concatBytes(UID, pid) } },
    },
    expected,
  );
});

test("reminders carry a length and a member list; REM/MSG adds the APDU", () => {
  const head = Uint8Array.of(0x00, 0b00_00_01_00, 0x01, 0x81, 0x07); // TPDU, group 7, no domain
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "group", srcSubnet: 1, srcNode: 1, dstGroup: 7 },
      domain: new Uint8Array(0),
      body: { pdu: "tpdu", type: "reminder", auth: false, tn: 2, memberList: parseHex("0f f0") },
    },
    concatBytes(head, Uint8Array.of(0b0_100_0010, 0x02, 0x0f, 0xf0)),
  );
  const spduHead = Uint8Array.of(0x00, 0b00_01_01_00, 0x01, 0x81, 0x07);
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "group", srcSubnet: 1, srcNode: 1, dstGroup: 7 },
      domain: new Uint8Array(0),
      body: {
        pdu: "spdu",
        type: "rem-msg",
        auth: false,
        tn: 3,
        memberList: new Uint8Array(0),
        apdu: { kind: "foreign", code: 0x4f, data: Uint8Array.of(1) },
      },
    },
    concatBytes(spduHead, Uint8Array.of(0b0_101_0011, 0x00, 0x4f, 0x01)),
  );
});

test("AuthPDU: fmt in bits 6..7, type in 4..5, an 8-byte value and, for a group, a group byte", () => {
  const value = parseHex("01 02 03 04 05 06 07 08");
  const base = {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "group" as const, srcSubnet: 1, srcNode: 2, dstGroup: 9 },
    domain: Uint8Array.of(0x12),
  };
  const head = Uint8Array.of(0x00, 0b00_10_01_01, 0x01, 0x82, 0x09, 0x12); // AuthPDU, group, 1-byte domain
  roundTrip(
    { ...base, body: { pdu: "authpdu", type: "challenge", fmt: 1, tn: 3, value, group: 9 } },
    concatBytes(head, Uint8Array.of(0b01_00_0011), value, Uint8Array.of(0x09)),
  );
  roundTrip(
    { ...base, body: { pdu: "authpdu", type: "reply", fmt: 2, tn: 3, value } },
    concatBytes(head, Uint8Array.of(0b10_10_0011), value),
  );
  // The OMA variants (types 1 and 3) the IzoT stack adds.
  roundTrip(
    { ...base, body: { pdu: "authpdu", type: "reply-oma", fmt: 0, tn: 0, value } },
    concatBytes(head, Uint8Array.of(0b00_11_0000), value),
  );
});

test("a network-variable APDU: 1 | direction | 14-bit selector in two bytes", () => {
  roundTrip(
    {
      priority: false,
      altPath: false,
      deltaBacklog: 0,
      address: { format: "subnet-node", srcSubnet: 1, srcNode: 2, dstSubnet: 1, dstNode: 3 },
      domain: new Uint8Array(0),
      body: {
        pdu: "tpdu",
        type: "unackd-rpt",
        auth: false,
        tn: 1,
        apdu: { kind: "nv", code: 0x1234, direction: 1, data: parseHex("00 64") },
      },
    },
    Uint8Array.of(0x00, 0b00_00_10_00, 0x01, 0x82, 0x01, 0x83, 0b0_001_0001, 0b1_1_010010, 0x34, 0x00, 0x64),
  );
});

test("a node byte whose bit 7 is clear where stacks set it stays visible and re-encodes unchanged", () => {
  const bytes = Uint8Array.of(0x00, 0b00_11_00_00, 0x01, 0x05, 0x00, 0x30); // broadcast from 1/5 with bit 7 = 0
  const d = decodeLonPdu(bytes);
  assert.ok(d.ok);
  assert.deepEqual(d.value.address, {
    format: "broadcast",
    srcSubnet: 1,
    srcNode: 5,
    dstSubnet: 0,
    srcNodeBit7Clear: true,
  });
  assert.deepEqual(encodeLonPdu(d.value), bytes);
  const twoA = Uint8Array.of(0x00, 0b00_11_10_00, 0x01, 0x85, 0x01, 0x06, 0x30); // 2a to 1/6 with dst bit 7 = 0
  const d2 = decodeLonPdu(twoA);
  assert.ok(d2.ok && d2.value.address.format === "subnet-node");
  assert.equal(d2.value.address.dstNodeBit7Clear, true);
  assert.deepEqual(encodeLonPdu(d2.value), twoA);
});

test("describeLonPdu gives one line for traces", () => {
  const pdu: LonPdu = {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "subnet-node", srcSubnet: 1, srcNode: 5, dstSubnet: 1, dstNode: 17 },
    domain: Uint8Array.of(0x12),
    body: {
      pdu: "spdu",
      type: "request",
      auth: false,
      tn: 3,
      apdu: { kind: "message", code: 0x3f, data: parseHex("00 17 00 00 00 00 2c") },
    },
  };
  assert.equal(describeLonPdu(pdu), "SPDU request tn=3 from 1/5 to 1/17 domain 0x12: APDU code 0x3f, 8 bytes");
  assert.equal(
    describeLonPdu({
      ...pdu,
      priority: true,
      domain: new Uint8Array(0),
      body: { pdu: "tpdu", type: "ack", auth: false, tn: 3 },
    }),
    "TPDU ack tn=3 priority from 1/5 to 1/17 no domain",
  );
  assert.equal(
    describeLonPdu({
      ...pdu,
      address: { format: "broadcast", srcSubnet: 0, srcNode: 0, dstSubnet: 0 },
      body: { pdu: "apdu", apdu: { kind: "management", code: 0x61, data: Uint8Array.of(0) } },
    }),
    "APDU from 0/0 to all subnets (broadcast) domain 0x12: APDU NM code 0x61 (NM_QUERY_ID), 2 bytes",
  );
});

test("malformed input: a DecodeError with the code, field path and offset", () => {
  const cases: [string, string, string, number][] = [
    ["", "OSGP_ERR_TRUNCATED", "lon.ppdu", 0],
    ["00", "OSGP_ERR_TRUNCATED", "lon.npdu", 1],
    ["00 40 01 81 00 30", "OSGP_ERR_FIELD_RANGE", "lon.npdu.version", 1], // version 1
    ["00 30 01", "OSGP_ERR_TRUNCATED", "lon.address.srcNode", 3],
    ["00 3c 01 81 00 01 02 03 04 05", "OSGP_ERR_TRUNCATED", "lon.address.uniqueId", 5], // 5 of 6 id bytes
    ["00 38 01 05 01 85 07", "OSGP_ERR_TRUNCATED", "lon.address.member", 7], // 2b needs group and member
    ["00 33 01 81 00 01 02", "OSGP_ERR_TRUNCATED", "lon.domain", 5], // 6-byte domain, 2 given
    ["00 10 01 81 00", "OSGP_ERR_TRUNCATED", "lon.spdu.header", 5],
    ["00 10 01 81 00 10", "OSGP_ERR_UNKNOWN_CODE", "lon.spdu.type", 5], // SPDU type 1 is not defined
    ["00 00 01 81 00 35", "OSGP_ERR_UNKNOWN_CODE", "lon.tpdu.type", 5], // TPDU type 3 is not defined
    ["00 10 01 81 00 05", "OSGP_ERR_TRUNCATED", "lon.apdu.code", 6], // REQUEST without an APDU
    ["00 00 01 81 00 20 99", "OSGP_ERR_TRAILING_BYTES", "lon.end", 6], // ACK carries nothing
    ["00 00 01 81 00 40 03 01", "OSGP_ERR_TRUNCATED", "lon.tpdu.memberList", 7],
    ["00 20 01 81 00 03 01 02 03 04 05 06 07", "OSGP_ERR_TRUNCATED", "lon.authpdu.value", 6],
    ["00 20 01 81 00 03 01 02 03 04 05 06 07 08 09 0a", "OSGP_ERR_TRAILING_BYTES", "lon.end", 15],
    ["00 30 01 81 00 80", "OSGP_ERR_TRUNCATED", "lon.apdu.selector", 6],
    ["00 30 01 81 00 7f 01 02 03", "OSGP_ERR_TRUNCATED", "lon.apdu.data", 6], // Service Pin needs 14 bytes
  ];
  for (const [hex, code, path, offset] of cases) {
    const bytes = parseHex(hex);
    const d = decodeLonPdu(bytes);
    assert.ok(!d.ok, hex);
    assert.ok(d.error instanceof DecodeError);
    assert.deepEqual([d.error.code, d.error.path, d.error.offset], [code, path, offset], hex);
    assert.deepEqual(d.error.bytes, bytes, hex);
  }
});

test("encoding a field out of range is OSGP_ERR_ENCODE_RANGE naming the field", () => {
  const good: LonPdu = {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "subnet-node", srcSubnet: 1, srcNode: 5, dstSubnet: 1, dstNode: 17 },
    domain: Uint8Array.of(0x12),
    body: {
      pdu: "spdu",
      type: "request",
      auth: false,
      tn: 3,
      apdu: { kind: "message", code: 0x3f, data: new Uint8Array(0) },
    },
  };
  const bad: [string, LonPdu][] = [
    ["lon.deltaBacklog", { ...good, deltaBacklog: 64 }],
    ["lon.address.srcNode", { ...good, address: { ...good.address, srcNode: 128 } }],
    [
      "lon.address.dstNode",
      { ...good, address: { format: "subnet-node", srcSubnet: 1, srcNode: 5, dstSubnet: 1, dstNode: -1 } },
    ],
    ["lon.address.srcSubnet", { ...good, address: { ...good.address, srcSubnet: 256 } }],
    [
      "lon.address.uniqueId",
      {
        ...good,
        address: { format: "unique-id", srcSubnet: 1, srcNode: 5, dstSubnet: 0, uniqueId: new Uint8Array(5) },
      },
    ],
    ["lon.domain", { ...good, domain: new Uint8Array(2) }],
    ["lon.spdu.tn", { ...good, body: { ...good.body, tn: 16 } as LonPdu["body"] }],
    [
      "lon.apdu.code",
      { ...good, body: { pdu: "apdu", apdu: { kind: "message", code: 0x40, data: new Uint8Array(0) } } },
    ],
    [
      "lon.apdu.code",
      { ...good, body: { pdu: "apdu", apdu: { kind: "management", code: 0x5f, data: new Uint8Array(0) } } },
    ],
    [
      "lon.apdu.selector",
      { ...good, body: { pdu: "apdu", apdu: { kind: "nv", code: 0x4000, direction: 0, data: new Uint8Array(0) } } },
    ],
    [
      "lon.apdu.data",
      { ...good, body: { pdu: "apdu", apdu: { kind: "management", code: 0x7f, data: new Uint8Array(13) } } },
    ],
    [
      "lon.authpdu.value",
      { ...good, body: { pdu: "authpdu", type: "challenge", fmt: 0, tn: 0, value: new Uint8Array(9) } },
    ],
    [
      "lon.authpdu.fmt",
      { ...good, body: { pdu: "authpdu", type: "challenge", fmt: 4, tn: 0, value: new Uint8Array(8) } },
    ],
    // A TPDU has no REQUEST type; only a cast can build one, and the encoder still refuses it.
    [
      "lon.tpdu.type",
      {
        ...good,
        body: {
          pdu: "tpdu",
          type: "request",
          auth: false,
          tn: 0,
          apdu: { kind: "message", code: 0x3f, data: new Uint8Array(0) },
        } as unknown as LonPdu["body"],
      },
    ],
    [
      "lon.spdu.memberList",
      { ...good, body: { pdu: "spdu", type: "reminder", auth: false, tn: 0, memberList: new Uint8Array(256) } },
    ],
  ];
  for (const [path, pdu] of bad) {
    assert.throws(
      () => encodeLonPdu(pdu),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === path,
      path,
    );
  }
});

test("property: every PDU kind and address format survives encode then decode", () => {
  fc.assert(
    fc.property(arbPdu, (pdu) => {
      const d = decodeLonPdu(encodeLonPdu(pdu));
      assert.ok(d.ok, d.ok ? "" : d.error.message);
      assert.deepEqual(d.value, pdu);
    }),
    { numRuns: 3000 },
  );
});

test("property: any byte string decodes to a value that re-encodes to the same bytes, or to a DecodeError", () => {
  // Random bytes rarely get past the version bits and type codes, so half the inputs are valid PDUs
  // with one byte overwritten: those reach every branch behind the header.
  const mutated = fc.tuple(arbPdu, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([pdu, at, value]) => {
    const bytes = encodeLonPdu(pdu);
    bytes[at % bytes.length] = value;
    return bytes;
  });
  let decoded = 0;
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mutated), (bytes) => {
      const d = decodeLonPdu(bytes);
      if (!d.ok) {
        assert.ok(d.error instanceof DecodeError);
        assert.ok(d.error.offset !== undefined && d.error.offset <= bytes.length);
        return;
      }
      decoded++;
      assert.deepEqual(encodeLonPdu(d.value), bytes);
    }),
    { numRuns: 20000 },
  );
  assert.ok(decoded > 5000, `only ${decoded} random inputs decoded: the generator is not reaching the codec`);
});

test("property: every prefix of a valid PDU that is not itself a PDU is a DecodeError, never a throw", () => {
  fc.assert(
    fc.property(arbPdu, (pdu) => {
      const bytes = encodeLonPdu(pdu);
      for (let n = 0; n < bytes.length; n++) {
        const d = decodeLonPdu(bytes.subarray(0, n));
        if (!d.ok) assert.ok(d.error instanceof DecodeError);
      }
    }),
    { numRuns: 500 },
  );
});
