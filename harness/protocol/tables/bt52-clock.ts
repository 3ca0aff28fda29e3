import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { packTimeDateQualifier, unpackTimeDateQualifier, type TimeDateQualifier } from "../types/time-date-qualifier";

/**
 * BT52 Clock (8.3): CLOCK_CALENDAR as LTIME_DATE (UTC on OSGP meters), then TIME_DATE_QUAL.
 * Some devices answer only the six clock bytes, so the qualifier is optional here; the suite
 * reads the clock from the first six bytes whatever the table's length.
 */
export const BT52 = 52;

export interface Clock {
  readonly clock: LTimeDate | null;
  readonly qualifier: TimeDateQualifier | null;
}

export function decodeClock(bytes: Uint8Array): Decoded<Clock> {
  return decodeWith(bytes, "BT52", (r) => ({
    clock: readLTimeDate(r, "clock"),
    qualifier: r.remaining > 0 ? unpackTimeDateQualifier(r.u8("qualifier")) : null,
  }));
}

export function encodeClock(v: Clock): Uint8Array {
  const w = new ByteWriter("BT52");
  writeLTimeDate(w, v.clock, "clock");
  if (v.qualifier !== null) w.u8(packTimeDateQualifier(v.qualifier, "BT52.qualifier"), "qualifier");
  return w.toBytes();
}
