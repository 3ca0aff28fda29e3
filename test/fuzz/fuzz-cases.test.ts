import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { applyMutation } from "../../harness/fuzz/arbitraries/byte-mutations";
import { arbReadCase, arbWriteCase, type RequestSpace } from "../../harness/fuzz/arbitraries/request-apdus";
import { regionRange } from "../../harness/fuzz/arbitraries/security-envelopes";
import { applyWrite, imagesAfterWrite } from "../../harness/fuzz/campaigns/request-oracle";
import { leavesPartialFrame } from "../../harness/fuzz/campaigns/link-frame-campaign";
import { isLinkServiceCode } from "../../harness/link/c1218/link-services";
import { TABLE_SERVICE_CODES } from "../../harness/protocol/table-requests";

/**
 * The pieces the campaigns are made of: mutations, request cases that never write where a lab did
 * not allow, the 9.0 write rule the write oracle applies, the frame state a receiver is left in.
 * Expected values are worked out by hand from the layouts, not taken from the code.
 */
test("mutations do exactly what they say", () => {
  const b = Uint8Array.of(0x10, 0x20, 0x30, 0x40);
  assert.deepEqual(applyMutation(b, { kind: "bit-flip", at: 5, bit: 3 }), Uint8Array.of(0x10, 0x28, 0x30, 0x40));
  assert.deepEqual(applyMutation(b, { kind: "truncate", keep: 6 }), Uint8Array.of(0x10, 0x20));
  assert.deepEqual(applyMutation(b, { kind: "delete", at: 2 }), Uint8Array.of(0x10, 0x20, 0x40));
  assert.deepEqual(
    applyMutation(b, { kind: "duplicate", from: 1, length: 2 }),
    Uint8Array.of(0x10, 0x20, 0x30, 0x20, 0x30, 0x40),
  );
  assert.deepEqual(
    applyMutation(b, { kind: "trailing", bytes: Uint8Array.of(9) }),
    Uint8Array.of(0x10, 0x20, 0x30, 0x40, 9),
  );
  assert.deepEqual(b, Uint8Array.of(0x10, 0x20, 0x30, 0x40), "the input is left alone");
});

test("9.0: a write replaces its bytes and ignores those past the end", () => {
  const t = Uint8Array.of(1, 2, 3, 4, 5);
  assert.deepEqual(applyWrite(t, 3, Uint8Array.of(9, 9, 9)), Uint8Array.of(1, 2, 3, 9, 9));
  assert.deepEqual(applyWrite(t, 5, Uint8Array.of(9)), t);
  assert.deepEqual(applyWrite(t, 0x10000, Uint8Array.of(9)), t);
  const c = {
    anomaly: "boundary" as const,
    request: { service: "partial-write" as const, tableId: 2051, offset: 0xffff, data: Uint8Array.of(7) },
    bytes: new Uint8Array(0),
  };
  assert.deepEqual(imagesAfterWrite(t, c, 0), [t], "accepted, but every byte is past the end: unchanged");
  assert.deepEqual(imagesAfterWrite(t, { ...c, anomaly: "truncated" }, 1), [t], "refused: unchanged");
});

const space: RequestSpace = {
  codec: { checksum: true },
  maxApdu: 112,
  maxReadChunk: 108,
  declared: [0, 1, 3, 7, 8, 2051],
  undeclared: [2, 4, 5],
  staticTables: [1],
  scratch: { tableId: 2051, offset: 4, length: 8, tableSize: 30 },
  linkServices: true,
};

test("write cases stay inside the scratch area (or wholly past the end of its table) and fit one message", () => {
  fc.assert(
    fc.property(arbWriteCase(space), (c) => {
      assert.ok(c.bytes.length <= space.maxApdu);
      const r = c.request;
      if (r === null || r.tableId !== 2051) return;
      assert.notEqual(r.service, "full-write", "the scratch area is not the whole table, so no full write");
      if (r.service !== "partial-write") return;
      const inside = r.offset >= 4 && r.offset + r.data.length <= 12;
      assert.ok(inside || r.offset >= 30, `offset ${r.offset}, ${r.data.length} bytes`);
    }),
    { numRuns: 2000 },
  );
});

test("read cases fit one message, and an unknown service code is neither a table nor a link service", () => {
  fc.assert(
    fc.property(arbReadCase(space), (c) => {
      assert.ok(c.bytes.length <= space.maxApdu && c.bytes.length >= 1);
      if (c.anomaly === "unknown-code")
        assert.ok(!TABLE_SERVICE_CODES.includes(c.bytes[0] as number) && !isLinkServiceCode(c.bytes[0] as number));
      // Inside a session, no link service that would end it or change its key is ever sent.
      if (c.anomaly === "link-service")
        assert.ok(![0x21, 0x51, 0x52].includes(c.bytes[0] as number), `0x${(c.bytes[0] as number).toString(16)}`);
      if (c.anomaly === "truncated") assert.ok(c.request !== null && c.bytes.length < 8 + 1);
    }),
    { numRuns: 2000 },
  );
});

test("a receiver holds part of a frame when a length field promises more than came", () => {
  assert.equal(leavesPartialFrame("optical", Uint8Array.of(0xee, 0, 0, 0, 0, 5, 1)), true);
  assert.equal(
    leavesPartialFrame("optical", Uint8Array.of(0xee, 0, 0, 0, 0, 0, 0x2a, 0x53)),
    false,
    "a whole (if wrong) packet",
  );
  assert.equal(leavesPartialFrame("optical", Uint8Array.of(0x55, 0x06, 0x15)), false, "noise, ACK, NAK");
  assert.equal(leavesPartialFrame("mep", Uint8Array.of(0x00, 0x05, 0x01)), true);
  assert.equal(leavesPartialFrame("mep", Uint8Array.of(0x00, 0x01, 0x01)), false);
  assert.equal(leavesPartialFrame("plc", Uint8Array.of(0x00, 0x05)), false, "a datagram is whole");
});

test("envelope regions: APDU or ciphertext, then the 4-byte sequence number, then the digest", () => {
  assert.deepEqual(regionRange(20, "apdu", 8), [0, 8]);
  assert.deepEqual(regionRange(20, "sequence", 8), [8, 12]);
  assert.deepEqual(regionRange(20, "digest", 8), [12, 20]);
});
