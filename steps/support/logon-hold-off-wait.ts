import { waitOutHoldOff } from "../../harness/conformance/hold-off-wait";
import { wallNow } from "../../harness/transport/timers";
import type { OsgpWorld } from "../world";

/**
 * What is left of the device's logon hold-off on this target (PIXIT session.logonHoldOff), waited
 * out once and said in the scenario's report, `why` naming what the wait is for: the next
 * scenario's, before its first step (steps/logon-hold-off.ts), and a clean-up's, before its session
 * (./cleanups.ts). Whether the hold-off is over: false when SIGINT or SIGTERM ended the wait.
 */
export async function waitOutLogonHoldOff(world: OsgpWorld, why: string): Promise<boolean> {
  const ms = world.logonHoldOffLeftMs();
  if (ms === 0) return true;
  const started = wallNow();
  const signal = await waitOutHoldOff(ms);
  await world.attach(
    `waited ${((wallNow() - started) / 1000).toFixed(1)} s for the end of the device's logon hold-off (session.logonHoldOff), ${why}${signal === null ? "" : `, until ${signal} ended the wait`}`,
    "text/plain",
  );
  return signal === null;
}
