import { bytesEqual } from "../bytes/byte-arrays";
import { decodeIdentifyResponse, decodeNegotiateResponse } from "../link/c1218/link-services";
import { PACKET_OVERHEAD } from "../link/c1218/packet";
import { RESPONSE_CODE, describeResponseCode } from "../protocol/response-codes";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../protocol/table-requests";
import { decodeReadResponse } from "../protocol/table-responses";
import { BT00 } from "../protocol/tables/bt00-general-configuration";
import type { Secret } from "../security/secret";
import type { C1218Probe, WireEvent } from "../session/c1218-probe";
import {
  combine,
  judgeAcknowledged,
  judgeAnsweredOnce,
  judgeDevicePacketsCheck,
  judgeBadPacketRefused,
  judgePacketShape,
  judgeResentAfterNak,
  judgeRetransmissions,
  judgeToggles,
  type LinkBreach,
  type LinkJudgement,
} from "./c1218-link-checks";
import { codeOf, linkRequest, probeEnd, probeNegotiate, probeOpen, ProbeTableClient } from "./c1218-probe-session";
import { codesNamed } from "./checks";
import type { Pixit } from "./pixit";
import { procedureSettings } from "./poll-pacing";
import { passwordField } from "../session/optical-session";
import { parseTableName } from "../protocol/table-id";
import type { ByteOrder } from "../bytes/cursor";
import { encodeClockDelta } from "../protocol/procedures/ep16-clock-delta";
import { BT07, encodeProcedureInitiate } from "../protocol/tables/bt07-procedure-initiate";
import { BT08, decodeProcedureResponse } from "../protocol/tables/bt08-procedure-response";
import { PollBackoff } from "../session/poll-backoff";
import { bt08Pacing, runProcedure, type ProcedureSettings } from "../session/procedure-runner";
import { PROCEDURE_RESULT } from "../protocol/procedures/procedure-result-codes";
import { carriedWindow, readDeviceClock } from "./device-clock";

/** The clock is the instrument here, not the subject (device-clock.ts, timeBaseFor). */
const HOW_OFTEN_EXECUTED = "how often the retransmitted request was executed";

/**
 * What the link scenarios do on the wire, each as one observation that can be made again: the
 * verdict rule repeats an observation that showed a breach, and only a breach seen twice FAILs.
 * Each opens its own probe (a fresh connection), ends its session, and returns the judgement.
 */
export interface ProbeContext {
  readonly pixit: Pixit;
  /** A connected probe whose trace the scenario's report shows. */
  open(): Promise<C1218Probe>;
}

const nothing: LinkJudgement = { breaches: [], undecided: [] };

async function withProbe(
  ctx: ProbeContext,
  work: (probe: C1218Probe) => Promise<LinkJudgement>,
): Promise<LinkJudgement> {
  const probe = await ctx.open();
  try {
    return await work(probe);
  } finally {
    await probe.close();
  }
}

/**
 * A whole session, every service once: identification, negotiation, logon, security, a read of
 * BT00, wait, logoff, terminate. Returns the log and the request packets the harness sent.
 */
export async function observeWholeSession(
  ctx: ProbeContext,
  password: Secret | null,
): Promise<{ wire: readonly WireEvent[]; requests: readonly WireEvent[]; forms: LinkJudgement }> {
  const probe = await ctx.open();
  const requests: WireEvent[] = [];
  const breaches: LinkBreach[] = [];
  const undecided: string[] = [];
  const step = async (message: Uint8Array): Promise<Uint8Array | null> => {
    const sent = await probe.sendRequest(message);
    requests.push(...sent.packets);
    if (sent.replies.some((r) => r === null)) return null;
    return (await probe.collectResponse((sent.packets[0] as WireEvent).index + 1, "ack")).data;
  };
  try {
    await probe.wakeUp();
    const ident = await step(linkRequest({ service: "identify" }));
    if (ident === null)
      return { wire: probe.wire, requests, forms: { breaches, undecided: ["identification got no answer"] } };
    const id = decodeIdentifyResponse(ident);
    if (!id.ok)
      breaches.push({
        rule: `the answer to Identification does not have C12.18's form (code, standard, version, revision, features): ${id.error.message}`,
        frames: probe.devicePackets().slice(-1),
      });
    const n = ctx.pixit.session.negotiate;
    const negotiated = await step(
      linkRequest({ service: "negotiate", packetSize: n.packetSize, packetCount: n.packetCount, baudCodes: [] }),
    );
    if (negotiated !== null) {
      const d = decodeNegotiateResponse(negotiated);
      const frames = probe.devicePackets().slice(-1);
      if (!d.ok)
        breaches.push({
          rule: `the answer to Negotiate does not have C12.18's form (code, packet size, packet count): ${d.error.message}`,
          frames,
        });
      else if (
        d.value.code === RESPONSE_CODE.ok &&
        d.value.packetSize !== undefined &&
        d.value.packetCount !== undefined
      ) {
        if (d.value.packetSize > n.packetSize || d.value.packetCount > n.packetCount) {
          breaches.push({
            rule: `Negotiate granted ${d.value.packetSize} bytes x ${d.value.packetCount} packets where ${n.packetSize} x ${n.packetCount} were asked: a device may only grant less`,
            frames,
          });
        }
        probe.setPacketLimits({
          packetSize: Math.min(d.value.packetSize, n.packetSize),
          packetCount: Math.min(d.value.packetCount, n.packetCount),
        });
      }
    }
    await step(
      linkRequest({ service: "logon", userId: ctx.pixit.session.logon.userId, user: ctx.pixit.session.logon.user }),
    );
    if (password !== null) await step(linkRequest({ service: "security", password: passwordField(password) }));
    await step(encodeTableRequest({ service: "full-read", tableId: BT00 }, C1218_TABLE_CODEC));
    // The form is a response code alone; which code is not judged here: a device may refuse Wait (sns).
    const wait = await step(linkRequest({ service: "wait", seconds: 1 }));
    if (wait !== null && wait.length !== 1) {
      breaches.push({
        rule: `the answer to Wait is ${wait.length} bytes starting ${describeResponseCode(wait[0] ?? -1)}; C12.18 answers it with a response code alone`,
        frames: probe.devicePackets().slice(-1),
      });
    }
    await step(linkRequest({ service: "logoff" }));
    await step(linkRequest({ service: "terminate" }));
    await probe.listen(Math.min(ctx.pixit.link.ackTimeoutMs, 500));
    return { wire: probe.wire, requests, forms: { breaches, undecided } };
  } finally {
    await probe.close();
  }
}

/** 9.1: every request packet of a session is ACKed before anything else, Logoff and Terminate included. */
export async function observeAcknowledgements(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  const s = await observeWholeSession(ctx, password);
  return combine(judgeAcknowledged(s.wire, s.requests), judgeDevicePacketsCheck(s.wire), s.forms);
}

/** 9.1: the device's packets alternate their toggle bit over a whole session. */
export async function observeToggles(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  const s = await observeWholeSession(ctx, password);
  return judgeToggles(s.wire);
}

/** The scratch area the suite may write: table, offset and a few bytes of it. */
function scratch(pixit: Pixit): { tableId: number; offset: number; length: number } {
  const s = pixit.device.scratch;
  return { tableId: parseTableName(s.table), offset: s.offset, length: Math.min(s.length ?? 4, 4) };
}

/**
 * 9.1: a request packet with a bad CRC is NAKed, gets no response and is not executed. The
 * request is a write of the scratch area's own bytes inverted, so that an execution shows.
 */
export async function observeBadCrcRequest(
  ctx: ProbeContext,
  password: Secret | null,
  restore: (before: Uint8Array) => void,
): Promise<LinkJudgement> {
  return withProbe(ctx, async (probe) => {
    await probeOpen(probe, ctx.pixit, password);
    const client = new ProbeTableClient(probe);
    const a = scratch(ctx.pixit);
    const before = await client.readPartial(a.tableId, a.offset, a.length);
    if (!("data" in before))
      return { breaches: [], undecided: [`the scratch area could not be read (${describeResponseCode(before.code)})`] };
    restore(before.data);
    const pattern = before.data.map((b) => b ^ 0xff);
    const sent = await probe.sendRequest(
      encodeTableRequest(
        { service: "partial-write", tableId: a.tableId, offset: a.offset, data: pattern },
        C1218_TABLE_CODEC,
      ),
      { corruptCrc: true },
    );
    const bad = sent.packets[0] as WireEvent;
    await probe.listen(ctx.pixit.session.responseTimeoutMs);
    const windowEnd = probe.mark;
    const judged = judgeBadPacketRefused(probe.wire, bad, windowEnd);
    const after = await client.readPartial(a.tableId, a.offset, a.length);
    const executed: LinkBreach[] =
      "data" in after && !bytesEqual(after.data, before.data)
        ? [
            {
              rule: `the write carried by packet #${bad.traceIndex}, whose CRC was wrong, was executed: the scratch area changed`,
              frames: [bad, ...probe.devicePackets(windowEnd).slice(-1)],
            },
          ]
        : [];
    await probeEnd(probe);
    return combine(judged, { breaches: executed, undecided: [] });
  });
}

/** 9.1: the device sends a NAKed packet again, byte for byte. */
export async function observeNakedResponse(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  return withProbe(ctx, async (probe) => {
    await probeOpen(probe, ctx.pixit, password);
    const sent = await probe.sendRequest(
      encodeTableRequest({ service: "full-read", tableId: BT00 }, C1218_TABLE_CODEC),
    );
    const from = (sent.packets[0] as WireEvent).index + 1;
    const r = await probe.collectResponse(from, "nak-first");
    const first = r.packets[0];
    if (first === undefined) return { breaches: [], undecided: ["the device did not answer the read of BT00"] };
    await probeEnd(probe);
    return judgeResentAfterNak(probe.wire, first);
  });
}

/**
 * 9.1: a response the harness ACKs is sent once. After the response to a read of BT00 the harness
 * listens for the ACK time-out before its next request: a device that answers twice shows its
 * second answer there, with no request it could answer.
 *
 * Before that read the line is left quiet for half the ACK time-out (the span within which
 * judgeAnsweredOnce takes a copy for a breach rather than a retransmission). A device that sends
 * its responses twice also sent the opening's responses twice; the harness ACKs each copy, and a
 * device that takes such an ACK for one of the read's packets sends that read out of step, its
 * copy crossing the harness's ACK. That tells nothing either way, so the read starts when every
 * copy from the opening has come and been ACKed.
 */
export async function observeAnsweredOnce(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  return withProbe(ctx, async (probe) => {
    await probeOpen(probe, ctx.pixit, password);
    await probe.listen(Math.round(ctx.pixit.link.ackTimeoutMs / 2));
    const sent = await probe.sendRequest(
      encodeTableRequest({ service: "full-read", tableId: BT00 }, C1218_TABLE_CODEC),
    );
    const r = await probe.collectResponse((sent.packets[0] as WireEvent).index + 1, "ack");
    if (r.data === null) return { breaches: [], undecided: ["the device did not answer the read of BT00"] };
    await probe.listen(ctx.pixit.link.ackTimeoutMs);
    const judged = judgeAnsweredOnce(probe.wire, ctx.pixit.link.ackTimeoutMs);
    await probeEnd(probe);
    return judged;
  });
}

/** 9.1: a device packet left without an ACK is sent again at most link.retries times, unchanged. */
export async function observeUnacknowledgedResponse(
  ctx: ProbeContext,
  password: Secret | null,
): Promise<LinkJudgement> {
  return withProbe(ctx, async (probe) => {
    await probeOpen(probe, ctx.pixit, password);
    const sent = await probe.sendRequest(
      encodeTableRequest({ service: "full-read", tableId: BT00 }, C1218_TABLE_CODEC),
    );
    const from = (sent.packets[0] as WireEvent).index + 1;
    // Long enough for every retransmission the PIXIT allows, and one more to be seen.
    const r = await probe.collectResponse(from, "silent", Math.round(ctx.pixit.link.ackTimeoutMs * 1.5));
    const first = r.packets[0];
    if (first === undefined) return { breaches: [], undecided: ["the device did not answer the read of BT00"] };
    const judged = judgeRetransmissions(probe.wire, first, ctx.pixit.link.retries);
    // The device gave up on its response: Terminate returns it to its base state from any state.
    await probe.request(linkRequest({ service: "terminate" })).catch(() => undefined);
    return judged;
  });
}

/**
 * 9.2: responses fit the negotiated packet size and count; a response too long for them is
 * refused with a code the PIXIT allows; a multi-packet response is numbered down to 0. BT00 is
 * read in parts sized from what the device granted: one packet's worth, two packets' worth (when
 * two were granted), and one byte more than the limits carry.
 */
export async function observePacketLimits(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  return withProbe(ctx, async (probe) => {
    await probe.wakeUp();
    await probe.request(linkRequest({ service: "identify" }));
    const n = ctx.pixit.session.negotiate;
    const granted = await probeNegotiate(probe, { ...n, baudRate: n.baudRate });
    if (granted.code !== RESPONSE_CODE.ok)
      return { breaches: [], undecided: [`Negotiate was answered ${describeResponseCode(granted.code)}`] };
    await probe.request(
      linkRequest({ service: "logon", userId: ctx.pixit.session.logon.userId, user: ctx.pixit.session.logon.user }),
    );
    if (password !== null) await probe.request(linkRequest({ service: "security", password: passwordField(password) }));
    const limits = probe.packetLimits;
    const perPacket = limits.packetSize - PACKET_OVERHEAD;
    const fits = limits.packetCount * perPacket - 4; // code, count (2), checksum
    const counts = [
      Math.max(1, perPacket - 4),
      ...(limits.packetCount >= 2 ? [Math.min(fits, 2 * perPacket - 4)] : []),
      fits + 1,
    ];
    const allowed = codesNamed(ctx.pixit.expect.oversizeResponse, "expect.oversizeResponse");
    const results: LinkJudgement[] = [];
    for (const count of counts) {
      const sent = await probe.sendRequest(
        encodeTableRequest({ service: "partial-read", tableId: BT00, offset: 0, count }, C1218_TABLE_CODEC),
      );
      const r = await probe.collectResponse((sent.packets[0] as WireEvent).index + 1, "ack");
      if (r.packets.length === 0) {
        results.push({ breaches: [], undecided: [`a read of ${count} bytes of BT00 got no answer`] });
        continue;
      }
      results.push(judgePacketShape(r.packets, limits));
      if (count > fits && r.data !== null) {
        const code = codeOf(r.data);
        if (code === RESPONSE_CODE.ok || !allowed.includes(code)) {
          results.push({
            breaches: [
              {
                rule: `a read of ${count} bytes, one more than ${limits.packetCount} packet(s) of ${limits.packetSize} bytes carry, was answered ${describeResponseCode(code)}; the PIXIT allows ${allowed.map(describeResponseCode).join(" or ")} (expect.oversizeResponse)`,
                frames: r.packets,
              },
            ],
            undecided: [],
          });
        }
      } else if (r.data !== null) {
        const d = decodeReadResponse(r.data, C1218_TABLE_CODEC);
        if (d.ok && !("data" in d.value))
          results.push({
            breaches: [],
            undecided: [
              `a read of ${count} bytes of BT00, which fits the limits, was answered ${describeResponseCode(d.value.code)}`,
            ],
          });
      }
    }
    await probeEnd(probe);
    return results.reduce((a, b) => combine(a, b), nothing);
  });
}

export interface ClockDeltaCall {
  readonly procedureId: number;
  readonly order: ByteOrder;
  /** A fresh procedure sequence number for each call. */
  readonly sequence: () => number;
}

/**
 * 9.1: a request sent twice (the same packet, byte for byte, as after an ACK the client did not
 * see) is ACKed both times and executed once. The request runs the clock-delta procedure, so an
 * execution shows on the clock: moved by the delta once is right, twice is the breach. The clock
 * is put back by the delta it moved before the session ends.
 */
export async function observeRepeatedRequest(
  ctx: ProbeContext,
  password: Secret | null,
  call: ClockDeltaCall,
): Promise<LinkJudgement> {
  const { deltaSeconds, toleranceSeconds, speed } = ctx.pixit.clock;
  return withProbe(ctx, async (probe) => {
    await probeOpen(probe, ctx.pixit, password);
    const client = new ProbeTableClient(probe);
    const settings = procedureSettings(ctx.pixit, "optical", call.order);
    const before = await readDeviceClock(client, HOW_OFTEN_EXECUTED);
    const sequence = call.sequence();
    const image = encodeProcedureInitiate(
      {
        procedureId: call.procedureId,
        selector: 0,
        sequence,
        parameters: encodeClockDelta({ deltaSeconds }, call.order),
      },
      call.order,
    );
    const sent = await probe.sendRequest(
      encodeTableRequest({ service: "full-write", tableId: BT07, data: image }, C1218_TABLE_CODEC),
    );
    if (sent.replies.some((r) => r?.kind !== "ack"))
      return {
        breaches: [],
        undecided: ["the BT07 write was not ACKed the first time (the ACK scenario judges that)"],
      };
    const repeat = await probe.repeatRequest();
    const breaches: LinkBreach[] = [];
    const undecided: string[] = [];
    const repeatReply = repeat.replies[0];
    if (repeatReply === null || repeatReply === undefined) {
      breaches.push({
        rule: `the device did not ACK packet #${repeat.packets[0]?.traceIndex}, a retransmission of the request it had just ACKed, so a client whose ACK was lost resends it until it gives up`,
        frames: repeat.packets,
      });
    } else if (repeatReply.kind === "nak")
      undecided.push("the retransmission was NAKed (a line error or the device's: not judged)");
    const first = await probe.collectResponse((sent.packets[0] as WireEvent).index + 1, "ack");
    const second = await probe.collectResponse(probe.mark, "ack", ctx.pixit.session.responseTimeoutMs);
    if (first.data !== null && second.data !== null && !bytesEqual(first.data, second.data)) {
      breaches.push({
        rule: "the device answered the retransmitted request with another response than the first sending's: a retransmission is answered as the first sending was, or ACKed and dropped",
        frames: [...first.packets, ...second.packets],
      });
    }
    const done = await waitForResult(client, call.procedureId, sequence, settings);
    if (done !== null) undecided.push(done);
    const after = await readDeviceClock(client, HOW_OFTEN_EXECUTED);
    // Each reading was taken somewhere between its request and its answer: the move lies in a range.
    const run = carriedWindow(before, after, speed);
    const [least, most] = [(after.epochMs - run.latest) / 1000, (after.epochMs - run.earliest) / 1000];
    const near = (s: number) => most >= s - toleranceSeconds && least <= s + toleranceSeconds;
    const moved = (least + most) / 2;
    if (!near(deltaSeconds) && near(2 * deltaSeconds)) {
      breaches.push({
        rule: `the clock moved by ${moved.toFixed(1)} s, twice the ${deltaSeconds} s delta asked: the retransmitted request was executed a second time`,
        frames: [...sent.packets, ...repeat.packets],
      });
    } else if (!near(deltaSeconds)) {
      undecided.push(
        `the clock moved by ${moved.toFixed(1)} s, neither the ${deltaSeconds} s delta asked nor twice it (8.3.2 judges the procedure itself)`,
      );
    }
    const back = await runProcedure(
      client,
      {
        procedureId: call.procedureId,
        sequence: call.sequence(),
        parameters: encodeClockDelta({ deltaSeconds: -Math.round(moved) }, call.order),
      },
      settings,
    );
    if (back.status !== "done")
      probe.trace.note(`the clock could not be put back by ${-Math.round(moved)} s: ${back.status}`);
    await probeEnd(probe);
    return { breaches, undecided };
  });
}

/** Polls BT08 for the call's result; returns why not when it never shows. */
async function waitForResult(
  client: ProbeTableClient,
  procedureId: number,
  sequence: number,
  settings: ProcedureSettings,
): Promise<string | null> {
  const pacing = new PollBackoff(bt08Pacing(settings));
  do {
    const r = await client.readFull(BT08);
    if ("data" in r) {
      const d = decodeProcedureResponse(r.data, settings.dataOrder);
      if (
        d.ok &&
        d.value.procedureId === procedureId &&
        d.value.sequence === sequence &&
        d.value.resultCode !== PROCEDURE_RESULT.incomplete
      )
        return null;
    }
  } while (await pacing.next());
  return `BT08 did not show the result of the clock-delta call (sequence ${sequence}) within ${settings.resultTimeoutMs} ms`;
}

/**
 * 9.9 on the optical port: each C12.18 service out of its place in the service sequence is refused
 * with a code of expect.outOfSequence (isss): Security before Logon, Negotiate and Logon inside a
 * session. Identification inside a session restarts it or is refused, as the PIXIT says
 * (session.identifyInSession); the read that follows shows which one the device did.
 */
export async function observeServiceSequence(ctx: ProbeContext, password: Secret | null): Promise<LinkJudgement> {
  const allowed = codesNamed(ctx.pixit.expect.outOfSequence, "expect.outOfSequence");
  const p = ctx.pixit.session;
  return withProbe(ctx, async (probe) => {
    const breaches: LinkBreach[] = [];
    const expectRefused = async (what: string, message: Uint8Array) => {
      const code = codeOf(await probe.request(message));
      if (!allowed.includes(code))
        breaches.push({
          rule: `${what} was answered ${describeResponseCode(code)}; out of its place in the service sequence it must be refused with ${allowed.map(describeResponseCode).join(" or ")} (expect.outOfSequence)`,
          frames: probe.devicePackets().slice(-1),
        });
    };
    await probe.wakeUp();
    await probe.request(linkRequest({ service: "identify" }));
    await probeNegotiate(probe, p.negotiate);
    if (password !== null)
      await expectRefused(
        "Security before Logon",
        linkRequest({ service: "security", password: passwordField(password) }),
      );
    const logon = linkRequest({ service: "logon", userId: p.logon.userId, user: p.logon.user });
    await probe.request(logon);
    if (password !== null) await probe.request(linkRequest({ service: "security", password: passwordField(password) }));
    await expectRefused(
      "Negotiate inside a session",
      linkRequest({
        service: "negotiate",
        packetSize: p.negotiate.packetSize,
        packetCount: p.negotiate.packetCount,
        baudCodes: [],
      }),
    );
    await expectRefused("Logon inside a session", logon);
    const ident = codeOf(await probe.request(linkRequest({ service: "identify" })));
    const read = codeOf(
      await probe.request(
        encodeTableRequest({ service: "partial-read", tableId: BT00, offset: 0, count: 1 }, C1218_TABLE_CODEC),
      ),
    );
    const restarted = ident === RESPONSE_CODE.ok && allowed.includes(read);
    const refused = allowed.includes(ident) && read === RESPONSE_CODE.ok;
    const mode = p.identifyInSession;
    const fits = mode === "restart" ? restarted : mode === "refuse" ? refused : restarted || refused;
    if (!fits) {
      breaches.push({
        rule: `Identification inside a session was answered ${describeResponseCode(ident)} and a read of BT00 after it ${describeResponseCode(read)}: ${mode === "refuse" ? "" : "a restart answers ok and leaves the device identified, not logged on (the read refused)"}${mode === "either" ? "; " : ""}${mode === "restart" ? "" : "a refusal answers isss and the session goes on (the read served)"} (PIXIT session.identifyInSession: ${mode})`,
        frames: probe.devicePackets().slice(-2),
      });
    }
    await probe.request(linkRequest({ service: "terminate" })).catch(() => undefined);
    return { breaches, undecided: [] };
  });
}
