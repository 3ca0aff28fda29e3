import { test } from "node:test";
import assert from "node:assert/strict";
import { runCleanups, type Cleanup, type CleanupContext } from "../../harness/conformance/cleanups";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { TableClient } from "../../harness/session/table-client";

const SESSION = { name: "admin session" } as unknown as TableClient;

/**
 * A scenario's end as the After hook sees it: `openings` answers each attempt to open the admin
 * session in turn ("open", or the error), `holdOffMs` is what is left of the hold-off after each
 * attempt, `wait` how the wait ends.
 */
function scenario(o: {
  openings: readonly ("open" | Error)[];
  holdOffMs: readonly number[];
  wait?: boolean;
  stopping?: NodeJS.Signals;
  failing?: string;
}) {
  const log: string[] = [];
  const notices: string[] = [];
  let opening = 0;
  const cleanup = (what: string, restore?: string): Cleanup => ({
    what,
    restore,
    run: (s) => {
      log.push(`${what} on ${(s as unknown as { name: string }).name}`);
      return what === o.failing ? Promise.reject(new Error("answered isc (0x03)")) : Promise.resolve();
    },
  });
  const context: CleanupContext = {
    cleanups: [cleanup("restore ET03", "npx osgp-conformance write ET03 ..."), cleanup("restore the device clock")],
    openAdmin: () => {
      const a = o.openings[opening++];
      log.push("open");
      return a === "open" ? Promise.resolve(SESSION) : Promise.reject(a);
    },
    holdOffLeftMs: () => o.holdOffMs[opening - 1] ?? 0,
    waitOutHoldOff: () => {
      log.push("wait");
      return Promise.resolve(o.wait ?? true);
    },
    stopping: () => o.stopping ?? null,
    reportLeftChanged: (notice) => {
      notices.push(notice);
      return Promise.resolve();
    },
  };
  return { context, log, notices };
}

const HELD_OFF = new Inconclusive("no session opens on this target until 2025-03-01T10:05:00.000Z: ...");

test("the clean-ups run last first on the admin session, and nothing is reported left changed", async () => {
  const s = scenario({ openings: ["open"], holdOffMs: [0] });
  assert.deepEqual(await runCleanups(s.context), { failures: [], heldOff: false });
  assert.deepEqual(s.log, ["open", "restore the device clock on admin session", "restore ET03 on admin session"]);
  assert.deepEqual(s.notices, []);
});

test("a session held off: the hold-off is waited out once, then the clean-ups run", async () => {
  const s = scenario({ openings: [HELD_OFF, "open"], holdOffMs: [120_000, 0] });
  assert.deepEqual(await runCleanups(s.context), { failures: [], heldOff: false });
  assert.deepEqual(s.log, [
    "open",
    "wait",
    "open",
    "restore the device clock on admin session",
    "restore ET03 on admin session",
  ]);
  assert.deepEqual(s.notices, []);
});

test("refused again after the wait: nothing runs, the verdict is left alone, and the notice says what and how to put it back", async () => {
  const s = scenario({ openings: [HELD_OFF, HELD_OFF, "open"], holdOffMs: [120_000, 300_000] });
  const r = await runCleanups(s.context);
  assert.equal(r.heldOff, true);
  assert.deepEqual(s.log, ["open", "wait", "open"]);
  assert.equal(s.notices.length, 1);
  const [head, ...items] = (s.notices[0] ?? "").split("\n");
  assert.match(
    head ?? "",
    /^the device was left changed: .*logon hold-off \(session\.logonHoldOff\) was waited out.*Not put back:$/,
  );
  assert.deepEqual(items, [
    "- restore the device clock: by hand (the harness knows no bench command for it)",
    "- restore ET03: npx osgp-conformance write ET03 ...",
  ]);
});

test("a run stopping, or a signal ending the wait, leaves the clean-ups undone without a wait or a second opening", async () => {
  const stopped = scenario({ openings: [HELD_OFF, "open"], holdOffMs: [120_000], stopping: "SIGTERM" });
  assert.equal((await runCleanups(stopped.context)).heldOff, true);
  assert.deepEqual(stopped.log, ["open"]);
  assert.match(stopped.notices[0] ?? "", /the run was stopped \(SIGTERM\)/);

  const signalled = scenario({ openings: [HELD_OFF, "open"], holdOffMs: [120_000], wait: false });
  assert.equal((await runCleanups(signalled.context)).heldOff, true);
  assert.deepEqual(signalled.log, ["open", "wait"]);
  assert.match(signalled.notices[0] ?? "", /a signal ended the wait/);
});

test("other failures are the hook's as before (not the hold-off's), and reported left changed too", async () => {
  const lost = scenario({ openings: [new Error("link lost")], holdOffMs: [0] });
  const r = await runCleanups(lost.context);
  assert.deepEqual(r, { failures: ["the clean-up's session did not open: link lost"], heldOff: false });
  assert.deepEqual(lost.log, ["open"]);
  assert.match(lost.notices[0] ?? "", /^the device was left changed: the clean-up's session did not open: link lost/);

  const refused = scenario({ openings: ["open"], holdOffMs: [0], failing: "restore ET03" });
  const f = await runCleanups(refused.context);
  assert.deepEqual(f, { failures: ["restore ET03: answered isc (0x03)"], heldOff: false });
  assert.equal(
    refused.notices[0],
    "the device was left changed: a clean-up failed. Not put back:\n- restore ET03 (answered isc (0x03)): npx osgp-conformance write ET03 ...",
  );
});
