import { Before, BeforeStep } from "@cucumber/cucumber";
import { constants } from "node:os";
import { Inconclusive } from "../harness/conformance/verdicts";
import { NOT_RUN_MEDIA_TYPE } from "../harness/report/run-summary";
import type { OsgpWorld } from "./world";
import { NOT_A_FIXTURE } from "./support/allure-fixtures";

/**
 * SIGINT or SIGTERM stops the run without losing it. `osgp-conformance run` passes its signal on to
 * this process and its parallel workers (harness/cli/run-interruption.ts); Ctrl-C on a direct
 * cucumber run reaches them all by itself. Cucumber has no handling of its own and would die
 * mid-scenario, the device left as the scenario had changed it. Here the scenario in progress ends at
 * its next step, inconclusive, so that its After hooks still put the device back; every later
 * scenario is skipped as not run (no verdict, no Allure result); then cucumber ends as usual, its
 * messages and results whole. A second signal ends the process at once.
 *
 * This file's name sorts before hooks.ts, so its Before hook is defined, and runs, first: a Before
 * hook that skips skips those after it, and a scenario not run costs little more than its World.
 */
let stoppedBy: NodeJS.Signals | null = null;

/** The signal that is stopping the run, or null while it goes on. */
export function stopSignal(): NodeJS.Signals | null {
  return stoppedBy;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stoppedBy !== null) process.exit(128 + constants.signals[signal]);
    stoppedBy = signal;
  });
}

// No fixture of the scenario in the report: this hook has nothing to report.
Before({ name: NOT_A_FIXTURE }, async function (this: OsgpWorld) {
  if (stoppedBy === null) return undefined;
  await this.attach(
    JSON.stringify({ reason: `the run was interrupted (${stoppedBy}) before this scenario started` }),
    NOT_RUN_MEDIA_TYPE,
  );
  // Scenarios skipped in a row never leave the microtask queue: the messages already written would
  // wait in memory, lost if the run is killed at the end of its grace period.
  await new Promise((resolve) => setImmediate(resolve));
  return "skipped";
});

BeforeStep(function () {
  if (stoppedBy !== null) throw new Inconclusive(`run interrupted (${stoppedBy}) before this step`);
});
