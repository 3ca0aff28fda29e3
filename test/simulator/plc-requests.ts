import { unwrap } from "../../harness/bytes/decoded";
import { parseHex } from "../../harness/bytes/parse-hex";
import type { GroupAddress, LonAddress, SubnetNodeAddress } from "../../harness/link/lon/lon-address";
import type { LonApdu } from "../../harness/link/lon/lon-apdu";
import { decodeLonPdu, type LonBody, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { APDU_CODE_CARRIAGE, osgpRequestBody, unwrapOsgpApdu } from "../../harness/link/lon/osgp-over-lon";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { plcKeys } from "../../harness/security/rc4-psk";
import { rc4PskSuite, type SuiteContext } from "../../harness/security/security-suite";
import type { DefectName } from "../../harness/simulator/defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { PLC_MAX_RESPONSE_APDU, PlcMeterNode, type PlcNodeConfig } from "../../harness/simulator/plc-meter-node";
import { DEFAULT_PLC_SECURITY, plcSecuredServer } from "../../harness/simulator/plc-security";
import { profileNamed } from "../../harness/simulator/profiles";
import type { SecuredApduServer } from "../../harness/simulator/secured-apdu-server";

/**
 * Requests and nodes for the PLC tests: the harness at 1/126, the node under test at 1/11 in domain
 * 01, OSGP carried under apdu-code (the carriage where a ciphertext byte can look like NM).
 */
export const UID = parseHex("4f 53 47 50 00 01");
export const PID = parseHex("4f 53 47 50 53 49 4d 01");
export const DOMAIN = Uint8Array.of(0x01);
export const HARNESS = { subnet: 1, node: 126 } as const;
/** Member 9: its bit is bit 1 of the member list's second byte, so a byte/bit mix-up shows. */
export const MEMBER = 9;
export const FIRST_SEQUENCE = DEFAULT_PLC_SECURITY.firstSequence;

export interface NodeUnderTest {
  readonly node: PlcMeterNode;
  readonly meter: ReferenceMeter;
  readonly server: SecuredApduServer;
}

export function nodeOf(defects: DefectName[] = [], config: Partial<PlcNodeConfig> = {}): NodeUnderTest {
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects });
  const server = plcSecuredServer(meter, defaultOmak());
  const node = new PlcMeterNode({
    subnet: 1,
    node: 11,
    uniqueId: UID,
    programId: PID,
    domain: DOMAIN,
    groups: [{ group: 1, member: MEMBER }],
    receiveTimerMs: 8000,
    meter,
    server,
    maxResponseApdu: PLC_MAX_RESPONSE_APDU,
    carriage: APDU_CODE_CARRIAGE,
    ...config,
  });
  return { node, meter, server };
}

export const TO_NODE: SubnetNodeAddress = {
  format: "subnet-node",
  srcSubnet: HARNESS.subnet,
  srcNode: HARNESS.node,
  dstSubnet: 1,
  dstNode: 11,
};
export const TO_GROUP: GroupAddress = {
  format: "group",
  srcSubnet: HARNESS.subnet,
  srcNode: HARNESS.node,
  dstGroup: 1,
};

export function pduOf(body: LonBody, address: LonAddress = TO_NODE, extra: Partial<LonPdu> = {}): LonPdu {
  return { priority: false, altPath: false, deltaBacklog: 0, address, domain: DOMAIN, body, ...extra };
}

export function requestOf(
  apdu: LonApdu,
  tn: number,
  address: LonAddress = TO_NODE,
  extra: Partial<LonPdu> = {},
): LonPdu {
  return pduOf({ pdu: "spdu", type: "request", auth: false, tn, apdu }, address, extra);
}

export const management = (...bytes: number[]): LonApdu => ({
  kind: "management",
  code: bytes[0] as number,
  data: Uint8Array.from(bytes.slice(1)),
});

export function fromHex(text: string): LonPdu {
  return unwrap(decodeLonPdu(parseHex(text)));
}

/** A client keyed from the simulator's default OMAK, as the harness's PLC link will be. */
export const omakClient = () =>
  rc4PskSuite(plcKeys(defaultOmak().reveal(), "split-halves"), {
    responseKeystream: "continue",
    emptyInput: "one-zero-block",
    encryptedBytes: "apdu+sequence",
  });

export const readRequest = (tableId: number, offset?: number, count?: number) =>
  offset === undefined || count === undefined
    ? encodeTableRequest({ service: "full-read", tableId }, { checksum: false })
    : encodeTableRequest({ service: "partial-read", tableId, offset, count }, { checksum: false });

/** A protected OSGP request as the SPDU REQUEST that carries it, and what its response needs. */
export function osgpRequest(
  apdu: Uint8Array,
  sequence: number,
  tn: number,
  encrypt = false,
): { pdu: LonPdu; context: SuiteContext; frame: Uint8Array } {
  const { frame, context } = omakClient().protectRequest(apdu, sequence, encrypt);
  return { pdu: pduOf(osgpRequestBody(frame, tn, APDU_CODE_CARRIAGE)), context, frame };
}

/** The protected response frame a response PDU carries: its APDU's bytes, whatever kind they read as. */
export function responseFrame(pdu: LonPdu): Uint8Array {
  const b = pdu.body;
  if (b.pdu !== "spdu" || b.type !== "response") throw new Error(`not an SPDU response: ${b.pdu}`);
  const a = b.apdu;
  if (a.kind === "message" || a.kind === "foreign") return unwrap(unwrapOsgpApdu(a, APDU_CODE_CARRIAGE));
  const first = a.kind === "nv" ? [0x80 | (a.direction << 6) | (a.code >> 8), a.code & 0xff] : [a.code];
  return Uint8Array.from([...first, ...a.data]);
}

/** The OSGP response APDU of a response PDU, verified with the request's context; null when it does not verify. */
export function verifiedResponse(pdu: LonPdu, context: SuiteContext): Uint8Array | null {
  const d = omakClient().unprotectResponse(context, responseFrame(pdu));
  return d.ok ? d.value.apdu : null;
}

/** `count` clean reference meters, for a PLC network. */
export function referenceMeters(count: number, defects: readonly DefectName[] = []): ReferenceMeter[] {
  return Array.from({ length: count }, () => new ReferenceMeter({ profile: profileNamed("reference"), defects }));
}
