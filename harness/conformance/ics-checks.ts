import { expectResponseCode, expectThat, refusalVerdict, isUndecidingRefusal } from "./checks";
import type { Evidence } from "./verdicts";

/**
 * 8.19's reserved bits of the interface compatibility setting. The spec names bit 0 (ICA NAK) only,
 * so which bits are reserved is the vendor's statement (PIXIT control.icsReservedBits), and how a
 * meter treats them is open: it may refuse a write setting them, leaving the byte as it was, or take
 * the write and keep them clear. Either way a reserved bit never reads back set.
 */
export interface ReservedBitsWrite {
  /** The reserved bits that were written set, the ICA NAK bit excluded. */
  readonly reserved: number;
  readonly nakMask: number;
  readonly before: number;
  /** The write's response code. */
  readonly code: number;
  readonly after: number;
}

const hex = (b: number) => `0x${b.toString(16).padStart(2, "0")}`;

export function expectReservedBitsKeptClear(
  w: ReservedBitsWrite,
  refusals: readonly number[],
  evidence: readonly Evidence[],
): void {
  const what = `the write setting the reserved bits ${hex(w.reserved)} of the interface compatibility setting (read ${hex(w.before)} before)`;
  if (w.code !== 0) {
    if (isUndecidingRefusal(w.code)) throw refusalVerdict(w.code, what);
    expectResponseCode(w.code, refusals, `${what} (PIXIT control.rejectedValue)`, evidence);
    expectThat(w.after === w.before, `${what} was refused, but the setting now reads ${hex(w.after)}`, evidence);
    return;
  }
  expectThat(
    (w.after & w.reserved) === 0,
    `${what} was accepted and the setting reads ${hex(w.after)}: reserved bits ${hex(w.after & w.reserved)} kept set (PIXIT control.icsReservedBits)`,
    evidence,
  );
  expectThat(
    (w.after & w.nakMask) === (w.before & w.nakMask),
    `${what} was accepted, written with the ICA NAK bit as it was, and the setting reads ${hex(w.after)}: the ICA NAK bit changed`,
    evidence,
  );
}
