import { keyFor, type Pixit } from "../../conformance/pixit";
import { simulatedPlcBench, udpPlcBench } from "./plc-bench";
import { omakSuites, plcCarriage, plcSessionSettings } from "./plc-settings";
import { Inconclusive } from "../../conformance/verdicts";
import { CNIP_PORT } from "../../link/cnip/cnip-header";
import { encodeTableRequest } from "../../protocol/table-requests";
import type { SecuritySuite } from "../../security/security-suite";
import { observed } from "../../session/exchange-observer";
import { PlcSession } from "../../session/plc-session";
import { SECURED_TABLE_CODEC, type SecuredRole } from "../../session/secured-session";
import { captureDatagrams } from "../../transport/datagram-capture";
import { peerTransport } from "../../transport/peer-transport";
import { udpAddress, udpPeer } from "../bench-address";
import type { BenchRole, Link, LinkContext, LinkSession } from "../link-contract";
import { openedOrClosed } from "../session-opening";
import { datagramPort, type TargetPort } from "../target-port";

/**
 * A meter on a PLC segment (ISO/IEC 14908) behind a CN/IP gateway: one key, the OMAK, protects
 * every request; there is no read-only key.
 */
type Suites = { readonly [R in SecuredRole]: SecuritySuite | null };

/** The OMAK suite of the PIXIT: the PLC link's one key. */
export function plcSuitesFor(
  pixit: Pixit,
  role: SecuredRole,
  suite: Pixit["security"]["suite"] = pixit.security.suite,
): Suites {
  const suites = omakSuites(pixit, keyFor(pixit, "omak"), suite);
  if (role === "basic") throw new Inconclusive("the PLC link has one key, the OMAK, and no basic key");
  if (suites.advanced === null) throw new Inconclusive("the PIXIT gives no OMAK (keys.omak)");
  return suites;
}

export const PLC_LINK: Link = {
  kind: "plc",
  tag: "@plc",
  portName: "PLC link",
  simulatorTarget: "sim-plc",
  benchForm: "plc:HOST[:PORT]",
  parseBench: (rest) => udpAddress(rest, CNIP_PORT),
  benchFromPixit: (pixit) =>
    pixit.plc.gateway.host === ""
      ? { missing: "target plc needs a gateway: --target plc:HOST[:PORT], or plc.gateway.host in the PIXIT file" }
      : { kind: "udp", host: pixit.plc.gateway.host, port: pixit.plc.gateway.port },
  describeBench: (a) => `meter on the PLC link through the CN/IP gateway at ${udpPeer(a).host}:${udpPeer(a).port}`,
  benchText: (a) => `${udpPeer(a).host}:${udpPeer(a).port}`,
  benchPort: (a, pixit) => ({ kind: "datagrams", ...udpPlcBench(udpPeer(a).host, udpPeer(a).port, pixit) }),
  simulatorPort: (meter, siblings, pixit) => ({
    kind: "datagrams",
    ...simulatedPlcBench(meter, siblings, plcCarriage(pixit)),
  }),
  roleOf: (role) =>
    role === "master" || role === "advanced"
      ? { role: "advanced" }
      : {
          none: `the PLC link has one key, the OMAK (advanced), and no ${role === "none" ? "session without a key" : `${role} key`}`,
        },
  logonServices: false,
  adminRole: "master",
  leastKeyedRole: "master",
  sequencePixit: (pixit) => pixit.plc,
  minRequestIntervalMs: () => 0,
  open: openPlc,
  probe: probePlc,
};

async function openPlc(port: TargetPort, role: BenchRole, ctx: LinkContext): Promise<LinkSession> {
  if (role !== "master" && role !== "advanced") throw new Inconclusive(`the PLC link has no ${role} key`);
  const suites = plcSuitesFor(ctx.pixit, "advanced", ctx.suite);
  const bench = await observed(ctx.observer, datagramPort(port, "the PLC link").open(), true);
  const tap = ctx.onDatagram;
  const endpoint = tap === undefined ? bench.endpoint : captureDatagrams(bench.endpoint, tap);
  const session = new PlcSession(
    peerTransport(endpoint, bench.gateway),
    { ...plcSessionSettings(ctx.pixit), observer: ctx.observer },
    suites,
    ctx.redactor,
  );
  session.role = "advanced";
  ctx.onTrace?.(session.trace, "PLC session (advanced key)");
  await openedOrClosed(session.open(), () => session.close());
  return {
    client: session,
    trace: session.trace,
    optical: null,
    secured: session,
    inject: (bytes) => endpoint.send(bytes, bench.gateway),
    close: () => session.close(),
    resume: (r) => session.resume({ origin: r.origin, onUnknown: r.onUnknown, reopen: null }),
  };
}

/** The gateway's status, then a read of BT00 under the OMAK. */
async function probePlc(port: TargetPort, ctx: LinkContext): Promise<void> {
  const p = ctx.pixit;
  const suites = omakSuites(p, keyFor(p, "omak"));
  if (suites.advanced === null) return;
  const settings = plcSessionSettings(p);
  const bench = await observed(ctx.observer, datagramPort(port, "the PLC link").open(), true);
  const s = new PlcSession(
    peerTransport(bench.endpoint, bench.gateway),
    { ...settings, link: { ...settings.link, retries: 0 }, observer: ctx.observer },
    suites,
    ctx.redactor,
  );
  ctx.onTrace?.(s.trace, "link check");
  try {
    await s.open();
    await s.exchange(encodeTableRequest({ service: "full-read", tableId: 0 }, SECURED_TABLE_CODEC), {
      resynchronise: false,
    });
  } finally {
    await s.close();
  }
}
