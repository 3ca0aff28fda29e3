import { indexOfBytes } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import type { Secret } from "./secret";

/**
 * Masks the bytes of known secrets wherever they appear in bytes about to be shown (trace hex,
 * error bytes). Each secret is registered with the forms it takes on the wire, e.g. a C12.18
 * password padded to 20 bytes. Short raw forms are not matched on their own (a 2-byte key would
 * mask half the trace); their padded wire form still is.
 */
export const MASK = "**";
const MIN_RAW_LENGTH = 4;

export class Redactor {
  private readonly patterns: Uint8Array[] = [];

  add(secret: Secret, ...wireForms: Uint8Array[]): void {
    const raw = secret.reveal();
    for (const p of [...wireForms, raw]) {
      if (p.length >= MIN_RAW_LENGTH && !this.patterns.some((q) => q.length === p.length && q.every((b, i) => b === p[i]))) {
        this.patterns.push(p);
      }
    }
    // Longest first, so that a padded form is masked whole rather than only its raw prefix.
    this.patterns.sort((a, b) => b.length - a.length);
  }

  /** Positions of `bytes` that belong to a secret. */
  secretPositions(bytes: Uint8Array): boolean[] {
    const hidden: boolean[] = new Array<boolean>(bytes.length).fill(false);
    for (const p of this.patterns) {
      for (let at = indexOfBytes(bytes, p); at >= 0; at = indexOfBytes(bytes, p, at + 1)) {
        for (let i = 0; i < p.length; i++) hidden[at + i] = true;
      }
    }
    return hidden;
  }

  /** Hex with every secret byte (and any extra positions given) shown as "**". */
  hex(bytes: Uint8Array, alsoHide: (hidden: boolean[]) => void = () => {}): { hex: string; redacted: boolean } {
    const hidden = this.secretPositions(bytes);
    const redacted = hidden.some((h) => h);
    if (redacted) alsoHide(hidden);
    if (!redacted) return { hex: toHex(bytes), redacted };
    const parts = toHex(bytes).split(" ");
    return { hex: parts.map((h, i) => (hidden[i] ? MASK : h)).join(" "), redacted };
  }
}
