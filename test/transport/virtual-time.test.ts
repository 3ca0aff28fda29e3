import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualTime } from "../../harness/transport/virtual-time";

const START = 1000;
const idle = () => false;

function timeline(): { vt: VirtualTime; log: string[]; mark: (what: string) => () => void } {
  const vt = new VirtualTime(START, 0, idle);
  const log: string[] = [];
  return { vt, log, mark: (what) => () => log.push(`${what}@${vt.now() - START}`) };
}

const until = (done: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (done() ? resolve() : setImmediate(check));
    check();
  });

test("a harness wait with nothing else to do jumps: a 60 s time-out fires at once, at 60 s on the clock", async () => {
  const { vt, log, mark } = timeline();
  const real = performance.now();
  vt.add(mark("time-out"), 60_000, "harness", true);
  await until(() => log.length === 1);
  assert.deepEqual(log, ["time-out@60000"]);
  assert.ok(performance.now() - real < 30_000, "the wait was skipped, not slept");
});

test("timers fire in the order of their times, device timers included, each at its own time", async () => {
  const { vt, log, mark } = timeline();
  vt.add(mark("harness 5 s"), 5000, "harness", true);
  vt.add(mark("device 2 s"), 2000, "device", false);
  vt.add(mark("device 5 s"), 5000, "device", true);
  await until(() => log.length === 3);
  assert.deepEqual(log, ["device 2 s@2000", "harness 5 s@5000", "device 5 s@5000"]);
});

test("work still passing between the two sides (bytes on a pipe) is finished before the clock jumps", async () => {
  const { vt, log, mark } = timeline();
  vt.add(mark("time-out"), 1000, "harness", true);
  let rounds = 0;
  const pingPong = () => {
    if (rounds++ === 50) return log.push(`answer@${vt.now() - START}`);
    vt.noteActivity();
    setImmediate(pingPong);
  };
  vt.noteActivity();
  setImmediate(pingPong);
  await until(() => log.length === 2);
  assert.deepEqual(log, ["answer@0", "time-out@1000"]);
});

test("a cancelled time-out does not move the clock", async () => {
  const { vt, log, mark } = timeline();
  const t = vt.add(mark("time-out"), 1000, "harness", true);
  vt.remove(t);
  vt.add(mark("next"), 10, "harness", true);
  await until(() => log.length === 1);
  assert.deepEqual(log, ["next@10"]);
});

test("device timers alone do not jump: they fire when their time has passed in real time", async () => {
  const { vt, log, mark } = timeline();
  const real = performance.now();
  vt.add(mark("device"), 40, "device", true);
  await until(() => log.length === 1);
  assert.ok(performance.now() - real >= 35, "waited in real time");
  assert.deepEqual(log, ["device@40"]);
});

test("no jump while the process waits on the outside world (a file being written)", async () => {
  let busy = 3;
  const vt = new VirtualTime(START, 0, () => busy-- > 0);
  const log: string[] = [];
  vt.add(() => log.push(`time-out@${vt.now() - START}`), 1000, "harness", true);
  await until(() => log.length === 1);
  assert.ok(busy < 0, "the outside work was asked about until it was done");
  assert.deepEqual(log, ["time-out@1000"]);
});

test("the clock stands still while either side works, and Date follows it", () => {
  const vt = new VirtualTime(START, 1_700_000_000_000, idle);
  const before = vt.now();
  for (let i = 0, x = 0; i < 1e6; i++) x += i;
  assert.equal(vt.now(), before);
  assert.equal(vt.wallNow(), 1_700_000_000_000);
});
