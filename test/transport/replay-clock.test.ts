import { test } from "node:test";
import assert from "node:assert/strict";
import { ReplayClock, replayClock } from "../../harness/transport/replay-clock";
import { now, setTimer, sleep, wallNow } from "../../harness/transport/timers";

const START = 1000;

/** A replay clock whose real time is turned by hand, with nothing outside the process to wait on. */
function handTurned(): { clock: ReplayClock; real: { ms: number }; at: () => number } {
  const real = { ms: 0 };
  const clock = new ReplayClock(
    () => real.ms,
    START,
    0,
    () => false,
  );
  return { clock, real, at: () => clock.now() - START };
}

const fired = (clock: ReplayClock, at: number, side: "harness" | "device") =>
  new Promise<number>((resolve) => clock.timerAt(START + at, () => resolve(clock.now() - START), side));

test("without a hold the clock moves only by jumps: real time passing does not move it, a harness wait jumps to its time", async () => {
  const { clock, real, at } = handTurned();
  real.ms = 5000;
  assert.equal(at(), 0, "the harness's work takes no time");
  const t0 = performance.now();
  assert.equal(await fired(clock, 60_000, "harness"), 60_000, "a 60 s wait ends at 60 s on the clock");
  assert.ok(performance.now() - t0 < 30_000, "skipped, not slept");
});

test("the device's recorded bytes (a device timer) come at their recorded time when the harness waits on a time-out after it", async () => {
  const { clock, at } = handTurned();
  const device = fired(clock, 40_000, "device");
  const timeOut = fired(clock, 90_000, "harness");
  assert.equal(await device, 40_000);
  assert.equal(await timeOut, 90_000);
  assert.equal(at(), 90_000);
});

test("moved forward to a recorded event, never back; timers due by then fire after the move, in their order, not inside it", async () => {
  const { clock, at } = handTurned();
  const log: string[] = [];
  clock.timerAt(START + 300, () => log.push(`time-out@${at()}`), "harness");
  clock.timerAt(START + 200, () => log.push(`device@${at()}`), "device");
  clock.advanceTo(START + 500);
  assert.deepEqual(log, [], "nothing fires inside the move");
  assert.equal(at(), 500);
  clock.advanceTo(START + 100);
  assert.equal(at(), 500, "never backwards");
  await fired(clock, 500, "harness");
  assert.deepEqual(log, ["device@500", "time-out@500"]);
});

test("under a hold (the harness's next write) its work runs the clock at the real rate, up to the write's recorded time and no further", () => {
  const { clock, real, at } = handTurned();
  const connection = {};
  clock.hold(connection, START + 50);
  real.ms += 30;
  assert.equal(at(), 30, "a value computed just before the write takes the time the work took");
  real.ms += 500;
  assert.equal(at(), 50, "but never later than the recorded write");
  clock.release(connection);
  real.ms += 100;
  assert.equal(at(), 50, "released, the clock runs on from where it stood, not from where real time has got to");
});

test("under a hold the clock never shows a time past a timer that has not fired: the timer brings it there", async () => {
  const { clock, real, at } = handTurned();
  clock.hold({}, START + 1000);
  const pacing = fired(clock, 20, "harness");
  real.ms += 300;
  assert.equal(at(), 20);
  assert.equal(await pacing, 20);
  real.ms += 5;
  assert.equal(at(), 25, "on from the timer's time, the real time spent waiting for it not counted");
});

test("a wait set after the harness's work has run the clock on counts from where the clock last moved, so the write after it is not behind the recording", async () => {
  const { clock, real, at } = handTurned();
  clock.hold({}, START + 100);
  real.ms += 40;
  assert.equal(at(), 40);
  const pacing = new Promise<number>((r) => clock.add(() => r(at()), 30, "harness", true));
  assert.equal(await pacing, 40, "a 30 ms wait set at 40 ends at 30 + 0 ms of work, shown as 40, not at 70");
});

test("Date reads the real time's offset until a scenario gives its recorded wall-clock start, then runs on with the clock", () => {
  const real = { ms: 0 };
  const clock = new ReplayClock(
    () => real.ms,
    0,
    1_700_000_000_000,
    () => false,
  );
  assert.equal(clock.wallNow(), 1_700_000_000_000);
  clock.setWall(Date.parse("2026-03-01T10:00:00Z"), 0);
  clock.advanceTo(1500);
  assert.equal(new Date(clock.wallNow()).toISOString(), "2026-03-01T10:00:01.500Z");
  clock.hold({}, 1600);
  real.ms += 60;
  assert.equal(new Date(clock.wallNow()).toISOString(), "2026-03-01T10:00:01.560Z", "and with the harness's work");
});

test("installed once per process, it is what the harness's clock and timers read (transport/timers.ts)", async () => {
  const clock = replayClock();
  assert.equal(replayClock(), clock, "once per process");
  clock.setWall(Date.UTC(2026, 2, 1, 10), clock.now());
  clock.advanceTo(clock.now() + 3_600_000);
  assert.equal(now(), clock.now());
  assert.equal(new Date(wallNow()).toISOString(), "2026-03-01T11:00:00.000Z");
  const before = now();
  await sleep(10 * 60_000);
  assert.equal(Math.round(now() - before), 10 * 60_000, "a harness's ten minutes, skipped");
  const device = new Promise<number>((r) => setTimer(() => r(now()), 5, { side: "device" }));
  await sleep(1000);
  assert.equal(Math.round((await device) - before), 10 * 60_000 + 5);
});
