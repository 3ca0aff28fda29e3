import { LINK_SUITE_TAGS } from "../support/serial-bench";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CNIP_DATA_PACKET, decodeCnipPacket } from "../../harness/link/cnip/cnip-header";
import { decodeLonPdu, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { readScenarioVerdicts } from "../../harness/report/run-summary";
import { skipUnlessInstalled } from "../support/external-tool";
import { decodePcap } from "../support/pcap-reader";
import { BIN, ROOT, runHarness, SIMULATOR_KEYS_TEXT } from "../support/serial-bench";
import { findSecret, filesUnder } from "../support/secret-scan";

/**
 * The PLC suite over real UDP on loopback: `plc-loopback` starts the standalone simulator behind a
 * CN/IP gateway whose channel drops packets, and the harness's 14908-1 retries must carry every
 * scenario to a verdict. Then the same suite against a port nobody listens on, which must end
 * quickly and inconclusive rather than hang or pass.
 */

const TSHARK_SKIP = skipUnlessInstalled("tshark", ["--version"]);

// The PIXIT defaults the loopback run uses (harness/conformance/pixit.ts): plc.local and plc.meter.
const HARNESS_NODE = { subnet: 1, node: 1 };
const METER_NODE = { subnet: 1, node: 11 };
const METER_UNIQUE_ID = "4f5347500001";
const LOSS_PERCENT = 10;
const SEED = 7;
/** The command takes ~35 s; five times that still ends a hung run long before the test's own timeout. */
const LOOPBACK_TIMEOUT_MS = 180_000;

interface LoopbackRun {
  readonly code: number;
  readonly output: string;
  readonly dir: string;
  readonly gatewayPort: number;
  readonly simulatorPid: number;
}

/**
 * `osgp-conformance plc-loopback ...`, as runHarness does for `run`, but in a process group of its
 * own: the command has two children (the simulator and cucumber), and killing only the command on a
 * timeout would leave both running and holding the output pipes open.
 */
function runPlcLoopback(
  args: string[],
  reportsDir: string,
  timeoutMs: number,
): Promise<Omit<LoopbackRun, "gatewayPort" | "simulatorPid"> & { simulatorPid: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "plc-loopback", "--reports-dir", reportsDir, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) killQuietly(-child.pid);
      reject(new Error(`plc-loopback did not finish in ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output, dir: reportsDir, simulatorPid: simulatorPidIn(output) });
    });
  });
}

const READY_LINE = /standalone simulator \(pid (\d+)\) on udp 127\.0\.0\.1:(\d+)/;

function simulatorPidIn(output: string): number | null {
  const m = READY_LINE.exec(output);
  return m === null ? null : Number(m[1]);
}

/** A negative pid names a process group. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One UDP datagram out of a pcap record (Ethernet II, IPv4 without options, UDP), as pcap-writer.ts lays it out. */
interface Datagram {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

function datagramsIn(file: string): Datagram[] {
  return decodePcap(readFileSync(file)).records.map((r, i) => {
    const f = r.frame;
    const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
    if (f.length < 42 || v.getUint16(12) !== 0x0800 || f[14] !== 0x45 || f[23] !== 17)
      throw new Error(`${file} record ${i} is not Ethernet/IPv4/UDP`);
    return {
      srcIp: [...f.subarray(26, 30)].join("."),
      dstIp: [...f.subarray(30, 34)].join("."),
      srcPort: v.getUint16(34),
      dstPort: v.getUint16(36),
      payload: f.subarray(42, 14 + 20 + v.getUint16(38)),
    };
  });
}

interface DataPacket {
  readonly fromHarness: boolean;
  readonly lonBytes: Uint8Array;
  readonly lon: LonPdu;
}

/**
 * The CN/IP data packets of a capture, each with its decoded 14908-1 PDU; a packet that does not decode fails the test.
 */
function dataPacketsIn(file: string, gatewayPort: number): DataPacket[] {
  const out: DataPacket[] = [];
  for (const d of datagramsIn(file)) {
    assert.ok(
      d.srcPort === gatewayPort || d.dstPort === gatewayPort,
      `${file}: ${d.srcPort} -> ${d.dstPort} does not involve the gateway port ${gatewayPort}`,
    );
    assert.deepEqual([d.srcIp, d.dstIp], ["127.0.0.1", "127.0.0.1"], `${file}: the gateway was opened on loopback`);
    const cnip = decodeCnipPacket(d.payload);
    assert.ok(cnip.ok, `${file}: ${cnip.ok ? "" : cnip.error.message}`);
    if (cnip.value.packetType !== CNIP_DATA_PACKET) continue;
    const lon = decodeLonPdu(cnip.value.payload);
    assert.ok(lon.ok, `${file}: ${lon.ok ? "" : lon.error.message}`);
    out.push({ fromHarness: d.dstPort === gatewayPort, lonBytes: cnip.value.payload, lon: lon.value });
  }
  return out;
}

function tnOf(p: LonPdu): number | null {
  return "tn" in p.body ? p.body.tn : null;
}

function isUnicast(p: LonPdu, from: { subnet: number; node: number }, to: { subnet: number; node: number }): boolean {
  const a = p.address;
  return (
    a.format === "subnet-node" &&
    a.srcSubnet === from.subnet &&
    a.srcNode === from.node &&
    a.dstSubnet === to.subnet &&
    a.dstNode === to.node
  );
}

/**
 * Where the harness may send: the meter by subnet/node or by unique id, or (discovery, clause 5) a
 * broadcast to the domain; always from its own node.
 */
function isHarnessRequest(p: LonPdu): boolean {
  const a = p.address;
  if (a.srcSubnet !== HARNESS_NODE.subnet || a.srcNode !== HARNESS_NODE.node) return false;
  if (a.format === "subnet-node") return a.dstSubnet === METER_NODE.subnet && a.dstNode === METER_NODE.node;
  if (a.format === "unique-id") return Buffer.from(a.uniqueId).toString("hex") === METER_UNIQUE_ID;
  return a.format === "broadcast";
}

interface Retransmission {
  readonly file: string;
  readonly tn: number;
  readonly answered: boolean;
}

/**
 * A retransmission as the harness's capture shows it: a request to the meter sent again, byte for
 * byte the same 14908-1 PDU, with no response of its transaction in between (the first copy or its
 * response was dropped by the channel). Each OSGP request carries its own sequence number and digest,
 * so a later transaction never repeats an earlier one's bytes even when the 4-bit transaction number
 * wraps. Broadcasts are left out: clause 5 repeats them into a silence it expects, lossy or not.
 */
function retransmissionsIn(file: string, packets: readonly DataPacket[]): Retransmission[] {
  const out: Retransmission[] = [];
  packets.forEach((p, i) => {
    if (!p.fromHarness || !isUnicast(p.lon, HARNESS_NODE, METER_NODE)) return;
    const next = packets.slice(i + 1).find((q) => q.fromHarness);
    if (next === undefined || !Buffer.from(next.lonBytes).equals(Buffer.from(p.lonBytes))) return;
    const tn = tnOf(p.lon);
    if (tn === null) return;
    const j = packets.indexOf(next);
    const answeredBetween = packets.slice(i + 1, j).some((q) => !q.fromHarness && tnOf(q.lon) === tn);
    if (answeredBetween) return;
    const answered = packets
      .slice(j + 1)
      .some((q) => !q.fromHarness && tnOf(q.lon) === tn && isUnicast(q.lon, METER_NODE, HARNESS_NODE));
    out.push({ file, tn, answered });
  });
  return out;
}

function pcapFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".pcap"))
    .map((f) => join(dir, f))
    .sort();
}

describe(`plc-loopback with ${LOSS_PERCENT} % loss each way (seed ${SEED})`, () => {
  let dir = "";
  let run: LoopbackRun | null = null;

  before(
    async () => {
      dir = mkdtempSync(join(tmpdir(), "osgp-plc-loopback-"));
      const r = await runPlcLoopback(
        ["--loss", String(LOSS_PERCENT), "--seed", String(SEED), "--tags", LINK_SUITE_TAGS],
        dir,
        LOOPBACK_TIMEOUT_MS,
      );
      const m = READY_LINE.exec(r.output);
      assert.ok(m !== null && r.simulatorPid !== null, `no ready line in the output:\n${r.output.slice(-3000)}`);
      run = { ...r, simulatorPid: r.simulatorPid, gatewayPort: Number(m[2]) };
    },
    { timeout: 240_000 },
  );

  after(() => {
    if (run !== null && isAlive(run.simulatorPid)) killQuietly(run.simulatorPid);
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  function done(): LoopbackRun {
    assert.ok(run !== null, "the plc-loopback run did not complete (see the before hook)");
    return run;
  }

  test("no key of the simulator reaches any file the run left, pcaps included", { timeout: 60_000 }, () => {
    const r = done();
    const files = filesUnder(r.dir);
    assert.ok(
      files.some((f) => f.endsWith(".pcap")),
      "the run should have left its pcaps",
    );
    for (const text of Object.values(SIMULATOR_KEYS_TEXT))
      assert.deepEqual(
        findSecret(files, Uint8Array.from(Buffer.from(text, "latin1"))),
        [],
        `key ${text.slice(0, 4)}... found`,
      );
  });

  test(
    "every @plc scenario reaches a pass or not-applicable verdict through the lossy channel, and the simulator is stopped",
    { timeout: 240_000 },
    () => {
      const r = done();
      assert.equal(r.code, 0, r.output.slice(-4000));
      assert.equal(isAlive(r.simulatorPid), false, `the simulator (pid ${r.simulatorPid}) outlived plc-loopback`);

      const verdicts = readScenarioVerdicts(join(r.dir, "cucumber-messages.ndjson"));
      assert.ok(verdicts.length > 40, `only ${verdicts.length} scenarios ran`);
      // Cucumber's own plan, the total on the progress line: a scenario
      // planned and never run would be missing from the verdicts.
      assert.equal(Number(/ \d+\/(\d+) done: /.exec(r.output)?.[1]), verdicts.length, r.output.slice(-2000));
      const bad = verdicts.filter((v) => v.verdict !== "pass" && v.verdict !== "not applicable");
      assert.deepEqual(
        bad.map((v) => `${v.verdict}: ${v.name}: ${v.reason}`),
        [],
      );

      const summary = readFileSync(join(r.dir, "summary.md"), "utf8");
      assert.match(summary, /^# OSGP conformance run: PASS$/m);
      assert.ok(
        summary.includes(`127.0.0.1:${r.gatewayPort}`),
        "the summary names another gateway than the one the simulator opened",
      );
      for (const clause of ["9.3", "9.4", "9.5", "9.6"]) {
        const row = new RegExp(
          `^\\| ${clause.replace(".", "\\.")} \\|[^|]*\\|[^|]*\\| \\*\\*pass\\*\\* \\| (\\d+) \\| 0 \\| 0 \\|`,
          "m",
        ).exec(summary);
        assert.ok(row !== null && Number(row[1]) > 0, `summary.md has no passing row for clause ${clause}`);
        assert.ok(
          verdicts.some((v) => v.clauses.includes(clause) && v.verdict === "pass"),
          `no scenario of clause ${clause} passed`,
        );
      }
    },
  );

  test(
    "a pcap per scenario that used the link, and the captures show requests lost and sent again until answered",
    { timeout: 240_000 },
    () => {
      const r = done();
      const captureDir = join(r.dir, "pcap", `plc-127.0.0.1-${r.gatewayPort}`);
      assert.ok(existsSync(captureDir), `no capture folder for the target plc:127.0.0.1:${r.gatewayPort}`);
      const files = pcapFilesUnder(join(r.dir, "pcap"));
      const verdicts = readScenarioVerdicts(join(r.dir, "cucumber-messages.ndjson"));
      // A scenario found not applicable before it opens the link (no logon service on PLC) sends
      // nothing and leaves no capture; every other scenario leaves exactly one.
      const passed = verdicts.filter((v) => v.verdict === "pass").length;
      assert.ok(
        files.length >= passed && files.length <= verdicts.length,
        `${files.length} captures for ${passed} passing of ${verdicts.length} scenarios`,
      );
      assert.ok(files.every((f) => f.startsWith(captureDir)));

      const retransmissions: Retransmission[] = [];
      let requests = 0;
      let responses = 0;
      for (const file of files) {
        const packets = dataPacketsIn(file, r.gatewayPort);
        for (const p of packets) {
          if (p.fromHarness) {
            requests++;
            assert.ok(
              isHarnessRequest(p.lon),
              `${file}: a request not from 1/1 to the meter 1/11 (or its unique id, or a broadcast)`,
            );
          } else {
            responses++;
            assert.ok(isUnicast(p.lon, METER_NODE, HARNESS_NODE), `${file}: a response not from 1/11 to 1/1`);
          }
        }
        retransmissions.push(...retransmissionsIn(file, packets));
      }
      // 10 % loss each way over hundreds of exchanges: a run with no retry would mean no loss was injected.
      assert.ok(requests > 100 && responses > 100, `${requests} requests, ${responses} responses`);
      assert.ok(retransmissions.length > 0, "no capture holds a retransmitted request: the channel lost nothing");
      assert.ok(
        retransmissions.some((t) => t.answered),
        `retransmissions ${JSON.stringify(retransmissions.slice(0, 5))} were never answered`,
      );
      // At 10 % loss most requests go through at once; resending half of them would mean answers are ignored.
      assert.ok(
        retransmissions.length < requests / 2,
        `${retransmissions.length} retransmissions of ${requests} requests`,
      );
    },
  );

  test(
    "tshark dissects a produced capture as CN/IP data between the configured LON nodes",
    { skip: TSHARK_SKIP, timeout: 240_000 },
    () => {
      const r = done();
      const file = pcapFilesUnder(join(r.dir, "pcap")).find((f) => /[/\\]9\.5-[^/\\]*\.pcap$/.test(f));
      assert.ok(file !== undefined, "no capture of a 9.5 scenario");
      const fields = [
        "udp.srcport",
        "udp.dstport",
        "cnip.type",
        "lon.srcnet",
        "lon.srcnode",
        "lon.dstnet",
        "lon.dstnode",
        "frame.protocols",
      ];
      const t = spawnSync(
        "tshark",
        [
          "-r",
          file,
          "-d",
          `udp.port==${r.gatewayPort},cnip`,
          "-T",
          "fields",
          ...fields.flatMap((f) => ["-e", f]),
          "-E",
          "separator=,",
        ],
        {
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      assert.equal(t.status, 0, t.stderr);
      const rows = t.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(","));
      assert.equal(rows.length, datagramsIn(file).length, t.stdout);

      let requests = 0;
      let responses = 0;
      for (const row of rows) {
        const [src, dst, type, srcnet, srcnode, dstnet, dstnode, protocols] = row;
        assert.doesNotMatch(protocols ?? "", /malformed/i, row.join(","));
        if (Number(type) !== CNIP_DATA_PACKET) continue;
        // Hex fields print as 0x.. in some versions and decimal in others, so compare numbers.
        const lon = [srcnet, srcnode, dstnet, dstnode].map(Number);
        if (Number(dst) === r.gatewayPort) {
          requests++;
          assert.deepEqual(
            lon,
            [HARNESS_NODE.subnet, HARNESS_NODE.node, METER_NODE.subnet, METER_NODE.node],
            row.join(","),
          );
        } else {
          assert.equal(Number(src), r.gatewayPort, row.join(","));
          responses++;
          assert.deepEqual(
            lon,
            [METER_NODE.subnet, METER_NODE.node, HARNESS_NODE.subnet, HARNESS_NODE.node],
            row.join(","),
          );
        }
        assert.match(protocols ?? "", /:cnip:lon/, row.join(","));
      }
      assert.ok(requests > 0 && responses > 0, `${requests} requests and ${responses} responses in ${file}`);
    },
  );
});

/** A UDP port on loopback that nobody listens on: bound by us, then released. */
function closedUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test(
  "without a gateway the 9.5 scenarios end inconclusive, quickly, naming the link error",
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "osgp-plc-nogateway-"));
    try {
      const pixit = join(dir, "pixit.json");
      writeFileSync(
        pixit,
        JSON.stringify({ keys: { omak: { text: "OMAK-SIM-KEY" } }, plc: { responseTimeoutSeconds: 0.2, retries: 1 } }),
      );
      const port = await closedUdpPort();
      const startedAt = Date.now();
      const r = await runHarness(
        ["--target", `plc:127.0.0.1:${port}`, "--pixit", pixit, "--tags", "@clause-9.5"],
        join(dir, "reports"),
        60_000,
      );
      const elapsed = Date.now() - startedAt;
      assert.notEqual(r.code, 0, r.output.slice(-3000));
      assert.ok(elapsed < 60_000, `took ${elapsed} ms`);

      const verdicts = readScenarioVerdicts(join(r.reportsDir, "cucumber-messages.ndjson"));
      assert.ok(verdicts.length > 0, "no scenario ran");
      for (const v of verdicts) {
        assert.ok(v.clauses.includes("9.5"), `${v.name} is not tagged @clause-9.5`);
        assert.equal(v.verdict, "inconclusive", `${v.name}: ${v.reason}`);
        assert.match(v.reason, /OSGP_ERR_UDP_SOCKET|OSGP_ERR_PLC_NO_RESPONSE/, v.name);
      }
      const summary = readFileSync(join(r.reportsDir, "summary.md"), "utf8");
      assert.match(summary, /^# OSGP conformance run: INCONCLUSIVE$/im);
      assert.match(summary, /^\| 9\.5 \|[^|]*\|[^|]*\| \*\*inconclusive\*\* \| 0 \| 0 \| [1-9]\d* \| 0 \|/m);
      assert.match(summary, /OSGP_ERR_UDP_SOCKET|OSGP_ERR_PLC_NO_RESPONSE/);
      assert.ok(summary.includes(`127.0.0.1:${port}`), "the summary does not name the gateway we pointed at");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
