import { test } from "node:test";
import assert from "node:assert/strict";
import { LogonHoldOff } from "../../harness/conformance/logon-hold-off";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { ConfigError, SessionError } from "../../harness/errors";
import { OpeningRefused } from "../../harness/session/optical-session";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");

test("a refusal with a hold-off code starts the hold-off: inconclusive, naming the code, the PIXIT item and the time", () => {
  const h = new LogonHoldOff({ seconds: 300, codes: ["bsy"] });
  const verdict = h.judge(new OpeningRefused("logon", 0x06), T0);
  assert.ok(verdict instanceof Inconclusive);
  assert.match(verdict.message, /answered logon with bsy \(0x06\)/);
  assert.match(verdict.message, /session\.logonHoldOff\.codes/);
  assert.match(verdict.message, /until 2025-03-01T10:05:00\.000Z/);
  assert.equal(h.waitMs(T0 + 1000), 299_000);
  assert.match(h.blocked(T0 + 1000) ?? "", /until 2025-03-01T10:05:00\.000Z: the device answered logon with bsy/);
  assert.equal(h.blocked(T0 + 300_000), null);
  assert.equal(h.waitMs(T0 + 300_000), 0);
});

test("other refusals and other errors start no hold-off and pass through as they are", () => {
  const h = new LogonHoldOff({ seconds: 300, codes: ["bsy"] });
  const err = new OpeningRefused("security with RK", 0x01);
  const timeout = new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response");
  assert.equal(h.judge(err, T0), err);
  assert.equal(h.judge(timeout, T0), timeout);
  assert.equal(h.blocked(T0), null);
  assert.equal(h.waitMs(T0), 0);
});

test("the codes may be mnemonics or numbers; anything else is a PIXIT error", () => {
  const h = new LogonHoldOff({ seconds: 10, codes: ["0x09", "10"] });
  assert.ok(h.judge(new OpeningRefused("identification", 0x09), T0) instanceof Inconclusive);
  assert.ok(h.judge(new OpeningRefused("logon", 0x0a), T0) instanceof Inconclusive);
  assert.ok(!(h.judge(new OpeningRefused("logon", 0x06), T0) instanceof Inconclusive), "bsy is not listed here");
  assert.throws(
    () => new LogonHoldOff({ seconds: 10, codes: ["busy"] }),
    (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_PIXIT" && /"busy"/.test(e.message),
  );
});

test("a refusal during a later hold-off starts it again from then", () => {
  const h = new LogonHoldOff({ seconds: 60, codes: ["bsy"] });
  h.judge(new OpeningRefused("logon", 0x06), T0);
  h.judge(new OpeningRefused("logon", 0x06), T0 + 120_000);
  assert.equal(h.waitMs(T0 + 120_000), 60_000);
});

test("begin: a refusal for the hold-off says what the device answered and until when; anything else starts nothing", () => {
  const h = new LogonHoldOff({ seconds: 300, codes: ["bsy"] });
  assert.equal(h.begin(new OpeningRefused("logon", 0x01), T0), null);
  assert.equal(h.waitMs(T0), 0);
  assert.deepEqual(h.begin(new OpeningRefused("logon", 0x06), T0), {
    refusal: "the device answered logon with bsy (0x06)",
    until: Date.parse("2025-03-01T10:05:00.000Z"),
  });
  assert.equal(h.waitMs(T0), 300_000);
});
