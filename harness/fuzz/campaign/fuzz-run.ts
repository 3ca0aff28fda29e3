import { pixitRedactor } from "../../conformance/pixit-redactor";
import type { RunConfig } from "../../conformance/run-config";
import type { AnyCampaign } from "./campaign";
import { formatReport, type CampaignReport } from "./campaign-report";
import { runCampaign } from "./campaign-runner";
import { replayFixture, saveFixture, type Fixture } from "./fixtures";
import { FuzzDevice } from "./fuzz-device";
import type { ReplaySpec } from "./replay-spec";

/**
 * A fuzz run as the command line and the scenarios start it: the campaigns chosen, one after the
 * other against the target, the budget shared between them; or the saved fixtures replayed. Each
 * campaign gets a device of its own, so that one campaign's finding cannot hurt the next.
 */
export interface FuzzRunOptions {
  readonly config: RunConfig;
  readonly campaigns: readonly AnyCampaign[];
  /** The whole run's budget, shared equally by its campaigns. */
  readonly budgetMs: number;
  readonly seed: number;
  readonly maxCases: number;
  readonly replay: ReplaySpec | null;
  readonly reportsDir: string;
  /** Where a failure's counterexample is saved as a fixture; null: not saved. */
  readonly saveFixturesTo: string | null;
  readonly print: (line: string) => void;
}

export function newFuzzDevice(config: RunConfig): FuzzDevice {
  return new FuzzDevice(config, pixitRedactor(config.pixit));
}

export async function runFuzzCampaigns(o: FuzzRunOptions): Promise<CampaignReport[]> {
  const reports: CampaignReport[] = [];
  const each = o.budgetMs / Math.max(1, o.campaigns.length);
  for (const campaign of o.campaigns) {
    o.print(
      `fuzz ${campaign.name} (${campaign.clauses.map((c) => `clause ${c}`).join(", ")}): seed ${o.replay?.seed ?? o.seed}, budget ${(each / 1000).toFixed(0)} s${o.replay === null ? "" : `, replaying path ${o.replay.path}`}`,
    );
    const device = newFuzzDevice(o.config);
    const print = (line: string) => o.print(device.redactor.scrub(line));
    try {
      const report = await runCampaign(campaign, device, {
        seed: o.seed,
        budgetMs: each,
        maxCases: o.maxCases,
        replay: o.replay,
        reportsDir: o.reportsDir,
        targetText: o.config.targetText,
        pixitFile: o.config.pixitFile,
        progress: print,
      });
      print(formatReport(report));
      if (report.verdict === "fail" && o.saveFixturesTo !== null)
        print(`  fixture: ${saveFixture(report, o.config.target.link, o.saveFixturesTo)}`);
      reports.push(report);
    } finally {
      await device.close();
    }
  }
  return reports;
}

export interface FixtureOutcome {
  readonly fixture: Fixture;
  readonly verdict: "pass" | "fail" | "inconclusive";
  readonly findings: readonly (string | null)[];
}

/**
 * Replays fixtures of the target's link, each on a fresh device; a finding is tried once more on
 * another fresh device: FAIL only when both find it, else inconclusive with both.
 */
export async function replayFixtures(
  config: RunConfig,
  campaigns: readonly AnyCampaign[],
  fixtures: readonly Fixture[],
  print: (line: string) => void,
): Promise<FixtureOutcome[]> {
  const out: FixtureOutcome[] = [];
  for (const fixture of fixtures.filter((f) => f.link === config.target.link)) {
    const campaign = campaigns.find((c) => c.name === fixture.campaign);
    if (campaign === undefined) continue;
    const attempt = async () => {
      const device = newFuzzDevice(config);
      try {
        const r = await replayFixture(campaign, fixture, device);
        return r.finding ?? (r.inconclusive === null ? null : `inconclusive: ${r.inconclusive}`);
      } finally {
        await device.close();
      }
    };
    const first = await attempt();
    const findings = first === null ? [first] : [first, await attempt()];
    const verdict = first === null ? "pass" : findings[1] !== null ? "fail" : "inconclusive";
    out.push({ fixture, verdict, findings });
    print(
      `${verdict.toUpperCase()} fixture ${fixture.file ?? fixture.campaign}: ${fixture.decoded}${first === null ? "" : `\n  ${findings.map((f, i) => `attempt ${i + 1}: ${f ?? "no finding"}`).join("\n  ")}`}`,
    );
  }
  return out;
}
