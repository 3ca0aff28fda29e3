import type { DefectInfo } from "./defect-info";

/**
 * The defects of the optical port's C12.18 link layer. Those of the packets themselves are shown
 * over a pty against the standalone simulator (bench "pty"), where the bytes travel as they would
 * on a probe.
 */
export const LINK_DEFECTS = {
  "bad-crc-acked": {
    clause: "9.1",
    what: "a packet with a bad CRC is ACKed (and dropped) instead of NAKed",
    bench: "pty",
  },
  "logoff-not-acked": {
    clause: "9.1",
    what: "the Logoff packet is not ACKed: its response comes without an ACK first",
    bench: "pty",
  },
  "duplicate-executed-twice": {
    clause: "9.1",
    what: "a request packet sent again (same toggle bit, same bytes) is executed and answered a second time",
    bench: "pty",
  },
  "toggle-not-alternating": {
    clause: "9.1",
    what: "every packet the meter sends has its toggle bit clear, new packets included",
    bench: "pty",
  },
  "nak-resend-changed": {
    clause: "9.1",
    what: "a packet sent again after a NAK (or a missing ACK) has its toggle bit flipped",
    bench: "pty",
  },
  "response-sent-twice": {
    clause: "9.1",
    what: "the last packet of every response is sent a second time right after the harness ACKs it, with no request in between",
    bench: "pty",
  },
  "unacked-retries-unbounded": {
    clause: "9.1",
    what: "a packet left without an ACK is sent again three more times than C12.18's retries",
    bench: "pty",
  },
  "packet-size-ignored": {
    clause: "9.2",
    what: "after Negotiate the meter sends packets of its own largest size, not the size granted",
    bench: "pty",
  },
  "packet-count-ignored": {
    clause: "9.2",
    what: "a response longer than the negotiated packet count allows is sent in more packets instead of refused",
    bench: "pty",
  },
  "multi-packet-numbering-off": {
    clause: "9.2",
    what: "the packets of a multi-packet response count down to 1 instead of 0",
    bench: "pty",
  },
  "negotiate-in-session-accepted": {
    clause: "9.9",
    what: "Negotiate is served inside a logged-on session instead of refused with isss",
  },
} as const satisfies Record<string, DefectInfo>;
