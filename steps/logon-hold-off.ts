import { Before } from "@cucumber/cucumber";
import { runConfigFromEnv } from "../harness/conformance/run-config";
import type { OsgpWorld } from "./world";
import { waitOutLogonHoldOff } from "./support/logon-hold-off-wait";
import { NOT_A_FIXTURE } from "./support/allure-fixtures";

/**
 * A logon hold-off the device began in an earlier scenario (PIXIT session.logonHoldOff,
 * harness/conformance/logon-hold-off.ts) is waited out here, before the scenario's first step:
 * once, by the first scenario after the refusal, for all those after it, and in a hook whose
 * time-out is the hold-off's, where a step's (steps.timeoutMs) may be shorter. SIGINT or SIGTERM
 * ends the wait, and steps/graceful-stop.ts then ends the scenario.
 */
const { pixit } = runConfigFromEnv();

// No fixture of the scenario in the report: in all but a hold-off this hook does nothing.
Before(
  { name: NOT_A_FIXTURE, timeout: pixit.session.logonHoldOff.seconds * 1000 + pixit.steps.timeoutMs },
  async function (this: OsgpWorld) {
    await waitOutLogonHoldOff(this, "begun in an earlier scenario");
  },
);
