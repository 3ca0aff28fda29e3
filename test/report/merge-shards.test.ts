import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../harness/errors";
import {
  checkShards,
  mergeAllureResults,
  mergedFacts,
  mergedScenarios,
  readShard,
} from "../../harness/report/merge-shards";
import { mergeShards } from "../../harness/cli/merge-command";
import type { ScenarioVerdict } from "../../harness/report/run-summary";
import type { WireTotals } from "../../harness/report/wire-summary";

const TARGETS = [
  "built-in simulator, optical port (profile reference)",
  "built-in simulator, MEP port (profile reference)",
];
const [OPTICAL = "", MEP = ""] = TARGETS;

interface ShardSpec {
  readonly index: number;
  readonly count?: number;
  readonly version?: string;
  readonly commit?: string;
  readonly pixit?: unknown;
  readonly digest?: string;
  readonly scenarios?: readonly ScenarioVerdict[];
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly wire?: readonly WireTotals[];
  readonly notRun?: Record<string, number>;
  readonly allure?: readonly string[];
  readonly device?: Record<string, string>;
  readonly targets?: readonly string[];
  /** Leave out the shard facts: a run made without --shard. */
  readonly unsharded?: boolean;
}

function verdict(target: string, uri: string, line: number, v: ScenarioVerdict["verdict"]): ScenarioVerdict {
  return {
    target,
    name: `${uri}:${line}`,
    uri,
    line,
    clauses: ["9.5"],
    verdict: v,
    reason: v === "pass" ? "" : `why ${line}`,
    provisional: false,
  };
}

/** A shard's reports directory as `run --shard` leaves it: summary.json, run-record.json and Allure results. */
function shardDir(root: string, s: ShardSpec): string {
  const dir = join(root, `shard-${s.index}-${Math.random().toString(36).slice(2, 8)}`);
  const scenarios = s.scenarios ?? [];
  const shard = {
    index: s.index,
    count: s.count ?? 2,
    targets: s.targets ?? TARGETS,
    scenarios: scenarios.length,
    matrix: { scenarios: 4, digest: s.digest ?? "d1" },
  };
  const summary = {
    target: TARGETS.join("; "),
    harnessVersion: s.version ?? "0.1.0",
    pixitFile: "pixit.json",
    startedAt: s.startedAt ?? "2026-01-01T10:00:00.000Z",
    finishedAt: s.finishedAt ?? "2026-01-01T10:05:00.000Z",
    device: s.device ?? { "device.model": "REFMETER" },
    ...(s.notRun ? { interrupted: { signal: "SIGTERM", notRun: s.notRun } } : {}),
    ...(s.wire ? { wire: s.wire } : {}),
    ...(s.unsharded ? {} : { shard }),
    overall: "pass",
    scenarios,
  };
  const record = {
    command: "osgp-conformance run",
    argv: [],
    cwd: root,
    startedAt: summary.startedAt,
    targets: ["sim", "sim-mep"],
    pixitFile: "pixit.json",
    picsFile: null,
    junitFile: null,
    pixit: s.pixit ?? { keys: { master: { hex: "<redacted>" } } },
    harness: {
      version: s.version ?? "0.1.0",
      gitCommit: s.commit ?? "abc",
      gitModified: "no",
      node: "v20",
      platform: "linux x64",
    },
  };
  mkdirSync(join(dir, "allure-results"), { recursive: true });
  writeFileSync(join(dir, "summary.json"), JSON.stringify(summary));
  writeFileSync(join(dir, "run-record.json"), JSON.stringify(record));
  for (const f of [...(s.allure ?? [`${s.index}-a-result.json`]), "environment.properties", "categories.json"]) {
    const result = {
      uuid: f,
      name: `from shard ${s.index}`,
      status: "passed",
      steps: [],
      attachments: [],
      parameters: [],
      labels: [],
      links: [],
    };
    writeFileSync(
      join(dir, "allure-results", f),
      f.endsWith("-result.json") ? JSON.stringify(result) : `from shard ${s.index}`,
    );
  }
  return dir;
}

function mergeProblem(dirs: readonly string[]): string {
  try {
    checkShards(dirs.map(readShard));
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.code, "OSGP_ERR_MERGE");
    return e.message;
  }
  assert.fail(`${dirs.join(" ")} merged`);
}

test("merge refuses what is not every shard of one run, and says which directories and why", () => {
  const root = mkdtempSync(join(tmpdir(), "merge-"));
  const one = shardDir(root, { index: 1 });
  const two = shardDir(root, { index: 2 });
  checkShards([two, one].map(readShard));

  const empty = join(root, "empty");
  mkdirSync(empty);
  assert.match(
    mergeProblem([one, empty]),
    new RegExp(`${empty} is not a run's reports directory: it has no summary.json`),
  );
  assert.match(mergeProblem([one, join(root, "absent")]), /absent is not a directory/);
  const garbled = join(root, "garbled");
  mkdirSync(garbled);
  writeFileSync(join(garbled, "summary.json"), "{not json");
  assert.match(mergeProblem([one, garbled]), /garbled\/summary\.json is not a run's summary\.json/);
  const unrecorded = shardDir(root, { index: 2 });
  rmSync(join(unrecorded, "run-record.json"));
  assert.match(mergeProblem([one, unrecorded]), new RegExp(`${unrecorded} has no run-record.json`));
  const misrecorded = shardDir(root, { index: 2 });
  writeFileSync(join(misrecorded, "run-record.json"), "{");
  assert.match(mergeProblem([one, misrecorded]), /run-record\.json is not a run record/);
  assert.match(mergeProblem([one, shardDir(root, { index: 2, unsharded: true })]), /holds a run made without --shard/);
  const foreign = shardDir(root, { index: 2 });
  const summary = JSON.parse(readFileSync(join(foreign, "summary.json"), "utf8")) as { shard: Record<string, unknown> };
  writeFileSync(
    join(foreign, "summary.json"),
    JSON.stringify({ ...summary, shard: { ...summary.shard, targets: undefined } }),
  );
  assert.match(mergeProblem([one, foreign]), /its shard facts are not this harness's/);
  writeFileSync(join(foreign, "summary.json"), JSON.stringify({ ...summary, shard: null }));
  assert.match(mergeProblem([one, foreign]), /its shard facts are not this harness's/);

  const cases: [ShardSpec, RegExp][] = [
    [{ index: 2, version: "0.2.0" }, /differ in harness version \("0\.1\.0" and "0\.2\.0"\)/],
    [{ index: 2, commit: "def" }, /differ in harness commit/],
    [{ index: 2, pixit: { keys: {}, session: { minRequestIntervalMs: 5 } } }, /were run with different PIXITs/],
    [{ index: 2, digest: "d2" }, /have different scenario matrices/],
    [{ index: 2, count: 3 }, /differ in their number of shards \(2 and 3\)/],
  ];
  for (const [spec, message] of cases) {
    const m = mergeProblem([one, shardDir(root, spec)]);
    assert.match(m, message);
    assert.ok(m.includes(one), `${m} names the first shard`);
  }
  assert.doesNotThrow(
    () => checkShards([one, shardDir(root, { index: 2, commit: "unknown" })].map(readShard)),
    "an unknown commit (no checkout) is not a difference",
  );
  const solo = shardDir(root, { index: 1, targets: [OPTICAL] });
  assert.match(
    mergeProblem([solo, shardDir(root, { index: 2, targets: [OPTICAL], device: { "device.model": "OTHER" } })]),
    /differ in the device tested \(device\.model\) \("REFMETER" and "OTHER"\)/,
  );
  assert.doesNotThrow(
    () => checkShards([solo, shardDir(root, { index: 2, targets: [OPTICAL], device: {} })].map(readShard)),
    "a shard that read no identity (an early stop) is not another device",
  );
  assert.doesNotThrow(
    () => checkShards([one, shardDir(root, { index: 2, device: { "device.model": "OTHER" } })].map(readShard)),
    "of several targets, the identity a run kept is any one target's",
  );
  const again = shardDir(root, { index: 1 });
  assert.match(mergeProblem([one, again, two]), new RegExp(`${one} and ${again} are both shard 1/2`));
  assert.match(mergeProblem([one]), /shard 2\/2 missing/);
  assert.match(
    mergeProblem([shardDir(root, { index: 2, count: 4 }), shardDir(root, { index: 4, count: 4 })]),
    /shards 1\/4, 3\/4 missing/,
  );
});

test("the merged run lists every shard's verdicts in the unsharded run's order, from the first start to the last finish, the wire and not-run counts added up", () => {
  const root = mkdtempSync(join(tmpdir(), "merge-"));
  const wire = (target: string, scenarios: number, bytes: number, baud: number): WireTotals => ({
    target,
    scenarios,
    requests: 10 * scenarios,
    overheadRequests: scenarios,
    retransmissions: 0,
    bytesSent: bytes,
    bytesReceived: 2 * bytes,
    lineBoundMs: 100,
    wallMs: 150,
    baudRates: [baud],
  });
  const second = shardDir(root, {
    index: 2,
    scenarios: [verdict(OPTICAL, "features/b.feature", 9, "fail"), verdict(MEP, "features/a.feature", 3, "pass")],
    startedAt: "2026-01-01T10:00:00.000Z",
    finishedAt: "2026-01-01T10:09:00.000Z",
    wire: [wire(OPTICAL, 1, 50, 9600)],
    notRun: { [OPTICAL]: 2 },
  });
  const first = shardDir(root, {
    index: 1,
    scenarios: [
      verdict(MEP, "features/a.feature", 1, "not applicable"),
      verdict(OPTICAL, "features/a.feature", 12, "inconclusive"),
    ],
    startedAt: "2026-01-01T09:58:00.000Z",
    finishedAt: "2026-01-01T10:03:00.000Z",
    wire: [wire(OPTICAL, 2, 30, 19200), wire(MEP, 1, 7, 9600)],
    notRun: { [OPTICAL]: 1, [MEP]: 4 },
  });
  const shards = [second, first].map(readShard);
  assert.deepEqual(
    mergedScenarios(shards).map((s) => [s.target, s.uri, s.line]),
    [
      [OPTICAL, "features/a.feature", 12],
      [OPTICAL, "features/b.feature", 9],
      [MEP, "features/a.feature", 1],
      [MEP, "features/a.feature", 3],
    ],
  );
  const facts = mergedFacts(shards);
  assert.equal(facts.startedAt, "2026-01-01T09:58:00.000Z");
  assert.equal(facts.finishedAt, "2026-01-01T10:09:00.000Z");
  assert.deepEqual(facts.mergedFrom, [first, second]);
  assert.deepEqual(facts.interrupted, { signal: "SIGTERM", notRun: { [OPTICAL]: 3, [MEP]: 4 } });
  assert.deepEqual(
    facts.wire?.map((w) => [
      w.target,
      w.scenarios,
      w.requests,
      w.bytesSent,
      w.bytesReceived,
      w.lineBoundMs,
      w.baudRates,
    ]),
    [
      [OPTICAL, 3, 30, 80, 160, 200, [19200, 9600]],
      [MEP, 1, 10, 7, 14, 100, [9600]],
    ],
  );
});

test("the Allure results of every shard are joined, the run-wide files written once for the whole run; a name in two shards is refused", () => {
  const root = mkdtempSync(join(tmpdir(), "merge-"));
  const shards = [
    shardDir(root, { index: 1, allure: ["u1-result.json", "u2-attachment.txt"] }),
    shardDir(root, { index: 2, allure: ["u3-result.json"] }),
  ].map(readShard);
  const out = join(root, "merged", "allure-results");
  mergeAllureResults(shards, out);
  assert.deepEqual(readdirSync(out).sort(), ["u1-result.json", "u2-attachment.txt", "u3-result.json"]);
  assert.match(readFileSync(join(out, "u3-result.json"), "utf8"), /"from shard 2"/);
  const clash = [
    shardDir(root, { index: 1, allure: ["same-result.json"] }),
    shardDir(root, { index: 2, allure: ["same-result.json"] }),
  ].map(readShard);
  assert.throws(
    () => mergeAllureResults(clash, join(root, "clash")),
    /same-result\.json is in the Allure results of both/,
  );
});

test("merge writes the whole run's summary, JUnit and Allure files, and never into a shard's own directory", () => {
  const root = mkdtempSync(join(tmpdir(), "merge-"));
  const one = shardDir(root, { index: 1, scenarios: [verdict(OPTICAL, "features/a.feature", 3, "pass")] });
  const two = shardDir(root, { index: 2, scenarios: [verdict(MEP, "features/a.feature", 3, "fail")] });
  assert.throws(
    () => mergeShards({ dirs: [one, two], reportsDir: `${two}/.`, report: false }),
    /--reports-dir .* is one of the shards/,
  );
  const out = join(root, "merged");
  assert.equal(
    mergeShards({ dirs: [two, one], reportsDir: out, report: false }),
    1,
    "a fail in any shard fails the merged run",
  );
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
    totals: Record<string, number>;
    overall: string;
    shard?: unknown;
    mergedFrom: string[];
  };
  assert.deepEqual(summary.totals, { pass: 1, fail: 1, inconclusive: 0, "not applicable": 0 });
  assert.equal(summary.overall, "fail");
  assert.equal(summary.shard, undefined, "the merged run is no shard");
  assert.deepEqual(summary.mergedFrom, [one, two]);
  assert.match(readFileSync(join(out, "summary.md"), "utf8"), /^\| merged from \| 2 shards: /m);
  assert.match(
    readFileSync(join(out, "junit.xml"), "utf8"),
    /<testsuites name="osgp-conformance" tests="2" failures="1" errors="0" skipped="0"/,
  );
  assert.deepEqual(readdirSync(join(out, "allure-results")).sort(), [
    "1-a-result.json",
    "2-a-result.json",
    "categories.json",
    "environment.properties",
  ]);
  assert.match(
    readFileSync(join(out, "allure-results", "environment.properties"), "utf8"),
    /^device\.model=REFMETER$/m,
  );
});
