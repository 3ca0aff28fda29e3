import type { Pics } from "./pics/pics";
import { ConfigError } from "../errors";
import { defaultOpticalKeys, DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { OpticalPort } from "../simulator/optical-port";
import { DEFAULT_MEP_KEYS_TEXT, MepPort, defaultMepKeys } from "../simulator/mep-port";
import { SIMULATOR_OMAK_TEXT } from "../simulator/plc-keys";
import { ReferenceMeter } from "../simulator/meter";
import { parseDefect, type DefectName } from "../simulator/defects";
import { profileNamed, type MeterProfile } from "../simulator/profiles";
import type { FeatureSet } from "../simulator/meter-features";
import { createInProcessPair } from "../transport/in-process";
import { openSerialTransport } from "../transport/serial";
import type { ByteTransport } from "../transport/byte-transport";
import { overlayPixit, PIXIT_DEFAULTS, type Pixit } from "./pixit";
import { tableName } from "../protocol/table-id";
import { procedureName } from "../protocol/procedure-id";
import { CNIP_PORT } from "../link/cnip/cnip-header";
import { plcCarriage } from "./secured-suites";
import { simulatedPlcBench, udpPlcBench, type PlcBench } from "./plc-bench";

/**
 * What the suite runs against, and over which link:
 *   sim                       the built-in reference meter through its optical port, in process (the default)
 *   sim-mep                   the same meter through its MEP port (the secured serial link)
 *   sim-plc                   the same meter as node 1/11 of a PLC segment behind a simulated CN/IP gateway, in process
 *   sim[-mep|-plc]:PROFILE+DEFECT  any of these, with another profile and/or deliberate defects
 *   optical:PATH              a meter behind an optical probe on a serial port (or a pty)
 *   mep:PATH                  a meter's MEP port on a serial port (or a pty)
 *   plc:HOST[:PORT]           a meter on a PLC segment behind the CN/IP gateway at HOST (UDP port 1628 by default)
 */
export type LinkKind = "optical" | "mep" | "plc";

export type TargetSpec =
  | { readonly kind: "sim"; readonly link: LinkKind; readonly profile: string; readonly defects: readonly DefectName[] }
  | { readonly kind: "serial"; readonly link: "optical" | "mep"; readonly path: string }
  | { readonly kind: "udp"; readonly link: "plc"; readonly host: string; readonly port: number };

const SIM_LINKS: Readonly<Record<string, LinkKind>> = { "": "optical", "-mep": "mep", "-plc": "plc" };

export function parseTarget(text: string): TargetSpec {
  const sim = /^sim(-mep|-plc)?(?:[:+](.*))?$/.exec(text);
  if (sim !== null) {
    const [head, ...defects] = (sim[2] ?? "").split("+");
    const profile = text.includes(":") && head !== undefined && head !== "" ? head : "reference";
    const named = text.includes(":") ? defects : [head ?? "", ...defects].filter((d) => d !== "");
    profileNamed(profile);
    return { kind: "sim", link: SIM_LINKS[sim[1] ?? ""] as LinkKind, profile, defects: named.map(parseDefect) };
  }
  const serial = /^(optical|mep):(.+)$/.exec(text);
  if (serial !== null) return { kind: "serial", link: serial[1] as "optical" | "mep", path: serial[2] as string };
  const udp = /^plc:([^:]+)(?::(\d+))?$/.exec(text);
  if (udp !== null) {
    const port = udp[2] === undefined ? CNIP_PORT : Number(udp[2]);
    if (port < 1 || port > 0xffff) throw new ConfigError("OSGP_ERR_TARGET", `target "${text}": UDP port ${port} is outside 1..65535`);
    return { kind: "udp", link: "plc", host: udp[1] as string, port };
  }
  throw new ConfigError("OSGP_ERR_TARGET", `unknown target "${text}": use sim, sim-mep, sim-plc, sim[-mep|-plc]:PROFILE+DEFECT..., optical:PATH, mep:PATH or plc:HOST[:PORT]`);
}

const PORT_NAMES: Readonly<Record<LinkKind, string>> = { optical: "optical port", mep: "MEP port", plc: "PLC link" };

export function describeTarget(t: TargetSpec): string {
  const port = PORT_NAMES[t.link];
  switch (t.kind) {
    case "sim":
      return `built-in simulator, ${port} (profile ${t.profile}${t.defects.length ? `, defects ${t.defects.join(", ")}` : ""})`;
    case "serial":
      return `meter's ${port} on ${t.path}`;
    case "udp":
      return `meter on the PLC link through the CN/IP gateway at ${t.host}:${t.port}`;
  }
}

/** The built-in simulator's clock runs this many times faster than real time (PIXIT clock.speed). */
export const SIMULATOR_CLOCK_SPEED = 10;

/**
 * The PIXIT of the built-in simulator: its documented keys, its hardware lock, and no pacing
 * (an in-process pipe needs neither wake-up gaps nor 100 ms between requests).
 */
export function simulatorPixit(profile: MeterProfile, base: Pixit = PIXIT_DEFAULTS): Pixit {
  return overlayPixit(base, simulatorPixitOverlay(profile), "built-in simulator PIXIT");
}

/** The same as a PIXIT file holds it (JSON), for a run against the standalone simulator. */
export function simulatorPixitOverlay(profile: MeterProfile) {
  return {
    keys: {
      master: { text: DEFAULT_OPTICAL_KEYS_TEXT.mk },
      provisioning: { text: DEFAULT_OPTICAL_KEYS_TEXT.pk },
      reader: { text: DEFAULT_OPTICAL_KEYS_TEXT.rk },
      mepAdvanced: { text: DEFAULT_MEP_KEYS_TEXT.mak },
      mepBasic: { text: DEFAULT_MEP_KEYS_TEXT.mbk },
      omak: { text: SIMULATOR_OMAK_TEXT },
    },
    session: { minRequestIntervalMs: 0, wakeup: { intervalMs: 0 } },
    // The in-process port sends a long response in segments 25 ms apart, as a meter does; on a loaded
    // machine the timers behind those 25 ms can slip past the 50 ms a real line allows, cutting a
    // frame the meter sent whole. A wider gap here keeps the in-process runs about the meter.
    mep: { minRequestIntervalMs: 0, interByteTimeoutMs: 400 },
    security: { suite: profile.securityMode },
    device: {
      interfaceChangeTable: profile.features.mepTables ? "ET42" : null,
      readerDeniedTable: profile.features.rtcCalibration ? "ET02" : null,
      hardwareLock: { read: profile.hardwareLock.read.map(tableName), write: profile.hardwareLock.write.map(tableName), procedures: profile.hardwareLock.procedures.map(procedureName) },
    },
    clock: { deltaProcedure: profile.features.clockDelta ? "EP16" : null, speed: SIMULATOR_CLOCK_SPEED },
    // BP10 completes within a few real milliseconds in process: 2 device seconds (0.2 s) is room enough.
    records: { leadSeconds: 2 },
    // The simulator's slowest procedure (EP16) completes in 150 ms; waiting 10 s for a stale BT08 only slows the detection runs.
    // Its M-Bus reads take 50 ms of real time: a 200 ms poll of BT08 would make them four times slower.
    procedures: { resultTimeoutMs: 2000, pollIntervalMs: 50 },
    // In process a PLC answer takes one turn of the event loop; a lost one would be a bug, not the channel.
    plc: { responseTimeoutSeconds: 0.5, retries: 1 },
    // The simulated load peaks in the evening; in process BP10 completes in milliseconds, so 2 device seconds (0.2 s) lead enough.
    billing: { loadTime: "19:00:00", leadSeconds: 2, lagSeconds: 1 },
    // In process nothing needs to settle, and a campaign scenario of 10 s finds every robustness defect.
    fuzz: { budgetSeconds: 10, settleMs: 0 },
    // The simulator's bench (EP95, not OSGP) stands in for the lab's hands in the 8.17/8.18 scenarios.
    mepMbus: { simulatorBench: profile.features.mbus || profile.features.mepDevices },
    // The simulator's bench (EP94, not OSGP) presses the contactor's button and fails self-tests; its load imports in the evening.
    control: { simulatorBench: profile.features.selfTest || profile.features.disconnect, loadImportsAt: "19:00:00" },
    vci: ownVciFields(profile.features),
  };
}

/** Tables of the default VCI fields that only some profiles have, with the functions that bring them. */
const OPTIONAL_FIELD_TABLES: Readonly<Record<string, (f: FeatureSet) => boolean>> = {
  BT54: (f) => f.tou,
  ET47: (f) => f.tou && f.touOverride,
  ET48: (f) => f.overPowerTariff,
};

/**
 * The default VCI fields, less those in tables this profile lacks: a lab names fields of its own
 * meter, and a field in a table BT00 does not declare leaves its scenario inconclusive.
 */
function ownVciFields(f: FeatureSet) {
  const own = (texts: readonly string[]) => texts.filter((t) => OPTIONAL_FIELD_TABLES[t.split(".")[0] as string]?.(f) ?? true);
  const v = PIXIT_DEFAULTS.vci;
  return { fixed: own(v.fixed), meter: own(v.meter), host: own(v.host), values: own(v.values) };
}

/**
 * The simulator's PICS, as a vendor would declare it for a meter of that profile: each item from
 * the profile's functions (meter-features.ts). 9.12 (downloading) is not modelled.
 */
export function simulatorPics(profile: MeterProfile): Pics {
  const f = profile.features;
  const display = f.display;
  const disconnect = f.disconnect;
  return {
    "6.3": f.pendingTables,
    "6.8": f.mepTables,
    "7.4": f.mepTables,
    "7.5": profile.hardwareLock.read.length + profile.hardwareLock.write.length + profile.hardwareLock.procedures.length > 0,
    "8.2": f.tou,
    "8.2.1": f.touOverride,
    "8.2.2": f.overPowerTariff,
    "8.3.2": f.clockDelta,
    "8.4.2": f.totalEnergy,
    "8.6": f.selfTest,
    "8.7": f.pulseInputs,
    "8.8": f.powerQuality,
    ...Object.fromEntries(["8.9", "8.9.1", "8.9.2", "8.9.3", "8.9.4", "8.9.5", "8.9.6", "8.9.7", "8.9.8", "8.9.9"].map((id) => [id, display])),
    ...Object.fromEntries(["8.10", "8.10.1.3", "8.10.3", "8.10.4"].map((id) => [id, disconnect])),
    "8.10.2": f.prepaid,
    "8.11": f.controlRelay,
    "8.12": f.historyLog,
    "8.12.1": f.historyLog,
    "8.13": f.oneTimeReads,
    "8.14": f.groupBroadcasts,
    "8.15": f.demand,
    "8.15.1": f.demand,
    "8.16": f.testMode,
    "8.17": f.mepDevices,
    "8.18": f.mbus,
    "9.10": f.mepTables,
    "9.11": f.mepTables,
    "9.12": false,
  };
}

/**
 * An open target: for the simulator, one meter whose state lasts the whole scenario, reached
 * through a fresh port per connection; for a real meter, the serial port opened anew for each
 * session (as a probe is re-seated), or a fresh UDP socket to the PLC gateway.
 */
export interface Target {
  readonly spec: TargetSpec;
  /** The in-process meter, when the target is the simulator (its own state; never used for verdicts). */
  readonly meter: ReferenceMeter | null;
  /** A byte link (optical or MEP port). */
  connect(): Promise<ByteTransport>;
  /** A socket to the PLC gateway, and the gateway's address. */
  openDatagrams(): ReturnType<PlcBench["open"]>;
  /** Ends what the target keeps between sessions (the simulated gateway). */
  close(): Promise<void>;
}

export function createTarget(spec: TargetSpec, pixit: Pixit): Target {
  const noDatagrams = () => Promise.reject(new ConfigError("OSGP_ERR_TARGET", `${describeTarget(spec)} is not reached over UDP`));
  const noBytes = () => Promise.reject(new ConfigError("OSGP_ERR_TARGET", `${describeTarget(spec)} has no serial port`));
  switch (spec.kind) {
    case "serial":
      return { spec, meter: null, connect: () => openSerialTransport({ ...pixit.serial, path: spec.path }), openDatagrams: noDatagrams, close: async () => undefined };
    case "udp": {
      const bench = udpPlcBench(spec.host, spec.port, pixit);
      return { spec, meter: null, connect: noBytes, openDatagrams: () => bench.open(), close: () => bench.close() };
    }
    case "sim":
      break;
  }
  const newMeter = () => new ReferenceMeter({ profile: profileNamed(spec.profile), defects: spec.defects, clockSpeed: pixit.clock.speed });
  const meter = newMeter();
  if (spec.link === "plc") {
    const bench = simulatedPlcBench(meter, newMeter, plcCarriage(pixit));
    return { spec, meter, connect: noBytes, openDatagrams: () => bench.open(), close: () => bench.close() };
  }
  return {
    spec,
    meter,
    connect: async () => {
      const [client, device] = createInProcessPair();
      if (spec.link === "optical") new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: pixit.link, channelTrafficTimeoutMs: 6000 });
      else new MepPort(device, { meter, keys: defaultMepKeys() });
      return client;
    },
    openDatagrams: noDatagrams,
    close: async () => undefined,
  };
}
