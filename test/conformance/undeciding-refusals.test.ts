import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { billingSizeFindings, billingTableSizes } from "../../harness/conformance/billing-sizes";
import { expectServed, isBusyRefusal } from "../../harness/conformance/checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { sweepHostFields } from "../../harness/conformance/vci-checks";
import { parseFieldReference } from "../../harness/conformance/vci-field-references";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import type { ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import { isTableUsed } from "../../harness/protocol/tables/bt00-general-configuration";
import { decodeRegisterDimensions } from "../../harness/protocol/tables/bt21-register-dimensions";
import { BT22 } from "../../harness/protocol/tables/bt22-data-selection";
import { BT23 } from "../../harness/protocol/tables/bt23-current-register-data";
import type { TableClient } from "../../harness/session/table-client";
import { bt00Of, meterOf } from "../simulator/meter-requests";

/**
 * A request the scenario needs served, refused with a code that says "not now" or "not you" (bsy,
 * dnr, and where clearance is in doubt isc and dlk), proves no breach: INCONCLUSIVE, the code named.
 * A refusal that says "no" (onp, iar) of what the device must serve still FAILs.
 */
function device(answer: (tableId: number) => ReadResponse, writeCode = 0): TableClient {
  const read = async (tableId: number) => answer(tableId);
  return {
    codec: { checksum: false },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull: read,
    readPartial: read,
    writeFull: async () => ({ code: writeCode }) as WriteResponse,
    writePartial: async () => ({ code: writeCode }) as WriteResponse,
  };
}

test("a request answered bsy or dnr is inconclusive, naming the code; onp fails", () => {
  for (const [code, name] of [
    [RESPONSE_CODE.bsy, "bsy"],
    [RESPONSE_CODE.dnr, "dnr"],
  ] as const)
    assert.throws(
      () => expectServed(code, "a partial read of the split read"),
      (e: unknown) =>
        e instanceof Inconclusive &&
        e.message.startsWith(`a partial read of the split read: the device answered ${name} (`) &&
        e.message.endsWith("so the requirement cannot be judged"),
    );
  assert.throws(
    () => expectServed(RESPONSE_CODE.onp, "the BT07 write"),
    (e: unknown) =>
      e instanceof ConformanceAssertionError && /^the BT07 write: the device answered onp/.test(e.message),
  );
  assert.doesNotThrow(() => expectServed(RESPONSE_CODE.ok, "the BT07 write"));
});

test("where clearance is not in doubt (an open table), isc fails and only a busy device is inconclusive", () => {
  assert.throws(
    () => expectServed(RESPONSE_CODE.isc, "full read of BT01 without a password", [], isBusyRefusal),
    ConformanceAssertionError,
  );
  assert.throws(
    () => expectServed(RESPONSE_CODE.dnr, "full read of BT01 without a password", [], isBusyRefusal),
    Inconclusive,
  );
});

test("a host field whose write of its own value is answered bsy is undecided; one answered onp is a violation", async () => {
  const field = [parseFieldReference("BT01.0")];
  const busy = await sweepHostFields(
    device(() => ({ code: 0, data: parseHex("07") }), RESPONSE_CODE.bsy),
    field,
  );
  assert.deepEqual(busy.violations, []);
  assert.deepEqual(busy.undecided, [
    { subject: "BT01.0", detail: "a write of its own value 07 was answered bsy (0x06)" },
  ]);
  const refused = await sweepHostFields(
    device(() => ({ code: 0, data: parseHex("07") }), RESPONSE_CODE.onp),
    field,
  );
  assert.deepEqual(refused.undecided, []);
  assert.deepEqual(
    refused.violations.map((v) => v.subject),
    ["BT01.0"],
  );
});

test("a billing table answered dnr leaves its size undecided; one answered onp is a violation", async () => {
  const config = bt00Of(meterOf("reference").meter);
  assert.ok(isTableUsed(config, BT22) && isTableUsed(config, BT23), "the reference meter declares BT22 and BT23");
  const dims = decodeRegisterDimensions(parseHex("77 06 04 03 03 01 01 04 03 0d"));
  assert.ok(dims.ok);
  const sizes = billingTableSizes(dims.value);
  const client = device((id) =>
    id === BT22
      ? { code: RESPONSE_CODE.onp }
      : id === BT23
        ? { code: RESPONSE_CODE.dnr }
        : { code: 0, data: new Uint8Array(sizes.get(id) ?? 0) },
  );
  const found = await billingSizeFindings({ client, order: "le", dims: dims.value }, config);
  assert.deepEqual(found.violations, [{ subject: "BT22", detail: "a full read was answered onp (0x04)" }]);
  assert.deepEqual(found.undecided, [{ subject: "BT23", detail: "a full read was answered dnr (0x07)" }]);
});
