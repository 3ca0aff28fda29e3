import { bytesEqual } from "../bytes/byte-arrays";
import type { PacketLimits } from "../link/c1218/link-state-machine";
import type { Packet } from "../link/c1218/packet";
import type { WireEvent } from "../session/c1218-probe";

/**
 * The rules of the C12.18 link layer (the OSGP optical port's "link layer A"), judged from the
 * probe's log of the wire alone. Each check returns the breaches the device's bytes prove, each
 * named in one sentence with the frames that show it, and what it could not decide (silence
 * where the rule needed an answer), which is never a breach by itself.
 */
export interface LinkBreach {
  readonly rule: string;
  readonly frames: readonly WireEvent[];
}

export interface LinkJudgement {
  readonly breaches: readonly LinkBreach[];
  readonly undecided: readonly string[];
}

const rx = (e: WireEvent) => e.direction === "rx";
const isPacket = (e: WireEvent) => e.direction === "rx" && (e.kind === "packet" || e.kind === "bad-packet");

/**
 * The first event received after `index`, noise (wake-up echoes, line garbage) and the response
 * acknowledged before it, sent again, left aside.
 */
function firstReplyAfter(wire: readonly WireEvent[], index: number): WireEvent | undefined {
  const again = answeredAgainAfter(wire, index);
  return wire.slice(index + 1).find((e) => rx(e) && e.kind !== "noise" && !again(e));
}

/**
 * Whether an event repeats the last packet of the response the harness ACKed before `index`: that
 * response sent again (judgeAnsweredOnce's rule), which crossed the harness's next packet on the
 * line and answers nothing sent after it.
 */
function answeredAgainAfter(wire: readonly WireEvent[], index: number): (e: WireEvent) => boolean {
  const answered = wire
    .slice(0, index)
    .filter((p) => p.direction === "rx" && p.packet?.sequence === 0 && harnessReplyTo(wire, p) === "ack")
    .at(-1);
  return (e) => answered !== undefined && e.kind === "packet" && bytesEqual(e.bytes, answered.bytes);
}

/** Every good request packet is ACKed before the device sends anything else (an earlier response again left aside). */
export function judgeAcknowledged(wire: readonly WireEvent[], requests: readonly WireEvent[]): LinkJudgement {
  const breaches: LinkBreach[] = [];
  const undecided: string[] = [];
  for (const r of requests) {
    const reply = firstReplyAfter(wire, r.index);
    if (reply === undefined) undecided.push(`request packet #${r.traceIndex} got no answer at all`);
    else if (reply.kind === "nak")
      undecided.push(`request packet #${r.traceIndex} was NAKed (a line error or the device's: not judged)`);
    else if (reply.kind !== "ack") {
      breaches.push({
        rule: `the device sent a ${reply.kind} (#${reply.traceIndex}) after request packet #${r.traceIndex} without ACKing it first, so a C12.18 client that waits for the ACK resends the request`,
        frames: [r, reply],
      });
    }
  }
  return { breaches, undecided };
}

/** A request packet with a bad CRC is NAKed, and nothing answers it. */
export function judgeBadPacketRefused(wire: readonly WireEvent[], bad: WireEvent, windowEnd: number): LinkJudgement {
  const reply = firstReplyAfter(wire, bad.index);
  const breaches: LinkBreach[] = [];
  if (reply === undefined || reply.index >= windowEnd) {
    breaches.push({
      rule: `the device did not NAK (0x15) packet #${bad.traceIndex}, whose CRC was wrong: C12.18 answers a damaged packet with a NAK so that it is sent again`,
      frames: [bad],
    });
  } else if (reply.kind !== "nak") {
    breaches.push({
      rule: `the device answered packet #${bad.traceIndex}, whose CRC was wrong, with a ${reply.kind} (#${reply.traceIndex}) instead of a NAK (0x15)`,
      frames: [bad, reply],
    });
  }
  const again = answeredAgainAfter(wire, bad.index);
  const answers = wire.slice(bad.index + 1, windowEnd).filter((e) => isPacket(e) && !again(e));
  if (answers.length > 0) {
    breaches.push({
      rule: `the device sent ${answers.length} packet(s) in answer to packet #${bad.traceIndex}, whose CRC was wrong: a damaged request must not be served`,
      frames: [bad, ...answers],
    });
  }
  return { breaches, undecided: [] };
}

/** How the harness answered a device packet: its first ACK or NAK before the device's next packet. */
function harnessReplyTo(wire: readonly WireEvent[], packet: WireEvent): "ack" | "nak" | "none" {
  for (const e of wire.slice(packet.index + 1)) {
    if (isPacket(e)) return "none";
    if (e.direction === "tx" && (e.kind === "ack" || e.kind === "nak")) return e.kind;
  }
  return "none";
}

/**
 * The device's toggle bit flips on every new packet and is kept on a retransmission. A packet
 * identical to the one before is a retransmission; a different one is new and must flip the bit.
 */
export function judgeToggles(wire: readonly WireEvent[]): LinkJudgement {
  const packets = wire.filter((e) => rx(e) && e.kind === "packet");
  // Two packets that check are the least that show a toggle; fewer (silence, bad CRCs) decide nothing.
  if (packets.length < 2)
    return {
      breaches: [],
      undecided: [`the device sent ${packets.length} packet(s) that check, too few to show its toggle bit`],
    };
  const breaches: LinkBreach[] = [];
  for (let i = 1; i < packets.length; i++) {
    const a = packets[i - 1] as WireEvent;
    const b = packets[i] as WireEvent;
    if (bytesEqual(a.bytes, b.bytes)) continue;
    if ((a.packet as Packet).toggle === (b.packet as Packet).toggle) {
      breaches.push({
        rule: `the device's packet #${b.traceIndex} repeated the toggle bit of its previous packet #${a.traceIndex} (${b.packet?.toggle === true ? 1 : 0}) although it is a new packet, so a C12.18 client takes it for a retransmission and drops it`,
        frames: [a, b],
      });
    }
  }
  return { breaches, undecided: [] };
}

/** After the harness NAKs a device packet, the device sends that packet again, byte for byte. */
export function judgeResentAfterNak(wire: readonly WireEvent[], nakked: WireEvent): LinkJudgement {
  if (harnessReplyTo(wire, nakked) !== "nak")
    return { breaches: [], undecided: [`the harness did not NAK packet #${nakked.traceIndex}`] };
  const next = wire.slice(nakked.index + 1).find(isPacket);
  if (next === undefined) {
    // The device has just shown the link alive by sending the packet: its silence now is its own.
    return {
      breaches: [
        {
          rule: `the device did not send packet #${nakked.traceIndex} again after the harness NAKed it`,
          frames: [nakked],
        },
      ],
      undecided: [],
    };
  }
  if (bytesEqual(next.bytes, nakked.bytes)) return { breaches: [], undecided: [] };
  return {
    breaches: [
      {
        rule: `after the harness NAKed packet #${nakked.traceIndex}, the device sent #${next.traceIndex}, which differs from it: a retransmission must repeat the packet byte for byte`,
        frames: [nakked, next],
      },
    ],
    undecided: [],
  };
}

/**
 * A response is sent once: once the harness has ACKed the last packet of a response (sequence 0),
 * the device sends no packet until the harness's next request. A copy of that packet later than half
 * the ACK time-out (`ackTimeoutMs`) after it is allowed, as the retransmission of a device that did
 * not see the ACK (lost on the line) and waited that time-out for it; a sooner copy cannot be one.
 * A packet the harness NAKed or left un-ACKed may come again: the retransmission rules judge those.
 */
export function judgeAnsweredOnce(wire: readonly WireEvent[], ackTimeoutMs: number): LinkJudgement {
  const breaches: LinkBreach[] = [];
  for (const p of wire) {
    // A copy of a response acknowledged earlier is judged from that response.
    if (p.direction !== "rx" || p.packet?.sequence !== 0 || answeredAgainAfter(wire, p.index)(p)) continue;
    const reply = wire.slice(p.index + 1).find((e) => isPacket(e) || e.direction === "tx");
    if (reply === undefined || reply.direction !== "tx" || reply.kind !== "ack") continue;
    const next = wire.slice(reply.index + 1).find((e) => isPacket(e) || (e.direction === "tx" && e.kind === "packet"));
    if (next === undefined || next.direction === "tx") continue;
    if (bytesEqual(next.bytes, p.bytes) && next.at - p.at >= ackTimeoutMs / 2) continue;
    breaches.push({
      rule: `the device sent a response packet (#${next.traceIndex}) after its previous one (#${p.traceIndex}) was acknowledged, with no request in between`,
      frames: [p, reply, next],
    });
  }
  return { breaches, undecided: [] };
}

/** A packet the harness never ACKs is sent again at most `retries` times, unchanged. */
export function judgeRetransmissions(wire: readonly WireEvent[], first: WireEvent, retries: number): LinkJudgement {
  const later = wire.slice(first.index + 1).filter(isPacket);
  const breaches: LinkBreach[] = [];
  const changed = later.find((p) => !bytesEqual(p.bytes, first.bytes));
  if (changed !== undefined) {
    breaches.push({
      rule: `while packet #${first.traceIndex} was left without an ACK, the device sent #${changed.traceIndex}, which differs from it: only the same packet may be sent again`,
      frames: [first, changed],
    });
  }
  const repeats = later.filter((p) => bytesEqual(p.bytes, first.bytes));
  if (repeats.length > retries) {
    breaches.push({
      rule: `the device sent packet #${first.traceIndex} ${repeats.length} more times without an ACK; the PIXIT allows ${retries} retransmission(s) (link.retries)`,
      frames: [first, ...repeats],
    });
  }
  return { breaches, undecided: [] };
}

/**
 * The packets of one response respect the negotiated limits, and a multi-packet message marks
 * its first packet and numbers its packets down to 0.
 */
export function judgePacketShape(packets: readonly WireEvent[], limits: PacketLimits): LinkJudgement {
  const breaches: LinkBreach[] = [];
  const distinct = packets.filter((p, i) => i === 0 || !bytesEqual(p.bytes, (packets[i - 1] as WireEvent).bytes));
  for (const p of distinct) {
    if (p.bytes.length > limits.packetSize) {
      breaches.push({
        rule: `the device's packet #${p.traceIndex} is ${p.bytes.length} bytes long; ${limits.packetSize} were negotiated`,
        frames: [p],
      });
    }
  }
  if (distinct.length > limits.packetCount) {
    breaches.push({
      rule: `the device sent its response in ${distinct.length} packets; ${limits.packetCount} were negotiated`,
      frames: distinct,
    });
  }
  const n = distinct.length;
  distinct.forEach((p, i) => {
    const k = p.packet as Packet;
    if (n === 1) {
      if (k.sequence !== 0)
        breaches.push({
          rule: `the device's only packet #${p.traceIndex} carries sequence number ${k.sequence}; the last (or only) packet carries 0`,
          frames: [p],
        });
      return;
    }
    const want = n - 1 - i;
    const problems = [
      k.multiPacket ? null : "lacks the multi-packet bit",
      k.firstPacket === (i === 0)
        ? null
        : i === 0
          ? "lacks the first-packet bit"
          : "carries the first-packet bit although it is not the first",
      k.sequence === want
        ? null
        : `carries sequence number ${k.sequence} where ${want} (packets still to follow) is due`,
    ].filter((x): x is string => x !== null);
    if (problems.length > 0)
      breaches.push({
        rule: `packet ${i + 1} of ${n} (#${p.traceIndex}) of the device's multi-packet response ${problems.join(" and ")}`,
        frames: [p],
      });
  });
  return { breaches, undecided: [] };
}

/** Every packet the device sends carries a valid CRC-16/X-25 (and a header that holds together). */
export function judgeDevicePacketsCheck(wire: readonly WireEvent[]): LinkJudgement {
  const bad = wire.filter((e) => e.direction === "rx" && e.kind === "bad-packet");
  if (bad.length === 0) return { breaches: [], undecided: [] };
  return {
    breaches: [
      {
        rule: `${bad.length} packet(s) the device sent did not check (bad CRC-16/X-25 or header), so a C12.18 client NAKs them and never takes them for an answer`,
        frames: bad.slice(0, 4),
      },
    ],
    undecided: [],
  };
}

/** All judgements of one observation as one. */
export function combine(...js: readonly LinkJudgement[]): LinkJudgement {
  return { breaches: js.flatMap((j) => j.breaches), undecided: js.flatMap((j) => j.undecided) };
}
