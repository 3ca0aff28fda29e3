import type { DeviceContext } from "../../device-function";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { SimTable } from "../../sim-table";
import type { AlarmRegister } from "./alarm-register";
import { CONTROL_EVENT, type ControlEventName } from "./control-events";

/**
 * What the control functions share besides the device context: the alarm register, and a way to
 * post their events. Each function also gets a chance to catch up before any of the group's
 * tables or procedures is used (`settle`): what it decided during metering steps (a contactor to
 * open) takes effect there, because nothing may change the metering model from inside a step.
 */
export interface ControlContext {
  readonly device: DeviceContext;
  readonly alarms: AlarmRegister;
  post(event: ControlEventName, argument: readonly number[], clockMs?: number): void;
}

export function controlContext(device: DeviceContext, alarms: AlarmRegister): ControlContext {
  return {
    device,
    alarms,
    post: (event, argument, clockMs) => {
      const e = CONTROL_EVENT[event];
      device.events.post(e.code, {
        manufacturer: e.manufacturer,
        argument: Uint8Array.from(argument),
        ...(clockMs === undefined ? {} : { clockMs }),
      });
    },
  };
}

/** A part of the group: its tables and procedures, and what it does to catch up (may be nothing). */
export interface ControlPart {
  readonly tables: readonly SimTable[];
  readonly procedures: readonly SimProcedure[];
  settle?(): void;
}
