import { test } from "node:test";
import assert from "node:assert/strict";
import { OpeningRefused, OpticalSession } from "../../harness/session/optical-session";
import { LogonLimit } from "../../harness/simulator/logon-limit";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import { Secret } from "../../harness/security/secret";
import { createInProcessPair } from "../../harness/transport/in-process";

test("logons past the limit within the window start a hold-off, which refuses every logon until it ends", () => {
  const l = new LogonLimit({ logons: 2, windowMs: 10_000, holdOffMs: 5000 });
  assert.deepEqual([l.admit(0), l.admit(1000)], [true, true]);
  assert.equal(l.admit(2000), false, "the third within 10 s");
  assert.equal(l.holdOffEnds(2000), 7000);
  assert.equal(l.admit(6999), false, "still held off");
  assert.equal(l.holdOffEnds(6999), 7000, "a refused logon does not prolong the hold-off");
  assert.equal(l.admit(7000), true, "the counts start again after it");
  assert.equal(l.holdOffEnds(7000), null);
});

test("logons that have left the window no longer count", () => {
  const l = new LogonLimit({ logons: 2, windowMs: 10_000, holdOffMs: 5000 });
  assert.ok(l.admit(0) && l.admit(5000));
  assert.equal(l.admit(10_000), true, "the one at 0 s is 10 s old");
  assert.equal(l.admit(12_000), false, "5 s and 10 s are still in the window");
});

test("the optical port answers a logon past its limit with bsy, and serves again after the hold-off", async () => {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const limit = new LogonLimit({ logons: 1, windowMs: 60_000, holdOffMs: 200 });
  const settings = {
    link: { identity: 0, ackTimeoutMs: 100, interCharTimeoutMs: 50, retries: 1 },
    responseTimeoutMs: 300,
    wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
    negotiate: { packetSize: 64, packetCount: 2, baudRate: null },
    logon: { userId: 0, user: "TEST" },
    minRequestIntervalMs: 0,
  };
  const attempt = async (): Promise<unknown> => {
    const [client, device] = createInProcessPair();
    const port = new OpticalPort(device, {
      meter,
      keys: defaultOpticalKeys(),
      link: settings.link,
      channelTrafficTimeoutMs: 6000,
      logonLimit: limit,
    });
    const session = new OpticalSession(client, settings);
    try {
      await session.open(Secret.fromText("SIM-READER-KEY", "RK"));
      return "open";
    } catch (e) {
      return e;
    } finally {
      await session.close();
      await port.close();
    }
  };
  assert.equal(await attempt(), "open");
  const refused = await attempt();
  assert.ok(refused instanceof OpeningRefused, String(refused));
  assert.equal(refused.service, "logon");
  assert.equal(refused.responseCode, 0x06);
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(await attempt(), "open");
});
