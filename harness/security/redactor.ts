import { indexOfBytes } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import type { Secret } from "./secret";

/**
 * Masks the bytes of known secrets wherever they appear in bytes about to be shown (trace hex,
 * error bytes), and in text about to leave the process (verdicts, notes, attachments, reports):
 * there as hex in either case with any separators, or as the characters themselves. Each secret
 * is registered with the forms it takes on the wire, e.g. a C12.18 password padded to 20 bytes.
 * Short raw forms are not matched on their own (a 2-byte key would mask half the trace); their
 * padded wire form still is.
 */
export const MASK = "**";
const MIN_RAW_LENGTH = 4;
/** What people and tools put between hex bytes: "4d 4b", "4D:4B", "0x4d, 0x4b", "\\x4d\\x4b", "4d4b". */
const HEX_SEPARATOR = String.raw`(?:[\s:;,._|/-]|0x|\\x)*`;
/** Byte written in place of a secret's bytes in binary data (a pcap): "*". */
const MASK_BYTE = 0x2a;

export class Redactor {
  private readonly patterns: Uint8Array[] = [];
  /** Built from `patterns` on first use after a change. */
  private textForms: { readonly re: RegExp; readonly mask: string }[] | null = null;

  add(secret: Secret, ...wireForms: Uint8Array[]): void {
    const raw = secret.reveal();
    for (const p of [...wireForms, raw]) {
      if (
        p.length >= MIN_RAW_LENGTH &&
        !this.patterns.some((q) => q.length === p.length && q.every((b, i) => b === p[i]))
      ) {
        this.patterns.push(p);
      }
    }
    // Longest first, so that a padded form is masked whole rather than only its raw prefix.
    this.patterns.sort((a, b) => b.length - a.length);
    this.textForms = null;
  }

  /** Whether any secret is known: with none, scrubbing has nothing to find. */
  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /**
   * `text` with every known secret masked: as hex in either case and with any (or no) separators
   * between its bytes, and as its characters (ISO-8859-1, and as JSON escapes them). Applied to
   * whatever text leaves the process, so that a key quoted anywhere upstream (an error message, a
   * decoded table, a device's echo) is caught where it would be written.
   */
  scrub(text: string): string {
    if (this.patterns.length === 0 || text.length < MIN_RAW_LENGTH) return text;
    this.textForms ??= this.patterns.flatMap(textFormsOf);
    let out = text;
    for (const f of this.textForms) out = out.replace(f.re, f.mask);
    return out;
  }

  /** A copy of binary data (a capture) with every secret byte written as "*". */
  maskBytes(bytes: Uint8Array): Uint8Array {
    const hidden = this.secretPositions(bytes);
    if (!hidden.some((h) => h)) return bytes;
    return bytes.map((b, i) => (hidden[i] ? MASK_BYTE : b));
  }

  /**
   * The error with its message and stack (and those of its causes) scrubbed, for an error about
   * to be reported. The error keeps its class, which is how Allure tells fail from inconclusive.
   */
  scrubError<E>(error: E, seen: Set<unknown> = new Set()): E {
    if (!(error instanceof Error) || seen.has(error) || this.patterns.length === 0) return error;
    seen.add(error);
    // The stack's first line was rendered from the message when the error was made: both are scrubbed.
    const message = this.scrub(error.message);
    const stack = error.stack === undefined ? undefined : this.scrub(error.stack);
    if (error.cause !== undefined) this.scrubError(error.cause, seen);
    if (error instanceof AggregateError) for (const e of error.errors) this.scrubError(e, seen);
    if (message === error.message && stack === error.stack) return error;
    const text = {
      message: { value: message, writable: true, configurable: true },
      stack: { value: stack, writable: true, configurable: true },
    };
    try {
      Object.defineProperties(error, text);
      return error;
    } catch {
      // A frozen error: a copy of its class carries the clean text instead.
      return Object.create(Object.getPrototypeOf(error) as object, {
        ...text,
        name: { value: error.name, writable: true, configurable: true },
      }) as E;
    }
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

/** The regular expressions that find one pattern in text, each with what replaces a match. */
function textFormsOf(pattern: Uint8Array): { re: RegExp; mask: string }[] {
  const hex = Array.from(pattern, (b) => b.toString(16).padStart(2, "0"));
  const forms = [
    {
      re: new RegExp(`(?:0x|\\\\x)?${hex.join(HEX_SEPARATOR)}`, "gi"),
      mask: new Array<string>(pattern.length).fill(MASK).join(" "),
    },
  ];
  const latin1 = String.fromCharCode(...pattern);
  for (const t of new Set([latin1, JSON.stringify(latin1).slice(1, -1)]))
    forms.push({ re: new RegExp(escapeRegExp(t), "g"), mask: MASK });
  return forms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
