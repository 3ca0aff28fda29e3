import { CHANNEL_STATUS, type CommonIntervalFlags } from "../../../protocol/tables/bt64-interval-status";
import type { LoadProfileSetStatus } from "../../../protocol/tables/bt63-load-profile-status";

/**
 * The storage of one load-profile data set (C12.19 BT64..BT67): a circular list of blocks, each a
 * run of contiguous intervals, with the list's bookkeeping of BT63. A block holds intervals that
 * follow each other without a gap; an interval that does not follow the newest one (a clock jump,
 * a reconfiguration) or finds the newest block full starts a new block.
 *
 * NBR_UNREAD_BLOCKS counts the blocks begun since the reader last said what it read (BP05) and
 * never exceeds the number of blocks; starting a block when all are unread sets the overflow flag.
 * LAST_BLOCK_SEQ_NBR numbers blocks 0, 1, 2, ... as they are begun.
 */
export interface RecordedInterval {
  readonly common: CommonIntervalFlags;
  readonly channels: readonly number[];
  readonly values: readonly number[];
}

export interface RecordedBlock {
  readonly sequence: number;
  /** Meter time (UTC ms) of the end of the newest interval. */
  endMs: number;
  /** The channels' cumulative readings at endMs. */
  endReadings: readonly number[];
  /** The readings when the block began: kept for the block-end-reading defect only. */
  readonly startReadings: readonly number[];
  readonly intervals: RecordedInterval[];
}

export interface RecorderDimensions {
  readonly blocks: number;
  readonly intervalsPerBlock: number;
  readonly channels: number;
}

export class IntervalRecorder {
  private ring: (RecordedBlock | null)[];
  private last = -1;
  private nextSequence = 0;
  private valid = 0;
  private unread = 0;
  private overflow = false;
  private open = false;

  constructor(readonly dims: RecorderDimensions) {
    this.ring = new Array<RecordedBlock | null>(dims.blocks).fill(null);
  }

  /** Stores a closed interval ending at endMs (interval length intervalMs) with the readings at its end. */
  record(
    endMs: number,
    intervalMs: number,
    interval: RecordedInterval,
    readingsAtEnd: readonly number[],
    readingsAtStart: readonly number[],
  ): void {
    const newest = this.newest();
    const follows =
      newest !== null &&
      this.open &&
      newest.intervals.length < this.dims.intervalsPerBlock &&
      endMs === newest.endMs + intervalMs;
    const block = follows ? (newest as RecordedBlock) : this.begin(endMs, readingsAtStart);
    block.intervals.push(interval);
    block.endMs = endMs;
    block.endReadings = readingsAtEnd.slice();
  }

  /**
   * A clock jump broke the run of intervals: as C12.19 describes for a time reset, the newest block
   * is closed with its remaining intervals recorded as skipped (value 0, flagged with the clock
   * set), so that every block but the newest is full and its intervals' times follow from its end
   * time. The next interval starts a new block.
   */
  closeBlock(intervalMs: number, common: CommonIntervalFlags): void {
    const newest = this.newest();
    if (newest !== null && this.open) {
      while (newest.intervals.length < this.dims.intervalsPerBlock) {
        newest.intervals.push({
          common,
          channels: sameStatus(this.dims.channels, CHANNEL_STATUS.skipped),
          values: new Array<number>(this.dims.channels).fill(0),
        });
        newest.endMs += intervalMs;
      }
    }
    this.open = false;
  }

  /** BP04: the list starts again, empty. */
  clear(): void {
    this.ring.fill(null);
    this.last = -1;
    this.valid = 0;
    this.unread = 0;
    this.overflow = false;
    this.open = false;
  }

  /** BP05: the oldest `count` unread blocks count as read. Returns how many did. */
  markRead(count: number): number {
    const n = Math.min(count, this.unread);
    this.unread -= n;
    this.overflow = false;
    return n;
  }

  unreadBlocks(): number {
    return this.unread;
  }

  newest(): RecordedBlock | null {
    return this.last < 0 ? null : (this.ring[this.last] ?? null);
  }

  blocks(): readonly (RecordedBlock | null)[] {
    return this.ring;
  }

  status(active: boolean, testMode: boolean): LoadProfileSetStatus {
    const newest = this.newest();
    return {
      flags: {
        descendingBlocks: 0,
        overflow: this.overflow ? 1 : 0,
        circular: 1,
        inhibitOverflow: 0,
        descendingIntervals: 0,
        active: active ? 1 : 0,
        testMode: testMode ? 1 : 0,
        reserved: 0,
      },
      validBlocks: this.valid,
      lastBlockElement: Math.max(0, this.last),
      lastBlockSequence: newest?.sequence ?? 0,
      unreadBlocks: this.unread,
      validIntervals: newest?.intervals.length ?? 0,
    };
  }

  private begin(endMs: number, readingsAtStart: readonly number[]): RecordedBlock {
    this.last = (this.last + 1) % this.dims.blocks;
    const block: RecordedBlock = {
      sequence: this.nextSequence++,
      endMs,
      endReadings: [],
      startReadings: readingsAtStart.slice(),
      intervals: [],
    };
    this.ring[this.last] = block;
    this.valid = Math.min(this.valid + 1, this.dims.blocks);
    if (this.unread === this.dims.blocks) this.overflow = true;
    else this.unread++;
    this.open = true;
    return block;
  }
}

/** A channel status nibble for each channel: the same status on all of them. */
export function sameStatus(channels: number, status: number = CHANNEL_STATUS.none): number[] {
  return new Array<number>(channels).fill(status);
}
