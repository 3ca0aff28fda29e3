import type { ByteOrder } from "../../../bytes/cursor";
import { categoryOf, EVENT_CATEGORY } from "../../../protocol/event-categories";
import { EVENT_CODES } from "../../../protocol/event-codes";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  criticalEventMasksSize,
  decodeCriticalEventMasks,
  encodeCriticalEventMasks,
  ET72,
  type CriticalEventMasks,
} from "../../../protocol/tables/et72-et73-critical-events";
import type { DefectSet } from "../../defects";
import type { LoggedEvent } from "../../device-model/event-log";
import type { SimTable } from "../../sim-table";
import { byteFields, laidOver } from "./field-writes";
import { MFG_EVENT_BYTES, STD_EVENT_BYTES, type HistoryRecord } from "./history-log";

/**
 * Critical events (8.12.1): ET72 says which events are critical, by event (8.12.1.2) or by
 * category (8.12.1.1); a logged event that is critical raises ET73's flag until the head end has
 * read it (BP05 on the history log). ET72 is writable with the provisioning key; category bits no
 * category uses, and event bits of events BT72 does not list, are refused.
 *
 * The meter starts with the example bitmask we chose for 8.12.1.2.1 (PROVISIONAL: the clause's
 * example is not in our sources): the power category, and the tamper-attempt event.
 */
const DEFINED_CATEGORIES = Object.values(EVENT_CATEGORY).reduce<number>((m, c) => m | (1 << c), 0);

export class CriticalEvents {
  private masks: CriticalEventMasks;
  private lastCritical: HistoryRecord | null = null;

  constructor(
    private readonly supported: { readonly std: readonly boolean[]; readonly mfg: readonly boolean[] },
    private readonly defects: DefectSet,
    private readonly order: ByteOrder,
  ) {
    const std = new Array<boolean>(STD_EVENT_BYTES * 8).fill(false);
    std[EVENT_CODES.tamperAttempt] = true;
    this.masks = {
      categories: 1 << EVENT_CATEGORY.power,
      stdEvents: std,
      mfgEvents: new Array<boolean>(MFG_EVENT_BYTES * 8).fill(false),
    };
  }

  isCritical(e: LoggedEvent): boolean {
    if (this.defects.has("critical-bitmask-ignored")) return true;
    const bits = e.manufacturer ? this.masks.mfgEvents : this.masks.stdEvents;
    if (bits[e.code] === true) return true;
    if (this.defects.has("critical-category-ignored")) return false;
    const c = categoryOf(e.code, e.manufacturer);
    return c !== null && (this.masks.categories & (1 << c)) !== 0;
  }

  /** Called for every entry the history log appends. */
  logged(r: HistoryRecord): void {
    if (r.critical) this.lastCritical = r;
  }

  last(): HistoryRecord | null {
    return this.lastCritical;
  }

  table(): SimTable {
    const image = () => encodeCriticalEventMasks(this.masks, this.order, STD_EVENT_BYTES, MFG_EVENT_BYTES);
    const fields = [{ offset: 0, size: 2 }, ...byteFields(2, STD_EVENT_BYTES + MFG_EVENT_BYTES)];
    return {
      id: ET72,
      readLevel: "reader",
      writeLevel: "provisioning",
      image,
      write: (offset, data) => {
        const patched = laidOver(image(), offset, data, fields);
        if (patched === null || patched.length !== criticalEventMasksSize(STD_EVENT_BYTES, MFG_EVENT_BYTES))
          return RESPONSE_CODE.err;
        const d = decodeCriticalEventMasks(patched, this.order, STD_EVENT_BYTES, MFG_EVENT_BYTES);
        if (!d.ok) return RESPONSE_CODE.err;
        const v = d.value;
        const bad =
          (v.categories & ~DEFINED_CATEGORIES) !== 0 ||
          v.stdEvents.some((on, code) => on && this.supported.std[code] !== true) ||
          v.mfgEvents.some((on, code) => on && this.supported.mfg[code] !== true);
        if (bad) return RESPONSE_CODE.err;
        this.masks = v;
        return RESPONSE_CODE.ok;
      },
    };
  }
}
