import { timingSafeEqual } from "node:crypto";
import { Secret } from "../security/secret";
import type { AccessLevel } from "./access-levels";

/**
 * The optical-port keys of 7.0. Each is up to 20 bytes; a client sends it padded with 0x00 to 20,
 * so the meter compares padded forms. The defaults are documented (README, `simulate --help`) so
 * that the built-in PIXIT can log on; a lab sets its own with --mk/--pk/--rk.
 */
export interface OpticalKeys {
  readonly mk: Secret;
  readonly pk: Secret;
  readonly rk: Secret;
}

export const DEFAULT_OPTICAL_KEYS_TEXT = {
  mk: "SIM-MASTER-KEY",
  pk: "SIM-PROVISIONING",
  rk: "SIM-READER-KEY",
} as const;

export function defaultOpticalKeys(): OpticalKeys {
  return {
    mk: Secret.fromText(DEFAULT_OPTICAL_KEYS_TEXT.mk, "MK"),
    pk: Secret.fromText(DEFAULT_OPTICAL_KEYS_TEXT.pk, "PK"),
    rk: Secret.fromText(DEFAULT_OPTICAL_KEYS_TEXT.rk, "RK"),
  };
}

/** The level a 20-byte password field grants: the highest key it matches, else none. */
export function levelForPassword(keys: OpticalKeys, field: Uint8Array): AccessLevel {
  if (passwordMatches(keys.mk, field)) return "master";
  if (passwordMatches(keys.pk, field)) return "provisioning";
  if (passwordMatches(keys.rk, field)) return "reader";
  return "none";
}

/** Compares a received password field with a key padded with 0x00 to the field's length, in constant time. */
function passwordMatches(key: Secret, field: Uint8Array): boolean {
  const raw = key.reveal();
  if (raw.length > field.length) return false;
  const padded = new Uint8Array(field.length);
  padded.set(raw);
  return timingSafeEqual(padded, field);
}
