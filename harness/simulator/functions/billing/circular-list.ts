import { listStatus, type SelfReadHeader } from "../../../protocol/tables/bt26-self-read-data";

/**
 * A C12.19 circular list (BT26 self-reads, the ET41 demand reset log): a fixed number of elements,
 * the newest overwriting the oldest, each new entry numbered one more than the last (1, 2, ...,
 * wrapping at 65535 to 0). Nothing marks entries read here (no BP05 for these lists), so the
 * unread count grows with every entry and the overflow flag is raised once an unread entry has
 * been overwritten.
 */
export class CircularList<T> {
  private readonly items: T[];
  private valid = 0;
  private lastElement = 0;
  private lastSequence = 0;
  private unread = 0;
  private overflow = false;

  constructor(
    readonly capacity: number,
    empty: () => T,
  ) {
    this.items = Array.from({ length: capacity }, empty);
  }

  add(make: (sequence: number) => T): T {
    const sequence = (this.lastSequence + 1) & 0xffff;
    const element = this.valid === 0 ? 0 : (this.lastElement + 1) % this.capacity;
    if (this.unread === this.capacity) this.overflow = true;
    const item = make(sequence);
    this.items[element] = item;
    this.valid = Math.min(this.valid + 1, this.capacity);
    this.unread = Math.min(this.unread + 1, this.capacity);
    this.lastElement = element;
    this.lastSequence = sequence;
    return item;
  }

  header(): SelfReadHeader {
    return {
      status: listStatus({ circular: 1, overflow: +this.overflow }),
      validEntries: this.valid,
      lastElement: this.lastElement,
      lastSequence: this.lastSequence,
      unreadEntries: this.unread,
    };
  }

  /** Every element in storage order (written or not). */
  elements(): readonly T[] {
    return this.items;
  }
}
