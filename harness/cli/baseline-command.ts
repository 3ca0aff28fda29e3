import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors";
import {
  baselineOf,
  compareWithBaseline,
  describeChange,
  formatBaseline,
  parseBaseline,
  type Baseline,
} from "../report/baseline";
import type { ScenarioVerdict } from "../report/run-summary";
import type { Redactor } from "../security/redactor";
import { commandUsage, text, usageError, type FlagValues } from "./flags";

export const BASELINE_SPEC = {
  name: "baseline",
  positionals: ["save|diff", "FILE"],
  flags: { "reports-dir": text("DIR", "reports") },
  about: `save: keep the verdict of every target and scenario of the last run (DIR/summary.json)
as a regression baseline
diff: compare the last run with the baseline: print each change and exit 1 on any (a new
failure, a fixed one, a scenario missing or new); scenarios the baseline records as fail or
inconclusive that still are count as known, not as changes`,
} as const;

/** `osgp-conformance baseline save|diff FILE`: exit 0 when saved or when nothing changed. */
export function baselineMain(
  values: FlagValues<typeof BASELINE_SPEC.flags>,
  [action, file]: readonly string[],
): number {
  if ((action !== "save" && action !== "diff") || file === undefined)
    throw usageError(
      `baseline takes save FILE or diff FILE, not ${JSON.stringify(action)}\n\n${commandUsage(BASELINE_SPEC)}`,
    );
  const scenarios = lastRunVerdicts(values["reports-dir"]);
  if (action === "diff") return checkAgainstBaseline(readBaseline(file), file, scenarios);
  const baseline = baselineOf(scenarios);
  writeFileSync(file, formatBaseline(baseline));
  const notPassing = baseline.scenarios.filter((s) => s.verdict === "fail" || s.verdict === "inconclusive").length;
  console.log(
    `baseline: ${file} (${baseline.scenarios.length} scenarios, ${notPassing} fail or inconclusive, accepted as known)`,
  );
  return 0;
}

/** The baseline in `file`, read before a run starts so that a bad file stops it at once. */
export function readBaseline(file: string): Baseline {
  if (!existsSync(file))
    throw new ConfigError(
      "OSGP_ERR_BASELINE",
      `${file} does not exist; write one with \`osgp-conformance baseline save ${file}\``,
    );
  return parseBaseline(readFileSync(file, "utf8"), file);
}

/** Prints every change from the baseline and a total; 0 when there is none, 1 otherwise. */
export function checkAgainstBaseline(
  baseline: Baseline,
  file: string,
  scenarios: readonly ScenarioVerdict[],
  redactor?: Redactor,
): number {
  const c = compareWithBaseline(baseline, scenarios);
  for (const change of c.changes)
    console.log(redactor ? redactor.scrub(describeChange(change)) : describeChange(change));
  const verdict = c.changes.length === 0 ? "no change" : `${c.changes.length} change(s)`;
  console.log(
    `baseline ${file}: ${verdict}; ${c.known} known failure(s) still failing, ${c.unchanged} scenario(s) unchanged`,
  );
  return c.changes.length === 0 ? 0 : 1;
}

function lastRunVerdicts(reportsDir: string): ScenarioVerdict[] {
  const file = join(reportsDir, "summary.json");
  if (!existsSync(file))
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `${file} does not exist: run the suite first (osgp-conformance run --reports-dir ${reportsDir})`,
    );
  let summary: { scenarios?: unknown } | null = null;
  try {
    summary = JSON.parse(readFileSync(file, "utf8")) as { scenarios?: unknown };
  } catch {
    // Reported below, as any summary without scenarios.
  }
  if (!Array.isArray(summary?.scenarios))
    throw new ConfigError("OSGP_ERR_USAGE", `${file} holds no run's scenarios: is it a run's summary.json?`);
  return summary.scenarios as ScenarioVerdict[];
}
