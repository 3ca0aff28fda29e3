import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { LogonHoldOff } from "../../harness/conformance/logon-hold-off";
import { overlayPixit } from "../../harness/conformance/pixit";
import { SessionKeeper } from "../../harness/conformance/session-keeper";
import { simulatorPixit } from "../../harness/conformance/target";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { LinkSession, Resumption } from "../../harness/links/link-contract";
import { OPTICAL_LINK } from "../../harness/links/optical/optical-link";
import type { BytePort } from "../../harness/links/target-port";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { ET02 } from "../../harness/protocol/tables/et02-rtc-calibration";
import { Redactor } from "../../harness/security/redactor";
import { LogonLimit } from "../../harness/simulator/logon-limit";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import type { TestFault } from "../../harness/simulator/test-faults";
import { createInProcessPair } from "../../harness/transport/in-process";

/**
 * A kept optical session that the next scenario wants under another key (session-keeper.ts,
 * LinkSession.relogon), against the reference meter behind its optical port in process. ET02 is
 * the table the reader key may not read and the master key may (the simulator's PIXIT,
 * device.readerDeniedTable): which key the device granted shows in whether it serves it.
 */
const PIXIT = overlayPixit(
  simulatorPixit(profileNamed("reference")),
  { link: { ackTimeoutMs: 100, retries: 1 }, session: { responseTimeoutMs: 300 } },
  "test",
);
const LIMITS = { maxIdleMs: 60_000, maxAgeMs: 600_000 };

interface Bench {
  readonly port: BytePort;
  /** How many connections were made so far. */
  connections: number;
}

/** The meter behind its optical port, a fresh port per connection as on a bench. */
function bench(
  t: TestContext,
  o: { channelTrafficTimeoutMs?: number; logonLimit?: LogonLimit; testFaults?: ReadonlySet<TestFault> } = {},
): Bench {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const closers: (() => Promise<void>)[] = [];
  t.after(async () => {
    for (const c of closers) await c().catch(() => undefined);
  });
  const b: Bench = {
    connections: 0,
    port: {
      kind: "bytes",
      connect: async () => {
        const [client, device] = createInProcessPair();
        b.connections++;
        const served = new OpticalPort(device, {
          meter,
          keys: defaultOpticalKeys(),
          link: PIXIT.link,
          channelTrafficTimeoutMs: o.channelTrafficTimeoutMs ?? 6000,
          ...(o.logonLimit === undefined ? {} : { logonLimit: o.logonLimit }),
          ...(o.testFaults === undefined ? {} : { testFaults: o.testFaults }),
        });
        closers.push(
          () => served.close(),
          () => client.close(),
        );
        return client;
      },
      close: async () => undefined,
    },
  };
  return b;
}

/** A reader session that has served a read, handed to the keeper as a scenario ending cleanly would. */
async function keptReader(b: Bench, keeper: SessionKeeper): Promise<LinkSession> {
  const s = await OPTICAL_LINK.open(b.port, "reader", { pixit: PIXIT, redactor: new Redactor(), ...keeper.relay() });
  const denied = await s.client.readFull(ET02);
  assert.ok(!("data" in denied) && denied.code === RESPONSE_CODE.isc, "the reader key may not read ET02");
  await keeper.keep({ session: s, role: "reader", openedAt: Date.now() }, Date.now());
  return s;
}

/** The services of the requests the session sent from trace entry `from` on, first sendings only. */
const requestsSent = (s: LinkSession, from: number) =>
  s.trace
    .entries(from)
    .filter((e) => e.direction === "tx" && e.kind === "packet" && !/retransmission/.test(e.summary))
    .map((e) => e.summary.split(" | ")[1]?.split(" ")[0])
    .filter((service) => service !== undefined);
const notes = (s: LinkSession, from: number) =>
  s.trace
    .entries(from)
    .filter((e) => e.direction === "note")
    .map((e) => e.summary);

test("optical: a kept reader session taken for the master key logs off, logs on and gives MK on the same connection", async (t) => {
  const b = bench(t);
  const keeper = new SessionKeeper(LIMITS);
  const s = await keptReader(b, keeper);
  const from = s.trace.length;
  const taken = await keeper.take("master", Date.now());
  assert.equal(taken?.session, s);
  assert.equal(taken?.role, "master");
  assert.deepEqual(requestsSent(s, from), ["logoff", "logon", "security"], "3 requests, no wake-up or identification");
  assert.equal(b.connections, 1, "the same connection");
  const r = await s.client.readFull(ET02);
  assert.ok("data" in r, "the device now serves the master key's table");
  await keeper.close();
});

test("optical: a session logged on again under MK and then dropped by the device reopens with MK", async (t) => {
  const b = bench(t, { channelTrafficTimeoutMs: 500 });
  const keeper = new SessionKeeper(LIMITS);
  const s = await keptReader(b, keeper);
  await keeper.take("master", Date.now());
  await keeper.keep({ session: s, role: "master", openedAt: Date.now() }, Date.now());
  await sleep(800); // the device's 500 ms channel traffic time-out runs out: it ends the session
  assert.equal((await keeper.take("master", Date.now()))?.session, s);
  const from = s.trace.length;
  const r = await s.client.readFull(ET02);
  assert.equal(b.connections, 2, "reopened on a fresh connection");
  assert.ok(notes(s, from).some((n) => /had ended/.test(n)));
  assert.ok("data" in r, "the reopening logged on with the master key, not the reader key it was opened with");
  await keeper.close();
});

test("optical: a device whose Logon after Logoff is refused: Terminate, the session closed, and a fresh one opens", async (t) => {
  const b = bench(t, { testFaults: new Set<TestFault>(["logoff-to-base"]) });
  const keeper = new SessionKeeper(LIMITS);
  const s = await keptReader(b, keeper);
  const from = s.trace.length;
  assert.equal(await keeper.take("master", Date.now()), null, "no session handed over, and no error");
  assert.deepEqual(requestsSent(s, from), ["logoff", "logon", "terminate"]);
  assert.ok(
    notes(s, from).some((n) =>
      /the kept session \(reader\) could not log on again as master \(.*the device answered logon with isss.*a fresh session opened/.test(
        n,
      ),
    ),
    notes(s, from).join("\n"),
  );
  await assert.rejects(s.client.readFull(ET02), /closed/, "the kept session is closed");
  const fresh = await OPTICAL_LINK.open(b.port, "master", { pixit: PIXIT, redactor: new Redactor() });
  assert.equal(b.connections, 2);
  assert.ok("data" in (await fresh.client.readFull(ET02)), "the full opening works on the same device");
  await fresh.close();
});

test("optical: a Logon again that the device refuses for its logon hold-off is the hold-off's inconclusive", async (t) => {
  const b = bench(t, { logonLimit: new LogonLimit({ logons: 1, windowMs: 60_000, holdOffMs: 60_000 }) });
  const keeper = new SessionKeeper(LIMITS);
  const s = await keptReader(b, keeper);
  const from = s.trace.length;
  const holdOff = new LogonHoldOff({ seconds: 300, codes: ["bsy"] });
  const reopening: Resumption["reopening"] = (open) =>
    open().catch((e: unknown) => {
      throw holdOff.judge(e, Date.now());
    });
  const e = await keeper.take("master", Date.now(), reopening).then(
    () => assert.fail("handed over"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof Inconclusive, String(e));
  assert.match(e.message, /logon with bsy \(0x06\)/);
  assert.ok(holdOff.waitMs(Date.now()) > 299_000, "the hold-off began");
  assert.deepEqual(requestsSent(s, from), ["logoff", "logon", "terminate"], "no other opening tried");
});
