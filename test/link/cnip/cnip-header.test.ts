import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../../harness/errors";
import {
  cnipDataPacket,
  CNIP_PACKET_TYPES,
  decodeCnipPacket,
  describeCnipPacket,
  encodeCnipPacket,
  type CnipPacket,
} from "../../../harness/link/cnip/cnip-header";
import { decodeLonPdu } from "../../../harness/link/lon/lon-pdu";

// A 14908-1 SPDU REQUEST carrying the OSGP partial read of BT23 (see test/link/lon/lon-pdu.test.ts).
const LON = parseHex("00 1d 01 85 00 05 01 23 45 67 89 12 05 3f 00 17 00 00 00 00 2c");

test("a data packet: the 20-byte header field by field, MSB first, then the 14908-1 PDU", () => {
  const expected = concatBytes(
    parseHex("00 29"), // length: 20 + 21 = 41
    parseHex("01"), // version 1
    parseHex("01"), // packet type: data packet
    parseHex("00"), // no extension header
    parseHex("00"), // protocol flags: not secured, protocol 0 (ISO/IEC 14908-1)
    parseHex("00 00"), // vendor code: standard
    parseHex("00 00 00 01"), // session id 1
    parseHex("00 00 00 07"), // sequence number 7
    parseHex("00 00 03 e8"), // timestamp 1000 ms
    LON,
  );
  const packet = cnipDataPacket({ payload: LON, sessionId: 1, sequence: 7, timestamp: 1000 });
  assert.deepEqual(encodeCnipPacket(packet), expected);
  const d = decodeCnipPacket(expected);
  assert.ok(d.ok);
  assert.deepEqual(d.value, packet);
  assert.ok(decodeLonPdu(d.value.payload).ok);
  assert.equal(describeCnipPacket(d.value), "CN/IP Data Packet seq=7 session=1 len=41");
});

test("flags, vendor code, extension words and large counters keep their places", () => {
  const packet: CnipPacket = {
    version: 1,
    packetType: 0x70,
    security: true,
    protocol: 5,
    reservedFlags: 3,
    vendorCode: 0x0102,
    sessionId: 0xfffffffe,
    sequence: 0x80000000,
    timestamp: 0x12345678,
    extension: parseHex("c0 a8 00 01 0a 00 00 01 06 5c 00 00"),
    payload: parseHex("aa"),
  };
  const expected = parseHex(
    "00 21 01 70 03 e5 01 02 ff ff ff fe 80 00 00 00 12 34 56 78 c0 a8 00 01 0a 00 00 01 06 5c 00 00 aa",
  );
  // 0xe5 = reserved 11, security 1, protocol 00101; extension 3 words; length 20 + 12 + 1 = 33.
  assert.deepEqual(encodeCnipPacket(packet), expected);
  const d = decodeCnipPacket(expected);
  assert.ok(d.ok);
  assert.deepEqual(d.value, packet);
  assert.equal(
    describeCnipPacket(d.value),
    "CN/IP Status/Health/Statistics Response secure protocol=5 seq=2147483648 session=4294967294 len=33",
  );
});

test("the packet types carry the dissector's names", () => {
  assert.deepEqual(
    Object.keys(CNIP_PACKET_TYPES)
      .map(Number)
      .sort((a, b) => a - b),
    [0x01, 0x03, 0x04, 0x06, 0x07, 0x08, 0x60, 0x63, 0x64, 0x66, 0x68, 0x70, 0x71, 0x7f],
  );
  assert.equal(CNIP_PACKET_TYPES[0x7f], "Segment");
});

test("a truncated header, a length that disagrees, an unread version, an extension past the end: DecodeErrors", () => {
  const good = encodeCnipPacket(cnipDataPacket({ payload: LON }));
  const withLength = (b: Uint8Array, n: number) => {
    const c = b.slice();
    c[0] = n >> 8;
    c[1] = n & 0xff;
    return c;
  };
  const cases: [Uint8Array, string, string, number][] = [
    [new Uint8Array(0), "OSGP_ERR_TRUNCATED", "cnip.header", 0],
    [good.subarray(0, 19), "OSGP_ERR_TRUNCATED", "cnip.header", 19],
    [withLength(good, good.length + 1), "OSGP_ERR_CNIP_HEADER", "cnip.length", 0],
    [withLength(good, good.length - 1), "OSGP_ERR_CNIP_HEADER", "cnip.length", 0],
    [good.subarray(0, good.length - 1), "OSGP_ERR_CNIP_HEADER", "cnip.length", 0],
    [Uint8Array.from([...good.subarray(0, 2), 2, ...good.subarray(3)]), "OSGP_ERR_CNIP_HEADER", "cnip.version", 2],
    [Uint8Array.from([...good.subarray(0, 2), 0, ...good.subarray(3)]), "OSGP_ERR_CNIP_HEADER", "cnip.version", 2],
    // 6 extension words = 24 bytes, 21 follow the header.
    [
      Uint8Array.from([...good.subarray(0, 4), 6, ...good.subarray(5)]),
      "OSGP_ERR_CNIP_HEADER",
      "cnip.extensionWords",
      4,
    ],
  ];
  for (const [bytes, code, path, offset] of cases) {
    const d = decodeCnipPacket(bytes);
    assert.ok(!d.ok, path);
    assert.ok(d.error instanceof DecodeError);
    assert.deepEqual([d.error.code, d.error.path, d.error.offset], [code, path, offset], `${path} ${code}`);
  }
  // A lab that meets another version can accept it explicitly.
  const v2 = Uint8Array.from([...good.subarray(0, 2), 2, ...good.subarray(3)]);
  const d = decodeCnipPacket(v2, { versions: [1, 2] });
  assert.ok(d.ok && d.value.version === 2);
});

test("encoding refuses an extension that is not whole words, a packet past 64 KiB, and out-of-range fields", () => {
  const base = cnipDataPacket({ payload: LON });
  const isRange = (path: string) => (e: unknown) =>
    e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === path;
  assert.throws(() => encodeCnipPacket({ ...base, extension: new Uint8Array(3) }), isRange("cnip.extension"));
  assert.throws(() => encodeCnipPacket({ ...base, extension: new Uint8Array(1024) }), isRange("cnip.extension"));
  assert.throws(() => encodeCnipPacket({ ...base, payload: new Uint8Array(0xffff - 19) }), isRange("cnip.length"));
  assert.equal(encodeCnipPacket({ ...base, payload: new Uint8Array(0xffff - 20) }).length, 0xffff);
  assert.throws(() => encodeCnipPacket({ ...base, protocol: 32 }), isRange("cnip.protocol"));
  assert.throws(() => encodeCnipPacket({ ...base, reservedFlags: 4 }), isRange("cnip.reservedFlags"));
  assert.throws(() => encodeCnipPacket({ ...base, sequence: 2 ** 32 }), isRange("cnip.sequence"));
  assert.throws(() => encodeCnipPacket({ ...base, vendorCode: -1 }), isRange("cnip.vendorCode"));
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const arbPacket: fc.Arbitrary<CnipPacket> = fc
  .record({
    version: fc.constant(1),
    packetType: fc.integer({ min: 0, max: 255 }),
    security: fc.boolean(),
    protocol: fc.integer({ min: 0, max: 31 }),
    reservedFlags: fc.integer({ min: 0, max: 3 }),
    vendorCode: fc.integer({ min: 0, max: 0xffff }),
    sessionId: u32,
    sequence: u32,
    timestamp: u32,
    extension: fc.integer({ min: 0, max: 4 }).chain((w) => fc.uint8Array({ minLength: 4 * w, maxLength: 4 * w })),
    payload: fc.uint8Array({ maxLength: 120 }),
  })
  .map((r) => ({ ...r })); // fc.record builds null-prototype objects; the decoder returns plain ones

test("property: CN/IP packets survive encode then decode", () => {
  fc.assert(
    fc.property(arbPacket, (p) => {
      const d = decodeCnipPacket(encodeCnipPacket(p));
      assert.ok(d.ok);
      assert.deepEqual(d.value, p);
    }),
    { numRuns: 2000 },
  );
});

test("property: any byte string is a packet that re-encodes to itself, or a DecodeError", () => {
  // Random bytes almost never carry a matching length, so half the inputs are packets with one byte changed.
  const mutated = fc.tuple(arbPacket, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([p, at, value]) => {
    const b = encodeCnipPacket(p);
    b[at % b.length] = value;
    return b;
  });
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 60 }), mutated), (bytes) => {
      const d = decodeCnipPacket(bytes);
      if (d.ok) assert.deepEqual(encodeCnipPacket(d.value), bytes);
      else assert.ok(d.error instanceof DecodeError);
    }),
    { numRuns: 5000 },
  );
});
