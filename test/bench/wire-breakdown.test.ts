import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatTrace, type TraceEntry } from "../../harness/session/trace";
import { TIME, wireBreakdown } from "./wire-breakdown";

let index = 0;
function entry(direction: TraceEntry["direction"], kind: string, bytes: number, summary: string, elapsedMs: number) {
  return {
    index: index++,
    time: "2026-01-01T00:00:00.000Z",
    elapsedMs,
    direction,
    kind,
    hex: Array.from({ length: bytes }, () => "ee").join(" "),
    summary,
    redacted: false,
  } satisfies TraceEntry;
}

/**
 * One scenario's session at 1000 baud (a byte is 10 ms): the harness opens it (a wake-up byte,
 * identify), the scenario's step reads BT08 twice, the After hook restores a table and closes the
 * session after a silence of 1.5 s. Times are in ms from the session's start.
 */
const OPENING = [
  entry("note", "note", 0, "set-up: the harness opens the scenario's session (master)", 0),
  entry("tx", "wake-up", 1, "wake-up byte 1 of 1", 5),
  entry("tx", "packet", 9, "packet toggle=0 seq=0 len=1 | identify", 20),
  entry("rx", "ack", 1, "ack", 120),
  entry("rx", "packet", 10, "packet toggle=0 seq=0 len=2 | ok", 230),
  entry("note", "note", 0, "set-up done", 230),
];
const STEP = [
  entry("tx", "packet", 10, "packet toggle=1 seq=0 len=3 | full read BT08", 240),
  entry("rx", "packet", 10, "packet toggle=1 seq=0 len=3 | ok", 450),
  entry("tx", "packet", 10, "packet toggle=0 seq=0 len=3 | full read BT08", 460),
  entry("tx", "packet", 10, "packet toggle=0 seq=0 len=3 | full read BT08 (retransmission 1)", 600),
  entry("rx", "packet", 10, "packet toggle=0 seq=0 len=3 | ok", 800),
];
const HOOK = [
  entry("tx", "packet", 10, "packet toggle=1 seq=0 len=8 | partial write ET03", 900),
  entry("rx", "packet", 10, "packet toggle=1 seq=0 len=1 | ok", 2400),
  entry("note", "note", 0, "set-up: the harness closes the session", 2410),
  entry("tx", "packet", 9, "packet toggle=0 seq=0 len=1 | terminate", 2410),
];

function messages(fresh: boolean, entries: readonly TraceEntry[] = [...OPENING, ...STEP, ...HOOK]): string {
  const of = (part: readonly TraceEntry[]) => entries.filter((e) => part.some((p) => p.index === e.index));
  const frames = (step: string, entries: TraceEntry[]) => ({
    attachment: {
      testCaseStartedId: "r1",
      testStepId: step,
      fileName: "frames, session (master) 1",
      body: formatTrace(entries),
    },
  });
  const lines = [
    {
      pickle: {
        id: "p1",
        uri: "f.feature",
        name: "A",
        tags: fresh ? [{ name: "@fresh-session" }] : [],
        steps: [
          { id: "ps1", text: "a session as master" },
          { id: "ps2", text: "BT08 is read until it settles" },
        ],
      },
    },
    {
      testCase: {
        id: "c1",
        pickleId: "p1",
        testSteps: [
          { id: "s1", pickleStepId: "ps1", stepDefinitionIds: ["d1"] },
          { id: "s2", pickleStepId: "ps2", stepDefinitionIds: ["d2"] },
          { id: "s3", hookId: "h1" },
        ],
      },
    },
    { testCaseStarted: { id: "r1", testCaseId: "c1" } },
    frames("s1", of(OPENING)),
    frames("s2", of(STEP)),
    frames("s3", of(HOOK)),
    {
      attachment: {
        testCaseStartedId: "r1",
        fileName: "trace, session (master) 1",
        body: JSON.stringify(entries),
      },
    },
  ];
  const file = join(mkdtempSync(join(tmpdir(), "wire-breakdown-")), "cucumber-messages.ndjson");
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n"));
  return file;
}

test("requests: the harness's by the cause its note names, the scenario's own by where they come from", () => {
  const b = wireBreakdown(messages(false), 1000);
  assert.deepEqual(
    Object.fromEntries(b.overhead),
    { "the harness opens the scenario's session": 2, "the harness closes the session": 1 },
    "the role in brackets is left out of the cause",
  );
  assert.deepEqual(Object.fromEntries(b.own), {
    "the other steps": 1,
    "BT08 polls (a read after a read)": 1,
    "clean-ups (After hook)": 1,
  });
  assert.equal(b.retransmissions, 1);
  assert.deepEqual(Object.fromEntries(wireBreakdown(messages(true), 1000).own), {
    "steps of scenarios that judge sessions (@fresh-session)": 3,
  });
});

test("time: every gap between two frames goes to the line, the device, a silence or the harness, and they add up", () => {
  const b = wireBreakdown(messages(false), 1000);
  const ms = Object.fromEntries(b.time);
  // Line: the wake-up byte 10, identify and its ACK 90 + 10, the answer 100, a read and its answer 100 + 100,
  // the read sent again 100, its retransmission and the answer 100 + 100, the write and its answer 100 + 100.
  assert.equal(ms[TIME.line], 10 + 100 + 100 + 200 + 100 + 200 + 200);
  // The device: the identify answer and the first read's answer 10 ms each later than their bytes; the
  // write's answer 1.3 s later than its bytes is a silence.
  assert.equal(ms[TIME.device], 10 + 10);
  assert.equal(ms[TIME.waits], 1300);
  // Within steps: the port's opening 5, the wake-up interval 5, a read 10 ms after an answer, the retransmission's
  // wait 40, the closing note 10 ms after the write's answer; between steps: set-up done to the first read 10, the
  // last answer to the After hook's write 100.
  assert.equal(ms[TIME.harness], 5 + 5 + 10 + 40 + 10);
  assert.equal(ms[TIME.steps], 10 + 100);
  const total = [...b.time.values()].reduce((a, x) => a + x, 0);
  assert.equal(total, 2410, "the session's wall time, first entry to last");
});

test("silences: each goes to the step that waited it out, by the step's text", () => {
  const slowRead = [
    ...OPENING,
    STEP[0] as TraceEntry,
    { ...(STEP[1] as TraceEntry), elapsedMs: 1450 },
    ...HOOK.map((e) => ({ ...e, elapsedMs: e.elapsedMs + 1000 })),
  ];
  const b = wireBreakdown(messages(false, slowRead), 1000);
  // The read's answer: 1.21 s after the read, of which 200 ms the bytes both ways. The hook: 450 ms from that
  // answer to its write, then the write's answer 1.5 s after the write, of which 200 ms the bytes.
  assert.deepEqual(Object.fromEntries(b.silences), { "BT08 is read until it settles": 1010, "(a hook)": 450 + 1300 });
});
