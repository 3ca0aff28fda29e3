import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError } from "../../harness/errors";
import {
  pixitFields,
  sweepFieldValues,
  sweepHostFields,
  sweepProtectedFields,
} from "../../harness/conformance/vci-checks";
import { parseFieldReference, referencedValue } from "../../harness/conformance/vci-field-references";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import type { ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import type { TableClient } from "../../harness/session/table-client";
import { bt00Of, meterOf } from "../simulator/meter-requests";

test("6.6 references: table, byte offset, optional bit, optional value", () => {
  assert.deepEqual(parseFieldReference("ET55.104.2"), {
    text: "ET55.104.2",
    tableId: 2048 + 55,
    offset: 104,
    bit: 2,
    value: null,
  });
  assert.deepEqual(parseFieldReference("BT00.0=02"), {
    text: "BT00.0=02",
    tableId: 0,
    offset: 0,
    bit: null,
    value: parseHex("02"),
  });
  assert.throws(
    () => parseFieldReference("BT00", "vci.fixed"),
    (e: unknown) => e instanceof ConfigError && /vci\.fixed/.test((e as Error).message),
  );
  assert.equal(referencedValue(parseFieldReference("BT00.0.1"), Uint8Array.of(0b10)), 1);
  assert.equal(referencedValue(parseFieldReference("BT00.0"), Uint8Array.of(0x2a)), 0x2a);
});

/** One 4-byte table (id 1): byte 0 refused with `code`, byte 1 accepted, the rest accepted. */
function fakeDevice(code: number): TableClient & { bytes: Uint8Array } {
  const bytes = parseHex("01 02 03 04");
  const read = async (_t: number, offset: number, count: number): Promise<ReadResponse> => ({
    code: 0,
    data: bytes.slice(offset, offset + count),
  });
  const write = async (_t: number, offset: number, data: Uint8Array): Promise<WriteResponse> => {
    if (offset === 0 && data[0] !== bytes[0]) return { code } as WriteResponse;
    bytes.set(data, offset);
    return { code: 0 } as WriteResponse;
  };
  return {
    bytes,
    codec: { checksum: true },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: async () => new Uint8Array(0),
    readFull: (t) => read(t, 0, 4),
    readPartial: read,
    writeFull: (t, d) => write(t, 0, d),
    writePartial: write,
  };
}

test("a protected field refused with an allowed code passes; one accepted fails and is put back", async () => {
  const device = fakeDevice(RESPONSE_CODE.iar);
  const fields = ["BT01.0", "BT01.1"].map((t) => parseFieldReference(t));
  const out = await sweepProtectedFields(device, fields, [RESPONSE_CODE.iar], "F");
  assert.deepEqual(
    out.violations.map((v) => v.subject),
    ["BT01.1"],
  );
  assert.match(out.violations[0]!.detail, /accepted/);
  assert.deepEqual(device.bytes, parseHex("01 02 03 04"), "the accepted change was undone");
});

test("a refusal with another code is named with the code", async () => {
  const out = await sweepProtectedFields(
    fakeDevice(RESPONSE_CODE.onp),
    [parseFieldReference("BT01.0")],
    [RESPONSE_CODE.iar],
    "M",
  );
  assert.match(out.violations[0]!.detail, /onp/);
});

/** A device that refuses every write to byte 0 with iar, then shows `after` there. */
function refusingDevice(after: number): TableClient {
  const device = fakeDevice(RESPONSE_CODE.iar);
  const write = device.writePartial;
  device.writePartial = async (t, offset, data) => {
    const r = await write(t, offset, data);
    device.bytes[0] = after;
    return r;
  };
  return device;
}

test("after a refused write, an F field that moved breaks 6.4; an M field breaks it only if it took the value written", async () => {
  // Byte 0 holds 01: the sweep writes its complement fe.
  const field = [parseFieldReference("BT01.0")];
  const refused = [RESPONSE_CODE.iar];
  const fixedMoved = await sweepProtectedFields(refusingDevice(0x00), field, refused, "F");
  assert.match(fixedMoved.violations[0]?.detail ?? "", /refused, yet the field now holds 00, not 01/);
  // An M field the meter cleared itself (an override ending) is not the write's doing.
  const meterMoved = await sweepProtectedFields(refusingDevice(0x00), field, refused, "M");
  assert.deepEqual(meterMoved.violations, []);
  assert.match(meterMoved.undecided[0]?.detail ?? "", /went from 01 to 00, which the meter may have done itself/);
  const meterWritten = await sweepProtectedFields(refusingDevice(0xfe), field, refused, "M");
  assert.deepEqual(meterWritten.undecided, []);
  assert.match(meterWritten.violations[0]?.detail ?? "", /write of fe was refused, yet the field now holds fe/);
  const meterKept = await sweepProtectedFields(refusingDevice(0x01), field, refused, "M");
  assert.deepEqual([meterKept.violations, meterKept.undecided], [[], []]);
});

test("host fields take their own value; values are compared byte for byte", async () => {
  const device = fakeDevice(RESPONSE_CODE.iar);
  assert.deepEqual((await sweepHostFields(device, [parseFieldReference("BT01.0")])).violations, []);
  const values = await sweepFieldValues(device, [
    parseFieldReference("BT01.1=02 03"),
    parseFieldReference("BT01.3=05"),
  ]);
  assert.deepEqual(
    values.violations.map((v) => v.subject),
    ["BT01.3=05"],
  );
});

test("a PIXIT field in a table BT00 does not declare is undecided, naming the table and the PIXIT item; the others are swept", () => {
  // The minimal profile declares BT01 but has no calendar override (ET47).
  const { fields, undeclared } = pixitFields(["BT01.0", "ET47.8"], "vci.meter", bt00Of(meterOf("minimal").meter));
  assert.deepEqual(
    fields.map((f) => f.text),
    ["BT01.0"],
  );
  assert.deepEqual(
    undeclared.map((u) => u.subject),
    ["ET47.8"],
  );
  assert.match(
    undeclared[0]!.detail,
    /^BT00 does not declare ET47, so the field PIXIT vci\.meter names cannot be checked$/,
  );
});
