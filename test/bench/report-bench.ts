import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAllureReport } from "../../harness/report/allure-report";
import { junitXml } from "../../harness/report/junit-writer";
import { readScenarioVerdicts } from "../../harness/report/run-summary";
import { writeSummary } from "../../harness/report/summary-writer";
import { chromiumSkip, openInChromium } from "../support/headless-chromium";

/**
 * The single-file Allure report of a whole catalogue run (the results `suiteWallTimes` left): the
 * time to build it, as a share of the run that made the results, its size, and the time headless
 * Chromium takes from being told to open it to the overview showing its test cases (goal < 5 s),
 * with the browser's own start-up apart.
 */
export async function reportBench(catalogue: { readonly reportsDir: string; readonly seconds: number }): Promise<void> {
  console.log("summary and JUnit of the catalogue run");
  const t = performance.now();
  const verdicts = readdirSync(catalogue.reportsDir)
    .filter((f) => /^cucumber-messages(-\d+)?\.ndjson$/.test(f))
    .flatMap((f) => readScenarioVerdicts(join(catalogue.reportsDir, f)));
  const read = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), "osgp-summary-bench-"));
  writeSummary(
    scratch,
    { target: "catalogue", harnessVersion: "bench", pixitFile: null, startedAt: "", finishedAt: "", device: {} },
    verdicts,
  );
  const written = performance.now();
  const xml = junitXml(verdicts);
  const junit = performance.now();
  rmSync(scratch, { recursive: true, force: true });
  console.log(
    `  ${verdicts.length} scenarios: verdicts read in ${((read - t) / 1000).toFixed(2)} s, summary written in ${((written - read) / 1000).toFixed(2)} s, JUnit (${(xml.length / 1e6).toFixed(1)} MB) in ${((junit - written) / 1000).toFixed(2)} s`,
  );
  console.log("single-file Allure report of the catalogue run");
  const out = join(catalogue.reportsDir, "allure-report");
  const t0 = performance.now();
  const built = generateAllureReport(join(catalogue.reportsDir, "allure-results"), out);
  const buildSeconds = (performance.now() - t0) / 1000;
  if (!built.ok) {
    console.log(`  not built (Java 8+ runs the generator): ${built.output.trim().split("\n").slice(-1)[0] ?? ""}`);
    return;
  }
  const index = join(out, "index.html");
  const mb = statSync(index).size / 1e6;
  console.log(
    `  built in ${buildSeconds.toFixed(1)} s (${(buildSeconds / catalogue.seconds).toFixed(2)}x the run), ${mb.toFixed(1)} MB`,
  );
  const skip = chromiumSkip();
  if (skip !== false) {
    console.log(`  opened: skipped (${skip})`);
    return;
  }
  const page = await openInChromium(index, `document.querySelector(".splash__title") !== null`);
  const shown = /class="splash__title">(\d+)</.exec(page.html)?.[1] ?? "?";
  const totals = (
    JSON.parse(readFileSync(join(catalogue.reportsDir, "summary.json"), "utf8")) as { totals: Record<string, number> }
  ).totals;
  const scenarios = Object.values(totals).reduce((a, b) => a + b, 0);
  const open = page.openMs / 1000;
  console.log(
    `  opened in headless Chromium in ${open.toFixed(1)} s (goal 5 s: ${(open / 5).toFixed(2)} of it; the browser's start-up ${(page.startupMs / 1000).toFixed(1)} s apart): ${shown} test cases for ${scenarios} scenarios`,
  );
}
