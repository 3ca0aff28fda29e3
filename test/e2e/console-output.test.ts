import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHarness } from "../support/serial-bench";

interface Summary {
  scenarios: { name: string; target: string; verdict: string }[];
}

/**
 * What `npm run test:scenarios` prints, in a log: verdicts, never cucumber's step statuses (F for an
 * inconclusive scenario), and no library noise. The defect gives fails and inconclusives on the
 * optical port; the AES-128 MEP suite is provisional, the label Allure refused from an After hook
 * with a "metadata messages" line per scenario.
 */
test("the run's console output speaks in verdicts, one final line per target, and carries no library noise", async () => {
  const r = await runHarness(
    ["--target", "sim:reference+bad-response-crc", "--target", "sim-mep:aes", "--tags", "@clause-9.1"],
    mkdtempSync(join(tmpdir(), "osgp-console-")),
  );
  assert.equal(r.code, 1, r.output.slice(-3000));
  const lines = r.output.split("\n");
  assert.doesNotMatch(r.output, /metadata messages|isn't supported/);
  assert.deepEqual(
    lines.filter((l) => /^[.FUAP-]+$/.test(l)),
    [],
    "no line of cucumber's progress characters",
  );
  assert.doesNotMatch(
    r.output,
    /^Failures:$|^\d+ scenarios \(/m,
    "no cucumber summary, whose 'failed' counts inconclusives",
  );

  const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
  const judged = summary.scenarios.filter((s) => s.verdict === "fail" || s.verdict === "inconclusive");
  assert.ok(
    judged.some((s) => s.verdict === "fail") && judged.some((s) => s.verdict === "inconclusive"),
    JSON.stringify(summary.scenarios),
  );
  for (const s of judged) {
    assert.ok(
      lines.some((l) => l.startsWith(`${s.verdict.toUpperCase()} 9.1 ${s.name} [sim:reference+bad-response-crc]`)),
      `${s.verdict} ${s.name}\n${r.output}`,
    );
  }
  for (const [target, described] of [
    ["sim:reference+bad-response-crc", "optical port"],
    ["sim-mep:aes", "MEP port"],
  ] as const) {
    const mine = summary.scenarios.filter((s) => s.target.includes(described));
    const count = (v: string) => mine.filter((s) => s.verdict === v).length;
    const final = `[${target}] ${mine.length}/${mine.length} done: ${count("pass")} pass, ${count("fail")} fail, ${count("inconclusive")} inconclusive, ${count("not applicable")} n/a; `;
    assert.equal(lines.filter((l) => l.startsWith(final)).length, 1, `${final}\n${r.output}`);
  }

  const results = join(r.reportsDir, "allure-results");
  const provisional = readdirSync(results)
    .filter((f) => f.endsWith("-result.json"))
    .filter((f) =>
      (JSON.parse(readFileSync(join(results, f), "utf8")) as { labels: { name: string }[] }).labels.some(
        (l) => l.name === "provisional",
      ),
    );
  assert.ok(provisional.length > 0, "the AES-128 scenarios carry Allure's provisional label");
});
