import { Writable } from "node:stream";

/**
 * The scenarios cucumber would run for a profile, a tag expression and feature paths, worked out
 * the way cucumber itself does (its configuration, then its sources: the features are parsed, no
 * step code is loaded). A scenario outline's example row is a scenario of its own, at its row's line.
 */
export interface PlannedScenario {
  readonly uri: string;
  readonly name: string;
  readonly line: number;
}

export async function loadPlan(
  profile: string,
  tags: string | null,
  paths: readonly string[] = [],
): Promise<PlannedScenario[]> {
  // Loaded here, not with the module: a run plans its scenarios only for a shard or once interrupted,
  // and loading cucumber's API was half of the run command's start-up (harness/cli/harness-bundle.js).
  const { loadConfiguration, loadSources } =
    require("@cucumber/cucumber/api") as typeof import("@cucumber/cucumber/api");
  const provided = { ...(tags === null ? {} : { tags }), ...(paths.length === 0 ? {} : { paths: [...paths] }) };
  // Cucumber's notes on how it reads the configuration are for
  // its own command line (which says them again), not for a plan.
  const quiet = { stderr: new Writable({ write: (_chunk, _encoding, done) => done() }) };
  const { runConfiguration } = await loadConfiguration({ profiles: [profile], provided }, quiet);
  const { plan, errors } = await loadSources(runConfiguration.sources, quiet);
  // Cucumber would refuse the same files; saying so here names them before any target starts.
  if (errors.length > 0)
    throw new Error(`features that do not parse: ${errors.map((e) => `${e.uri}: ${e.message}`).join("; ")}`);
  return plan.map((p) => ({ uri: p.uri, name: p.name, line: p.location.line }));
}

/**
 * Cucumber's feature arguments that select `chosen` out of `all`: `uri:line:line` per file. The
 * profile's own paths (every feature file) are added to these, not replaced, and cucumber's line
 * filter leaves a file without lines whole; so every file of `all` gets lines, line 0 (which no
 * scenario has) for a file none of whose scenarios is chosen. (Cucumber 12 warns, on its console,
 * that it will one day let these replace the profile's paths: they select the same scenarios then.)
 */
export function lineArguments(all: readonly PlannedScenario[], chosen: readonly PlannedScenario[]): string[] {
  const lines = new Map<string, number[]>(all.map((s) => [s.uri, []]));
  for (const s of chosen) lines.get(s.uri)?.push(s.line);
  return [...lines].map(([uri, l]) => `${uri}:${(l.length === 0 ? [0] : l.sort((a, b) => a - b)).join(":")}`);
}
