import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { BIN, ROOT, SOCAT_SKIP, holdOffPixitFile, logonLimitArgs, openBench } from "../support/serial-bench";

const HOLD_OFF_SECONDS = 2;

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** A bench command as a lab in Kathmandu runs it (UTC+05:45: a local time no UTC clock shows). */
function bench(args: readonly string[]): Promise<Result> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TZ: "Asia/Kathmandu" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, startedAt, endedAt: Date.now() }));
  });
}

/** The local time a message gives for the next session, as ms since the epoch. */
function nextSessionAt(text: string, words: RegExp): number {
  const m = new RegExp(`${words.source}(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+05:45) \\((\\d+) s from now`).exec(
    text,
  );
  assert.ok(m !== null, text);
  assert.equal(Number(m[2]), HOLD_OFF_SECONDS, "the PIXIT's seconds from the refusal");
  return Date.parse(m[1] as string);
}

test(
  "bench commands against a meter that holds off logons: a typed error saying when, or --wait-hold-off waits once and reads",
  { skip: SOCAT_SKIP, timeout: 120_000 },
  async () => {
    const b = await openBench();
    try {
      // One logon a minute, then a hold-off of the PIXIT's length.
      const sim = await b.startSimulator(logonLimitArgs(1, HOLD_OFF_SECONDS));
      const pixit = holdOffPixitFile(b.dir, HOLD_OFF_SECONDS);
      const common = ["--target", `optical:${b.harnessEnd}`, "--pixit", pixit];

      const first = await bench(["read", "BT01", ...common]);
      assert.equal(first.code, 0, first.stderr);

      // The second logon of the minute: refused, then one wait, then the read.
      const waited = await bench(["read", "BT01", "--wait-hold-off", "--trace", ...common]);
      assert.equal(waited.code, 0, waited.stdout + waited.stderr);
      const lines = waited.stderr.split("\n").filter((l) => l.startsWith("logon hold-off: "));
      assert.equal(lines.length, 1, waited.stderr);
      const until = nextSessionAt(
        lines[0] as string,
        /answered logon with bsy \(0x06\) \(session\.logonHoldOff\.codes\); waiting until /,
      );
      assert.ok(waited.endedAt >= until - 1000, "it waited until then");
      assert.match(waited.stdout, /^\s+4\s+8\s+BT01\.model\s+52 45 46 4d 45 54 45 52\s+"REFMETER"$/m);
      assert.equal(
        [...waited.stderr.matchAll(/\| logon\b/g)].length,
        2,
        "--trace shows the refused attempt and the one after the wait",
      );
      // The hold-off over, the counts start again: the logon after the wait was the minute's first.
      const refused = await bench(["read", "BT01", ...common]);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(
        refused.stderr,
        /^OSGP_ERR_LOGON_HOLD_OFF: the device answered logon with bsy \(0x06\), which the PIXIT takes for its logon hold-off \(session\.logonHoldOff\.codes\)/m,
      );
      assert.match(refused.stderr, /--wait-hold-off waits for it, then tries once more/);
      const at = nextSessionAt(refused.stderr, /the next session may open at /);
      assert.ok(
        at >= refused.startedAt + HOLD_OFF_SECONDS * 1000 && at <= refused.endedAt + HOLD_OFF_SECONDS * 1000 + 1000,
        `${new Date(at).toISOString()}: the refusal's time plus the PIXIT's seconds`,
      );
      assert.equal(refused.stdout, "", "nothing read, nothing printed");

      assert.equal(
        sim
          .stderr()
          .split("\n")
          .filter((l) => /logon refused \(bsy\)/.test(l)).length,
        2,
      );
    } finally {
      await b.close();
    }
  },
);
