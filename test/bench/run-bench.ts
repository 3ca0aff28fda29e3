/**
 * npm run bench: speed figures of the harness, as ratios measured in this one run (the machines
 * are shared and noisy, so absolute times mean little from one run to the next).
 *
 *  1. Codec round trips per second (encode then decode), for the hot paths of a session; OMA
 *     digests of 100-byte messages and secured exchanges (protect, check, answer, check) per second.
 *  2. The harness's own CPU time per exchange, as a share of that exchange's wire time at 9600 baud
 *     8N1 (goal <= 2 %): against the in-process simulator (where the figure includes the
 *     simulator's work, so it is an upper bound) and over a socat pty against the standalone
 *     simulator (where it is the harness process alone).
 *  3. PLC: ISO/IEC 14908-1 PDUs and CN/IP headers encoded and decoded per second, and the harness's
 *     time per secured exchange over UDP loopback against an assumed power-line channel time, in
 *     the same two settings as 2 (plc-bench-cases.ts, plc-exchanges.ts).
 *  4. Wall time of the whole catalogue against the built-in simulator and of `npm run detection`
 *     (suite-wall-time.ts); the single-file Allure report of that catalogue run: time to build it,
 *     its size, and the time headless Chromium takes to open it, goal < 5 s (report-bench.ts).
 *  5. Fuzzing: decoder cases per second and exchanges per second against the in-process simulator,
 *     bare and within a campaign (fuzz-bench.ts).
 *  6. What a dead link costs: the optical suite over a pty against the standalone simulator, clean
 *     and silent (never ACKs), as a ratio; goal: the silent run's summary within 2 minutes
 *     (dead-link-bench.ts).
 *  7. The bench commands: `dump` of every table of the reference meter over a pty against the
 *     standalone simulator, wall time (dump-bench.ts); the same dump side by side with termineter's
 *     dump_tables against the simulator paced at 9600 baud, goal ours <= 0.5 x its time, and the
 *     tables both read compared (termineter-bench.ts); the optical suite recorded over a pty and
 *     replayed, against the in-process simulator, goal ratio <= 1 (replay-bench.ts).
 *  8. A 2-minute soak: the optical suite in a loop over a pty at 9600 baud, each process's memory
 *     growth per hour (soak-bench.ts; `npm run soak` is the soak proper).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { decodePacket, encodePacket, PACKET_OVERHEAD } from "../../harness/link/c1218/packet";
import { C1218_TABLE_CODEC, decodeTableRequest, encodeTableRequest } from "../../harness/protocol/table-requests";
import { decodeReadResponse, encodeReadResponse } from "../../harness/protocol/table-responses";
import {
  decodeGeneralConfiguration,
  encodeGeneralConfiguration,
} from "../../harness/protocol/tables/bt00-general-configuration";
import { Secret } from "../../harness/security/secret";
import { OpticalSession, type OpticalSessionSettings } from "../../harness/session/optical-session";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";
import { openSerialTransport } from "../../harness/transport/serial";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { unwrap } from "../../harness/bytes/decoded";
import { securityBenchCases } from "./security-cases";
import { plcCodecBenchCases } from "./plc-bench-cases";
import { plcExchanges } from "./plc-exchanges";
import { fuzzBench } from "./fuzz-bench";
import { suiteWallTimes } from "./suite-wall-time";
import { reportBench } from "./report-bench";
import { deadLinkWallTimes } from "./dead-link-bench";
import { dumpBench } from "./dump-bench";
import { termineterBench } from "./termineter-bench";
import { replayBench } from "./replay-bench";
import { soakBench } from "./soak-bench";
import { lineRateSuiteBench } from "./line-rate-suite-bench";

const BIN = join(__dirname, "..", "..", "harness", "cli", "bin.js");

function rate(name: string, fn: () => void, ms = 700): void {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  const perSec = n / ((performance.now() - t0) / 1000);
  console.log(`  ${name.padEnd(44)} ${Math.round(perSec).toLocaleString("en").padStart(12)} /s`);
}

function codecs(): void {
  console.log("codec round trips (encode + decode)");
  const read = { service: "partial-read" as const, tableId: 0x0803, offset: 0, count: 30 };
  rate("partial read request", () =>
    unwrap(decodeTableRequest(encodeTableRequest(read, C1218_TABLE_CODEC), C1218_TABLE_CODEC)),
  );
  const resp = { code: 0 as const, data: new Uint8Array(64).fill(7) };
  rate("read response, 64 data bytes + checksum", () =>
    unwrap(decodeReadResponse(encodeReadResponse(resp, C1218_TABLE_CODEC), C1218_TABLE_CODEC)),
  );
  const packet = {
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle: true,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: new Uint8Array(56).fill(3),
  };
  rate("C12.18 packet, 56 data bytes + CRC", () => decodePacket(encodePacket(packet)));
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const r = unwrap(
    decodeReadResponse(
      meter.serve(
        encodeTableRequest({ service: "full-read", tableId: 0 }, C1218_TABLE_CODEC),
        "none",
        C1218_TABLE_CODEC,
        8000,
      ),
      C1218_TABLE_CODEC,
    ),
  );
  if (!("data" in r)) throw new Error("the reference meter refused BT00");
  const bt00 = unwrap(decodeGeneralConfiguration(r.data));
  rate("BT00 table (79 bytes)", () => unwrap(decodeGeneralConfiguration(encodeGeneralConfiguration(bt00))));
}

const SETTINGS: OpticalSessionSettings = {
  link: PIXIT_DEFAULTS.link,
  responseTimeoutMs: 2000,
  wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
  negotiate: { packetSize: 64, packetCount: 2, baudRate: 9600 },
  logon: { userId: 0, user: "BENCH" },
  minRequestIntervalMs: 0,
};

/** Bytes on the wire for one partial read of `count` bytes: request packet, ACK, response packet, ACK. */
function wireMs(count: number): number {
  const request = PACKET_OVERHEAD + 8;
  const response = PACKET_OVERHEAD + 1 + 2 + count + 1;
  const bytes = request + 1 + response + 1;
  return (bytes * 10 * 1000) / 9600;
}

async function exchanges(label: string, transport: ByteTransport, n: number): Promise<void> {
  const session = new OpticalSession(transport, SETTINGS);
  await session.open(Secret.fromText("SIM-READER-KEY", "RK"));
  for (let i = 0; i < 50; i++) await session.readPartial(1, 0, 24);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await session.readPartial(1, 0, 24);
  const wall = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  await session.close();
  const wire = wireMs(24);
  console.log(
    `  ${label.padEnd(44)} cpu ${cpuMs.toFixed(3)} ms, wall ${wall.toFixed(3)} ms per exchange; wire time at 9600 baud ${wire.toFixed(1)} ms; cpu/wire ${((100 * cpuMs) / wire).toFixed(2)} % (goal <= 2 %); ${Math.round(1000 / wall)} exchanges/s`,
  );
}

async function inProcess(): Promise<void> {
  const [client, device] = createInProcessPair();
  new OpticalPort(device, {
    meter: new ReferenceMeter({ profile: profileNamed("reference") }),
    keys: defaultOpticalKeys(),
    link: PIXIT_DEFAULTS.link,
    channelTrafficTimeoutMs: 6000,
  });
  await exchanges("in-process simulator (harness + simulator)", client, 3000);
}

async function overPty(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "osgp-bench-"));
  const a = join(dir, "a");
  const b = join(dir, "b");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  socat.on("error", () => undefined);
  try {
    for (let i = 0; i < 200 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 25));
    if (!existsSync(b)) {
      console.log("  pty: skipped (socat is not installed)");
      return;
    }
    const sim = spawn(process.execPath, [BIN, "simulate", "--optical", a, "--quiet"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve) =>
        sim.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
      );
      await exchanges(
        "pty, standalone simulator (harness alone)",
        await openSerialTransport({ ...PIXIT_DEFAULTS.serial, path: b }),
        1000,
      );
    } finally {
      sim.kill("SIGTERM");
    }
  } finally {
    socat.kill("SIGTERM");
  }
}

function security(): void {
  console.log("security (a request protected, checked, answered and the answer checked, where it says exchange)");
  for (const c of securityBenchCases()) rate(c.name, c.run);
}

function plcCodecs(): void {
  console.log("PLC codecs (one way, or the whole datagram both ways where it says round trip)");
  for (const c of plcCodecBenchCases()) rate(c.name, c.run);
}

async function main(): Promise<void> {
  codecs();
  security();
  plcCodecs();
  console.log("harness time per exchange (partial read of 24 bytes of BT01)");
  await inProcess();
  await overPty();
  await plcExchanges(BIN);
  await dumpBench(BIN);
  await termineterBench(BIN);
  await replayBench();
  await fuzzBench();
  await reportBench(await suiteWallTimes(BIN));
  await deadLinkWallTimes();
  await lineRateSuiteBench();
  await soakBench();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
