import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { fieldPlaces, layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET58 (MEA) Status Extension: the results of the periodic self-test (8.6). Meter-controlled.
 * PROVISIONAL layout (ours; NES's is not public), LSB first:
 *   0  UINT32 testCount       self-tests run since power-up
 *   4  UINT16 periodSeconds   how often the self-test runs (its phase is the meter's own)
 *   6  UINT8  failedTests     the tests that failed last time, one bit each (SELF_TEST bits)
 *   7  UINT8  errorCode       the error code of the first failed test (0: all passed)
 *   8  UINT16 failureCount    self-tests with any failure since power-up
 *   10 LTIME_DATE lastTest    when the last self-test ran (all zero: none yet)
 */
export const ET58 = EXTENDED_BASE + 58;

const LAYOUT = [
  ["testCount", 4],
  ["periodSeconds", 2],
  ["failedTests", 1],
  ["errorCode", 1],
  ["failureCount", 2],
] as const;

export const ET58_FIELDS = {
  ...fieldPlaces(LAYOUT),
  lastTest: { offset: layoutSize(LAYOUT), size: 6, signed: false },
} as const;
export const ET58_SIZE = layoutSize(LAYOUT) + 6;

/** The tests, their bit in failedTests, and the error code each reports (bit number + 1). */
export const SELF_TEST = { ram: 0, rom: 1, nonvolatileMemory: 2, clock: 3, measurement: 4 } as const;
export type SelfTestName = keyof typeof SELF_TEST;

export function selfTestErrorCode(test: SelfTestName): number {
  return SELF_TEST[test] + 1;
}

export interface StatusExtension extends UintRecord<typeof LAYOUT> {
  readonly lastTest: LTimeDate | null;
}

export function decodeStatusExtension(bytes: Uint8Array, order: ByteOrder): Decoded<StatusExtension> {
  return decodeWith(bytes, "ET58", (r) => ({
    ...readUints(r, LAYOUT, order, ""),
    lastTest: readLTimeDate(r, "lastTest"),
  }));
}

export function encodeStatusExtension(v: StatusExtension, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET58");
  writeUints(w, LAYOUT, v, order, "");
  writeLTimeDate(w, v.lastTest, "lastTest");
  return w.toBytes();
}
