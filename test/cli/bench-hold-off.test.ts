import { test } from "node:test";
import assert from "node:assert/strict";
import { localIso, openThroughHoldOff } from "../../harness/cli/bench-hold-off";
import { LogonHoldOff } from "../../harness/conformance/logon-hold-off";
import { SessionError } from "../../harness/errors";
import { OpeningRefused } from "../../harness/session/optical-session";

const T0 = Date.parse("2025-01-15T10:00:00.250Z");

/** A device that answers each opening in turn: a refusal (a code), another error, or a session. */
function device(answers: readonly (number | Error | "open")[]) {
  const opened: number[] = [];
  let i = 0;
  return {
    opened,
    open: () => {
      const a = answers[i++];
      opened.push(i);
      if (a === "open") return Promise.resolve(`session ${i}`);
      return Promise.reject(a instanceof Error ? a : new OpeningRefused("logon", a as number));
    },
  };
}

/** `run` with the process's time zone set to `tz`, until what it returns settles. */
async function inZone<T>(tz: string, run: () => T | Promise<T>): Promise<T> {
  const was = process.env.TZ;
  process.env.TZ = tz;
  try {
    return await run();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

test("a refusal for the hold-off without --wait-hold-off: OSGP_ERR_LOGON_HOLD_OFF naming the code, the PIXIT items, the local time and the seconds left; no second attempt", async () => {
  const d = device([0x06, "open"]);
  const said: string[] = [];
  const err = await inZone("Asia/Kolkata", () =>
    openThroughHoldOff(d.open, new LogonHoldOff({ seconds: 300, codes: ["bsy"] }), {
      wait: false,
      say: (l) => said.push(l),
      now: () => T0,
      waitOut: () => assert.fail("no wait without --wait-hold-off"),
    }).then(
      () => assert.fail("the session opened"),
      (e: unknown) => e,
    ),
  );
  assert.ok(err instanceof SessionError);
  assert.equal(err.code, "OSGP_ERR_LOGON_HOLD_OFF");
  assert.match(err.message, /^OSGP_ERR_LOGON_HOLD_OFF: the device answered logon with bsy \(0x06\)/);
  assert.match(err.message, /session\.logonHoldOff\.codes/);
  // 10:05:00.250Z rounded up to the second, at UTC+05:30.
  assert.match(
    err.message,
    /may open at 2025-01-15T15:35:01\+05:30 \(300 s from now, session\.logonHoldOff\.seconds\)/,
  );
  assert.match(err.message, /--wait-hold-off/);
  assert.deepEqual(d.opened, [1]);
  assert.deepEqual(said, []);
});

test("--wait-hold-off: one line saying until when, one wait for what is left, then one more attempt that opens", async () => {
  const d = device([0x06, "open"]);
  const said: string[] = [];
  const waits: number[] = [];
  let t = T0;
  const session = await inZone("UTC", () =>
    openThroughHoldOff(d.open, new LogonHoldOff({ seconds: 300, codes: ["bsy"] }), {
      wait: true,
      say: (l) => said.push(l),
      now: () => t,
      waitOut: (ms) => {
        waits.push(ms);
        t += ms;
        return Promise.resolve(null);
      },
    }),
  );
  assert.equal(session, "session 2");
  assert.deepEqual(waits, [300_000]);
  assert.equal(said.length, 1);
  assert.match(
    said[0] ?? "",
    /answered logon with bsy \(0x06\).*waiting until 2025-01-15T10:05:01\+00:00 \(300 s from now/,
  );
});

test("--wait-hold-off refused again: the error says so, after exactly two attempts", async () => {
  const d = device([0x06, 0x06, "open"]);
  await assert.rejects(
    openThroughHoldOff(d.open, new LogonHoldOff({ seconds: 2, codes: ["bsy"] }), {
      wait: true,
      say: () => undefined,
      waitOut: () => Promise.resolve(null),
    }),
    (e: unknown) =>
      e instanceof SessionError &&
      e.code === "OSGP_ERR_LOGON_HOLD_OFF" &&
      /refused again after the one wait/.test(e.message),
  );
  assert.deepEqual(d.opened, [1, 2]);
});

test("a signal that ends the wait stops the command without another attempt", async () => {
  const d = device([0x06, "open"]);
  await assert.rejects(
    openThroughHoldOff(d.open, new LogonHoldOff({ seconds: 2, codes: ["bsy"] }), {
      wait: true,
      say: () => undefined,
      waitOut: () => Promise.resolve("SIGINT"),
    }),
    (e: unknown) => e instanceof SessionError && /^OSGP_ERR_LOGON_HOLD_OFF: SIGINT ended the wait/.test(e.message),
  );
  assert.deepEqual(d.opened, [1]);
});

test("other refusals and errors are the opening's own, with no wait", async () => {
  const timeout = new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response");
  for (const answer of [0x01, timeout]) {
    const d = device([answer, "open"]);
    await assert.rejects(
      openThroughHoldOff(d.open, new LogonHoldOff({ seconds: 2, codes: ["bsy"] }), {
        wait: true,
        say: () => assert.fail("nothing to wait for"),
        waitOut: () => assert.fail("nothing to wait for"),
      }),
      (e: unknown) => (answer === timeout ? e === timeout : e instanceof OpeningRefused && e.responseCode === 0x01),
    );
    assert.deepEqual(d.opened, [1]);
  }
});

test("local ISO times carry the zone's offset, west and east, and are never before the time given", async () => {
  const at = Date.parse("2025-01-15T10:00:00.000Z");
  assert.equal(await inZone("America/St_Johns", () => localIso(at)), "2025-01-15T06:30:00-03:30");
  assert.equal(await inZone("Asia/Kathmandu", () => localIso(at + 1)), "2025-01-15T15:45:01+05:45");
  assert.equal(await inZone("UTC", () => localIso(at)), "2025-01-15T10:00:00+00:00");
});
