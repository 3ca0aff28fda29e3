import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../harness/bytes/parse-hex";
import { arbTableRequest } from "../../harness/fuzz/arbitraries/table-requests";
import {
  C1218_TABLE_CODEC,
  decodeTableRequest,
  describeTableRequest,
  encodeTableRequest,
  type TableCodecOptions,
  type TableRequest,
} from "../../harness/protocol/table-requests";

// MEP carries no data checksum (the digest replaces it).
const MEP: TableCodecOptions = { checksum: false };

function decoded(hex: string, opts: TableCodecOptions): TableRequest {
  const d = decodeTableRequest(parseHex(hex), opts);
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

function errorOf(hex: string, opts: TableCodecOptions) {
  const d = decodeTableRequest(parseHex(hex), opts);
  if (d.ok) assert.fail(`expected an error, got ${JSON.stringify(d.value)}`);
  return d.error;
}

// Request layouts from the OSGP MEP guide (9.3-9.6).
test("MEP vector: partial read BT23 offset 0 count 44", () => {
  const req: TableRequest = { service: "partial-read", tableId: 23, offset: 0, count: 44 };
  assert.deepEqual(encodeTableRequest(req, MEP), parseHex("3f 00 17 00 00 00 00 2c"));
  assert.deepEqual(decoded("3f 00 17 00 00 00 00 2c", MEP), req);
  // Reads carry no data, so the checksum option does not change them.
  assert.deepEqual(encodeTableRequest(req, C1218_TABLE_CODEC), parseHex("3f 00 17 00 00 00 00 2c"));
});

test("MEP vector: full read BT00", () => {
  assert.deepEqual(encodeTableRequest({ service: "full-read", tableId: 0 }, MEP), parseHex("30 00 00"));
  assert.deepEqual(decoded("30 00 00", C1218_TABLE_CODEC), { service: "full-read", tableId: 0 });
});

test("MEP vector: partial write ET50 (0x0832) offset 30, one byte 0x01, no checksum", () => {
  const req: TableRequest = { service: "partial-write", tableId: 0x0832, offset: 30, data: Uint8Array.of(0x01) };
  assert.deepEqual(encodeTableRequest(req, MEP), parseHex("4f 08 32 00 00 1e 00 01 01"));
  assert.deepEqual(decoded("4f 08 32 00 00 1e 00 01 01", MEP), req);
});

test("C12.18 appends (-sum of data) & 0xff to writes", () => {
  const req: TableRequest = { service: "partial-write", tableId: 0x0832, offset: 30, data: Uint8Array.of(0x01) };
  assert.deepEqual(encodeTableRequest(req, C1218_TABLE_CODEC), parseHex("4f 08 32 00 00 1e 00 01 01 ff"));
  assert.deepEqual(decoded("4f 08 32 00 00 1e 00 01 01 ff", C1218_TABLE_CODEC), req);
  const full: TableRequest = { service: "full-write", tableId: 7, data: Uint8Array.of(1, 2, 3) };
  assert.deepEqual(encodeTableRequest(full, C1218_TABLE_CODEC), parseHex("40 00 07 00 03 01 02 03 fa"));
});

test("MEP vector D8: full write BT07 starting EP17", () => {
  const req = decoded("40 00 07 00 06 11 08 07 00 f8 03", MEP);
  assert.deepEqual(req, { service: "full-write", tableId: 7, data: parseHex("11 08 07 00 f8 03") });
});

test("a write whose checksum does not match its data is OSGP_ERR_DATA_CHECKSUM at the checksum byte", () => {
  const e = errorOf("4f 08 32 00 00 1e 00 01 01 fe", C1218_TABLE_CODEC);
  assert.equal(e.code, "OSGP_ERR_DATA_CHECKSUM");
  assert.equal(e.offset, 9);
  assert.equal(e.path, "request.checksum");
  // The same bytes under MEP rules: the "checksum" is a byte too many.
  assert.equal(errorOf("4f 08 32 00 00 1e 00 01 01 fe", MEP).code, "OSGP_ERR_TRAILING_BYTES");
});

test("truncated requests name the field and the offset it starts at", () => {
  const cases: [string, TableCodecOptions, number, string][] = [
    ["", MEP, 0, "request.code"],
    ["30 00", MEP, 1, "request.tableId"],
    ["3f 00 17 00 00", MEP, 3, "request.offset"],
    ["3f 00 17 00 00 00 00", MEP, 6, "request.count"],
    ["40 00 07 00 03 01 02", MEP, 5, "request.data"],
    ["40 00 07 00 03 01 02 03", C1218_TABLE_CODEC, 8, "request.checksum"],
  ];
  for (const [hex, opts, offset, path] of cases) {
    const e = errorOf(hex, opts);
    assert.equal(e.code, "OSGP_ERR_TRUNCATED", hex);
    assert.equal(e.offset, offset, hex);
    assert.equal(e.path, path, hex);
  }
});

test("trailing bytes and unknown service codes are errors", () => {
  const trailing = errorOf("30 00 00 ff", MEP);
  assert.equal(trailing.code, "OSGP_ERR_TRAILING_BYTES");
  assert.equal(trailing.offset, 3);
  const unknown = errorOf("31 00 00", MEP);
  assert.equal(unknown.code, "OSGP_ERR_UNKNOWN_CODE");
  assert.equal(unknown.offset, 0);
});

test("describeTableRequest names the table", () => {
  assert.equal(
    describeTableRequest({ service: "partial-read", tableId: 2051, offset: 0, count: 30 }),
    "partial read ET03 offset 0 count 30",
  );
  assert.equal(describeTableRequest({ service: "full-read", tableId: 4150 }), "full read pending BT54");
  assert.equal(
    describeTableRequest({ service: "full-write", tableId: 7, data: new Uint8Array(6) }),
    "full write BT07 6 byte(s)",
  );
});

test("every table request round-trips, with and without the checksum", () => {
  fc.assert(
    fc.property(arbTableRequest, fc.boolean(), (req, checksum) => {
      const opts = { checksum };
      const bytes = encodeTableRequest(req, opts);
      const d = decodeTableRequest(bytes, opts);
      assert.ok(d.ok, d.ok ? "" : d.error.message);
      assert.deepEqual(d.value, req);
      // Header sizes of 9.3-9.6: code 1, id 2, offset 3, count 2, checksum 1.
      const header = { "full-read": 3, "partial-read": 8, "full-write": 5, "partial-write": 8 }[req.service];
      const data = "data" in req ? req.data.length + (checksum ? 1 : 0) : 0;
      assert.equal(bytes.length, header + data);
    }),
    { numRuns: 1000 },
  );
});
