import { defaultOpticalKeys, type OpticalKeys } from "../simulator/optical-keys";
import { OpticalPort } from "../simulator/optical-port";
import { ReferenceMeter } from "../simulator/meter";
import { profileNamed } from "../simulator/profiles";
import type { DefectName } from "../simulator/defects";
import { Secret } from "../security/secret";
import { openSerialTransport } from "../transport/serial";
import { PIXIT_DEFAULTS } from "../conformance/pixit";
import { ConfigError } from "../errors";
import { parseTableName } from "../protocol/table-id";
import { parseProcedureName } from "../protocol/procedure-id";

/**
 * `osgp-conformance simulate --optical TTY`: the reference meter behind a C12.18 optical port on a
 * serial device (a real port, or one end of a socat pty pair). It serves one session after
 * another until stopped (SIGINT/SIGTERM) or until the port goes away.
 */
export interface SimulateOptions {
  readonly optical: string;
  readonly mk: string | null;
  readonly pk: string | null;
  readonly rk: string | null;
  readonly profile: string;
  readonly defects: readonly DefectName[];
  readonly startTime: string | null;
  readonly clockSpeed: number;
  readonly quiet: boolean;
  /** Replaces the profile's hardware lock when any list is given. */
  readonly lock: { readonly read: readonly string[]; readonly write: readonly string[]; readonly procedures: readonly string[] } | null;
}

export const PASSWORD_MAX = 20;

export async function simulate(o: SimulateOptions): Promise<number> {
  const keys = keysFrom(o);
  const startTimeMs = o.startTime === null ? undefined : Date.parse(o.startTime);
  if (startTimeMs !== undefined && Number.isNaN(startTimeMs)) throw new ConfigError("OSGP_ERR_USAGE", `--start-time ${o.startTime} is not an ISO date-time`);
  const lock = o.lock === null ? undefined : { read: o.lock.read.map(parseTableName), write: o.lock.write.map(parseTableName), procedures: o.lock.procedures.map(parseProcedureName) };
  const meter = new ReferenceMeter({ profile: profileNamed(o.profile), defects: o.defects, startTimeMs, clockSpeed: o.clockSpeed, hardwareLock: lock });
  const transport = await openSerialTransport({ ...PIXIT_DEFAULTS.serial, path: o.optical, openTimeoutMs: 10000 });
  // The port logs services by name and never the bytes of a security request, so no key reaches stderr.
  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  return new Promise<number>((resolve) => {
    const port = new OpticalPort(transport, {
      meter,
      keys,
      link: PIXIT_DEFAULTS.link,
      channelTrafficTimeoutMs: 6000,
      log,
      onClosed: (error) => {
        if (error !== null) {
          console.error(`simulator stopped: ${error.message}`);
          resolve(2);
        }
      },
    });
    const stop = () => void port.close().finally(() => resolve(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const defects = o.defects.length ? ` with defects ${o.defects.join(", ")}` : "";
    console.log(`simulator ready: optical port on ${o.optical}, profile ${o.profile}${defects}`);
  });
}

function keysFrom(o: SimulateOptions): OpticalKeys {
  const d = defaultOpticalKeys();
  const key = (hex: string | null, fallback: Secret, label: string) => {
    if (hex === null) return fallback;
    const s = Secret.fromHex(hex, label);
    if (s.length === 0 || s.length > PASSWORD_MAX) throw new ConfigError("OSGP_ERR_USAGE", `--${label.toLowerCase()} must be 1 to ${PASSWORD_MAX} bytes of hex`);
    return s;
  };
  return { mk: key(o.mk, d.mk, "MK"), pk: key(o.pk, d.pk, "PK"), rk: key(o.rk, d.rk, "RK") };
}
