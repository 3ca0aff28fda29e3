import { ByteWriter, type ByteOrder } from "../../../bytes/cursor";
import {
  encodeMepPosting,
  encodeMepPostingHeader,
  ET74,
  et74EntrySize,
  POSTING_FLAG,
  POSTING_KIND,
  type MepPosting,
} from "../../../protocol/tables/et74-mep-extended-log";
import { encodeMepReading } from "../../../protocol/tables/et45-recurring-read-log";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { EventLog } from "../../device-model/event-log";
import { computedTable, type SimTable } from "../../sim-table";
import { GROUP_EVENT } from "./group-events";
import type { RecurringReadLog } from "./recurring-log";
import { RingLog } from "./ring-log";
import type { Timeline } from "./timeline";

/**
 * What the meter does with the MEP device's uplink postings (8.17.2): every one goes into ET74; a
 * scheduled read response also into the recurring read log ET45; urgent data is flagged, counted
 * and logged as an event at once (8.17.2.4); an alarms-only posting carries no data (8.17.2.5).
 */
export interface Uplink {
  readonly kind: number;
  readonly requestId: number;
  readonly alarms: number;
  /** What the device staged in ET50. */
  readonly staged: Uint8Array;
}

export class MepPostings {
  private readonly ring: RingLog<Uint8Array>;
  private urgentCount = 0;

  constructor(
    private readonly dims: MfgDimension,
    private readonly recurring: RecurringReadLog | null,
    private readonly events: EventLog,
    private readonly defects: DefectSet,
    private readonly order: ByteOrder,
  ) {
    this.ring = new RingLog(dims.et74Entries);
  }

  /** Logs one posting at clock time `clockMs`; returns its ET74 sequence number. */
  add(u: Uplink, clockMs: number): number {
    const kind = u.kind;
    let data = u.staged;
    if (kind === POSTING_KIND.alarmsOnly && !this.defects.has("mep-alarms-only-carries-data")) data = new Uint8Array(0);
    if (kind === POSTING_KIND.unsolicited && this.defects.has("mep-unsolicited-data-truncated"))
      data = data.subarray(0, Math.max(0, data.length - 1));
    const alarms =
      kind === POSTING_KIND.scheduledRead && this.defects.has("mep-scheduled-alarms-dropped") ? 0 : u.alarms;
    const urgent = kind === POSTING_KIND.urgent && !this.defects.has("mep-urgent-not-flagged");
    const flags = (alarms !== 0 ? POSTING_FLAG.alarms : 0) | (urgent ? POSTING_FLAG.urgent : 0);
    const receivedAt = epochMsToLTimeDate(clockMs);
    const sequence = this.ring.push((seq) =>
      encodeMepPosting(
        { sequence: seq, kind, flags, requestId: u.requestId, receivedAt, alarms, data } satisfies MepPosting,
        this.order,
        this.dims.mepDataSize,
      ),
    );
    if (kind === POSTING_KIND.scheduledRead)
      this.recurring?.addMep(encodeMepReading({ receivedAt, alarmsPresent: alarms !== 0, alarms, data }, this.order));
    if (urgent) {
      this.urgentCount = (this.urgentCount + 1) & 0xffff;
      this.events.post(GROUP_EVENT.mepUrgentData, { manufacturer: true, argument: Uint8Array.of(kind), clockMs });
    }
    if (alarms !== 0)
      this.events.post(GROUP_EVENT.mepAlarms, {
        manufacturer: true,
        argument: new ByteWriter("event argument").uint(alarms, 2, this.order, "alarms").toBytes(),
        clockMs,
      });
    return sequence;
  }

  table(timeline: Timeline): SimTable {
    return computedTable(ET74, "reader", () => {
      timeline.settle();
      const size = et74EntrySize(this.dims.mepDataSize);
      const head = encodeMepPostingHeader(
        {
          valid: this.ring.valid,
          newest: this.ring.newest,
          newestSequence: this.ring.newestSequence,
          urgentCount: this.urgentCount,
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
