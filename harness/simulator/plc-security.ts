import type { BekVariant } from "../security/base-encryption-key";
import { aesPskProfile } from "../security/aes128-psk";
import { deriveBaseEncryptionKey } from "../security/base-encryption-key";
import { plcKeys, type EncryptedBytes, type ResponseKeystream } from "../security/rc4-psk";
import type { Secret } from "../security/secret";
import { aesPskSuite, rc4PskSuite } from "../security/security-suite";
import type { ReferenceMeter } from "./meter";
import { SecuredApduServer } from "./secured-apdu-server";

/**
 * The reference meter's security state on the PLC link (TS 104 001, 7.1-7.4): one key, the OMAK,
 * keys the OMA digest and, through the base encryption key, RC4; in AES-128 mode the base key is
 * the AES key of the provisional profile. A PLC port hands it the OSGP APDU frame carried in an
 * ISO/IEC 14908-1 packet. The choices the sources leave open are the same PIXITs as the harness's
 * (security.bekVariant, security.rc4EncryptedBytes, security.responseKeystream for the keystream).
 */
export interface PlcSecurityOptions {
  readonly bekVariant: BekVariant;
  readonly encryptedBytes: EncryptedBytes;
  readonly responseKeystream: ResponseKeystream;
  readonly firstSequence: number;
  readonly window: number;
}

export const DEFAULT_PLC_SECURITY: PlcSecurityOptions = {
  bekVariant: "split-halves",
  encryptedBytes: "apdu+sequence",
  responseKeystream: "continue",
  firstSequence: 0x00000100,
  window: 8,
};

export function plcSecuredServer(
  meter: ReferenceMeter,
  omak: Secret,
  o: PlcSecurityOptions = DEFAULT_PLC_SECURITY,
  log?: (line: string) => void,
): SecuredApduServer {
  const key = omak.reveal();
  const rc4 = rc4PskSuite(plcKeys(key, o.bekVariant), {
    responseKeystream: o.responseKeystream,
    emptyInput: "one-zero-block",
    encryptedBytes: o.encryptedBytes,
  });
  const aes = aesPskSuite(deriveBaseEncryptionKey(key, o.bekVariant), aesPskProfile());
  return new SecuredApduServer(
    meter,
    {
      rc4: [{ name: "OMAK", suite: rc4, level: "master" }],
      aes128: [{ name: "OMAK (AES)", suite: aes, level: "master" }],
    },
    { window: o.window, firstSequence: o.firstSequence, icaJump: 25, codec: { checksum: false } },
    log,
  );
}
