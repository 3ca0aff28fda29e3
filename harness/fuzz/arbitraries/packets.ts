import fc from "fast-check";
import { plainRecord } from "./plain-record";
import type { Packet } from "../../link/c1218/packet";

/** Any C12.18 packet the encoder accepts, with data up to `maxData` bytes (the length field allows 8183). */
export const arbPacket = (maxData = 300): fc.Arbitrary<Packet> =>
  plainRecord({
    identity: fc.integer({ min: 0, max: 0xff }),
    multiPacket: fc.boolean(),
    firstPacket: fc.boolean(),
    toggle: fc.boolean(),
    dataFormat: fc.integer({ min: 0, max: 3 }),
    reservedBits: fc.integer({ min: 0, max: 7 }),
    sequence: fc.integer({ min: 0, max: 0xff }),
    data: fc.uint8Array({ maxLength: maxData }),
  });
