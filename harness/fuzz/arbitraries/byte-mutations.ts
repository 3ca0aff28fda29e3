import fc from "fast-check";

/**
 * Small damage done to a well-formed message: the mutations a noisy line, a buggy client or an
 * attacker produce. Each keeps a name so that a counterexample reads as what was done to the
 * bytes, not only as the bytes.
 */
export type Mutation =
  | { readonly kind: "bit-flip"; readonly at: number; readonly bit: number }
  | { readonly kind: "truncate"; readonly keep: number }
  | { readonly kind: "trailing"; readonly bytes: Uint8Array }
  | { readonly kind: "replace"; readonly at: number; readonly value: number }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "duplicate"; readonly from: number; readonly length: number };

/** Positions are fractions of the message length, so one mutation fits a message of any size. */
const at = fc.integer({ min: 0, max: 0xffff });

export const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record(
    { kind: fc.constant("bit-flip" as const), at, bit: fc.integer({ min: 0, max: 7 }) },
    { noNullPrototype: true },
  ),
  fc.record({ kind: fc.constant("truncate" as const), keep: at }, { noNullPrototype: true }),
  fc.record(
    { kind: fc.constant("trailing" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) },
    { noNullPrototype: true },
  ),
  fc.record(
    { kind: fc.constant("replace" as const), at, value: fc.constantFrom(0x00, 0xff, 0x7f, 0x80, 0xee, 0x06, 0x15) },
    { noNullPrototype: true },
  ),
  fc.record({ kind: fc.constant("delete" as const), at }, { noNullPrototype: true }),
  fc.record(
    { kind: fc.constant("duplicate" as const), from: at, length: fc.integer({ min: 1, max: 16 }) },
    { noNullPrototype: true },
  ),
);

/** The mutated copy; an empty input stays empty except for trailing bytes. */
export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const pos = (x: number) => (n === 0 ? 0 : x % n);
  switch (m.kind) {
    case "bit-flip": {
      const out = bytes.slice();
      if (n > 0) out[pos(m.at)] = (out[pos(m.at)] as number) ^ (1 << m.bit);
      return out;
    }
    case "truncate":
      return bytes.slice(0, n === 0 ? 0 : m.keep % n);
    case "trailing": {
      const out = new Uint8Array(n + m.bytes.length);
      out.set(bytes);
      out.set(m.bytes, n);
      return out;
    }
    case "replace": {
      const out = bytes.slice();
      if (n > 0) out[pos(m.at)] = m.value;
      return out;
    }
    case "delete": {
      if (n === 0) return bytes.slice();
      const i = pos(m.at);
      const out = new Uint8Array(n - 1);
      out.set(bytes.subarray(0, i));
      out.set(bytes.subarray(i + 1), i);
      return out;
    }
    case "duplicate": {
      if (n === 0) return bytes.slice();
      const i = pos(m.from);
      const seg = bytes.subarray(i, Math.min(n, i + m.length));
      const out = new Uint8Array(n + seg.length);
      out.set(bytes.subarray(0, i + seg.length));
      out.set(seg, i + seg.length);
      out.set(bytes.subarray(i + seg.length), i + 2 * seg.length);
      return out;
    }
  }
}

export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case "bit-flip":
      return `bit ${m.bit} of byte ${m.at} (modulo the length) flipped`;
    case "truncate":
      return `cut to ${m.keep} byte(s) (modulo the length)`;
    case "trailing":
      return `${m.bytes.length} trailing byte(s) added`;
    case "replace":
      return `byte ${m.at} (modulo the length) set to 0x${m.value.toString(16).padStart(2, "0")}`;
    case "delete":
      return `byte ${m.at} (modulo the length) deleted`;
    case "duplicate":
      return `${m.length} byte(s) from ${m.from} (modulo the length) repeated`;
  }
}

/** One to three mutations of well-formed bytes: close enough to valid to reach deep into a decoder. */
export function arbMutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(valid, fc.array(arbMutation, { minLength: 1, maxLength: 3 }))
    .map(([bytes, ms]) => ms.reduce(applyMutation, bytes));
}
