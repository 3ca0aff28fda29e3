import { MAX_PAYLOAD } from "./mep-frame";

/**
 * The MEP link's times and counts. Every default comes from the MEP Client Developer's Guide (a
 * single source), so each is a parameter a PIXIT can override rather than a constant.
 */
export interface MepLinkConfig {
  /** From the end of a request to the arrival of the response's two length bytes. */
  readonly responseTimeoutMs: number;
  /** Longest silence allowed between two bytes of one message. */
  readonly interByteTimeoutMs: number;
  /** Retransmissions of an unanswered request after the first attempt. */
  readonly retries: number;
  /** Shortest time between the starts of two requests (retransmissions included). */
  readonly minRequestIntervalMs: number;
  readonly maxPayload: number;
}

export const DEFAULT_MEP_LINK_CONFIG: MepLinkConfig = {
  responseTimeoutMs: 500,
  interByteTimeoutMs: 50,
  retries: 3,
  minRequestIntervalMs: 100,
  maxPayload: MAX_PAYLOAD,
};

export interface MepServerConfig {
  readonly interByteTimeoutMs: number;
  readonly maxPayload: number;
  /** A response frame longer than this is written in pieces of this size... */
  readonly segmentSize: number;
  /** ...this far apart, which must stay under the client's inter-byte time-out. */
  readonly segmentGapMs: number;
}

export const DEFAULT_MEP_SERVER_CONFIG: MepServerConfig = {
  interByteTimeoutMs: DEFAULT_MEP_LINK_CONFIG.interByteTimeoutMs,
  maxPayload: MAX_PAYLOAD,
  segmentSize: 117,
  segmentGapMs: 25,
};
