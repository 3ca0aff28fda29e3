import type { DefectInfo } from "./defect-info";

/** The MEP port's link-layer defects: framing, alerts, response time, segmentation, retransmissions. */
export const MEP_LINK_DEFECTS = {
  "mep-length-off-by-one": {
    clause: "9.1",
    link: "mep",
    what: "the MEP port's response length field counts one byte more than follow it",
  },
  "mep-alert-inside-response": {
    clause: "9.1",
    link: "mep",
    what: "while alerts pend, the MEP port sends the alert 00 00 in the gap between two segments of a response, inside the frame",
  },
  "mep-response-not-segmented": {
    clause: "9.2",
    link: "mep",
    bench: "pty",
    what: "the MEP port sends a response longer than 117 bytes in one burst, with no gaps between segments",
  },
  "mep-response-late": {
    clause: "9.1",
    link: "mep",
    bench: "pty",
    what: "the MEP port begins every response 750 ms after the request, past the MEP guide's 500 ms",
  },
  "mep-retransmission-executed-twice": {
    clause: "9.7",
    link: "mep",
    what: "the MEP port takes a request that repeats the previous one byte for byte (a retransmission) for a new one and executes it again",
  },
} as const satisfies Record<string, DefectInfo>;
