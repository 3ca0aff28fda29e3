import type { LoggedExchange } from "./campaign";

/** What a campaign run concluded, as summary.json holds it and the CLI and scenarios show it. */
export interface CampaignReport {
  readonly campaign: string;
  readonly title: string;
  readonly clauses: readonly string[];
  readonly target: string;
  /** The PIXIT file the run used, if any: a replay needs it too. */
  readonly pixitFile: string | null;
  readonly device: string;
  readonly seed: number;
  readonly budgetMs: number;
  readonly maxCases: number;
  readonly verdict: "pass" | "fail" | "inconclusive" | "not applicable";
  readonly reason: string;
  readonly cases: number;
  readonly findings: number;
  readonly elapsedMs: number;
  readonly sessionsOpened: number;
  /** The (shrunk) case that failed, with what replays it: `--replay` + replay. */
  readonly counterexample: {
    readonly path: string;
    readonly replay: string;
    readonly json: unknown;
    readonly hex: string;
    readonly decoded: string;
  } | null;
  /** The finding as first seen, and each attempt to reproduce it. */
  readonly attempts: readonly {
    readonly label: string;
    readonly finding: string | null;
    readonly exchanges: readonly LoggedExchange[];
  }[];
  readonly dir: string;
}

const VERDICT_WORD = {
  pass: "PASS",
  fail: "FAIL",
  inconclusive: "INCONCLUSIVE",
  "not applicable": "NOT APPLICABLE",
} as const;

export function formatReport(r: CampaignReport): string {
  const lines = [
    `${VERDICT_WORD[r.verdict]} fuzz campaign ${r.campaign} (${r.clauses.map((c) => `clause ${c}`).join(", ")}) on ${r.device}`,
    `  ${r.reason}`,
    `  ${r.cases} case(s) in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.findings} finding(s), seed ${r.seed}, ${r.sessionsOpened} session(s) opened`,
  ];
  const c = r.counterexample;
  if (c !== null) {
    lines.push(
      `  seed ${r.seed}, path ${c.path}`,
      `  replay: npx osgp-conformance fuzz --campaign ${r.campaign} --target ${r.target}${r.pixitFile === null ? "" : ` --pixit ${r.pixitFile}`} --replay ${c.replay}`,
      "  counterexample (shrunk):",
      `    hex:     ${c.hex}`,
      `    decoded: ${c.decoded}`,
    );
  }
  for (const [i, a] of r.attempts.entries()) {
    lines.push(`  attempt ${i + 1} (${a.label}): ${a.finding ?? "no finding"}`);
    for (const x of a.exchanges)
      lines.push(`    ${x.label}: [${x.request}] -> ${x.response === null ? "(no answer)" : `[${x.response}]`}`);
  }
  lines.push(`  results: ${r.dir}`);
  return lines.join("\n");
}
