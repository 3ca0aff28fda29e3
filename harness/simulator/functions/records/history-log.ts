import { EVENT_CODES, MAX_STANDARD_EVENT_CODE } from "../../../protocol/event-codes";
import type { DeviceContext } from "../../device-function";
import type { HistoryLogHeader } from "../../../protocol/tables/bt74-history-log-data";
import type { LoggedEvent } from "../../device-model/event-log";

/**
 * The history log of 8.12 (BT74): the meter's events (ctx.events: C12.19 standard events, and the
 * manufacturer events other functions post, codes 0..255) that BT73 enables, each stored
 * as it is posted in a circular list of HISTORY_ENTRIES entries with its own running sequence
 * number. What BT73 says when an event happens decides whether it is logged; changing BT73 later
 * neither hides nor reveals entries. Unread entries are counted as C12.19 counts them: BP05 (list
 * 8, PROVISIONAL; PIXIT records.historyList) marks the oldest ones read, BP04 empties the log.
 */
export const HISTORY_ENTRIES = 64;
export const HISTORY_ARGUMENT_LENGTH = 6;
/** Bytes of the standard and manufacturer event bitmaps of BT72/BT73 (BT71 NBR_STD/MFG_EVENTS). */
export const STD_EVENT_BYTES = Math.floor(MAX_STANDARD_EVENT_CODE / 8) + 1;
/** Manufacturer events: the meter logs any its functions post (codes 0..255). */
export const MFG_EVENT_BYTES = 32;

export interface HistoryRecord {
  readonly sequence: number;
  readonly event: LoggedEvent;
  readonly critical: boolean;
}

const CLOCK_CHANGES: readonly number[] = [
  EVENT_CODES.timeChangedOld,
  EVENT_CODES.timeChangedNew,
  EVENT_CODES.timeChangedOldArg,
  EVENT_CODES.timeChangedNewArg,
];

export class HistoryLog {
  readonly supported: boolean[] = new Array<boolean>(STD_EVENT_BYTES * 8).fill(false);
  readonly supportedMfg: boolean[] = new Array<boolean>(MFG_EVENT_BYTES * 8).fill(true);
  /** BT73's standard and manufacturer event flags; tables and procedures are kept as written. */
  readonly monitored = {
    std: new Array<boolean>(STD_EVENT_BYTES * 8).fill(false),
    mfg: new Array<boolean>(MFG_EVENT_BYTES * 8).fill(true),
  };
  private readonly ring: (HistoryRecord | null)[] = new Array<HistoryRecord | null>(HISTORY_ENTRIES).fill(null);
  private last = -1;
  private sequence = 0;
  private unread = 0;
  private overflow = false;
  private readonly appendListeners: Array<(r: HistoryRecord) => void> = [];

  constructor(
    private readonly ctx: DeviceContext,
    private readonly isCritical: (e: LoggedEvent) => boolean,
  ) {
    for (const code of Object.values(EVENT_CODES)) if (code !== EVENT_CODES.noEvent) this.supported[code] = true;
    for (const code of Object.values(EVENT_CODES)) this.monitored.std[code] = code !== EVENT_CODES.noEvent;
    ctx.events.onEvent((e) => this.consider(e));
    // A firmware that numbers entries from a counter it resets when the clock is set.
    if (ctx.defects.has("history-log-sequence-restarts")) ctx.metering.onClockJump(() => (this.sequence = 0));
  }

  onAppend(listener: (r: HistoryRecord) => void): void {
    this.appendListeners.push(listener);
  }

  records(): readonly (HistoryRecord | null)[] {
    return this.ring;
  }

  header(): HistoryLogHeader {
    return {
      flags: { descending: 0, overflow: this.overflow ? 1 : 0, circular: 1, inhibitOverflow: 0, reserved: 0 },
      validEntries: this.ring.filter((r) => r !== null).length,
      lastEntryElement: Math.max(0, this.last),
      lastEntrySequence: this.sequence,
      unreadEntries: this.unread,
    };
  }

  /** The unread records, newest first. */
  unreadRecords(): HistoryRecord[] {
    const out: HistoryRecord[] = [];
    for (let k = 0; k < this.unread; k++) {
      const r = this.ring[(this.last - k + HISTORY_ENTRIES) % HISTORY_ENTRIES];
      if (r !== null && r !== undefined) out.push(r);
    }
    return out;
  }

  markRead(count: number): void {
    this.unread -= Math.min(count, this.unread);
    this.overflow = false;
  }

  clear(): void {
    this.ring.fill(null);
    this.last = -1;
    this.unread = 0;
    this.overflow = false;
  }

  private consider(e: LoggedEvent): void {
    const bits = e.manufacturer ? this.monitored.mfg : this.monitored.std;
    const supported = (e.manufacturer ? this.supportedMfg : this.supported)[e.code] === true;
    if (!supported || bits[e.code] !== true) return;
    if (!e.manufacturer && CLOCK_CHANGES.includes(e.code) && this.ctx.defects.has("history-log-drops-clock-change"))
      return;
    this.sequence = (this.sequence + 1) % 0x1_0000_0000;
    this.last = (this.last + 1) % HISTORY_ENTRIES;
    const record = { sequence: this.sequence, event: e, critical: this.isCritical(e) };
    this.ring[this.last] = record;
    if (this.unread === HISTORY_ENTRIES) this.overflow = true;
    else this.unread++;
    for (const f of this.appendListeners) f(record);
  }
}
