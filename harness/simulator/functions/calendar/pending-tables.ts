import { ByteWriter, type ByteOrder } from "../../../bytes/cursor";
import { EVENT_CODES } from "../../../protocol/event-codes";
import { decodePendingEvent, PED_SIZE, relativeDelayMs, type PendingEvent } from "../../../protocol/pending-event";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import { PENDING_BASE } from "../../../protocol/table-id";
import { lTimeDateToEpochMs } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { overlaid, type SimTable } from "../../sim-table";

/**
 * Pending tables (6.3): a write to 4096 + n, headed by a PED, is kept aside as the next content of
 * table n; it becomes the content at the PED's absolute time, after its relative delay, or when
 * BP12/BP13 say so, and BP14/BP15 drop it. A self-read or demand reset the PED asks for runs just
 * before. Activations post event 28 and clearings event 29 (C12.19), with the table id as argument.
 *
 * A pending write lays its data over the pending content (or, when nothing is pending, over the
 * table's content), so a long table can be sent in several partial writes; the last PED counts.
 * It is refused (onp) when its PED does not decode, is the empty PED, or the content it would give
 * is not one the table accepts. A time already past activates at once. Relative delays count the
 * time that passes, so a clock set meanwhile does not move them; absolute times follow the clock.
 * A read of a pending id with nothing pending gives an all-zero PED and the table's content (ours).
 */
export interface Pendable {
  readonly table: SimTable;
  /** Whether the table would take `image` as its whole content (the rules its own writes follow). */
  accepts(image: Uint8Array): boolean;
}

export interface PendingEntry {
  readonly tableId: number;
  readonly ped: Uint8Array;
  readonly event: PendingEvent;
  readonly image: Uint8Array;
  /** Clock time at which it activates by itself; null for code 2 (BP12/BP13 only). */
  dueMs: number | null;
  stillPending: boolean;
}

export class PendingTables {
  private readonly pendables = new Map<number, Pendable>();
  /** One per table, in the order last written: the records BT04 shows. */
  private readonly list = new Map<number, PendingEntry>();
  lastActivationMs: number | null = null;
  /** The count BT04 shows under the bt04-count-stale defect: as of the last pending write. */
  countAtLastWrite = 0;

  constructor(private readonly ctx: DeviceContext) {
    ctx.metering.onStep((s) => this.activateDue(s.toMs));
    ctx.metering.onClockJump((from, to) => {
      for (const e of this.list.values())
        if (e.stillPending && e.event.trigger.kind === "relative" && e.dueMs !== null) e.dueMs += to - from;
      this.activateDue(to);
    });
  }

  /** Makes `p.table` pendable; answers its pending table (id 4096 + n). */
  add(p: Pendable): SimTable {
    const t = p.table;
    this.pendables.set(t.id, p);
    return {
      id: PENDING_BASE + t.id,
      readLevel: t.readLevel,
      writeLevel: t.writeLevel,
      pedSize: PED_SIZE,
      ...(t.vci === undefined ? {} : { vci: t.vci }),
      image: () => this.image(t.id),
      write: (offset, data) => this.write(t.id, offset, data),
    };
  }

  /** How many tables may have a pending version (BT00's number of pending tables). */
  get capacity(): number {
    return this.pendables.size;
  }

  entries(): readonly PendingEntry[] {
    return [...this.list.values()];
  }

  isPending(tableId: number): boolean {
    return this.list.get(tableId)?.stillPending === true;
  }

  pendingCount(): number {
    return this.entries().filter((e) => e.stillPending).length;
  }

  private image(tableId: number): Uint8Array {
    const e = this.list.get(tableId);
    const current = this.pendables.get(tableId)?.table.image() ?? new Uint8Array(0);
    const out = new Uint8Array(PED_SIZE + current.length);
    if (e?.stillPending === true) {
      out.set(e.ped);
      out.set(e.image, PED_SIZE);
    } else out.set(current, PED_SIZE);
    return out;
  }

  private write(tableId: number, offset: number, data: Uint8Array): number {
    const p = this.pendables.get(tableId);
    if (p === undefined) return RESPONSE_CODE.onp;
    const ped = data.slice(0, PED_SIZE);
    const event = this.eventOf(ped);
    if (event === null) return RESPONSE_CODE.onp;
    const before = this.list.get(tableId);
    const image = overlaid(
      before?.stillPending === true ? before.image : p.table.image(),
      offset,
      data.subarray(PED_SIZE),
    );
    if (!p.accepts(image)) return RESPONSE_CODE.onp;
    this.list.delete(tableId);
    this.list.set(tableId, { tableId, ped, event, image, dueMs: this.dueOf(event), stillPending: true });
    this.countAtLastWrite = this.pendingCount();
    this.activateDue(this.ctx.clock.nowMs());
    return RESPONSE_CODE.ok;
  }

  private eventOf(ped: Uint8Array): PendingEvent | null {
    const d = decodePendingEvent(ped);
    if (!d.ok) {
      // The defect keeps what it cannot read as a table waiting for BP12/BP13.
      if (!this.ctx.defects.has("impossible-ped-accepted")) return null;
      return { trigger: { kind: "manual", tag: ped.slice(1) }, selfRead: false, demandReset: false };
    }
    const t = d.value.trigger;
    return t.kind === "absolute" && t.at === null ? null : d.value;
  }

  private dueOf(event: PendingEvent): number | null {
    const t = event.trigger;
    if (t.kind === "manual") return null;
    if (t.kind === "absolute") return t.at === null ? null : lTimeDateToEpochMs({ ...t.at, second: 0 });
    const d = t.delay;
    const seconds = this.ctx.defects.has("relative-ped-minutes-for-seconds")
      ? { ...d, seconds: 0, minutes: d.minutes + d.seconds }
      : d;
    return this.ctx.clock.nowMs() + relativeDelayMs(seconds);
  }

  private activateDue(nowMs: number): void {
    if (this.ctx.defects.has("ped-activation-ignored")) return;
    for (const e of this.entries())
      if (e.stillPending && e.dueMs !== null && e.dueMs <= nowMs) this.activate(e.tableId, e.dueMs);
  }

  /** Activates table `tableId`'s pending version as at `atMs`; false when none is pending. */
  activate(tableId: number, atMs: number): boolean {
    const e = this.list.get(tableId);
    const p = this.pendables.get(tableId);
    if (e === undefined || !e.stillPending || p === undefined) return false;
    if (e.event.selfRead) this.ctx.actions.run("self-read");
    if (e.event.demandReset) this.ctx.actions.run("demand-reset");
    e.stillPending = false;
    p.table.write(0, e.image);
    this.lastActivationMs = atMs;
    this.ctx.events.post(EVENT_CODES.pendingTableActivated, {
      argument: tableArgument(tableId, this.ctx.dataOrder),
      clockMs: atMs,
    });
    return true;
  }

  /** Drops table `tableId`'s pending version; false when none is pending. */
  clear(tableId: number): boolean {
    if (!this.isPending(tableId)) return false;
    this.list.delete(tableId);
    this.ctx.events.post(EVENT_CODES.pendingTableCleared, { argument: tableArgument(tableId, this.ctx.dataOrder) });
    return true;
  }

  pendingIds(): number[] {
    return this.entries()
      .filter((e) => e.stillPending)
      .map((e) => e.tableId);
  }
}

/** TABLE_IDA_BFLD, in table data order: the argument of events 28 and 29. */
function tableArgument(tableId: number, order: ByteOrder): Uint8Array {
  return new ByteWriter("event argument").uint(tableId, 2, order, "tableId").toBytes();
}
