import { EncodeError } from "../errors";

/**
 * The OMA digest of OSGP-RC4-PSK (reference 7.2): an 8-byte keyed checksum, the same function as
 * the vendor "Digest" C code of the MEP guide, for any even key length. A 12-byte key gives the
 * PLC OMA digest, a 16-byte key the MEP digest, a 6-byte key the ISO/IEC 14908-1 function.
 *
 * For each R-byte block (R = 8N, N = L for a 6-byte key, else L + L/2) and each position p in it,
 * state byte v = 7 - p%8 becomes a[v+1] + M[p] +/- rot(~(a[v] + v)), the sign and rotation chosen
 * by bit p%8 (LSB first) of key byte (p/8) mod L. The message is zero-padded to a whole number of
 * blocks and the state after the last block is the digest, in the order a[0]..a[7].
 */

export type EmptyInput = "one-zero-block" | "zero-state";

export interface DigestOptions {
  /**
   * A PIXIT for the empty message, which no real message is: the vendor C code pads it to one
   * all-zero block ("one-zero-block", the default), two public re-implementations return the state
   * untouched ("zero-state": the initial state, all zeros unless initialState says otherwise).
   */
  readonly emptyInput?: EmptyInput;
  /** 8 bytes, default zeros; the ISO/IEC 14908-1 function starts from a given state. */
  readonly initialState?: Uint8Array;
}

export const DIGEST_LENGTH = 8;

/**
 * One step for every (key bit, state index v, old a[v]): the term added to a[v+1] + M[p], already
 * reduced mod 256. Folding the not, the rotation and the sign into one lookup leaves the inner loop
 * with two adds and no branch.
 */
const STEP = (() => {
  const t = new Uint8Array(2 * 8 * 256);
  for (let bit = 0; bit < 2; bit++) {
    for (let v = 0; v < 8; v++) {
      for (let a = 0; a < 256; a++) {
        const x = ~(a + v) & 0xff;
        const term = bit === 1 ? ((x << 1) | (x >>> 7)) & 0xff : -(((x >>> 1) | (x << 7)) & 0xff) & 0xff;
        t[((bit * 8 + v) << 8) | a] = term;
      }
    }
  }
  return t;
})();

/** The round size R in bytes for a key of `keyLength` bytes (already validated). */
export function digestRoundSize(keyLength: number): number {
  return 8 * (keyLength === 6 ? 6 : keyLength + keyLength / 2);
}

/**
 * The digest computed incrementally. It keeps the position inside the round between calls and pads
 * only when asked for the digest, so update(A).update(B).digest() equals omaDigest(key, A ‖ B) for
 * every split (MEP computes a response digest as "the request, then the response"). digest() does
 * not end the stream: it pads a copy of the state, so the caller may take the request's digest and
 * then go on with the response bytes.
 *
 * The key is kept in a private field only: a stream prints and serialises as `OmaDigestStream {}`.
 */
export class OmaDigestStream {
  readonly #key: Uint8Array;
  readonly #round: number;
  readonly #state: Uint8Array;
  readonly #initial: Uint8Array | undefined;
  readonly #emptyInput: EmptyInput;
  #pos = 0;
  #length = 0;

  constructor(key: Uint8Array, opts: DigestOptions = {}) {
    checkDigestKey(key);
    const emptyInput = opts.emptyInput ?? "one-zero-block";
    if (emptyInput !== "one-zero-block" && emptyInput !== "zero-state") {
      throw new EncodeError(
        "OSGP_ERR_ENCODE_RANGE",
        `emptyInput must be "one-zero-block" or "zero-state", not ${JSON.stringify(emptyInput)}`,
        { path: "omaDigest.emptyInput" },
      );
    }
    const initial = opts.initialState;
    if (initial !== undefined && initial.length !== DIGEST_LENGTH) {
      throw new EncodeError(
        "OSGP_ERR_ENCODE_RANGE",
        `the initial state must be ${DIGEST_LENGTH} bytes, got ${initial.length}`,
        { path: "omaDigest.initialState" },
      );
    }
    this.#emptyInput = emptyInput;
    this.#initial = initial?.slice();
    this.#state = initial === undefined ? new Uint8Array(DIGEST_LENGTH) : initial.slice();
    this.#key = key.slice();
    this.#round = digestRoundSize(key.length);
  }

  /** Bytes absorbed so far. */
  get length(): number {
    return this.#length;
  }

  update(bytes: Uint8Array): this {
    this.#pos = absorb(this.#state, this.#key, this.#round, this.#pos, bytes, bytes.length);
    this.#length += bytes.length;
    return this;
  }

  /** The digest of everything absorbed so far, padded once; the stream itself is left as it was. */
  digest(): Uint8Array {
    const st = this.#state.slice();
    if (this.#length === 0) {
      if (this.#emptyInput === "zero-state") return this.#initial?.slice() ?? st;
      absorb(st, this.#key, this.#round, 0, zerosFor(this.#round), this.#round);
    } else if (this.#pos !== 0) {
      absorb(st, this.#key, this.#round, this.#pos, zerosFor(this.#round), this.#round - this.#pos);
    }
    return st;
  }
}

/** The digest of `data` under `key`, 8 bytes in state order a[0]..a[7]. */
export function omaDigest(key: Uint8Array, data: Uint8Array, opts?: DigestOptions): Uint8Array {
  return new OmaDigestStream(key, opts).update(data).digest();
}

/**
 * Any even length >= 2 defines a round; an odd or empty key does not, and would otherwise give a
 * plausible but meaningless digest. The message names the length only, never the bytes.
 */
export function checkDigestKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length % 2 !== 0) {
    const got = key instanceof Uint8Array ? `${key.length} byte(s)` : "not a byte array";
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `an OMA digest key needs an even, non-zero number of bytes; got ${got}`,
      { path: "omaDigest.key" },
    );
  }
}

/**
 * The padding reads its message bytes from here: a zero source that is never written, only
 * replaced by a longer one when a key longer than any before needs a longer round.
 */
let zeros = new Uint8Array(digestRoundSize(16));

function zerosFor(round: number): Uint8Array {
  if (zeros.length < round) zeros = new Uint8Array(round);
  return zeros;
}

/** STEP's row offset for state index v = 7 - s: the (7 - s) << 8 part of (bit * 8 + v) << 8. */
const V_ROW = [7 << 8, 6 << 8, 5 << 8, 4 << 8, 3 << 8, 2 << 8, 1 << 8, 0] as const;

/**
 * The inner loop over `count` bytes of `data` from round position `pos`; returns the new position.
 * The key bit of a position comes from key byte (p / 8) mod L, computed once per group of 8 (the
 * group's index in the round is below N <= 1.5 L, so one subtraction replaces the modulo). Whole
 * groups keep the state in locals; a round is a whole number of groups, so a group never straddles
 * the end of a round, and only a split inside a group takes the single-step path.
 */
function absorb(st: Uint8Array, key: Uint8Array, round: number, pos: number, data: Uint8Array, count: number): number {
  const L = key.length;
  let p = pos;
  let i = 0;
  for (; i < count && (p & 7) !== 0; i++) {
    st[7 - (p & 7)] = stepOnce(st, keyByte(key, L, p), p, data[i] as number);
    if (++p === round) p = 0;
  }
  if (count - i >= 8) {
    let a0 = st[0] as number,
      a1 = st[1] as number,
      a2 = st[2] as number,
      a3 = st[3] as number;
    let a4 = st[4] as number,
      a5 = st[5] as number,
      a6 = st[6] as number,
      a7 = st[7] as number;
    for (; count - i >= 8; i += 8) {
      // bit s of k, moved to STEP's bit-row position (bit 11)
      const k = keyByte(key, L, p) << 11;
      a7 = (a0 + (data[i] as number) + (STEP[(k & 0x800) | (7 << 8) | a7] as number)) & 0xff;
      a6 = (a7 + (data[i + 1] as number) + (STEP[((k >>> 1) & 0x800) | (6 << 8) | a6] as number)) & 0xff;
      a5 = (a6 + (data[i + 2] as number) + (STEP[((k >>> 2) & 0x800) | (5 << 8) | a5] as number)) & 0xff;
      a4 = (a5 + (data[i + 3] as number) + (STEP[((k >>> 3) & 0x800) | (4 << 8) | a4] as number)) & 0xff;
      a3 = (a4 + (data[i + 4] as number) + (STEP[((k >>> 4) & 0x800) | (3 << 8) | a3] as number)) & 0xff;
      a2 = (a3 + (data[i + 5] as number) + (STEP[((k >>> 5) & 0x800) | (2 << 8) | a2] as number)) & 0xff;
      a1 = (a2 + (data[i + 6] as number) + (STEP[((k >>> 6) & 0x800) | (1 << 8) | a1] as number)) & 0xff;
      a0 = (a1 + (data[i + 7] as number) + (STEP[((k >>> 7) & 0x800) | a0] as number)) & 0xff;
      p += 8;
      if (p === round) p = 0;
    }
    st[0] = a0;
    st[1] = a1;
    st[2] = a2;
    st[3] = a3;
    st[4] = a4;
    st[5] = a5;
    st[6] = a6;
    st[7] = a7;
  }
  for (; i < count; i++) {
    st[7 - (p & 7)] = stepOnce(st, keyByte(key, L, p), p, data[i] as number);
    if (++p === round) p = 0;
  }
  return p;
}

/** Key byte (p / 8) mod L; p / 8 < N <= 1.5 L, so at most one wrap. */
function keyByte(key: Uint8Array, L: number, p: number): number {
  const q = p >>> 3;
  return key[q < L ? q : q - L] as number;
}

/** The new a[v] for one position p (v = 7 - p % 8), given its key byte and message byte. */
function stepOnce(st: Uint8Array, k: number, p: number, byte: number): number {
  const s = p & 7;
  const v = 7 - s;
  return (
    (st[(v + 1) & 7] as number) +
    byte +
    (STEP[(((k >>> s) & 1) << 11) | (V_ROW[s] as number) | (st[v] as number)] as number)
  );
}
