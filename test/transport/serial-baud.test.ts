import { test } from "node:test";
import assert from "node:assert/strict";
import { openSerialTransport, type SerialPortLike } from "../../harness/transport/serial";

/**
 * serialport changes the speed with tcflush(TCIOFLUSH), which discards buffered bytes: the
 * transport must not call it for an unchanged speed, and must let the last bytes leave first.
 */
function fakePort() {
  const calls: { what: string; at: number; rate?: number }[] = [];
  const port: SerialPortLike = {
    isOpen: true,
    open: (cb) => cb(null),
    write: (_data, cb) => {
      calls.push({ what: "write", at: performance.now() });
      cb(null);
      return true;
    },
    drain: (cb) => cb(null),
    update: (o, cb) => {
      calls.push({ what: "update", at: performance.now(), rate: o.baudRate });
      cb(null);
    },
    close: (cb) => cb(null),
    on: () => port,
  };
  return { port, calls };
}

const SETTINGS = {
  path: "/dev/fake",
  baudRate: 9600,
  dataBits: 8 as const,
  parity: "none" as const,
  stopBits: 1 as const,
  openTimeoutMs: 100,
  writeTimeoutMs: 100,
};

test("setting the speed it already has does nothing (no tcflush that would lose the last ACK)", async () => {
  const { port, calls } = fakePort();
  const t = await openSerialTransport(SETTINGS, () => port);
  await t.write(Uint8Array.of(0x06));
  await t.setBaudRate(9600);
  assert.deepEqual(
    calls.map((c) => c.what),
    ["write"],
  );
});

test("a new speed is set only after the bytes written have had their time on the line", async () => {
  const { port, calls } = fakePort();
  const t = await openSerialTransport({ ...SETTINGS, baudRate: 300 }, () => port);
  await t.write(new Uint8Array(3)); // 3 bytes at 300 baud, 8N1: 100 ms on the line
  await t.setBaudRate(9600);
  const [write, update] = calls;
  assert.equal(update?.what, "update");
  assert.equal(update?.rate, 9600);
  assert.ok(
    (update?.at ?? 0) - (write?.at ?? 0) >= 100,
    `updated ${((update?.at ?? 0) - (write?.at ?? 0)).toFixed(1)} ms after the write`,
  );
  await t.setBaudRate(9600);
  assert.equal(calls.filter((c) => c.what === "update").length, 1, "and not again for the same speed");
});
