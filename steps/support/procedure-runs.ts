import { capture, valueOf } from "../../harness/conformance/checks";
import { procedureSettings } from "../../harness/conformance/poll-pacing";
import { expectResult } from "../../harness/conformance/procedure-calls";
import { freshSequenceOn } from "../../harness/conformance/mbus-procedures";
import { runProcedure } from "../../harness/session/procedure-runner";
import type { OsgpWorld } from "../world";
import { kept } from "./scenario-state";

/** Runs a procedure on the open session and keeps the call and its outcome for the Then steps. */
export async function run(
  world: OsgpWorld,
  procedureId: number,
  parameters: Uint8Array,
  sequence?: number,
): Promise<void> {
  const session = world.client();
  const call = {
    procedureId,
    parameters,
    sequence: sequence ?? (await freshSequenceOn(world.client(), { sequences: world.procedureSequence })),
  };
  const { order } = (await world.description()).format;
  world.state.procedure.call = call;
  world.procedure = await capture(() =>
    runProcedure(session, call, procedureSettings(world.pixit, world.config.target.link, order)),
  );
}

/** The procedure the scenario ran last. */
export function calledProcedure(world: OsgpWorld): { readonly procedureId: number; readonly sequence: number } {
  return kept(world.state.procedure.call, "procedure call");
}

/** Runs a procedure that the scenario needs done: anything but "completed" fails. */
export async function runCompleted(world: OsgpWorld, procedureId: number, parameters: Uint8Array): Promise<void> {
  await run(world, procedureId, parameters);
  expectResult(valueOf(world.procedure, "procedure outcome"), calledProcedure(world), ["completed"], (l, b) =>
    world.evidence(l, b),
  );
}
