import {
  SCHEDULE_FREQUENCY,
  WEEKLY_DAY_BASE,
  type MbusSchedule,
} from "../../../protocol/tables/et13-mbus-device-configuration";
import type { DefectSet } from "../../defects";
import type { MeteringModel } from "../../device-model/metering-model";
import type { MbusChannels } from "./mbus-channels";
import type { PowerSupply } from "./power";
import type { RecurringReadLog } from "./recurring-log";
import type { Timeline } from "./timeline";

/**
 * Scheduled reads of the M-Bus devices (8.18.1.2) and their status reads, on the meter's UTC
 * clock, at the whole minutes the metering model's steps end on. A billing read goes to ET16 and
 * to the recurring read log ET45. A read that falls in a power outage is taken when power returns
 * and flagged as late in ET45 (8.18.1.4).
 */
const MINUTE = 60_000;

export function scheduleDue(s: MbusSchedule, clockMs: number): boolean {
  const d = new Date(clockMs);
  const atMinute = d.getUTCMinutes() === s.minute;
  const atTime = atMinute && d.getUTCHours() === s.hour;
  switch (s.frequency) {
    case SCHEDULE_FREQUENCY.hourly:
      return atMinute;
    case SCHEDULE_FREQUENCY.daily:
      return atTime;
    case SCHEDULE_FREQUENCY.weekly:
      return atTime && s.day - WEEKLY_DAY_BASE === d.getUTCDay();
    case SCHEDULE_FREQUENCY.monthly:
      return atTime && Math.max(s.day, 1) === d.getUTCDate();
    default:
      return false;
  }
}

export function startMbusSchedule(
  channels: MbusChannels,
  log: RecurringReadLog,
  metering: MeteringModel,
  timeline: Timeline,
  power: PowerSupply,
  defects: DefectSet,
): void {
  const missed = new Set<number>();
  const billingRead = (channel: number, clockMs: number, elapsed: number, late: boolean) => {
    const outcome = channels.read(channel, true, clockMs, elapsed);
    if (outcome.reading !== null) log.addMbus(channel, channels.handleOf(channel), outcome.reading, late);
  };
  metering.onStep((step) => {
    timeline.settle(timeline.elapsedAt(step.toMs));
    if (step.toMs % MINUTE !== 0) return;
    // The defect checks the schedule against the minute before: every read comes one minute late.
    const due = defects.has("mbus-scheduled-read-late") ? step.toMs - MINUTE : step.toMs;
    const minutes = Math.floor(step.toMs / MINUTE);
    for (let c = 1; c <= channels.count; c++) {
      const config = channels.configs[c - 1];
      if (config === undefined || !config.installed) continue;
      const billing = scheduleDue(config.schedule, due);
      const status =
        !billing && config.schedule.statusIntervalMinutes > 0 && minutes % config.schedule.statusIntervalMinutes === 0;
      if (billing || status) power.strikeIfArmed(timeline.elapsedAt(step.toMs));
      if (!power.isOn()) {
        if (billing) missed.add(c);
      } else if (billing) {
        billingRead(c, step.toMs, timeline.elapsedAt(step.toMs), false);
      } else if (status) {
        channels.read(c, false, step.toMs, timeline.elapsedAt(step.toMs));
      }
    }
  });
  power.onRestore((clockMs) => {
    for (const c of missed) if (channels.isInstalled(c)) billingRead(c, clockMs, timeline.current(), true);
    missed.clear();
  });
}
