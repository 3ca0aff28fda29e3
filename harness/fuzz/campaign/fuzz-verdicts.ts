import { ConformanceAssertionError, Inconclusive } from "../../conformance/verdicts";
import { formatReport, type CampaignReport } from "./campaign-report";
import type { FixtureOutcome } from "./fuzz-run";

/**
 * A campaign's or a fixture replay's outcome as the scenario's verdict: a reproduced finding
 * FAILs (with the counterexample as evidence), one that did not reproduce is inconclusive with
 * both attempts, a campaign the device gives nothing to attack is not applicable.
 */
export function judgeCampaign(report: CampaignReport): "pass" | "not applicable" {
  if (report.verdict === "pass" || report.verdict === "not applicable") return report.verdict;
  const text = formatReport(report);
  if (report.verdict === "inconclusive") throw new Inconclusive(text);
  const c = report.counterexample;
  throw new ConformanceAssertionError(text, c === null ? [] : [{ label: `counterexample (${c.decoded})`, hex: c.hex }]);
}

export function judgeFixtures(outcomes: readonly FixtureOutcome[]): void {
  const lines = (o: FixtureOutcome) =>
    `${o.fixture.campaign} ${o.fixture.file ?? ""}: ${o.fixture.decoded}\n  ${o.findings.map((f, i) => `attempt ${i + 1}: ${f ?? "no finding"}`).join("\n  ")}`;
  const failed = outcomes.filter((o) => o.verdict === "fail");
  if (failed.length > 0) {
    throw new ConformanceAssertionError(
      `${failed.length} saved counterexample(s) still find a fault:\n${failed.map(lines).join("\n")}`,
      failed.map((o) => ({ label: o.fixture.decoded, hex: o.fixture.hex })),
    );
  }
  const unsure = outcomes.filter((o) => o.verdict === "inconclusive");
  if (unsure.length > 0)
    throw new Inconclusive(
      `${unsure.length} saved counterexample(s) found a fault once but not on a fresh device:\n${unsure.map(lines).join("\n")}`,
    );
}
