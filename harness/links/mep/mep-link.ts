import { keyFor, type Pixit } from "../../conformance/pixit";
import { mepSessionSettings, suiteFor } from "./mep-settings";
import { Inconclusive } from "../../conformance/verdicts";
import { encodeTableRequest } from "../../protocol/table-requests";
import type { SecuritySuite } from "../../security/security-suite";
import { MepSession } from "../../session/mep-session";
import { SECURED_TABLE_CODEC, type SecuredRole } from "../../session/secured-session";
import { defaultMepKeys, MepPort } from "../../simulator/mep-port";
import { createInProcessPair } from "../../transport/in-process";
import { openSerialTransport } from "../../transport/serial";
import { serialAddress, serialPath } from "../bench-address";
import type { BenchRole, Link, LinkContext, LinkSession } from "../link-contract";
import { connectObserved } from "../session-opening";
import { bytePort, type TargetPort } from "../target-port";

/**
 * The MEP port (the secured serial link): no logon, every request protected by the MAK (the
 * advanced key, the scenarios' master) or the MBK (the basic key, their reader).
 */
const ROLE_MAP: Partial<Record<BenchRole, SecuredRole>> = {
  master: "advanced",
  reader: "basic",
  advanced: "advanced",
  basic: "basic",
};

type Suites = { readonly [R in SecuredRole]: SecuritySuite | null };

/** The MAK and MBK suites of the PIXIT; the role asked for must have its key. */
export function mepSuitesFor(
  pixit: Pixit,
  role: SecuredRole,
  suite: Pixit["security"]["suite"] = pixit.security.suite,
): Suites {
  const suites = {
    advanced: suiteFor(pixit, keyFor(pixit, "mepAdvanced"), suite),
    basic: suiteFor(pixit, keyFor(pixit, "mepBasic"), suite),
  };
  if (suites[role] === null)
    throw new Inconclusive(
      `the PIXIT gives no MEP ${role} key (keys.${role === "advanced" ? "mepAdvanced" : "mepBasic"})`,
    );
  return suites;
}

export const MEP_LINK: Link = {
  kind: "mep",
  tag: "@mep",
  portName: "MEP port",
  simulatorTarget: "sim-mep",
  benchForm: "mep:PATH",
  parseBench: serialAddress,
  benchFromPixit: (pixit) =>
    pixit.serial.path === ""
      ? { missing: "target mep needs a port: --target mep:PATH, or serial.path in the PIXIT file" }
      : { kind: "serial", path: pixit.serial.path },
  describeBench: (a) => `meter's MEP port on ${serialPath(a)}`,
  benchText: serialPath,
  benchPort: (a, pixit) => ({
    kind: "bytes",
    connect: () => openSerialTransport({ ...pixit.serial, path: serialPath(a) }),
    close: async () => undefined,
  }),
  simulatorPort: (meter) => ({
    kind: "bytes",
    connect: async () => {
      const [client, device] = createInProcessPair();
      new MepPort(device, { meter, keys: defaultMepKeys() });
      return client;
    },
    close: async () => undefined,
  }),
  roleOf: (role) => {
    const mapped = ROLE_MAP[role];
    return mapped !== undefined
      ? { role: mapped }
      : {
          none: `the MEP link has no ${role === "none" ? "session without a key" : `${role} key`} (its keys are the MAK, advanced, and the MBK, basic)`,
        };
  },
  logonServices: false,
  adminRole: "master",
  leastKeyedRole: "reader",
  sequencePixit: (pixit) => pixit.mep,
  minRequestIntervalMs: (pixit) => pixit.mep.minRequestIntervalMs,
  open: openMep,
  probe: probeMep,
};

async function openMep(port: TargetPort, role: BenchRole, ctx: LinkContext): Promise<LinkSession> {
  const mapped = ROLE_MAP[role];
  if (mapped === undefined) throw new Inconclusive(`the MEP link has no ${role} key`);
  const suites = mepSuitesFor(ctx.pixit, mapped, ctx.suite);
  const transport = await connectObserved(bytePort(port, "the MEP port"), ctx.observer);
  const session = new MepSession(
    transport,
    { ...mepSessionSettings(ctx.pixit), observer: ctx.observer },
    suites,
    ctx.redactor,
  );
  session.role = mapped;
  ctx.onTrace?.(session.trace, `MEP session (${mapped} key)`);
  return {
    client: session,
    trace: session.trace,
    optical: null,
    secured: session,
    inject: (bytes) => transport.write(bytes),
    close: () => session.close(),
    resume: (r) => session.resume({ origin: r.origin, onUnknown: r.onUnknown, reopen: null }),
  };
}

/** A read of BT00 under the first key the PIXIT gives. */
async function probeMep(port: TargetPort, ctx: LinkContext): Promise<void> {
  const p = ctx.pixit;
  const suite = suiteFor(p, keyFor(p, "mepAdvanced") ?? keyFor(p, "mepBasic"));
  if (suite === null) return;
  const settings = mepSessionSettings(p);
  const transport = await connectObserved(bytePort(port, "the MEP port"), ctx.observer);
  const s = new MepSession(
    transport,
    { ...settings, link: { ...settings.link, retries: 0 }, observer: ctx.observer },
    { advanced: suite, basic: null },
    ctx.redactor,
  );
  ctx.onTrace?.(s.trace, "link check");
  try {
    await s.exchange(encodeTableRequest({ service: "full-read", tableId: 0 }, SECURED_TABLE_CODEC), {
      resynchronise: false,
    });
  } finally {
    await s.close();
  }
}
