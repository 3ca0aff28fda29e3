import { ConfigError } from "../errors";
import { Redactor } from "../security/redactor";
import type { Secret } from "../security/secret";
import { MepSession } from "../session/mep-session";
import { OpticalSession } from "../session/optical-session";
import { PlcSession } from "../session/plc-session";
import type { SecuredRole } from "../session/secured-session";
import type { SecuritySuite } from "../security/security-suite";
import type { TableClient } from "../session/table-client";
import type { Trace } from "../session/trace";
import { peerTransport } from "../transport/peer-transport";
import { keyFor, type KeyRole, type Pixit } from "./pixit";
import { sessionSettings, type RunConfig } from "./run-config";
import { mepSessionSettings, omakSuites, plcSessionSettings, suiteFor } from "./secured-suites";
import type { Target } from "./target";
import { Inconclusive } from "./verdicts";

/**
 * Sessions of a target's links as the scenarios and the bench commands open them: the optical
 * port with a key role (MK, PK, RK or none), the MEP port with the MAK or MBK, the PLC link with
 * the OMAK.
 */
export type OpticalRole = "master" | "provisioning" | "reader" | "none";
export type BenchRole = OpticalRole | SecuredRole;

type Suite = Pixit["security"]["suite"];
type Suites = { readonly [R in SecuredRole]: SecuritySuite | null };

/** The MAK and MBK suites of the PIXIT; the role asked for must have its key. */
export function mepSuitesFor(pixit: Pixit, role: SecuredRole, suite: Suite): Suites {
  const suites = { advanced: suiteFor(pixit, keyFor(pixit, "mepAdvanced"), suite), basic: suiteFor(pixit, keyFor(pixit, "mepBasic"), suite) };
  if (suites[role] === null) throw new Inconclusive(`the PIXIT gives no MEP ${role} key (keys.${role === "advanced" ? "mepAdvanced" : "mepBasic"})`);
  return suites;
}

/** The OMAK suite of the PIXIT: the PLC link's one key. */
export function plcSuitesFor(pixit: Pixit, role: SecuredRole, suite: Suite): Suites {
  const suites = omakSuites(pixit, keyFor(pixit, "omak"), suite);
  if (role === "basic") throw new Inconclusive("the PLC link has one key, the OMAK, and no basic key");
  if (suites.advanced === null) throw new Inconclusive("the PIXIT gives no OMAK (keys.omak)");
  return suites;
}

/** A redactor that knows every key of the PIXIT, in the forms they take on the wire. */
export function redactorFor(pixit: Pixit): Redactor {
  const redactor = new Redactor();
  for (const role of ["master", "provisioning", "reader", "mepAdvanced", "mepBasic", "omak"] as const satisfies readonly KeyRole[]) {
    const k = keyFor(pixit, role);
    if (k !== null) redactor.add(k, paddedPassword(k));
  }
  return redactor;
}

/** The optical password field carries a key padded with 0x00 to 20 bytes. */
export function paddedPassword(k: Secret): Uint8Array {
  const field = new Uint8Array(Math.max(20, k.length));
  field.set(k.reveal());
  return field;
}

export interface OpenClient {
  readonly client: TableClient;
  readonly trace: Trace;
  close(): Promise<void>;
}

/**
 * Opens a session of the target's link with a key role. The optical roles map onto the secured
 * links as the scenarios map them (master: the advanced key, reader: the basic key). `onTrace`
 * gets the session's frame trace as soon as there is one, so that a logon that fails still shows it.
 */
export async function openClient(config: RunConfig, target: Target, role: BenchRole, redactor: Redactor, onTrace: (t: Trace) => void = () => undefined): Promise<OpenClient> {
  const pixit = config.pixit;
  const link = config.target.link;
  if (link === "optical") {
    if (role === "advanced" || role === "basic") throw new ConfigError("OSGP_ERR_USAGE", `key ${role} is a MEP key; the optical port's are master, provisioning, reader and none`);
    const password = role === "none" ? null : keyOf(pixit, role);
    const session = new OpticalSession(await target.connect(), sessionSettings(pixit), redactor);
    onTrace(session.trace);
    try {
      await session.open(password);
    } catch (e) {
      await session.close({ farewell: false });
      throw e;
    }
    return { client: session, trace: session.trace, close: () => session.close() };
  }
  const secured = securedRoleOf(link, role);
  const suite = pixit.security.suite;
  if (link === "mep") {
    const suites = mepSuitesFor(pixit, secured, suite);
    const session = new MepSession(await target.connect(), mepSessionSettings(pixit), suites, redactor);
    session.role = secured;
    onTrace(session.trace);
    return { client: session, trace: session.trace, close: () => session.close() };
  }
  const suites = plcSuitesFor(pixit, secured, suite);
  const bench = await target.openDatagrams();
  const session = new PlcSession(peerTransport(bench.endpoint, bench.gateway), plcSessionSettings(pixit), suites, redactor);
  session.role = secured;
  onTrace(session.trace);
  try {
    await session.open();
  } catch (e) {
    await session.close();
    throw e;
  }
  return { client: session, trace: session.trace, close: () => session.close() };
}

function securedRoleOf(link: "mep" | "plc", role: BenchRole): SecuredRole {
  const mapped: Partial<Record<BenchRole, SecuredRole>> = link === "mep" ? { master: "advanced", reader: "basic", advanced: "advanced", basic: "basic" } : { master: "advanced", advanced: "advanced" };
  const r = mapped[role];
  if (r === undefined) throw new ConfigError("OSGP_ERR_USAGE", `the ${link === "mep" ? "MEP link's keys are advanced and basic" : "PLC link's one key is advanced (the OMAK)"}; key ${role} does not apply`);
  return r;
}

function keyOf(pixit: Pixit, role: "master" | "provisioning" | "reader"): Secret {
  const key = keyFor(pixit, role);
  if (key === null) throw new Inconclusive(`the PIXIT gives no ${role} key (keys.${role})`);
  return key;
}
