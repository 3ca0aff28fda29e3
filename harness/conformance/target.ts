import { ConfigError } from "../errors";
import { defaultOpticalKeys, DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { OpticalPort } from "../simulator/optical-port";
import { ReferenceMeter } from "../simulator/meter";
import { parseDefect, type DefectName } from "../simulator/defects";
import { profileNamed, type MeterProfile } from "../simulator/profiles";
import { createInProcessPair } from "../transport/in-process";
import { openSerialTransport } from "../transport/serial";
import type { ByteTransport } from "../transport/byte-transport";
import { overlayPixit, PIXIT_DEFAULTS, type Pixit } from "./pixit";
import { tableName } from "../protocol/table-id";
import { procedureName } from "../protocol/procedure-id";

/**
 * What the suite runs against:
 *   sim                       the built-in reference meter, in process (the default)
 *   sim:PROFILE+DEFECT+...    the same with another profile and/or deliberate defects
 *   optical:PATH              a meter behind an optical probe on a serial port (or a pty)
 */
export type TargetSpec =
  | { readonly kind: "sim"; readonly profile: string; readonly defects: readonly DefectName[] }
  | { readonly kind: "optical"; readonly path: string };

export function parseTarget(text: string): TargetSpec {
  if (text === "sim" || text.startsWith("sim:") || text.startsWith("sim+")) {
    const [head, ...defects] = text.slice(3).replace(/^:/, "").split("+");
    const profile = head === "" || head === undefined ? "reference" : head;
    profileNamed(profile);
    return { kind: "sim", profile, defects: defects.map(parseDefect) };
  }
  if (text.startsWith("optical:") && text.length > "optical:".length) return { kind: "optical", path: text.slice("optical:".length) };
  throw new ConfigError("OSGP_ERR_TARGET", `unknown target "${text}": use sim, sim:PROFILE+DEFECT..., or optical:PATH`);
}

export function describeTarget(t: TargetSpec): string {
  return t.kind === "sim" ? `built-in simulator (profile ${t.profile}${t.defects.length ? `, defects ${t.defects.join(", ")}` : ""})` : `optical probe on ${t.path}`;
}

/**
 * The PIXIT of the built-in simulator: its documented keys, its hardware lock, and no pacing
 * (an in-process pipe needs neither wake-up gaps nor 100 ms between requests).
 */
export function simulatorPixit(profile: MeterProfile, base: Pixit = PIXIT_DEFAULTS): Pixit {
  return overlayPixit(base, {
    keys: { master: { text: DEFAULT_OPTICAL_KEYS_TEXT.mk }, provisioning: { text: DEFAULT_OPTICAL_KEYS_TEXT.pk }, reader: { text: DEFAULT_OPTICAL_KEYS_TEXT.rk } },
    session: { minRequestIntervalMs: 0, wakeup: { intervalMs: 0 } },
    device: {
      readerDeniedTable: profile.features.rtcCalibration ? "ET02" : null,
      hardwareLock: { read: profile.hardwareLock.read.map(tableName), write: profile.hardwareLock.write.map(tableName), procedures: profile.hardwareLock.procedures.map(procedureName) },
    },
    clock: { deltaProcedure: profile.features.clockDelta ? "EP16" : null },
  }, "built-in simulator PIXIT");
}

/**
 * An open target: for the simulator, one meter whose state lasts the whole scenario, reached
 * through a fresh optical port per connection; for a real meter, the serial port opened anew for
 * each session (as a probe is re-seated).
 */
export interface Target {
  /** The in-process meter, when the target is the simulator (its own state; never used for verdicts). */
  readonly meter: ReferenceMeter | null;
  connect(): Promise<ByteTransport>;
}

export function createTarget(target: TargetSpec, pixit: Pixit): Target {
  if (target.kind === "optical") {
    return { meter: null, connect: () => openSerialTransport({ ...pixit.serial, path: target.path }) };
  }
  const meter = new ReferenceMeter({ profile: profileNamed(target.profile), defects: target.defects });
  return {
    meter,
    connect: async () => {
      const [client, device] = createInProcessPair();
      new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: pixit.link, channelTrafficTimeoutMs: 6000 });
      return client;
    },
  };
}
