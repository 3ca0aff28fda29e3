import { Then, When } from "@cucumber/cucumber";
import { runConfigFromEnv } from "../harness/conformance/run-config";
import { NOT_APPLICABLE } from "../harness/conformance/verdicts";
import { formatReport } from "../harness/fuzz/campaign/campaign-report";
import { runCampaign } from "../harness/fuzz/campaign/campaign-runner";
import { loadFixtures } from "../harness/fuzz/campaign/fixtures";
import { newFuzzDevice, replayFixtures } from "../harness/fuzz/campaign/fuzz-run";
import { judgeCampaign, judgeFixtures } from "../harness/fuzz/campaign/fuzz-verdicts";
import { campaignNamed } from "../harness/fuzz/campaigns/campaign-registry";
import type { OsgpWorld } from "./world";

/**
 * The fuzz campaigns as scenarios (cucumber profile "fuzz"): a campaign runs for the PIXIT's
 * budget (fuzz.budgetSeconds) with its seed (fuzz.seed); the saved counterexamples replay. The
 * steps may last the budget, shrinking and a reproduction: their time-out follows the PIXIT.
 */
const budget = runConfigFromEnv().pixit.fuzz.budgetSeconds;
const CAMPAIGN_TIMEOUT_MS = (3 * budget + 180) * 1000;

async function notForThisLink(world: OsgpWorld, name: string): Promise<boolean> {
  if (campaignNamed(name).links.includes(world.config.target.link)) return false;
  await world.attach(`not applicable: the ${name} campaign does not run on the ${world.config.target.link} link`);
  return true;
}

When(
  "the fuzz campaign {string} runs for the PIXIT's budget",
  { timeout: CAMPAIGN_TIMEOUT_MS },
  async function (this: OsgpWorld, name: string) {
    if (await notForThisLink(this, name)) return NOT_APPLICABLE;
    const p = this.pixit.fuzz;
    const device = newFuzzDevice(this.config);
    const progress: string[] = [];
    try {
      const report = await runCampaign(campaignNamed(name), device, {
        seed: p.seed,
        budgetMs: p.budgetSeconds * 1000,
        maxCases: p.maxCases,
        replay: null,
        reportsDir: process.env.OSGP_REPORTS_DIR || "reports",
        targetText: this.config.targetText,
        pixitFile: this.config.pixitFile,
        progress: (line) => progress.push(line),
      });
      this.state.fuzz.report = report;
      await this.attach(`${progress.join("\n")}\n${formatReport(report)}`, {
        mediaType: "text/plain",
        fileName: `fuzz campaign ${name}`,
      });
    } finally {
      await device.close();
    }
    return undefined;
  },
);

Then("the campaign found nothing that reproduces", async function (this: OsgpWorld) {
  const report = this.state.fuzz.report;
  if (report === undefined) return undefined;
  if (judgeCampaign(report) === "not applicable") {
    await this.attach(`not applicable: ${report.reason}`);
    return NOT_APPLICABLE;
  }
  return undefined;
});

When(
  "the saved fuzz fixtures of campaign {string} are replayed",
  { timeout: CAMPAIGN_TIMEOUT_MS },
  async function (this: OsgpWorld, name: string) {
    if (await notForThisLink(this, name)) return NOT_APPLICABLE;
    const lines: string[] = [];
    const outcomes = await replayFixtures(
      this.config,
      [campaignNamed(name)],
      loadFixtures().filter((f) => f.campaign === name),
      (l) => lines.push(l),
    );
    this.state.fuzz.fixtureOutcomes = outcomes;
    if (outcomes.length === 0) {
      await this.attach(
        `not applicable: no saved counterexample of the ${name} campaign is for the ${this.config.target.link} link`,
      );
      return NOT_APPLICABLE;
    }
    await this.attach(lines.join("\n"), { mediaType: "text/plain", fileName: `fixtures of ${name}` });
    return undefined;
  },
);

Then("none of them gives a finding", async function (this: OsgpWorld) {
  judgeFixtures(this.state.fuzz.fixtureOutcomes ?? []);
});
