import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP95 Bench Action: NOT an OSGP procedure. The built-in simulator's stand-in for what a lab does
 * with its hands on a real bench (cut the meter's power, unplug an M-Bus device, make the MEP
 * device raise an alarm), so that 8.17 and 8.18 scenarios can be run against it. A real meter has
 * no such procedure: PIXIT mepMbus.benchProcedure is null by default and the scenarios that need
 * the bench are then not applicable.
 *   UINT8 action (BENCH_ACTION), UINT16 argument
 */
export const EP95 = MANUFACTURER_PROCEDURE_BASE + 95;

export const BENCH_ACTION = {
  /** Power is off for `argument` device seconds: M-Bus reads in progress are interrupted. */
  powerOutage: 0,
  /** The M-Bus device with primary address `argument` is unplugged (stops answering). */
  unplug: 1,
  /** ... and plugged back. */
  plug: 2,
  /** The MEP device's alarm bits become `argument` (0 clears them). */
  mepAlarms: 3,
  /** Power will fail for `argument` device seconds the moment the next M-Bus read starts. */
  outageDuringNextRead: 4,
} as const;

export interface BenchAction {
  readonly action: number;
  readonly argument: number;
}

export function decodeBenchAction(bytes: Uint8Array, order: ByteOrder): Decoded<BenchAction> {
  return decodeWith(bytes, "EP95", (r) => ({ action: r.u8("action"), argument: r.uint(2, order, "argument") }));
}

export function encodeBenchAction(p: BenchAction, order: ByteOrder): Uint8Array {
  return new ByteWriter("EP95").u8(p.action, "action").uint(p.argument, 2, order, "argument").toBytes();
}
