import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkError, SessionError, TransportError, type ErrorCode } from "../../harness/errors";
import { encodeLinkRequest } from "../../harness/link/c1218/link-services";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../../harness/protocol/table-requests";
import { c1218SessionFate, securedSessionFate } from "../../harness/session/resumed-session";

const READ = encodeTableRequest({ service: "full-read", tableId: 1 }, C1218_TABLE_CODEC);
const ISSS = { response: Uint8Array.of(0x0a) };

const failed = (code: ErrorCode) => ({
  error: code === "OSGP_ERR_NO_ACK" ? new LinkError(code, "x") : new SessionError(code, "x"),
});

test("C12.18: no acknowledgement or isss proves the request was not executed; acknowledged and unanswered may have been", () => {
  assert.equal(c1218SessionFate(ISSS, READ).kind, "dropped");
  assert.equal(c1218SessionFate(ISSS, encodeLinkRequest({ service: "logoff" })).kind, "dropped");
  assert.equal(c1218SessionFate(failed("OSGP_ERR_NO_ACK"), READ).kind, "dropped");
  assert.equal(c1218SessionFate(failed("OSGP_ERR_RESPONSE_TIMEOUT"), READ).kind, "unknown");
  assert.equal(c1218SessionFate(failed("OSGP_ERR_GARBLED_RESPONSE"), READ).kind, "unknown");
  // An answer of the session (data, another refusal) or an error that is no answer of the device's says nothing of it.
  assert.equal(c1218SessionFate({ response: Uint8Array.of(0x00, 0x00, 0x01, 0x05, 0xfb) }, READ).kind, "as-is");
  assert.equal(c1218SessionFate({ response: Uint8Array.of(0x03) }, READ).kind, "as-is");
  assert.equal(c1218SessionFate({ error: new TransportError("OSGP_ERR_PORT_CLOSED", "x") }, READ).kind, "as-is");
  // Identification inside a session may rightly be refused with isss: the session is there.
  assert.equal(c1218SessionFate(ISSS, encodeLinkRequest({ service: "identify" })).kind, "as-is");
});

test("MEP and PLC: any answer keeps the session (a 0x0C is resynchronised inside it); no answer leaves it unknown", () => {
  assert.equal(securedSessionFate({ response: Uint8Array.of(0x0c, 0, 0, 0, 9) }).kind, "as-is");
  assert.equal(securedSessionFate(failed("OSGP_ERR_MEP_NO_RESPONSE")).kind, "unknown");
  assert.equal(securedSessionFate(failed("OSGP_ERR_PLC_NO_RESPONSE")).kind, "unknown");
  assert.equal(securedSessionFate(failed("OSGP_ERR_SESSION_STATE")).kind, "as-is");
});
