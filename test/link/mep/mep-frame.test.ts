import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../../harness/errors";
import {
  decodeMepFrame,
  describeMepFrame,
  encodeMepAlert,
  encodeMepFrame,
  MAX_PAYLOAD,
} from "../../../harness/link/mep/mep-frame";

// The MEP guide's worked examples of reads and writes in MEP framing: the length counts the bytes after it.
const READ_BT23 = parseHex("3f 00 17 00 00 00 00 2c  77 63 5b 91  13 db 85 a1 35 a0 57 5e");
const WRITE_ET50 = parseHex("4f 08 32 00 00 1e 00 01 01  77 63 6e 2f  86 e5 0e 26 67 d1 e6 3c");
const WRITE_ET50_RESPONSE = parseHex("00  86 e5 0e 26 67 d1 e6 3c");
// The BT23 response: ok, count 44, 44 data bytes (the guide does not give them; any will do), digest.
const READ_BT23_RESPONSE = concatBytes(
  parseHex("00 00 2c"),
  new Uint8Array(44).fill(0xa5),
  parseHex("ad dc b8 2c 3d 41 7f 91"),
);

test("the MEP guide's worked examples: length = bytes after the field, MSB first", () => {
  assert.deepEqual(encodeMepFrame(READ_BT23), concatBytes(parseHex("00 14"), READ_BT23));
  assert.equal(encodeMepFrame(READ_BT23).length, 22);
  assert.deepEqual(encodeMepFrame(WRITE_ET50).subarray(0, 2), parseHex("00 15"));
  assert.deepEqual(encodeMepFrame(WRITE_ET50_RESPONSE).subarray(0, 2), parseHex("00 09"));
  assert.deepEqual(encodeMepFrame(READ_BT23_RESPONSE).subarray(0, 2), parseHex("00 37"));

  const d = decodeMepFrame(concatBytes(parseHex("00 14"), READ_BT23));
  assert.ok(d.ok && d.value.kind === "message");
  assert.deepEqual(d.value.payload, READ_BT23);
  assert.equal(describeMepFrame(d.value), "mep len=20");
});

test("a length above 255 puts its high byte first; the largest payload is 476 bytes", () => {
  const max = encodeMepFrame(new Uint8Array(MAX_PAYLOAD).fill(7));
  assert.equal(MAX_PAYLOAD, 476);
  assert.deepEqual(max.subarray(0, 2), parseHex("01 dc"));
  assert.equal(max.length, 478);
  assert.deepEqual(encodeMepFrame(new Uint8Array(256)).subarray(0, 2), parseHex("01 00"));
  const d = decodeMepFrame(max);
  assert.ok(d.ok && d.value.kind === "message");
  assert.equal(d.value.payload.length, 476);
});

test("the alert is 00 00, decodes as an alert, and is never produced from an empty payload", () => {
  assert.deepEqual(encodeMepAlert(), parseHex("00 00"));
  const d = decodeMepFrame(parseHex("00 00"));
  assert.ok(d.ok);
  assert.deepEqual(d.value, { kind: "alert" });
  assert.equal(describeMepFrame(d.value), "mep alert");
  assert.throws(
    () => encodeMepFrame(new Uint8Array(0)),
    (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === "mep.length",
  );
});

test("encoding more than the maximum is OSGP_ERR_ENCODE_RANGE; a smaller configured maximum applies", () => {
  const isRange = (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE";
  assert.throws(() => encodeMepFrame(new Uint8Array(477)), isRange);
  assert.throws(() => encodeMepFrame(new Uint8Array(21), 20), isRange);
  assert.equal(encodeMepFrame(new Uint8Array(20), 20).length, 22);
  // A maximum set above what 16 bits hold must not wrap the length field.
  assert.throws(() => encodeMepFrame(new Uint8Array(0x10000), 0x20000), isRange);
});

test("decode errors name the field and the offset", () => {
  const cases: [string, string, number, string][] = [
    ["", "OSGP_ERR_TRUNCATED", 0, "mep.length"],
    ["00", "OSGP_ERR_TRUNCATED", 1, "mep.length"],
    // 477 = 0x01dd: one more than allowed.
    ["01 dd", "OSGP_ERR_FRAME_LENGTH", 0, "mep.length"],
    ["ff ff 00", "OSGP_ERR_FRAME_LENGTH", 0, "mep.length"],
    // The length says 3, two follow.
    ["00 03 aa bb", "OSGP_ERR_TRUNCATED", 4, "mep.payload"],
    // The length says 1, two follow.
    ["00 01 aa bb", "OSGP_ERR_TRAILING_BYTES", 3, "mep"],
    ["00 00 00", "OSGP_ERR_TRAILING_BYTES", 2, "mep"],
  ];
  for (const [hex, code, offset, path] of cases) {
    const bytes = parseHex(hex);
    const d = decodeMepFrame(bytes);
    assert.ok(!d.ok, hex);
    assert.deepEqual([d.error.code, d.error.offset, d.error.path], [code, offset, path], hex);
    assert.deepEqual(d.error.bytes, bytes);
  }
  const capped = decodeMepFrame(encodeMepFrame(new Uint8Array(21)), 20);
  assert.equal(!capped.ok && capped.error.code, "OSGP_ERR_FRAME_LENGTH");
});

test("encode then decode gives the payload back, for every length from 1 to 476", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: MAX_PAYLOAD }), (payload) => {
      const bytes = encodeMepFrame(payload);
      assert.equal(bytes.length, payload.length + 2);
      const d = decodeMepFrame(bytes);
      assert.ok(d.ok && d.value.kind === "message");
      assert.deepEqual(d.value.payload, payload);
    }),
    { numRuns: 300 },
  );
});

test("decoding any bytes gives a frame, an alert or a DecodeError, never an exception; a frame re-encodes to the input", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 600 }),
        fc.uint8Array({ maxLength: 40 }).map((p) => concatBytes(Uint8Array.of(0, p.length), p)),
      ),
      (bytes) => {
        const d = decodeMepFrame(bytes);
        if (!d.ok) {
          assert.ok(d.error instanceof DecodeError);
          return;
        }
        assert.deepEqual(d.value.kind === "alert" ? encodeMepAlert() : encodeMepFrame(d.value.payload), bytes);
      },
    ),
    { numRuns: 500 },
  );
});
