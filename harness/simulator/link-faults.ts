import { decodePacket, encodePacket, type Packet } from "../link/c1218/packet";

/**
 * The packet-level misbehaviour of the link defects (defects/link-defects.ts), as pure functions
 * that the optical port applies to the packets its link sends, behind its `defects.has(...)`
 * checks. Each re-encodes the packet, so the CRC stays right and only the named rule is broken.
 */
function rewrite(bytes: Uint8Array, change: (p: Packet) => Packet): Uint8Array {
  const d = decodePacket(bytes);
  return d.ok ? encodePacket(change(d.value)) : bytes;
}

/** toggle-not-alternating: every packet goes out with the toggle bit clear. */
export function clearToggle(bytes: Uint8Array): Uint8Array {
  return rewrite(bytes, (p) => ({ ...p, toggle: false }));
}

/** nak-resend-changed: a retransmission flips the toggle bit, so it is no longer the same packet. */
export function flipToggle(bytes: Uint8Array): Uint8Array {
  return rewrite(bytes, (p) => ({ ...p, toggle: !p.toggle }));
}

/** multi-packet-numbering-off: the packets of a multi-packet message count down to 1, not 0. */
export function sequenceOffByOne(bytes: Uint8Array): Uint8Array {
  return rewrite(bytes, (p) => (p.multiPacket ? { ...p, sequence: p.sequence + 1 } : p));
}
