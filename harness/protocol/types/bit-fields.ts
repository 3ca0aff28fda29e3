import { EncodeError } from "../../errors";

/**
 * Bit fields of 6.2: INT(x..y)/UINT(x..y)/BOOL(x) inside an unsigned integer, and SET(n).
 * A spec maps each field name to its [first bit, last bit], bit 0 being the least significant.
 */
export type BitFieldSpec = Readonly<Record<string, readonly [from: number, to: number]>>;

export type BitFieldValues<S extends BitFieldSpec> = { -readonly [K in keyof S]: number };

export function unpackBits<S extends BitFieldSpec>(value: number, spec: S): BitFieldValues<S> {
  const out = {} as BitFieldValues<S>;
  for (const name of Object.keys(spec) as (keyof S)[]) {
    const [from, to] = spec[name] as readonly [number, number];
    out[name] = Math.floor(value / 2 ** from) % 2 ** (to - from + 1);
  }
  return out;
}

/** Packs named sub-fields; a value wider than its bits is an EncodeError, never silently masked. */
export function packBits<S extends BitFieldSpec>(values: BitFieldValues<S>, spec: S, path: string): number {
  let out = 0;
  for (const name of Object.keys(spec) as (keyof S & string)[]) {
    const [from, to] = spec[name] as readonly [number, number];
    const v = values[name];
    const limit = 2 ** (to - from + 1);
    if (!Number.isInteger(v) || v < 0 || v >= limit) {
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${v} does not fit bits ${from}..${to}`, {
        path: `${path}.${name}`,
      });
    }
    out += v * 2 ** from;
  }
  return out;
}

/** SET(n): n bytes holding 8n booleans; element i is bit (i mod 8) of byte (i div 8). */
export function decodeSet(bytes: Uint8Array): boolean[] {
  const out: boolean[] = [];
  for (const byte of bytes) for (let bit = 0; bit < 8; bit++) out.push(((byte >> bit) & 1) === 1);
  return out;
}

export function encodeSet(flags: readonly boolean[], byteLength: number, path: string): Uint8Array {
  if (flags.length > byteLength * 8) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${flags.length} flags do not fit SET(${byteLength})`, { path });
  }
  const out = new Uint8Array(byteLength);
  flags.forEach((on, i) => {
    if (on) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  });
  return out;
}
