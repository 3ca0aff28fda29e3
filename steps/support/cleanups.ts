import { restoreBenchOf, type RestoreBench } from "../../harness/conformance/bench-restore";
import { runCleanups, type CleanupOutcome } from "../../harness/conformance/cleanups";
import { runConfigFromEnv } from "../../harness/conformance/run-config";
import { LEFT_CHANGED_ATTACHMENT } from "../../harness/report/run-summary";
import { stopSignal } from "../graceful-stop";
import type { OsgpWorld } from "../world";
import { waitOutLogonHoldOff } from "./logon-hold-off-wait";

const { pixit } = runConfigFromEnv();

/**
 * The After hook's time (steps/hooks.ts): a step's for the clean-ups, as ever, and on top of it a
 * logon hold-off to wait out and the opening the device refused for it.
 */
export const CLEANUP_TIMEOUT_MS = pixit.session.logonHoldOff.seconds * 1000 + 2 * pixit.steps.timeoutMs;

/**
 * The scenario's clean-ups (harness/conformance/cleanups.ts), a logon hold-off waited out as the
 * next scenario's is (./logon-hold-off-wait.ts), and what they could not put back attached to the
 * scenario for its report and the summary.
 */
export function runScenarioCleanups(world: OsgpWorld): Promise<CleanupOutcome> {
  return runCleanups({
    cleanups: world.cleanups,
    openAdmin: () => world.adminClient(),
    holdOffLeftMs: () => world.logonHoldOffLeftMs(),
    waitOutHoldOff: () => waitOutLogonHoldOff(world, "before the scenario's clean-up"),
    stopping: stopSignal,
    reportLeftChanged: async (notice) => {
      await world.attach(notice, { mediaType: "text/plain", fileName: LEFT_CHANGED_ATTACHMENT });
    },
  });
}

/** The run's bench, for the commands a clean-up gives a lab to put the device back by hand. */
export function benchOf(world: OsgpWorld): RestoreBench {
  return restoreBenchOf(world.config, world.redactor);
}
