import type { ByteOrder } from "../../../bytes/cursor";
import {
  encodeRecurringEntry,
  encodeRecurringHeader,
  ET45,
  RECURRING_TYPE,
} from "../../../protocol/tables/et45-recurring-read-log";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { computedTable, type SimTable } from "../../sim-table";
import { RingLog } from "./ring-log";
import type { Timeline } from "./timeline";

/** The handle ET45/ET74 give the MEP device (PROVISIONAL: ours; M-Bus handles are below 0x1000). */
export const MEP_DEVICE_HANDLE = 0xf000;

/** ET45: the scheduled reads of the M-Bus devices and of the MEP device, in one ring. */
export class RecurringReadLog {
  private readonly ring: RingLog<Uint8Array>;

  constructor(
    private readonly dims: MfgDimension,
    private readonly order: ByteOrder,
  ) {
    this.ring = new RingLog(dims.et45Entries);
  }

  addMbus(channel: number, handle: number, reading: Uint8Array, lateAfterOutage: boolean): void {
    this.ring.push((sequence) =>
      encodeRecurringEntry(
        { sequence, handle, channel, lateAfterOutage, type: RECURRING_TYPE.mbus },
        this.order,
        reading,
        this.dims.et45EntrySize,
      ),
    );
  }

  addMep(reading: Uint8Array): void {
    this.ring.push((sequence) =>
      encodeRecurringEntry(
        { sequence, handle: MEP_DEVICE_HANDLE, channel: 0, lateAfterOutage: false, type: RECURRING_TYPE.mep },
        this.order,
        reading,
        this.dims.et45EntrySize,
      ),
    );
  }

  table(timeline: Timeline): SimTable {
    return computedTable(ET45, "reader", () => {
      timeline.settle();
      const size = this.dims.et45EntrySize;
      const head = encodeRecurringHeader(
        {
          wrapped: this.ring.wrapped,
          valid: this.ring.valid,
          newest: this.ring.newest,
          newestSequence: this.ring.newestSequence,
        },
        this.order,
      );
      const out = new Uint8Array(head.length + this.ring.capacity * size);
      out.set(head);
      this.ring.raw().forEach((e, i) => {
        if (e !== undefined) out.set(e, head.length + i * size);
      });
      return out;
    });
  }
}
