import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { LogonHoldOff } from "../../harness/conformance/logon-hold-off";
import { overlayPixit } from "../../harness/conformance/pixit";
import { SessionKeeper } from "../../harness/conformance/session-keeper";
import { simulatorPixit } from "../../harness/conformance/target";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { OsgpError } from "../../harness/errors";
import { ACK } from "../../harness/link/c1218/packet";
import type { Link, LinkSession, Resumption } from "../../harness/links/link-contract";
import { MEP_LINK } from "../../harness/links/mep/mep-link";
import { OPTICAL_LINK } from "../../harness/links/optical/optical-link";
import type { BytePort } from "../../harness/links/target-port";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { Redactor } from "../../harness/security/redactor";
import { LogonLimit } from "../../harness/simulator/logon-limit";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultMepKeys, MepPort } from "../../harness/simulator/mep-port";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { createInProcessPair } from "../../harness/transport/in-process";

/**
 * A session kept between scenarios (session-keeper.ts) that the device has ended meanwhile, shown
 * with the reference meter behind its real ports in process: the keeper hands the session over,
 * and the "next scenario" sends its first request over it. Short time-outs keep the file fast.
 */
const PIXIT = overlayPixit(
  simulatorPixit(profileNamed("reference")),
  {
    link: { ackTimeoutMs: 100, retries: 1 },
    session: { responseTimeoutMs: 300 },
    mep: { responseTimeoutMs: 150, retries: 1 },
  },
  "test",
);
/** The limits of a PIXIT that trusts the device to hold a silent session longer than it does. */
const TRUSTING = { maxIdleMs: 60_000, maxAgeMs: 600_000 };

interface Bench {
  readonly port: BytePort;
  /** The device end of every connection made so far, in order. */
  readonly devices: ByteTransport[];
}

/** The meter behind its optical port (or MEP port), a fresh port per connection as on a bench. */
function bench(
  t: TestContext,
  kind: "optical" | "mep",
  o: { channelTrafficTimeoutMs?: number; logonLimit?: LogonLimit } = {},
): Bench {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const devices: ByteTransport[] = [];
  const closers: (() => Promise<void>)[] = [];
  t.after(async () => {
    for (const c of closers) await c().catch(() => undefined);
  });
  const port: BytePort = {
    kind: "bytes",
    connect: async () => {
      const [client, device] = createInProcessPair();
      devices.push(device);
      const served =
        kind === "optical"
          ? new OpticalPort(device, {
              meter,
              keys: defaultOpticalKeys(),
              link: PIXIT.link,
              channelTrafficTimeoutMs: o.channelTrafficTimeoutMs ?? 6000,
              ...(o.logonLimit === undefined ? {} : { logonLimit: o.logonLimit }),
            })
          : new MepPort(device, { meter, keys: defaultMepKeys() });
      closers.push(
        () => served.close(),
        () => client.close(),
      );
      return client;
    },
    close: async () => undefined,
  };
  return { port, devices };
}

/** The device stops reading its port: a meter switched off, its optical port asleep. */
function silence(device: ByteTransport): void {
  device.setListener({ data: () => undefined, closed: () => undefined });
}

/** The device acknowledges every packet and answers none. */
function ackOnly(device: ByteTransport): void {
  device.setListener({
    data: (chunk) => void (chunk[0] === 0xee ? device.write(Uint8Array.of(ACK)) : undefined),
    closed: () => undefined,
  });
}

async function openKept(link: Link, b: Bench, keeper: SessionKeeper): Promise<LinkSession> {
  const s = await link.open(b.port, "reader", { pixit: PIXIT, redactor: new Redactor(), ...keeper.relay() });
  const first = await s.client.readFull(BT01);
  assert.ok("data" in first, "the session serves before it is kept");
  await keeper.keep({ session: s, role: "reader", openedAt: Date.now() }, Date.now());
  return s;
}

const notes = (s: LinkSession, from: number) =>
  s.trace
    .entries(from)
    .filter((e) => e.direction === "note")
    .map((e) => e.summary);
const packetsSent = (s: LinkSession, from: number) =>
  s.trace.entries(from).filter((e) => e.direction === "tx" && e.kind === "packet" && !/retransmission/.test(e.summary));

test("a kept session the device still holds costs the next scenario nothing but its own request", async (t) => {
  const b = bench(t, "optical");
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(OPTICAL_LINK, b, keeper);
  const taken = await keeper.take("reader", Date.now());
  assert.equal(taken?.session, s);
  const from = s.trace.length;
  const r = await s.client.readFull(BT01);
  assert.ok("data" in r);
  assert.equal(packetsSent(s, from).length, 1, "one request on the wire, no check sent before it");
  assert.equal(b.devices.length, 1, "no new connection");
  await keeper.close();
});

test("optical: a session the device ended for its time-out is opened again at the first request, which is sent again", async (t) => {
  const b = bench(t, "optical", { channelTrafficTimeoutMs: 150 });
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(OPTICAL_LINK, b, keeper);
  await sleep(300); // the gap between scenarios, longer than the device's 150 ms
  const reopenings: string[] = [];
  const taken = await keeper.take("reader", Date.now(), (open) => {
    reopenings.push("reopened");
    return open();
  });
  assert.equal(taken?.session, s, "the keeper could not know: the PIXIT says the device waits longer");
  const from = s.trace.length;
  const r = await s.client.readFull(BT01);
  assert.ok("data" in r, "the request, sent again on the fresh session, is answered");
  assert.deepEqual(reopenings, ["reopened"], "the reopening ran as any opening runs (the logon hold-off applies)");
  assert.equal(b.devices.length, 2, "a fresh connection");
  assert.ok(
    notes(s, from).some((n) => /had ended \(the device answered isss.*not executed; a fresh session/.test(n)),
    notes(s, from).join("\n"),
  );
  const answered = s.trace.entries(from).filter((e) => e.direction === "rx" && /isss/.test(e.summary));
  assert.equal(answered.length, 1, "the first answer was the device's isss");
  await keeper.keep({ session: s, role: "reader", openedAt: Date.now() }, Date.now());
  assert.equal((await keeper.take("reader", Date.now()))?.session, s, "the reopened session goes on being kept");
  await keeper.close();
});

test("optical: a device that acknowledges nothing did not take the request: a fresh session, the request again", async (t) => {
  const b = bench(t, "optical");
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(OPTICAL_LINK, b, keeper);
  silence(b.devices[0] as ByteTransport);
  await keeper.take("reader", Date.now());
  const from = s.trace.length;
  const r = await s.client.readFull(BT01);
  assert.ok("data" in r);
  assert.ok(notes(s, from).some((n) => /acknowledged none of its packets/.test(n)));
  assert.equal(b.devices.length, 2);
  await keeper.close();
});

test("optical: acknowledged and never answered, the request may have run: inconclusive, and the session is not kept", async (t) => {
  const b = bench(t, "optical");
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(OPTICAL_LINK, b, keeper);
  ackOnly(b.devices[0] as ByteTransport);
  await keeper.take("reader", Date.now());
  const e = await s.client.readFull(BT01).then(
    () => assert.fail("answered"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof OsgpError && e.code === "OSGP_ERR_RESPONSE_TIMEOUT", String(e));
  assert.match(e.message, /kept from an earlier scenario .*whether it executed the request is unknown/);
  assert.equal(b.devices.length, 1, "not sent again");
  // Even a scenario that ends cleanly (one that expected silence) hands back a session of unknown state.
  await keeper.keep({ session: s, role: "reader", openedAt: Date.now() }, Date.now());
  assert.equal(await keeper.take("reader", Date.now()), null);
});

test("MEP: no answer to the first request over a kept session leaves it unknown, and says so", async (t) => {
  const b = bench(t, "mep");
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(MEP_LINK, b, keeper);
  silence(b.devices[0] as ByteTransport);
  await keeper.take("reader", Date.now());
  const e = await s.client.readFull(BT01).then(
    () => assert.fail("answered"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof OsgpError && e.code === "OSGP_ERR_MEP_NO_RESPONSE", String(e));
  assert.match(e.message, /kept from an earlier scenario/);
  await keeper.keep({ session: s, role: "reader", openedAt: Date.now() }, Date.now());
  assert.equal(await keeper.take("reader", Date.now()), null);
});

test("optical: a reopening the device refuses for its logon hold-off is the hold-off's inconclusive", async (t) => {
  const limit = new LogonLimit({ logons: 1, windowMs: 60_000, holdOffMs: 60_000 });
  const b = bench(t, "optical", { channelTrafficTimeoutMs: 150, logonLimit: limit });
  const keeper = new SessionKeeper(TRUSTING);
  const s = await openKept(OPTICAL_LINK, b, keeper);
  await sleep(300);
  const holdOff = new LogonHoldOff({ seconds: 300, codes: ["bsy"] });
  const reopening: Resumption["reopening"] = (open) =>
    open().catch((e: unknown) => {
      throw holdOff.judge(e, Date.now());
    });
  await keeper.take("reader", Date.now(), reopening);
  const e = await s.client.readFull(BT01).then(
    () => assert.fail("answered"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof Inconclusive, String(e));
  assert.match(e.message, /logon with bsy \(0x06\)/);
  assert.ok(holdOff.waitMs(Date.now()) > 299_000, "the hold-off began");
});
