import { ConfigError } from "../errors";
import { defaultOpticalKeys, DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { OpticalPort } from "../simulator/optical-port";
import { DEFAULT_MEP_KEYS_TEXT, MepPort, defaultMepKeys } from "../simulator/mep-port";
import { SIMULATOR_OMAK_TEXT } from "../simulator/plc-keys";
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
 * What the suite runs against, and over which link:
 *   sim                       the built-in reference meter through its optical port, in process (the default)
 *   sim-mep                   the same meter through its MEP port (the secured serial link)
 *   sim[-mep]:PROFILE+DEFECT  either, with another profile and/or deliberate defects
 *   optical:PATH              a meter behind an optical probe on a serial port (or a pty)
 *   mep:PATH                  a meter's MEP port on a serial port (or a pty)
 */
export type LinkKind = "optical" | "mep";

export type TargetSpec =
  | { readonly kind: "sim"; readonly link: LinkKind; readonly profile: string; readonly defects: readonly DefectName[] }
  | { readonly kind: "serial"; readonly link: LinkKind; readonly path: string };

export function parseTarget(text: string): TargetSpec {
  const sim = /^sim(-mep)?(?:[:+](.*))?$/.exec(text);
  if (sim !== null) {
    const [head, ...defects] = (sim[2] ?? "").split("+");
    const profile = text.includes(":") && head !== undefined && head !== "" ? head : "reference";
    const named = text.includes(":") ? defects : [head ?? "", ...defects].filter((d) => d !== "");
    profileNamed(profile);
    return { kind: "sim", link: sim[1] === undefined ? "optical" : "mep", profile, defects: named.map(parseDefect) };
  }
  const serial = /^(optical|mep):(.+)$/.exec(text);
  if (serial !== null) return { kind: "serial", link: serial[1] as LinkKind, path: serial[2] as string };
  throw new ConfigError("OSGP_ERR_TARGET", `unknown target "${text}": use sim, sim-mep, sim[-mep]:PROFILE+DEFECT..., optical:PATH or mep:PATH`);
}

export function describeTarget(t: TargetSpec): string {
  const port = t.link === "optical" ? "optical port" : "MEP port";
  return t.kind === "sim"
    ? `built-in simulator, ${port} (profile ${t.profile}${t.defects.length ? `, defects ${t.defects.join(", ")}` : ""})`
    : `meter's ${port} on ${t.path}`;
}

/**
 * The PIXIT of the built-in simulator: its documented keys, its hardware lock, and no pacing
 * (an in-process pipe needs neither wake-up gaps nor 100 ms between requests).
 */
export function simulatorPixit(profile: MeterProfile, base: Pixit = PIXIT_DEFAULTS): Pixit {
  return overlayPixit(base, {
    keys: {
      master: { text: DEFAULT_OPTICAL_KEYS_TEXT.mk },
      provisioning: { text: DEFAULT_OPTICAL_KEYS_TEXT.pk },
      reader: { text: DEFAULT_OPTICAL_KEYS_TEXT.rk },
      mepAdvanced: { text: DEFAULT_MEP_KEYS_TEXT.mak },
      mepBasic: { text: DEFAULT_MEP_KEYS_TEXT.mbk },
      omak: { text: SIMULATOR_OMAK_TEXT },
    },
    session: { minRequestIntervalMs: 0, wakeup: { intervalMs: 0 } },
    mep: { minRequestIntervalMs: 0, suite: profile.securityMode },
    device: {
      interfaceChangeTable: profile.features.mepTables ? "ET42" : null,
      readerDeniedTable: profile.features.rtcCalibration ? "ET02" : null,
      hardwareLock: { read: profile.hardwareLock.read.map(tableName), write: profile.hardwareLock.write.map(tableName), procedures: profile.hardwareLock.procedures.map(procedureName) },
    },
    clock: { deltaProcedure: profile.features.clockDelta ? "EP16" : null },
  }, "built-in simulator PIXIT");
}

/**
 * An open target: for the simulator, one meter whose state lasts the whole scenario, reached
 * through a fresh port per connection; for a real meter, the serial port opened anew for each
 * session (as a probe is re-seated).
 */
export interface Target {
  readonly spec: TargetSpec;
  /** The in-process meter, when the target is the simulator (its own state; never used for verdicts). */
  readonly meter: ReferenceMeter | null;
  connect(): Promise<ByteTransport>;
}

export function createTarget(spec: TargetSpec, pixit: Pixit): Target {
  if (spec.kind === "serial") {
    return { spec, meter: null, connect: () => openSerialTransport({ ...pixit.serial, path: spec.path }) };
  }
  const meter = new ReferenceMeter({ profile: profileNamed(spec.profile), defects: spec.defects });
  return {
    spec,
    meter,
    connect: async () => {
      const [client, device] = createInProcessPair();
      if (spec.link === "optical") new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: pixit.link, channelTrafficTimeoutMs: 6000 });
      else new MepPort(device, { meter, keys: defaultMepKeys() });
      return client;
    },
  };
}
