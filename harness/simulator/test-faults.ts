import { ConfigError } from "../errors";
import {
  SERVICE_IDENTIFY,
  SERVICE_LOGOFF,
  SERVICE_LOGON,
  SERVICE_SECURITY,
  SERVICE_TERMINATE,
} from "../link/c1218/link-services";
import type { LinkEvent } from "../link/c1218/link-state-machine";
import { NAK } from "../link/c1218/packet";
import { RESPONSE_CODE } from "../protocol/response-codes";

/**
 * Faults the harness's own tests put in the standalone simulator (`simulate --test-fault NAME`)
 * to make the harness fail on exactly the requests that carry or protect a key, and then check
 * that no key reaches a report through the error (test/e2e/error-secrets.test.ts). They are not
 * defects: a defect breaks a rule that a scenario FAILs on, while most of these only leave a
 * scenario inconclusive, and the detection run never uses them.
 *
 * On the optical port a fault hits the Security requests (0x51, which carry the password in
 * clear) and nothing else; on the MEP port and the PLC link it hits every OSGP request, whose key
 * is only ever inside a digest or a ciphertext. One more, logoff-to-base, takes away a shortcut of
 * the harness's own set-up (a kept session logged on again under another key after Logoff,
 * harness/conformance/session-keeper.ts), so that its tests see the harness fall back.
 */
export const TEST_FAULTS = {
  "no-response": "the request is taken (on the optical port acknowledged) and never answered",
  "bad-crc":
    "the answer fails its integrity check: on the optical port every packet of it, retransmissions too, carries a wrong CRC-16; on MEP and PLC a byte of its digest is flipped",
  "nak-request":
    "optical port only: every packet of the request is NAKed, as if its CRC were wrong, so it is never acknowledged",
  echo: "the request's own bytes come back as its answer, which does not decode (optical port) or verify (MEP, PLC)",
  "logoff-to-base":
    "optical port only: after Logoff the device is back in its base state, not in C12.18's ID state, so a Logon before the next Identification is refused with isss",
} as const;

export type TestFault = keyof typeof TEST_FAULTS;

export function parseTestFault(name: string): TestFault {
  if (name in TEST_FAULTS) return name as TestFault;
  throw new ConfigError(
    "OSGP_ERR_USAGE",
    `unknown test fault "${name}"; known: ${Object.keys(TEST_FAULTS).join(", ")}`,
  );
}

/**
 * The optical port's side, as three hooks its event handler calls: on each packet received, on
 * each message (instead of serving it), on each packet or ACK about to be written.
 */
export class OpticalTestFaults {
  /** The ACK about to go out acknowledges a Security request: it becomes a NAK. */
  private nakNext = false;
  /** The response now being sent answers a Security request: its packets' CRC is spoilt. */
  private spoilResponse = false;
  /** logoff-to-base: a Logoff was served, and neither Identification nor Terminate has come since. */
  private loggedOff = false;

  constructor(
    private readonly faults: ReadonlySet<TestFault>,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** A packet arrived (a retransmission of one too, which the link takes as a duplicate). */
  received(e: Extract<LinkEvent, { kind: "rx" }>): void {
    if (this.faults.has("nak-request") && e.event.kind === "packet" && e.event.packet.data[0] === SERVICE_SECURITY)
      this.nakNext = true;
  }

  /** A whole message: undefined to serve it, null to leave it unanswered, or the bytes to answer instead. */
  request(data: Uint8Array): Uint8Array | null | undefined {
    if (this.faults.has("logoff-to-base") && this.refusesLogon(data[0])) {
      this.log("a Logon after Logoff, refused with isss: the device went back to its base state (test fault)");
      return Uint8Array.of(RESPONSE_CODE.isss);
    }
    const security = data[0] === SERVICE_SECURITY;
    this.spoilResponse = security && this.faults.has("bad-crc");
    if (!security) return undefined;
    if (this.faults.has("nak-request") || this.faults.has("no-response")) {
      this.log("a Security request, not answered (test fault)");
      return null;
    }
    if (this.faults.has("echo")) {
      this.log("a Security request, answered with its own bytes (test fault)");
      return data.slice();
    }
    return undefined;
  }

  private refusesLogon(service: number | undefined): boolean {
    const refuse = this.loggedOff && service === SERVICE_LOGON;
    if (service === SERVICE_LOGOFF) this.loggedOff = true;
    else if (service === SERVICE_IDENTIFY || service === SERVICE_TERMINATE) this.loggedOff = false;
    return refuse;
  }

  /** The bytes to write instead of those the link would. */
  sending(e: Extract<LinkEvent, { kind: "tx" }>): Uint8Array {
    if (e.what === "ack" && this.nakNext) {
      this.nakNext = false;
      this.log("a Security request's packet, NAKed (test fault)");
      return Uint8Array.of(NAK);
    }
    if (e.what !== "packet" || !this.spoilResponse) return e.bytes;
    const bytes = e.bytes.slice();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    return bytes;
  }
}

/**
 * The MEP port's and the PLC node's side: the protected response frame to send for a protected
 * request frame, or null to send none.
 */
export function securedTestFault(
  faults: ReadonlySet<TestFault>,
  request: Uint8Array,
  response: Uint8Array,
): Uint8Array | null {
  if (faults.has("no-response")) return null;
  if (faults.has("echo")) return request.slice();
  if (faults.has("bad-crc") && response.length > 0) {
    const out = response.slice();
    out[out.length - 1] = (out[out.length - 1] as number) ^ 0xff;
    return out;
  }
  return response;
}
