import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET34 Additional M-Bus Device Configuration (8.18): one entry of ET11's ET34 entry size per
 * channel. The poll rate is as a client of real NES meters reads it ([ESP] osgp_mbus.cpp
 * parse_load_profile_poll_rate); PROVISIONAL: the retry count is ours.
 *   @0 UINT16 load-profile poll rate, minutes (0: at every load-profile interval)   [ESP]
 *   @2 UINT8  retries of a read a power outage interrupted (8.18.1.4): 0 = give it up
 *   @3 UINT8  reserved (0)
 * The load-profile poll rate belongs to 8.5.2 (M-Bus load profile); this group stores it only.
 */
export const ET34 = EXTENDED_BASE + 34;
export const ET34_ENTRY_MIN_SIZE = 4;

export interface MbusAdditionalConfig {
  readonly pollRateMinutes: number;
  readonly outageRetries: number;
}

export function decodeMbusAdditionalConfig(bytes: Uint8Array, order: ByteOrder): Decoded<MbusAdditionalConfig> {
  return decodeWith(bytes, "ET34 entry", (r) => {
    const pollRateMinutes = r.uint(2, order, "pollRateMinutes");
    const outageRetries = r.u8("outageRetries");
    r.rest();
    return { pollRateMinutes, outageRetries };
  });
}

export function encodeMbusAdditionalConfig(c: MbusAdditionalConfig, order: ByteOrder, entrySize: number): Uint8Array {
  const w = new ByteWriter("ET34 entry")
    .uint(c.pollRateMinutes, 2, order, "pollRateMinutes")
    .u8(c.outageRetries, "outageRetries");
  if (w.length > entrySize) w.fail("entry", `needs ${w.length} bytes; the entry holds ${entrySize}`);
  return w.bytes(new Uint8Array(entrySize - w.length), "reserved").toBytes();
}
