import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP16 Change System Clock by Delta (8.3.2). The sources name the procedure but not its
 * parameter layout; we read it as one signed 32-bit number of seconds in table data order
 * (positive moves the clock forward). That reading is an assumption: the procedure number and the
 * expected effect are PIXITs (`clock.deltaProcedure`), so a lab can point the suite at its own.
 */
export const EP16 = MANUFACTURER_PROCEDURE_BASE + 16;

export interface ClockDeltaParameters {
  readonly deltaSeconds: number;
}

export function decodeClockDelta(bytes: Uint8Array, order: ByteOrder): Decoded<ClockDeltaParameters> {
  return decodeWith(bytes, "EP16", (r) => ({ deltaSeconds: r.int(4, order, "deltaSeconds") }));
}

export function encodeClockDelta(p: ClockDeltaParameters, order: ByteOrder): Uint8Array {
  return new ByteWriter("EP16").int(p.deltaSeconds, 4, order, "deltaSeconds").toBytes();
}
