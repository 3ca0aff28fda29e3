import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "../../harness/bytes/hex";
import { encodeLinkRequest, PASSWORD_LENGTH } from "../../harness/link/c1218/link-services";
import { findSecret, filesUnder } from "../support/secret-scan";
import {
  BIN,
  ROOT,
  SOCAT_SKIP,
  SIMULATOR_KEYS_TEXT,
  openBench,
  runHarness,
  waitFor,
  type Bench,
} from "../support/serial-bench";

/**
 * Issue 11: no key reaches a report through an error. The standalone simulator fails on exactly the
 * requests that carry or protect a key (simulate --test-fault: the optical port's Security
 * requests, every MEP and PLC request), in each way a lab's bench can: no answer, an answer whose
 * CRC or digest does not check, a request NAKed until the harness gives up, the request echoed
 * back as an answer that does not decode. A suite run against it on all three links, and a fuzz run
 * on the optical port, must then leave no key, as hex in any case and spacing or as text, in any file they
 * wrote (summary, cucumber messages, Allure results, traces, pcaps, fuzz cases) or printed.
 */
const KEYS = Object.values(SIMULATOR_KEYS_TEXT).map((k) => Uint8Array.from(Buffer.from(k, "latin1")));
/**
 * A reader-key (9.3.1) and a master-key (9.4.1) session on every
 * link; on the optical port each sends a Security request.
 */
const TAGS = "@clause-9.3.1 or @clause-9.4.1";

interface Summary {
  totals: Record<string, number>;
  scenarios: { verdict: string; reason: string; target?: string }[];
}

/** What each fault must show in the reports, per link, so that the scan is known to have had errors to look at. */
const EXPECTED: Record<
  string,
  { optical: { verdict: string; reason: RegExp }; secured: { verdict: string; reason: RegExp }; masked?: RegExp }
> = {
  "no-response": {
    optical: { verdict: "inconclusive", reason: /OSGP_ERR_RESPONSE_TIMEOUT/ },
    secured: { verdict: "inconclusive", reason: /OSGP_ERR_(MEP|PLC)_NO_RESPONSE/ },
    masked: /bytes sent: \[51 \*\* \*\*/,
  },
  "bad-crc": {
    // Only packets that do not check came back: a garbled answer, told apart from silence.
    optical: { verdict: "inconclusive", reason: /OSGP_ERR_GARBLED_RESPONSE/ },
    secured: { verdict: "fail", reason: /OSGP_ERR_DIGEST/ },
    masked: /bytes sent: \[51 \*\* \*\*/,
  },
  "nak-request": {
    optical: { verdict: "inconclusive", reason: /OSGP_ERR_NO_ACK/ },
    // The fault is the optical port's only: MEP and PLC answer as usual.
    secured: { verdict: "pass", reason: /^$/ },
    masked: /bytes sent: \[ee [0-9a-f ]+ 51 \*\* \*\*/,
  },
  echo: {
    optical: { verdict: "fail", reason: /does not decode: .*\[51 \*\* \*\*/ },
    secured: { verdict: "fail", reason: /OSGP_ERR_DIGEST|does not decode/ },
  },
};

for (const [fault, expected] of Object.entries(EXPECTED)) {
  test(
    `a simulator that fails with ${fault} on the keyed requests: no key in any report of a run or a fuzz run`,
    { skip: SOCAT_SKIP },
    async () => {
      const optical = await openBench();
      const benches: Bench[] = [optical];
      let sim: ChildProcess | null = null;
      try {
        const mep = await openBench();
        benches.push(mep);
        const started = await startSimulator([
          "--optical",
          optical.deviceEnd,
          "--mep",
          mep.deviceEnd,
          "--cnip",
          "127.0.0.1:0",
          "--test-fault",
          fault,
        ]);
        sim = started.child;
        const targets = [`optical:${optical.harnessEnd}`, `mep:${mep.harnessEnd}`, `plc:127.0.0.1:${started.cnipPort}`];
        const pixit = fastPixitFile(optical.dir);
        const reports = join(optical.dir, "reports");
        const r = await runHarness(
          [...targets.flatMap((t) => ["--target", t]), "--pixit", pixit, "--tags", TAGS],
          reports,
        );
        assert.equal(r.code, 1, r.output.slice(-3000));
        assert.match(
          r.output,
          /\nsummary: .*\((fail|inconclusive)\)/,
          `the run should end with its summary: ${r.output.slice(-3000)}`,
        );

        // The faults bit where they were meant to: each link's verdicts and reasons say so.
        const summary = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as Summary;
        const on = (port: string) => summary.scenarios.filter((s) => s.target?.includes(port));
        const keyed = on("optical port").filter((s) => s.verdict !== "pass" && s.verdict !== "not applicable");
        assert.ok(keyed.length >= 2, `optical: ${JSON.stringify(on("optical port"))}`);
        for (const s of keyed) {
          assert.equal(s.verdict, expected.optical.verdict, `optical: ${s.reason}`);
          assert.match(s.reason, expected.optical.reason);
        }
        for (const port of ["MEP port", "PLC link"]) {
          const ran = on(port).filter((s) => s.verdict !== "not applicable");
          assert.ok(ran.length >= 2, `${port}: ${JSON.stringify(on(port))}`);
          assert.ok(
            ran.some((s) => s.verdict === expected.secured.verdict && expected.secured.reason.test(s.reason)),
            `${port}: ${JSON.stringify(ran)}`,
          );
        }
        const messages = filesUnder(reports)
          .filter((f) => f.endsWith(".ndjson"))
          .map((f) => readFileSync(f, "utf8"))
          .join("\n");
        if (expected.masked !== undefined)
          assert.match(messages, expected.masked, "the bytes sent should be quoted, masked");

        // A fuzz campaign on the optical port, where the key is on the wire: its cases, summary and printout.
        const fuzzDir = join(optical.dir, "fuzz-reports");
        const f = spawnSync(
          process.execPath,
          [
            BIN,
            "fuzz",
            "--target",
            targets[0] as string,
            "--pixit",
            pixit,
            "--campaign",
            "table-reads",
            "--budget",
            "3",
            "--seed",
            "5",
            "--reports-dir",
            fuzzDir,
          ],
          { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
        );
        assert.ok(f.status !== null, `the fuzz run did not finish: ${f.stdout}${f.stderr}`);
        const fuzzOutput = f.stdout + f.stderr;
        assert.ok(
          filesUnder(fuzzDir).some((x) => x.endsWith("summary.json")),
          "the fuzz run should have written its summary",
        );

        const printed = join(optical.dir, "printed.txt");
        writeFileSync(printed, `${r.output}\n${fuzzOutput}`);
        const simulatorLog = join(optical.dir, "simulator.log");
        writeFileSync(simulatorLog, started.stderr());
        const files = [...filesUnder(reports), ...filesUnder(fuzzDir), printed, simulatorLog];
        assert.ok(
          files.some((f) => f.endsWith(".pcap")),
          "the PLC run should have written its captures",
        );
        for (const key of KEYS)
          assert.deepEqual(
            findSecret(files, key),
            [],
            `key ${Buffer.from(key).toString("latin1").slice(0, 4)}... found`,
          );

        // The scan can fail: the request hex as an error message used to quote it is found.
        const leak = join(reports, "planted-leak.txt");
        writeFileSync(
          leak,
          `OSGP_ERR_RESPONSE_TIMEOUT: no response within 1000 ms to the request [${toHex(securityRequest(SIMULATOR_KEYS_TEXT.reader))}]`,
        );
        assert.deepEqual(findSecret(filesUnder(reports), Buffer.from(SIMULATOR_KEYS_TEXT.reader, "latin1")), [leak]);
      } finally {
        if (sim !== null && sim.exitCode === null) {
          const exited = new Promise((r) => sim?.once("exit", r));
          sim.kill("SIGTERM");
          await exited;
        }
        for (const b of benches.reverse()) await b.close();
      }
    },
  );
}

function securityRequest(password: string): Uint8Array {
  const field = new Uint8Array(PASSWORD_LENGTH);
  field.set(Buffer.from(password, "latin1"));
  return encodeLinkRequest({ service: "security", password: field });
}

/** The simulator's keys, and time-outs short enough that a run of failing exchanges takes seconds. */
function fastPixitFile(dir: string): string {
  const file = join(dir, "pixit-fast.json");
  const keys = Object.fromEntries(Object.entries(SIMULATOR_KEYS_TEXT).map(([role, text]) => [role, { text }]));
  writeFileSync(
    file,
    JSON.stringify({
      keys,
      link: { ackTimeoutMs: 500, retries: 1 },
      session: { responseTimeoutMs: 1000, minRequestIntervalMs: 5, wakeup: { intervalMs: 5 } },
      mep: { minRequestIntervalMs: 5, retries: 1 },
      plc: { responseTimeoutSeconds: 0.5, retries: 1 },
      device: { hardwareLock: { read: [], write: ["ET02"], procedures: ["BP03"] } },
    }),
  );
  return file;
}

/** `simulate` on both ptys and a CN/IP port the kernel picks; resolves when it says it is ready. */
async function startSimulator(
  args: string[],
): Promise<{ child: ChildProcess; cnipPort: number; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, "simulate", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
  try {
    await waitFor(() => out.includes("simulator ready") || child.exitCode !== null, 20000, "the simulator");
    const port = /CN\/IP gateway on udp [\d.]+:(\d+)/.exec(out);
    if (child.exitCode !== null || port === null) throw new Error(`the simulator did not start: ${out}${err}`);
    return { child, cnipPort: Number(port[1]), stderr: () => err };
  } catch (e) {
    if (child.exitCode === null) child.kill("SIGTERM");
    throw e;
  }
}
