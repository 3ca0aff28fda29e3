import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbPacket } from "../../../harness/fuzz/arbitraries/packets";
import {
  controlByte,
  decodePacket,
  describePacket,
  encodePacket,
  MAX_DATA_LENGTH,
  type Packet,
} from "../../../harness/link/c1218/packet";

/** A single-packet message, the common case. */
function single(data: string, toggle = false): Packet {
  return {
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: parseHex(data),
  };
}

function decoded(hex: string): Packet {
  const d = decodePacket(parseHex(hex));
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

// Frames computed with an independent CRC-16/X-25 (identity 0).
const FRAMES: [string, Packet][] = [
  ["ee 00 00 00 00 01 20 13 10", single("20")],
  ["ee 00 20 00 00 05 61 00 40 02 06 24 e2", single("61 00 40 02 06", true)],
  ["ee 00 00 00 00 08 3f 00 17 00 00 00 00 2c 95 be", single("3f 00 17 00 00 00 00 2c")],
  ["ee 00 00 00 00 03 30 00 00 dc 1c", single("30 00 00")],
];

test("known frames encode from hand-built packets", () => {
  for (const [hex, packet] of FRAMES) assert.deepEqual(encodePacket(packet), parseHex(hex), hex);
});

test("known frames decode field by field", () => {
  const ident = decoded("ee 00 00 00 00 01 20 13 10");
  assert.equal(ident.identity, 0);
  assert.equal(ident.toggle, false);
  assert.equal(ident.multiPacket, false);
  assert.equal(ident.firstPacket, false);
  assert.equal(ident.sequence, 0);
  assert.equal(ident.dataFormat, 0);
  assert.equal(ident.reservedBits, 0);
  assert.deepEqual(ident.data, Uint8Array.of(0x20));

  const negotiate = decoded("ee 00 20 00 00 05 61 00 40 02 06 24 e2");
  assert.equal(negotiate.toggle, true);
  assert.equal(negotiate.multiPacket, false);
  assert.deepEqual(negotiate.data, parseHex("61 00 40 02 06"));

  const partialRead = decoded("ee 00 00 00 00 08 3f 00 17 00 00 00 00 2c 95 be");
  assert.equal(partialRead.data.length, 8);
  assert.deepEqual(partialRead.data, parseHex("3f 00 17 00 00 00 00 2c"));

  const fullRead = decoded("ee 00 00 00 00 03 30 00 00 dc 1c");
  assert.deepEqual(fullRead.data, parseHex("30 00 00"));
  for (const [hex, packet] of FRAMES) assert.deepEqual(decoded(hex), packet, hex);
});

test("control byte: bit 7 multi-packet, bit 6 first, bit 5 toggle, bits 2..4 reserved, bits 0..1 format", () => {
  const base = single("");
  assert.equal(controlByte({ ...base, multiPacket: true }), 0x80);
  assert.equal(controlByte({ ...base, firstPacket: true }), 0x40);
  assert.equal(controlByte({ ...base, toggle: true }), 0x20);
  assert.equal(controlByte({ ...base, reservedBits: 7 }), 0x1c);
  assert.equal(controlByte({ ...base, dataFormat: 3 }), 0x03);
  const multi = decoded(
    hexOf(encodePacket({ ...base, multiPacket: true, firstPacket: true, sequence: 2, identity: 0x5a })),
  );
  assert.deepEqual([multi.multiPacket, multi.firstPacket, multi.sequence, multi.identity], [true, true, 2, 0x5a]);
});

function hexOf(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
}

test("decode errors: start byte, truncation, length, trailing bytes, CRC", () => {
  const cases: [string, string, number][] = [
    ["", "OSGP_ERR_TRUNCATED", 0],
    ["ef 00 00 00 00 01 20 13 10", "OSGP_ERR_FRAME_START", 0],
    ["ee 00 00 00", "OSGP_ERR_TRUNCATED", 4],
    ["ee 00 00 00 00 01 20 13", "OSGP_ERR_TRUNCATED", 8],
    ["ee 00 00 00 1f f8 00", "OSGP_ERR_FRAME_LENGTH", 4],
    ["ee 00 00 00 00 01 20 13 10 06", "OSGP_ERR_TRAILING_BYTES", 9],
    ["ee 00 00 00 00 01 20 13 11", "OSGP_ERR_FRAME_CRC", 7],
    ["ee 00 00 00 00 01 21 13 10", "OSGP_ERR_FRAME_CRC", 7],
  ];
  for (const [hex, code, offset] of cases) {
    const d = decodePacket(parseHex(hex));
    assert.equal(d.ok, false, hex);
    if (d.ok) continue;
    assert.equal(d.error.code, code, hex);
    assert.equal(d.error.offset, offset, hex);
  }
  // 8183 (0x1ff7) is the largest length C12.18 allows.
  assert.equal(MAX_DATA_LENGTH, 8183);
  const d = decodePacket(parseHex("ee 00 00 00 1f f7"));
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
});

test("encode refuses fields that do not fit", () => {
  const base = single("");
  for (const p of [
    { ...base, identity: 256 },
    { ...base, sequence: -1 },
    { ...base, dataFormat: 4 },
    { ...base, reservedBits: 8 },
    { ...base, data: new Uint8Array(MAX_DATA_LENGTH + 1) },
  ]) {
    assert.throws(() => encodePacket(p), /OSGP_ERR_ENCODE_RANGE/);
  }
});

test("describePacket", () => {
  assert.equal(describePacket(single("20", true)), "packet toggle=1 seq=0 len=1");
  assert.equal(
    describePacket({ ...single("20"), multiPacket: true, firstPacket: true, sequence: 3 }),
    "packet toggle=0 multi first seq=3 len=1",
  );
});

test("every packet round-trips, and its length field is the data length", () => {
  fc.assert(
    fc.property(arbPacket(), (p) => {
      const bytes = encodePacket(p);
      assert.equal(bytes.length, 8 + p.data.length);
      assert.equal(bytes[0], 0xee);
      assert.equal((bytes[4]! << 8) | bytes[5]!, p.data.length);
      assert.deepEqual(decodePacket(bytes), { ok: true, value: p });
    }),
    { numRuns: 1000 },
  );
});

test("a single bit flip anywhere in a packet never decodes", () => {
  // CRC-16 detects every single-bit error; a flip in the length makes the size wrong instead.
  fc.assert(
    fc.property(
      arbPacket(64).chain((p) => fc.tuple(fc.constant(encodePacket(p)), fc.nat({ max: 8 * (8 + p.data.length) - 1 }))),
      ([bytes, bit]) => {
        const flipped = bytes.slice();
        flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
        const d = decodePacket(flipped);
        assert.equal(d.ok, false);
        if (d.ok) return;
        const expected =
          bit < 8
            ? "OSGP_ERR_FRAME_START"
            : bit >= 32 && bit < 48
              ? /^OSGP_ERR_(TRUNCATED|TRAILING_BYTES|FRAME_LENGTH)$/
              : "OSGP_ERR_FRAME_CRC";
        if (typeof expected === "string") assert.equal(d.error.code, expected);
        else assert.match(d.error.code, expected);
      },
    ),
    { numRuns: 2000 },
  );
});
