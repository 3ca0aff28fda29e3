import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodeError, ERROR_CODES, LinkError, OsgpError } from "../harness/errors";

test("an error's message holds code, path, offset and bytes, so one log line is complete", () => {
  const e = new DecodeError("OSGP_ERR_TRUNCATED", "needs 2 byte(s), 1 left", {
    bytes: Uint8Array.of(0x30, 0x00),
    offset: 1,
    path: "request.tableId",
  });
  assert.equal(e.message, "OSGP_ERR_TRUNCATED: request.tableId: needs 2 byte(s), 1 left (at offset 1) [30 00]");
  assert.equal(e.name, "DecodeError");
  assert.ok(e instanceof OsgpError);
  assert.equal(new LinkError("OSGP_ERR_NO_ACK", "x").message, "OSGP_ERR_NO_ACK: x");
});

test("long byte strings are cut at 64 bytes in the message but kept whole on the error", () => {
  const bytes = new Uint8Array(100).fill(0xab);
  const e = new DecodeError("OSGP_ERR_FRAME_CRC", "bad", { bytes });
  assert.ok(e.message.endsWith(`[${new Array<string>(64).fill("ab").join(" ")} ... 100 bytes in all]`));
  assert.equal(e.bytes?.length, 100);
});

test("every code is named OSGP_ERR_* and has a meaning", () => {
  for (const [code, meaning] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^OSGP_ERR_[A-Z_]+$/);
    assert.ok(meaning.length > 0);
  }
});
