/**
 * A circular log as C12.19's lists keep them: a fixed number of slots, the newest overwriting the
 * oldest, each entry numbered 1, 2, ... (16 bits, wrapping past 0) so that a reader can tell what
 * it has not seen.
 */
export class RingLog<T> {
  private readonly slots: (T | undefined)[];
  private newestIndex = 0;
  private count = 0;
  private sequence = 0;
  wrapped = false;

  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Stores what `make` builds from the entry's sequence number; returns that number. */
  push(make: (sequence: number) => T): number {
    this.sequence = this.sequence >= 0xffff ? 1 : this.sequence + 1;
    const at = this.count === 0 ? 0 : (this.newestIndex + 1) % this.capacity;
    if (this.count === this.capacity) this.wrapped = true;
    this.slots[at] = make(this.sequence);
    this.newestIndex = at;
    this.count = Math.min(this.count + 1, this.capacity);
    return this.sequence;
  }

  get valid(): number {
    return this.count;
  }

  get newest(): number {
    return this.newestIndex;
  }

  get newestSequence(): number {
    return this.sequence;
  }

  /** Slot by slot, as the table lays them out (undefined: never written). */
  raw(): readonly (T | undefined)[] {
    return this.slots;
  }
}
