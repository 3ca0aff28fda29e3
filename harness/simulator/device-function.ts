import type { ByteOrder } from "../bytes/cursor";
import type { DefectSet } from "./defects";
import type { DeviceStatus } from "./device-model/device-status";
import type { EventLog } from "./device-model/event-log";
import type { MeterActions } from "./device-model/meter-actions";
import type { MeteringModel } from "./device-model/metering-model";
import type { InterfaceState } from "./interface-state";
import type { SimProcedure } from "./procedures/procedure-engine";
import type { MeterProfile } from "./profiles";
import type { SimClock, TickSource } from "./sim-clock";
import type { SimTable } from "./sim-table";

/**
 * What every device function of the reference meter shares: the one simulated clock, the measuring
 * element, the event log, the status flags, cross-function actions, the profile and the defects.
 * Functions talk to each other only through these, never directly.
 */
export interface DeviceContext {
  readonly profile: MeterProfile;
  readonly clock: SimClock;
  readonly ticks: TickSource;
  readonly defects: DefectSet;
  readonly metering: MeteringModel;
  readonly events: EventLog;
  readonly actions: MeterActions;
  readonly status: DeviceStatus;
  readonly interface: InterfaceState;
  /** The profile's table data order, which BT00 declares: every table and procedure encodes in it. */
  readonly dataOrder: ByteOrder;
}

/** What one function adds to the meter: its tables and its procedures (both go into BT00). */
export interface DeviceFunction {
  readonly tables: readonly SimTable[];
  readonly procedures: readonly SimProcedure[];
}

/** A group of functions: looks at ctx.profile.features and builds the ones that are on. */
export type FunctionGroup = (ctx: DeviceContext) => DeviceFunction;

export const NO_FUNCTION: DeviceFunction = { tables: [], procedures: [] };
