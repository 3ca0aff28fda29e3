import type { MeterProfile } from "../../simulator/profiles";
import { PICS_ITEMS, type PicsItem } from "./pics-items";
import type { Pics } from "./pics";

/**
 * The simulator's PICS, as a vendor would declare it for a meter of that profile: each item as its
 * declaration says the profile gives it (pics-items.ts). BT00 is built from the tables the profile's
 * functions register, independently, so the A.1 comparison of the two is a real check.
 */
export function simulatorPics(profile: Pick<MeterProfile, "features" | "hardwareLock">): Pics {
  return Object.fromEntries(PICS_ITEMS.map((i) => [i.id, simulatorHas(i.simulator, profile)]));
}

function simulatorHas(
  source: PicsItem["simulator"],
  profile: Pick<MeterProfile, "features" | "hardwareLock">,
): boolean {
  switch (source) {
    case "not modelled":
      return false;
    case "hardware lock": {
      const lock = profile.hardwareLock;
      return lock.read.length + lock.write.length + lock.procedures.length > 0;
    }
    default:
      return profile.features[source];
  }
}
