import { decodeGroupMembership, EMPTY_GROUP_SLOT, ET18, et18Size } from "../protocol/tables/et18-group-membership";
import { ALL_METERS_GROUP } from "../protocol/tables/et31-one-time-read-log";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { readDecoded, type MfgLayout } from "./mbus-device-tables";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/** ET18, the groups the meter is in (8.14, PROVISIONAL), and how the scenarios pick groups. */
export async function readGroups(client: TableClient, d: MfgLayout): Promise<{ bytes: Uint8Array; slots: number[] }> {
  if (d.groupSlots === 0)
    throw new ConformanceAssertionError(
      "ET11 gives ET18 no group slots, yet the device declares group broadcasts (8.14)",
    );
  const { bytes, value } = await readDecoded(client, ET18, et18Size(d.groupSlots), (b) =>
    decoded(decodeGroupMembership(b, d.order), "ET18", b),
  );
  return { bytes, slots: value };
}

export function freeSlot(slots: readonly number[]): number | null {
  const i = slots.indexOf(EMPTY_GROUP_SLOT);
  return i < 0 ? null : i;
}

/** A group the meter is not in: the first of 0x4F01, 0x4F02, ... that no slot holds. */
export function groupNotIn(slots: readonly number[]): number {
  for (let g = 0x4f01; g < ALL_METERS_GROUP; g++) if (!slots.includes(g)) return g;
  throw new Inconclusive("ET18 holds every group id");
}
