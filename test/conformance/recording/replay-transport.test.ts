import { test } from "node:test";
import assert from "node:assert/strict";
import { TransportError } from "../../../harness/errors";
import { overlayPixit, PIXIT_DEFAULTS } from "../../../harness/conformance/pixit";
import { pixitRedactor } from "../../../harness/conformance/pixit-redactor";
import { parseMaskedHex, type ConnectionEvent } from "../../../harness/conformance/recording/recording-format";
import { KeyForms } from "../../../harness/conformance/recording/recording-keys";
import { ReplayClock } from "../../../harness/transport/replay-clock";
import { ReplayConnection, replayBytes, replayEndpoint } from "../../../harness/conformance/recording/replay-transport";

const PIXIT = overlayPixit(PIXIT_DEFAULTS, { keys: { master: { text: "SIM-MASTER-KEY" } } });
const PADDED_MK = Uint8Array.from([...Buffer.from("SIM-MASTER-KEY", "latin1"), 0, 0, 0, 0, 0, 0]);

const tx = (t: number, hex: string, extra: object = {}): ConnectionEvent => ({
  dir: "tx",
  t,
  done: t + 1,
  bytes: parseMaskedHex(hex, "test"),
  ...extra,
});
const rx = (t: number, hex: string, extra: object = {}): ConnectionEvent => ({
  dir: "rx",
  t,
  bytes: parseMaskedHex(hex, "test"),
  ...extra,
});

/** On a clock that starts at 0, so that recorded times read exactly. */
function replay(events: ConnectionEvent[], clock = new ReplayClock(() => performance.now(), 0)) {
  const origin = clock.now();
  const divergences: TransportError[] = [];
  const c = new ReplayConnection({
    events,
    origin,
    opened: 0,
    clock,
    keys: new KeyForms(PIXIT),
    redactor: pixitRedactor(PIXIT),
    where: "connection 1 of f:3",
    diverged: (e) => divergences.push(e),
  });
  const received: { bytes: Uint8Array; at: number }[] = [];
  const closed: (TransportError | null)[] = [];
  const port = replayBytes(c, "replay of x");
  port.setListener({
    data: (bytes) => received.push({ bytes, at: clock.now() - origin }),
    closed: (e) => closed.push(e),
  });
  return { port, received, closed, divergences, clock, origin };
}

const settle = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** The harness waits on a time-out of its own until `at` on the replay's clock. */
const waitUntil = (clock: ReplayClock, at: number) => new Promise((r) => clock.timerAt(at, () => r(null), "harness"));

/** Waits for what a timer of the replay brings, however loaded the machine. */
async function eventually(check: () => boolean): Promise<void> {
  for (const until = Date.now() + 5000; !check(); await settle()) if (Date.now() > until) throw new Error("timed out");
}

test("writes are compared as one stream however they are cut, and the device's answer comes only once the writes before it are complete", async () => {
  const { port, received, clock, origin } = replay([tx(0, "ee 00 01 02"), rx(40, "06 ee"), rx(45, "00")]);
  await port.write(Uint8Array.of(0xee, 0x00));
  await waitUntil(clock, origin + 60);
  assert.equal(received.length, 0, "half a request gets no answer, though the clock is past the answer's time");
  await port.write(Uint8Array.of(0x01, 0x02));
  const wrote = clock.now() - origin;
  await eventually(() => received.length === 2);
  assert.deepEqual(
    received.map((r) => [...r.bytes]),
    [[0x06, 0xee], [0x00]],
    "each recorded chunk as it came",
  );
  assert.ok(
    received[0]!.at - wrote < 5,
    "a replay behind the recording gets the answer as soon as the request is complete, and catches up",
  );
  assert.ok(
    Math.abs(received[1]!.at - received[0]!.at - 5) < 1,
    `but the gap inside the answer is the recorded 5 ms, not ${received[1]!.at - received[0]!.at}`,
  );
});

test("the clock stands where the recording does: a write begins and ends at its recorded times, an answer arrives at its recorded time", async () => {
  const { port, received, clock, origin } = replay([tx(200, "01", { done: 260 }), rx(300, "02")]);
  const writing = port.write(Uint8Array.of(0x01));
  assert.equal(clock.now() - origin, 200, "a jump to where the recorded write began, as the write is made");
  await writing;
  assert.equal(clock.now() - origin, 260, "the write took its recorded time on the clock");
  await eventually(() => received.length === 1);
  assert.equal(received[0]!.at, 300, "the answer at its recorded 300 ms");
});

test("the device's bytes that came while a write was under way (listed before it, as a write is recorded once complete) wait for that write: no answer before its request", async () => {
  const { port, received, clock, origin } = replay([tx(0, "01"), rx(30, "02"), tx(20, "03", { done: 40 })]);
  await port.write(Uint8Array.of(0x01));
  await waitUntil(clock, origin + 35);
  assert.equal(received.length, 0, "though the bytes' recorded time has come on the clock");
  await port.write(Uint8Array.of(0x03));
  assert.deepEqual(
    received.map((r) => [...r.bytes]),
    [[0x02]],
    "they come with the write",
  );

  // Recorded against the in-process simulator, on virtual time: every event at one time, in the order listed.
  const inProcess = replay([tx(0, "01", { done: 0 }), rx(0, "02"), tx(0, "06", { done: 0 })]);
  await inProcess.port.write(Uint8Array.of(0x01));
  await eventually(() => inProcess.received.length === 1);
  await inProcess.port.write(Uint8Array.of(0x06));
  assert.equal(inProcess.divergences.length, 0);
});

test("a replay waits in real time neither for the line nor for the device: a write of 20 s and an answer 60 s after it are skipped to while the harness waits on its time-out", async () => {
  const { port, received, clock, origin } = replay([tx(0, "01", { done: 20_000 }), rx(80_000, "02")]);
  const t0 = performance.now();
  await port.write(Uint8Array.of(0x01));
  assert.equal(clock.now() - origin, 20_000);
  await waitUntil(clock, origin + 200_000);
  assert.deepEqual(
    received.map((r) => r.at),
    [80_000],
    "the answer came at its recorded time, before the time-out",
  );
  assert.ok(performance.now() - t0 < 30_000, "skipped, not slept");
});

test("before the harness's next write its own work runs the clock on, up to the write's recorded time (a value it computes from the clock just before it writes is the recorded one)", async () => {
  const real = { ms: 0 };
  const clock = new ReplayClock(() => real.ms);
  const { port, received, origin } = replay([tx(0, "01"), rx(10, "02"), tx(500, "03")], clock);
  await port.write(Uint8Array.of(0x01));
  await eventually(() => received.length === 1);
  assert.equal(clock.now() - origin, 10);
  real.ms += 100;
  assert.equal(clock.now() - origin, 110, "the work after the answer takes its time");
  real.ms += 5000;
  assert.equal(clock.now() - origin, 500, "but no more than up to the recorded write");
  await port.write(Uint8Array.of(0x03));
  assert.equal(clock.now() - origin, 501, "the write, recorded from 500 to 501 ms");
});

test("the first differing byte ends the connection: the offset, the recorded byte and the one sent, once; nothing more is answered", async () => {
  const { port, received, divergences } = replay([tx(0, "ee 00"), tx(1, "01 02 03"), rx(5, "06")]);
  await port.write(Uint8Array.of(0xee, 0x00, 0x01));
  const e = await port.write(Uint8Array.of(0x09)).then(
    () => null,
    (x: unknown) => x,
  );
  assert.ok(e instanceof TransportError && e.code === "OSGP_ERR_REPLAY_MISMATCH");
  assert.equal(e.offset, 3);
  assert.match(
    e.message,
    /connection 1 of f:3: .*at byte 3 of what it wrote on this connection \(byte 1 of the write recorded at t = 1 ms\) the recording has 02, the harness sent 09/,
  );
  assert.match(e.message, /recorded: \[01 02 03\]\n {2}sent: {5}\[09\]/);
  await assert.rejects(
    port.write(Uint8Array.of(0x02)),
    (x: unknown) => x === e,
    "the connection stays failed with the first difference",
  );
  assert.equal(divergences.length, 1);
  await settle(20);
  assert.equal(received.length, 0);
});

test("a key placeholder matches the PIXIT's key byte, never shows it, and is put back into the device's bytes", async () => {
  const ok = replay([tx(0, "ee <master 20>"), rx(2, "<master 14> 06")]);
  await ok.port.write(Uint8Array.of(0xee, ...PADDED_MK));
  await eventually(() => ok.received.length === 1);
  assert.deepEqual([...(ok.received[0]?.bytes ?? [])], [...PADDED_MK.subarray(0, 14), 0x06]);

  const wrong = replay([tx(0, "ee <master 20>")]);
  const e = await wrong.port
    .write(Uint8Array.of(0xee, ...Buffer.from("WRONG-PASSWORD-KEY!!", "latin1")))
    .catch((x: unknown) => x as TransportError);
  assert.match(
    String(e),
    /the recording has byte 0 of <master 20> \(the 20-byte form of the PIXIT's master key\), the harness sent another byte/,
  );
  assert.match(String(e), /recorded: \[ee <master 20>\]/);
  assert.ok(!String(e).includes("53 49 4d") && !String(e).includes("SIM-"), "the key is not in the message");
});

test("a write where the device spoke, after the recording ends, or a close with writes still to come, each leaves the recording", async () => {
  const ended = replay([tx(0, "01")]);
  await ended.port.write(Uint8Array.of(0x01));
  await assert.rejects(
    ended.port.write(Uint8Array.of(0x02)),
    /wrote 1 more byte\(s\) \(from byte 1\) where the recording has nothing more/,
  );

  const early = replay([tx(0, "01"), tx(1, "02 03")]);
  await early.port.write(Uint8Array.of(0x01));
  await early.port.close();
  assert.match(
    early.divergences[0]?.message ?? "",
    /closed the connection where the recording has a write at t = 1 ms \(1 more write\(s\)/,
  );
  assert.deepEqual(early.closed, [null], "the harness's own close");
});

test("line speed changes are part of what the harness must do as recorded", async () => {
  const { port } = replay([tx(0, "01"), { dir: "baud", t: 1, rate: 19200 }, tx(2, "02")]);
  await port.write(Uint8Array.of(0x01));
  await assert.rejects(
    port.setBaudRate(9600),
    /switched the line to 9600 baud where the recording has a switch to 19200 baud/,
  );
  const again = replay([tx(0, "01"), { dir: "baud", t: 1, rate: 19200 }, tx(2, "02")]);
  await again.port.write(Uint8Array.of(0x01));
  await again.port.setBaudRate(19200);
  await again.port.write(Uint8Array.of(0x02));
  assert.equal(again.divergences.length, 0);
});

test("a lost link and a failed write replay as they happened", async () => {
  const lost = replay([
    tx(0, "01"),
    { dir: "lost", t: 3, error: { code: "OSGP_ERR_PORT_CLOSED", detail: "unplugged" } },
  ]);
  await lost.port.write(Uint8Array.of(0x01));
  await eventually(() => lost.closed.length === 1);
  assert.equal(lost.closed[0]?.code, "OSGP_ERR_PORT_CLOSED");
  await assert.rejects(
    lost.port.write(Uint8Array.of(0x02)),
    (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_CLOSED",
  );
  assert.equal(
    lost.divergences.length,
    0,
    "a write to a closed port fails as on a real one; the recording is still followed",
  );

  const after = replay([
    tx(0, "01"),
    { dir: "lost", t: 3, error: { code: "OSGP_ERR_PORT_CLOSED", detail: "unplugged" } },
    tx(4, "02", { error: { code: "OSGP_ERR_PORT_CLOSED", detail: "closed" } }),
  ]);
  await after.port.write(Uint8Array.of(0x01));
  await eventually(() => after.closed.length === 1);
  await assert.rejects(
    after.port.write(Uint8Array.of(0x02)),
    /OSGP_ERR_PORT_CLOSED: closed/,
    "the write the recorded harness tried after the loss, failing as it did",
  );
  await after.port.close();
  assert.equal(after.divergences.length, 0);

  const failed = replay([
    tx(0, "01", { error: { code: "OSGP_ERR_PORT_WRITE", detail: "no answer from the operating system" } }),
  ]);
  await assert.rejects(
    failed.port.write(Uint8Array.of(0x01)),
    (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_WRITE",
  );
});

test("datagrams: each must be the recorded one, whole and to the recorded peer; answers come from the recorded peer", async () => {
  const clock = new ReplayClock(() => performance.now(), 0);
  const make = (events: ConnectionEvent[]) => {
    const c = new ReplayConnection({
      events,
      origin: clock.now(),
      opened: 0,
      clock,
      keys: new KeyForms(PIXIT),
      redactor: pixitRedactor(PIXIT),
      where: "connection 1 of p:9",
      diverged: () => undefined,
    });
    return replayEndpoint(c, "replay of udp", { address: "127.0.0.1", port: 40000 });
  };
  const events = [tx(0, "01 02", { peer: "127.0.0.1:1628" }), rx(1, "03", { peer: "127.0.0.1:1628" })];
  const good = make(events);
  const got: { bytes: number[]; from: string }[] = [];
  good.setListener({
    datagram: (b, from) => got.push({ bytes: [...b], from: `${from.address}:${from.port}` }),
    closed: () => undefined,
  });
  await good.send(Uint8Array.of(0x01, 0x02), { address: "127.0.0.1", port: 1628 });
  await eventually(() => got.length === 1);
  assert.deepEqual(got, [{ bytes: [0x03], from: "127.0.0.1:1628" }]);
  await assert.rejects(
    make(events).send(Uint8Array.of(0x01, 0x02), { address: "127.0.0.1", port: 1629 }),
    /sent a datagram to 127.0.0.1:1629; the recorded one went to 127.0.0.1:1628/,
  );
  await assert.rejects(
    make(events).send(Uint8Array.of(0x01), { address: "127.0.0.1", port: 1628 }),
    /a datagram of 1 byte\(s\); the recorded one has 2, the same up to there/,
  );
});
