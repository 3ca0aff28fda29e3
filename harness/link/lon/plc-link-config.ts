import { EncodeError } from "../../errors";
import { requireLength, requireUint } from "./field-range";
import { DOMAIN_LENGTHS, MAX_TN } from "./lon-pdu";
import { DEFAULT_CARRIAGE, PLC_MESSAGE_LIMIT, type OsgpCarriage } from "./osgp-over-lon";

/**
 * The harness's end of the PLC link: who it is on the 14908-1 network and how patiently it asks.
 * Times and counts follow the IzoT reference stack (LonMarkTech/lon-stack-dx-lmi, lcs_tsa.c and
 * lcs_tcs.c) where it has a rule, and PLC practice where it leaves a value to the installer; each is
 * a parameter a PIXIT can override.
 */
export interface PlcLinkConfig {
  /**
   * The harness's own subnet (0..255) and node (0..127): the
   * source of every request, and where answers must be addressed.
   */
  readonly local: { readonly subnet: number; readonly node: number };
  /** 0, 1, 3 or 6 bytes; a response from another domain is someone else's traffic. */
  readonly domain: Uint8Array;
  /**
   * The stack's transmit timer, per attempt. PLC answers take seconds (a 14908-1 PL channel runs at
   * about 5 kbit/s and a meter may answer through repeaters), so the default is generous.
   */
  readonly responseTimeoutMs: number;
  /** Retransmissions after the first attempt (the stack's 4-bit retry count). */
  readonly retries: number;
  readonly carriage: OsgpCarriage;
  /** Longest OSGP message `requestOsgp` sends (clause 9.2). */
  readonly messageLimit: number;
  /** CN/IP session id written in every packet the harness sends. */
  readonly cnipSessionId: number;
  /**
   * Transaction number of the first transaction (the stack starts at
   * 0 after a reset; 1 keeps 0 for nodes that treat it as unset).
   */
  readonly firstTn: number;
  /**
   * How many of the final attempts set the alternate-path bit. The stack sends an attempt on the
   * alternate path when at most ALT_PATH_COUNT + 1 = 2 retries remain, so its last two attempts.
   */
  readonly altPathAttempts: number;
}

export const DEFAULT_PLC_LINK_CONFIG: PlcLinkConfig = {
  local: { subnet: 1, node: 1 },
  domain: Uint8Array.of(0x01),
  responseTimeoutMs: 3000,
  retries: 3,
  carriage: DEFAULT_CARRIAGE,
  messageLimit: PLC_MESSAGE_LIMIT,
  cnipSessionId: 0,
  firstTn: 1,
  altPathAttempts: 2,
};

/**
 * Refuses a configuration whose values cannot go into their header fields, at construction, so
 * that a bad PIXIT shows before the first request rather than as a half-sent transaction.
 */
export function checkPlcLinkConfig(c: PlcLinkConfig): PlcLinkConfig {
  requireUint(c.local.subnet, 0xff, "plc.local.subnet");
  requireUint(c.local.node, 0x7f, "plc.local.node");
  requireLength(c.domain, DOMAIN_LENGTHS, "plc.domain");
  if (!Number.isFinite(c.responseTimeoutMs) || c.responseTimeoutMs <= 0) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${c.responseTimeoutMs} ms is not a positive time-out`, {
      path: "plc.responseTimeoutMs",
    });
  }
  requireUint(c.retries, 15, "plc.retries");
  requireUint(c.messageLimit, Number.MAX_SAFE_INTEGER, "plc.messageLimit");
  requireUint(c.cnipSessionId, 0xffffffff, "plc.cnipSessionId");
  requireUint(c.firstTn, MAX_TN, "plc.firstTn");
  requireUint(c.altPathAttempts, 16, "plc.altPathAttempts");
  return c;
}
