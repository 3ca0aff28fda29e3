import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../harness/bytes/parse-hex";
import { arbErrorResponse, arbReadResponse, arbWriteResponse } from "../../harness/fuzz/arbitraries/table-responses";
import { C1218_TABLE_CODEC } from "../../harness/protocol/table-requests";
import {
  decodeCodeOnlyResponse,
  decodeReadResponse,
  decodeWriteResponse,
  describeResponse,
  encodeReadResponse,
  encodeWriteResponse,
  isOk,
} from "../../harness/protocol/table-responses";

const MEP = { checksum: false };

test("a read response is 00 | count | data | checksum on C12.18", () => {
  const d = decodeReadResponse(parseHex("00 00 03 01 02 03 fa"), C1218_TABLE_CODEC);
  assert.deepEqual(d, { ok: true, value: { code: 0, data: Uint8Array.of(1, 2, 3) } });
  assert.ok(d.ok && isOk(d.value));
  assert.deepEqual(
    encodeReadResponse({ code: 0, data: Uint8Array.of(1, 2, 3) }, C1218_TABLE_CODEC),
    parseHex("00 00 03 01 02 03 fa"),
  );
  assert.deepEqual(encodeReadResponse({ code: 0, data: Uint8Array.of(1, 2, 3) }, MEP), parseHex("00 00 03 01 02 03"));
});

test("a read response with a wrong checksum is OSGP_ERR_DATA_CHECKSUM", () => {
  const d = decodeReadResponse(parseHex("00 00 03 01 02 03 fb"), C1218_TABLE_CODEC);
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_DATA_CHECKSUM");
  assert.equal(!d.ok && d.error.offset, 6);
});

test("error responses carry no data, except 0x0C with the device's sequence number", () => {
  assert.deepEqual(decodeReadResponse(parseHex("03"), C1218_TABLE_CODEC), { ok: true, value: { code: 3 } });
  assert.deepEqual(decodeWriteResponse(parseHex("0c 5b 4e 42 e7")), {
    ok: true,
    value: { code: 0x0c, sequence: 0x5b4e42e7 },
  });
  assert.deepEqual(encodeWriteResponse({ code: 0x0c, sequence: 0x5b4e42e7 }), parseHex("0c 5b 4e 42 e7"));
  assert.deepEqual(decodeWriteResponse(parseHex("0c")), { ok: true, value: { code: 0x0c } });
  // Two stray bytes are not a sequence number.
  const short = decodeWriteResponse(parseHex("0c 5b 4e"));
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRAILING_BYTES");
  // Only 0x0C has a payload.
  const other = decodeWriteResponse(parseHex("03 00 00 00 01"));
  assert.equal(!other.ok && other.error.code, "OSGP_ERR_TRAILING_BYTES");
});

test("a write response is 00 alone", () => {
  assert.deepEqual(decodeWriteResponse(parseHex("00")), { ok: true, value: { code: 0 } });
  assert.deepEqual(encodeWriteResponse({ code: 0 }), parseHex("00"));
  assert.equal(decodeWriteResponse(parseHex("00 01")).ok, false);
  const empty = decodeWriteResponse(new Uint8Array(0));
  assert.equal(!empty.ok && empty.error.code, "OSGP_ERR_TRUNCATED");
  assert.deepEqual(decodeCodeOnlyResponse(parseHex("00")), { ok: true, value: { code: 0 } });
  assert.deepEqual(decodeCodeOnlyResponse(parseHex("0b")), { ok: true, value: { code: 0x0b } });
});

test("describeResponse", () => {
  assert.equal(describeResponse({ code: 0, data: new Uint8Array(4) }), "ok (0x00), 4 data byte(s)");
  assert.equal(describeResponse({ code: 0x0c, sequence: 7 }), "seq (0x0c), device sequence 0x00000007");
  assert.equal(describeResponse({ code: 3 }), "isc (0x03)");
});

test("every response round-trips", () => {
  fc.assert(
    fc.property(arbReadResponse, arbWriteResponse, arbErrorResponse, fc.boolean(), (read, write, error, checksum) => {
      assert.deepEqual(decodeReadResponse(encodeReadResponse(read, { checksum }), { checksum }), {
        ok: true,
        value: read,
      });
      assert.deepEqual(decodeWriteResponse(encodeWriteResponse(write)), { ok: true, value: write });
      assert.deepEqual(decodeCodeOnlyResponse(encodeWriteResponse(error)), { ok: true, value: error });
    }),
    { numRuns: 1000 },
  );
});
