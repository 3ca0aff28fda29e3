import assert from "node:assert/strict";
import * as aesPsk from "../../harness/security/aes128-psk";
import { omaDigest } from "../../harness/security/oma-digest";
import {
  mepKeys,
  plcKeys,
  protectRequest,
  protectResponse,
  unprotectRequest,
  unprotectResponse,
  type Rc4PskKeys,
} from "../../harness/security/rc4-psk";

/**
 * Fixed workloads of the security code for `npm run bench`. Each case checks its own result, so a
 * broken round trip fails instead of being timed. The keys are made-up bench values, not secrets.
 */
export interface SecurityBenchCase {
  readonly name: string;
  readonly run: () => void;
}

export function securityBenchCases(): readonly SecurityBenchCase[] {
  const key16 = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff);
  const key12 = key16.slice(0, 12);
  const message = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);
  const apdu = Uint8Array.of(0x3f, 0x00, 0x17, 0x00, 0x00, 0x00, 0x00, 0x2c);
  const response = Uint8Array.from({ length: 47 }, (_, i) => (i === 0 ? 0 : i));
  const mep = mepKeys(key16);
  const plc = plcKeys(key12, "split-halves");
  let seq = 0x77635b91;

  const rc4PskRoundTrip = (keys: Rc4PskKeys, encrypt: boolean) => () => {
    seq = (seq + 1) >>> 0;
    const { frame, context } = protectRequest(keys, apdu, seq, { encrypt });
    const server = unprotectRequest(keys, frame, { tryDecrypt: true });
    assert.ok(server.ok);
    const back = unprotectResponse(keys, context, protectResponse(keys, server.value.context, response));
    assert.ok(
      back.ok && Buffer.compare(Buffer.from(back.value.apdu), Buffer.from(response)) === 0,
      "RC4-PSK bench round trip gave other bytes",
    );
  };

  return [
    { name: "OMA digest, 100 bytes, 16-byte key", run: () => void omaDigest(key16, message) },
    { name: "OMA digest, 100 bytes, 12-byte key", run: () => void omaDigest(key12, message) },
    { name: "RC4-PSK exchange, MEP keys, encrypted", run: rc4PskRoundTrip(mep, true) },
    { name: "RC4-PSK exchange, MEP keys, plain", run: rc4PskRoundTrip(mep, false) },
    { name: "RC4-PSK exchange, PLC keys, encrypted", run: rc4PskRoundTrip(plc, true) },
    {
      name: "AES-128-PSK exchange (provisional profile)",
      run: () => {
        seq = (seq + 1) >>> 0;
        const { frame, context } = aesPsk.protectRequest(key16, apdu, seq);
        const server = aesPsk.unprotectRequest(key16, frame);
        assert.ok(server.ok);
        const back = aesPsk.unprotectResponse(
          key16,
          context,
          aesPsk.protectResponse(key16, server.value.context, response),
        );
        assert.ok(back.ok);
      },
    },
  ];
}
