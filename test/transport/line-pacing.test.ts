import { test } from "node:test";
import assert from "node:assert/strict";
import { byteTimeMs, LineQueue } from "../../harness/transport/line-pacing";

test("a byte at 9600 baud 8N1 takes 10 bits, 1.0417 ms", () => {
  assert.ok(Math.abs(byteTimeMs(9600) - 1.0416667) < 1e-6);
  assert.equal(byteTimeMs(1200), 10000 / 1200);
});

test("bytes come out one byte time apart, each once its stop bit is through", () => {
  const q = new LineQueue(1000); // 10 ms a byte
  assert.equal(q.push(Uint8Array.of(1, 2, 3), 100), 130);
  assert.deepEqual([...q.release(109.9)], []);
  assert.equal(q.nextReleaseAt(), 110);
  assert.deepEqual([...q.release(110)], [1]);
  assert.deepEqual([...q.release(125)], [2]);
  assert.equal(q.nextReleaseAt(), 130);
  assert.deepEqual([...q.release(500)], [3]);
  assert.equal(q.nextReleaseAt(), null);
  assert.equal(q.pending, 0);
});

test("writes queued while the line is busy wait their turn and keep their order", () => {
  const q = new LineQueue(1000);
  q.push(Uint8Array.of(1, 2), 0); // out at 10, 20
  assert.equal(q.push(Uint8Array.of(3), 5), 30, "starts when the line is free, not when handed over");
  assert.deepEqual([...q.release(30)], [1, 2, 3]);
  // An idle line starts a new write at once.
  assert.equal(q.push(Uint8Array.of(4), 100), 110);
});

test("a byte due at exactly now is out, whatever the rounding of 9600 baud", () => {
  const q = new LineQueue(9600);
  const bytes = new Uint8Array(96);
  const end = q.push(bytes, 0);
  assert.ok(Math.abs(end - 100) < 1e-9);
  assert.equal(q.release(end).length, 96);
});

test("a new rate applies to bytes queued after it; those in flight keep theirs", () => {
  const q = new LineQueue(1000);
  q.push(Uint8Array.of(1, 2), 0); // 10 ms each: out at 10, 20
  q.setBaudRate(2000);
  assert.equal(q.push(Uint8Array.of(3, 4), 0), 30, "5 ms each after the line frees at 20");
  assert.deepEqual([...q.release(19)], [1]);
  assert.deepEqual([...q.release(25)], [2, 3]);
  assert.deepEqual([...q.release(30)], [4]);
});

test("drop forgets what is not out; a rate must be a positive number", () => {
  const q = new LineQueue(1000);
  q.push(Uint8Array.of(1, 2, 3), 0);
  q.release(10);
  q.drop();
  assert.equal(q.pending, 0);
  assert.equal(q.nextReleaseAt(), null);
  assert.throws(() => new LineQueue(0), RangeError);
  assert.throws(() => q.setBaudRate(Number.NaN), RangeError);
});
