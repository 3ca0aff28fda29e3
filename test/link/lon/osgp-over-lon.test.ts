import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../../harness/errors";
import { decodeLonPdu, encodeLonPdu } from "../../../harness/link/lon/lon-pdu";
import {
  APDU_CODE_CARRIAGE as APDU,
  checkOsgpMessageSize,
  DEFAULT_CARRIAGE,
  osgpResponseMessage,
  osgpRequestBody,
  osgpResponseBody,
  PLC_MESSAGE_LIMIT,
  unwrapOsgpApdu,
  wrapOsgpApdu,
} from "../../../harness/link/lon/osgp-over-lon";

// The MEP guide's worked examples: partial read of BT23 and partial write of ET50, with their sequence numbers
// and digests (the secured message as it would travel).
const READ_BT23 = parseHex("3f 00 17 00 00 00 00 2c  77 63 5b 91  13 db 85 a1 35 a0 57 5e");
const WRITE_ET50 = parseHex("4f 08 32 00 00 1e 00 01 01  77 63 6e 2f  86 e5 0e 26 67 d1 e6 3c");
const WRITE_RESPONSE = parseHex("00  86 e5 0e 26 67 d1 e6 3c");

test("the OSGP code is the 14908 APDU's first byte: reads are application messages, writes foreign frames", () => {
  assert.deepEqual(wrapOsgpApdu(READ_BT23, APDU), { kind: "message", code: 0x3f, data: READ_BT23.slice(1) });
  assert.deepEqual(wrapOsgpApdu(WRITE_ET50, APDU), { kind: "foreign", code: 0x4f, data: WRITE_ET50.slice(1) });
  assert.deepEqual(wrapOsgpApdu(parseHex("30 00 01"), APDU), { kind: "message", code: 0x30, data: parseHex("00 01") });
  assert.deepEqual(wrapOsgpApdu(parseHex("40 00 01 00 00"), APDU), {
    kind: "foreign",
    code: 0x40,
    data: parseHex("00 01 00 00"),
  });
  // Responses 0x00..0x0c are application codes.
  for (let code = 0x00; code <= 0x0c; code++) assert.equal(wrapOsgpApdu(Uint8Array.of(code), APDU).kind, "message");
  assert.deepEqual(wrapOsgpApdu(WRITE_RESPONSE, { carriage: "apdu-code" }), {
    kind: "message",
    code: 0x00,
    data: WRITE_RESPONSE.slice(1),
  });
});

test("unwrap gives back the OSGP bytes; an NM, ND or NV APDU carries none", () => {
  for (const osgp of [READ_BT23, WRITE_ET50, WRITE_RESPONSE]) {
    const d = unwrapOsgpApdu(wrapOsgpApdu(osgp, APDU), APDU);
    assert.ok(d.ok);
    assert.deepEqual(d.value, osgp);
  }
  for (const apdu of [
    { kind: "management" as const, code: 0x61, data: Uint8Array.of(0) },
    { kind: "diagnostic" as const, code: 0x51, data: new Uint8Array(0) },
    { kind: "nv" as const, code: 0x10, direction: 0 as const, data: Uint8Array.of(1) },
  ]) {
    const d = unwrapOsgpApdu(apdu, APDU);
    assert.ok(!d.ok && d.error instanceof DecodeError && d.error.code === "OSGP_ERR_UNKNOWN_CODE", apdu.kind);
  }
});

test("an OSGP code a 14908 stack would take for NM, ND or an NV is refused, as is an empty APDU", () => {
  for (const code of [0x50, 0x51, 0x5f, 0x60, 0x61, 0x7f, 0x80, 0xff]) {
    assert.throws(
      () => wrapOsgpApdu(Uint8Array.of(code, 0), APDU),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === "osgp.code",
      code.toString(16),
    );
  }
  assert.throws(() => wrapOsgpApdu(new Uint8Array(0), APDU), EncodeError);
  assert.throws(() => wrapOsgpApdu(READ_BT23, { carriage: "other" as never }), EncodeError);
});

test("request and response ride in SPDU REQUEST / RESPONSE with the same transaction number", () => {
  const address = { format: "subnet-node" as const, srcSubnet: 1, srcNode: 1, dstSubnet: 1, dstNode: 17 };
  const request = encodeLonPdu({
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address,
    domain: Uint8Array.of(0x12),
    body: osgpRequestBody(READ_BT23, 5, APDU),
  });
  // link 00 | NPDU: SPDU, format 2, 1-byte domain | 1/1 -> 1/17 | domain | REQUEST tn 5 | OSGP bytes
  assert.deepEqual(request, concatBytes(parseHex("00 19 01 81 01 91 12 05"), READ_BT23));
  const response = encodeLonPdu({
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { ...address, srcNode: 17, dstNode: 1 },
    domain: Uint8Array.of(0x12),
    body: osgpResponseBody(WRITE_RESPONSE, 5, APDU),
  });
  assert.deepEqual(response, concatBytes(parseHex("00 19 01 91 01 81 12 25"), WRITE_RESPONSE));
  const d = decodeLonPdu(response);
  assert.ok(d.ok && d.value.body.pdu === "spdu" && d.value.body.type === "response" && d.value.body.tn === 5);
  const osgp = unwrapOsgpApdu(d.value.body.apdu, APDU);
  assert.ok(osgp.ok);
  assert.deepEqual(osgp.value, WRITE_RESPONSE);
  assert.throws(() => osgpRequestBody(READ_BT23, 16, APDU), EncodeError);
});

test("clause 9.2: 114 bytes pass, 115 are OSGP_ERR_PLC_MESSAGE_SIZE naming the clause and the limit", () => {
  assert.equal(PLC_MESSAGE_LIMIT, 114);
  checkOsgpMessageSize(new Uint8Array(114));
  checkOsgpMessageSize(READ_BT23);
  assert.throws(
    () => checkOsgpMessageSize(new Uint8Array(115)),
    (e: unknown) =>
      e instanceof EncodeError &&
      e.code === "OSGP_ERR_PLC_MESSAGE_SIZE" &&
      e.message.includes("clause 9.2") &&
      e.message.includes("114"),
  );
  // A PIXIT may set the read (84) or write (75) figure instead.
  checkOsgpMessageSize(new Uint8Array(84), 84);
  assert.throws(
    () => checkOsgpMessageSize(new Uint8Array(85), 84),
    (e: unknown) => e instanceof EncodeError && e.message.includes("84"),
  );
});

test("property: any OSGP APDU whose code is below 0x50 wraps and unwraps to itself", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0x4f }), fc.uint8Array({ maxLength: 113 }), (code, rest) => {
      const osgp = concatBytes(Uint8Array.of(code), rest);
      const d = unwrapOsgpApdu(wrapOsgpApdu(osgp, APDU), APDU);
      assert.ok(d.ok);
      assert.deepEqual(d.value, osgp);
    }),
  );
});

test("message carriage: the whole OSGP message is the data of an application message of the configured code", () => {
  assert.deepEqual(DEFAULT_CARRIAGE, { carriage: "message", code: 0x00 });
  const carriage = { carriage: "message", code: 0x21 } as const;
  // Built by hand: SPDU REQUEST tn 5, APDU code 0x21, then every byte of the OSGP message.
  const pdu = encodeLonPdu({
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "subnet-node", srcSubnet: 1, srcNode: 1, dstSubnet: 1, dstNode: 17 },
    domain: Uint8Array.of(0x12),
    body: osgpRequestBody(READ_BT23, 5, carriage),
  });
  assert.deepEqual(pdu, concatBytes(parseHex("00 19 01 81 01 91 12 05 21"), READ_BT23));
  // Any first byte travels, also one a 14908 stack would take for NM (0x7a) under apdu-code.
  const ciphertext = parseHex("7a d0 6d 9e");
  assert.deepEqual(wrapOsgpApdu(ciphertext, carriage), { kind: "message", code: 0x21, data: ciphertext });
  assert.throws(
    () => wrapOsgpApdu(ciphertext, APDU),
    (e: unknown) => e instanceof EncodeError && e.message.includes("plc.carriage"),
  );
  const back = unwrapOsgpApdu({ kind: "message", code: 0x21, data: ciphertext }, carriage);
  assert.ok(back.ok);
  assert.deepEqual(back.value, ciphertext);
  // Another code, or another kind, carries no OSGP message.
  for (const apdu of [
    { kind: "message" as const, code: 0x22, data: ciphertext },
    { kind: "foreign" as const, code: 0x4f, data: ciphertext },
  ]) {
    const d = unwrapOsgpApdu(apdu, carriage);
    assert.ok(!d.ok && d.error.code === "OSGP_ERR_UNKNOWN_CODE");
  }
  assert.throws(() => wrapOsgpApdu(ciphertext, { carriage: "message", code: 0x40 }), EncodeError);
});

test("a response's OSGP message: every APDU byte under apdu-code (ciphertext may look like NM), the data under message", () => {
  const nmLooking = { kind: "management" as const, code: 0x7a, data: parseHex("d0 6d") };
  const a = osgpResponseMessage(nmLooking, APDU);
  assert.ok(a.ok);
  assert.deepEqual(a.value, parseHex("7a d0 6d"));
  assert.ok(!osgpResponseMessage(nmLooking, DEFAULT_CARRIAGE).ok);
  const m = osgpResponseMessage({ kind: "message", code: 0x00, data: parseHex("7a d0 6d") }, DEFAULT_CARRIAGE);
  assert.ok(m.ok);
  assert.deepEqual(m.value, parseHex("7a d0 6d"));
});
