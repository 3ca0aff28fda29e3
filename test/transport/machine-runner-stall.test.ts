import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect, type Socket } from "node:net";
import { once } from "node:events";
import { MachineRunner } from "../../harness/transport/machine-runner";
import type { ByteTransport, TransportListener } from "../../harness/transport/byte-transport";
import type { SansIoMachine } from "../../harness/link/sans-io-machine";

/** A port over a real socket, so that bytes come through the event loop's I/O phase as a serial port's do. */
function socketTransport(socket: Socket): ByteTransport {
  return {
    description: "test socket",
    write: (bytes) => new Promise((resolve) => socket.write(bytes, () => resolve())),
    setListener: (l: TransportListener) => socket.on("data", (b: Buffer) => l.data(new Uint8Array(b))),
    setBaudRate: () => Promise.resolve(),
    close: () => new Promise((resolve) => socket.end(resolve)),
  };
}

/** Waits for one byte until a deadline: "byte" if it came, "silence" if the deadline passed first. */
class OneByte implements SansIoMachine<string> {
  private deadline: number | undefined;
  constructor(now: number, ms: number) {
    this.deadline = now + ms;
  }
  receive(): string[] {
    if (this.deadline === undefined) return [];
    this.deadline = undefined;
    return ["byte"];
  }
  tick(now: number): string[] {
    if (this.deadline === undefined || now <= this.deadline) return [];
    this.deadline = undefined;
    return ["silence"];
  }
  nextDeadline(): number | undefined {
    return this.deadline;
  }
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Both ends of a loopback TCP connection: `peer` plays the device, `ours` is the port the runner reads. */
async function socketPair(t: TestContext): Promise<{ peer: Socket; ours: Socket }> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => server.close());
  const peer = connect((server.address() as { port: number }).port, "127.0.0.1");
  const [ours] = (await once(server, "connection")) as [Socket];
  await once(peer, "connect");
  t.after(() => {
    peer.destroy();
    ours.destroy();
  });
  return { peer, ours };
}

test("a byte the peer sent in time, read only after this process stalled past the deadline, is not taken for silence", async (t) => {
  const { peer, ours } = await socketPair(t);

  const events: string[] = [];
  const runner = new MachineRunner(socketTransport(ours), new OneByte(performance.now(), 30), {
    events: (e) => events.push(...e),
    closed: () => undefined,
  });
  runner.act(() => []);
  // The peer's byte leaves at 5 ms, well inside the 30 ms; then this process stalls for 80 ms.
  await new Promise((resolve) => setTimeout(resolve, 5));
  peer.write(Uint8Array.of(0x42));
  busyWait(80);
  await new Promise((resolve) => setTimeout(resolve, 50));
  runner.stop();
  assert.deepEqual(events, ["byte"]);
});

test("a peer that stays silent past the deadline is still silent after a stall", async (t) => {
  const { ours } = await socketPair(t);
  const events: string[] = [];
  const runner = new MachineRunner(socketTransport(ours), new OneByte(performance.now(), 30), {
    events: (e) => events.push(...e),
    closed: () => undefined,
  });
  runner.act(() => []);
  busyWait(80);
  await new Promise((resolve) => setTimeout(resolve, 50));
  runner.stop();
  assert.deepEqual(events, ["silence"]);
});
