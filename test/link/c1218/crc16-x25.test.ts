import { test } from "node:test";
import assert from "node:assert/strict";
import { crc16X25 } from "../../../harness/link/c1218/crc16-x25";
import { parseHex } from "../../../harness/bytes/parse-hex";

test('CRC-16/X-25 check value: "123456789" gives 0x906E', () => {
  assert.equal(crc16X25(new TextEncoder().encode("123456789")), 0x906e);
});

test("CRC of the C12.18 identification frame header+data is 0x1013 (sent 13 10)", () => {
  assert.equal(crc16X25(parseHex("ee 00 00 00 00 01 20")), 0x1013);
  // The start/end arguments select a slice without copying.
  assert.equal(crc16X25(parseHex("ff ee 00 00 00 00 01 20 ff"), 1, 8), 0x1013);
});

test("the CRC of nothing is init xor final = 0x0000", () => {
  assert.equal(crc16X25(new Uint8Array(0)), 0x0000);
});
