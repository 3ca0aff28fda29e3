import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readSTimeDate, STIME_DATE_SIZE, writeSTimeDate, type STimeDate } from "../types/time-types";

/**
 * ET40 Demand Configuration (8.15). The table's name is NES's; its layout is not public.
 * PROVISIONAL layout (ours), a configuration part the host writes and a status part the meter keeps:
 *   0      UINT8              number of demands D (M: the meter's dimension, BT21 NBR_DEMANDS)
 *   1      UINT8              interval length, minutes (H): 1..60 and a divisor of 60
 *   2      UINT8              sub-intervals per interval (H): 1 = block demand, n > 1 = rolling
 *                             demand recalculated every interval/n minutes; divides the interval
 *   3      ARRAY[D] OF UINT8  demand source ids (H), as BT22's DEMAND_SELECT
 *   3+D    STIME_DATE         start of the demand calculation (M): initialisation or reconfiguration
 *   8+D    STIME_DATE         end of the last completed (sub-)interval (M), zero until one closes
 *   13+D   ARRAY[D] OF INT32  previous demand, W (M): the demand of that completed interval
 * Intervals are aligned on the meter's clock (whole multiples of interval/n minutes since midnight).
 */
export const ET40 = EXTENDED_BASE + 40;

export interface DemandConfiguration {
  readonly demands: number;
  readonly intervalMinutes: number;
  readonly subIntervals: number;
  readonly sources: readonly number[];
}

export interface DemandStatus {
  readonly calculationStart: STimeDate | null;
  readonly lastIntervalEnd: STimeDate | null;
  readonly previousDemands: readonly number[];
}

export interface DemandTable {
  readonly configuration: DemandConfiguration;
  readonly status: DemandStatus;
}

export function demandConfigurationSize(demands: number): number {
  return 3 + demands;
}

export function demandTableSize(demands: number): number {
  return demandConfigurationSize(demands) + 2 * STIME_DATE_SIZE + 4 * demands;
}

/** Why a configuration cannot be used (the meter refuses to take it), or null. */
export function demandConfigurationProblem(c: DemandConfiguration): string | null {
  if (c.intervalMinutes < 1 || c.intervalMinutes > 60 || 60 % c.intervalMinutes !== 0)
    return `interval length ${c.intervalMinutes} min is not a divisor of 60`;
  if (c.subIntervals < 1 || c.intervalMinutes % c.subIntervals !== 0)
    return `${c.subIntervals} sub-intervals do not divide a ${c.intervalMinutes}-minute interval`;
  if (new Set(c.sources).size !== c.sources.length) return "a demand source is listed twice";
  return null;
}

export function decodeDemandTable(bytes: Uint8Array, order: ByteOrder): Decoded<DemandTable> {
  return decodeWith(bytes, "ET40", (r) => {
    const demands = r.u8("demands");
    const configuration = {
      demands,
      intervalMinutes: r.u8("intervalMinutes"),
      subIntervals: r.u8("subIntervals"),
      sources: Array.from({ length: demands }, (_, i) => r.u8(`sources[${i}]`)),
    };
    const status = {
      calculationStart: readSTimeDate(r, "calculationStart"),
      lastIntervalEnd: readSTimeDate(r, "lastIntervalEnd"),
      previousDemands: Array.from({ length: demands }, (_, i) => r.int(4, order, `previousDemands[${i}]`)),
    };
    return { configuration, status };
  });
}

export function encodeDemandConfiguration(c: DemandConfiguration): Uint8Array {
  const w = new ByteWriter("ET40");
  if (c.sources.length !== c.demands) w.fail("sources", `needs ${c.demands} entries, got ${c.sources.length}`);
  w.u8(c.demands, "demands").u8(c.intervalMinutes, "intervalMinutes").u8(c.subIntervals, "subIntervals");
  c.sources.forEach((s, i) => w.u8(s, `sources[${i}]`));
  return w.toBytes();
}

export function encodeDemandTable(v: DemandTable, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET40");
  w.bytes(encodeDemandConfiguration(v.configuration), "configuration");
  writeSTimeDate(w, v.status.calculationStart, "calculationStart");
  writeSTimeDate(w, v.status.lastIntervalEnd, "lastIntervalEnd");
  if (v.status.previousDemands.length !== v.configuration.demands)
    w.fail("previousDemands", `needs ${v.configuration.demands} entries`);
  v.status.previousDemands.forEach((d, i) => w.int(d, 4, order, `previousDemands[${i}]`));
  return w.toBytes();
}
