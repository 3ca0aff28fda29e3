import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { encodeMepFrame, lengthFieldOf } from "../../harness/link/mep/mep-frame";
import { MepReassembler } from "../../harness/link/mep/mep-reassembler";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { mepKeys } from "../../harness/security/rc4-psk";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import {
  DEFAULT_FIRST_SEQUENCE,
  DEFAULT_MEP_KEYS_TEXT,
  defaultMepKeys,
  MepPort,
} from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";
import { pacedTransport } from "../../harness/transport/paced-transport";

/**
 * The MEP port behind a port paced at 9600 baud (`simulate --mep TTY --line-rate 9600`), on a clock
 * turned by hand: what the client receives must look like a MEP device on a 9600-baud line. The MEP
 * guide's server writes a long response in segments of 117 bytes with a 25 ms gap between them; on a
 * line the gap is silence after a segment has been sent, and the client gives a frame up after 50 ms
 * of silence inside it.
 */
const BAUD = 9600;
const BYTE_MS = (10 * 1000) / BAUD;
const SEGMENT = 117;
const GAP_MS = 25;
const INTER_BYTE_MS = 50;
/** The least silence the harness's checks take for a segment boundary (PIXIT mep.segmentGapMinMs). */
const BOUNDARY_MS = 10;

interface Arrival {
  readonly at: number;
  readonly bytes: Uint8Array;
}

/** Sends one read to the paced port and turns the clock, a millisecond at a time, until the line is quiet. */
async function readOverPacedLine(t: TestContext, count: number): Promise<Arrival[]> {
  t.mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 0 });
  t.mock.method(performance, "now", () => Date.now());
  const [client, device] = createInProcessPair();
  const timers = { now: () => Date.now(), setTimeout, clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const port = new MepPort(pacedTransport(device, BAUD, timers), { meter, keys: defaultMepKeys() });
  const arrivals: Arrival[] = [];
  client.setListener({ data: (bytes) => arrivals.push({ at: Date.now(), bytes }), closed: () => undefined });
  const mak = Uint8Array.from(Buffer.from(DEFAULT_MEP_KEYS_TEXT.mak, "latin1"));
  const suite = rc4PskSuite(mepKeys(mak), { responseKeystream: "continue", emptyInput: "one-zero-block" });
  const read = encodeTableRequest({ service: "partial-read", tableId: 0, offset: 0, count }, SECURED_TABLE_CODEC);
  const { frame } = suite.protectRequest(read, (DEFAULT_FIRST_SEQUENCE + 1) >>> 0, true);
  await client.write(encodeMepFrame(frame));
  for (let quiet = 0, heard = 0; quiet < 200;) {
    t.mock.timers.tick(1);
    // Lets the port's promise chains and the pipe's deliveries run at this instant.
    for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r));
    quiet = arrivals.length === heard ? quiet + 1 : 0;
    heard = arrivals.length;
  }
  await port.close();
  return arrivals;
}

/** The response's bytes split where the line was silent for BOUNDARY_MS or more: sizes, and the silences between. */
function bursts(arrivals: readonly Arrival[]): { sizes: number[]; silences: number[]; longestInside: number } {
  const sizes = [0];
  const silences: number[] = [];
  let longestInside = 0;
  arrivals.forEach((a, i) => {
    const silence = i === 0 ? 0 : a.at - (arrivals[i - 1] as Arrival).at - BYTE_MS;
    if (silence >= BOUNDARY_MS) {
      silences.push(silence);
      sizes.push(0);
    } else longestInside = Math.max(longestInside, silence);
    sizes[sizes.length - 1] = (sizes.at(-1) as number) + a.bytes.length;
  });
  return { sizes, silences, longestInside };
}

function checkSegmented(arrivals: readonly Arrival[], frameLength: number): void {
  const all = concatBytes(...arrivals.map((a) => a.bytes));
  assert.equal(all.length, frameLength, "the whole response frame and nothing more");
  assert.equal(lengthFieldOf(all) + 2, frameLength);
  const expected = Array.from({ length: Math.ceil(frameLength / SEGMENT) }, (_, i) =>
    Math.min(SEGMENT, frameLength - i * SEGMENT),
  );
  const b = bursts(arrivals);
  assert.deepEqual(b.sizes, expected, "segments of 117 bytes, each followed by a silence");
  for (const s of b.silences) {
    assert.ok(s >= GAP_MS, `a gap of ${s} ms between segments: the port means ${GAP_MS} ms of silence`);
    assert.ok(s < INTER_BYTE_MS, `a gap of ${s} ms: the client gives a frame up after ${INTER_BYTE_MS} ms`);
  }
  // Inside a segment the bytes follow at the line's pace.
  assert.ok(b.longestInside < 2 * BYTE_MS + 1, `${b.longestInside} ms of silence inside a segment`);
  // A client on the line reads it as one frame, with no inter-byte time-out.
  const client = new MepReassembler({ interByteTimeoutMs: INTER_BYTE_MS });
  const events = arrivals.flatMap((a) => client.push(a.bytes, a.at));
  assert.deepEqual(
    events.map((e) => e.kind),
    ["frame"],
  );
  // Every byte took its line time, and every gap its own.
  const span = (arrivals.at(-1) as Arrival).at - (arrivals[0] as Arrival).at;
  const lineMs = (frameLength - 1) * BYTE_MS + b.silences.length * GAP_MS;
  assert.ok(span >= lineMs, `the response took ${span} ms, under the ${lineMs.toFixed(1)} ms the line needs`);
}

test("at 9600 baud the MEP port's long read comes in two segments with a silence of at least 25 ms between", async (t) => {
  // 200 bytes of BT00: a 213-byte response frame (code, count, data, check byte, digest).
  checkSegmented(await readOverPacedLine(t, 200), 213);
});

test("at 9600 baud a response of the largest size comes in five segments, every gap silence on the line", async (t) => {
  // 465 bytes: the largest read of one MEP response, a 478-byte frame (the 9.5 split read's parts).
  checkSegmented(await readOverPacedLine(t, 465), 478);
});
