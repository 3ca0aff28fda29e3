import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";

/**
 * BT20 Dimension Registers and BT21 Actual Registers (8.4): C12.19 REGS_DIM_RCD / REGS_ACT_RCD,
 * ten UINT8 fields. BT20 says what the device could hold, BT21 what it holds; every other billing
 * table (BT22-BT28) is laid out from BT21.
 *
 *   0 REG_FUNC1_BFLD   bit 0 season info field, 1 date/time field, 2 demand reset counter,
 *                      3 demand reset lock, 4 cumulative demand, 5 continuous cumulative demand,
 *                      6 time remaining
 *   1 REG_FUNC2_BFLD   bit 0 self-read inhibit overflow, 1 self-read sequence number,
 *                      2 daily self-read, 3 weekly self-read, bits 4..5 self-read/demand-reset link
 *   2 NBR_SELF_READS   3 NBR_SUMMATIONS   4 NBR_DEMANDS   5 NBR_COIN_VALUES   6 NBR_OCCUR
 *   7 NBR_TIERS        8 NBR_PRESENT_DEMANDS               9 NBR_PRESENT_VALUES
 *
 * hendrikb/esphome-osgp-meter reads "offset 5 = number of summations, 6 demands, 7 coincident,
 * 8 occurrences, 9 tiers"; that reader's buffer starts with the two count bytes of the read
 * response and then parses REG_FUNC1, REG_FUNC2, NBR_SELF_READS, NBR_SUMMATIONS ... in exactly the
 * C12.19 order, so in table data those fields are at 3..7, as here.
 */
export const BT20 = 20;
export const BT21 = 21;
export const REGISTER_DIMENSIONS_SIZE = 10;

const FUNC1_BITS = {
  seasonInfo: [0, 0],
  dateTime: [1, 1],
  demandResetCounter: [2, 2],
  demandResetLock: [3, 3],
  cumulativeDemand: [4, 4],
  continuousCumulativeDemand: [5, 5],
  timeRemaining: [6, 6],
  reserved: [7, 7],
} as const;

const FUNC2_BITS = {
  selfReadInhibitOverflow: [0, 0],
  selfReadSequenceNumber: [1, 1],
  dailySelfRead: [2, 2],
  weeklySelfRead: [3, 3],
  selfReadDemandReset: [4, 5],
  reserved: [6, 7],
} as const;

export type RegisterFunctions1 = BitFieldValues<typeof FUNC1_BITS>;
export type RegisterFunctions2 = BitFieldValues<typeof FUNC2_BITS>;

export interface RegisterDimensions {
  readonly functions1: RegisterFunctions1;
  readonly functions2: RegisterFunctions2;
  readonly selfReads: number;
  readonly summations: number;
  readonly demands: number;
  readonly coincidents: number;
  readonly occurrences: number;
  readonly tiers: number;
  readonly presentDemands: number;
  readonly presentValues: number;
}

export function decodeRegisterDimensions(bytes: Uint8Array): Decoded<RegisterDimensions> {
  return decodeWith(bytes, "BT21", (r) => ({
    functions1: unpackBits(r.u8("functions1"), FUNC1_BITS),
    functions2: unpackBits(r.u8("functions2"), FUNC2_BITS),
    selfReads: r.u8("selfReads"),
    summations: r.u8("summations"),
    demands: r.u8("demands"),
    coincidents: r.u8("coincidents"),
    occurrences: r.u8("occurrences"),
    tiers: r.u8("tiers"),
    presentDemands: r.u8("presentDemands"),
    presentValues: r.u8("presentValues"),
  }));
}

export function encodeRegisterDimensions(v: RegisterDimensions): Uint8Array {
  return new ByteWriter("BT21")
    .u8(packBits(v.functions1, FUNC1_BITS, "BT21.functions1"), "functions1")
    .u8(packBits(v.functions2, FUNC2_BITS, "BT21.functions2"), "functions2")
    .u8(v.selfReads, "selfReads")
    .u8(v.summations, "summations")
    .u8(v.demands, "demands")
    .u8(v.coincidents, "coincidents")
    .u8(v.occurrences, "occurrences")
    .u8(v.tiers, "tiers")
    .u8(v.presentDemands, "presentDemands")
    .u8(v.presentValues, "presentValues")
    .toBytes();
}

export function registerFunctions1(v: Partial<RegisterFunctions1>): RegisterFunctions1 {
  return { ...unpackBits(0, FUNC1_BITS), ...v };
}

export function registerFunctions2(v: Partial<RegisterFunctions2>): RegisterFunctions2 {
  return { ...unpackBits(0, FUNC2_BITS), ...v };
}

/** The counts of BT21 that exceed BT20's: a device may not hold more than it declares it could. */
export function dimensionsExceeded(actual: RegisterDimensions, limit: RegisterDimensions): string[] {
  const counts = [
    "selfReads",
    "summations",
    "demands",
    "coincidents",
    "occurrences",
    "tiers",
    "presentDemands",
    "presentValues",
  ] as const;
  return counts.filter((k) => actual[k] > limit[k]).map((k) => `${k} ${actual[k]} > ${limit[k]}`);
}
