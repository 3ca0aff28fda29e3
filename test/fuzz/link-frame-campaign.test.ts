import { test } from "node:test";
import assert from "node:assert/strict";
import { holdsWholePacket } from "../../harness/fuzz/campaigns/link-frame-campaign";

/**
 * The identification request as C12.18 clients send it (STP, identity,
 * control, sequence, length 1, 0x20, CRC-16/X-25 low byte first).
 */
const identify = Uint8Array.of(0xee, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x13, 0x10);

test("a whole packet whose CRC checks is one the device may take for a request (and count its toggle)", () => {
  assert.equal(holdsWholePacket("optical", identify), true);
  assert.equal(holdsWholePacket("optical", Uint8Array.of(0x06, ...identify, 0x00)), true, "with noise around it");
});

test("a cut packet, a spoilt CRC, or another link's bytes are not", () => {
  assert.equal(holdsWholePacket("optical", identify.subarray(0, identify.length - 1)), false);
  const spoilt = Uint8Array.from(identify);
  spoilt[spoilt.length - 1] = (spoilt[spoilt.length - 1] as number) ^ 0xff;
  assert.equal(holdsWholePacket("optical", spoilt), false);
  assert.equal(holdsWholePacket("mep", identify), false);
});
