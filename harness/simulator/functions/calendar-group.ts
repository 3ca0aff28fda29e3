import { TIER_DRIVE } from "../../protocol/tables/bt55-clock-state";
import type { DeviceContext, DeviceFunction } from "../device-function";
import type { SimProcedure } from "../procedures/procedure-engine";
import type { SimTable } from "../sim-table";
import { calendarOverride } from "./calendar/calendar-override";
import { calendarTables } from "./calendar/calendar-tables";
import { clockStateTable, type TierInForce } from "./calendar/clock-state-table";
import { overPowerTariff } from "./calendar/over-power-tariff";
import { pendingProcedures } from "./calendar/pending-procedures";
import { pendingStatusTable } from "./calendar/pending-status-table";
import { PendingTables } from "./calendar/pending-tables";

/**
 * The calendar group: 6.3 pending tables (BT04, BP12-BP15, pending BT54 and ET47), 8.2 TOU
 * calendar (BT50, BT51, BT53, BT54, BT55), 8.2.1 manual override (ET47, needs the calendar) and
 * 8.2.2 over-power tariff (ET48). The tier the metering model books energy to is, in this order:
 * an override in force, the over-power tier while the power is above its threshold, the calendar's
 * tier (tier 0 without a calendar).
 */
interface Forcing {
  readonly drive: number;
  forcedTier(utcMs: number): number | null;
}

export function calendarGroup(ctx: DeviceContext): DeviceFunction {
  const f = ctx.profile.features;
  const tables: SimTable[] = [];
  const procedures: SimProcedure[] = [];
  const pending = f.pendingTables ? new PendingTables(ctx) : null;
  const forcings: Forcing[] = [];
  const calendar = f.tou ? calendarTables(ctx) : null;
  if (calendar !== null) {
    tables.push(...calendar.tables);
    if (pending !== null) tables.push(pending.add(calendar.bt54));
    if (f.touOverride) {
      const o = calendarOverride(ctx);
      tables.push(o.table);
      if (pending !== null) tables.push(pending.add(o.pendable));
      forcings.push({ drive: TIER_DRIVE.override, forcedTier: o.forcedTier });
    }
  }
  if (f.overPowerTariff) {
    const o = overPowerTariff(ctx);
    tables.push(o.table);
    forcings.push({ drive: TIER_DRIVE.overPower, forcedTier: () => o.forcedTier() });
  }
  const inForce = (utcMs: number): TierInForce => {
    for (const x of forcings) {
      const tier = x.forcedTier(utcMs);
      if (tier !== null) return { tier, drive: x.drive };
    }
    return { tier: calendar === null ? 0 : calendar.calendar.at(utcMs).tier, drive: TIER_DRIVE.calendar };
  };
  if (calendar !== null || forcings.length > 0) ctx.metering.setTariff((utcMs) => inForce(utcMs).tier);
  if (calendar !== null) tables.push(clockStateTable(ctx, calendar.calendar, inForce));
  if (pending !== null) {
    tables.push(pendingStatusTable(ctx, pending));
    procedures.push(...pendingProcedures(ctx, pending));
  }
  return { tables, procedures };
}
