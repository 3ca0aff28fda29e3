import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Allure side of a run: environment.properties (what was tested, shown on the report's front
 * page) and the single-file HTML report that opens from disk, generated offline by
 * allure-commandline's own binary (`npx allure` may try to download a package) with analytics off.
 */
export function writeAllureEnvironment(resultsDir: string, entries: Readonly<Record<string, string>>): void {
  mkdirSync(resultsDir, { recursive: true });
  const escape = (s: string) =>
    s
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/([=:])/g, "\\$1");
  writeFileSync(
    join(resultsDir, "environment.properties"),
    Object.entries(entries)
      .map(([k, v]) => `${escape(k)}=${escape(v)}`)
      .join("\n") + "\n",
  );
}

/**
 * Allure's categories named after the conformance verdicts, so the report's Categories page reads as a verdict list.
 */
export function writeAllureCategories(resultsDir: string): void {
  mkdirSync(resultsDir, { recursive: true });
  const categories = [
    { name: "Fail: the device broke a requirement", matchedStatuses: ["failed"] },
    { name: "Inconclusive: no answer, link lost, or precondition not met", matchedStatuses: ["broken"] },
    { name: "Not applicable: the device lacks the optional feature", matchedStatuses: ["skipped"] },
  ];
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(categories, null, 2));
}

export function generateAllureReport(resultsDir: string, reportDir: string): { ok: boolean; output: string } {
  const allure = join(require.resolve("allure-commandline/package.json"), "..", "dist", "bin", "allure");
  const r = spawnSync(allure, ["generate", "--single-file", resultsDir, "-o", reportDir, "--clean"], {
    encoding: "utf8",
    env: { ...process.env, ALLURE_NO_ANALYTICS: "true" },
  });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
  return { ok: r.status === 0, output };
}
