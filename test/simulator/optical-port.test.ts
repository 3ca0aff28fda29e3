import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeLinkRequest, type LinkServiceRequest } from "../../harness/link/c1218/link-services";
import type { LinkConfig } from "../../harness/link/c1218/link-state-machine";
import { ACK, decodePacket } from "../../harness/link/c1218/packet";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01, decodeManufacturerIdentification } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { BT07 } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { BT52 } from "../../harness/protocol/tables/bt52-clock";
import { Secret } from "../../harness/security/secret";
import { OpticalSession, type OpticalSessionSettings } from "../../harness/session/optical-session";
import type { DefectName } from "../../harness/simulator/defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { createInProcessPair } from "../../harness/transport/in-process";
import { packetOf, RawC1218Client } from "./raw-c1218-client";

const { ok, err, sns, isc, rno, isss } = RESPONSE_CODE;
// Short time-outs so that the file runs in seconds; retries 1 keeps a failing exchange short too.
const LINK: LinkConfig = { identity: 0, ackTimeoutMs: 100, interCharTimeoutMs: 50, retries: 1 };
const SETTINGS: OpticalSessionSettings = {
  link: LINK,
  responseTimeoutMs: 300,
  wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
  negotiate: { packetSize: 64, packetCount: 2, baudRate: null },
  logon: { userId: 0, user: "TEST" },
  minRequestIntervalMs: 0,
};
// The documented default keys (optical-keys.ts); a client pads them with 0x00 to 20 bytes.
const RK = Secret.fromText("SIM-READER-KEY", "RK");
const WRONG = Secret.fromText("SIM-READER-KEX", "not a key");

const IDENTIFY = encodeLinkRequest({ service: "identify" });
const LOGON = encodeLinkRequest({ service: "logon", userId: 0, user: "RAW" });
const TERMINATE = encodeLinkRequest({ service: "terminate" });
const READ_BT01 = encodeTableRequest({ service: "full-read", tableId: BT01 }, C1218_TABLE_CODEC);
const negotiate = (packetSize: number, packetCount: number) =>
  encodeLinkRequest({ service: "negotiate", packetSize, packetCount, baudCodes: [] } satisfies LinkServiceRequest);

/** A reference meter behind its optical port on one end of an in-process pair; both ends closed after the test. */
function portOf(
  t: TestContext,
  opts: { defects?: DefectName[]; channelTrafficTimeoutMs?: number } = {},
): ByteTransport {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects: opts.defects ?? [] });
  const port = new OpticalPort(device, {
    meter,
    keys: defaultOpticalKeys(),
    link: LINK,
    channelTrafficTimeoutMs: opts.channelTrafficTimeoutMs ?? 6000,
  });
  t.after(async () => {
    await port.close();
    await client.close();
  });
  return client;
}

/** A normal client can still open a session and read BT01: the port survived what came before. */
async function stillServes(client: ByteTransport): Promise<void> {
  const session = new OpticalSession(client, SETTINGS);
  try {
    await session.open(RK);
    const r = await session.readFull(BT01);
    assert.ok("data" in r, `BT01 read answered ${r.code}`);
    const id = decodeManufacturerIdentification(r.data, "bcd");
    assert.ok(id.ok && id.value.serialNumber === profileNamed("reference").identity.serialNumber);
  } finally {
    await session.close();
  }
}

// --- robustness: the port keeps serving after bad input -------------------------------------

test("line garbage gets no answer, and the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  await raw.send([0x12, 0x34, 0x56, 0x00, 0xff, 0x55]);
  assert.deepEqual(await raw.quiet(150), []);
  await stillServes(client);
});

test("a packet with a wrong CRC is NAKed (0x15) and not answered; the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  const bad = packetOf(IDENTIFY, true);
  bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
  await raw.send(bad);
  assert.equal((await raw.next()).kind, "nak");
  assert.deepEqual(await raw.quiet(150), []);
  await stillServes(client);
});

test("a header with an impossible length (8192 > 8183) is NAKed at once; the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  // A good packet right behind the bad header: it is answered only if the header was dropped
  // for its length, rather than taken as the start of 8192 data bytes.
  await raw.send([0xee, 0x00, 0x00, 0x00, 0x20, 0x00, ...packetOf(IDENTIFY, true)]);
  assert.deepEqual(
    [(await raw.next()).kind, (await raw.next()).kind, (await raw.next()).kind],
    ["nak", "ack", "packet"],
  );
  await raw.send([ACK]);
  assert.deepEqual(await raw.quiet(150), []);
  await stillServes(client);
});

test("a packet cut short, then silence beyond the inter-character time-out, is NAKed; the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  await raw.send(packetOf(IDENTIFY, true).subarray(0, 5));
  const nak = await raw.next(LINK.interCharTimeoutMs + 300);
  assert.equal(nak.kind, "nak");
  assert.deepEqual(await raw.quiet(100), []);
  await stillServes(client);
});

test("9.9: an unknown service code is answered sns (0x02) in a valid packet; the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  assert.deepEqual(await raw.request([0x99]), Uint8Array.of(sns));
  await stillServes(client);
});

test("a table request cut short is err (0x01); the session goes on, and the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  assert.equal((await raw.request(IDENTIFY))[0], ok);
  assert.equal((await raw.request(LOGON))[0], ok);
  assert.deepEqual(await raw.request(READ_BT01.subarray(0, 2)), Uint8Array.of(err));
  assert.equal((await raw.request(READ_BT01))[0], ok, "the same session still reads");
  assert.equal((await raw.request(TERMINATE))[0], ok);
  await stillServes(client);
});

test("a table service before logon is isss (0x0a), in base and identified state; the port keeps serving", async (t) => {
  const client = portOf(t);
  const raw = new RawC1218Client(client);
  assert.deepEqual(await raw.request(READ_BT01), Uint8Array.of(isss));
  assert.equal((await raw.request(IDENTIFY))[0], ok);
  assert.deepEqual(await raw.request(READ_BT01), Uint8Array.of(isss));
  await stillServes(client);
});

// --- C12.18 service sequence ----------------------------------------------------------------

test("negotiate is allowed in the identified state only: isss in base and in a session", async (t) => {
  const raw = new RawC1218Client(portOf(t));
  assert.deepEqual(await raw.request(negotiate(64, 1)), Uint8Array.of(isss), "base");
  assert.equal((await raw.request(IDENTIFY))[0], ok);
  assert.equal((await raw.request(LOGON))[0], ok);
  assert.deepEqual(await raw.request(negotiate(64, 1)), Uint8Array.of(isss), "session");
  assert.deepEqual(await raw.request(encodeLinkRequest({ service: "logoff" })), Uint8Array.of(ok));
  assert.equal((await raw.request(negotiate(64, 1)))[0], ok, "identified");
});

test("security with a wrong password is err and leaves the level at none: BT52 then gets isc", async (t) => {
  const session = new OpticalSession(portOf(t), SETTINGS);
  assert.equal((await session.identify()).code, ok);
  assert.equal((await session.logon()).code, ok);
  assert.equal((await session.security(WRONG)).code, err);
  assert.equal((await session.readFull(BT52)).code, isc);
  // The right key does open BT52, so the isc above was the level, not the table.
  assert.equal((await session.security(RK)).code, ok);
  assert.equal((await session.readFull(BT52)).code, ok);
  // A wrong password after a right one drops the level back to none.
  assert.equal((await session.security(WRONG)).code, err);
  assert.equal((await session.readFull(BT52)).code, isc);
  await session.close();
});

test("logoff returns to the identified state (table services isss, logon again ok); terminate to base", async (t) => {
  const session = new OpticalSession(portOf(t), SETTINGS);
  await session.open(RK);
  assert.equal((await session.logoff()).code, ok);
  assert.equal((await session.readFull(BT01)).code, isss);
  assert.equal((await session.logon()).code, ok);
  assert.equal((await session.readFull(BT01)).code, ok);
  assert.equal((await session.readFull(BT52)).code, isc, "a new logon starts without a key");
  assert.equal((await session.terminate()).code, ok);
  assert.equal((await session.logon()).code, isss, "after terminate, logon needs identification first");
  assert.equal((await session.identify()).code, ok);
  assert.equal((await session.logon()).code, ok);
  await session.close();
});

test("the channel traffic time-out: messages closer than it keep the session; silence beyond it returns the port to base", async (t) => {
  const timeout = 300;
  const session = new OpticalSession(portOf(t, { channelTrafficTimeoutMs: timeout }), SETTINGS);
  await session.open(RK);
  // Together longer than the time-out, each gap well inside it: every message restarts the timer.
  for (let i = 0; i < 4; i++) {
    await sleep(timeout / 3);
    assert.equal((await session.readFull(BT01)).code, ok, `read ${i} after ${timeout / 3} ms`);
  }
  await sleep(timeout + 200);
  assert.equal((await session.readFull(BT01)).code, isss);
  assert.equal((await session.logon()).code, isss, "base state: identification comes first");
  assert.equal((await session.identify()).code, ok);
  await session.close();
});

// --- negotiation ----------------------------------------------------------------------------

test("negotiation grants min(asked, profile maximum) for packet size and count, and the grant applies", async (t) => {
  const max = profileNamed("reference").maxPacketLimits;
  assert.deepEqual(max, { packetSize: 256, packetCount: 4 });
  const cases = [
    { ask: [1024, 8], grant: [256, 4] },
    { ask: [1024, 2], grant: [256, 2] },
    { ask: [100, 8], grant: [100, 4] },
    { ask: [100, 2], grant: [100, 2] },
  ] as const;
  // BT07 is 3 + 255 bytes (maxProcParamLength 255), so its full read answers 1 + 2 + 258 + 1 bytes.
  const bt07Response = 1 + 2 + 258 + 1;
  for (const { ask, grant } of cases) {
    const session = new OpticalSession(portOf(t), {
      ...SETTINGS,
      negotiate: { packetSize: ask[0], packetCount: ask[1], baudRate: null },
    });
    await session.wake();
    assert.equal((await session.identify()).code, ok);
    const n = await session.negotiate();
    assert.deepEqual([n.code, n.packetSize, n.packetCount], [ok, grant[0], grant[1]], `asked ${ask.join(" x ")}`);
    assert.equal((await session.logon()).code, ok);
    assert.equal((await session.security(RK)).code, ok);
    // The port answers within what it granted: a 262-byte response needs (size - 8) x count >= 262.
    const fits = (grant[0] - 8) * grant[1] >= bt07Response;
    const r = await session.readFull(BT07);
    assert.equal(r.code, fits ? ok : rno, `BT07 read after granting ${grant.join(" x ")}`);
    await session.close();
  }
});

// --- link-level defects and duplicates ------------------------------------------------------

/** identify, logon, read BT01 by hand; what decodePacket says of each response packet the port wrote. */
async function responsePackets(t: TestContext, defects: DefectName[]): Promise<(string | null)[]> {
  const raw = new RawC1218Client(portOf(t, { defects }));
  const out: (string | null)[] = [];
  for (const request of [IDENTIFY, LOGON, READ_BT01]) {
    await raw.send(packetOf(request, raw.toggle));
    raw.toggle = !raw.toggle;
    assert.equal((await raw.next()).kind, "ack");
    const frame = await raw.next();
    assert.equal(frame.kind, "packet");
    const d = decodePacket(frame.bytes);
    out.push(d.ok ? null : d.error.code);
    await raw.send([ACK]); // take it anyway, so that the port moves on rather than repeat it
  }
  return out;
}

test("defect bad-response-crc (9.1): every response packet fails its CRC; without it every one passes", async (t) => {
  assert.deepEqual(await responsePackets(t, []), [null, null, null]);
  assert.deepEqual(await responsePackets(t, ["bad-response-crc"]), [
    "OSGP_ERR_FRAME_CRC",
    "OSGP_ERR_FRAME_CRC",
    "OSGP_ERR_FRAME_CRC",
  ]);
});

test("defect unknown-service-wrong-code (9.9): an unknown service is answered err instead of sns", async (t) => {
  assert.deepEqual(await new RawC1218Client(portOf(t)).request([0x99]), Uint8Array.of(sns));
  assert.deepEqual(
    await new RawC1218Client(portOf(t, { defects: ["unknown-service-wrong-code"] })).request([0x99]),
    Uint8Array.of(err),
  );
});

test("a request packet received twice (our ACK was lost) is ACKed twice but answered once", async (t) => {
  const raw = new RawC1218Client(portOf(t));
  const request = packetOf(IDENTIFY, raw.toggle);
  raw.toggle = !raw.toggle;
  await raw.send(request);
  assert.equal((await raw.next()).kind, "ack");
  assert.equal((await raw.next()).kind, "packet");
  await raw.send([ACK]);
  // The same bytes again, as a client whose ACK from the port was lost would send them.
  await raw.send(request);
  assert.deepEqual(
    (await raw.quiet(300)).map((f) => f.kind),
    ["ack"],
  );
  // The next new packet (toggle flipped) is answered as usual.
  assert.equal((await raw.request(IDENTIFY))[0], ok);
});

test("a fault inside the meter is answered err (0x01) and logged; the port keeps serving", async (t) => {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const serve = meter.serve.bind(meter);
  let faults = 1;
  // A meter bug, simulated: the first table service throws instead of answering.
  meter.serve = (...args) => {
    if (faults-- > 0) throw new RangeError("simulated meter bug");
    return serve(...args);
  };
  const log: string[] = [];
  const port = new OpticalPort(device, {
    meter,
    keys: defaultOpticalKeys(),
    link: LINK,
    channelTrafficTimeoutMs: 6000,
    log: (l) => log.push(l),
  });
  t.after(async () => {
    await port.close();
    await client.close();
  });
  const session = new OpticalSession(client, SETTINGS);
  try {
    await session.open(RK);
    assert.deepEqual(await session.requestRaw(READ_BT01), Uint8Array.of(err));
    assert.ok(
      log.some((l) => l.includes("internal fault") && l.includes("simulated meter bug")),
      log.join("\n"),
    );
    const again = await session.readFull(BT01);
    assert.ok("data" in again, `the next read was answered ${again.code}`);
  } finally {
    await session.close();
  }
});
