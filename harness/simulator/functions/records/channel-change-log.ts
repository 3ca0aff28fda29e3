import type { ByteOrder } from "../../../bytes/cursor";
import { encodeChannelChangeLog, ET75, type ChannelChange } from "../../../protocol/tables/et75-channel-change-log";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import { computedTable, type SimTable } from "../../sim-table";

/**
 * ET75, the primary load-profile channel change log (PROVISIONAL layout, see its codec): the last
 * few reconfigurations of data set 1, oldest overwritten first, numbered from 1.
 */
export const CHANNEL_CHANGE_ENTRIES = 4;

export class ChannelChangeLog {
  private readonly entries: (ChannelChange | null)[] = new Array<ChannelChange | null>(CHANNEL_CHANGE_ENTRIES).fill(
    null,
  );
  private last = -1;
  private sequence = 0;

  constructor(
    private readonly channels: number,
    private readonly order: ByteOrder,
  ) {}

  add(
    atMs: number,
    old: { intervalMinutes: number; sources: readonly number[] },
    now: { intervalMinutes: number; sources: readonly number[] },
  ): void {
    this.last = (this.last + 1) % CHANNEL_CHANGE_ENTRIES;
    this.sequence = (this.sequence + 1) % 0x10000;
    this.entries[this.last] = {
      time: epochMsToLTimeDate(atMs),
      sequence: this.sequence,
      oldIntervalMinutes: old.intervalMinutes,
      newIntervalMinutes: now.intervalMinutes,
      oldSources: old.sources.slice(),
      newSources: now.sources.slice(),
    };
  }

  table(): SimTable {
    const blank: ChannelChange = {
      time: null,
      sequence: 0,
      oldIntervalMinutes: 0,
      newIntervalMinutes: 0,
      oldSources: new Array<number>(this.channels).fill(0),
      newSources: new Array<number>(this.channels).fill(0),
    };
    return computedTable(ET75, "reader", () =>
      encodeChannelChangeLog(
        {
          validEntries: this.entries.filter((e) => e !== null).length,
          lastEntryElement: Math.max(0, this.last),
          lastEntrySequence: this.sequence,
          entries: this.entries.map((e) => e ?? blank),
        },
        this.order,
      ),
    );
  }
}
