import { keyFor, type Pixit } from "../../conformance/pixit";
import { opticalSessionSettings } from "./optical-settings";
import { Inconclusive } from "../../conformance/verdicts";
import { OsgpError } from "../../errors";
import { OpticalSession } from "../../session/optical-session";
import { defaultOpticalKeys } from "../../simulator/optical-keys";
import { OpticalPort } from "../../simulator/optical-port";
import { createInProcessPair } from "../../transport/in-process";
import { openSerialTransport } from "../../transport/serial";
import { serialAddress, serialPath } from "../bench-address";
import type { BenchRole, Link, LinkContext, LinkSession } from "../link-contract";
import { connectObserved, openedOrClosed } from "../session-opening";
import { bytePort, type TargetPort } from "../target-port";

/**
 * The optical port (ANSI C12.18 through a probe): a session per connection, opened with the
 * master, provisioning or reader password, or none.
 */
const ROLES = ["master", "provisioning", "reader", "none"] as const;
type OpticalRole = (typeof ROLES)[number];

/** The simulator's optical port drops a session that has been silent this long (its channel traffic time-out). */
const SIMULATOR_CHANNEL_TIMEOUT_MS = 6000;

export const OPTICAL_LINK: Link = {
  kind: "optical",
  tag: "@optical",
  portName: "optical port",
  simulatorTarget: "sim",
  benchForm: "optical:PATH",
  parseBench: serialAddress,
  benchFromPixit: (pixit) =>
    pixit.serial.path === ""
      ? { missing: "target optical needs a port: --target optical:PATH, or serial.path in the PIXIT file" }
      : { kind: "serial", path: pixit.serial.path },
  describeBench: (a) => `meter's optical port on ${serialPath(a)}`,
  benchText: serialPath,
  benchPort: (a, pixit) => ({
    kind: "bytes",
    connect: () => openSerialTransport({ ...pixit.serial, path: serialPath(a) }),
    close: async () => undefined,
  }),
  simulatorPort: (meter, _siblings, pixit) => ({
    kind: "bytes",
    connect: async () => {
      const [client, device] = createInProcessPair();
      new OpticalPort(device, {
        meter,
        keys: defaultOpticalKeys(),
        link: pixit.link,
        channelTrafficTimeoutMs: SIMULATOR_CHANNEL_TIMEOUT_MS,
      });
      return client;
    },
    close: async () => undefined,
  }),
  roleOf: (role) =>
    isOpticalRole(role)
      ? { role }
      : { none: `key ${role} is a secured link's; the optical port's are master, provisioning, reader and none` },
  logonServices: true,
  adminRole: "master",
  leastKeyedRole: "reader",
  sequencePixit: () => null,
  minRequestIntervalMs: (pixit) => pixit.session.minRequestIntervalMs,
  open: openOptical,
  probe: probeOptical,
};

function isOpticalRole(role: BenchRole): role is OpticalRole {
  return (ROLES as readonly string[]).includes(role);
}

async function openOptical(port: TargetPort, role: BenchRole, ctx: LinkContext): Promise<LinkSession> {
  let password = passwordOf(ctx.pixit, role);
  let transport = await connectObserved(bytePort(port, "the optical port"), ctx.observer);
  const session = new OpticalSession(
    transport,
    { ...opticalSessionSettings(ctx.pixit), observer: ctx.observer },
    ctx.redactor,
  );
  ctx.onTrace?.(session.trace, `session (${role})`);
  // A logon the device refused leaves it in a session: logoff and terminate put it back in its base state.
  await openedOrClosed(session.open(password), (e) =>
    session.close({ farewell: e instanceof OsgpError && e.code === "OSGP_ERR_REQUEST_REFUSED" }),
  );
  return {
    client: session,
    trace: session.trace,
    optical: session,
    secured: null,
    inject: (bytes) => transport.write(bytes),
    close: (o) => session.close(o),
    resume: (r) =>
      session.resume({
        origin: r.origin,
        onUnknown: r.onUnknown,
        reopen: () =>
          r.reopening(() =>
            session.reopen(async () => {
              transport = await connectObserved(bytePort(port, "the optical port"), ctx.observer);
              return transport;
            }, password),
          ),
      }),
    // Held for a later reopening: after the device dropped the session, it logs on as the role now in force.
    relogon: async (next) => {
      const p = passwordOf(ctx.pixit, next);
      await session.relogon(p);
      password = p;
    },
  };
}

/** The password of `role`'s session: none for "none". */
function passwordOf(pixit: Pixit, role: BenchRole) {
  if (!isOpticalRole(role)) throw new Inconclusive(`the optical port has no ${role} key`);
  if (role === "none") return null;
  const key = keyFor(pixit, role);
  if (key === null) throw new Inconclusive(`the PIXIT gives no ${role} key (keys.${role})`);
  return key;
}

/** Wake-up and identification, then terminate (identified, the device waits for a session). */
async function probeOptical(port: TargetPort, ctx: LinkContext): Promise<void> {
  const p = ctx.pixit;
  const transport = await connectObserved(bytePort(port, "the optical port"), ctx.observer);
  const s = new OpticalSession(
    transport,
    { ...opticalSessionSettings(p), link: { ...p.link, retries: 0 }, observer: ctx.observer },
    ctx.redactor,
  );
  ctx.onTrace?.(s.trace, "link check");
  try {
    await s.wake();
    await s.identify();
    await s.terminate();
  } finally {
    await s.close({ farewell: false });
  }
}
