import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";
import { mepKeys } from "../../harness/security/rc4-psk";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { SecuredApduServer } from "../../harness/simulator/secured-apdu-server";

/**
 * Properties of the secured server (7.2, 9.7), run synchronously at thousands of cases: any single
 * bit flip in a protected write gets 0x0B and changes no table; any replay of an accepted request
 * gets 0x0C.
 */
const MAK = Uint8Array.from(Buffer.from("MAK-OSGP-SIM-KEY", "latin1"));
const MBK = Uint8Array.from(Buffer.from("MBK-OSGP-SIM-KEY", "latin1"));
const ET03 = EXTENDED_BASE + 3;
const suite = (k: Uint8Array) =>
  rc4PskSuite(mepKeys(k), { responseKeystream: "continue", emptyInput: "one-zero-block" });
const NO_CHECKSUM = { checksum: false };

function server(first = 1000) {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const s = new SecuredApduServer(
    meter,
    {
      rc4: [
        { name: "MAK", suite: suite(MAK), level: "master" },
        { name: "MBK", suite: suite(MBK), level: "reader" },
      ],
      aes128: [],
    },
    { window: 8, firstSequence: first, icaJump: 25, codec: NO_CHECKSUM },
  );
  const et03 = () =>
    meter.serve(encodeTableRequest({ service: "full-read", tableId: ET03 }, NO_CHECKSUM), "master", NO_CHECKSUM, 4000);
  return { s, et03 };
}

const write = fc.record({
  offset: fc.integer({ min: 0, max: 29 }),
  data: fc.uint8Array({ minLength: 1, maxLength: 30 }),
});

test("7.2: a single bit flip anywhere in a protected write gets 0x0B, alone, and no table changes", () => {
  fc.assert(
    fc.property(
      write,
      fc.boolean(),
      fc.boolean(),
      fc.nat(),
      fc.integer({ min: 0, max: 7 }),
      ({ offset, data }, basic, encrypt, at, bit) => {
        const { s, et03 } = server();
        const before = et03();
        const apdu = encodeTableRequest({ service: "partial-write", tableId: ET03, offset, data }, NO_CHECKSUM);
        const { frame } = suite(basic ? MBK : MAK).protectRequest(apdu, 1001, encrypt);
        const flipped = frame.slice();
        const i = at % flipped.length;
        flipped[i] = (flipped[i] as number) ^ (1 << bit);
        assert.deepEqual(s.handle(flipped, 468), Uint8Array.of(RESPONSE_CODE.auth));
        assert.deepEqual(et03(), before);
        assert.equal(s.last, 1000, "a refused request does not move the sequence number");
      },
    ),
    { numRuns: 2000 },
  );
});

test("9.7: a replay of an accepted request, or any number outside the window, gets 0x0C with the device's number", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 0xffffffff }),
      (step, encrypt, other) => {
        const { s } = server(5000);
        const apdu = encodeTableRequest({ service: "partial-read", tableId: ET03, offset: 0, count: 4 }, NO_CHECKSUM);
        const p = suite(MAK).protectRequest(apdu, 5000 + step, encrypt);
        const ok = suite(MAK).unprotectResponse(p.context, s.handle(p.frame, 468));
        assert.ok(ok.ok && ok.value.apdu[0] === RESPONSE_CODE.ok, "inside the window: served");
        const replay = suite(MAK).unprotectResponse(p.context, s.handle(p.frame, 468));
        assert.ok(replay.ok);
        assert.deepEqual(Array.from(replay.value.apdu), [
          RESPONSE_CODE.seq,
          0,
          0,
          (5000 + step) >> 8,
          (5000 + step) & 0xff,
        ]);
        const ahead = (other - (5000 + step)) >>> 0;
        const q = suite(MAK).protectRequest(apdu, other, encrypt);
        const answer = suite(MAK).unprotectResponse(q.context, s.handle(q.frame, 468));
        assert.ok(answer.ok);
        assert.equal(
          answer.value.apdu[0],
          ahead >= 1 && ahead <= 8 ? RESPONSE_CODE.ok : RESPONSE_CODE.seq,
          `sequence ${other}, ${ahead} ahead`,
        );
      },
    ),
    { numRuns: 2000 },
  );
});
