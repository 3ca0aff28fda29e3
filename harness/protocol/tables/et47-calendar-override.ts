import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readSTimeDate, writeSTimeDate, type STimeDate } from "../types/time-types";

/**
 * ET47 Calendar Override Settings (8.2.1 manual override options).
 *
 * PROVISIONAL: the sources name the table, not its layout. Ours, with the VCI of 6.4:
 *   0  UINT8       layout version, 1                                   F
 *   1  UINT8       mode: 0 no override, 1 until the end time, 2 until cancelled   H
 *   2  UINT8       tier forced while the override is in force         H
 *   3  STIME_DATE  end time (UTC), mode 1 only; all zero otherwise    H
 *   8  UINT8       bit 0: an override is in force now                 M
 * A host writes bytes 1..7 (a partial write); byte 0 and byte 8 are refused (6.4).
 */
export const ET47 = EXTENDED_BASE + 47;
export const ET47_SIZE = 9;
export const ET47_VERSION = 1;
export const ET47_OFFSETS = { version: 0, mode: 1, tier: 2, end: 3, status: 8 } as const;
/** The host-controlled bytes: mode, tier and end time. */
export const ET47_HOST_RANGE = { offset: 1, length: 7 } as const;

export const OVERRIDE_MODE = { off: 0, untilTime: 1, untilCancelled: 2 } as const;

export interface OverrideSettings {
  readonly mode: number;
  readonly tier: number;
  readonly end: STimeDate | null;
}

export interface CalendarOverride extends OverrideSettings {
  readonly version: number;
  readonly inForce: boolean;
}

export function decodeCalendarOverride(bytes: Uint8Array): Decoded<CalendarOverride> {
  return decodeWith(bytes, "ET47", (r) => ({
    version: r.u8("version"),
    mode: r.u8("mode"),
    tier: r.u8("tier"),
    end: readSTimeDate(r, "end"),
    inForce: (r.u8("status") & 1) === 1,
  }));
}

export function encodeCalendarOverride(v: CalendarOverride): Uint8Array {
  const w = new ByteWriter("ET47").u8(v.version, "version");
  writeOverrideSettings(w, v);
  return w.u8(v.inForce ? 1 : 0, "status").toBytes();
}

/** The host part alone (bytes 1..7), what a client writes. */
export function encodeOverrideSettings(v: OverrideSettings): Uint8Array {
  const w = new ByteWriter("ET47");
  writeOverrideSettings(w, v);
  return w.toBytes();
}

function writeOverrideSettings(w: ByteWriter, v: OverrideSettings): void {
  w.u8(v.mode, "mode").u8(v.tier, "tier");
  writeSTimeDate(w, v.end, "end");
}
