import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT, runHarness } from "../support/serial-bench";
import { skipUnlessInstalled } from "../support/external-tool";
import { schemaProblems, xpathString } from "../support/junit-schema";

const XMLLINT_SKIP = skipUnlessInstalled("xmllint", ["--version"]);

/** A failing target (every read response's checksum wrong) and a clean one, on a small clause. */
const RUN = ["--target", "sim:reference+bad-read-checksum", "--target", "sim-mep", "--tags", "@clause-9.3"];

interface Summary {
  totals: Record<string, number>;
  scenarios: { name: string; target: string; verdict: string; reason: string; detail?: string }[];
}

function cli(...args: string[]): { code: number; output: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const count = (xml: string, attribute: string): number =>
  Number(new RegExp(`<testsuites [^>]*\\b${attribute}="(\\d+)"`).exec(xml)?.[1] ?? NaN);

test("a run writes JUnit XML that CI servers read, reasons inline in summary.md, and a baseline gates the next run", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-junit-run-"));
  const junit = join(dir, "ci", "results.xml");
  const first = await runHarness([...RUN, "--junit", junit], dir);
  assert.equal(first.code, 1, first.output.slice(-3000));
  assert.ok(
    existsSync(junit) && !existsSync(join(dir, "junit.xml")),
    "--junit puts the file elsewhere, its folder made",
  );
  const xml = readFileSync(junit, "utf8");
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;

  await t.test("the JUnit counts are the run's", () => {
    assert.equal(count(xml, "tests"), summary.scenarios.length);
    assert.equal(count(xml, "failures"), summary.totals["fail"]);
    assert.equal(count(xml, "errors"), summary.totals["inconclusive"]);
    assert.equal(count(xml, "skipped"), summary.totals["not applicable"]);
    assert.ok(
      summary.totals["fail"]! > 0 && summary.totals["pass"]! > 0 && summary.totals["not applicable"]! > 0,
      JSON.stringify(summary.totals),
    );
  });

  await t.test(
    "a fail carries the rule and the bytes; a not-applicable verdict its reason, in JUnit and on summary.md's line",
    () => {
      assert.match(
        xml,
        /<failure message="[^"]*OSGP_ERR_DATA_CHECKSUM[^"]*" type="fail">[^<]*\n {2}response: \[[0-9a-f ]+\]<\/failure>/,
      );
      const na = summary.scenarios.find((s) => s.verdict === "not applicable");
      assert.ok(
        na !== undefined && na.reason.length > 10 && !/see the scenario's attachment/.test(na.reason),
        JSON.stringify(na),
      );
      assert.ok(xml.includes(`<skipped message="${na.reason}"/>`), `the skipped element carries "${na.reason}"`);
      const md = readFileSync(join(dir, "summary.md"), "utf8").split("\n");
      assert.ok(
        md.some((l) => l.startsWith("- **not applicable**") && l.includes(na.name) && l.endsWith(`: ${na.reason}`)),
        md.join("\n"),
      );
    },
  );

  await t.test("the JUnit file is valid against the CI servers' schema", { skip: XMLLINT_SKIP }, () => {
    assert.equal(schemaProblems(xml), "");
    assert.equal(xpathString(xml, "count(//testcase)"), String(summary.scenarios.length));
  });

  const baseline = join(dir, "baseline.json");
  await t.test(
    "baseline save keeps every verdict, sorted, without times; diff against the same run is no change",
    () => {
      const saved = cli("baseline", "save", baseline, "--reports-dir", dir);
      assert.equal(saved.code, 0, saved.output);
      const text = readFileSync(baseline, "utf8");
      const b = JSON.parse(text) as { version: number; scenarios: { target: string; verdict: string }[] };
      assert.equal(b.version, 1);
      assert.equal(b.scenarios.length, summary.scenarios.length);
      assert.equal(b.scenarios.filter((s) => s.verdict === "fail").length, summary.totals["fail"]);
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:|durationMs/);
      const diff = cli("baseline", "diff", baseline, "--reports-dir", dir);
      assert.equal(diff.code, 0, diff.output);
      assert.match(diff.output, new RegExp(`no change; ${summary.totals["fail"]} known failure\\(s\\) still failing`));
    },
  );

  await t.test(
    "baseline diff exits non-zero on a new failure and on a fixed one, says which, and keeps the other failures known",
    () => {
      const b = JSON.parse(readFileSync(baseline, "utf8")) as { scenarios: { scenario: string; verdict: string }[] };
      const wasFail = b.scenarios.find((s) => s.verdict === "fail")!;
      const wasPass = b.scenarios.find((s) => s.verdict === "pass")!;
      wasFail.verdict = "pass";
      wasPass.verdict = "fail";
      const edited = join(dir, "edited.json");
      writeFileSync(edited, JSON.stringify(b));
      const diff = cli("baseline", "diff", edited, "--reports-dir", dir);
      assert.equal(diff.code, 1, diff.output);
      assert.ok(
        diff.output.includes(`new failure: `) && diff.output.includes(`${wasFail.scenario}: pass → fail`),
        diff.output,
      );
      assert.ok(
        diff.output.includes(`fixed: update the baseline: `) &&
          diff.output.includes(`${wasPass.scenario}: fail → pass`),
        diff.output,
      );
      // The other failures are known: unchanged, they are neither printed nor counted as changes.
      const knownFailures = (summary.totals["fail"] ?? 0) - 1;
      assert.ok(knownFailures > 0, JSON.stringify(summary.totals));
      assert.match(diff.output, new RegExp(`: 2 change\\(s\\); ${knownFailures} known failure\\(s\\) still failing`));
      assert.equal(diff.output.split("\n").filter((l) => /→/.test(l)).length, 2, diff.output);
    },
  );

  await t.test("a baseline that is not JSON stops a run before it starts, naming the file", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "verdicts: all pass");
    const empty = mkdtempSync(join(tmpdir(), "osgp-junit-bad-"));
    const r = await runHarness([...RUN, "--baseline", bad], empty);
    assert.equal(r.code, 2, r.output);
    assert.match(r.output, new RegExp(`OSGP_ERR_BASELINE: ${bad.replace(/[.\\/]/g, "\\$&")} is not JSON`));
    assert.ok(!existsSync(join(empty, "summary.json")), "nothing ran");
  });

  await t.test("a run whose verdicts equal the baseline's, known failures included, exits 0", async () => {
    const again = mkdtempSync(join(tmpdir(), "osgp-junit-again-"));
    const r = await runHarness([...RUN, "--baseline", baseline], again);
    assert.equal(r.code, 0, r.output.slice(-3000));
    assert.match(r.output, /baseline .*: no change/);
    assert.ok(existsSync(join(again, "junit.xml")), "every run writes DIR/junit.xml by default");
  });
});
