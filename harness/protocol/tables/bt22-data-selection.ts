import type { ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { decodeSet, encodeSet } from "../types/bit-fields";
import type { RegisterDimensions } from "./bt21-register-dimensions";

/**
 * BT22 Data Selection (8.4): which source each register of BT23-BT26 holds, C12.19 layout from BT21:
 *   SUMMATION_SELECT  ARRAY[NBR_SUMMATIONS] OF UINT8
 *   DEMAND_SELECT     ARRAY[NBR_DEMANDS] OF UINT8
 *   MIN_OR_MAX_FLAGS  SET((NBR_DEMANDS + 7) / 8)    bit set = the demand keeps a minimum
 *   COINCIDENT_SELECT ARRAY[NBR_COIN_VALUES] OF UINT8
 *   COIN_DEMAND_ASSOC ARRAY[NBR_COIN_VALUES] OF UINT8 (index into DEMAND_SELECT)
 * A source id names a quantity; the table using it says whether it is energy (summation), demand
 * or present power. Ids seen on NES meters (as hendrikb/esphome-osgp-meter reads them):
 * 0 forward active, 1 reverse active, per tier t (0-based) 29 + 11t forward and 30 + 11t reverse.
 */
export const BT22 = 22;

export const NES_SOURCE = {
  forwardActive: 0,
  reverseActive: 1,
  tierForward: (t: number): number => 29 + 11 * t,
  tierReverse: (t: number): number => 30 + 11 * t,
} as const;

export interface DataSelection {
  readonly summationSources: readonly number[];
  readonly demandSources: readonly number[];
  /** One per demand: true when the demand register keeps a minimum instead of a maximum. */
  readonly minimumDemands: readonly boolean[];
  readonly coincidentSources: readonly number[];
  /** One per coincident value: the index of the demand whose extreme it is captured at. */
  readonly coincidentDemands: readonly number[];
}

type Dims = Pick<RegisterDimensions, "summations" | "demands" | "coincidents">;

export function dataSelectionSize(d: Dims): number {
  return d.summations + d.demands + Math.ceil(d.demands / 8) + 2 * d.coincidents;
}

function readIds(r: ByteReader, n: number, field: string): number[] {
  return Array.from({ length: n }, (_, i) => r.u8(`${field}[${i}]`));
}

export function decodeDataSelection(bytes: Uint8Array, d: Dims): Decoded<DataSelection> {
  return decodeWith(bytes, "BT22", (r) => ({
    summationSources: readIds(r, d.summations, "summationSources"),
    demandSources: readIds(r, d.demands, "demandSources"),
    minimumDemands: decodeSet(r.bytes(Math.ceil(d.demands / 8), "minimumDemands")).slice(0, d.demands),
    coincidentSources: readIds(r, d.coincidents, "coincidentSources"),
    coincidentDemands: readIds(r, d.coincidents, "coincidentDemands"),
  }));
}

export function encodeDataSelection(v: DataSelection, d: Dims): Uint8Array {
  const w = new ByteWriter("BT22");
  const ids = (list: readonly number[], n: number, field: string) => {
    if (list.length !== n) w.fail(field, `needs ${n} entries, got ${list.length}`);
    list.forEach((id, i) => w.u8(id, `${field}[${i}]`));
  };
  ids(v.summationSources, d.summations, "summationSources");
  ids(v.demandSources, d.demands, "demandSources");
  w.bytes(encodeSet(v.minimumDemands, Math.ceil(d.demands / 8), "BT22.minimumDemands"), "minimumDemands");
  ids(v.coincidentSources, d.coincidents, "coincidentSources");
  ids(v.coincidentDemands, d.coincidents, "coincidentDemands");
  return w.toBytes();
}
