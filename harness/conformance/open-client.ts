import { ConfigError } from "../errors";
import type { BenchRole } from "../links/link-contract";
import { Redactor } from "../security/redactor";
import type { Secret } from "../security/secret";
import type { TableClient } from "../session/table-client";
import type { Trace } from "../session/trace";
import { keyFor, type KeyRole, type Pixit } from "./pixit";
import type { Target } from "./target";

/** A redactor that knows every key of the PIXIT, in the forms they take on the wire. */
export function redactorFor(pixit: Pixit): Redactor {
  const redactor = new Redactor();
  for (const role of [
    "master",
    "provisioning",
    "reader",
    "mepAdvanced",
    "mepBasic",
    "omak",
  ] as const satisfies readonly KeyRole[]) {
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
 * Opens a session of the target's link with a key role (the link maps the optical names onto its
 * own keys: master is the MAK on MEP and the OMAK on PLC, reader the MBK). `onTrace` gets the
 * session's frame trace as soon as there is one, so that a logon that fails still shows it.
 */
export async function openClient(
  target: Target,
  pixit: Pixit,
  role: BenchRole,
  redactor: Redactor,
  onTrace: (t: Trace) => void = () => undefined,
): Promise<OpenClient> {
  const mapped = target.link.roleOf(role);
  if ("none" in mapped) throw new ConfigError("OSGP_ERR_USAGE", mapped.none);
  const session = await target.open(mapped.role, { pixit, redactor, onTrace });
  return { client: session.client, trace: session.trace, close: () => session.close() };
}
