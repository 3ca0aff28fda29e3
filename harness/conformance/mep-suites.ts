import { aesPskProfile } from "../security/aes128-psk";
import { mepKeys } from "../security/rc4-psk";
import type { Secret } from "../security/secret";
import { aesPskSuite, rc4PskSuite, type SecuritySuite } from "../security/security-suite";
import type { MepSessionSettings } from "../session/mep-session";
import type { Pixit } from "./pixit";

/** The MEP session's settings and a key's security suite, as the PIXIT says (mep.*, security.*). */
export function mepSessionSettings(p: Pixit): MepSessionSettings {
  const m = p.mep;
  return {
    link: { responseTimeoutMs: m.responseTimeoutMs, interByteTimeoutMs: m.interByteTimeoutMs, retries: m.retries, minRequestIntervalMs: m.minRequestIntervalMs, maxPayload: 476 },
    encrypt: m.encrypt,
    firstSequence: m.firstSequence,
  };
}

export function suiteFor(p: Pixit, key: Secret | null, suite: Pixit["mep"]["suite"] = p.mep.suite): SecuritySuite | null {
  if (key === null) return null;
  return suite === "aes128"
    ? aesPskSuite(key.reveal(), aesPskProfile(p.mep.aesTagLength))
    : rc4PskSuite(mepKeys(key.reveal()), { responseKeystream: p.mep.responseKeystream, emptyInput: p.security.emptyDigestInput, encryptedBytes: p.security.rc4EncryptedBytes });
}
