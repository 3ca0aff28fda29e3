import { test } from "node:test";
import assert from "node:assert/strict";
import { keepLimitsOf, SessionKeeper } from "../../harness/conformance/session-keeper";
import { overlayPixit, PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import type { LinkSession, Resumption } from "../../harness/links/link-contract";

function fakeSession(
  log: string[],
  name: string,
  o: { lastTrafficAt?: number; resumed?: Resumption[] } = {},
): LinkSession {
  return {
    client: {} as LinkSession["client"],
    trace: { lastTrafficAt: o.lastTrafficAt ?? null } as LinkSession["trace"],
    optical: null,
    secured: null,
    inject: async () => undefined,
    close: async () => void log.push(`closed ${name}`),
    resume: (r) => void o.resumed?.push(r),
  };
}

const LIMITS = { maxIdleMs: 4000, maxAgeMs: 540_000 };

test("a kept session of the same key is handed to the next scenario within the limits", async () => {
  const log: string[] = [];
  const k = new SessionKeeper(LIMITS);
  const a = fakeSession(log, "a");
  await k.keep({ session: a, role: "reader", openedAt: 0 }, 1000);
  const got = await k.take("reader", 4999);
  assert.equal(got?.session, a);
  assert.deepEqual(log, []);
  assert.equal(await k.take("reader", 5000), null, "taken once: it is the taker's now");
});

test("another key, too long idle or too old: the kept session is closed and none is handed over", async () => {
  for (const [role, now, openedAt] of [
    ["master", 1000, 0],
    ["reader", 5001, 0],
    ["reader", 541_000, 0],
  ] as const) {
    const log: string[] = [];
    const k = new SessionKeeper(LIMITS);
    await k.keep({ session: fakeSession(log, "a"), role: "reader", openedAt }, 1000);
    assert.equal(await k.take(role, now), null, `${role} at ${now}`);
    assert.deepEqual(log, ["closed a"]);
  }
});

test("keeping a second session closes the first; closing the keeper closes what it holds", async () => {
  const log: string[] = [];
  const k = new SessionKeeper(LIMITS);
  await k.keep({ session: fakeSession(log, "a"), role: "reader", openedAt: 0 }, 0);
  await k.keep({ session: fakeSession(log, "b"), role: "master", openedAt: 0 }, 0);
  assert.deepEqual(log, ["closed a"]);
  await k.close();
  assert.deepEqual(log, ["closed a", "closed b"]);
});

test("a relayed session reports to whichever scenario holds it now", () => {
  const k = new SessionKeeper(LIMITS);
  const seen: string[] = [];
  const relay = k.relay();
  k.routeTo({ observer: () => seen.push("first") });
  relay.observer({ ok: true });
  k.routeTo({ observer: () => seen.push("second") });
  relay.observer({ ok: true });
  assert.deepEqual(seen, ["first", "second"]);
});

test("idle time counts from the session's last bytes on the line, not from when it was handed back", async () => {
  const log: string[] = [];
  const k = new SessionKeeper(LIMITS);
  await k.keep({ session: fakeSession(log, "a", { lastTrafficAt: 0 }), role: "reader", openedAt: 0 }, 3000);
  assert.equal(await k.take("reader", 4500), null, "silent 4.5 s, though kept 1.5 s ago");
  assert.deepEqual(log, ["closed a"]);
});

test("on a link whose sessions log on, the idle limit stays 1 s under the device's channel traffic time-out", () => {
  const pixit = (maxIdleSeconds: number) =>
    overlayPixit(PIXIT_DEFAULTS, { sessionReuse: { maxIdleSeconds }, session: { channelTrafficTimeoutSeconds: 6 } });
  assert.equal(keepLimitsOf(pixit(4), { logonServices: true }).maxIdleMs, 4000);
  assert.equal(keepLimitsOf(pixit(10), { logonServices: true }).maxIdleMs, 5000);
  assert.equal(keepLimitsOf(pixit(10), { logonServices: false }).maxIdleMs, 10_000, "MEP and PLC keep no session");
  assert.equal(keepLimitsOf(pixit(10), { logonServices: false }).maxAgeMs, 540_000);
});

test("a session handed over goes with a check of its first request; one left unknown is not kept again", async () => {
  const log: string[] = [];
  const resumed: Resumption[] = [];
  const k = new SessionKeeper(LIMITS);
  const a = fakeSession(log, "a", { lastTrafficAt: 1000, resumed });
  await k.keep({ session: a, role: "reader", openedAt: 0 }, 1000);
  await k.take("reader", 2500);
  assert.equal(resumed.length, 1);
  assert.match(
    resumed[0]?.origin ?? "",
    /kept from an earlier scenario \(opened 1970-01-01T00:00:00.000Z, silent 1.5 s\)/,
  );
  resumed[0]?.onUnknown();
  await k.keep({ session: a, role: "reader", openedAt: 0 }, 3000);
  assert.deepEqual(log, ["closed a"]);
  assert.equal(await k.take("reader", 3000), null);
});
