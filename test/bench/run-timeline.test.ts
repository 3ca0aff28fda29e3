import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTimeline, timerSites } from "./run-timeline";

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const took = (ms: number) => ({ seconds: 0, nanos: ms * 1e6 });

/** Two workers; worker 1 starts its first scenario 3 s into the run, worker 0 after 2.5 s. */
const MESSAGES = [
  { testRunStarted: { timestamp: at(10_000) } },
  { stepDefinition: { id: "d1", pattern: { source: "the client lets {int} second(s) of device time pass" } } },
  { stepDefinition: { id: "d2", pattern: { source: "a session that may write tables" } } },
  { hook: { id: "h1", sourceReference: { uri: "steps/hooks.ts", location: { line: 83 } } } },
  { pickle: { id: "p1", uri: "features/8.4.feature", name: "A" } },
  { pickle: { id: "p2", uri: "features/8.5.feature", name: "B" } },
  {
    testCase: {
      id: "c1",
      pickleId: "p1",
      testSteps: [
        { id: "s1", stepDefinitionIds: ["d2"] },
        { id: "s2", stepDefinitionIds: ["d1"] },
        { id: "s3", hookId: "h1" },
      ],
    },
  },
  { testCase: { id: "c2", pickleId: "p2", testSteps: [{ id: "s4", stepDefinitionIds: ["d1"] }] } },
  { testCaseStarted: { id: "r1", testCaseId: "c1", timestamp: at(12_500), workerId: "0" } },
  { testCaseStarted: { id: "r2", testCaseId: "c2", timestamp: at(13_000), workerId: "1" } },
  {
    testStepFinished: {
      testCaseStartedId: "r1",
      testStepId: "s1",
      testStepResult: { duration: took(300), status: "PASSED" },
    },
  },
  {
    testStepFinished: {
      testCaseStartedId: "r1",
      testStepId: "s2",
      testStepResult: { duration: took(500), status: "PASSED" },
    },
  },
  {
    testStepFinished: {
      testCaseStartedId: "r2",
      testStepId: "s4",
      testStepResult: { duration: took(600), status: "PASSED" },
    },
  },
  {
    testStepFinished: {
      testCaseStartedId: "r1",
      testStepId: "s3",
      testStepResult: { duration: took(200), status: "PASSED" },
    },
  },
  { testCaseFinished: { testCaseStartedId: "r1", timestamp: at(13_600) } },
  { testCaseFinished: { testCaseStartedId: "r2", timestamp: at(13_700) } },
  { testRunFinished: { timestamp: at(14_000) } },
]
  .map((m) => JSON.stringify(m))
  .join("\n");

test("each worker's start-up, each scenario's duration, and steps summed under their definition's pattern", () => {
  const t = runTimeline(MESSAGES);
  assert.equal(t.finishedAt - t.startedAt, 4000);
  assert.deepEqual(
    [...t.workerStartMs],
    [
      ["0", 2500],
      ["1", 3000],
    ],
  );
  assert.deepEqual(t.scenarios, [
    { uri: "features/8.4.feature", name: "A", ms: 1100 },
    { uri: "features/8.5.feature", name: "B", ms: 700 },
  ]);
  assert.deepEqual(t.steps.get("the client lets {int} second(s) of device time pass"), { ms: 1100, count: 2 });
  assert.deepEqual(t.steps.get("hook steps/hooks.ts:83"), { ms: 200, count: 1 });
});

test("the timer meter's files of several processes add up by site", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-timers-"));
  writeFileSync(
    join(dir, "1.json"),
    JSON.stringify({ argv: [], sites: { "a.ts:1": { count: 2, ms: 100 }, "b.ts:2": { count: 1, ms: 5 } } }),
  );
  writeFileSync(join(dir, "2.json"), JSON.stringify({ argv: [], sites: { "a.ts:1": { count: 3, ms: 50 } } }));
  assert.deepEqual(
    [...timerSites(dir)],
    [
      ["a.ts:1", { count: 5, ms: 150 }],
      ["b.ts:2", { count: 1, ms: 5 }],
    ],
  );
});

test("the timer meter, preloaded, counts a timer that fired where it was set and leaves a cleared one out", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-meter-"));
  const timers = join(dir, "timers");
  mkdirSync(timers);
  writeFileSync(
    join(dir, "waits.js"),
    "function wait() {\n  setTimeout(() => clearTimeout(late), 40);\n}\nconst late = setTimeout(() => {}, 5000);\nwait();\n",
  );
  const r = spawnSync(
    process.execPath,
    ["--require", require.resolve("tsx/cjs"), "--require", join(__dirname, "timer-meter.ts"), "waits.js"],
    { cwd: dir, env: { ...process.env, OSGP_TIMER_METER_DIR: timers }, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const sites = [...timerSites(timers)];
  assert.deepEqual(
    sites.map(([site, t]) => [site, t.count]),
    [["waits.js:2", 1]],
  );
  assert.ok((sites[0]?.[1].ms ?? 0) >= 39, String(sites[0]?.[1].ms));
});
