import { LIST, loadProfileList } from "../../protocol/procedures/bp04-bp05-list-pointers";
import type { DeviceContext, DeviceFunction } from "../device-function";
import type { SimTable } from "../sim-table";
import { postClockChanges } from "./records/clock-change-events";
import { CriticalEvents } from "./records/critical-events";
import { HistoryLog } from "./records/history-log";
import { historyLogTables } from "./records/history-log-tables";
import { listProcedures, type ReadableList } from "./records/list-procedures";
import { loadProfileTables } from "./records/load-profile-tables";
import { MbusLoadProfile } from "./records/mbus-load-profile";
import { PrimaryLoadProfile } from "./records/primary-load-profile";
import { recordsAlarmsTable } from "./records/records-alarms";

/**
 * The records group: 8.5 load profile (mandatory: data set 1, ET21, ET66, ET75, BT60-BT64, the
 * unread-entries alarm in ET73; with mbusLoadProfile also data set 2 in BT65 and ET57) and 8.12
 * history log (historyLog: BT70-BT74, critical events in ET72/ET73), with BP04/BP05 over their
 * lists. Clock changes are posted to the event log whatever the profile.
 */
export function recordsGroup(ctx: DeviceContext): DeviceFunction {
  postClockChanges(ctx);
  const primary = new PrimaryLoadProfile(ctx);
  const mbus = ctx.profile.features.mbusLoadProfile ? new MbusLoadProfile(ctx) : null;
  const lists = new Map<number, ReadableList>([[loadProfileList(1), primary.recorder]]);
  const tables: SimTable[] = [...primary.tables(), ...loadProfileTables(ctx, primary, mbus)];
  if (mbus !== null) {
    lists.set(loadProfileList(2), mbus.recorder);
    tables.push(mbus.table());
  }
  let history: { log: HistoryLog; critical: CriticalEvents } | null = null;
  if (ctx.profile.features.historyLog) {
    const supported = { std: [] as boolean[], mfg: [] as boolean[] };
    const critical = new CriticalEvents(supported, ctx.defects, ctx.dataOrder);
    const log = new HistoryLog(ctx, (e) => critical.isCritical(e));
    supported.std.push(...log.supported);
    supported.mfg.push(...log.supportedMfg);
    log.onAppend((r) => critical.logged(r));
    lists.set(LIST.historyLog, log);
    tables.push(...historyLogTables(ctx, log), critical.table());
    history = { log, critical };
  }
  tables.push(recordsAlarmsTable(ctx, primary, history));
  return { tables, procedures: listProcedures(ctx, lists) };
}
