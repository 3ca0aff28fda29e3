import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeCalendarOverride,
  encodeCalendarOverride,
  ET47,
  ET47_OFFSETS,
  ET47_SIZE,
  ET47_VERSION,
  OVERRIDE_MODE,
  type OverrideSettings,
} from "../../../protocol/tables/et47-calendar-override";
import { epochMsToLTimeDate, lTimeDateToEpochMs } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { overlaid, type SimTable } from "../../sim-table";
import type { Pendable } from "./pending-tables";

/**
 * 8.2.1 manual override (ET47, PROVISIONAL layout): a tier forced until a UTC time (to the minute)
 * or until cancelled, over whatever the calendar says. A write giving a mode other than 0..2, a tier
 * the meter lacks, or mode 1 without an end time is answered onp and changes nothing; an end time
 * already past is taken and is simply not in force. ET47 can be written pending (6.3).
 */
export interface CalendarOverrideFunction {
  readonly table: SimTable;
  readonly pendable: Pendable;
  /** The tier the override forces at `utcMs`, or null when none is in force. */
  forcedTier(utcMs: number): number | null;
}

interface Settings {
  readonly mode: number;
  readonly tier: number;
  readonly endMs: number | null;
}

export function calendarOverride(ctx: DeviceContext): CalendarOverrideFunction {
  let settings: Settings = { mode: OVERRIDE_MODE.off, tier: 0, endMs: null };
  const forcedTier = (utcMs: number): number | null => {
    const s = settings;
    if (s.mode === OVERRIDE_MODE.untilCancelled) return s.tier;
    if (s.mode !== OVERRIDE_MODE.untilTime || s.endMs === null) return null;
    return utcMs < s.endMs || ctx.defects.has("override-never-expires") ? s.tier : null;
  };
  const image = (): Uint8Array => {
    const s = settings;
    const v: OverrideSettings = {
      mode: s.mode,
      tier: s.tier,
      end: s.endMs === null ? null : epochMsToLTimeDate(s.endMs),
    };
    return encodeCalendarOverride({ ...v, version: ET47_VERSION, inForce: forcedTier(ctx.clock.nowMs()) !== null });
  };
  const settingsOf = (bytes: Uint8Array): Settings | null => {
    const d = decodeCalendarOverride(bytes);
    if (!d.ok) return null;
    const v = d.value;
    if (v.mode > OVERRIDE_MODE.untilCancelled || v.tier >= ctx.metering.shape.tiers) return null;
    if (v.mode === OVERRIDE_MODE.untilTime && v.end === null) return null;
    return { mode: v.mode, tier: v.tier, endMs: v.end === null ? null : lTimeDateToEpochMs({ ...v.end, second: 0 }) };
  };
  const table: SimTable = {
    id: ET47,
    readLevel: "reader",
    writeLevel: "provisioning",
    vci: [
      { offset: ET47_OFFSETS.version, length: 1, vci: "F" },
      { offset: ET47_OFFSETS.mode, length: ET47_OFFSETS.status - ET47_OFFSETS.mode, vci: "H" },
      { offset: ET47_OFFSETS.status, length: ET47_SIZE - ET47_OFFSETS.status, vci: "M" },
    ],
    image,
    write(offset, data) {
      const next = settingsOf(overlaid(image(), offset, data));
      if (next === null) return RESPONSE_CODE.onp;
      settings = next;
      return RESPONSE_CODE.ok;
    },
  };
  return { table, pendable: { table, accepts: (bytes) => settingsOf(bytes) !== null }, forcedTier };
}
