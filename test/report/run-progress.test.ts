import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { RunProgress } from "../../harness/report/run-progress";
import ProgressFormatter from "../../harness/report/progress-formatter";
import { NOT_RUN_MEDIA_TYPE } from "../../harness/report/run-summary";

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly clause: string;
  readonly steps: readonly object[];
  readonly notRun?: boolean;
}

const PASSED = { status: "PASSED" };
const SCENARIOS: readonly Scenario[] = [
  { id: "1", name: "reads BT01", clause: "9.3", steps: [PASSED, PASSED] },
  {
    id: "2",
    name: "packets have a valid CRC",
    clause: "9.1",
    steps: [
      PASSED,
      {
        status: "FAILED",
        exception: { type: "ConformanceAssertionError", message: "the device sent 8 bad packet(s):\n  #6 [ee 00]" },
      },
      { status: "SKIPPED" },
    ],
  },
  {
    id: "3",
    name: "a bad CRC is NAKed",
    clause: "9.1",
    steps: [
      { status: "FAILED", exception: { type: "Inconclusive", message: "no response within 2000 ms to identify" } },
      { status: "SKIPPED" },
    ],
  },
  { id: "4", name: "clock delta", clause: "8.3.2", steps: [PASSED, { status: "SKIPPED" }] },
  { id: "5", name: "pending tables", clause: "6.3", steps: [{ status: "SKIPPED" }], notRun: true },
];

/** The plan (every pickle and test case), then each scenario's messages, started at `start` ms and lasting `ms`. */
function plan(): object[] {
  return [
    ...SCENARIOS.map((s) => ({
      pickle: { id: `p${s.id}`, name: s.name, uri: "features/x.feature", tags: [{ name: `@clause-${s.clause}` }] },
    })),
    { testRunStarted: { timestamp: at(0) } },
    ...SCENARIOS.map((s) => ({ testCase: { id: `c${s.id}`, pickleId: `p${s.id}` } })),
  ];
}

function run(s: Scenario, start: number, ms: number): object[] {
  return [
    { testCaseStarted: { id: `s${s.id}`, testCaseId: `c${s.id}`, timestamp: at(start) } },
    ...(s.notRun ? [{ attachment: { testCaseStartedId: `s${s.id}`, mediaType: NOT_RUN_MEDIA_TYPE, body: "{}" } }] : []),
    ...s.steps.map((r) => ({ testStepFinished: { testCaseStartedId: `s${s.id}`, testStepResult: r } })),
    { testCaseFinished: { testCaseStartedId: `s${s.id}`, timestamp: at(start + ms) } },
  ];
}

/** Feeds the run to a RunProgress on a fake clock, ticking every second as the formatter does. */
function replay(tty: boolean, columns = 200): string {
  let now = 0;
  let text = "";
  const p = new RunProgress({
    target: "sim",
    tty,
    columns: () => columns,
    write: (t) => (text += t),
    now: () => now,
    logEveryMs: 30_000,
  });
  const feed = (messages: object[]) => messages.forEach((m) => p.envelope(m));
  const until = (ms: number) => {
    while (now < ms) {
      now += 1000;
      p.tick();
    }
  };
  feed(plan());
  until(2000);
  feed(run(SCENARIOS[0]!, 0, 2000));
  until(3500);
  feed(run(SCENARIOS[1]!, 2000, 1500));
  until(5500);
  feed(run(SCENARIOS[2]!, 3500, 2000));
  until(31_000);
  feed(run(SCENARIOS[3]!, 5500, 25_500));
  feed(run(SCENARIOS[4]!, 31_000, 20));
  until(40_000);
  feed([{ testRunFinished: { timestamp: at(40_000) } }]);
  until(45_000);
  return text;
}

test("in a log: a line for each fail and inconclusive, a progress line every 30 s and one at the end", () => {
  assert.equal(
    replay(false),
    [
      "FAIL 9.1 packets have a valid CRC [sim] 1.5 s: the device sent 8 bad packet(s):",
      "INCONCLUSIVE 9.1 a bad CRC is NAKed [sim] 2.0 s: no response within 2000 ms to identify",
      "[sim] 3/5 done: 1 pass, 1 fail, 1 inconclusive, 0 n/a; 0:30 elapsed, about 0:20 left",
      "[sim] 5/5 done: 1 pass, 1 fail, 1 inconclusive, 1 n/a, 1 not run; 0:40 elapsed",
      "",
    ].join("\n"),
  );
});

test("on a terminal: the progress line is redrawn in place, fails and inconclusives stay above it", () => {
  const text = replay(true);
  const segments = text.split("\r\x1b[K").filter((s) => s !== "");
  assert.deepEqual(
    segments.filter((s) => s.endsWith("\n")),
    [
      "FAIL 9.1 packets have a valid CRC [sim] 1.5 s: the device sent 8 bad packet(s):\n",
      "INCONCLUSIVE 9.1 a bad CRC is NAKed [sim] 2.0 s: no response within 2000 ms to identify\n",
      "[sim] 5/5 done: 1 pass, 1 fail, 1 inconclusive, 1 n/a, 1 not run; 0:40 elapsed\n",
    ],
  );
  assert.ok(
    segments.includes("[sim] 0/5 done: 0 pass, 0 fail, 0 inconclusive, 0 n/a; 0:01 elapsed"),
    "the clock moves before the first verdict",
  );
  assert.ok(segments.includes("[sim] 1/5 done: 1 pass, 0 fail, 0 inconclusive, 0 n/a; 0:02 elapsed, about 0:08 left"));
  assert.ok(segments.includes("[sim] 3/5 done: 1 pass, 1 fail, 1 inconclusive, 0 n/a; 0:31 elapsed, about 0:21 left"));
  assert.equal(text.split("\n").length, 4, "three lines stay, nothing is written after the end");
});

test("on a narrow terminal the progress line never wraps: a long target name gives way first, then the line's end", () => {
  const lastLine = (columns: number) => {
    let now = 0;
    let text = "";
    const p = new RunProgress({
      target: "sim:reference+bad-response-crc",
      tty: true,
      columns: () => columns,
      write: (t) => (text += t),
      now: () => now,
      logEveryMs: 30_000,
    });
    for (const m of plan()) p.envelope(m);
    now = 5000;
    for (const m of run(SCENARIOS[0]!, 0, 2000)) p.envelope(m);
    return text.split("\r\x1b[K").at(-1) ?? "";
  };
  assert.equal(
    lastLine(200),
    "[sim:reference+bad-response-crc] 1/5 done: 1 pass, 0 fail, 0 inconclusive, 0 n/a; 0:05 elapsed, about 0:20 left",
  );
  assert.equal(
    lastLine(100),
    "[sim:reference+bad…] 1/5 done: 1 pass, 0 fail, 0 inconclusive, 0 n/a; 0:05 elapsed, about 0:20 left",
  );
  assert.equal(lastLine(60), "[sim:ref…] 1/5 done: 1 pass, 0 fail, 0 inconclusive, 0 n/a…");
});

test("a scenario retried by cucumber counts once, by its last attempt", () => {
  let text = "";
  const p = new RunProgress({
    target: "",
    tty: false,
    columns: () => 80,
    write: (t) => (text += t),
    now: () => 1000,
    logEveryMs: 30_000,
  });
  const [first] = SCENARIOS;
  for (const m of plan()) p.envelope(m);
  p.envelope({ testCaseStarted: { id: "a1", testCaseId: "c1", timestamp: at(0) } });
  p.envelope({
    testStepFinished: {
      testCaseStartedId: "a1",
      testStepResult: { status: "FAILED", exception: { type: "Inconclusive", message: "no answer" } },
    },
  });
  p.envelope({ testCaseFinished: { testCaseStartedId: "a1", willBeRetried: true, timestamp: at(500) } });
  for (const m of run(first!, 500, 500)) p.envelope(m);
  p.envelope({ testRunFinished: {} });
  assert.equal(text, "1/5 done: 1 pass, 0 fail, 0 inconclusive, 0 n/a; 0:00 elapsed\n");
});

/** A cucumber stdout stand-in: a terminal or not, keeping what is written. */
function stdout(isTTY: boolean, columns = 120): Writable & { text: string } {
  const w = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        w.text += chunk.toString();
        done();
      },
    }),
    { text: "", isTTY, columns },
  );
  return w;
}

test("the cucumber formatter writes verdicts to its stream, redrawn on a terminal and as lines in a log", async () => {
  delete process.env.OSGP_TARGET;
  for (const isTTY of [false, true]) {
    const stream = stdout(isTTY);
    const broadcaster = new EventEmitter();
    const formatter = new ProgressFormatter({
      eventBroadcaster: broadcaster,
      stream,
      parsedArgvOptions: {},
      log: (t: string | Uint8Array) => stream.write(t),
      cleanup: async () => undefined,
    } as unknown as ConstructorParameters<typeof ProgressFormatter>[0]);
    for (const m of [...plan(), ...SCENARIOS.flatMap((s, i) => run(s, i * 1000, 1000)), { testRunFinished: {} }])
      broadcaster.emit("envelope", m);
    await formatter.finished();
    const lines = stream.text.split(/\r\x1b\[K|\n/);
    assert.ok(
      lines.includes("INCONCLUSIVE 9.1 a bad CRC is NAKed 1.0 s: no response within 2000 ms to identify"),
      stream.text,
    );
    assert.ok(lines.includes("FAIL 9.1 packets have a valid CRC 1.0 s: the device sent 8 bad packet(s):"), stream.text);
    assert.match(stream.text, /5\/5 done: 1 pass, 1 fail, 1 inconclusive, 1 n\/a, 1 not run; 0:0\d elapsed\n$/);
    assert.equal(stream.text.includes("\r\x1b[K"), isTTY, "only a terminal gets the line redrawn");
  }
});

test("a terminal that does not know its width (0 columns: a pty made without a size) gets the whole line, not 20 columns of it", async () => {
  delete process.env.OSGP_TARGET;
  const stream = stdout(true, 0);
  const broadcaster = new EventEmitter();
  const formatter = new ProgressFormatter({
    eventBroadcaster: broadcaster,
    stream,
    parsedArgvOptions: {},
    log: (t: string | Uint8Array) => stream.write(t),
    cleanup: async () => undefined,
  } as unknown as ConstructorParameters<typeof ProgressFormatter>[0]);
  for (const m of [...plan(), ...SCENARIOS.flatMap((s, i) => run(s, i * 1000, 1000)), { testRunFinished: {} }])
    broadcaster.emit("envelope", m);
  await formatter.finished();
  assert.match(
    stream.text.split("\r\x1b[K").at(-1) ?? "",
    /^5\/5 done: 1 pass, 1 fail, 1 inconclusive, 1 n\/a, 1 not run; 0:0\d elapsed\n$/,
  );
});
