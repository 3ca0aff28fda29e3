import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { bytesEqual, concatBytes } from "../../harness/bytes/byte-arrays";
import { expectSequenceError, replayUnderAcceptedNumber } from "../../harness/conformance/secured-checks";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { DEFAULT_MEP_LINK_CONFIG } from "../../harness/link/mep/mep-link-config";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { MepSession } from "../../harness/session/mep-session";
import { SECURED_TABLE_CODEC, type SecuredExchange } from "../../harness/session/secured-session";
import { defaultMepKeys, MepPort } from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { createInProcessPair } from "../../harness/transport/in-process";

/**
 * 7.3/9.7: the 0x0C answer to an encrypted request is checked with a request under the number the
 * device accepted last. A device may answer a byte-for-byte repeat of the request it accepted with
 * that number as a retransmission, with its first response again (PIXIT mep.retransmissionAnswers):
 * the device here does, in front of the reference meter. So the request must differ from it.
 */
const suite = rc4PskSuite(mepKeys(Uint8Array.from(Buffer.from("MAK-OSGP-SIM-KEY", "latin1"))), {
  responseKeystream: "continue",
  emptyInput: "one-zero-block",
});
const FULL_READ = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);

/** Whole MEP frames (two length bytes, then that many) out of a byte stream. */
function framer(onFrame: (frame: Uint8Array) => void): (chunk: Uint8Array) => void {
  let buffer: Uint8Array = new Uint8Array(0);
  return (chunk) => {
    buffer = concatBytes(buffer, chunk);
    while (buffer.length >= 2 && buffer.length >= 2 + (((buffer[0] as number) << 8) | (buffer[1] as number))) {
      const end = 2 + (((buffer[0] as number) << 8) | (buffer[1] as number));
      onFrame(buffer.slice(0, end));
      buffer = buffer.slice(end);
    }
  };
}

/** Between the client and the meter: a request identical to the previous one gets the previous response again. */
function repeatingDevice(client: ByteTransport, meter: ByteTransport): void {
  let lastRequest: Uint8Array | null = null;
  let lastResponse: Uint8Array | null = null;
  client.setListener({
    data: framer((frame) => {
      if (lastRequest !== null && lastResponse !== null && bytesEqual(frame, lastRequest))
        void client.write(lastResponse);
      else void meter.write(frame);
      lastRequest = frame;
    }),
    closed: () => undefined,
  });
  meter.setListener({
    data: framer((frame) => {
      // The alert (00 00) is no response.
      if (frame.length > 2) lastResponse = frame;
      void client.write(frame);
    }),
    closed: () => undefined,
  });
}

function bench(t: TestContext): MepSession {
  const [session, deviceFront] = createInProcessPair();
  const [deviceBack, port] = createInProcessPair();
  repeatingDevice(deviceFront, deviceBack);
  const meterPort = new MepPort(port, {
    meter: new ReferenceMeter({ profile: profileNamed("reference") }),
    keys: defaultMepKeys(),
  });
  const s = new MepSession(
    session,
    { link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0 }, encrypt: true, firstSequence: 1 },
    { advanced: suite, basic: null },
    new Redactor(),
  );
  t.after(async () => {
    await s.close();
    await meterPort.close();
  });
  return s;
}

test("a device that repeats its response to a repeated request still answers the one-byte read 0x0C", async (t) => {
  const session = bench(t);
  const accepted = await session.exchange(FULL_READ, { encrypt: true });
  assert.ok(accepted.outcome.kind === "response" && accepted.outcome.apdu[0] === RESPONSE_CODE.ok);
  // The request the step used to send: the accepted one again, which this device answers as a retransmission.
  const same = await session.exchange(FULL_READ, { encrypt: true, sequence: accepted.sequence, resynchronise: false });
  assert.deepEqual(same.frame, accepted.frame);
  assert.ok(
    same.outcome.kind === "response" && same.outcome.apdu[0] === RESPONSE_CODE.ok,
    "answered again, legitimately",
  );

  const r = replayUnderAcceptedNumber(accepted, BT01, session.suite());
  assert.equal(r.sequence, accepted.sequence);
  const replay = await session.exchange(r.apdu, { encrypt: true, sequence: r.sequence, resynchronise: false });
  assert.notDeepEqual(replay.frame, accepted.frame);
  assert.equal(expectSequenceError(replay, "the replay"), accepted.sequence, "0x0C with the device's number");
});

test("without the request the device accepted with its number, or when it would be repeated, the check is inconclusive", () => {
  assert.throws(() => replayUnderAcceptedNumber(undefined, BT01, suite), Inconclusive);
  const oneByte = encodeTableRequest(
    { service: "partial-read", tableId: BT01, offset: 0, count: 1 },
    SECURED_TABLE_CODEC,
  );
  const { frame } = suite.protectRequest(oneByte, 0x77635b91, true);
  const accepted = { frame, sequence: 0x77635b91 } as SecuredExchange;
  assert.throws(() => replayUnderAcceptedNumber(accepted, BT01, suite), /repeat, byte for byte/);
  assert.doesNotThrow(() => replayUnderAcceptedNumber({ ...accepted, sequence: 0x77635b92 }, BT01, suite));
});
