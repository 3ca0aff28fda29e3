import { declaredSupport, featureSupport, type Support } from "../../harness/conformance/pics/pics";
import type { OsgpWorld } from "../world";

/** Whether the device has a PICS item: a declared PICS settles it before any traffic; only without one is BT00 read. */
export async function picsSupport(world: OsgpWorld, id: string): Promise<Support> {
  return declaredSupport(id, world.config.pics) ?? featureSupport(id, null, (await world.description()).config);
}
