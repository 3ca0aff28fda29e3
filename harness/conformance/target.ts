import { ConfigError } from "../errors";
import { DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { DEFAULT_MEP_KEYS_TEXT } from "../simulator/mep-port";
import { SIMULATOR_OMAK_TEXT } from "../simulator/plc-keys";
import { DEFAULT_PLC_NETWORK } from "../simulator/cnip-gateway";
import { ReferenceMeter } from "../simulator/meter";
import { parseDefect, type DefectName } from "../simulator/defects";
import { profileNamed, type MeterProfile } from "../simulator/profiles";
import { simulatorVciFields } from "./simulator-vci";
import { OUR_LAYOUTS } from "./provisional-layouts";
import { overlayPixit, PIXIT_DEFAULTS, type Pixit } from "./pixit";
import { tableName } from "../protocol/table-id";
import { procedureName } from "../protocol/procedure-id";
import type { BenchAddress, BenchRole, Link, LinkContext, LinkKind, LinkSession } from "../links/link-contract";
import { LINKS, linkOf } from "../links/links";
import type { TargetPort } from "../links/target-port";
import { scenarioPort, type TargetScenario } from "./recorded-target";
import { describeReplay, parseReplayTarget, type ReplaySpec } from "./replay-target";

/**
 * What the suite runs against, and over which link (harness/links/: each link says how its
 * targets are written):
 *   sim                       the built-in reference meter through its optical port, in process (the default)
 *   sim-mep                   the same meter through its MEP port (the secured serial link)
 *   sim-plc                   the same meter as node 1/11 of a PLC segment behind a simulated CN/IP gateway, in process
 *   sim[-mep|-plc]:PROFILE+DEFECT  any of these, with another profile and/or deliberate defects
 *   optical:PATH              a meter behind an optical probe on a serial port (or a pty)
 *   mep:PATH                  a meter's MEP port on a serial port (or a pty)
 *   plc:HOST[:PORT]           a meter on a PLC segment behind the CN/IP gateway at HOST (UDP port 1628 by default)
 */
export type { LinkKind };

export type TargetSpec =
  | { readonly kind: "sim"; readonly link: LinkKind; readonly profile: string; readonly defects: readonly DefectName[] }
  | ({ readonly link: LinkKind } & BenchAddress)
  | ReplaySpec;

/** The forms a target may take, for messages and usage texts. */
export function targetForms(): string {
  const sims = LINKS.map((l) => l.simulatorTarget);
  return [
    ...sims,
    `sim[${LINKS.filter((l) => l.simulatorTarget !== "sim")
      .map((l) => l.simulatorTarget.slice(3))
      .join("|")}]:PROFILE+DEFECT...`,
    ...LINKS.map((l) => l.benchForm),
  ].join(", ");
}

export function parseTarget(text: string): TargetSpec {
  const replay = parseReplayTarget(text);
  if (replay !== null) return replay;
  const sim = /^(sim(?:-[a-z0-9]+)?)(?:[:+](.*))?$/.exec(text);
  const simLink = sim === null ? undefined : LINKS.find((l) => l.simulatorTarget === sim[1]);
  if (sim !== null && simLink !== undefined) {
    const [head, ...defects] = (sim[2] ?? "").split("+");
    const profile = text.includes(":") && head !== undefined && head !== "" ? head : "reference";
    const named = text.includes(":") ? defects : [head ?? "", ...defects].filter((d) => d !== "");
    profileNamed(profile);
    return { kind: "sim", link: simLink.kind, profile, defects: named.map(parseDefect) };
  }
  const colon = text.indexOf(":");
  const link = colon < 0 ? undefined : LINKS.find((l) => l.kind === text.slice(0, colon));
  const address = link?.parseBench(text.slice(colon + 1)) ?? null;
  if (link !== undefined && address !== null) return { link: link.kind, ...address };
  throw new ConfigError("OSGP_ERR_TARGET", `unknown target "${text}": use ${targetForms()}`);
}

export function describeTarget(t: TargetSpec): string {
  if (t.kind === "replay") return describeReplay(t);
  const link = linkOf(t.link);
  if (t.kind === "sim")
    return `built-in simulator, ${link.portName} (profile ${t.profile}${t.defects.length ? `, defects ${t.defects.join(", ")}` : ""})`;
  return link.describeBench(t);
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
      hardwareLock: {
        read: profile.hardwareLock.read.map(tableName),
        write: profile.hardwareLock.write.map(tableName),
        procedures: profile.hardwareLock.procedures.map(procedureName),
      },
    },
    clock: { deltaProcedure: profile.features.clockDelta ? "EP16" : null, speed: SIMULATOR_CLOCK_SPEED },
    // BP10 completes within a few real milliseconds in process: 2 device seconds (0.2 s) is room enough.
    records: { leadSeconds: 2 },
    // The simulator's slowest procedure (EP16) completes in 150 ms; waiting 10 s for a stale BT08 only slows the
    // detection runs. Its M-Bus reads take 50 ms of real time: a 200 ms poll of BT08 would make them four times slower.
    procedures: { resultTimeoutMs: 2000, pollIntervalMs: 50 },
    // In process a PLC answer takes one turn of the event loop; a lost one would be a bug, not the channel.
    plc: { responseTimeoutSeconds: 0.5, retries: 1, receiveTimerMs: DEFAULT_PLC_NETWORK.receiveTimerMs },
    // The suite's own readings where the spec is silent, which the simulator follows.
    pending: { activationCount: "still-pending" },
    // The simulated load peaks in the evening; in process BP10 completes
    // in milliseconds, so 2 device seconds (0.2 s) lead enough.
    billing: { loadTime: "19:00:00", leadSeconds: 2, lagSeconds: 1 },
    // In process nothing needs to settle, and a campaign scenario of 10 s finds every robustness defect.
    fuzz: { budgetSeconds: 10, settleMs: 0 },
    // The simulator's bench (EP95, not OSGP) stands in for the lab's hands in the 8.17/8.18 scenarios.
    mepMbus: { simulatorBench: profile.features.mbus || profile.features.mepDevices, discoveryChannel: "lowest-free" },
    // The simulator's bench (EP94, not OSGP) presses the contactor's
    // button and fails self-tests; its load imports in the evening.
    control: { simulatorBench: profile.features.selfTest || profile.features.disconnect, loadImportsAt: "19:00:00" },
    vci: simulatorVciFields(profile),
    // Built on the suite's own layouts, the simulator is judged on them: its defects must still FAIL.
    layouts: { confirmed: OUR_LAYOUTS },
  };
}

/** Declared next to the PICS items, from which it is made. */
export { simulatorPics } from "./pics/simulator-pics";

/**
 * An open target: its link, and the port through which that link reaches the device. For the
 * simulator, one meter whose state lasts the whole scenario, reached through a fresh port per
 * connection; for a real meter, the serial port opened anew for each session (as a probe is
 * re-seated), or a fresh UDP socket to the PLC gateway.
 */
export interface Target {
  readonly spec: TargetSpec;
  readonly link: Link;
  /** The in-process meter, when the target is the simulator (its own state; never used for verdicts). */
  readonly meter: ReferenceMeter | null;
  readonly port: TargetPort;
  /** A session of the target's link with the key of `role`. */
  open(role: BenchRole, ctx: LinkContext): Promise<LinkSession>;
  /** One short attempt to be answered (LinkContract.probe). */
  probe(ctx: LinkContext): Promise<void>;
  /** Ends what the target keeps between sessions (the simulated gateway). */
  close(): Promise<void>;
}

/** With `scenario`, a scenario's target: replayed (`replay:FILE`), recorded (`run --record`), or neither. */
export function createTarget(spec: TargetSpec, pixit: Pixit, scenario: TargetScenario | null = null): Target {
  const link = linkOf(spec.link);
  const portOf = (made: () => TargetPort) =>
    scenario === null ? made() : scenarioPort(spec, scenario.targetText, pixit, made, scenario.key);
  if (spec.kind === "replay") {
    const noDevice = (): never => {
      throw new ConfigError(
        "OSGP_ERR_TARGET",
        `${describeReplay(spec)}: a recording replays a run's scenarios (run --target replay:FILE), not a bench command`,
      );
    };
    return targetOn(spec, link, null, portOf(noDevice));
  }
  if (spec.kind !== "sim")
    return targetOn(
      spec,
      link,
      null,
      portOf(() => link.benchPort(spec, pixit)),
    );
  const newMeter = () =>
    new ReferenceMeter({ profile: profileNamed(spec.profile), defects: spec.defects, clockSpeed: pixit.clock.speed });
  const meter = newMeter();
  return targetOn(
    spec,
    link,
    meter,
    portOf(() => link.simulatorPort(meter, newMeter, pixit)),
  );
}

function targetOn(spec: TargetSpec, link: Link, meter: ReferenceMeter | null, port: TargetPort): Target {
  return {
    spec,
    link,
    meter,
    port,
    open: (role, ctx) => link.open(port, role, ctx),
    probe: (ctx) => link.probe(port, ctx),
    close: () => port.close(),
  };
}

/** A target of `spec`'s link reached through a port of the caller's (a test's own device). */
export function targetOver(spec: TargetSpec, port: TargetPort, meter: ReferenceMeter | null = null): Target {
  return targetOn(spec, linkOf(spec.link), meter, port);
}
