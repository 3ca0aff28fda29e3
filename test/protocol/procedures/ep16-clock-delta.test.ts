import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbByteOrder } from "../../../harness/fuzz/arbitraries/data-types";
import { arbClockDelta } from "../../../harness/fuzz/arbitraries/procedures";
import { decodeClockDelta, encodeClockDelta, EP16 } from "../../../harness/protocol/procedures/ep16-clock-delta";

// Our reading (a PIXIT): one INT32 of seconds in table data order.
test("EP16 is procedure 2064; its delta is an INT32 of seconds", () => {
  assert.equal(EP16, 2048 + 16);
  assert.deepEqual(encodeClockDelta({ deltaSeconds: 3600 }, "le"), parseHex("10 0e 00 00"));
  assert.deepEqual(encodeClockDelta({ deltaSeconds: 3600 }, "be"), parseHex("00 00 0e 10"));
  assert.deepEqual(decodeClockDelta(parseHex("f0 f1 ff ff"), "le"), { ok: true, value: { deltaSeconds: -3600 } });
  assert.deepEqual(decodeClockDelta(parseHex("ff ff ff ff"), "le"), { ok: true, value: { deltaSeconds: -1 } });
  assert.throws(() => encodeClockDelta({ deltaSeconds: 2 ** 31 }, "le"), /OSGP_ERR_ENCODE_RANGE/);
  assert.equal(decodeClockDelta(parseHex("ff ff ff"), "le").ok, false);
});

test("EP16 parameters round-trip", () => {
  fc.assert(
    fc.property(arbClockDelta, arbByteOrder, (v, order) => {
      assert.deepEqual(decodeClockDelta(encodeClockDelta(v, order), order), { ok: true, value: v });
    }),
    { numRuns: 500 },
  );
});
