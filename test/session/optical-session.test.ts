import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkError, SessionError, DecodeError } from "../../harness/errors";
import { createInProcessPair } from "../../harness/transport/in-process";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { OpticalSession, type OpticalSessionSettings } from "../../harness/session/optical-session";
import { encodePacket, ACK } from "../../harness/link/c1218/packet";
import { Secret } from "../../harness/security/secret";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { profileNamed } from "../../harness/simulator/profiles";
import { formatTrace } from "../../harness/session/trace";

const SETTINGS: OpticalSessionSettings = {
  link: { identity: 0, ackTimeoutMs: 100, interCharTimeoutMs: 50, retries: 1 },
  responseTimeoutMs: 200,
  wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
  negotiate: { packetSize: 64, packetCount: 2, baudRate: 9600 },
  logon: { userId: 0, user: "TEST" },
  minRequestIntervalMs: 0,
};

/** A device that answers every packet with a script of its own (garbage, silence, wrong frames). */
function scriptedDevice(device: ByteTransport, answer: (bytes: Uint8Array) => Uint8Array[]): void {
  device.setListener({
    data: (chunk) => {
      for (const out of answer(chunk)) void device.write(out);
    },
    closed: () => {},
  });
}

function single(data: number[]): Uint8Array {
  return encodePacket({
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle: false,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: Uint8Array.from(data),
  });
}

test("a device that answers garbage gives a typed link error, and the trace keeps the garbage", async () => {
  const [client, device] = createInProcessPair();
  scriptedDevice(device, () => [Uint8Array.of(0x12, 0x34, 0x56)]);
  const session = new OpticalSession(client, SETTINGS);
  await assert.rejects(session.identify(), (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_NO_ACK");
  const noise = session.trace.entries().filter((e) => e.direction === "rx" && e.kind === "noise");
  assert.ok(
    noise.some((e) => e.hex === "12 34 56"),
    formatTrace(session.trace.entries()),
  );
  await session.close();
});

test("a device that ACKs but never answers gives OSGP_ERR_RESPONSE_TIMEOUT with the request bytes", async () => {
  const [client, device] = createInProcessPair();
  scriptedDevice(device, (b) => (b[0] === 0xee ? [Uint8Array.of(ACK)] : []));
  const session = new OpticalSession(client, SETTINGS);
  await assert.rejects(session.identify(), (e: unknown) => {
    assert.ok(e instanceof SessionError);
    assert.equal(e.code, "OSGP_ERR_RESPONSE_TIMEOUT");
    assert.deepEqual(e.bytes, Uint8Array.of(0x20));
    return true;
  });
  await session.close();
});

test("a response that does not decode throws the DecodeError with the device's bytes", async () => {
  const [client, device] = createInProcessPair();
  // ok, count 2, data 01 02, then a checksum that does not match (0xfd would).
  scriptedDevice(device, (b) =>
    b[0] === 0xee ? [Uint8Array.of(ACK), single([0x00, 0x00, 0x02, 0x01, 0x02, 0x00])] : [],
  );
  const session = new OpticalSession(client, SETTINGS);
  await assert.rejects(
    session.readFull(1),
    (e: unknown) => e instanceof DecodeError && e.code === "OSGP_ERR_DATA_CHECKSUM" && e.bytes?.length === 6,
  );
  await session.close();
});

test("a device that answers twice: the extra answer is marked unsolicited, and the next request gets its own answer", async () => {
  const [client, device] = createInProcessPair();
  // Each answer is a new packet (its toggle bit flipped), so the link cannot drop it as a retransmission.
  let toggle = false;
  const packet = (data: number[]) => {
    const p = encodePacket({
      identity: 0,
      multiPacket: false,
      firstPacket: false,
      toggle,
      dataFormat: 0,
      reservedBits: 0,
      sequence: 0,
      data: Uint8Array.from(data),
    });
    toggle = !toggle;
    return p;
  };
  const IDENTIFIED = [0x00, 0x00, 0x02, 0x00, 0x00];
  scriptedDevice(device, (b) => {
    if (b[0] !== 0xee) return [];
    // Identification (0x20) is answered twice; Wait (0x70) once, with ok.
    return b[6] === 0x20
      ? [Uint8Array.of(ACK), packet(IDENTIFIED), packet(IDENTIFIED)]
      : [Uint8Array.of(ACK), packet([0])];
  });
  const session = new OpticalSession(client, SETTINGS);
  assert.equal((await session.identify()).code, 0);
  const entries = () => session.trace.entries().filter((e) => e.direction === "rx" && e.kind === "packet");
  await waitUntil(() => entries().length === 2);
  assert.deepEqual(
    entries().map((e) => e.summary.includes("unsolicited message")),
    [false, true],
    formatTrace(session.trace.entries()),
  );
  assert.deepEqual(await session.requestRaw(Uint8Array.of(0x70, 0x01)), Uint8Array.of(0), "Wait's own ok");
  await session.close();
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}

function reference(): { session: OpticalSession; meter: ReferenceMeter } {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: SETTINGS.link, channelTrafficTimeoutMs: 6000 });
  return { session: new OpticalSession(client, SETTINGS), meter };
}

test("against the reference meter: a read larger than one response is split into several partial reads", async () => {
  const { session } = reference();
  await session.open(Secret.fromText("SIM-READER-KEY", "RK"));
  const count = 3 * session.maxReadChunk + 5;
  const before = session.trace.length;
  const r = await session.readPartial(0, 0, count);
  assert.ok("data" in r && r.data.length === count);
  const reads = session.trace.entries(before).filter((e) => e.direction === "tx" && e.summary.includes("partial read"));
  assert.equal(reads.length, 4);
  await session.close();
});

test("the password never appears in the trace, not even in the frame's CRC", async () => {
  const { session } = reference();
  const key = Secret.fromText("SIM-MASTER-KEY", "MK");
  await session.open(key);
  const text = formatTrace(session.trace.entries());
  const hex = Array.from(key.reveal(), (b) => b.toString(16).padStart(2, "0")).join(" ");
  assert.ok(!text.includes(hex));
  const security = session.trace.entries().find((e) => e.summary.includes("security"));
  assert.ok(security !== undefined && security.redacted);
  assert.match(security.hex, /^ee 00 [0-9a-f]{2} 00 00 15 51( \*\*){22}$/, security.hex);
  await session.close();
});
