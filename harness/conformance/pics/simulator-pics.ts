import type { MeterProfile } from "../../simulator/profiles";
import { PICS_ITEMS, type PicsItem } from "./pics-items";
import type { Pics } from "./pics";

type SimulatorPicsProfile = Pick<MeterProfile, "features" | "hardwareLock" | "securityMode">;

/**
 * The simulator's PICS, as a vendor would declare it for a meter of that profile: each item as its
 * declaration says the profile gives it (pics-items.ts). BT00 is built from the tables the profile's
 * functions register, independently, so the A.1 comparison of the two is a real check.
 */
export function simulatorPics(profile: SimulatorPicsProfile): Pics {
  return Object.fromEntries(PICS_ITEMS.map((i) => [i.id, simulatorHas(i.simulator, profile)]));
}

function simulatorHas(source: PicsItem["simulator"], profile: SimulatorPicsProfile): boolean {
  const lock = profile.hardwareLock;
  switch (source) {
    case "not modelled":
    case "never":
      return false;
    case "always":
      return true;
    case "hardware lock":
      return lock.read.length + lock.write.length + lock.procedures.length > 0;
    case "hardware read lock":
      return lock.read.length > 0;
    case "hardware write lock":
      return lock.write.length > 0;
    case "hardware procedure lock":
      return lock.procedures.length > 0;
    case "AES mode":
      return profile.securityMode === "aes128";
    default:
      return profile.features[source];
  }
}
