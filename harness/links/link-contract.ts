import type { Pixit } from "../conformance/pixit";
import type { Redactor } from "../security/redactor";
import type { ExchangeObserver } from "../session/exchange-observer";
import type { OpticalSession } from "../session/optical-session";
import type { SecuredRole, SecuredSession } from "../session/secured-session";
import type { TableClient } from "../session/table-client";
import type { Trace } from "../session/trace";
import type { ReferenceMeter } from "../simulator/meter";
import type { CapturedDatagram } from "../transport/datagram-capture";
import type { TargetPort } from "./target-port";

/**
 * What the suite needs of a link (optical port, MEP port, PLC through a CN/IP gateway), in one
 * place: how its targets are written, how its port is reached on a bench and in the simulator,
 * which key each role uses, how a session opens, and how a lost link is probed. Everything above
 * (the scenarios' world, the fuzz device, the bench commands, the run command, cucumber's
 * profiles) holds a `Link` and never asks which one it is. A new link is a folder beside
 * optical/, mep/ and plc/ implementing this, listed in links.ts, plus its features.
 */
export type LinkKind = "optical" | "mep" | "plc";

/** The roles a scenario asks for, by the optical port's names; each link maps them onto its keys. */
export type SessionRole = "master" | "provisioning" | "reader" | "none";
/** A bench command may also name a secured link's own roles. */
export type BenchRole = SessionRole | SecuredRole;

/** The real device's side of a target: the address the lab wrote. */
export type BenchAddress =
  | { readonly kind: "serial"; readonly path: string }
  | { readonly kind: "udp"; readonly host: string; readonly port: number };

export interface LinkContext {
  readonly pixit: Pixit;
  readonly redactor: Redactor;
  /** Told how every exchange ended (the link health of a run); a port that does not open counts too. */
  readonly observer?: ExchangeObserver;
  /** Gets the session's frame trace as soon as there is one, so that a logon that fails still shows it. */
  readonly onTrace?: (trace: Trace, name: string) => void;
  /** Every datagram of a datagram link, both ways (the scenario's pcap). */
  readonly onDatagram?: (d: CapturedDatagram) => void;
  /** The security suite, when a scenario asks for another than the PIXIT's. */
  readonly suite?: Pixit["security"]["suite"];
}

/** An open session of a link, whatever the link. */
export interface LinkSession {
  readonly client: TableClient;
  readonly trace: Trace;
  /** Set on the optical port (its C12.18 services), null elsewhere. */
  readonly optical: OpticalSession | null;
  /** Set on the secured links (MEP, PLC), null on the optical port. */
  readonly secured: SecuredSession | null;
  /** Bytes written as they are, outside the link's protocol (or as one datagram): fuzzing. */
  inject(bytes: Uint8Array): Promise<void>;
  /** `farewell: false` skips the goodbye exchanges (logoff, terminate) over a link known lost. */
  close(options?: { readonly farewell?: boolean }): Promise<void>;
  /**
   * Handed on from an earlier scenario (session-keeper.ts): the next request finds out whether the
   * device still holds the session (harness/session/resumed-session.ts). Absent on a connection a
   * scenario drives itself, which is never kept.
   */
  resume?(r: Resumption): void;
  /**
   * The same connection under another role, where the link's sessions log on (the optical port:
   * C12.18 returns the device to its ID state after Logoff, where Logon is valid again). Throws
   * what an opening throws when the device refuses a step, having first ended the session and
   * closed the port: the caller then opens a fresh session. Absent where a session has no logon,
   * and on a connection a scenario drives itself.
   */
  relogon?(role: BenchRole): Promise<void>;
}

export interface Resumption {
  /** Where the session came from, as the trace and an error name it. */
  readonly origin: string;
  /** Runs the link's reopening of a session the device ended, as any opening runs (the logon hold-off). */
  readonly reopening: (open: () => Promise<void>) => Promise<void>;
  /** Told when the first answer leaves it unknown whether the device still held the session. */
  readonly onUnknown: () => void;
}

export interface Link {
  readonly kind: LinkKind;
  /** The cucumber tag of its features. */
  readonly tag: `@${LinkKind}`;
  /** How messages name its port: "optical port". */
  readonly portName: string;
  /** The built-in simulator's target of this link: "sim", "sim-mep", "sim-plc". */
  readonly simulatorTarget: string;
  /** How a lab writes a target on a real device of this link: "optical:PATH". */
  readonly benchForm: string;
  /** The address of a real device, from the text after `kind:`, or null when it is not this link's form. */
  parseBench(rest: string): BenchAddress | null;
  /** The address the PIXIT gives when the target is the bare link name (`--target optical`). */
  benchFromPixit(pixit: Pixit): BenchAddress | { readonly missing: string };
  describeBench(address: BenchAddress): string;
  /** The address as a target names it, after `kind:` (the inverse of parseBench). */
  benchText(address: BenchAddress): string;
  /** The port of a real device. */
  benchPort(address: BenchAddress, pixit: Pixit): TargetPort;
  /** The port of the built-in simulator's `meter` (`siblings` makes the other meters a link may need). */
  simulatorPort(meter: ReferenceMeter, siblings: () => ReferenceMeter, pixit: Pixit): TargetPort;
  /** The roles the link opens sessions with, and why the others do not apply. */
  roleOf(role: BenchRole): { readonly role: BenchRole } | { readonly none: string };
  /** Whether sessions log on and send a password (C12.18's logon and security services). */
  readonly logonServices: boolean;
  /** The role with full access (clean-ups) and the one with the least that still needs a key. */
  readonly adminRole: SessionRole;
  readonly leastKeyedRole: SessionRole;
  /** The PIXIT items of 9.7 for a secured link (mep.*, plc.*); null for a link without sequence numbers. */
  sequencePixit(
    pixit: Pixit,
  ): { readonly firstSequence: number; readonly sequenceWindow: number; readonly encrypt: boolean } | null;
  /** The least time between two requests, as the PIXIT sets it for this link. */
  minRequestIntervalMs(pixit: Pixit): number;
  open(port: TargetPort, role: BenchRole, ctx: LinkContext): Promise<LinkSession>;
  /**
   * One short attempt to be answered over a lost link, no retransmission and no retry. Any answer,
   * a refusal included, is a link that carries; without a key to probe with, nothing is sent.
   */
  probe(port: TargetPort, ctx: LinkContext): Promise<void>;
}
