import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits } from "../types/bit-fields";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { packTimeDateQualifier, unpackTimeDateQualifier, type TimeDateQualifier } from "../types/time-date-qualifier";

/**
 * BP10 Set Date and/or Time (C12.19 standard procedure 10; 8.3.1 absolute time synch).
 * Parameters: SET_MASK (bit 0 set time, bit 1 set date, bit 2 set the qualifier), DATE_TIME
 * (LTIME_DATE), TIME_DATE_QUAL. OSGP meters keep BT52 in UTC, so the date-time is UTC.
 */
export const BP10 = 10;
export const BP10_PARAMETER_SIZE = 8;

const MASK_BITS = { setTime: [0, 0], setDate: [1, 1], setQualifier: [2, 2], reserved: [3, 7] } as const;

export interface SetDateTimeParameters {
  readonly setTime: boolean;
  readonly setDate: boolean;
  readonly setQualifier: boolean;
  /** null is the all-zero LTIME_DATE, which no device can accept as a time to set. */
  readonly dateTime: LTimeDate | null;
  readonly qualifier: TimeDateQualifier;
}

export function decodeSetDateTime(bytes: Uint8Array): Decoded<SetDateTimeParameters> {
  return decodeWith(bytes, "BP10", (r) => {
    const mask = unpackBits(r.u8("setMask"), MASK_BITS);
    return {
      setTime: mask.setTime === 1,
      setDate: mask.setDate === 1,
      setQualifier: mask.setQualifier === 1,
      dateTime: readLTimeDate(r, "dateTime"),
      qualifier: unpackTimeDateQualifier(r.u8("qualifier")),
    };
  });
}

export function encodeSetDateTime(p: SetDateTimeParameters): Uint8Array {
  const w = new ByteWriter("BP10");
  w.u8(
    packBits(
      { setTime: +p.setTime, setDate: +p.setDate, setQualifier: +p.setQualifier, reserved: 0 },
      MASK_BITS,
      "BP10.setMask",
    ),
    "setMask",
  );
  writeLTimeDate(w, p.dateTime, "dateTime");
  return w.u8(packTimeDateQualifier(p.qualifier, "BP10.qualifier"), "qualifier").toBytes();
}
