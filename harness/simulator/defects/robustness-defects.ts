import type { DefectInfo } from "./defect-info";

/**
 * The defects of malformed input: crashes, hangs and state corruption that only fuzzing
 * finds. Each is caught by the fuzz campaign of its clause (features/fuzz, cucumber profile fuzz;
 * `osgp-conformance fuzz`), which the normal profiles do not run. A crash closes the port from the
 * device's side, a hang leaves it silent: either way the harness sees a meter that died, never an
 * exception of the simulator.
 */
export const ROBUSTNESS_DEFECTS = {
  "oversize-packet-crash": {
    clause: "9.2",
    foundBy: "fuzz",
    what: "the optical port dies (its connection closes, nothing more is answered) on a C12.18 packet whose length field exceeds the negotiated packet size",
  },
  "truncated-frame-hang": {
    clause: "9.1",
    foundBy: "fuzz",
    what: "the MEP port stops answering for good after a frame cut short by the inter-byte time-out",
    link: "mep",
  },
  "partial-write-offset-16-bit": {
    clause: "9.6",
    foundBy: "fuzz",
    what: "a partial write whose offset + count passes 65535 (past the end of every table, so it must change nothing) wraps and lands at offset 0",
  },
  "procedure-parameter-overflow": {
    clause: "9.13",
    foundBy: "fuzz",
    what: "procedure parameters beyond an 8-byte buffer overflow into BT08: its procedure, sequence number and result bytes are overwritten with them",
  },
  "transaction-overlong-entry-wedges": {
    clause: "9.10",
    foundBy: "fuzz",
    what: "an ET52 image with an entry whose length runs past the image wedges the transaction engine: every later ET52 write is answered iar",
    link: "mep",
  },
  "short-envelope-crash": {
    clause: "7.2",
    foundBy: "fuzz",
    what: "the MEP port dies (its connection closes) on a secured frame shorter than a request code, sequence number and digest (13 bytes)",
    link: "mep",
  },
} as const satisfies Record<string, DefectInfo>;
