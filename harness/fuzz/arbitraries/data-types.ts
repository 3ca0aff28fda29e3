import fc from "fast-check";
import { plainRecord } from "./plain-record";
import type { ByteOrder } from "../../bytes/cursor";
import type { AnsiDate } from "../../protocol/types/ansi-date";
import { INTEGER_TYPES, type IntegerType, type IntegerValue } from "../../protocol/types/integers";
import type { RDate } from "../../protocol/types/rdate";
import type { TimeDateQualifier } from "../../protocol/types/time-date-qualifier";
import { epochMsToLTimeDate, type LTimeDate, type STimeDate, type TimeOfDay } from "../../protocol/types/time-types";

/**
 * Values of the 6.2 data types that their encoders accept. Calendar dates come from fc.date, so a
 * day that does not exist (Feb 30, Feb 29 of 2023) is never generated, without relying on the
 * harness's own daysInMonth.
 */
export const arbByteOrder: fc.Arbitrary<ByteOrder> = fc.constantFrom("le", "be");

/** Two-digit years of LTIME_DATE/STIME_DATE cover 2000..2099. */
const utcDate = (maxYear: number): fc.Arbitrary<Date> =>
  fc.date({
    min: new Date(Date.UTC(2000, 0, 1)),
    max: new Date(Date.UTC(maxYear, 11, 31, 23, 59, 59)),
    noInvalidDate: true,
  });

export const arbLTimeDate: fc.Arbitrary<LTimeDate> = utcDate(2099).map((d) => epochMsToLTimeDate(d.getTime()));

export const arbSTimeDate: fc.Arbitrary<STimeDate> = arbLTimeDate.map(({ year, month, day, hour, minute }) => ({
  year,
  month,
  day,
  hour,
  minute,
}));

export const arbTimeOfDay: fc.Arbitrary<TimeOfDay> = plainRecord({
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
});

/** ANSI_DATE's YEAR has 7 bits, so it reaches 2127. */
export const arbAnsiDate: fc.Arbitrary<AnsiDate> = utcDate(2127).map((d) => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
}));

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });

export const arbRDate: fc.Arbitrary<RDate> = fc.oneof(
  fc.constant({ kind: "unassigned" as const }),
  plainRecord({
    kind: fc.constant("date" as const),
    month: fc.integer({ min: 1, max: 12 }),
    offset: u(4),
    weekday: u(3),
    day: u(5),
  }),
  plainRecord({ kind: fc.constant("monthly" as const), offset: u(4), weekday: u(3), day: u(5) }),
  plainRecord({ kind: fc.constant("weekly" as const), weekday: u(3) }),
  plainRecord({ kind: fc.constant("periodic" as const), period: u(6), delta: u(6) }),
);

export const arbTimeDateQualifier: fc.Arbitrary<TimeDateQualifier> = plainRecord({
  dayOfWeek: u(3),
  dst: u(1),
  gmt: u(1),
  timeZoneApplied: u(1),
  dstApplied: u(1),
  dstSupported: u(1),
});

/** BCD as readBcd returns it: exactly two digits per byte. */
export const arbBcdDigits = (byteCount: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 2 * byteCount, maxLength: 2 * byteCount });

/** The full range of one integer type of 6.2; INT64/UINT64 as bigint, like readInteger. */
export function arbInteger<T extends IntegerType>(type: T): fc.Arbitrary<IntegerValue<T>> {
  const { width, signed } = INTEGER_TYPES[type];
  const bits = 8 * width;
  if (width === 8) {
    const big = signed
      ? fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })
      : fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    return big as fc.Arbitrary<IntegerValue<T>>;
  }
  const int = signed
    ? fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 })
    : fc.integer({ min: 0, max: 2 ** bits - 1 });
  return int as fc.Arbitrary<IntegerValue<T>>;
}
