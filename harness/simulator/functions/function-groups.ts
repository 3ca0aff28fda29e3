import type { FunctionGroup } from "../device-function";
import { billingGroup } from "./billing-group";
import { calendarGroup } from "./calendar-group";
import { controlGroup } from "./control-group";
import { mepMbusGroup } from "./mep-mbus-group";
import { recordsGroup } from "./records-group";

/**
 * Every group of device functions of clause 8, in the order the meter builds them (a group that
 * runs another's action needs nothing built first: actions are looked up when they run).
 *   billing:  8.4 billing registers, self-reads, on-demand reads, demand reset; 8.15 demand
 *   records:  8.5 load profile; 8.12 history log
 *   calendar: 8.2 TOU calendar; 6.3 pending tables; BT55 clock state
 *   control:  8.6 self-test; 8.7 pulse inputs; 8.8 power quality; 8.9 display; 8.10 contactor;
 *             8.11 control relay; 8.16 test mode; 8.19 compatibility settings
 *   mep-mbus: 8.13 one-time reads; 8.14 group broadcasts; 8.17 MEP devices; 8.18 M-Bus devices
 */
export const FUNCTION_GROUPS: readonly FunctionGroup[] = [
  billingGroup,
  recordsGroup,
  calendarGroup,
  controlGroup,
  mepMbusGroup,
];
