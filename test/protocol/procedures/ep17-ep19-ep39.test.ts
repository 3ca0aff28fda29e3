import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeRemoveDevice, encodeRemoveDevice, EP17 } from "../../../harness/protocol/procedures/ep17-remove-device";
import {
  decodeOnDemandMbusRequest,
  decodeOnDemandMbusResult,
  encodeOnDemandMbusRequest,
  EP19,
} from "../../../harness/protocol/procedures/ep19-on-demand-mbus-request";
import { decodePostMepData, encodePostMepData, EP39 } from "../../../harness/protocol/procedures/ep39-post-mep-data";
import { encodeProcedureInitiate } from "../../../harness/protocol/tables/bt07-procedure-initiate";

test("EP17: the MEP guide's worked example, BT07 data 11 08 07 00 f8 03 (PSN 7, action 0, handle 0x03F8)", () => {
  assert.equal(EP17, 0x0811);
  const params = encodeRemoveDevice({ action: 0, handle: 0x03f8 }, "le");
  assert.deepEqual(
    [...encodeProcedureInitiate({ procedureId: EP17, selector: 0, sequence: 7, parameters: params }, "le")],
    [0x11, 0x08, 0x07, 0x00, 0xf8, 0x03],
  );
  const d = decodeRemoveDevice(Uint8Array.of(0x00, 0xf8, 0x03), "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value, { action: 0, handle: 0x03f8 });
  assert.equal(decodeRemoveDevice(Uint8Array.of(0x00, 0xf8), "le").ok, false);
  assert.equal(decodeRemoveDevice(Uint8Array.of(0, 1, 2, 3), "le").ok, false);
});

test("EP17's handle is in the device's table data order: MSB first where BT00 says so", () => {
  assert.deepEqual([...encodeRemoveDevice({ action: 0, handle: 0x03f8 }, "be")], [0x00, 0x03, 0xf8]);
  assert.deepEqual(decodeRemoveDevice(Uint8Array.of(0x00, 0x03, 0xf8), "be"), {
    ok: true,
    value: { action: 0, handle: 0x03f8 },
  });
});

test("EP19: channel, type, request id; the response data's first three bytes", () => {
  assert.equal(EP19, 2048 + 19);
  assert.deepEqual([...encodeOnDemandMbusRequest({ channel: 2, type: 0, requestId: 77 })], [2, 0, 77]);
  const d = decodeOnDemandMbusRequest(Uint8Array.of(0, 2, 5));
  assert.ok(d.ok);
  assert.deepEqual(d.value, { channel: 0, type: 2, requestId: 5 });
  assert.equal(decodeOnDemandMbusRequest(Uint8Array.of(1, 0)).ok, false);
  const r = decodeOnDemandMbusResult(Uint8Array.of(77, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  assert.ok(r.ok);
  assert.deepEqual(r.value, { requestId: 77, state: 2, count: 1 });
});

test("EP39: downlink carries its data inline, uplink its alarms LSB first; an unknown kind is an error", () => {
  assert.equal(EP39, 0x0827);
  assert.deepEqual(
    [...encodePostMepData({ direction: "down", kind: 1, requestId: 0x21, data: Uint8Array.of(1) }, "le")],
    [1, 0x21, 1, 1],
  );
  assert.deepEqual(
    [...encodePostMepData({ direction: "up", kind: 6, requestId: 0, alarms: 0x0110 }, "le")],
    [6, 0, 0x10, 0x01],
  );
  const down = decodePostMepData(Uint8Array.of(0, 3, 2, 0xaa, 0xbb), "le");
  assert.ok(down.ok && down.value.direction === "down");
  assert.deepEqual([...down.value.data], [0xaa, 0xbb]);
  assert.equal(decodePostMepData(Uint8Array.of(0, 3, 3, 0xaa), "le").ok, false, "a length past the parameters");
  assert.equal(decodePostMepData(Uint8Array.of(7, 0, 0, 0), "le").ok, false, "kind 7");
});
