import fc from "fast-check";
import { toHex } from "../../bytes/hex";
import { plcCarriage, plcSessionSettings } from "../../links/plc/plc-settings";
import type { LinkKind } from "../../conformance/target";
import { PacketReassembler } from "../../link/c1218/packet-reassembler";
import { MepReassembler } from "../../link/mep/mep-reassembler";
import {
  arbC1218FrameCase,
  arbMepFrameCase,
  c1218FrameBytes,
  describeC1218Frame,
  describeMepFrame,
  mepFrameBytes,
  type C1218FrameCase,
  type MepFrameCase,
} from "../arbitraries/link-frames";
import {
  arbPlcDatagramCase,
  describePlcDatagram,
  plcDatagramBytes,
  type PlcAddressing,
  type PlcDatagramCase,
} from "../arbitraries/plc-datagrams";
import type { Campaign } from "../campaign/campaign";
import { waitQuiet } from "../campaign/settle";
import { sleep } from "../../transport/timers";

/**
 * The links under fuzzing (9.1, 9.2): malformed frames written around the harness's own link
 * machine: C12.18 packets on the optical port, MEP frames, CN/IP datagrams to the PLC gateway.
 * The oracle is the health check that follows: whatever arrived, the device must go on answering
 * the next well-formed request, and answer it right. Before that request the campaign waits until
 * the line is quiet and, when a device that follows the protocol would be holding part of a frame,
 * for the inter-character time-out after which it must drop it.
 */
export type LinkFrameCase = (
  | { readonly link: "optical"; readonly frame: C1218FrameCase }
  | { readonly link: "mep"; readonly frame: MepFrameCase }
  | { readonly link: "plc"; readonly frame: PlcDatagramCase }
) & {
  /** The bytes written, as the frame and (PLC) the PIXIT's addressing make them. */
  readonly bytes: Uint8Array;
};

interface LinkFrameContext {
  readonly link: LinkKind;
  readonly plc: PlcAddressing | null;
  /** How long a device may hold part of a frame before dropping it. */
  readonly dropPartialMs: number;
  readonly quietMs: number;
}

/** Whether a receiver that follows the protocol, idle before, holds part of a frame after these bytes. */
export function leavesPartialFrame(link: LinkKind, bytes: Uint8Array): boolean {
  if (link === "optical") {
    const r = new PacketReassembler({ interCharTimeoutMs: Number.MAX_SAFE_INTEGER });
    r.push(bytes, 0);
    return r.inPacket;
  }
  if (link === "mep") {
    const r = new MepReassembler({ interByteTimeoutMs: Number.MAX_SAFE_INTEGER });
    r.push(bytes, 0);
    return r.inFrame;
  }
  return false;
}

/**
 * Whether the bytes hold a whole C12.18 packet whose CRC checks: the device rightly takes it for a
 * request, ACKs it, answers it, and counts its toggle bit, so that the harness's next packet may
 * be a "retransmission" the device answers with its last response (C12.18's duplicate rule). The
 * next request must then come from a new session, or a device that follows the rule would be
 * charged with a finding.
 */
export function holdsWholePacket(link: LinkKind, bytes: Uint8Array): boolean {
  if (link !== "optical") return false;
  const r = new PacketReassembler({ interCharTimeoutMs: Number.MAX_SAFE_INTEGER });
  return r.push(bytes, 0).some((e) => e.kind === "packet");
}

function describeFrame(c: LinkFrameCase): string {
  return c.link === "optical"
    ? describeC1218Frame(c.frame)
    : c.link === "mep"
      ? describeMepFrame(c.frame)
      : describePlcDatagram(c.frame);
}

export const linkFrameCampaign: Campaign<LinkFrameContext, LinkFrameCase> = {
  name: "link-frames",
  title: "Malformed C12.18 packets, MEP frames and CN/IP datagrams, each followed by a well-formed request",
  clauses: ["9.1", "9.2"],
  links: ["optical", "mep", "plc"],
  role: "master",
  async prepare(device) {
    await device.session("master");
    const p = device.pixit;
    const margin = Math.max(50, p.fuzz.settleMs);
    const quietMs = Math.max(5, p.fuzz.settleMs);
    if (device.link === "plc") {
      const s = plcSessionSettings(p);
      const carriage = plcCarriage(p);
      const plc: PlcAddressing = {
        local: s.link.local,
        meter: s.meterAddress,
        domain: s.link.domain,
        messageCode: carriage.carriage === "message" ? carriage.code : 0x30,
      };
      return { link: device.link, plc, dropPartialMs: 0, quietMs };
    }
    const dropPartialMs = (device.link === "optical" ? p.link.interCharTimeoutMs : p.mep.interByteTimeoutMs) + margin;
    return { link: device.link, plc: null, dropPartialMs, quietMs };
  },
  arbitrary(ctx): fc.Arbitrary<LinkFrameCase> {
    if (ctx.link === "optical")
      return arbC1218FrameCase.map((frame) => ({ link: "optical" as const, frame, bytes: c1218FrameBytes(frame) }));
    if (ctx.link === "mep")
      return arbMepFrameCase.map((frame) => ({ link: "mep" as const, frame, bytes: mepFrameBytes(frame) }));
    const plc = ctx.plc as PlcAddressing;
    return arbPlcDatagramCase(plc).map((frame) => ({
      link: "plc" as const,
      frame,
      bytes: plcDatagramBytes(frame, plc),
    }));
  },
  async run(c, ctx, device, log) {
    const session = await device.session("master");
    const bytes = c.bytes;
    await device.inject(bytes);
    log.exchange(describeFrame(c), bytes, null);
    if (leavesPartialFrame(ctx.link, bytes)) {
      log.note(
        `a receiver now holds part of a frame: waiting ${ctx.dropPartialMs} ms for its inter-character time-out`,
      );
      await sleep(ctx.dropPartialMs);
    }
    await waitQuiet(session.trace, ctx.quietMs);
    if (holdsWholePacket(ctx.link, bytes)) {
      log.note(
        "a whole packet with a good CRC: the device may count its toggle bit, so the next request opens a new session",
      );
      device.markBroken();
    }
    return null;
  },
  describe: (c) => ({ hex: toHex(c.bytes), decoded: describeFrame(c) }),
};
