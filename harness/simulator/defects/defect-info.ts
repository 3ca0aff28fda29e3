/**
 * One named non-conformance of the reference meter, declared once (defects/*.ts): the clause whose
 * requirement it breaks (a scenario tagged with that clause must FAIL against it), what it does, and
 * the link and profile the detection run uses to show it (default: the optical port, reference
 * profile). `osgp-conformance defects` and the README's table (`npm run docs`) are made from it.
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

/** What the meter does wrong, and where a lab sees it when only a real line shows it. */
export function defectMeaning(d: DefectInfo): string {
  return d.bench === "pty" ? `${d.what} (shown over a pty)` : d.what;
}
