import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../harness/bytes/parse-hex";
import { DecodeError } from "../../harness/errors";
import {
  declaredTransactionSize,
  decodeTransaction,
  encodeTransaction,
  ET52,
  ET53,
  TRANSACTION_REQUESTS,
} from "../../harness/protocol/transactions";
import { decodeTableRequest } from "../../harness/protocol/table-requests";

/**
 * Known answers from the OSGP MEP guide's worked transactions (digest vectors D9 and D13 of the
 * reference): a six-request transaction written to ET52, and the responses read back from ET53.
 */
const D9_REQUEST =
  "4f 08 34 00 00 00 00 43 43 00 00 01 00 08 00 3f 08 0b 00 00 00 00 0a 08 00 3f 00 14 00 00 00 00 0a 08 00 3f 00 15 00 00 00 00 0a 08 00 3f 08 04 00 00 37 00 01 08 00 3f 08 0e 00 00 00 00 0c 08 00 3f 08 0f 00 00 00 00 1f 01 00";
const D13_RESPONSE =
  "00 00 6f 6f 00 01 01 00 0d 00 00 00 0a 05 42 24 05 06 05 02 01 03 f9 0d 00 00 00 0a 3f 0e fd 0f 08 10 01 04 08 1a 0d 00 00 00 0a 3f 0e 0c 0f 08 00 01 04 08 1a 04 00 00 00 01 04 0f 00 00 00 0c 00 00 00 00 00 11 01 00 01 04 2f 00 22 00 00 00 1f 00 42 00 01 00 02 01 45 00 01 00 02 01 48 00 01 00 02 01 03 00 f8 03 02 01 4b 00 01 00 02 01 01 00";

test("ET52 and ET53 are ET52 = 2048 + 52 and ET53 = 2048 + 53", () => {
  assert.equal(ET52, 0x0834);
  assert.equal(ET53, 0x0835);
});

test("D9: the 67-byte ET52 image decodes to transaction 1 with six partial reads", () => {
  const write = parseHex(D9_REQUEST);
  // A partial write of ET52 at offset 0, count 0x43 (MEP: no data checksum).
  const req = decodeTableRequest(write, { checksum: false });
  assert.ok(req.ok && req.value.service === "partial-write" && req.value.tableId === ET52 && req.value.offset === 0);
  const image = req.value.data;
  assert.equal(image.length, 0x43);
  const t = decodeTransaction(image, "le");
  assert.ok(t.ok, t.ok ? "" : t.error.message);
  assert.equal(t.value.type, TRANSACTION_REQUESTS);
  assert.equal(t.value.number, 1);
  const reads = t.value.entries.map((e) => decodeTableRequest(e, { checksum: false }));
  const expected: [number, number, number][] = [
    [0x080b, 0, 10],
    [0x0014, 0, 10],
    [0x0015, 0, 10],
    [0x0804, 55, 1],
    [0x080e, 0, 12],
    [0x080f, 0, 31],
  ];
  assert.deepEqual(
    reads.map((r) =>
      r.ok && r.value.service === "partial-read" ? [r.value.tableId, r.value.offset, r.value.count] : null,
    ),
    expected,
  );
  assert.deepEqual(encodeTransaction(t.value, "le"), image, "re-encodes to the same bytes");
});

test("D13: the ET53 read response holds transaction 1's six responses, in order", () => {
  const response = parseHex(D13_RESPONSE);
  assert.equal(response.length, 114);
  // ok, count 0x006f, then the 111-byte image (MEP read responses carry no checksum).
  assert.deepEqual([response[0], response[1], response[2]], [0x00, 0x00, 0x6f]);
  const t = decodeTransaction(response.subarray(3), "le");
  assert.ok(t.ok, t.ok ? "" : t.error.message);
  assert.equal(t.value.type, 1);
  assert.equal(t.value.number, 1);
  assert.deepEqual(
    t.value.entries.map((e) => e.length),
    [13, 13, 13, 4, 15, 34],
  );
  // Each entry is a read response for the count asked: ok, count, data.
  assert.deepEqual(
    t.value.entries.map((e) => [e[0], ((e[1] as number) << 8) | (e[2] as number)]),
    [
      [0, 10],
      [0, 10],
      [0, 10],
      [0, 1],
      [0, 12],
      [0, 31],
    ],
  );
});

test("an image whose closing number differs is incomplete: a DecodeError at the closing number", () => {
  const image = encodeTransaction({ type: 0, number: 2, entries: [parseHex("3f 00 17 00 00 00 00 2c")] }, "le");
  assert.deepEqual(
    image,
    parseHex("11 00 00 02 00 08 00 3f 00 17 00 00 00 00 2c 02 00"),
    "the MEP guide's worked example",
  );
  const broken = image.slice();
  broken[broken.length - 2] = 3;
  const d = decodeTransaction(broken, "le");
  assert.ok(!d.ok && d.error.code === "OSGP_ERR_FIELD_RANGE" && d.error.offset === 15);
});

test("on a device whose BT00 says MSB first, the image's UINT16 fields are MSB first and the APDUs unchanged", () => {
  const image = encodeTransaction({ type: 0, number: 2, entries: [parseHex("3f 00 17 00 00 00 00 2c")] }, "be");
  assert.deepEqual(image, parseHex("00 11 00 00 02 00 08 3f 00 17 00 00 00 00 2c 00 02"));
  assert.equal(declaredTransactionSize(image, "be"), 17);
  const d = decodeTransaction(image, "be");
  assert.ok(d.ok);
  assert.deepEqual(d.value.entries, [parseHex("3f 00 17 00 00 00 00 2c")]);
  assert.equal(decodeTransaction(image, "le").ok, false, "read LSB first, its size (0x1100) runs past the image");
});

test("bytes after the declared size (the rest of the table) are ignored", () => {
  const image = encodeTransaction({ type: 0, number: 9, entries: [Uint8Array.of(0x30, 0x00, 0x01)] }, "le");
  const table = new Uint8Array(896);
  table.set(image);
  const d = decodeTransaction(table, "le");
  assert.ok(d.ok && d.value.number === 9 && d.value.entries.length === 1);
});

test("round trip for any transaction, and any bytes give a value or a DecodeError", () => {
  const entry = fc.uint8Array({ minLength: 0, maxLength: 40 });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.array(entry, { maxLength: 8 }),
      (type, number, entries) => {
        const d = decodeTransaction(encodeTransaction({ type, number, entries }, "le"), "le");
        assert.ok(d.ok);
        assert.deepEqual(
          { ...d.value, entries: d.value.entries.map((e) => Array.from(e)) },
          { type, number, entries: entries.map((e) => Array.from(e)) },
        );
      },
    ),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      const d = decodeTransaction(bytes, "le");
      assert.ok(d.ok || d.error instanceof DecodeError);
    }),
    { numRuns: 3000 },
  );
});
