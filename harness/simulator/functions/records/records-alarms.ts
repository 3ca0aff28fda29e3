import { encodeRecordsAlarms, ET73, recordsAlarmFlags } from "../../../protocol/tables/et72-et73-critical-events";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import type { CriticalEvents } from "./critical-events";
import type { HistoryLog } from "./history-log";
import type { PrimaryLoadProfile } from "./primary-load-profile";

/**
 * ET73 (PROVISIONAL, see its codec): the alarms of the records group, computed on every read.
 * Bit 0: data set 1 holds at least ET21's threshold of unread blocks (8.5.3; threshold 0 = off).
 * Bit 1: the history log holds an unread critical entry (8.12.1), with the newest critical one.
 */
export function recordsAlarmsTable(
  ctx: DeviceContext,
  lp: PrimaryLoadProfile,
  history: { log: HistoryLog; critical: CriticalEvents } | null,
): SimTable {
  return computedTable(ET73, "reader", () => {
    const threshold = lp.configuration().unreadAlarmThreshold;
    const unread = lp.recorder.unreadBlocks();
    const unreadAlarm = threshold > 0 && unread >= threshold && !ctx.defects.has("lp-unread-alarm-never-raised");
    const unreadCritical = history === null ? 0 : history.log.unreadRecords().filter((r) => r.critical).length;
    const last = history?.critical.last() ?? null;
    return encodeRecordsAlarms(
      {
        flags: recordsAlarmFlags({ unreadEntries: unreadAlarm ? 1 : 0, criticalEvent: unreadCritical > 0 ? 1 : 0 }),
        unreadCritical,
        lastCriticalCode: last?.event.code ?? 0,
        lastCriticalManufacturer: last?.event.manufacturer ?? false,
        lastCriticalTime: last === null ? null : epochMsToLTimeDate(last.event.clockMs),
        lastCriticalSequence: (last?.sequence ?? 0) % 0x10000,
      },
      ctx.dataOrder,
    );
  });
}
