import type { ByteOrder } from "../../../bytes/cursor";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeGroupMembership,
  EMPTY_GROUP_SLOT,
  encodeGroupMembership,
  ET18,
} from "../../../protocol/tables/et18-group-membership";
import { ALL_METERS_GROUP } from "../../../protocol/tables/et31-one-time-read-log";
import type { SimTable } from "../../sim-table";

/**
 * The groups the meter belongs to (8.14, ET18, PROVISIONAL). A write is refused (onp) when a slot
 * would hold the all-meters group or two slots the same group; nothing of it is applied then.
 */
export class GroupMembership {
  private slots: number[];

  constructor(
    count: number,
    private readonly order: ByteOrder,
  ) {
    this.slots = new Array<number>(count).fill(EMPTY_GROUP_SLOT);
  }

  isMember(group: number): boolean {
    return group === ALL_METERS_GROUP || (group !== EMPTY_GROUP_SLOT && this.slots.includes(group));
  }

  table(): SimTable {
    return {
      id: ET18,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => encodeGroupMembership(this.slots, this.order),
      write: (offset, data) => {
        const next = encodeGroupMembership(this.slots, this.order);
        next.set(data, offset);
        const d = decodeGroupMembership(next, this.order);
        if (!d.ok) return RESPONSE_CODE.onp;
        const used = d.value.filter((g) => g !== EMPTY_GROUP_SLOT);
        if (used.includes(ALL_METERS_GROUP) || new Set(used).size !== used.length) return RESPONSE_CODE.onp;
        this.slots = d.value;
        return RESPONSE_CODE.ok;
      },
    };
  }
}
