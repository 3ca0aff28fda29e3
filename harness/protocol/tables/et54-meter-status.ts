import { EXTENDED_BASE } from "../table-id";

/** ET54 Meter Status: the key-usage and security-mode fields of 7.4 (MEP guide offsets; LSB first). */
export const ET54 = EXTENDED_BASE + 54;

export const ET54_FIELDS = {
  /** Unicast key usage count, UINT32: messages protected with the unicast key so far. */
  unicastKeyUsage: { offset: 82, size: 4 },
  /** Broadcast key usage count, UINT32. */
  broadcastKeyUsage: { offset: 86, size: 4 },
  /** Supported security modes, bitmap: bit 0 RC4-PSK, bit 2 AES-128-PSK (0x05 = both). */
  supportedSecurityModes: { offset: 90, size: 1 },
} as const;

export const ET54_SIZE = 91;
