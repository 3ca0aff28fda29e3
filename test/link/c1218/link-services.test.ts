import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  arbIdentifyResponse,
  arbLinkRequest,
  arbNegotiateResponse,
} from "../../../harness/fuzz/arbitraries/link-requests";
import {
  baudCodeOf,
  decodeIdentifyResponse,
  decodeLinkRequest,
  decodeNegotiateResponse,
  describeLinkRequest,
  encodeIdentifyResponse,
  encodeLinkRequest,
  encodeNegotiateResponse,
  isLinkServiceCode,
  type LinkServiceRequest,
} from "../../../harness/link/c1218/link-services";

const PASSWORD = Uint8Array.from("secret12", (c) => c.charCodeAt(0));
const PADDED = new Uint8Array(20);
PADDED.set(PASSWORD);

const CASES: [string, LinkServiceRequest][] = [
  ["20", { service: "identify" }],
  ["21", { service: "terminate" }],
  ["52", { service: "logoff" }],
  ["50 00 02 4f 53 47 50 20 20 20 20 20 20", { service: "logon", userId: 2, user: "OSGP      " }],
  [
    `51 ${Array.from(PADDED, (b) => b.toString(16).padStart(2, "0")).join(" ")}`,
    { service: "security", password: PADDED },
  ],
  ["60 00 40 02", { service: "negotiate", packetSize: 64, packetCount: 2, baudCodes: [] }],
  ["61 00 40 02 06", { service: "negotiate", packetSize: 64, packetCount: 2, baudCodes: [6] }],
  ["63 01 00 01 06 08 0a", { service: "negotiate", packetSize: 256, packetCount: 1, baudCodes: [6, 8, 10] }],
  ["70 05", { service: "wait", seconds: 5 }],
];

test("link service requests of C12.18, both ways", () => {
  for (const [hex, req] of CASES) {
    assert.deepEqual(encodeLinkRequest(req), parseHex(hex), hex);
    assert.deepEqual(decodeLinkRequest(parseHex(hex)), { ok: true, value: req }, hex);
  }
});

test("logon pads the user name with spaces to 10 characters", () => {
  assert.deepEqual(
    encodeLinkRequest({ service: "logon", userId: 2, user: "OSGP" }),
    parseHex("50 00 02 4f 53 47 50 20 20 20 20 20 20"),
  );
  assert.throws(() => encodeLinkRequest({ service: "logon", userId: 2, user: "ELEVENCHARS" }), /OSGP_ERR_ENCODE_RANGE/);
  // A PIXIT user name with a character that is not one byte must not go out silently changed.
  assert.throws(() => encodeLinkRequest({ service: "logon", userId: 2, user: "OSGP\u20ac" }), /OSGP_ERR_ENCODE_RANGE/);
  assert.deepEqual(
    encodeLinkRequest({ service: "logon", userId: 0, user: "\u00e9" }).subarray(3, 5),
    Uint8Array.of(0xe9, 0x20),
  );
});

test("encoders refuse a short password, too many baud codes and out-of-range numbers", () => {
  assert.throws(() => encodeLinkRequest({ service: "security", password: PASSWORD }), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(
    () =>
      encodeLinkRequest({
        service: "negotiate",
        packetSize: 64,
        packetCount: 1,
        baudCodes: new Array<number>(12).fill(6),
      }),
    /OSGP_ERR_ENCODE_RANGE/,
  );
  assert.throws(
    () => encodeLinkRequest({ service: "negotiate", packetSize: 65536, packetCount: 1, baudCodes: [] }),
    /OSGP_ERR_ENCODE_RANGE/,
  );
  assert.throws(() => encodeLinkRequest({ service: "wait", seconds: 256 }), /OSGP_ERR_ENCODE_RANGE/);
});

test("decode errors: unknown code, truncated fields, trailing bytes", () => {
  const unknown = decodeLinkRequest(parseHex("22"));
  assert.equal(!unknown.ok && unknown.error.code, "OSGP_ERR_UNKNOWN_CODE");
  assert.equal(!unknown.ok && unknown.error.offset, 0);
  // 0x6B is the last negotiate code (11 baud codes).
  const past = decodeLinkRequest(parseHex("6c 00 40 02"));
  assert.equal(!past.ok && past.error.code, "OSGP_ERR_UNKNOWN_CODE");
  const shortBaud = decodeLinkRequest(parseHex("62 00 40 02 06"));
  assert.equal(!shortBaud.ok && shortBaud.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!shortBaud.ok && shortBaud.error.path, "request.baudCode[1]");
  const shortPassword = decodeLinkRequest(new Uint8Array(20).fill(0x51));
  assert.equal(!shortPassword.ok && shortPassword.error.code, "OSGP_ERR_TRUNCATED");
  const trailing = decodeLinkRequest(parseHex("20 00"));
  assert.equal(!trailing.ok && trailing.error.code, "OSGP_ERR_TRAILING_BYTES");
});

test("service codes and baud codes", () => {
  for (const code of [0x20, 0x21, 0x50, 0x51, 0x52, 0x60, 0x61, 0x6b, 0x70])
    assert.equal(isLinkServiceCode(code), true, code.toString(16));
  for (const code of [0x00, 0x22, 0x30, 0x40, 0x53, 0x6c, 0x71])
    assert.equal(isLinkServiceCode(code), false, code.toString(16));
  assert.equal(baudCodeOf(9600), 6);
  assert.equal(baudCodeOf(300), 1);
  assert.equal(baudCodeOf(57600), 10);
  assert.equal(baudCodeOf(115200), undefined);
});

test("describeLinkRequest never shows the password", () => {
  const text = describeLinkRequest({ service: "security", password: PADDED });
  assert.match(text, /redacted/);
  assert.ok(!text.includes("secret12"));
  assert.equal(
    describeLinkRequest({ service: "negotiate", packetSize: 64, packetCount: 2, baudCodes: [6] }),
    "negotiate packet size 64 count 2 baud 9600",
  );
  assert.equal(describeLinkRequest({ service: "logon", userId: 2, user: "OSGP      " }), 'logon user id 2 user "OSGP"');
});

test("identify response: ok, standard, version, revision, features, end of list", () => {
  assert.deepEqual(decodeIdentifyResponse(parseHex("00 00 01 00 00")), {
    ok: true,
    value: { code: 0, standard: 0, version: 1, revision: 0, features: [] },
  });
  assert.deepEqual(decodeIdentifyResponse(parseHex("00 00 02 00 05 06 00")), {
    ok: true,
    value: { code: 0, standard: 0, version: 2, revision: 0, features: [5, 6] },
  });
  // Lenient: a missing end-of-list is accepted, as termineter and esphome-osgp-meter only check the code.
  assert.deepEqual(decodeIdentifyResponse(parseHex("00 00 01 00")), {
    ok: true,
    value: { code: 0, standard: 0, version: 1, revision: 0, features: [] },
  });
  assert.deepEqual(decodeIdentifyResponse(parseHex("0a")), { ok: true, value: { code: 0x0a } });
  // C12.18-2006 feature parameters may be 0x00 (a session-control byte of 0): the list is kept as bytes.
  assert.deepEqual(decodeIdentifyResponse(parseHex("00 00 02 00 07 00 00")), {
    ok: true,
    value: { code: 0, standard: 0, version: 2, revision: 0, features: [7, 0] },
  });
  assert.equal(decodeIdentifyResponse(parseHex("00 00 01")).ok, false, "ok without the revision is cut short");
  assert.deepEqual(
    encodeIdentifyResponse({ code: 0, standard: 0, version: 1, revision: 0 }),
    parseHex("00 00 01 00 00"),
  );
});

test("negotiate response: ok, packet size, count, optional baud code", () => {
  assert.deepEqual(decodeNegotiateResponse(parseHex("00 00 40 02 06")), {
    ok: true,
    value: { code: 0, packetSize: 64, packetCount: 2, baudCode: 6 },
  });
  assert.deepEqual(decodeNegotiateResponse(parseHex("00 00 40 02")), {
    ok: true,
    value: { code: 0, packetSize: 64, packetCount: 2 },
  });
  assert.deepEqual(decodeNegotiateResponse(parseHex("09")), { ok: true, value: { code: 9 } });
  assert.deepEqual(
    encodeNegotiateResponse({ code: 0, packetSize: 64, packetCount: 2, baudCode: 6 }),
    parseHex("00 00 40 02 06"),
  );
  assert.equal(decodeNegotiateResponse(parseHex("00 00 40 02 06 06")).ok, false);
});

test("every link request and response round-trips", () => {
  fc.assert(
    fc.property(arbLinkRequest, arbIdentifyResponse, arbNegotiateResponse, (req, ident, neg) => {
      assert.deepEqual(decodeLinkRequest(encodeLinkRequest(req)), { ok: true, value: req });
      assert.deepEqual(decodeIdentifyResponse(encodeIdentifyResponse(ident)), { ok: true, value: ident });
      assert.deepEqual(decodeNegotiateResponse(encodeNegotiateResponse(neg)), { ok: true, value: neg });
    }),
    { numRuns: 1000 },
  );
});
