import { indexOfBytes } from "../../bytes/byte-arrays";
import { keyFor, type KeyRole, type Pixit } from "../pixit";
import { PASSWORD_LENGTH } from "../../link/c1218/link-services";

/**
 * How a bench recording keeps keys out of the file and still replays: every byte of a key, in any
 * form it takes on the wire (the key itself, or the optical password field padded with 0x00 to 20
 * bytes, as the redactor knows them: open-client.ts redactorFor), is written as a placeholder naming
 * the PIXIT role, the form's length and the byte's place in it. A replay puts the replaying PIXIT's
 * key byte back at that place. Nothing derived from a key (a hash) is written: a short password's
 * hash is as good as the password to anyone with a dictionary.
 */
export interface KeyPlaceholder {
  readonly role: KeyRole;
  /** Length of the form: the key's own length, or that of its padded password field. */
  readonly length: number;
  readonly index: number;
}

/** Bytes as a recording holds them: a key byte is 0 in `bytes` and named in `keys`. */
export interface MaskedBytes {
  readonly bytes: Uint8Array;
  readonly keys: readonly (KeyPlaceholder | undefined)[];
}

/**
 * As the redactor: a key shorter than this is too likely to turn up by chance, so only its padded form is looked for.
 */
const MIN_RAW_LENGTH = 4;

interface KeyForm {
  readonly role: KeyRole;
  readonly bytes: Uint8Array;
}

export class KeyForms {
  /** Longest first, so that a padded password is masked whole rather than as its raw prefix. */
  private readonly forms: KeyForm[];
  private readonly keys = new Map<KeyRole, Uint8Array>();

  constructor(pixit: Pixit) {
    const forms: KeyForm[] = [];
    for (const role of Object.keys(pixit.keys) as KeyRole[]) {
      const key = keyFor(pixit, role);
      if (key === null) continue;
      const padded = new Uint8Array(Math.max(PASSWORD_LENGTH, key.length));
      padded.set(key.reveal());
      this.keys.set(role, padded);
      forms.push({ role, bytes: padded });
      if (key.length >= MIN_RAW_LENGTH && key.length < padded.length)
        forms.push({ role, bytes: padded.subarray(0, key.length) });
    }
    this.forms = forms.sort((a, b) => b.bytes.length - a.bytes.length);
  }

  /**
   * The byte a placeholder stands for under this PIXIT; null when the
   * PIXIT has no key of that role, or none with a form of that length.
   */
  byteOf(p: KeyPlaceholder): number | null {
    const padded = this.keys.get(p.role);
    if (padded === undefined || !this.hasForm(p.role, p.length)) return null;
    return padded[p.index] ?? null;
  }

  private hasForm(role: KeyRole, length: number): boolean {
    return this.forms.some((f) => f.role === role && f.bytes.length === length);
  }

  /** `bytes` with every whole key form in it replaced by placeholders. */
  mask(bytes: Uint8Array): MaskedBytes {
    const keys: (KeyPlaceholder | undefined)[] = new Array<KeyPlaceholder | undefined>(bytes.length).fill(undefined);
    for (const f of this.forms) {
      for (let at = indexOfBytes(bytes, f.bytes); at >= 0; at = indexOfBytes(bytes, f.bytes, at + 1)) {
        if (keys.slice(at, at + f.bytes.length).some((k) => k !== undefined)) continue;
        for (let i = 0; i < f.bytes.length; i++) keys[at + i] = { role: f.role, length: f.bytes.length, index: i };
      }
    }
    return { bytes: bytes.map((b, i) => (keys[i] === undefined ? b : 0)), keys };
  }

  /**
   * Where a key may be starting at the end of `bytes` and go on in bytes still to come: the first
   * position whose tail is a proper prefix of a key form, or `bytes.length` when there is none. What
   * lies before it can be written now; what lies after must wait for the next chunk.
   */
  openTail(bytes: Uint8Array): number {
    const longest = this.forms[0]?.bytes.length ?? 0;
    for (let p = Math.max(0, bytes.length - longest + 1); p < bytes.length; p++) {
      const tail = bytes.subarray(p);
      if (this.forms.some((f) => f.bytes.length > tail.length && tail.every((b, i) => b === f.bytes[i]))) return p;
    }
    return bytes.length;
  }
}
