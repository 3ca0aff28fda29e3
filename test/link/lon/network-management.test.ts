import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../../harness/errors";
import type { LonApdu } from "../../../harness/link/lon/lon-apdu";
import { encodeLonPdu } from "../../../harness/link/lon/lon-pdu";
import {
  decodeNmResult,
  decodeQueryIdRequest,
  decodeQueryIdResponse,
  decodeRespondToQuery,
  decodeServicePin,
  encodeNmResult,
  encodeQueryIdRequest,
  encodeQueryIdResponse,
  encodeRespondToQuery,
  encodeServicePin,
  ndFailureCode,
  ndSuccessCode,
  nmFailureCode,
  nmSuccessCode,
  NM_CODES,
  servicePinPdu,
  type QueryIdRequest,
  type QueryIdResponse,
} from "../../../harness/link/lon/network-management";

const UID = parseHex("05 01 23 45 67 89");
const PID = parseHex("9f ff ff 05 00 04 04 01");

/** The APDU as bytes: code, then data. */
function bytesOf(a: LonApdu): Uint8Array {
  assert.notEqual(a.kind, "nv");
  return concatBytes(Uint8Array.of(a.code), a.data);
}

test("the codes clause 5 lists are the 14908-1 NM codes packet-lon.c names", () => {
  assert.deepEqual(
    [
      NM_CODES.queryId,
      NM_CODES.respondToQuery,
      NM_CODES.updateDomain,
      NM_CODES.leaveDomain,
      NM_CODES.updateKey,
      NM_CODES.updateAddress,
      NM_CODES.queryAddress,
    ],
    [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67],
  );
  assert.deepEqual(
    [
      NM_CODES.queryDomain,
      NM_CODES.setNodeMode,
      NM_CODES.readMemory,
      NM_CODES.writeMemory,
      NM_CODES.wink,
      NM_CODES.servicePin,
    ],
    [0x6a, 0x6c, 0x6d, 0x6e, 0x70, 0x7f],
  );
});

test("response codes: NM success 0x20 | code & 0x1f, failure code & 0x1f; ND 0x30 / 0x10 | code & 0x0f", () => {
  // Worked by hand: 0x61 = 011 00001 -> 001 00001 = 0x21 and 000 00001 = 0x01.
  assert.deepEqual([nmSuccessCode(0x61), nmFailureCode(0x61)], [0x21, 0x01]);
  assert.deepEqual([nmSuccessCode(0x62), nmFailureCode(0x62)], [0x22, 0x02]);
  // lcs_netmgmt.c reads a Read Memory answer as NM_resp_success | NM_READ_MEMORY = 0x20 | 0x0d.
  assert.equal(nmSuccessCode(0x6d), 0x2d);
  assert.deepEqual([nmSuccessCode(0x60), nmFailureCode(0x7f)], [0x20, 0x1f]);
  // ND Query Status 0x51 -> 0x31 / 0x11.
  assert.deepEqual([ndSuccessCode(0x51), ndFailureCode(0x51)], [0x31, 0x11]);
  for (const bad of [0x5f, 0x80, 0x30, -1, 0.5]) assert.throws(() => nmSuccessCode(bad), EncodeError, String(bad));
  for (const bad of [0x4f, 0x60]) {
    assert.throws(() => ndSuccessCode(bad), EncodeError, String(bad));
    assert.throws(() => ndFailureCode(bad), EncodeError, String(bad));
  }
});

test("Query ID: selector alone is 61 ss; with memory match 61 ss mode offset-hi offset-lo count data", () => {
  const cases: [QueryIdRequest, string][] = [
    [{ selector: "unconfigured" }, "61 00"],
    [{ selector: "selected" }, "61 01"],
    [{ selector: "selected-unconfigured" }, "61 02"],
    [
      { selector: "selected", memoryMatch: { mode: 1, offset: 0x0108, data: parseHex("12 34") } },
      "61 01 01 01 08 02 12 34",
    ],
    [{ selector: "unconfigured", memoryMatch: { mode: 2, offset: 0, data: new Uint8Array(0) } }, "61 00 02 00 00 00"],
  ];
  for (const [request, hex] of cases) {
    const apdu = encodeQueryIdRequest(request);
    assert.equal(apdu.kind, "management");
    assert.deepEqual(bytesOf(apdu), parseHex(hex), hex);
    const d = decodeQueryIdRequest(apdu);
    assert.ok(d.ok, hex);
    assert.deepEqual(d.value, request, hex);
  }
});

test("Query ID response: 21 + unique id + program id, or 01 alone", () => {
  const ok: QueryIdResponse = { ok: true, uniqueId: UID, programId: PID };
  assert.deepEqual(bytesOf(encodeQueryIdResponse(ok)), concatBytes(Uint8Array.of(0x21), UID, PID));
  assert.deepEqual(bytesOf(encodeQueryIdResponse({ ok: false })), Uint8Array.of(0x01));
  const d = decodeQueryIdResponse({ kind: "message", code: 0x21, data: concatBytes(UID, PID) });
  assert.ok(d.ok);
  assert.deepEqual(d.value, ok);
  const f = decodeQueryIdResponse({ kind: "message", code: 0x01, data: new Uint8Array(0) });
  assert.ok(f.ok);
  assert.deepEqual(f.value, { ok: false });
});

test("Respond to Query: 62 01 turns it on, 62 00 off; its answer is 22 or 02", () => {
  assert.deepEqual(bytesOf(encodeRespondToQuery({ on: true })), parseHex("62 01"));
  assert.deepEqual(bytesOf(encodeRespondToQuery({ on: false })), parseHex("62 00"));
  const on = decodeRespondToQuery({ kind: "management", code: 0x62, data: Uint8Array.of(1) });
  assert.ok(on.ok && on.value.on === true);
  assert.deepEqual(bytesOf(encodeNmResult(0x62, true)), parseHex("22"));
  assert.deepEqual(bytesOf(encodeNmResult(0x62, false)), parseHex("02"));
  const r = decodeNmResult(0x62, { kind: "message", code: 0x22, data: new Uint8Array(0) });
  assert.ok(r.ok && r.value.ok);
  const r2 = decodeNmResult(0x62, { kind: "message", code: 0x02, data: new Uint8Array(0) });
  assert.ok(r2.ok && !r2.value.ok);
});

test("Service Pin: 7f + 6-byte unique id + 8-byte program id, broadcast as the IzoT stack sends it", () => {
  assert.deepEqual(
    bytesOf(encodeServicePin({ uniqueId: UID, programId: PID })),
    concatBytes(Uint8Array.of(0x7f), UID, PID),
  );
  const d = decodeServicePin({ kind: "management", code: 0x7f, data: concatBytes(UID, PID) });
  assert.ok(d.ok);
  assert.deepEqual(d.value, { uniqueId: UID, programId: PID });
  // APDU PDU (format 3), broadcast (0), no domain: 0b00_11_00_00; source 0/0 with bit 7 set, all subnets.
  assert.deepEqual(
    encodeLonPdu(servicePinPdu({ uniqueId: UID, programId: PID })),
    concatBytes(parseHex("00 30 00 80 00 7f"), UID, PID),
  );
});

test("malformed NM messages are DecodeErrors with the field and the offset in the APDU", () => {
  const cases: [() => { ok: boolean; error?: DecodeError }, string, string, number][] = [
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x61, data: new Uint8Array(0) }),
      "OSGP_ERR_TRUNCATED",
      "nm.queryId.selector",
      1,
    ],
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x61, data: Uint8Array.of(3) }),
      "OSGP_ERR_FIELD_RANGE",
      "nm.queryId.selector",
      1,
    ],
    // 61 | selector 01 | mode 01 | offset: one byte of two, at APDU offset 3.
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x61, data: parseHex("01 01 00") }),
      "OSGP_ERR_TRUNCATED",
      "nm.queryId.offset",
      3,
    ],
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x61, data: parseHex("01 01 00 08 02 12") }),
      "OSGP_ERR_TRUNCATED",
      "nm.queryId.data",
      6,
    ],
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x61, data: parseHex("01 01 00 08 01 12 34") }),
      "OSGP_ERR_TRAILING_BYTES",
      "nm.queryId.end",
      7,
    ],
    [
      () => decodeQueryIdRequest({ kind: "management", code: 0x62, data: parseHex("01") }),
      "OSGP_ERR_UNKNOWN_CODE",
      "nm.queryId.code",
      0,
    ],
    [
      () => decodeQueryIdRequest({ kind: "message", code: 0x21, data: parseHex("01") }),
      "OSGP_ERR_UNKNOWN_CODE",
      "nm.queryId.code",
      0,
    ],
    [
      () => decodeQueryIdResponse({ kind: "message", code: 0x21, data: UID }),
      "OSGP_ERR_TRUNCATED",
      "nm.queryIdResponse.programId",
      7,
    ],
    [
      () => decodeQueryIdResponse({ kind: "message", code: 0x01, data: Uint8Array.of(0) }),
      "OSGP_ERR_TRAILING_BYTES",
      "nm.queryIdResponse.end",
      1,
    ],
    [
      () => decodeQueryIdResponse({ kind: "message", code: 0x22, data: new Uint8Array(0) }),
      "OSGP_ERR_UNKNOWN_CODE",
      "nm.queryIdResponse.code",
      0,
    ],
    [
      () => decodeRespondToQuery({ kind: "management", code: 0x62, data: Uint8Array.of(2) }),
      "OSGP_ERR_FIELD_RANGE",
      "nm.respondToQuery.flag",
      1,
    ],
    [
      () => decodeRespondToQuery({ kind: "management", code: 0x62, data: Uint8Array.of(1, 1) }),
      "OSGP_ERR_TRAILING_BYTES",
      "nm.respondToQuery.end",
      2,
    ],
    [
      () => decodeServicePin({ kind: "management", code: 0x7f, data: UID }),
      "OSGP_ERR_TRUNCATED",
      "nm.servicePin.programId",
      7,
    ],
    [
      () => decodeNmResult(0x62, { kind: "foreign", code: 0x42, data: new Uint8Array(0) }),
      "OSGP_ERR_UNKNOWN_CODE",
      "nm.result.code",
      0,
    ],
  ];
  for (const [run, code, path, offset] of cases) {
    const d = run();
    assert.ok(!d.ok && d.error instanceof DecodeError, path);
    assert.deepEqual([d.error.code, d.error.path, d.error.offset], [code, path, offset], path);
  }
});

test("encoders refuse what the fields cannot hold", () => {
  const isRange = (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE";
  assert.throws(() => encodeQueryIdRequest({ selector: "all" as never }), isRange);
  assert.throws(
    () =>
      encodeQueryIdRequest({
        selector: "selected",
        memoryMatch: { mode: 0, offset: 0x10000, data: new Uint8Array(0) },
      }),
    isRange,
  );
  assert.throws(
    () =>
      encodeQueryIdRequest({ selector: "selected", memoryMatch: { mode: 256, offset: 0, data: new Uint8Array(0) } }),
    isRange,
  );
  assert.throws(
    () =>
      encodeQueryIdRequest({ selector: "selected", memoryMatch: { mode: 0, offset: 0, data: new Uint8Array(256) } }),
    isRange,
  );
  assert.throws(() => encodeQueryIdResponse({ ok: true, uniqueId: UID.subarray(1), programId: PID }), isRange);
  assert.throws(() => encodeServicePin({ uniqueId: UID, programId: PID.subarray(1) }), isRange);
});

const arbQuery: fc.Arbitrary<QueryIdRequest> = fc.oneof(
  fc
    .constantFrom<QueryIdRequest["selector"]>("unconfigured", "selected", "selected-unconfigured")
    .map((selector) => ({ selector })),
  fc
    .tuple(
      fc.constantFrom<QueryIdRequest["selector"]>("unconfigured", "selected", "selected-unconfigured"),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.uint8Array({ maxLength: 255 }),
    )
    .map(([selector, mode, offset, data]) => ({ selector, memoryMatch: { mode, offset, data } })),
);

test("property: NM messages survive encode then decode", () => {
  const six = fc.uint8Array({ minLength: 6, maxLength: 6 });
  const eight = fc.uint8Array({ minLength: 8, maxLength: 8 });
  fc.assert(
    fc.property(arbQuery, (q) => {
      const d = decodeQueryIdRequest(encodeQueryIdRequest(q));
      assert.ok(d.ok);
      assert.deepEqual(d.value, q);
    }),
  );
  fc.assert(
    fc.property(fc.boolean(), six, eight, (ok, uniqueId, programId) => {
      const r: QueryIdResponse = ok ? { ok, uniqueId, programId } : { ok };
      const d = decodeQueryIdResponse(encodeQueryIdResponse(r));
      assert.ok(d.ok);
      assert.deepEqual(d.value, r);
      const pin = decodeServicePin(encodeServicePin({ uniqueId, programId }));
      assert.ok(pin.ok);
      assert.deepEqual(pin.value, { uniqueId, programId });
    }),
  );
  fc.assert(
    fc.property(fc.boolean(), fc.integer({ min: 0x60, max: 0x7f }), (on, code) => {
      const d = decodeRespondToQuery(encodeRespondToQuery({ on }));
      assert.ok(d.ok && d.value.on === on);
      const r = decodeNmResult(code, encodeNmResult(code, on));
      assert.ok(r.ok && r.value.ok === on);
    }),
  );
});

test("property: any APDU gives an NM value or a DecodeError, never another exception", () => {
  const arbAnyApdu = fc
    .tuple(
      fc.constantFrom("message" as const, "foreign" as const, "diagnostic" as const, "management" as const),
      fc.constantFrom(0x01, 0x21, 0x22, 0x61, 0x62, 0x7f, 0x42),
      fc.uint8Array({ maxLength: 24 }),
    )
    .map(([kind, code, data]) => ({ kind, code, data }) as LonApdu);
  fc.assert(
    fc.property(arbAnyApdu, (apdu) => {
      for (const d of [
        decodeQueryIdRequest(apdu),
        decodeQueryIdResponse(apdu),
        decodeRespondToQuery(apdu),
        decodeServicePin(apdu),
        decodeNmResult(0x62, apdu),
      ]) {
        if (!d.ok) assert.ok(d.error instanceof DecodeError);
      }
    }),
    { numRuns: 5000 },
  );
});
