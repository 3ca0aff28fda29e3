import { test } from "node:test";
import assert from "node:assert/strict";
import { installReplayClock, ReplayClock, SOFT_HOLD_MS } from "../../harness/transport/replay-clock";

test("the replay clock runs at the real rate, jumps forward to where it is told, and never back", () => {
  let real = 100;
  const clock = new ReplayClock(
    () => real,
    () => 0,
  );
  assert.equal(clock.now(), 100);
  real = 110;
  assert.equal(clock.now(), 110);
  clock.advanceTo(500);
  assert.equal(clock.now(), 500);
  real = 115;
  assert.equal(clock.now(), 505, "on from the jump at the real rate");
  clock.advanceTo(200);
  assert.equal(clock.now(), 505, "never backwards");
});

test("a hold stops the clock at the device's next time until it is delivered; released, the clock runs on from there, not from real time", () => {
  let real = 0;
  const clock = new ReplayClock(
    () => real,
    () => 0,
  );
  const connection = {};
  clock.hold(connection, 50);
  real = 80;
  assert.equal(clock.now(), 50, "a late timer does not make the device late");
  clock.advanceTo(50);
  clock.release(connection);
  assert.equal(clock.now(), 50);
  real = 85;
  assert.equal(clock.now(), 55);
  clock.hold(connection, 40);
  assert.equal(clock.now(), 55, "a hold behind the clock does not take it back");
  clock.release(connection);
  real = 86;
  assert.equal(clock.now(), 56);
});

test("a soft hold (the harness's next write) stops the clock too, but lapses once it has held it SOFT_HOLD_MS, and the clock runs on from there", () => {
  let real = 0;
  const clock = new ReplayClock(
    () => real,
    () => 0,
  );
  const connection = {};
  clock.hold(connection, 100, true);
  real = 100 + SOFT_HOLD_MS - 1;
  assert.equal(clock.now(), 100, "held while the harness may still be about to write");
  real = 100 + SOFT_HOLD_MS + 30;
  assert.equal(clock.now(), 130, "a harness waiting for the clock to pass the write's time gets it");
  real += 10;
  assert.equal(clock.now(), 140);
});

test("Date reads the real time until a scenario gives its recorded wall-clock start, then runs on with the replay clock", () => {
  let real = 0;
  const clock = new ReplayClock(
    () => real,
    () => 1_700_000_000_000,
  );
  assert.equal(clock.wallNow(), 1_700_000_000_000);
  clock.setWall(Date.parse("2026-03-01T10:00:00Z"), 0);
  real = 1500;
  assert.equal(new Date(clock.wallNow()).toISOString(), "2026-03-01T10:00:01.500Z");
  clock.advanceTo(61_500);
  assert.equal(new Date(clock.wallNow()).toISOString(), "2026-03-01T10:01:01.500Z", "a jump moves the wall clock too");
});

test("installed, it is the process's performance.now() and Date (new Date(), Date.now(), Date()), and the rest of Date is the real one's", () => {
  const RealDate = Date;
  const realNow = performance.now;
  const { clock, restore } = installReplayClock();
  try {
    assert.equal(installReplayClock().clock, clock, "once per process");
    clock.setWall(Date.UTC(2026, 2, 1, 10), clock.now());
    clock.advanceTo(clock.now() + 3_600_000);
    assert.ok(Math.abs(performance.now() - clock.now()) < 50);
    assert.equal(new Date().toISOString().slice(0, 13), "2026-03-01T11");
    assert.ok(Math.abs(Date.now() - Date.UTC(2026, 2, 1, 11)) < 1000);
    assert.match(Date(), /Mar 01 2026/);
    assert.equal(new Date(0).toISOString(), "1970-01-01T00:00:00.000Z");
    assert.equal(Date.UTC(2000, 0, 1), 946684800000);
    assert.ok(new Date() instanceof Date);
  } finally {
    restore();
  }
  assert.equal(Date, RealDate, "the real Date is back");
  assert.equal(performance.now, realNow, "and the real performance.now()");
});
