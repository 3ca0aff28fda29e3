import fc from "fast-check";
import {
  CNIP_DATA_PACKET,
  CNIP_STATUS_REQUEST,
  cnipDataPacket,
  decodeCnipPacket,
  encodeCnipPacket,
} from "../../link/cnip/cnip-header";
import { decodeLonPdu, encodeLonPdu } from "../../link/lon/lon-pdu";
import { arbMutation, applyMutation, describeMutation, type Mutation } from "./byte-mutations";

/**
 * Datagrams sent to the CN/IP gateway around the harness's PLC link (ISO/IEC 14908-4 header,
 * ISO/IEC 14908-1 PDU): a request SPDU to the meter whose OSGP message no key verifies, the same
 * damaged (a CN/IP length or version that lies, a cut PDU, flipped bits), and noise.
 *
 * Nothing sent may carry 14908-1 network management, diagnostics or a network variable, nor be a
 * CN/IP packet of another type than data or status request: those could take a lab's meter off its
 * network or reconfigure its gateway. A case whose bytes would decode as such is not generated.
 */
export interface PlcDatagramCase {
  readonly kind: "request" | "damaged" | "noise";
  readonly tn: number;
  readonly osgp: Uint8Array;
  readonly mutation: Mutation | null;
  readonly noise: Uint8Array;
}

export interface PlcAddressing {
  readonly local: { readonly subnet: number; readonly node: number };
  readonly meter: { readonly subnet: number; readonly node: number };
  readonly domain: Uint8Array;
  /** The 14908-1 application-message code OSGP rides in (plc.messageCode). */
  readonly messageCode: number;
}

export function arbPlcDatagramCase(a: PlcAddressing): fc.Arbitrary<PlcDatagramCase> {
  return fc
    .record(
      {
        kind: fc.constantFrom("request" as const, "damaged" as const, "damaged" as const, "noise" as const),
        tn: fc.integer({ min: 0, max: 15 }),
        osgp: fc.uint8Array({ minLength: 1, maxLength: 40 }),
        mutation: arbMutation,
        noise: fc.uint8Array({ minLength: 1, maxLength: 48 }),
      },
      { noNullPrototype: true },
    )
    .map((c): PlcDatagramCase => ({ ...c, mutation: c.kind === "damaged" ? c.mutation : null }))
    .filter((c) => !isUnsafe(plcDatagramBytes(c, a)));
}

export function plcDatagramBytes(c: PlcDatagramCase, a: PlcAddressing): Uint8Array {
  if (c.kind === "noise") return c.noise;
  const pdu = encodeLonPdu({
    priority: false,
    altPath: false,
    deltaBacklog: 1,
    address: {
      format: "subnet-node",
      srcSubnet: a.local.subnet,
      srcNode: a.local.node,
      dstSubnet: a.meter.subnet,
      dstNode: a.meter.node,
    },
    domain: a.domain,
    body: {
      pdu: "spdu",
      type: "request",
      auth: false,
      tn: c.tn,
      apdu: { kind: "message", code: a.messageCode, data: c.osgp },
    },
  });
  const datagram = encodeCnipPacket(cnipDataPacket({ payload: pdu }));
  return c.mutation === null ? datagram : applyMutation(datagram, c.mutation);
}

export function describePlcDatagram(c: PlcDatagramCase): string {
  if (c.kind === "noise") return `a datagram of ${c.noise.length} byte(s) of noise`;
  const base = `a request SPDU (tn ${c.tn}) carrying ${c.osgp.length} OSGP byte(s) no key verifies`;
  return c.mutation === null ? base : `${base}, ${describeMutation(c.mutation)}`;
}

/** A datagram the gateway would take as configuration, or the meter as network management. */
function isUnsafe(datagram: Uint8Array): boolean {
  const c = decodeCnipPacket(datagram);
  if (!c.ok) return false;
  if (c.value.packetType !== CNIP_DATA_PACKET && c.value.packetType !== CNIP_STATUS_REQUEST) return true;
  const l = decodeLonPdu(c.value.payload);
  if (!l.ok) return false;
  const body = l.value.body;
  return "apdu" in body && body.apdu.kind !== "message" && body.apdu.kind !== "foreign";
}
