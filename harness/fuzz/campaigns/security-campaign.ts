import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { readScratchArea, type ScratchArea } from "../../conformance/scratch-area";
import { suiteFor } from "../../links/mep/mep-settings";
import { omakSuites } from "../../links/plc/plc-settings";
import { keyFor } from "../../conformance/pixit";
import { Inconclusive } from "../../conformance/verdicts";
import { hasSequenceErrorShape } from "../../conformance/secured-checks";
import { describeResponseCode, RESPONSE_CODE } from "../../protocol/response-codes";
import { encodeTableRequest } from "../../protocol/table-requests";
import { BT01 } from "../../protocol/tables/bt01-manufacturer-identification";
import { isAuthFailureFrame } from "../../security/rc4-psk";
import { Secret } from "../../security/secret";
import type { SecuritySuite } from "../../security/security-suite";
import { deviceSequenceIn, type SecuredOutcome, type SecuredSession } from "../../session/secured-session";
import {
  arbEnvelopeCase,
  describeEnvelopeCase,
  regionRange,
  type EnvelopeCase,
  type EnvelopeSpace,
} from "../arbitraries/security-envelopes";
import { NotApplicable, type Campaign, type CaseLog } from "../campaign/campaign";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { expectedCodes, type ExpectedCodes } from "./device-facts";
import { readImage } from "./table-state";

/**
 * The secured envelope under fuzzing (7.2, 7.3, 9.7) on MEP and PLC: a request whose APDU,
 * sequence number or digest was touched, cut or extended, or that a foreign key protects, gets the
 * 0x0B frame (the code alone), or a 0x0C for a bit flipped in the sequence number (secured-checks.ts
 * says why); a replay, or a sequence number outside the device's window, gets a
 * 0x0C that verifies and carries the device's number; a number inside the window is served; the
 * basic key may not write. A write that was not served leaves the scratch area as it was.
 */
interface EnvelopeContext {
  readonly space: EnvelopeSpace;
  readonly scratch: ScratchArea | null;
  readonly codes: ExpectedCodes;
  readonly digestLength: number;
  image: Uint8Array | null;
}

async function securedSession(device: FuzzDevice): Promise<SecuredSession> {
  const s = (await device.session("master")).secured;
  if (s === null) throw new Inconclusive("the secured envelope exists on MEP and PLC only");
  return s;
}

function foreignSuite(device: FuzzDevice, key: Uint8Array): SecuritySuite {
  const secret = new Secret(key, "a key the device does not hold");
  const suite =
    device.link === "plc"
      ? omakSuites(device.pixit, new Secret(key.slice(0, 12), "a key the device does not hold")).advanced
      : suiteFor(device.pixit, secret);
  return suite as SecuritySuite;
}

export const securityCampaign: Campaign<EnvelopeContext, EnvelopeCase> = {
  name: "security-envelopes",
  title:
    "Bit flips in APDU, sequence number and digest, cut and extended frames, replays, window edges, foreign keys and key levels",
  clauses: ["7.2", "7.3", "9.7"],
  links: ["mep", "plc"],
  role: "master",
  async prepare(device) {
    if (device.link === "optical") throw new NotApplicable("the optical port has no secured envelope");
    const s = await securedSession(device);
    const scratch = await readScratchArea(s, device.pixit).catch(() => null);
    const window = device.link === "plc" ? device.pixit.plc.sequenceWindow : device.pixit.mep.sequenceWindow;
    const basicKey = device.link === "mep" && keyFor(device.pixit, "mepBasic") !== null;
    const digestLength = device.pixit.security.suite === "aes128" ? device.pixit.security.aesTagLength : 8;
    return {
      space: { window, basicKey, canWrite: scratch !== null },
      scratch,
      codes: expectedCodes(device.pixit),
      digestLength,
      image: scratch?.saved ?? null,
    };
  },
  arbitrary: (ctx) => arbEnvelopeCase(ctx.space),
  async run(c, ctx, device, log) {
    const s = await securedSession(device);
    // One served request first: afterwards the device's last number is ours minus one.
    await s.readPartial(BT01, 0, 1);
    const last = (s.nextSequence - 1) >>> 0;
    const write = c.kind === "key-level" || c.write;
    const apdu = write
      ? writeApdu(ctx)
      : encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: 4 }, s.codec);
    let served = false;
    const problem = await attack(c, s, apdu, last, ctx, device, log, () => (served = true));
    if (problem !== null || !write || ctx.scratch === null) return problem;
    const before = ctx.image as Uint8Array;
    const after = await readImage(s, ctx.scratch.tableId, before.length);
    ctx.image = after;
    const expected = served ? applied(before, apdu, ctx) : before;
    return bytesEqual(after, expected)
      ? null
      : `after ${describeEnvelopeCase(c)}, the scratch table holds [${toHex(after)}] instead of [${toHex(expected)}]`;
  },
  describe: (c) => ({
    hex: c.kind === "extend" ? toHex(c.bytes) : c.kind === "foreign-key" ? "(a random key; not shown)" : "",
    decoded: describeEnvelopeCase(c),
  }),
  async finish(ctx, device) {
    const sc = ctx.scratch;
    if (sc === null || ctx.image === null || bytesEqual(ctx.image, sc.saved)) return;
    await (
      await securedSession(device)
    ).writePartial(sc.tableId, sc.offset, sc.saved.subarray(sc.offset, sc.offset + sc.length));
  },
};

async function attack(
  c: EnvelopeCase,
  s: SecuredSession,
  apdu: Uint8Array,
  last: number,
  ctx: EnvelopeContext,
  device: FuzzDevice,
  log: CaseLog,
  served: () => void,
): Promise<string | null> {
  const what = describeEnvelopeCase(c);
  switch (c.kind) {
    case "bit-flip":
    case "truncate":
    case "extend":
    case "foreign-key": {
      const suite = c.kind === "foreign-key" ? foreignSuite(device, c.key) : s.suite();
      const frame = damage(c, suite.protectRequest(apdu, s.nextSequence, c.encrypt).frame, ctx.digestLength);
      const response = await s.sendRaw(frame);
      log.exchange(c.kind, frame, response);
      if (isAuthFailureFrame(response)) return null;
      const inSequence = c.kind === "bit-flip" && c.region === "sequence";
      if (inSequence && hasSequenceErrorShape(response, ctx.digestLength, c.encrypt)) return null;
      return `${what} was answered [${toHex(response)}] instead of the 0x0B frame (the code alone)${inSequence ? " or a 0x0C" : ""}`;
    }
    case "replay": {
      const x = await s.exchange(apdu, { encrypt: c.encrypt, resynchronise: false });
      log.exchange("request", x.frame, x.responseFrame);
      const code = codeOf(x.outcome);
      if (code !== RESPONSE_CODE.ok)
        return `${what}: the request itself was answered ${code === null ? x.outcome.kind : describeResponseCode(code)}`;
      served();
      const again = await s.resend(x);
      log.exchange("replay", again.frame, again.responseFrame);
      return sequenceError(again.outcome, x.sequence, what);
    }
    case "window": {
      const ahead = ((c.ahead % 2 ** 32) + 2 ** 32) % 2 ** 32;
      const x = await s.exchange(apdu, { sequence: (last + ahead) >>> 0, encrypt: c.encrypt, resynchronise: false });
      log.exchange(`sequence + ${ahead}`, x.frame, x.responseFrame);
      if (ahead >= 1 && ahead <= ctx.space.window) {
        const code = codeOf(x.outcome);
        if (code === RESPONSE_CODE.ok) served();
        return code === RESPONSE_CODE.ok
          ? null
          : `${what}, inside the window of ${ctx.space.window}, was answered ${code === null ? x.outcome.kind : describeResponseCode(code)} instead of being served`;
      }
      return sequenceError(x.outcome, last, what);
    }
    case "key-level": {
      const x = await s.exchange(apdu, { role: "basic", encrypt: c.encrypt });
      log.exchange("basic key", x.frame, x.responseFrame);
      const code = codeOf(x.outcome);
      return code !== null && ctx.codes.insufficientKey.includes(code)
        ? null
        : `${what} was answered ${code === null ? x.outcome.kind : describeResponseCode(code)}; allowed: ${ctx.codes.insufficientKey.map(describeResponseCode).join(", ")}`;
    }
  }
}

function damage(c: EnvelopeCase, frame: Uint8Array, digestLength: number): Uint8Array {
  if (c.kind === "bit-flip") {
    const [from, to] = regionRange(frame.length, c.region, digestLength);
    const bit = c.bit % (8 * (to - from));
    const out = frame.slice();
    out[from + (bit >> 3)] = (out[from + (bit >> 3)] as number) ^ (1 << (bit & 7));
    return out;
  }
  if (c.kind === "truncate") return frame.slice(0, 1 + (c.keep % (frame.length - 1)));
  if (c.kind === "extend") return Uint8Array.of(...frame, ...c.bytes);
  return frame;
}

function codeOf(o: SecuredOutcome): number | null {
  return o.kind === "response" ? (o.apdu[0] ?? null) : o.kind === "auth-failure" ? RESPONSE_CODE.auth : null;
}

function sequenceError(o: SecuredOutcome, expected: number, what: string): string | null {
  const device = deviceSequenceIn(o);
  if (device === expected) return null;
  const got =
    o.kind === "response"
      ? `[${toHex(o.apdu)}]`
      : o.kind === "auth-failure"
        ? "0x0B"
        : `an answer that does not verify (${o.error.detail})`;
  return `${what} was answered ${got} instead of 0x0C with the device's sequence number 0x${expected.toString(16).padStart(8, "0")}`;
}

/** A partial write of the scratch area whose bytes differ from what it holds, so that any write shows. */
function writeApdu(ctx: EnvelopeContext): Uint8Array {
  const sc = ctx.scratch as ScratchArea;
  const image = ctx.image as Uint8Array;
  const n = Math.min(8, sc.length);
  const data = image.slice(sc.offset, sc.offset + n).map((b) => b ^ 0xff);
  return encodeTableRequest(
    { service: "partial-write", tableId: sc.tableId, offset: sc.offset, data },
    { checksum: false },
  );
}

function applied(before: Uint8Array, apdu: Uint8Array, ctx: EnvelopeContext): Uint8Array {
  const sc = ctx.scratch as ScratchArea;
  const out = before.slice();
  out.set(apdu.subarray(8), sc.offset);
  return out;
}
