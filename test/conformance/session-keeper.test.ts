import { test } from "node:test";
import assert from "node:assert/strict";
import { keepLimitsOf, SessionKeeper } from "../../harness/conformance/session-keeper";
import { overlayPixit, PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import type { BenchRole, LinkSession, Resumption } from "../../harness/links/link-contract";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { SessionError } from "../../harness/errors";

function fakeSession(
  log: string[],
  name: string,
  o: { lastTrafficAt?: number; resumed?: Resumption[]; relogon?: (role: BenchRole) => Promise<void> } = {},
): LinkSession {
  return {
    client: {} as LinkSession["client"],
    trace: {
      lastTrafficAt: o.lastTrafficAt ?? null,
      note: (text: string) => void log.push(`note ${text}`),
    } as unknown as LinkSession["trace"],
    optical: null,
    secured: null,
    inject: async () => undefined,
    close: async () => void log.push(`closed ${name}`),
    resume: (r) => void o.resumed?.push(r),
    ...(o.relogon === undefined ? {} : { relogon: o.relogon }),
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

/** A session that logs on again in place, recording each role it is asked for. */
function relogging(log: string[], fails?: unknown) {
  return async (role: BenchRole) => {
    log.push(`relogon ${role}`);
    if (fails !== undefined) throw fails;
  };
}

test("another key within the limits: a session that logs on again in place is handed over under the new role", async () => {
  const log: string[] = [];
  const resumed: Resumption[] = [];
  const k = new SessionKeeper(LIMITS);
  const a = fakeSession(log, "a", { resumed, relogon: relogging(log) });
  await k.keep({ session: a, role: "reader", openedAt: 500 }, 1000);
  const got = await k.take("master", 2000);
  assert.equal(got?.session, a);
  assert.equal(got?.role, "master");
  assert.equal(got?.openedAt, 500, "its age still counts from the first opening");
  assert.deepEqual(log, [
    "relogon master",
    "note the kept session (reader) logged on again as master on the same channel",
  ]);
  assert.equal(resumed.length, 0, "the logoff itself finds out whether the device still holds the session");
  await k.keep({ session: a, role: "master", openedAt: 500 }, 2500);
  assert.equal((await k.take("master", 3000))?.session, a, "kept again under its new role");
});

test("a session logs on again only within the limits: too long idle or too old, it is closed as before", async () => {
  for (const now of [5001, 541_000]) {
    const log: string[] = [];
    const k = new SessionKeeper(LIMITS);
    await k.keep({ session: fakeSession(log, "a", { relogon: relogging(log) }), role: "reader", openedAt: 0 }, 1000);
    assert.equal(await k.take("master", now), null, `at ${now}`);
    assert.deepEqual(log, ["closed a"]);
  }
});

test("the logon again runs as any opening runs (the logon hold-off decides first)", async () => {
  const log: string[] = [];
  const k = new SessionKeeper(LIMITS);
  await k.keep({ session: fakeSession(log, "a", { relogon: relogging(log) }), role: "reader", openedAt: 0 }, 0);
  await k.take("provisioning", 100, async (open) => {
    log.push("opening");
    await open();
  });
  assert.deepEqual(log.slice(0, 2), ["opening", "relogon provisioning"]);
});

test("a device that refuses the logon again, or does not answer: the session is closed, noted, and none handed over", async () => {
  for (const error of [
    new SessionError("OSGP_ERR_REQUEST_REFUSED", "the device answered logon with isss"),
    new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response within 300 ms"),
  ]) {
    const log: string[] = [];
    const k = new SessionKeeper(LIMITS);
    await k.keep(
      { session: fakeSession(log, "a", { relogon: relogging(log, error) }), role: "reader", openedAt: 0 },
      0,
    );
    assert.equal(await k.take("master", 100), null, "the caller opens a fresh session: no verdict from this");
    assert.equal(log[0], "relogon master");
    assert.match(
      log[1] ?? "",
      new RegExp(
        `^note the kept session \\(reader\\) could not log on again as master \\(.*${error.detail}.*a fresh session opened`,
      ),
    );
    assert.equal(log[2], "closed a");
    assert.equal(await k.take("master", 200), null, "nothing is kept any more");
  }
});

test("an opening's inconclusive (the logon hold-off, a key the PIXIT lacks) is the caller's, the session closed", async () => {
  const log: string[] = [];
  const k = new SessionKeeper(LIMITS);
  const holdOff = new Inconclusive("the device answered logon with bsy, which the PIXIT takes for its logon hold-off");
  await k.keep(
    { session: fakeSession(log, "a", { relogon: relogging(log, holdOff) }), role: "reader", openedAt: 0 },
    0,
  );
  await assert.rejects(k.take("master", 100), (e) => e === holdOff);
  assert.deepEqual(log, ["relogon master", "closed a"]);
});
