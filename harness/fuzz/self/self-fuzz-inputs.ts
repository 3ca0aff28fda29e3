import fc from "fast-check";
import { encodeLinkRequest } from "../../link/c1218/link-services";
import { encodePacket } from "../../link/c1218/packet";
import { cnipDataPacket, encodeCnipPacket } from "../../link/cnip/cnip-header";
import { encodeMepFrame } from "../../link/mep/mep-frame";
import { encodeTableRequest, TABLE_SERVICE_CODES } from "../../protocol/table-requests";
import { encodeReadResponse } from "../../protocol/table-responses";
import { encodeTransaction } from "../../protocol/transactions";
import { encodeGeneralConfiguration } from "../../protocol/tables/bt00-general-configuration";
import { encodeProcedureInitiate } from "../../protocol/tables/bt07-procedure-initiate";
import { encodeClock } from "../../protocol/tables/bt52-clock";
import { protectRequest as aesProtect } from "../../security/aes128-psk";
import { protectRequest as rc4Protect } from "../../security/rc4-psk";
import { arbMutated } from "../arbitraries/byte-mutations";
import { arbLinkRequest } from "../arbitraries/link-requests";
import { arbPacket } from "../arbitraries/packets";
import { arbTableRequest } from "../arbitraries/table-requests";
import { arbReadResponse } from "../arbitraries/table-responses";
import { arbClock, arbGeneralConfiguration, arbProcedureInitiate } from "../arbitraries/tables";
import { SELF_FUZZ_AES_KEY, SELF_FUZZ_RC4_KEYS } from "./decoder-arguments";

/**
 * The bytes the self-fuzz feeds a decoder: random bytes of every short length (every truncation
 * point), random bytes behind a first byte that a decoder dispatches on, and, where the module has
 * an encoder, well-formed encodings damaged by one to three mutations, which get past the first
 * checks and into the fields behind them.
 */
const FIRST_BYTES = [
  0x00,
  0x06,
  0x0b,
  0x0c,
  0x15,
  0x20,
  0x21,
  ...TABLE_SERVICE_CODES,
  0x50,
  0x51,
  0x52,
  0x60,
  0x61,
  0x6b,
  0x70,
  0x7f,
  0x80,
  0xee,
  0xff,
];

export const arbRandomInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc.uint8Array({ maxLength: 400 }),
  fc
    .tuple(fc.constantFrom(...FIRST_BYTES), fc.uint8Array({ maxLength: 60 }))
    .map(([first, rest]) => Uint8Array.of(first, ...rest)),
);

const payload = fc.uint8Array({ minLength: 1, maxLength: 60 });
const codec = fc.constantFrom({ checksum: true }, { checksum: false });

/** Well-formed inputs by decoder id; ids not listed get random input only. */
const VALID: Readonly<Record<string, fc.Arbitrary<Uint8Array>>> = {
  "link/c1218/packet#decodePacket": arbPacket(80).map(encodePacket),
  "link/c1218/link-services#decodeLinkRequest": arbLinkRequest.map(encodeLinkRequest),
  "link/cnip/cnip-header#decodeCnipPacket": payload.map((p) => encodeCnipPacket(cnipDataPacket({ payload: p }))),
  "link/mep/mep-frame#decodeMepFrame": payload.map((p) => encodeMepFrame(p)),
  "protocol/table-requests#decodeTableRequest": fc
    .tuple(arbTableRequest, codec)
    .map(([r, c]) => encodeTableRequest(r, c)),
  "protocol/table-responses#decodeReadResponse": fc
    .tuple(arbReadResponse, codec)
    .map(([r, c]) => encodeReadResponse(r, c)),
  "protocol/transactions#decodeTransaction": fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), fc.array(payload, { maxLength: 4 }))
    .map(([number, entries]) => encodeTransaction({ type: 0, number, entries }, "le")),
  "protocol/tables/bt00-general-configuration#decodeGeneralConfiguration":
    arbGeneralConfiguration.map(encodeGeneralConfiguration),
  "protocol/tables/bt07-procedure-initiate#decodeProcedureInitiate": arbProcedureInitiate.map((p) =>
    encodeProcedureInitiate(p, "le"),
  ),
  "protocol/tables/bt52-clock#decodeClock": arbClock.map(encodeClock),
  "security/rc4-psk#unprotectRequest": fc
    .tuple(payload, fc.integer({ min: 0, max: 0xffffffff }), fc.boolean())
    .map(([apdu, seq, encrypt]) => rc4Protect(SELF_FUZZ_RC4_KEYS, apdu, seq, { encrypt }).frame),
  "security/aes128-psk#unprotectRequest": fc
    .tuple(payload, fc.integer({ min: 0, max: 0xffffffff }))
    .map(([apdu, seq]) => aesProtect(SELF_FUZZ_AES_KEY, apdu, seq).frame),
};

export function arbInputFor(decoderId: string): fc.Arbitrary<Uint8Array> {
  const valid = VALID[decoderId];
  return valid === undefined ? arbRandomInput : fc.oneof(arbRandomInput, arbMutated(valid), valid);
}

/** A stream in chunks, each with the time it arrives: what a reassembler or a link machine is fed. */
export const arbChunks: fc.Arbitrary<readonly (readonly [Uint8Array, number])[]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      arbMutated(arbPacket(60).map(encodePacket)),
      arbMutated(payload.map((p) => encodeMepFrame(p))),
    ),
    fc.integer({ min: 0, max: 3000 }),
  ),
  { maxLength: 12 },
);
