/**
 * One named non-conformance of the reference meter: the clause whose requirement it breaks (a
 * scenario tagged with that clause must FAIL against it), what it does, and the link and profile
 * the detection run uses to show it (default: the optical port, reference profile).
 */
export interface DefectInfo {
  readonly clause: string;
  readonly what: string;
  readonly link?: "optical" | "mep" | "plc";
  readonly profile?: string;
  /** Shown only over a pty against the standalone simulator, where the bytes and their timing are real. */
  readonly bench?: "pty";
  /** Found by the fuzz campaigns (features/fuzz, cucumber profile fuzz) rather than the scenarios. */
  readonly foundBy?: "fuzz";
}
