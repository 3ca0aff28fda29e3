import assert from "node:assert/strict";
import { unwrap } from "../../harness/bytes/decoded";
import { keyFor } from "../../harness/conformance/pixit";
import { omakSuites } from "../../harness/links/plc/plc-settings";
import { simulatorPixit } from "../../harness/conformance/target";
import { cnipDataPacket, decodeCnipPacket, encodeCnipPacket } from "../../harness/link/cnip/cnip-header";
import type { SubnetNodeAddress } from "../../harness/link/lon/lon-address";
import { decodeLonPdu, encodeLonPdu, type LonBody, type LonPdu } from "../../harness/link/lon/lon-pdu";
import {
  DEFAULT_CARRIAGE,
  osgpRequestBody,
  osgpResponseBody,
  PLC_MESSAGE_LIMIT,
} from "../../harness/link/lon/osgp-over-lon";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { encodeReadResponse } from "../../harness/protocol/table-responses";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import { GATEWAY_SESSION_ID } from "../../harness/simulator/cnip-gateway";
import { profileNamed } from "../../harness/simulator/profiles";

/**
 * Fixed PLC packets for `npm run bench`: what one secured partial read puts on the CN/IP tunnel,
 * built with the suite and carriage the harness uses against the simulator (so the byte counts
 * are the real ones, not guesses). The request is checked to verify at the meter's end and the
 * response at the harness's before anything is timed, so a codec that drifts fails instead of
 * being measured.
 */
export interface PlcBenchCase {
  readonly name: string;
  readonly run: () => void;
}

export function plcCodecBenchCases(): readonly PlcBenchCase[] {
  const pixit = simulatorPixit(profileNamed("reference"));
  const suite = omakSuites(pixit, keyFor(pixit, "omak"), "rc4").advanced;
  assert.ok(suite !== null, "the simulator PIXIT gives no OMAK");

  const read = encodeTableRequest({ service: "partial-read", tableId: 1, offset: 0, count: 64 }, SECURED_TABLE_CODEC);
  const { frame, context } = suite.protectRequest(read, 0x0001_2345, pixit.plc.encrypt);
  assert.deepEqual(unwrap(suite.unprotectRequest(frame)).apdu, read, "the bench request does not verify");
  // The largest OSGP message PLC allows (9.2): sized from the suite's own overhead, not assumed.
  const overhead = suite.protectResponse(context, new Uint8Array(3)).length - 3;
  const responseApdu = encodeReadResponse(
    { code: 0, data: Uint8Array.from({ length: PLC_MESSAGE_LIMIT - overhead - 3 }, (_, i) => i & 0xff) },
    SECURED_TABLE_CODEC,
  );
  const responseFrame = suite.protectResponse(context, responseApdu);
  assert.equal(responseFrame.length, PLC_MESSAGE_LIMIT);
  assert.deepEqual(
    unwrap(suite.unprotectResponse(context, responseFrame)).apdu,
    responseApdu,
    "the bench response does not verify",
  );

  const harness = pixit.plc.local;
  const meter = pixit.plc.meter;
  const toMeter: SubnetNodeAddress = {
    format: "subnet-node",
    srcSubnet: harness.subnet,
    srcNode: harness.node,
    dstSubnet: meter.subnet,
    dstNode: meter.node,
  };
  const toHarness: SubnetNodeAddress = {
    format: "subnet-node",
    srcSubnet: meter.subnet,
    srcNode: meter.node,
    dstSubnet: harness.subnet,
    dstNode: harness.node,
  };
  const pdu = (address: SubnetNodeAddress, body: LonBody): LonPdu => ({
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address,
    domain: Uint8Array.of(0x01),
    body,
  });
  const request = pdu(toMeter, osgpRequestBody(frame, 5, DEFAULT_CARRIAGE));
  const response = pdu(toHarness, osgpResponseBody(responseFrame, 5, DEFAULT_CARRIAGE));

  const requestBytes = encodeLonPdu(request);
  const responseBytes = encodeLonPdu(response);
  const requestPacket = cnipDataPacket({ payload: requestBytes, sessionId: GATEWAY_SESSION_ID, sequence: 7 });
  const requestDatagram = encodeCnipPacket(requestPacket);
  const responseDatagram = encodeCnipPacket(
    cnipDataPacket({ payload: responseBytes, sessionId: GATEWAY_SESSION_ID, sequence: 8 }),
  );
  for (const [p, bytes] of [
    [request, requestBytes],
    [response, responseBytes],
  ] as const) {
    assert.deepEqual(encodeLonPdu(unwrap(decodeLonPdu(bytes))), bytes, "a bench PDU does not re-encode to its bytes");
    assert.deepEqual(encodeLonPdu(p), bytes);
  }

  const roundTrip = (p: LonPdu) => () =>
    void unwrap(
      decodeLonPdu(unwrap(decodeCnipPacket(encodeCnipPacket(cnipDataPacket({ payload: encodeLonPdu(p) })))).payload),
    );
  const rq = `${requestBytes.length} bytes`;
  const rs = `${responseBytes.length} bytes`;
  return [
    { name: `14908-1 encode, SPDU request, ${rq}`, run: () => void encodeLonPdu(request) },
    { name: `14908-1 decode, SPDU request, ${rq}`, run: () => void unwrap(decodeLonPdu(requestBytes)) },
    { name: `14908-1 encode, SPDU response, ${rs}`, run: () => void encodeLonPdu(response) },
    { name: `14908-1 decode, SPDU response, ${rs}`, run: () => void unwrap(decodeLonPdu(responseBytes)) },
    {
      name: `CN/IP header encode, ${requestDatagram.length}-byte datagram`,
      run: () => void encodeCnipPacket(requestPacket),
    },
    {
      name: `CN/IP header decode, ${requestDatagram.length}-byte datagram`,
      run: () => void unwrap(decodeCnipPacket(requestDatagram)),
    },
    { name: `datagram round trip, request, ${requestDatagram.length} bytes`, run: roundTrip(request) },
    { name: `datagram round trip, response, ${responseDatagram.length} bytes`, run: roundTrip(response) },
  ];
}
