import { PASSWORD_LENGTH } from "../link/c1218/link-services";
import { Redactor } from "../security/redactor";
import type { Secret } from "../security/secret";
import { keyFor, type KeyRole, type Pixit } from "./pixit";

const ROLES: readonly KeyRole[] = ["master", "provisioning", "reader", "mepAdvanced", "mepBasic", "omak"];

/**
 * A redactor that knows every key the PIXIT gives, each also in its C12.18 wire form (padded with
 * 0x00 to the security service's 20 bytes), for the writers that have no session's redactor at
 * hand: the summary, the fuzz runs, a hook that runs outside a scenario.
 */
export function pixitRedactor(pixit: Pixit, into: Redactor = new Redactor()): Redactor {
  for (const role of ROLES) {
    const key = keyFor(pixit, role);
    if (key !== null) addKey(into, key);
  }
  return into;
}

/** A key, and the form a password takes in a C12.18 Security request (which finds a short one too). */
export function addKey(redactor: Redactor, key: Secret): void {
  const padded = new Uint8Array(Math.max(PASSWORD_LENGTH, key.length));
  padded.set(key.reveal());
  redactor.add(key, padded);
}
