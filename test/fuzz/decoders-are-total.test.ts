import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeWith, type Decoded } from "../../harness/bytes/decoded";
import { DecodeError, ERROR_CODES } from "../../harness/errors";
import {
  decodeIdentifyResponse,
  decodeLinkRequest,
  decodeNegotiateResponse,
} from "../../harness/link/c1218/link-services";
import { C1218Link } from "../../harness/link/c1218/link-state-machine";
import { decodePacket } from "../../harness/link/c1218/packet";
import { PacketReassembler } from "../../harness/link/c1218/packet-reassembler";
import { decodeSetDateTime } from "../../harness/protocol/procedures/bp10-set-date-time";
import { decodeClockDelta } from "../../harness/protocol/procedures/ep16-clock-delta";
import { decodeTableRequest } from "../../harness/protocol/table-requests";
import { decodeCodeOnlyResponse, decodeReadResponse, decodeWriteResponse } from "../../harness/protocol/table-responses";
import { decodeGeneralConfiguration } from "../../harness/protocol/tables/bt00-general-configuration";
import { decodeManufacturerIdentification } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { decodeEndDeviceModeStatus } from "../../harness/protocol/tables/bt03-end-device-mode-status";
import { decodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { decodeProcedureResponse } from "../../harness/protocol/tables/bt08-procedure-response";
import { decodeClock } from "../../harness/protocol/tables/bt52-clock";
import { decodeUtilityInformation } from "../../harness/protocol/tables/et03-utility-information";
import { readAnsiDate } from "../../harness/protocol/types/ansi-date";
import { readBcd } from "../../harness/protocol/types/bcd";
import { readChars } from "../../harness/protocol/types/char-array";
import { INTEGER_TYPES, readInteger, type IntegerType } from "../../harness/protocol/types/integers";
import { readRDate } from "../../harness/protocol/types/rdate";
import { readLTimeDate, readSTimeDate, readTime } from "../../harness/protocol/types/time-types";

/**
 * Every decoder, given any bytes, returns a value or a DecodeError with a known code and an offset
 * inside the input. Anything else (a TypeError, a RangeError from a read past the end) escapes
 * decodeWith and fails the property.
 */
const DECODERS: Record<string, (b: Uint8Array) => Decoded<unknown>> = {
  "table request (C12.18)": (b) => decodeTableRequest(b, { checksum: true }),
  "table request (MEP)": (b) => decodeTableRequest(b, { checksum: false }),
  "read response (C12.18)": (b) => decodeReadResponse(b, { checksum: true }),
  "read response (MEP)": (b) => decodeReadResponse(b, { checksum: false }),
  "write response": decodeWriteResponse,
  "code-only response": decodeCodeOnlyResponse,
  BT00: decodeGeneralConfiguration,
  "BT01 bcd": (b) => decodeManufacturerIdentification(b, "bcd"),
  "BT01 char": (b) => decodeManufacturerIdentification(b, "char"),
  "BT03 le 4": (b) => decodeEndDeviceModeStatus(b, "le", 4),
  "BT03 be 0": (b) => decodeEndDeviceModeStatus(b, "be", 0),
  "BT07 le": (b) => decodeProcedureInitiate(b, "le"),
  "BT07 be": (b) => decodeProcedureInitiate(b, "be"),
  "BT08 le": (b) => decodeProcedureResponse(b, "le"),
  BT52: decodeClock,
  ET03: decodeUtilityInformation,
  BP10: decodeSetDateTime,
  "EP16 le": (b) => decodeClockDelta(b, "le"),
  packet: decodePacket,
  "link request": decodeLinkRequest,
  "identify response": decodeIdentifyResponse,
  "negotiate response": decodeNegotiateResponse,
  LTIME_DATE: (b) => decodeWith(b, "", (r) => readLTimeDate(r, "v")),
  STIME_DATE: (b) => decodeWith(b, "", (r) => readSTimeDate(r, "v")),
  TIME: (b) => decodeWith(b, "", (r) => readTime(r, "v")),
  RDATE: (b) => decodeWith(b, "", (r) => readRDate(r, "le", "v")),
  ANSI_DATE: (b) => decodeWith(b, "", (r) => readAnsiDate(r, "be", "v")),
  "BCD(8)": (b) => decodeWith(b, "", (r) => readBcd(r, 8, "v")),
  "CHAR(4)": (b) => decodeWith(b, "", (r) => readChars(r, 4, "v")),
  ...Object.fromEntries(
    (Object.keys(INTEGER_TYPES) as IntegerType[]).map((t) => [t, (b: Uint8Array) => decodeWith(b, "", (r) => readInteger(r, t, "le", "v"))]),
  ),
};

/** Short inputs hit every truncation point; some start with a valid code or 0xEE to get further in. */
const arbInput = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 12 }),
  fc.tuple(fc.constantFrom(0x00, 0x0c, 0x20, 0x30, 0x3f, 0x40, 0x4f, 0x50, 0x51, 0x61, 0x6b, 0x70, 0xee), fc.uint8Array({ maxLength: 40 })).map(
    ([first, rest]) => Uint8Array.of(first, ...rest),
  ),
);

for (const [name, decode] of Object.entries(DECODERS)) {
  test(`${name}: any bytes give a value or a DecodeError, never an exception`, () => {
    fc.assert(
      fc.property(arbInput, (bytes) => {
        const copy = bytes.slice();
        const d = decode(bytes);
        assert.deepEqual(bytes, copy, "the decoder changed its input");
        if (d.ok) return;
        assert.ok(d.error instanceof DecodeError);
        assert.equal(typeof d.error.code, "string");
        assert.ok(d.error.code in ERROR_CODES, d.error.code);
        assert.ok(d.error.offset === undefined || (d.error.offset >= 0 && d.error.offset <= bytes.length), `offset ${d.error.offset} of ${bytes.length}`);
      }),
      { numRuns: 300 },
    );
  });
}

test("the reassembler and the link take any bytes, in any chunks, at any times, without throwing", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 12 }), (chunks) => {
      const r = new PacketReassembler({ interCharTimeoutMs: 500, maxDataLength: 56 });
      const link = new C1218Link({ identity: 0, ackTimeoutMs: 2000, interCharTimeoutMs: 500, retries: 3 });
      let now = 0;
      let seen = 0;
      let total = 0;
      for (const [chunk, step] of chunks) {
        now += step;
        total += chunk.length;
        for (const e of [...r.expire(now), ...r.push(chunk, now)]) seen += e.bytes.length;
        link.tick(now);
        link.receive(chunk, now);
      }
      for (const e of r.expire(now + 10_000)) seen += e.bytes.length;
      // Every byte is reported once, except header bytes re-scanned after a bad length.
      assert.ok(seen >= total, `${seen} of ${total} bytes reported`);
    }),
    { numRuns: 500 },
  );
});
