import type { TouSetup } from "../../harness/conformance/calendar-checks";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { ByteOrder } from "../../harness/bytes/cursor";
import type { OsgpWorld } from "../world";

/** The device's calendar setup (BT51-BT54) as the 8.2 scenarios read it at their start. */
export function touOf(world: OsgpWorld): { readonly setup: TouSetup; readonly order: ByteOrder } {
  const t = world.state.tou.setup;
  if (t === undefined) throw new Inconclusive("the device's calendar was not read first");
  return t;
}
