import { EncodeError } from "../errors";

/**
 * Plain RC4 (no keystream discarded), as OSGP-RC4-PSK uses it (reference 7.3). One instance is one
 * keystream: keystream() and xor() go on where the last call stopped, because a MEP response
 * continues the request's keystream. The state lives in private fields, so an instance prints and
 * serialises as `Rc4 {}` and never shows key-derived bytes.
 */
export class Rc4 {
  readonly #s = new Uint8Array(256);
  #i = 0;
  #j = 0;

  constructor(key: Uint8Array) {
    if (key === CLONE) return;
    if (key.length < 1 || key.length > 256) {
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `an RC4 key is 1 to 256 bytes, got ${key.length}`, {
        path: "rc4.key",
      });
    }
    const s = this.#s;
    for (let i = 0; i < 256; i++) s[i] = i;
    // k walks the key cyclically (i mod key length without a division per step)
    let j = 0;
    for (let i = 0, k = 0; i < 256; i++) {
      const si = s[i] as number;
      j = (j + si + (key[k] as number)) & 0xff;
      s[i] = s[j] as number;
      s[j] = si;
      if (++k === key.length) k = 0;
    }
  }

  /** The next `n` keystream bytes. */
  keystream(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `a keystream length must be a whole number >= 0, got ${n}`, {
        path: "rc4.keystream",
      });
    }
    return this.xor(new Uint8Array(n));
  }

  /** `data` XOR the next data.length keystream bytes, as a new array; the input is not changed. */
  xor(data: Uint8Array): Uint8Array {
    const s = this.#s;
    const out = new Uint8Array(data.length);
    let i = this.#i;
    let j = this.#j;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      out[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.#i = i;
    this.#j = j;
    return out;
  }

  /**
   * An independent copy at the same point of the keystream, so that a response can be protected
   * (or a retransmission rebuilt) from a request's state without consuming it.
   */
  clone(): Rc4 {
    const c = new Rc4(CLONE);
    c.#s.set(this.#s);
    c.#i = this.#i;
    c.#j = this.#j;
    return c;
  }
}

/** Module-private marker: the constructor skips the key schedule for a clone, which copies a state. */
const CLONE = new Uint8Array(0);
