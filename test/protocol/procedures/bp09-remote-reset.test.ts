import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BP09,
  decodeRemoteReset,
  encodeRemoteReset,
  remoteResetProblem,
} from "../../../harness/protocol/procedures/bp09-remote-reset";

const NONE = { demandReset: false, selfRead: false, seasonChange: false, newSeason: 0, reserved: 0 };

test("BP09 ACTION_FLAG: bit 0 demand reset, bit 1 self-read, bit 2 season change, bits 3..6 the new season", () => {
  assert.equal(BP09, 9);
  assert.deepEqual(encodeRemoteReset({ selfRead: true }), Uint8Array.of(0x02));
  assert.deepEqual(encodeRemoteReset({ demandReset: true, selfRead: true }), Uint8Array.of(0x03));
  // season change (4) + new season 5 in bits 3..6 (5 x 8 = 40) = 44
  assert.deepEqual(encodeRemoteReset({ seasonChange: true, newSeason: 5 }), Uint8Array.of(44));
  assert.deepEqual(decodeRemoteReset(Uint8Array.of(44)), {
    ok: true,
    value: { ...NONE, seasonChange: true, newSeason: 5 },
  });
  assert.deepEqual(decodeRemoteReset(Uint8Array.of(0x81)), {
    ok: true,
    value: { ...NONE, demandReset: true, reserved: 1 },
  });
});

test("BP09: a call that asks for nothing or sets the reserved bit is not valid; a second byte does not decode", () => {
  assert.equal(remoteResetProblem(NONE), "no action is asked for");
  assert.equal(remoteResetProblem({ ...NONE, selfRead: true, reserved: 1 }), "the reserved bit 7 is set");
  assert.equal(remoteResetProblem({ ...NONE, demandReset: true }), null);
  const two = decodeRemoteReset(Uint8Array.of(0x02, 0x00));
  assert.equal(!two.ok && two.error.code, "OSGP_ERR_TRAILING_BYTES");
  const none = decodeRemoteReset(new Uint8Array(0));
  assert.equal(!none.ok && none.error.code, "OSGP_ERR_TRUNCATED");
});
