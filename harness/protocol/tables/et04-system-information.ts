import { EXTENDED_BASE } from "../table-id";

/**
 * ET04 System Information: the fields the security clauses use, at the offsets the MEP guide gives
 * (NES layout; TS 104 001 Annex B presumably the same, unconfirmed). Table data is LSB first.
 */
export const ET04 = EXTENDED_BASE + 4;

export const ET04_FIELDS = {
  /** LTIME_DATE (UTC) of the last successful secure broadcast (9.11). */
  broadcastReceipt: { offset: 76, size: 6 },
  /** Broadcast base B, UINT32 (9.11). */
  broadcastBase: { offset: 82, size: 4 },
  /** Broadcast delta D, UINT16 (9.11). */
  broadcastDelta: { offset: 86, size: 2 },
  /** Interface definition (IDT) version, incremented on every interface change (6.8). UINT8. */
  idtVersion: { offset: 116, size: 1 },
  /** Maximum key usage count, UINT32; an event is raised at 80 % (7.4). Default 1 000 000. */
  maxKeyUsage: { offset: 123, size: 4 },
  /** Security mode, UINT8: 0 = OSGP-RC4-PSK, 1 = reserved, 2 = OSGP-AES-128-PSK (7.4). */
  securityMode: { offset: 127, size: 1 },
} as const;

export const ET04_SIZE = 128;

export const SECURITY_MODE = { rc4: 0, aes128: 2 } as const;
