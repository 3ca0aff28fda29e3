import { test } from "node:test";
import assert from "node:assert/strict";
import type { MemorySample } from "../../harness/report/memory-samples";
import { growthOf, pooledSlopePerHour, soakMarkdown } from "./soak-figures";

const MB = 1_048_576;
const MINUTE = 60_000;

test("a process growing 12 MB an hour, sampled every 5 s with GC noise, reads 12 MB an hour", () => {
  const points = Array.from({ length: 720 }, (_, i) => ({
    pid: 1,
    at: i * 5000,
    y: 100 * MB + ((12 * MB) / 3_600_000) * i * 5000 + (i % 2 === 0 ? 3 : -3) * MB,
  }));
  const slope = pooledSlopePerHour(points);
  assert.ok(slope !== null && Math.abs(slope / MB - 12) < 0.05, String(slope));
});

test("cucumber processes that each grow 6 MB an hour but start afresh low read 6 MB an hour, not the sawtooth's slope", () => {
  // Three iterations of 20 minutes; each new process starts at 80 MB and grows 2 MB in its 20 minutes.
  const samples: MemorySample[] = [];
  for (let it = 0; it < 3; it++) {
    for (let m = 0; m <= 20; m++)
      samples.push({
        at: (it * 20 + m) * MINUTE,
        role: "cucumber",
        pid: 100 + it,
        rss: 80 * MB + (m / 20) * 2 * MB,
        heapUsed: 40 * MB + (m / 20) * 2 * MB,
      });
  }
  const [, cucumber] = growthOf(samples, 0);
  assert.equal(cucumber?.processes, 3);
  assert.ok(Math.abs((cucumber?.rssPerHour ?? 0) / MB - 6) < 1e-6, String(cucumber?.rssPerHour));
  assert.ok(Math.abs((cucumber?.heapPerHour ?? 0) / MB - 6) < 1e-6);
});

test("what a process's warm-up holds does not count: a 50 MB jump in its first minute, flat after it, is no growth", () => {
  const samples: MemorySample[] = Array.from({ length: 60 }, (_, i) => ({
    at: i * 10_000,
    role: "simulator",
    pid: 7,
    rss: (i < 6 ? 50 + i * 10 : 110) * MB,
    heapUsed: null,
  }));
  const [harness, , simulator] = growthOf(samples, MINUTE);
  assert.equal(simulator?.rssPerHour, 0);
  assert.equal(simulator?.heapPerHour, null, "the simulator's heap cannot be read from outside");
  assert.deepEqual([harness?.samples, harness?.rssPerHour], [0, null]);
  const withWarmup = growthOf(samples, 0)[2];
  assert.ok((withWarmup?.rssPerHour ?? 0) > 0, "counted from the start, the jump would read as growth");
});

test("the warm-up is each process's own: a cucumber process started late has its first minute left out too", () => {
  const late: MemorySample[] = Array.from({ length: 30 }, (_, i) => ({
    at: 10 * MINUTE + i * 10_000,
    role: "cucumber",
    pid: 9,
    rss: (i < 6 ? 60 + i * 10 : 120) * MB,
    heapUsed: 30 * MB,
  }));
  const [, cucumber] = growthOf(late, MINUTE);
  assert.deepEqual([cucumber?.samples, cucumber?.rssPerHour], [24, 0]);
});

test("soak.md gives the growth per hour and each iteration's verdicts", () => {
  const samples: MemorySample[] = [0, 1, 2].map((i) => ({
    at: i * MINUTE,
    role: "harness",
    pid: 1,
    rss: (100 + i) * MB,
    heapUsed: 50 * MB,
  }));
  const md = soakMarkdown({
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:02:00.000Z",
    minutes: 2,
    stoppedBy: "time",
    lineRate: 9600,
    clockSpeed: 10,
    tags: null,
    warmupSeconds: 0,
    sampleSeconds: 5,
    iterations: [
      {
        n: 1,
        startedAt: "2026-01-01T00:00:00.000Z",
        seconds: 61.5,
        exitCode: 1,
        totals: { pass: 40, fail: 0, inconclusive: 1, "not applicable": 0 },
        note: null,
      },
    ],
    growth: growthOf(samples, 0),
    samples,
  });
  assert.match(md, /\| harness \| 3 \| 1 \| \+60\.00 MB \| \+0\.00 MB \| 102\.00 MB \| 50\.00 MB \|/);
  assert.match(md, /\| 1 \| 2026-01-01T00:00:00\.000Z \| 61\.5 \| 1 \| 40 pass, 1 inconclusive \|/);
});
