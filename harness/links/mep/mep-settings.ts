import type { Pixit } from "../../conformance/pixit";
import { aesPskProfile } from "../../security/aes128-psk";
import { mepKeys } from "../../security/rc4-psk";
import type { Secret } from "../../security/secret";
import { aesPskSuite, rc4PskSuite, type SecuritySuite } from "../../security/security-suite";
import type { MepSessionSettings } from "../../session/mep-session";

/** The MEP session's settings and key suites, as the PIXIT says (mep.*, security.*). */
export function mepSessionSettings(p: Pixit): MepSessionSettings {
  const m = p.mep;
  return {
    link: {
      responseTimeoutMs: m.responseTimeoutMs,
      interByteTimeoutMs: m.interByteTimeoutMs,
      retries: m.retries,
      minRequestIntervalMs: m.minRequestIntervalMs,
      maxPayload: 476,
    },
    encrypt: m.encrypt,
    firstSequence: m.firstSequence,
  };
}

/** A MEP key's suite (MAK, MBK): the key's 16 bytes feed the digest and RC4 directly. */
export function suiteFor(
  p: Pixit,
  key: Secret | null,
  suite: Pixit["security"]["suite"] = p.security.suite,
): SecuritySuite | null {
  if (key === null) return null;
  return suite === "aes128"
    ? aesPskSuite(key.reveal(), aesPskProfile(p.security.aesTagLength))
    : rc4PskSuite(mepKeys(key.reveal()), {
        responseKeystream: p.security.responseKeystream,
        emptyInput: p.security.emptyDigestInput,
        encryptedBytes: p.security.rc4EncryptedBytes,
      });
}
