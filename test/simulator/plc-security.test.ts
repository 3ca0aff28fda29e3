import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { plcKeys } from "../../harness/security/rc4-psk";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { Secret } from "../../harness/security/secret";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { DEFAULT_PLC_SECURITY, plcSecuredServer } from "../../harness/simulator/plc-security";
import { profileNamed } from "../../harness/simulator/profiles";

/** The OMAK-keyed state a PLC port will use: a client keyed from the same OMAK is served, any other is not. */
const READ = encodeTableRequest({ service: "full-read", tableId: BT01 }, { checksum: false });
const client = (
  omak: Uint8Array,
  variant: "split-halves" | "first-half-twice" = "split-halves",
  encryptedBytes: "apdu+sequence" | "apdu" = "apdu+sequence",
) =>
  rc4PskSuite(plcKeys(omak, variant), { responseKeystream: "continue", emptyInput: "one-zero-block", encryptedBytes });

test("a request protected with the meter's OMAK is served, encrypted or not, and the answer verifies", () => {
  const server = plcSecuredServer(new ReferenceMeter({ profile: profileNamed("reference") }), defaultOmak());
  const suite = client(defaultOmak().reveal());
  for (const [i, encrypt] of [false, true].entries()) {
    const { frame, context } = suite.protectRequest(READ, DEFAULT_PLC_SECURITY.firstSequence + 1 + i, encrypt);
    const answer = suite.unprotectResponse(context, server.handle(frame, 100));
    assert.ok(
      answer.ok && answer.value.apdu[0] === RESPONSE_CODE.ok && answer.value.apdu.length === 1 + 2 + 24,
      `encrypt ${encrypt}`,
    );
  }
});

test("another OMAK, or the other key-derivation variant when encrypting, gets 0x0B", () => {
  const server = plcSecuredServer(new ReferenceMeter({ profile: profileNamed("reference") }), defaultOmak());
  const other = client(Secret.fromText("OTHER-OMAK!!", "x").reveal());
  assert.deepEqual(
    server.handle(other.protectRequest(READ, DEFAULT_PLC_SECURITY.firstSequence + 1, false).frame, 100),
    Uint8Array.of(RESPONSE_CODE.auth),
  );
  // The digest does not depend on the base key, so only an encrypted request tells the variants apart.
  const variant = client(defaultOmak().reveal(), "first-half-twice");
  assert.deepEqual(
    server.handle(variant.protectRequest(READ, DEFAULT_PLC_SECURITY.firstSequence + 1, true).frame, 100),
    Uint8Array.of(RESPONSE_CODE.auth),
  );
});

test("the PIXIT choices reach the state: a meter set to encrypt the APDU only serves such a client", () => {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const server = plcSecuredServer(meter, defaultOmak(), { ...DEFAULT_PLC_SECURITY, encryptedBytes: "apdu" });
  const apduOnly = client(defaultOmak().reveal(), "split-halves", "apdu");
  const { frame, context } = apduOnly.protectRequest(READ, DEFAULT_PLC_SECURITY.firstSequence + 1, true);
  const answer = apduOnly.unprotectResponse(context, server.handle(frame, 100));
  assert.ok(answer.ok && answer.value.apdu[0] === RESPONSE_CODE.ok);
});
