import { ConfigError } from "../../errors";
import { parseHex } from "../../bytes/parse-hex";
import type { Pixit } from "../../conformance/pixit";
import { DEFAULT_PLC_LINK_CONFIG } from "../../link/lon/plc-link-config";
import { APDU_CODE_CARRIAGE, MAX_MESSAGE_CODE, type OsgpCarriage } from "../../link/lon/osgp-over-lon";
import type { PlcDestination } from "../../link/lon/plc-client-link";
import { aesPskProfile } from "../../security/aes128-psk";
import { deriveBaseEncryptionKey } from "../../security/base-encryption-key";
import { plcKeys } from "../../security/rc4-psk";
import type { Secret } from "../../security/secret";
import { aesPskSuite, rc4PskSuite, type SecuritySuite } from "../../security/security-suite";
import type { PlcSessionSettings } from "../../session/plc-session";
import type { SecuredRole } from "../../session/secured-session";

/**
 * The PLC link's suites: the OMAK keys the digest and, through the base encryption key (7.3,
 * security.bekVariant), RC4; in AES-128 mode the base key is the provisional profile's AES key.
 * The OMAK plays the advanced role; PLC has no basic key.
 */
export function omakSuites(
  p: Pixit,
  omak: Secret | null,
  suite: Pixit["security"]["suite"] = p.security.suite,
): { readonly [R in SecuredRole]: SecuritySuite | null } {
  if (omak === null) return { advanced: null, basic: null };
  const key = omak.reveal();
  const advanced =
    suite === "aes128"
      ? aesPskSuite(deriveBaseEncryptionKey(key, p.security.bekVariant), aesPskProfile(p.security.aesTagLength))
      : rc4PskSuite(plcKeys(key, p.security.bekVariant), {
          responseKeystream: p.security.responseKeystream,
          emptyInput: p.security.emptyDigestInput,
          encryptedBytes: p.security.rc4EncryptedBytes,
        });
  return { advanced, basic: null };
}

/** The PLC session's settings as the PIXIT says (plc.*), each item checked against its range. */
export function plcSessionSettings(p: Pixit): PlcSessionSettings {
  const c = p.plc;
  const domain = hexItem(c.domain, "plc.domain", [0, 1, 3, 6]);
  const uniqueId = hexItem(c.meter.uniqueId, "plc.meter.uniqueId", [6]);
  const node = (n: number, path: string) => intItem(n, path, 1, 127);
  const subnet = (n: number, path: string) => intItem(n, path, 1, 255);
  if (!(c.responseTimeoutSeconds > 0))
    throw pixitError("plc.responseTimeoutSeconds", `must be above 0, not ${c.responseTimeoutSeconds}`);
  const meter: PlcDestination =
    c.addressing === "unique-id"
      ? { kind: "unique-id", subnet: subnet(c.meter.subnet, "plc.meter.subnet"), uniqueId }
      : {
          kind: "subnet-node",
          subnet: subnet(c.meter.subnet, "plc.meter.subnet"),
          node: node(c.meter.node, "plc.meter.node"),
        };
  return {
    link: {
      ...DEFAULT_PLC_LINK_CONFIG,
      local: { subnet: subnet(c.local.subnet, "plc.local.subnet"), node: node(c.local.node, "plc.local.node") },
      domain,
      responseTimeoutMs: Math.round(c.responseTimeoutSeconds * 1000),
      retries: intItem(c.retries, "plc.retries", 0, 15),
      carriage: plcCarriage(p),
      messageLimit: intItem(c.messageLimit, "plc.messageLimit", 21, 0xffff),
    },
    meter,
    meterAddress: { subnet: c.meter.subnet, node: c.meter.node, uniqueId },
    maxReadData: intItem(c.maxReadData, "plc.maxReadData", 1, 0xffff),
    maxWriteData: intItem(c.maxWriteData, "plc.maxWriteData", 1, 0xffff),
    encrypt: c.encrypt,
    firstSequence: c.firstSequence,
    probeGateway: c.probeGateway,
  };
}

/** plc.carriage and plc.messageCode as the link takes them. */
export function plcCarriage(p: Pixit): OsgpCarriage {
  const c = p.plc;
  return c.carriage === "apdu-code"
    ? APDU_CODE_CARRIAGE
    : { carriage: "message", code: intItem(c.messageCode, "plc.messageCode", 0, MAX_MESSAGE_CODE) };
}

function hexItem(text: string, path: string, lengths: readonly number[]): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = parseHex(text);
  } catch {
    throw pixitError(path, `must be hex, not ${JSON.stringify(text)}`);
  }
  if (!lengths.includes(bytes.length))
    throw pixitError(path, `must be ${lengths.join(", ")} byte(s), not ${bytes.length}`);
  return bytes;
}

function intItem(n: number, path: string, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max)
    throw pixitError(path, `must be a whole number from ${min} to ${max}, not ${n}`);
  return n;
}

function pixitError(path: string, why: string): ConfigError {
  return new ConfigError("OSGP_ERR_PIXIT", `${path} ${why}`, { path });
}
