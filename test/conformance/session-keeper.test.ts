import { test } from "node:test";
import assert from "node:assert/strict";
import { SessionKeeper } from "../../harness/conformance/session-keeper";
import type { LinkSession } from "../../harness/links/link-contract";

function fakeSession(log: string[], name: string): LinkSession {
  return {
    client: {} as LinkSession["client"],
    trace: {} as LinkSession["trace"],
    optical: null,
    secured: null,
    inject: async () => undefined,
    close: async () => void log.push(`closed ${name}`),
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
