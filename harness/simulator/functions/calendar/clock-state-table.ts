import {
  BT55,
  CLOCK_STATE_SIZE,
  encodeClockState,
  NO_SPECIAL_SCHEDULE,
} from "../../../protocol/tables/bt55-clock-state";
import { dayOfWeek, epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import type { TouCalendar } from "./tou-calendar";

/** The tier in force and what drives it (BT55's tier drive: 0 calendar, 1 override, 2 over-power). */
export interface TierInForce {
  readonly tier: number;
  readonly drive: number;
}

/**
 * BT55 (8.2), computed on every read: the local clock the calendar runs on (GMT flag clear), DST
 * and time-zone flags from BT51/BT53, and the tier, tier drive, special schedule and season now.
 */
export function clockStateTable(
  ctx: DeviceContext,
  calendar: TouCalendar,
  inForce: (utcMs: number) => TierInForce,
): SimTable {
  const dims = calendar.dims;
  const table = computedTable(BT55, "reader", () => {
    const now = ctx.clock.nowMs();
    const m = calendar.at(now);
    const t = inForce(now);
    const local = epochMsToLTimeDate(m.localMs);
    const dst = m.dst ? 1 : 0;
    const bytes = encodeClockState(
      {
        clock: local,
        qualifier: {
          dayOfWeek: dayOfWeek(local),
          dst,
          gmt: 0,
          timeZoneApplied: dims.capTimeZoneOffset ? 1 : 0,
          dstApplied: dst,
          dstSupported: dims.capDstAuto ? 1 : 0,
        },
        status: {
          tier: t.tier,
          demandTier: 0,
          tierDrive: t.drive,
          specialSchedule: m.special ?? NO_SPECIAL_SCHEDULE,
          season: m.season,
        },
      },
      ctx.dataOrder,
    );
    if (ctx.defects.has("clock-state-month-zero-based")) bytes[1] = local.month - 1;
    return bytes;
  });
  return { ...table, vci: [{ offset: 0, length: CLOCK_STATE_SIZE, vci: "M" }] };
}
