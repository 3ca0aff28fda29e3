import { spawn, type ChildProcess } from "node:child_process";
import { keyFor } from "../../harness/conformance/pixit";
import { omakSuites, plcSessionSettings } from "../../harness/links/plc/plc-settings";
import { simulatorPixit } from "../../harness/conformance/target";
import { CNIP_HEADER_SIZE } from "../../harness/link/cnip/cnip-header";
import { DEFAULT_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { Redactor } from "../../harness/security/redactor";
import { PlcSession } from "../../harness/session/plc-session";
import { buildPlcNetwork, DEFAULT_PLC_NETWORK } from "../../harness/simulator/cnip-gateway";
import { CnipGatewayPort } from "../../harness/simulator/cnip-gateway-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import type { PeerAddress } from "../../harness/transport/datagram-endpoint";
import { peerTransport } from "../../harness/transport/peer-transport";
import { openUdpEndpoint } from "../../harness/transport/udp-endpoint";

/**
 * The harness's time per PLC exchange (a secured partial read of BT01) over UDP loopback, beside
 * the time the exchange would hold a real power-line channel. The channel time is an assumption,
 * not a measurement: an ISO/IEC 14908-1 PL channel at 5.4 kbit/s (the figure usually quoted for
 * PL-20 class transceivers; a slower band only lengthens it), each PDU plus its 2-byte CRC at 8 bits
 * a byte, nothing for preamble, priority/beta slots or the gateway's turnaround. That makes it a
 * lower bound on channel time, so the cpu/channel ratio is an upper bound.
 */
const PL_BITS_PER_SECOND = 5400;
const PL_CRC_BYTES = 2;
/**
 * BT01 of the reference profile is 24 bytes; the meter pads a
 * read past the end with zeros (9.5), so this is a full answer.
 */
const READ = { tableId: 1, offset: 0, count: 64 } as const;

/** Counts the 14908-1 bytes of each tunnelled datagram (the CN/IP header is not on the channel). */
function counting(t: ByteTransport, tally: { bytes: number }): ByteTransport {
  const pl = (datagram: Uint8Array) => (tally.bytes += datagram.length - CNIP_HEADER_SIZE + PL_CRC_BYTES);
  return {
    description: t.description,
    write: (b) => (pl(b), t.write(b)),
    setListener: (l) => t.setListener({ data: (b) => (pl(b), l.data(b)), closed: (e) => l.closed(e) }),
    setBaudRate: (r) => t.setBaudRate(r),
    close: () => t.close(),
  };
}

async function exchanges(label: string, gateway: PeerAddress, n: number): Promise<void> {
  const pixit = simulatorPixit(profileNamed("reference"));
  const endpoint = await openUdpEndpoint({ bindAddress: "127.0.0.1", bindPort: 0, peer: gateway });
  const tally = { bytes: 0 };
  const session = new PlcSession(
    counting(peerTransport(endpoint, gateway), tally),
    plcSessionSettings(pixit),
    omakSuites(pixit, keyFor(pixit, "omak"), "rc4"),
    new Redactor(),
  );
  try {
    await session.open();
    const read = () => session.readPartial(READ.tableId, READ.offset, READ.count);
    const first = await read();
    if (!("data" in first) || first.data.length !== READ.count)
      throw new Error(`the simulator did not answer the bench read of BT01 in full (code ${first.code})`);
    for (let i = 0; i < 50; i++) await read();
    tally.bytes = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await read();
    const wall = (performance.now() - t0) / n;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / n;
    const channelMs = ((tally.bytes / n) * 8 * 1000) / PL_BITS_PER_SECOND;
    console.log(
      `  ${label.padEnd(44)} cpu ${cpuMs.toFixed(3)} ms, wall ${wall.toFixed(3)} ms per exchange; PL channel time at 5.4 kbit/s ${channelMs.toFixed(1)} ms (${tally.bytes / n} bytes); cpu/channel ${((100 * cpuMs) / channelMs).toFixed(2)} %; ${Math.round(1000 / wall)} exchanges/s`,
    );
  } finally {
    await session.close();
  }
}

/** The gateway in this process on a real socket: the CPU figure includes the simulator's work. */
async function inProcess(): Promise<void> {
  const meters = Array.from(
    { length: DEFAULT_PLC_NETWORK.meterCount },
    () => new ReferenceMeter({ profile: profileNamed("reference"), defects: [] }),
  );
  const { gateway } = buildPlcNetwork(meters, defaultOmak(), { carriage: DEFAULT_CARRIAGE });
  const endpoint = await openUdpEndpoint({ bindAddress: "127.0.0.1", bindPort: 0 });
  const port = new CnipGatewayPort(endpoint, gateway);
  try {
    await exchanges("UDP, in-process gateway (harness + sim)", endpoint.local, 2000);
  } finally {
    await port.close();
  }
}

/** The standalone simulator's own process does the gateway's work, so the CPU figure is the harness's alone. */
async function standalone(bin: string): Promise<void> {
  const sim = spawn(process.execPath, [bin, "simulate", "--cnip", "127.0.0.1:0", "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await readyPort(sim);
    if (port === 0) {
      console.log("  UDP, standalone simulator: skipped (its ready line does not give the bound port)");
      return;
    }
    await exchanges("UDP, standalone simulator (harness alone)", { address: "127.0.0.1", port }, 2000);
  } finally {
    if (sim.exitCode === null && sim.signalCode === null) {
      sim.kill("SIGTERM");
      await new Promise((r) => sim.once("exit", r));
    }
  }
}

function readyPort(sim: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    sim.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /CN\/IP gateway on udp [\d.]+:(\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
    sim.once("exit", (code) =>
      reject(new Error(`the simulator exited (${code}) before its ready line: ${out.trim()}`)),
    );
    sim.once("error", reject);
  });
}

export async function plcExchanges(bin: string): Promise<void> {
  console.log(
    `harness time per PLC exchange (secured partial read of ${READ.count} bytes of BT01, UDP loopback, ${DEFAULT_PLC_NETWORK.meterCount} meters behind the gateway)`,
  );
  await inProcess();
  await standalone(bin);
}
