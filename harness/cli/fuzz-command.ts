import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runConfig } from "../conformance/run-config";
import { ConfigError } from "../errors";
import { DEFAULT_FIXTURE_DIR, loadFixtures } from "../fuzz/campaign/fixtures";
import { replayFixtures, runFuzzCampaigns } from "../fuzz/campaign/fuzz-run";
import { parseReplay } from "../fuzz/campaign/replay-spec";
import { campaignNamed, campaignsFor, CAMPAIGNS } from "../fuzz/campaigns/campaign-registry";
import { runSelfFuzz } from "../fuzz/self/self-fuzz-runner";
import { bool, int, text, texts, type FlagValues } from "./flags";

export const FUZZ_SPEC = {
  name: "fuzz",
  positionals: [],
  flags: {
    target: text("TARGET", "sim"),
    campaign: texts("NAME"),
    budget: int("SECONDS", 1, 7 * 24 * 3600, 60),
    seed: int("N", 0, Number.MAX_SAFE_INTEGER),
    "max-cases": int("N", 1, Number.MAX_SAFE_INTEGER, 1_000_000),
    replay: text("SEED:PATH"),
    "save-fixtures": bool(),
    fixtures: bool(),
    "fixtures-dir": text("DIR", DEFAULT_FIXTURE_DIR),
    pixit: text("FILE"),
    "reports-dir": text("DIR", "reports"),
    self: bool(),
    cases: int("N", 1, Number.MAX_SAFE_INTEGER, 1_000_000),
    only: texts("TEXT"),
    workers: int("N", 1, 64, 2),
    "guard-ms": int("MS", 1, 600_000, 5000),
    list: bool(),
  },
  about: `fuzz campaigns against the device (default sim): every campaign of the target's link (or
those named), the budget (default 60 s) shared between them; each anomaly is followed by a
known-good read; a finding is shrunk, then reproduced on a fresh device (FAIL only if it
reproduces); every case is kept in DIR/fuzz/; --replay runs the one case a failure printed;
--save-fixtures keeps each failure's counterexample as a regression fixture
--fixtures: replay the saved fixtures of the target's link (from --fixtures-dir)
--self: fuzz every decoder of harness/protocol, harness/security and harness/link (npm run
fuzz:self), with --cases, --seed, --only, --workers and --guard-ms
--list: the campaigns and the clauses they attack`,
} as const;

/** `osgp-conformance fuzz ...`: exit 0 only when everything run passed (or was not applicable). */
export async function fuzzMain(values: FlagValues<typeof FUZZ_SPEC.flags>): Promise<number> {
  if (values.list) {
    for (const c of CAMPAIGNS)
      console.log(
        `${c.name.padEnd(20)} ${c.links.join("/").padEnd(16)} ${c.clauses
          .map((x) => `@clause-${x}`)
          .join(" ")
          .padEnd(36)} ${c.title}`,
      );
    return 0;
  }
  const seed = values.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (values.self)
    return selfFuzz(values.cases, seed, values.only, values.workers, values["guard-ms"], values["reports-dir"]);

  const config = runConfig(values.target, values.pixit ?? null);
  const link = config.target.link;
  const campaigns = values.campaign.length === 0 ? campaignsFor(link) : values.campaign.map(campaignNamed);
  const unfit = campaigns.filter((c) => !c.links.includes(link));
  if (unfit.length > 0)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `campaign(s) ${unfit.map((c) => c.name).join(", ")} do not run on the ${link} link`,
    );
  if (values.fixtures) {
    const outcomes = await replayFixtures(config, campaigns, loadFixtures(values["fixtures-dir"]), (l) =>
      console.log(l),
    );
    console.log(
      `${outcomes.length} fixture(s) replayed on ${values.target}: ${outcomes.filter((o) => o.verdict === "pass").length} without a finding`,
    );
    return outcomes.every((o) => o.verdict === "pass") ? 0 : 1;
  }
  const replay = values.replay === undefined ? null : parseReplay(values.replay);
  if (replay !== null && campaigns.length !== 1)
    throw new ConfigError("OSGP_ERR_USAGE", "--replay replays one campaign's case: name it with --campaign");
  if (values.seed === undefined && replay === null)
    console.log(`seed ${seed} (chosen at random; --seed ${seed} runs the same cases again)`);
  const reports = await runFuzzCampaigns({
    config,
    campaigns,
    budgetMs: 1000 * values.budget,
    seed,
    maxCases: values["max-cases"],
    replay,
    reportsDir: values["reports-dir"],
    saveFixturesTo: values["save-fixtures"] ? values["fixtures-dir"] : null,
    print: (l) => console.log(l),
  });
  console.log(
    `\n${reports.map((r) => `${r.verdict.toUpperCase().padEnd(15)} ${r.campaign.padEnd(20)} ${String(r.cases).padStart(8)} case(s)  ${r.findings} finding(s)`).join("\n")}`,
  );
  return reports.every((r) => r.verdict === "pass" || r.verdict === "not applicable") ? 0 : 1;
}

async function selfFuzz(
  cases: number,
  seed: number,
  only: readonly string[],
  workers: number,
  guardMs: number,
  reportsDir: string,
): Promise<number> {
  console.log(`self-fuzz: ${cases} case(s) per decoder, seed ${seed}, ${workers} worker(s), time guard ${guardMs} ms`);
  const t0 = performance.now();
  const report = await runSelfFuzz({
    cases,
    seed,
    workers,
    guardMs,
    only,
    onOutcome: (o) =>
      console.log(
        `${o.problem === null ? "ok  " : "FAIL"} ${o.id.padEnd(72)} ${String(o.cases).padStart(8)} cases ${(o.cases / Math.max(o.ms / 1000, 1e-6)).toFixed(0).padStart(9)}/s${o.problem === null ? "" : `\n     ${o.problem}\n     input: ${o.inputHex ?? "?"}${o.args === null ? "" : `\n     arguments: ${o.args}`}`}`,
      ),
  });
  const failed = report.outcomes.filter((o) => o.problem !== null);
  for (const u of report.uncovered) console.log(`NOT COVERED ${u}`);
  mkdirSync(join(reportsDir, "fuzz"), { recursive: true });
  const file = join(reportsDir, "fuzz", `self-fuzz-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ cases, seed, seconds: (performance.now() - t0) / 1000, ...report }, null, 2) + "\n",
  );
  console.log(
    `${report.outcomes.length} decoder(s), ${failed.length} with a finding, ${report.uncovered.length} not covered, ${((performance.now() - t0) / 1000).toFixed(1)} s; ${file}`,
  );
  return failed.length === 0 && report.uncovered.length === 0 && report.outcomes.length > 0 ? 0 : 1;
}
