import { computedTable, type SimTable } from "../sim-table";
import type { SimProcedure } from "../procedures/procedure-engine";
import { encodeMfgDimension, ET11 } from "../../protocol/tables/et11-mfg-dimension";
import { encodeOnDemandRequests, ET15 } from "../../protocol/tables/et15-on-demand-requests";
import { NO_FUNCTION, type DeviceContext, type DeviceFunction } from "../device-function";
import { benchProcedure } from "./mep-mbus/bench";
import { dimensionsFor } from "./mep-mbus/dimensions";
import { GroupMembership } from "./mep-mbus/group-membership";
import { MbusAdditionalConfigs } from "./mep-mbus/mbus-additional-config";
import { MbusBus } from "./mep-mbus/mbus-bus";
import { DEFAULT_SCHEDULE, MbusChannels } from "./mep-mbus/mbus-channels";
import { MbusRequests } from "./mep-mbus/mbus-requests";
import { startMbusSchedule } from "./mep-mbus/mbus-schedule";
import { mbusTables, removeDeviceProcedure } from "./mep-mbus/mbus-tables";
import { SimulatedMepDevice } from "./mep-mbus/mep-device";
import { MepMailbox } from "./mep-mbus/mep-mailbox";
import { MepPostings } from "./mep-mbus/mep-postings";
import { mepTables, startMepSchedule } from "./mep-mbus/mep-tables";
import { OneTimeReads } from "./mep-mbus/one-time-reads";
import { PowerSupply } from "./mep-mbus/power";
import { RecurringReadLog } from "./mep-mbus/recurring-log";
import { Timeline } from "./mep-mbus/timeline";

/**
 * 8.13 one-time reads (ET31), 8.14 group broadcasts (ET18), 8.17 MEP devices (ET50, ET51, ET59,
 * ET74, ET85, EP39) and 8.18 M-Bus devices (ET13-ET16, ET34, EP17, EP19), with ET11 (their
 * dimensions), ET45 (the recurring read log both kinds of device share) and EP95 (the simulator's
 * bench, not OSGP). The M-Bus starts with the seeded devices installed on channels 1-3 and read
 * once, channel 4 free.
 */
export function mepMbusGroup(ctx: DeviceContext): DeviceFunction {
  const f = ctx.profile.features;
  if (!f.mbus && !f.mepDevices && !f.oneTimeReads && !f.groupBroadcasts) return NO_FUNCTION;
  const dims = dimensionsFor(f);
  const timeline = new Timeline(ctx.clock);
  const power = new PowerSupply(timeline);
  const tables: SimTable[] = [computedTable(ET11, "reader", () => encodeMfgDimension(dims, ctx.dataOrder))];
  const procedures: SimProcedure[] = [];
  const recurring = f.mbus || f.mepDevices ? new RecurringReadLog(dims, ctx.dataOrder) : null;
  if (recurring !== null) tables.push(recurring.table(timeline));

  let channels: MbusChannels | null = null;
  let requests: MbusRequests | null = null;
  if (f.mbus) {
    const bus = new MbusBus();
    channels = new MbusChannels(dims, bus, ctx.events, ctx.defects, ctx.dataOrder);
    const additional = new MbusAdditionalConfigs(dims, ctx.dataOrder);
    requests = new MbusRequests(channels, additional, timeline, power, ctx.defects);
    bus.devices.forEach((d, i) =>
      channels?.install(
        i + 1,
        { schedule: DEFAULT_SCHEDULE, address: d.address, installed: true, identity: d.identity },
        ctx.clock.nowMs(),
        0,
        true,
      ),
    );
    startMbusSchedule(channels, recurring as RecurringReadLog, ctx.metering, timeline, power, ctx.defects);
    tables.push(...mbusTables(channels, timeline), additional.table());
    procedures.push(removeDeviceProcedure(channels, timeline), requests.procedure());
  }

  let mep: { mailbox: MepMailbox; device: SimulatedMepDevice } | null = null;
  if (f.mepDevices) {
    const mailbox = new MepMailbox(
      dims,
      new MepPostings(dims, recurring, ctx.events, ctx.defects, ctx.dataOrder),
      timeline,
      ctx.defects,
      ctx.dataOrder,
    );
    const device = new SimulatedMepDevice(mailbox, timeline, ctx.defects, ctx.dataOrder);
    mep = { mailbox, device };
    startMepSchedule(mailbox, device, ctx.metering, timeline);
    tables.push(...mepTables(mailbox, device, timeline), mailbox.postings.table(timeline));
    procedures.push(mailbox.procedure());
  }
  if (requests !== null || mep !== null) {
    const r = requests;
    const m = mep;
    tables.push(
      computedTable(ET15, "reader", () => {
        timeline.settle();
        return encodeOnDemandRequests([...(r?.et15Entries() ?? []), ...(m?.mailbox.slots ?? [])], dims.et15EntrySize);
      }),
    );
  }

  const groups = f.groupBroadcasts ? new GroupMembership(dims.groupSlots, ctx.dataOrder) : null;
  if (groups !== null) tables.push(groups.table());
  if (f.oneTimeReads)
    tables.push(
      new OneTimeReads(dims, timeline, groups, channels, power, ctx.defects, ctx.metering, ctx.dataOrder).table(),
    );
  if (channels !== null || mep !== null)
    procedures.push(benchProcedure(timeline, power, channels?.bus ?? null, mep?.device ?? null, ctx.dataOrder));
  return { tables, procedures };
}
