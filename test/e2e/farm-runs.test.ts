import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT, runHarness } from "../support/serial-bench";

/** Two targets, an outline among the scenarios (9.5's example rows), some 22 scenarios in all. */
const RUN = ["--target", "sim", "--target", "sim-mep", "--tags", "@clause-9.5 or @clause-A.2", "--parallel", "2"];

interface Summary {
  readonly totals: Record<string, number>;
  readonly scenarios: readonly {
    readonly target: string;
    readonly uri: string;
    readonly line: number;
    readonly name: string;
    readonly verdict: string;
    readonly reason: string;
  }[];
  readonly shard?: {
    readonly index: number;
    readonly count: number;
    readonly scenarios: number;
    readonly matrix: { readonly scenarios: number; readonly digest: string };
  };
}

const summaryOf = (dir: string): Summary => JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
const cell = (s: Summary["scenarios"][number]): string => `${s.target} | ${s.uri}:${s.line}`;
const fresh = (): string => mkdtempSync(join(tmpdir(), "osgp-shard-"));

/** Allure's statuses over the run's results: what the report's totals come from. */
function allureStatuses(dir: string): Record<string, number> {
  const results = join(dir, "allure-results");
  const counts: Record<string, number> = {};
  for (const f of readdirSync(results).filter((n) => n.endsWith("-result.json"))) {
    const status = (JSON.parse(readFileSync(join(results, f), "utf8")) as { status: string }).status;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

function junitTotals(dir: string): string {
  return (
    /<testsuites [^>]*?tests="\d+" failures="\d+" errors="\d+" skipped="\d+"/.exec(
      readFileSync(join(dir, "junit.xml"), "utf8"),
    )?.[0] ?? "(none)"
  );
}

/** Processes still running whose command line names the run's reports directory (its cucumbers). */
function leftBehind(dir: string): string[] {
  return readdirSync("/proc").filter((p) => {
    try {
      return /^\d+$/.test(p) && readFileSync(join("/proc", p, "cmdline"), "utf8").includes(dir);
    } catch {
      return false;
    }
  });
}

/** The unsharded run, which the first two tests read. */
let wholeRun: Promise<{ readonly dir: string; readonly code: number; readonly output: string }> | null = null;
function unshardedRun(): Promise<{ readonly dir: string; readonly code: number; readonly output: string }> {
  const dir = fresh();
  wholeRun ??= runHarness(RUN, dir).then((r) => ({ dir, code: r.code, output: r.output }));
  return wholeRun;
}

test("two shards run disjoint, non-empty shares of the target × scenario matrix, and merged they report what the unsharded run does", async () => {
  const [first, second] = [fresh(), fresh()];
  const unsharded = await unshardedRun();
  const whole = unsharded.dir;
  const shards = await Promise.all([
    runHarness([...RUN, "--shard", "1/2"], first),
    runHarness([...RUN, "--shard", "2/2"], second),
  ]);
  const w = summaryOf(whole);
  assert.ok(w.scenarios.length >= 20, unsharded.output.slice(-3000));

  const [a, b] = [summaryOf(first), summaryOf(second)];
  for (const [i, s] of [a, b].entries())
    assert.equal(
      shards[i]?.code,
      s.totals["fail"] === 0 && s.totals["inconclusive"] === 0 ? 0 : 1,
      shards[i]?.output.slice(-3000),
    );
  const [cellsA, cellsB] = [a.scenarios.map(cell), b.scenarios.map(cell)];
  assert.ok(cellsA.length > 0 && cellsB.length > 0, `both shards run something: ${cellsA.length} and ${cellsB.length}`);
  assert.deepEqual(
    cellsA.filter((c) => cellsB.includes(c)),
    [],
    "no scenario in both shards",
  );
  assert.deepEqual(
    [...cellsA, ...cellsB].sort(),
    w.scenarios.map(cell).sort(),
    "the shards together are the whole run",
  );
  assert.equal(a.shard?.matrix.digest, b.shard?.matrix.digest);
  assert.match(
    readFileSync(join(first, "summary.md"), "utf8"),
    new RegExp(`^\\| shard \\| 1 of 2: ${cellsA.length} of the run's ${w.scenarios.length} scenarios`, "m"),
  );
  assert.deepEqual(
    [a.shard?.scenarios, b.shard?.scenarios, a.shard?.matrix.scenarios],
    [cellsA.length, cellsB.length, w.scenarios.length],
  );
  assert.ok(
    a.scenarios.some((s) => s.target.includes("MEP")) || b.scenarios.some((s) => s.target.includes("optical")),
    "a target's scenarios are spread, not handed out by target",
  );

  const merged = fresh();
  const m = spawnSync(process.execPath, [BIN, "merge", second, first, "--reports-dir", merged], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(m.status, unsharded.code, `merge exits as the unsharded run did\n${m.stdout}${m.stderr}`);
  const all = summaryOf(merged);
  assert.deepEqual(all.totals, w.totals);
  const verdicts = (s: Summary): string[] => s.scenarios.map((x) => `${cell(x)} ${x.name}: ${x.verdict} ${x.reason}`);
  assert.deepEqual(verdicts(all), verdicts(w), "every scenario's verdict and reason, in the same order");
  assert.equal(junitTotals(merged), junitTotals(whole));
  assert.deepEqual(allureStatuses(merged), allureStatuses(whole));
  assert.equal(
    readdirSync(join(merged, "allure-results")).length,
    readdirSync(join(first, "allure-results")).length + readdirSync(join(second, "allure-results")).length - 2,
    "every result, container and attachment, with one environment and one category file",
  );

  const alone = spawnSync(process.execPath, [BIN, "merge", first, "--reports-dir", fresh()], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /OSGP_ERR_MERGE: shard 2\/2 missing/);
  const twice = spawnSync(process.execPath, [BIN, "merge", first, first, "--reports-dir", fresh()], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.match(twice.stderr, /OSGP_ERR_MERGE: .* are both shard 1\/2/);
});

test("with --parallel 2 both targets' cucumbers start before either ends, and the summary lists them in --target order", async () => {
  const { dir, output } = await unshardedRun();
  const lines = output.split("\n");
  const started = (port: string): number =>
    lines.findIndex((l) => l.startsWith("osgp-conformance ") && l.includes(`built-in simulator, ${port}`));
  const ended = (target: string): number =>
    lines.findIndex((l) => l.startsWith(`[${target}] `) && / done: .* elapsed$/.test(l));
  assert.ok(started("optical port") >= 0 && started("MEP port") >= 0, output);
  assert.ok(
    started("MEP port") < ended("sim") && started("optical port") < ended("sim-mep"),
    `one target started only after the other ended:\n${output}`,
  );
  const s = summaryOf(dir);
  const order = s.scenarios.map((x) => [x.target.includes("MEP") ? 1 : 0, x.uri, x.line] as const);
  const sorted = [...order].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2]);
  assert.deepEqual(order, sorted);
  assert.equal(s.scenarios[0]?.target.includes("optical"), true);
});

test("SIGTERM stops every target running at once, and the summary counts what each did not run", async () => {
  const dir = fresh();
  const tags = "@clause-9.1 or @clause-6.3 or @clause-8.18 or @clause-8.2";
  const child = spawn(
    process.execPath,
    [BIN, "run", "--target", "sim", "--target", "sim-mep", "--tags", tags, "--parallel", "2", "--reports-dir", dir],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const messages = [1, 2].map((i) => join(dir, `cucumber-messages-${i}.ndjson`));
  const poll = setInterval(() => {
    if (messages.every((f) => existsSync(f) && readFileSync(f, "utf8").includes('"testCaseFinished"'))) {
      clearInterval(poll);
      child.kill("SIGTERM");
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(poll);
  assert.equal(code, 143, output.slice(-3000));
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary & {
    interrupted?: { notRun: Record<string, number> };
  };
  const notRun = summary.interrupted?.notRun ?? {};
  const targets = [
    "built-in simulator, optical port (profile reference)",
    "built-in simulator, MEP port (profile reference)",
  ];
  for (const [i, file] of messages.entries()) {
    const target = targets[i] as string;
    const planned = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.startsWith('{"testCase":')).length;
    const ran = summary.scenarios.filter((s) => s.target === target).length;
    assert.ok(ran >= 1 && (notRun[target] ?? 0) > 0, `${target}: ${ran} ran, ${notRun[target]} not`);
    assert.equal(
      ran + (notRun[target] ?? 0),
      planned,
      `${target}: every planned scenario has a verdict or is counted as not run`,
    );
  }
  assert.deepEqual(Object.keys(notRun), targets);
  assert.deepEqual(leftBehind(dir), [], "no cucumber left behind");
});
