import { inTurn, procedureRestore } from "../../harness/conformance/bench-restore";
import { valueOf } from "../../harness/conformance/checks";
import type { Cleanup } from "../../harness/conformance/cleanups";
import { controlProcedure, type ControlProcedure } from "../../harness/conformance/control-pixit";
import { expectResult } from "../../harness/conformance/procedure-calls";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { OsgpWorld } from "../world";
import { benchOf } from "./cleanups";
import { calledProcedure, run } from "./procedure-runs";

/**
 * The procedures of the control scenarios (8.6, 8.10, 8.11, 8.16): the PIXIT's, and set-up calls that must complete.
 */
export async function runControl(world: OsgpWorld, which: ControlProcedure, parameters: Uint8Array): Promise<void> {
  await run(world, controlProcedure(world.pixit, which), parameters);
}

/**
 * Runs a procedure and requires it to complete (set-up and clean-up
 * steps): one that does not leaves the scenario undecided.
 */
export async function runControlCompleted(
  world: OsgpWorld,
  id: number,
  parameters: Uint8Array,
  what: string,
): Promise<void> {
  await run(world, id, parameters);
  try {
    expectResult(valueOf(world.procedure, what), calledProcedure(world), ["completed"], (l, b) => world.evidence(l, b));
  } catch (e) {
    throw new Inconclusive(`${what} did not complete: ${(e as Error).message}`);
  }
}

/**
 * A clean-up that runs procedures in turn, each of which must complete, with the bench commands
 * that run them by hand.
 */
export function proceduresCleanup(
  world: OsgpWorld,
  what: string,
  calls: readonly { readonly id: number; readonly parameters: Uint8Array; readonly doing: string }[],
): Cleanup {
  return {
    what,
    run: async () => {
      for (const c of calls) await runControlCompleted(world, c.id, c.parameters, c.doing);
    },
    restore: inTurn(calls.map((c) => procedureRestore(benchOf(world), c.id, c.parameters))),
  };
}
