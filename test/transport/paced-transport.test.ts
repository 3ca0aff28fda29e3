import { test } from "node:test";
import assert from "node:assert/strict";
import { TransportError } from "../../harness/errors";
import type { ByteTransport, TransportListener } from "../../harness/transport/byte-transport";
import { pacedTransport, type PacingTimers } from "../../harness/transport/paced-transport";

/** A clock that moves only when told, running the timers that fall due on the way. */
class FakeTimers implements PacingTimers {
  t = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 0;
  now = () => this.t;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, run, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  async advanceTo(t: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.run();
      await settle();
    }
    this.t = t;
    await settle();
  }
}

const settle = () => new Promise<void>((r) => setImmediate(r));

/** Records when each byte reached the port, and lets the test play the far end. */
class FakePort implements ByteTransport {
  readonly description = "fake";
  readonly out: { at: number; bytes: number[] }[] = [];
  readonly rates: number[] = [];
  closed = false;
  listener: TransportListener | null = null;
  failWrites: TransportError | null = null;
  constructor(private readonly clock: FakeTimers) {}
  write(bytes: Uint8Array): Promise<void> {
    if (this.failWrites !== null) return Promise.reject(this.failWrites);
    this.out.push({ at: this.clock.t, bytes: [...bytes] });
    return Promise.resolve();
  }
  setListener(l: TransportListener): void {
    this.listener = l;
  }
  setBaudRate(rate: number): Promise<void> {
    this.rates.push(rate);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function bench(rate = 1000) {
  const clock = new FakeTimers();
  const port = new FakePort(clock);
  const paced = pacedTransport(port, rate, clock);
  const heard: { at: number; bytes: number[] }[] = [];
  const closes: (TransportError | null)[] = [];
  paced.setListener({ data: (c) => heard.push({ at: clock.t, bytes: [...c] }), closed: (e) => closes.push(e) });
  return { clock, port, paced, heard, closes };
}

test("written bytes reach the port at the line rate, in order, and a write resolves when its last byte is out", async () => {
  const { clock, port, paced } = bench(1000); // 10 ms a byte
  let firstDone = -1;
  let secondDone = -1;
  void paced.write(Uint8Array.of(1, 2)).then(() => (firstDone = clock.t));
  void paced.write(Uint8Array.of(3)).then(() => (secondDone = clock.t));
  await clock.advanceTo(5);
  assert.deepEqual(port.out, []);
  await clock.advanceTo(100);
  assert.deepEqual(port.out, [
    { at: 10, bytes: [1] },
    { at: 20, bytes: [2] },
    { at: 30, bytes: [3] },
  ]);
  assert.equal(firstDone, 20);
  assert.equal(secondDone, 30);
});

test("read bytes reach the listener at the line rate too", async () => {
  const { clock, port, heard } = bench(1000);
  port.listener?.data(Uint8Array.of(7, 8));
  await clock.advanceTo(100);
  assert.deepEqual(heard, [
    { at: 10, bytes: [7] },
    { at: 20, bytes: [8] },
  ]);
});

test("a new baud rate waits for the bytes written at the old one, then paces both directions", async () => {
  const { clock, port, paced, heard } = bench(1000);
  void paced.write(Uint8Array.of(1, 2));
  let switched = -1;
  void paced.setBaudRate(2000).then(() => (switched = clock.t));
  await clock.advanceTo(19);
  assert.equal(switched, -1, "not while the answer is still on the line");
  await clock.advanceTo(20);
  assert.equal(switched, 20);
  assert.deepEqual(port.rates, [], "the port's own speed is left alone: the pacing is the line");
  void paced.write(Uint8Array.of(3));
  port.listener?.data(Uint8Array.of(9));
  await clock.advanceTo(100);
  assert.deepEqual(port.out.at(-1), { at: 25, bytes: [3] });
  assert.deepEqual(heard, [{ at: 25, bytes: [9] }]);
});

test("close lets every byte written before it go out, then closes the port; writes after it fail", async () => {
  const { clock, port, paced } = bench(1000);
  void paced.write(Uint8Array.of(1, 2, 3));
  let closedAt = -1;
  void paced.close().then(() => (closedAt = clock.t));
  await clock.advanceTo(29);
  assert.equal(port.closed, false);
  await clock.advanceTo(30);
  assert.equal(closedAt, 30);
  assert.equal(port.closed, true);
  assert.deepEqual(
    port.out.flatMap((o) => o.bytes),
    [1, 2, 3],
  );
  await assert.rejects(paced.write(Uint8Array.of(4)), /is closed/);
});

test("a port that goes away drops what is queued: pending writes fail, the listener hears why", async () => {
  const { clock, port, paced, heard, closes } = bench(1000);
  const write = paced.write(Uint8Array.of(1, 2, 3));
  port.listener?.data(Uint8Array.of(9, 9));
  await clock.advanceTo(10);
  const lost = new TransportError("OSGP_ERR_PORT_CLOSED", "unplugged");
  port.listener?.closed(lost);
  await assert.rejects(write, /unplugged/);
  await clock.advanceTo(100);
  assert.deepEqual(
    port.out.flatMap((o) => o.bytes),
    [1],
    "nothing after the loss",
  );
  assert.deepEqual(
    heard.flatMap((h) => h.bytes),
    [9],
  );
  assert.deepEqual(closes, [lost]);
  await assert.rejects(paced.write(Uint8Array.of(4)), /is closed/);
});

test("a failed write fails every write still queued, and the ones after", async () => {
  const { clock, port, paced } = bench(1000);
  port.failWrites = new TransportError("OSGP_ERR_PORT_WRITE", "write timed out");
  const outcomes = [paced.write(Uint8Array.of(1)), paced.write(Uint8Array.of(2))].map((w) =>
    w.then(
      () => "written",
      (e: Error) => e.message,
    ),
  );
  await clock.advanceTo(10);
  assert.deepEqual(await Promise.all(outcomes), [
    "OSGP_ERR_PORT_WRITE: write timed out",
    "OSGP_ERR_PORT_WRITE: write timed out",
  ]);
  await assert.rejects(paced.write(Uint8Array.of(3)), /is closed/);
});

test("a port slow to confirm its writes does not hold the line back: each byte reaches it at its line time", async () => {
  const { clock, port, paced } = bench(1000); // 10 ms a byte
  // A serial port confirms a write after a drain: here 15 ms after the bytes reached it.
  const confirmAfterMs = 15;
  const write = port.write.bind(port);
  port.write = (bytes) =>
    write(bytes).then(() => new Promise<void>((resolve) => clock.setTimeout(resolve, confirmAfterMs)));
  let doneAt = -1;
  void paced.write(Uint8Array.of(1, 2, 3)).then(() => (doneAt = clock.t));
  await clock.advanceTo(100);
  assert.deepEqual(port.out, [
    { at: 10, bytes: [1] },
    { at: 20, bytes: [2] },
    { at: 30, bytes: [3] },
  ]);
  assert.equal(doneAt, 30 + confirmAfterMs, "the write is done when the port has confirmed its last byte");
});
