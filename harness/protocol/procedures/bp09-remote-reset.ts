import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits } from "../types/bit-fields";

/**
 * BP09 Remote Reset (C12.19 standard procedure 9; 8.4 demand reset, 8.4.1/8.4.3 self-read on
 * demand). One parameter byte, ACTION_FLAG:
 *   bit 0 DEMAND_RESET_FLAG   reset the maximum demands (copying the registers into BT25 first)
 *   bit 1 SELF_READ_FLAG      take a self-read into BT26
 *   bit 2 SEASON_CHANGE_FLAG  copy the registers into BT24 and start season NEW_SEASON
 *   bits 3..6 NEW_SEASON      bit 7 reserved (0)
 * A byte that asks for nothing, or sets the reserved bit, is not a valid call ("invalid parameter").
 * C12.19 defines response data for this procedure that the sources do not give; we expect none.
 */
export const BP09 = 9;

const ACTION_BITS = {
  demandReset: [0, 0],
  selfRead: [1, 1],
  seasonChange: [2, 2],
  newSeason: [3, 6],
  reserved: [7, 7],
} as const;

export interface RemoteResetParameters {
  readonly demandReset: boolean;
  readonly selfRead: boolean;
  readonly seasonChange: boolean;
  readonly newSeason: number;
  readonly reserved: number;
}

export function decodeRemoteReset(bytes: Uint8Array): Decoded<RemoteResetParameters> {
  return decodeWith(bytes, "BP09", (r) => {
    const a = unpackBits(r.u8("actionFlag"), ACTION_BITS);
    return {
      demandReset: a.demandReset === 1,
      selfRead: a.selfRead === 1,
      seasonChange: a.seasonChange === 1,
      newSeason: a.newSeason,
      reserved: a.reserved,
    };
  });
}

export function encodeRemoteReset(p: Partial<RemoteResetParameters>): Uint8Array {
  const bits = {
    demandReset: +(p.demandReset ?? false),
    selfRead: +(p.selfRead ?? false),
    seasonChange: +(p.seasonChange ?? false),
    newSeason: p.newSeason ?? 0,
    reserved: p.reserved ?? 0,
  };
  return new ByteWriter("BP09").u8(packBits(bits, ACTION_BITS, "BP09.actionFlag"), "actionFlag").toBytes();
}

/** Why the meter must refuse the call ("invalid parameter"), or null when it asks for something valid. */
export function remoteResetProblem(p: RemoteResetParameters): string | null {
  if (p.reserved !== 0) return "the reserved bit 7 is set";
  if (!p.demandReset && !p.selfRead && !p.seasonChange) return "no action is asked for";
  return null;
}
