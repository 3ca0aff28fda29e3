import { toHex } from "./bytes/hex";

/**
 * Every error the harness reports carries one of these stable codes. Labs grep logs, traces and
 * reports for them, so a code is never renamed or reused; add new ones at the end of a group.
 * The text is the one-line meaning printed by `osgp-conformance errors` and in the README.
 */
export const ERROR_CODES = {
  // decoding and encoding (harness/protocol, harness/link)
  OSGP_ERR_TRUNCATED: "the input ended before the field did",
  OSGP_ERR_TRAILING_BYTES: "bytes were left over after the last field",
  OSGP_ERR_FIELD_RANGE: "a field holds a value that its type does not allow",
  OSGP_ERR_UNKNOWN_CODE: "a request, response or service code that this codec does not know",
  OSGP_ERR_DATA_CHECKSUM: "the C12.18 data checksum does not match the data",
  OSGP_ERR_ENCODE_RANGE: "a value given to an encoder does not fit its field",
  OSGP_ERR_HEX: "text that should be hex is not",
  OSGP_ERR_DIGEST: "a secured frame's digest or authentication tag does not verify under this key",
  // C12.18 framing (harness/link)
  OSGP_ERR_FRAME_START: "a packet did not start with 0xEE",
  OSGP_ERR_FRAME_LENGTH:
    "a frame's length field is larger than the link allows (C12.18: 8183 or the negotiated size; MEP: 476)",
  OSGP_ERR_FRAME_CRC: "a packet's CRC-16 does not match its bytes",
  OSGP_ERR_FRAME_INTERCHAR_TIMEOUT: "a packet stopped arriving in the middle (inter-character time-out)",
  OSGP_ERR_FRAME_SEQUENCE: "the packets of a multi-packet message arrived out of order",
  OSGP_ERR_MESSAGE_TOO_LONG: "a message does not fit in the negotiated packet size and count",
  OSGP_ERR_NO_ACK: "the peer did not acknowledge a packet after every permitted retransmission",
  OSGP_ERR_LINK_BUSY: "a message was handed to the link while another was still being sent",
  OSGP_ERR_MEP_NO_RESPONSE: "the MEP server sent no response after every permitted retransmission of a request",
  OSGP_ERR_CNIP_HEADER:
    "a CN/IP (ISO/IEC 14908-4) header does not hold together: its length field disagrees with the packet, its version is not one the harness reads, or its extension runs past the packet",
  OSGP_ERR_PLC_MESSAGE_SIZE:
    "an OSGP message is longer than the PLC limit of clause 9.2 (114 bytes unless the PIXIT sets another)",
  OSGP_ERR_PLC_NO_RESPONSE:
    "no ISO/IEC 14908-1 response with the request's transaction number came from the meter (for a CN/IP status request: no status response from the gateway) after every permitted retry",
  // transports (harness/transport)
  OSGP_ERR_PORT_OPEN: "the serial port could not be opened (missing, busy or no permission)",
  OSGP_ERR_PORT_CLOSED: "the port closed or was unplugged while in use",
  OSGP_ERR_PORT_WRITE: "bytes could not be written to the port",
  OSGP_ERR_UDP_SOCKET:
    "the UDP socket to the CN/IP gateway could not be opened, or the gateway's host refused its datagrams (ICMP port unreachable)",
  OSGP_ERR_REPLAY_MISMATCH:
    "in a replay, the harness did not do what the recorded run did: it sent other bytes (the first differing byte is shown), set another line speed, or opened or left out a connection",
  // sessions (harness/session)
  OSGP_ERR_RESPONSE_TIMEOUT: "the device sent no response within the response time-out",
  OSGP_ERR_GARBLED_RESPONSE:
    "within the response time-out the device sent only packets that did not check (bad CRC or header)",
  OSGP_ERR_SESSION_STATE: "the request is not allowed in the session's present state",
  OSGP_ERR_REQUEST_REFUSED: "the device answered a request with an error response code",
  OSGP_ERR_PROCEDURE_TIMEOUT: "a procedure's result did not leave 'accepted, not completed' in time",
  OSGP_ERR_PROCEDURE_MISMATCH: "BT08 holds the result of another procedure or sequence number",
  OSGP_ERR_LOGON_HOLD_OFF:
    "the device refused a new session with a code the PIXIT takes for its logon hold-off (session.logonHoldOff): no session opens until the time the message gives",
  // configuration (harness/conformance, harness/cli)
  OSGP_ERR_PIXIT: "the PIXIT file is missing, unreadable or invalid",
  OSGP_ERR_PICS: "the PICS file is missing, unreadable or invalid",
  OSGP_ERR_TARGET: "the --target argument does not name a target the harness knows",
  OSGP_ERR_USAGE: "the command line is not valid",
  OSGP_ERR_BASELINE:
    "the regression baseline file is missing, not JSON, or not a baseline of this harness's format version",
  OSGP_ERR_BUNDLE:
    "an evidence bundle cannot be made (the reports directory holds no run) or checked (the file is not a zip, or has no valid manifest)",
  OSGP_ERR_MERGE:
    "the directories given to merge are not the shards of one run: not a run's reports, a run made without --shard, another harness, PIXIT, PICS, scenario matrix or device, a shard given twice or one missing",
  OSGP_ERR_RECORDING:
    "a bench recording (run --record) cannot be replayed: missing, not a recording, of another format or suite version, cut short, or without the scenario or target asked for",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** The bytes the error is about (a frame, a table image, a request). */
  bytes?: Uint8Array;
  /** Decimal offset into `bytes` where the problem was found. */
  offset?: number;
  /** Field path such as "BT01.serial" (zod-style), so a lab reads where, not only what. */
  path?: string;
  cause?: unknown;
}

/**
 * Base of every error the harness throws or returns. `message` already holds the code, the path
 * and the offset, so a log line is complete on its own. The bytes stay on the error as data; the
 * message quotes them as hex only for a DecodeError, whose subject they are. Every other error
 * with bytes is about an exchange, and its bytes are what the harness sent (a request, a packet),
 * which may carry a password: the message gives their count, and the session's trace shows them
 * with the keys masked.
 */
export class OsgpError extends Error {
  /** Whether `message` quotes `bytes` as hex. */
  static readonly quotesBytes: boolean = false;

  readonly code: ErrorCode;
  readonly bytes: Uint8Array | undefined;
  readonly offset: number | undefined;
  readonly path: string | undefined;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, details: ErrorDetails = {}) {
    super(
      formatMessage(code, detail, details, new.target.quotesBytes),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.detail = detail;
    this.bytes = details.bytes;
    this.offset = details.offset;
    this.path = details.path;
  }
}

/** A decoder met bytes it cannot turn into a value. Decoders return it; they never throw it out. */
export class DecodeError extends OsgpError {
  static override readonly quotesBytes: boolean = true;
}
/** A caller handed an encoder a value its field cannot hold: a programming or PIXIT mistake. */
export class EncodeError extends OsgpError {}
/** The C12.18 link gave up: no ACK after the retries, a message too long for the negotiation. */
export class LinkError extends OsgpError {}
/** The port itself failed: missing, unplugged, unwritable. */
export class TransportError extends OsgpError {}
/** A session-level failure: time-out, refused request, wrong state. */
export class SessionError extends OsgpError {}
/** Bad configuration (PIXIT file, command line, target). */
export class ConfigError extends OsgpError {}

function formatMessage(code: ErrorCode, detail: string, d: ErrorDetails, quotesBytes: boolean): string {
  let text = `${code}: ${d.path === undefined ? "" : d.path + ": "}${detail}`;
  if (d.offset !== undefined) text += ` (at offset ${d.offset})`;
  if (d.bytes !== undefined && !quotesBytes) text += ` [${d.bytes.length} bytes sent, not quoted: they may hold a key]`;
  else if (d.bytes !== undefined) {
    // The full bytes stay on the error object; the message keeps log lines readable.
    const shown = d.bytes.length > MAX_BYTES_IN_MESSAGE ? d.bytes.subarray(0, MAX_BYTES_IN_MESSAGE) : d.bytes;
    const more = d.bytes.length > shown.length ? ` ... ${d.bytes.length} bytes in all` : "";
    text += ` [${toHex(shown)}${more}]`;
  }
  return text;
}

const MAX_BYTES_IN_MESSAGE = 64;
