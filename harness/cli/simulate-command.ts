import { defaultOpticalKeys, type OpticalKeys } from "../simulator/optical-keys";
import { OpticalPort } from "../simulator/optical-port";
import { LogonLimit, type LogonLimitSettings } from "../simulator/logon-limit";
import { ReferenceMeter } from "../simulator/meter";
import { profileNamed } from "../simulator/profiles";
import type { DefectName } from "../simulator/defects";
import type { TestFault } from "../simulator/test-faults";
import { Redactor } from "../security/redactor";
import { addKey } from "../conformance/pixit-redactor";
import { Secret } from "../security/secret";
import { openSerialTransport } from "../transport/serial";
import { pacedTransport } from "../transport/paced-transport";
import { defaultMepKeys, MepPort, type MepKeys } from "../simulator/mep-port";
import type { TransportError } from "../errors";
import { PIXIT_DEFAULTS } from "../conformance/pixit";
import { ConfigError } from "../errors";
import { parseTableName } from "../protocol/table-id";
import { parseProcedureName } from "../protocol/procedure-id";
import type { OsgpCarriage } from "../link/lon/osgp-over-lon";
import { buildPlcNetwork, DEFAULT_PLC_NETWORK } from "../simulator/cnip-gateway";
import { CnipGatewayPort } from "../simulator/cnip-gateway-port";
import type { ImpairmentOptions } from "../simulator/plc-impairment";
import { defaultOmak } from "../simulator/plc-keys";
import { OMAK_LENGTH } from "../security/base-encryption-key";
import { openUdpEndpoint, resolveIpv4 } from "../transport/udp-endpoint";
import { formatPeer, type DatagramEndpoint } from "../transport/datagram-endpoint";
import type { ByteTransport } from "../transport/byte-transport";

/**
 * `osgp-conformance simulate --optical TTY --mep TTY --cnip HOST:PORT`: the reference meter behind
 * its C12.18 optical port and/or its MEP port, each on a serial device (a real port, or one end of
 * a socat pty pair), and/or as node 1/11 of a PLC segment behind a CN/IP gateway listening on UDP,
 * with sibling meters at 1/12, 1/13... It serves one session after another until stopped
 * (SIGINT/SIGTERM) or until a port goes away.
 */
export interface SimulateOptions {
  /** The tty of the optical port, the MEP port, or both (two ports of one meter). */
  readonly optical: string | null;
  readonly mep: string | null;
  /** HOST:PORT the simulated CN/IP gateway binds. */
  readonly cnip: string | null;
  /** How many meters sit behind the gateway (the first is the one shared with the serial ports). */
  readonly meters: number;
  readonly impairment: ImpairmentOptions;
  readonly carriage: OsgpCarriage;
  readonly omak: string | null;
  readonly mak: string | null;
  readonly mbk: string | null;
  readonly securityMode: "rc4" | "aes128" | null;
  readonly mk: string | null;
  readonly pk: string | null;
  readonly rk: string | null;
  readonly profile: string;
  readonly defects: readonly DefectName[];
  readonly startTime: string | null;
  readonly clockSpeed: number;
  /** Paces the serial ports like a real line at this many baud (8N1); null: as fast as the tty goes. */
  readonly lineRate?: number | null;
  readonly quiet: boolean;
  /**
   * A bench condition, not a defect: every port reads what comes and never writes a byte, as a
   * meter that is off or a probe that is not seated. A defect makes a scenario fail; silence can
   * only make one inconclusive, which is what the harness's dead-link handling is measured on.
   */
  readonly silent?: boolean;
  /** Faults of the harness's own tests (simulator/test-faults.ts), never a defect. */
  readonly testFaults?: readonly TestFault[];
  /** The optical port refuses logons for a hold-off after too many (logon-limit.ts): a meter's way, not a defect. */
  readonly logonLimit?: LogonLimitSettings | null;
  /** The optical port ends a session silent this long (C12.18's channel traffic time-out): 6 s. */
  readonly sessionTimeoutMs?: number;
  /** Replaces the profile's hardware lock when any list is given. */
  readonly lock: {
    readonly read: readonly string[];
    readonly write: readonly string[];
    readonly procedures: readonly string[];
  } | null;
}

export const PASSWORD_MAX = 20;

export async function simulate(o: SimulateOptions): Promise<number> {
  const keys = keysFrom(o);
  const startTimeMs = o.startTime === null ? undefined : Date.parse(o.startTime);
  if (startTimeMs !== undefined && Number.isNaN(startTimeMs))
    throw new ConfigError("OSGP_ERR_USAGE", `--start-time ${o.startTime} is not an ISO date-time`);
  const lock =
    o.lock === null
      ? undefined
      : {
          read: o.lock.read.map(parseTableName),
          write: o.lock.write.map(parseTableName),
          procedures: o.lock.procedures.map(parseProcedureName),
        };
  const meter = new ReferenceMeter({
    profile: profileNamed(o.profile),
    defects: o.defects,
    startTimeMs,
    clockSpeed: o.clockSpeed,
    hardwareLock: lock,
    securityMode: o.securityMode ?? undefined,
  });
  const mepKeys = mepKeysFrom(o);
  const testFaults: ReadonlySet<TestFault> = new Set(o.testFaults ?? []);
  // The ports log services by name and never a key or a security request's bytes; what a line
  // quotes anyway (a decode error of a request, a fault's stack) goes through the meter's keys.
  const redactor = new Redactor();
  for (const k of [keys.mk, keys.pk, keys.rk, mepKeys.mak, mepKeys.mbk]) addKey(redactor, k);
  const log = (port: string) => (line: string) => {
    if (!o.quiet) process.stderr.write(`${new Date().toISOString()} ${port}: ${redactor.scrub(line)}\n`);
  };
  const ports: { close(): Promise<void> }[] = [];
  let cnipBound = "";
  return new Promise<number>((resolve, reject) => {
    const lost = (error: TransportError | null) => {
      if (error === null) return;
      console.error(`simulator stopped: ${error.message}`);
      void Promise.all(ports.map((p) => p.close())).finally(() => resolve(2));
    };
    const open = async () => {
      if (o.optical !== null) {
        const t = await openSerialPort(o.optical, o.lineRate ?? null);
        ports.push(
          o.silent === true
            ? silentPort(t, log("optical"), lost)
            : new OpticalPort(t, {
                meter,
                keys,
                link: PIXIT_DEFAULTS.link,
                channelTrafficTimeoutMs: o.sessionTimeoutMs ?? 6000,
                log: log("optical"),
                onClosed: lost,
                testFaults,
                ...(o.logonLimit == null ? {} : { logonLimit: new LogonLimit(o.logonLimit) }),
              }),
        );
      }
      if (o.mep !== null) {
        const t = await openSerialPort(o.mep, o.lineRate ?? null);
        ports.push(
          o.silent === true
            ? silentPort(t, log("mep"), lost)
            : new MepPort(t, { meter, keys: mepKeys, log: log("mep"), onClosed: lost, testFaults }),
        );
      }
      if (o.cnip !== null) {
        const { address, port } = parseHostPort(o.cnip);
        const siblings = Array.from(
          { length: o.meters - 1 },
          () =>
            new ReferenceMeter({
              profile: profileNamed(o.profile),
              defects: o.defects,
              startTimeMs,
              clockSpeed: o.clockSpeed,
              hardwareLock: lock,
              securityMode: o.securityMode ?? undefined,
            }),
        );
        const omak = omakFrom(o);
        addKey(redactor, omak);
        const { gateway } = buildPlcNetwork([meter, ...siblings], omak, {
          impairment: o.impairment,
          carriage: o.carriage,
          log: log("plc"),
          testFaults,
        });
        const endpoint = await openUdpEndpoint({ bindAddress: await resolveIpv4(address), bindPort: port });
        cnipBound = formatPeer(endpoint.local);
        ports.push(
          o.silent === true
            ? silentEndpoint(endpoint, log("cnip"), lost)
            : new CnipGatewayPort(endpoint, gateway, { log: log("cnip"), onClosed: lost }),
        );
      }
    };
    open().then(() => {
      const stop = () => void Promise.all(ports.map((p) => p.close())).finally(() => resolve(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      const i = o.impairment;
      const impaired =
        i.lossPercent + i.duplicatePercent + i.delayMs + i.jitterMs > 0
          ? ` (loss ${i.lossPercent} %, duplicates ${i.duplicatePercent} %, delay ${i.delayMs}+${i.jitterMs} ms, seed ${i.seed})`
          : "";
      const cnip =
        o.cnip === null
          ? null
          : `CN/IP gateway on udp ${cnipBound} with ${o.meters} meter(s) from 1/${DEFAULT_PLC_NETWORK.firstNode}${impaired}`;
      const where = [
        o.optical === null ? null : `optical port on ${o.optical}`,
        o.mep === null ? null : `MEP port on ${o.mep}`,
        cnip,
      ]
        .filter((x) => x !== null)
        .join(", ");
      const defects = o.defects.length ? ` with defects ${o.defects.join(", ")}` : "";
      const silent = o.silent === true ? ", SILENT: every port reads and never answers" : "";
      const paced =
        (o.lineRate ?? null) === null || (o.optical === null && o.mep === null)
          ? ""
          : `, serial ports paced at ${o.lineRate} baud`;
      const faults = testFaults.size > 0 ? `, TEST FAULTS ${[...testFaults].join(", ")}` : "";
      const l = o.optical === null ? null : (o.logonLimit ?? null);
      const limit =
        l === null
          ? ""
          : `, logons refused (bsy) for ${l.holdOffMs / 1000} s after ${l.logons} within ${l.windowMs / 1000} s`;
      console.log(
        `simulator ready: ${where}, profile ${o.profile}, security mode ${meter.interface.securityMode}${defects}${silent}${paced}${faults}${limit}`,
      );
    }, reject);
  });
}

async function openSerialPort(path: string, lineRate: number | null): Promise<ByteTransport> {
  const t = await openSerialTransport({ ...PIXIT_DEFAULTS.serial, path, openTimeoutMs: 10000 });
  return lineRate === null ? t : pacedTransport(t, lineRate);
}

/** A port that takes every byte and answers none (--silent). */
function silentPort(
  t: ByteTransport,
  log: (line: string) => void,
  onClosed: (error: TransportError | null) => void,
): { close(): Promise<void> } {
  t.setListener({ data: (chunk) => log(`${chunk.length} byte(s) read, none answered (silent)`), closed: onClosed });
  return { close: () => t.close() };
}

function silentEndpoint(
  e: DatagramEndpoint,
  log: (line: string) => void,
  onClosed: (error: TransportError | null) => void,
): { close(): Promise<void> } {
  e.setListener({
    datagram: (bytes, from) => log(`${bytes.length}-byte datagram from ${formatPeer(from)}, not answered (silent)`),
    closed: onClosed,
  });
  return { close: () => e.close() };
}

function omakFrom(o: SimulateOptions): Secret {
  if (o.omak === null) return defaultOmak();
  const s = Secret.fromHex(o.omak, "OMAK");
  if (s.length !== OMAK_LENGTH) throw new ConfigError("OSGP_ERR_USAGE", `--omak must be ${OMAK_LENGTH} bytes of hex`);
  return s;
}

/** "127.0.0.1:1628", or a bare port for the loopback address. */
export function parseHostPort(text: string): { readonly address: string; readonly port: number } {
  const m = /^(?:(.+):)?(\d+)$/.exec(text);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 0 && port <= 0xffff))
    throw new ConfigError("OSGP_ERR_USAGE", `--cnip ${text}: give HOST:PORT (port 0..65535, 0 for any)`);
  return { address: m[1] ?? "127.0.0.1", port };
}

function mepKeysFrom(o: SimulateOptions): MepKeys {
  const d = defaultMepKeys();
  const key = (hex: string | null, fallback: Secret, label: string) => {
    if (hex === null) return fallback;
    const s = Secret.fromHex(hex, label);
    if (s.length < 16 || s.length > PASSWORD_MAX)
      throw new ConfigError(
        "OSGP_ERR_USAGE",
        `--${label.toLowerCase()} must be 16 to ${PASSWORD_MAX} bytes of hex (the first 16 are used)`,
      );
    return s;
  };
  return { mak: key(o.mak, d.mak, "MAK"), mbk: key(o.mbk, d.mbk, "MBK") };
}

function keysFrom(o: SimulateOptions): OpticalKeys {
  const d = defaultOpticalKeys();
  const key = (hex: string | null, fallback: Secret, label: string) => {
    if (hex === null) return fallback;
    const s = Secret.fromHex(hex, label);
    if (s.length === 0 || s.length > PASSWORD_MAX)
      throw new ConfigError("OSGP_ERR_USAGE", `--${label.toLowerCase()} must be 1 to ${PASSWORD_MAX} bytes of hex`);
    return s;
  };
  return { mk: key(o.mk, d.mk, "MK"), pk: key(o.pk, d.pk, "PK"), rk: key(o.rk, d.rk, "RK") };
}
