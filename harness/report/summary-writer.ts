import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Redactor } from "../security/redactor";
import { clauseVerdicts, type ScenarioVerdict, type Verdict } from "./run-summary";
import { wireSection, type WireTotals } from "./wire-summary";

/**
 * reports/summary.json and reports/summary.md: the run's verdict per clause and per scenario, with
 * what was tested (target, device identity, harness version, PIXIT file). No secret reaches these
 * files: they hold verdicts and each failure's message, which the step wrapper already
 * redacts, and both go through the run's redactor once more as they are written.
 */
export interface RunFacts {
  readonly target: string;
  readonly harnessVersion: string;
  readonly pixitFile: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly device: Readonly<Record<string, string>>;
  /** Set when a signal stopped the run: how many scenarios were not run, per target. */
  readonly interrupted?: { readonly signal: string; readonly notRun: Readonly<Record<string, number>> };
  /** Per target on a real serial line: what the run cost on the wire (wire-summary.ts). */
  readonly wire?: readonly WireTotals[];
  /** A sharded run (run --shard I/N): its share of the target × scenario matrix. */
  readonly shard?: ShardFacts;
  /** A merge of shards (osgp-conformance merge): the reports directories it joined, in shard order. */
  readonly mergedFrom?: readonly string[];
}

/** What a shard's summary.json records, so that `merge` can tell the shards of one run from strays. */
export interface ShardFacts {
  /** 1 to count. */
  readonly index: number;
  readonly count: number;
  /** The run's targets as the summary names them, in --target order. */
  readonly targets: readonly string[];
  /** How many cells of the matrix fell to this shard. */
  readonly scenarios: number;
  /** The whole matrix: its size, and a digest of every cell's identity (so of the targets, features and tags). */
  readonly matrix: { readonly scenarios: number; readonly digest: string };
}

export function writeSummary(
  dir: string,
  facts: RunFacts,
  scenarios: readonly ScenarioVerdict[],
  redactor: Redactor = new Redactor(),
): { overall: Verdict; file: string } {
  const clauses = clauseVerdicts(scenarios);
  const totals: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, "not applicable": 0 };
  for (const s of scenarios) totals[s.verdict]++;
  const overall: Verdict = totals.fail > 0 ? "fail" : totals.inconclusive > 0 ? "inconclusive" : "pass";
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "summary.json"),
    redactor.scrub(JSON.stringify({ ...facts, overall, totals, clauses, scenarios }, null, 2)),
  );
  const md = [
    `# OSGP conformance run: ${facts.interrupted ? `INTERRUPTED${scenarios.length > 0 ? ` (${overall} in what ran)` : ""}` : overall.toUpperCase()}`,
    "",
    "ETSI TS 104 001 V2.2.1. Verdicts: pass, fail (the device broke a requirement), inconclusive (the test could not decide), not applicable.",
    "",
    "| item | value |",
    "|---|---|",
    `| target | ${facts.target} |`,
    ...Object.entries(facts.device).map(([k, v]) => `| ${k} | ${v} |`),
    `| harness | osgp-conformance ${facts.harnessVersion} |`,
    `| PIXIT file | ${facts.pixitFile ?? "(defaults)"} |`,
    `| started / finished | ${facts.startedAt} / ${facts.finishedAt} |`,
    `| scenarios | ${scenarios.length}: ${totals.pass} pass, ${totals.fail} fail, ${totals.inconclusive} inconclusive, ${totals["not applicable"]} not applicable |`,
    ...notRunRow(facts),
    ...(facts.shard
      ? [
          `| shard | ${facts.shard.index} of ${facts.shard.count}: ${facts.shard.scenarios} of the run's ${facts.shard.matrix.scenarios} scenarios (target × scenario) |`,
        ]
      : []),
    ...(facts.mergedFrom
      ? [`| merged from | ${facts.mergedFrom.length} shards: ${facts.mergedFrom.join(", ")} |`]
      : []),
    "",
    ...leftChangedSection(scenarios),
    ...wireSection(facts.wire),
    "## Verdict per clause",
    "",
    "| clause | title | status | verdict | pass | fail | inconclusive | n/a |",
    "|---|---|---|---|---|---|---|---|",
    ...clauses.map(
      (c) =>
        `| ${c.clause} | ${c.title} | ${c.status ?? ""} | **${c.verdict}** | ${c.counts.pass} | ${c.counts.fail} | ${c.counts.inconclusive} | ${c.counts["not applicable"]} |`,
    ),
    "",
    ...provisionalSection(scenarios),
    "## Scenarios that did not pass",
    "",
    ...scenarios
      .filter((s) => s.verdict !== "pass")
      .map(
        (s) =>
          `- **${s.verdict}** ${s.clauses.join(", ")} ${s.name} (${s.uri}${s.target ? `, ${s.target}` : ""})${s.reason ? `: ${oneLine(s)}` : ""}`,
      ),
    "",
  ].join("\n");
  const file = join(dir, "summary.md");
  writeFileSync(file, redactor.scrub(md));
  return { overall, file };
}

/** Past this, a reason is cut on a word boundary: long enough for a rule and the 64 bytes an error quotes. */
const MAX_REASON_IN_LINE = 400;

/** The reason as one line of the page; summary.json keeps it whole, with its evidence lines. */
function oneLine(s: ScenarioVerdict): string {
  const text = s.reason.replace(/\s+/g, " ").trim();
  const more = (s.detail ?? "").trim() === "" ? "" : " (details in summary.json)";
  if (text.length <= MAX_REASON_IN_LINE) return text + more;
  const cut = text.slice(0, MAX_REASON_IN_LINE);
  const space = cut.lastIndexOf(" ");
  return `${space > MAX_REASON_IN_LINE / 2 ? cut.slice(0, space) : cut} … (${text.length} characters: the full text and details are in summary.json)`;
}

/** An interrupted run's scenarios that did not run: it judged only what it ran. */
function notRunRow(facts: RunFacts): string[] {
  if (facts.interrupted === undefined) return [];
  const per = Object.entries(facts.interrupted.notRun);
  const total = per.reduce((sum, [, n]) => sum + n, 0);
  return [
    `| not run | ${total} (interrupted by ${facts.interrupted.signal})${per.length > 1 ? `: ${per.map(([t, n]) => `${t} ${n}`).join("; ")}` : ""} |`,
  ];
}

/**
 * Every scenario whose clean-ups could not put the device back, first after the facts: the lab must
 * put it back (each notice says what, and how) before the device is used or tested again.
 */
function leftChangedSection(scenarios: readonly ScenarioVerdict[]): string[] {
  const left = scenarios.filter((s) => s.leftChanged !== undefined);
  if (left.length === 0) return [];
  return [
    "## Device left changed",
    "",
    `${left.length} scenario(s) could not put back what they changed on the device. Their verdicts stand as their steps gave them; put each thing back as its notice says before the device is used or tested again.`,
    "",
    ...left.flatMap((s) => [
      `- **${s.verdict}** ${s.clauses.join(", ")} ${s.name} (${s.uri}${s.target ? `, ${s.target}` : ""})`,
      "",
      "  ```text",
      ...(s.leftChanged ?? "").split("\n").map((l) => `  ${l}`),
      "  ```",
      "",
    ]),
  ];
}

/**
 * Every scenario that rests on a provisional part (the AES-128 profile, 9.11, a layout of ours), named,
 * so that no verdict of it is taken for the spec's.
 */
function provisionalSection(scenarios: readonly ScenarioVerdict[]): string[] {
  const p = scenarios.filter((s) => s.provisional);
  if (p.length === 0) return [];
  return [
    "## PROVISIONAL scenarios",
    "",
    "These scenarios rest on parts of the spec that are not public, and each attaches a notice saying which: the OSGP-AES-128-PSK framing (the harness's own AES-128-CCM stand-in, which does not interoperate with real devices), clause 9.11's secure-broadcast message (only ET04's bookkeeping is judged), or table layouts of the suite's own (a FAIL on one the PIXIT's layouts.confirmed does not list is inconclusive). Their verdicts say nothing about a device's conformance to those parts.",
    "",
    ...p.map((s) => `- ${s.verdict} ${s.clauses.join(", ")} ${s.name}${s.target ? ` (${s.target})` : ""}`),
    "",
  ];
}
