import { test } from "node:test";
import assert from "node:assert/strict";
import { PollBackoff, type PollClock, type PollPacing } from "../../harness/session/poll-backoff";
import { runProcedure, type ProcedureTiming, type TableAccess } from "../../harness/session/procedure-runner";
import { BT08, encodeProcedureResponse } from "../../harness/protocol/tables/bt08-procedure-response";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";

/** A clock turned by hand: a sleep moves it on by exactly what was asked, and is recorded. */
class HandClock implements PollClock {
  t = 1000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** When each poll starts (relative to the start), each poll taking `readMs`, until the backoff says stop. */
async function pollTimes(pacing: PollPacing, readMs = 0): Promise<{ polls: number[]; sleeps: number[] }> {
  const clock = new HandClock();
  const b = new PollBackoff(pacing, clock);
  const polls: number[] = [];
  do {
    polls.push(clock.t - b.startedAt);
    clock.t += readMs;
  } while (await b.next());
  return { polls, sleeps: clock.sleeps };
}

test("the PIXIT defaults (200 ms, 10 s): waits grow by half up to 1 s and the last poll is at the deadline: 14 polls where a fixed interval makes 51", async () => {
  const { polls, sleeps } = await pollTimes({ intervalMs: 200, timeoutMs: 10_000 });
  assert.deepEqual(polls, [0, 200, 500, 950, 1625, 2625, 3625, 4625, 5625, 6625, 7625, 8625, 9625, 10_000]);
  assert.deepEqual(sleeps.slice(0, 6), [200, 300, 450, 675, 1000, 1000]);
});

test("a read that takes time counts against the deadline: no poll starts after it, and the last starts on it", async () => {
  const { polls } = await pollTimes({ intervalMs: 200, timeoutMs: 3000 }, 40);
  // Each poll starts one read (40 ms) plus one wait after the one
  // before: 0, 240, 580, 1070, 1785 (cap 750), 2575, then the deadline.
  assert.deepEqual(polls, [0, 240, 580, 1070, 1785, 2575, 3000]);
});

test("the cap is a quarter of a short time-out: the simulator's 50 ms / 2 s grows to 500 ms", async () => {
  const { sleeps } = await pollTimes({ intervalMs: 50, timeoutMs: 2000 });
  assert.deepEqual(sleeps, [50, 75, 112.5, 168.75, 253.125, 379.6875, 500, 460.9375]);
});

test("no wait is shorter than the link's least time between requests, the last one included", async () => {
  const { polls, sleeps } = await pollTimes({ intervalMs: 50, timeoutMs: 250, floorMs: 100 });
  assert.deepEqual(sleeps, [100, 100, 100]);
  // The deadline (250) is nearer than the link allows after the poll at 200: the last poll comes one floor later.
  assert.deepEqual(polls, [0, 100, 200, 300]);
});

test("while a result is timed against a limit the waits stay at the interval; they grow after it", async () => {
  const { polls } = await pollTimes({ intervalMs: 100, timeoutMs: 2000, steadyForMs: 500 });
  assert.deepEqual(polls, [0, 100, 200, 300, 400, 500, 600, 750, 975, 1312.5, 1812.5, 2000]);
});

test("a time-out of zero polls once and never waits", async () => {
  const { polls, sleeps } = await pollTimes({ intervalMs: 200, timeoutMs: 0 });
  assert.deepEqual([polls, sleeps], [[0], []]);
});

/**
 * BT07 accepted; BT08 says "incomplete" for this call until
 * `doneAtMs` after the write, then "completed"; each read is logged.
 */
function deviceCompletingAt(clock: HandClock, doneAtMs: number | null, reads: number[]): TableAccess {
  let writtenAt = 0;
  return {
    async writeFull() {
      writtenAt = clock.t;
      return { code: 0 };
    },
    async readFull(tableId) {
      assert.equal(tableId, BT08);
      reads.push(clock.t - writtenAt);
      const done = doneAtMs !== null && clock.t - writtenAt >= doneAtMs;
      return {
        code: 0,
        data: encodeProcedureResponse(
          {
            procedureId: 10,
            selector: 0,
            sequence: 7,
            resultCode: done ? PROCEDURE_RESULT.completed : PROCEDURE_RESULT.incomplete,
            responseData: new Uint8Array(0),
          },
          "le",
        ),
      };
    },
  };
}

/** When the read that showed the result was sent, from the BT07 write's response. */
function shownAt(t: ProcedureTiming | undefined): number | undefined {
  return t === undefined ? undefined : (t.reads.at(-1)?.sentAt ?? NaN) - t.writeAnsweredAt;
}

const CALL = { procedureId: 10, parameters: new Uint8Array(0), sequence: 7 };

test("a procedure that never completes: BT08 is read 14 times in the 10 s (51 at a fixed 200 ms), the last at the time-out", async () => {
  const clock = new HandClock();
  const reads: number[] = [];
  const o = await runProcedure(
    deviceCompletingAt(clock, null, reads),
    CALL,
    { resultTimeoutMs: 10_000, pollIntervalMs: 200, dataOrder: "le" },
    clock,
  );
  assert.equal(o.status, "timeout");
  assert.equal(o.polls, 14);
  assert.equal(reads.at(-1), 10_000);
});

test("a quick result is seen as finely as with a fixed interval while 9.13.1 times it, a slow one at the next backed-off poll", async () => {
  const settings = { resultTimeoutMs: 10_000, pollIntervalMs: 200, steadyForMs: 1000, dataOrder: "le" as const };
  const quick = new HandClock();
  // Done at 520 ms: seen at 600, as every 200 ms would see it (backing off from the start: at 950).
  const q = await runProcedure(deviceCompletingAt(quick, 520, []), CALL, settings, quick);
  assert.deepEqual(q.status === "done" ? [shownAt(q.timing), q.polls] : q.status, [600, 4]);
  const slow = new HandClock();
  const s = await runProcedure(deviceCompletingAt(slow, 2000, []), CALL, settings, slow);
  // Polls at 0, 200, ... 1000 (steady), then 1200, 1500, 1950, 2625.
  assert.deepEqual(s.status === "done" ? [shownAt(s.timing), s.polls] : s.status, [2625, 10]);
});
