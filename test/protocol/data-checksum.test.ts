import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { dataChecksum } from "../../harness/protocol/data-checksum";

test("C12.18 data checksum is (-sum) & 0xff", () => {
  assert.equal(dataChecksum(Uint8Array.of(0x01)), 0xff);
  assert.equal(dataChecksum(Uint8Array.of(0x01, 0x02, 0x03)), 0xfa);
  assert.equal(dataChecksum(new Uint8Array(0)), 0x00);
  assert.equal(dataChecksum(Uint8Array.of(0x80, 0x80)), 0x00);
});

test("data plus its checksum sums to 0 mod 256", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      const sum = data.reduce((s, b) => s + b, 0) + dataChecksum(data);
      assert.equal(sum % 256, 0);
    }),
    { numRuns: 500 },
  );
});
