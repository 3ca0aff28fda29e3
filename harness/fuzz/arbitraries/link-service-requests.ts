import fc from "fast-check";
import { encodeLinkRequest, SERVICE_NEGOTIATE, type LinkServiceRequest } from "../../link/c1218/link-services";

/**
 * C12.18 link-service requests (identification, negotiation, logon, wait) sent inside a session
 * with a key, well-formed and damaged (cut short, stray bytes, a negotiate code promising more baud
 * codes than follow). In a session each is out of sequence or malformed, so none may change the
 * session: security, logoff and terminate, which would, are never sent.
 */
export type LinkServiceAnomaly = "in-session" | "truncated" | "trailing" | "overlong-count";

export interface LinkServiceCase {
  readonly anomaly: LinkServiceAnomaly;
  readonly request: LinkServiceRequest;
  readonly bytes: Uint8Array;
}

const u8 = fc.integer({ min: 0, max: 0xff });
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 10,
  maxLength: 10,
});

const arbService: fc.Arbitrary<LinkServiceRequest> = fc.oneof(
  fc.constant<LinkServiceRequest>({ service: "identify" }),
  fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), u8, fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }))
    .map(([packetSize, packetCount, baudCodes]): LinkServiceRequest => ({
      service: "negotiate",
      packetSize,
      packetCount,
      baudCodes,
    })),
  fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), printable)
    .map(([userId, user]): LinkServiceRequest => ({ service: "logon", userId, user })),
  u8.map((seconds): LinkServiceRequest => ({ service: "wait", seconds: seconds % 3 })),
);

export const arbLinkServiceCase: fc.Arbitrary<LinkServiceCase> = fc
  .tuple(
    arbService,
    fc.constantFrom<LinkServiceAnomaly>("in-session", "truncated", "trailing", "overlong-count"),
    fc.integer({ min: 1, max: 8 }),
    fc.uint8Array({ minLength: 1, maxLength: 4 }),
  )
  .map(([request, anomaly, n, junk]): LinkServiceCase => {
    const bytes = encodeLinkRequest(request);
    switch (anomaly) {
      case "truncated":
        return bytes.length > 1
          ? { anomaly, request, bytes: bytes.slice(0, 1 + (n % (bytes.length - 1))) }
          : { anomaly: "in-session", request, bytes };
      case "trailing":
        return { anomaly, request, bytes: Uint8Array.of(...bytes, ...junk) };
      case "overlong-count": {
        // 0x60 + k announces k baud codes; announce more than follow (at most 11).
        if (request.service !== "negotiate") return { anomaly: "in-session", request, bytes };
        const out = bytes.slice();
        out[0] = SERVICE_NEGOTIATE + Math.min(11, request.baudCodes.length + n);
        return { anomaly, request, bytes: out };
      }
      default:
        return { anomaly, request, bytes };
    }
  });
