import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The scenarios of the feature files, with the clause tags that apply to each (the feature's and
 * the scenario's own) — enough Gherkin to trace scenarios to clauses without running them.
 */
export interface IndexedScenario {
  /** Path relative to the features directory. */
  readonly file: string;
  readonly feature: string;
  readonly scenario: string;
  readonly tags: readonly string[];
  readonly clauses: readonly string[];
}

export function featureFiles(featuresDir: string): string[] {
  return (readdirSync(featuresDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".feature"))
    .map((f) => join(featuresDir, f))
    .sort();
}

export function indexFeature(text: string, file: string): IndexedScenario[] {
  const out: IndexedScenario[] = [];
  let pending: string[] = [];
  let featureTags: string[] = [];
  let feature = "";
  let inExamples = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("@")) {
      pending.push(...line.split(/\s+/).filter((t) => t.startsWith("@")));
    } else if (line.startsWith("Feature:")) {
      feature = line.slice("Feature:".length).trim();
      featureTags = pending;
      pending = [];
    } else if (/^(Scenario|Scenario Outline|Example):/.test(line)) {
      const tags = [...featureTags, ...pending];
      out.push({ file, feature, scenario: line.slice(line.indexOf(":") + 1).trim(), tags, clauses: clausesOf(tags) });
      pending = [];
      inExamples = false;
    } else if (line.startsWith("Examples:")) {
      inExamples = true;
      pending = [];
    } else if (line !== "" && !line.startsWith("#") && !inExamples) {
      pending = line.startsWith("Rule:") || line.startsWith("Background:") ? [] : pending;
    }
  }
  return out;
}

export function indexFeatures(featuresDir: string): IndexedScenario[] {
  return featureFiles(featuresDir).flatMap((f) => indexFeature(readFileSync(f, "utf8"), relative(featuresDir, f)));
}

function clausesOf(tags: readonly string[]): string[] {
  return [...new Set(tags.filter((t) => t.startsWith("@clause-")).map((t) => t.slice("@clause-".length)))];
}
