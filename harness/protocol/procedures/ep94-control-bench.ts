import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP94 Control Bench Action: NOT an OSGP procedure. The built-in simulator's stand-in for a lab's
 * hands on the meter for clauses 8.6 and 8.10.3: press the contactor button, make a self-test fail
 * (as a lab would with a fault-injection firmware or a faulty unit). A real meter has no such
 * procedure: PIXIT control.benchProcedure is null by default and the scenarios that need the bench
 * are then not applicable.
 *   UINT8 action (CONTROL_BENCH_ACTION), UINT8 argument
 */
export const EP94 = MANUFACTURER_PROCEDURE_BASE + 94;

export const CONTROL_BENCH_ACTION = {
  /** The customer presses the contactor's button (8.10.3). */
  pressButton: 0,
  /** The self-test with bit `argument` of ET58's SELF_TEST fails from now on (8.6). */
  failSelfTest: 1,
  /** Every self-test passes again, and a self-test runs at once to show it. */
  healSelfTests: 2,
} as const;

export interface ControlBenchAction {
  readonly action: number;
  readonly argument: number;
}

export function decodeControlBenchAction(bytes: Uint8Array): Decoded<ControlBenchAction> {
  return decodeWith(bytes, "EP94", (r) => ({ action: r.u8("action"), argument: r.u8("argument") }));
}

export function encodeControlBenchAction(a: ControlBenchAction): Uint8Array {
  return new ByteWriter("EP94").u8(a.action, "action").u8(a.argument, "argument").toBytes();
}
