import type { DefectInfo } from "../simulator/defects/defect-info";
import { linkOf } from "../links/links";
import type { ScenarioVerdict } from "./run-summary";

/**
 * Detection power: the suite is run against the simulator with one defect switched on, limited
 * to the scenarios tagged with the defect's clause; the defect is caught when one of them FAILs.
 * (An inconclusive verdict does not count: a lab cannot certify against a maybe.)
 */
export interface DefectRun {
  readonly defect: string;
  readonly clause: string;
  readonly target: string;
  readonly tags: string;
  /** Run the fuzz campaigns of the clause instead of its scenarios. */
  readonly fuzz: boolean;
  /** Against the standalone simulator over a pty (target then names only the link and profile). */
  readonly bench?: "pty";
}

export function defectRun(name: string, d: DefectInfo): DefectRun {
  const link = linkOf(d.link ?? "optical");
  if (d.bench === "pty")
    return {
      defect: name,
      clause: d.clause,
      target: `${link.kind} pty:${d.profile ?? "reference"}`,
      tags: `@clause-${d.clause}`,
      fuzz: false,
      bench: "pty",
    };
  return {
    defect: name,
    clause: d.clause,
    target: `${link.simulatorTarget}:${d.profile ?? "reference"}+${name}`,
    tags: `@clause-${d.clause}`,
    fuzz: d.foundBy === "fuzz",
  };
}

export interface DefectOutcome {
  readonly run: DefectRun;
  readonly caught: boolean;
  /** The failing scenarios of the defect's clause, or why none failed. */
  readonly evidence: readonly string[];
  readonly seconds: number;
}

function judgeDefect(run: DefectRun, scenarios: readonly ScenarioVerdict[], seconds: number): DefectOutcome {
  const ofClause = scenarios.filter((s) => s.clauses.includes(run.clause));
  const failed = ofClause.filter((s) => s.verdict === "fail");
  if (failed.length > 0) return { run, caught: true, evidence: failed.map((s) => s.name), seconds };
  const why =
    ofClause.length === 0
      ? [`no scenario tagged @clause-${run.clause} ran`]
      : [`${ofClause.length} scenario(s) of ${run.clause}: ${countBy(ofClause.map((s) => s.verdict))}`];
  return { run, caught: false, evidence: why, seconds };
}

/**
 * Runs one defect's suite, then judges it. A run that cannot be made (socat or the simulator
 * too slow to start on a loaded machine) is that defect's row, named, and not the end of the
 * detection run: the other runs' children go on and are judged.
 */
export async function judgeDefectRun(
  run: DefectRun,
  execute: () => Promise<unknown>,
  verdicts: () => readonly ScenarioVerdict[],
  seconds: () => number,
): Promise<DefectOutcome> {
  try {
    await execute();
  } catch (e) {
    return { run, caught: false, evidence: [`the run could not be made: ${(e as Error).message}`], seconds: seconds() };
  }
  return judgeDefect(run, verdicts(), seconds());
}

function countBy(xs: readonly string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, n]) => `${n} ${k}`).join(", ");
}

/** How the clean run ended; `flaky` counts the scenarios that failed under load and passed when run alone. */
export interface CleanJudgement {
  readonly ok: boolean;
  readonly summary: string;
  readonly flaky?: number;
}

export function detectionTable(outcomes: readonly DefectOutcome[], clean: CleanJudgement): string {
  const caught = outcomes.filter((o) => o.caught).length;
  const lines = [
    "# Detection power",
    "",
    `Clean simulator: ${!clean.ok ? "NOT CLEAN" : clean.flaky ? "clean when run alone, FLAKY under load" : "every scenario passed or was not applicable"} (${clean.summary}).`,
    "",
    "| defect | clause | target | caught | evidence | s |",
    "|---|---|---|---|---|---|",
    ...outcomes.map(
      (o) =>
        `| ${o.run.defect} | ${o.run.clause} | ${o.run.target.replace(/\+.*/, "")} | ${o.caught ? "yes" : "**NO**"} | ${o.evidence.join("; ").replace(/\|/g, "\\|")} | ${o.seconds.toFixed(1)} |`,
    ),
    "",
    `detection: ${caught}/${outcomes.length}`,
  ];
  return lines.join("\n") + "\n";
}
