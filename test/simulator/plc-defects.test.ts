import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeLonPdu, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { PLC_MESSAGE_LIMIT } from "../../harness/link/lon/osgp-over-lon";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { DEFECTS } from "../../harness/simulator/defects";
import { PLC_DEFECTS } from "./plc-defects";
import {
  FIRST_SEQUENCE,
  fromHex,
  nodeOf,
  osgpRequest,
  readRequest,
  responseFrame,
  type NodeUnderTest,
} from "./plc-requests";

/**
 * The PLC node's defects, each shown by a request to a node: a check that is false on a clean node
 * and true with the defect on.
 */
type Check = (n: NodeUnderTest) => boolean;

const tnOf = (p: LonPdu | undefined) => (p !== undefined && "tn" in p.body ? p.body.tn : -1);

const CHECKS: Record<(typeof PLC_DEFECTS)[number], Check> = {
  // 9.1: the response carries the request's transaction number.
  "plc-wrong-transaction-number": ({ node }) => {
    const [answer] = node.receive(osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 15).pdu, 0);
    return tnOf(answer) !== 15;
  },
  // 4: a retry is answered from the record; executed again, it repeats a sequence number.
  "plc-no-duplicate-detection": ({ node, server }) => {
    const { pdu } = osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 3);
    const first = node.receive(pdu, 0).map(encodeLonPdu);
    const retry = node.receive(pdu, 100).map(encodeLonPdu);
    return server.last !== FIRST_SEQUENCE + 1 || Buffer.compare(first[0] as Uint8Array, retry[0] as Uint8Array) !== 0;
  },
  // 9.2: no OSGP message over PLC passes 114 bytes: a 200-byte read must be refused.
  "plc-oversize-response": ({ node }) => {
    const [answer] = node.receive(osgpRequest(readRequest(BT01, 0, 200), FIRST_SEQUENCE + 1, 1).pdu, 0);
    return responseFrame(answer as LonPdu).length > PLC_MESSAGE_LIMIT;
  },
  // 5.4: Query ID "selected" is answered only after Respond to Query on. 1/126 -> 1/11 tn 1: 61 01
  "plc-query-id-ignores-selection": ({ node }) => node.receive(fromHex("00 19 01 fe 01 8b 01 01 61 01"), 0).length > 0,
};

test("every PLC defect has a check here", () => {
  assert.deepEqual(Object.keys(CHECKS).sort(), [...PLC_DEFECTS].sort());
});

for (const [defect, violated] of Object.entries(CHECKS) as [(typeof PLC_DEFECTS)[number], Check][]) {
  test(`defect ${defect} (${DEFECTS[defect].clause}): ${DEFECTS[defect].what}`, () => {
    assert.equal(violated(nodeOf()), false, "the clean node must pass this check");
    assert.equal(violated(nodeOf([defect])), true, "the defect must show");
  });
}
