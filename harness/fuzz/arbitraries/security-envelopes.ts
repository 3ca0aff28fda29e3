import fc from "fast-check";

/**
 * Attacks on the secured envelope of 7.2, 7.3 and 9.7 (APDU, sequence number, digest; RC4 or the
 * AES profile around them), each on a request that reads BT01 or writes the scratch area:
 *
 *   bit-flip     one bit of the APDU/ciphertext, the sequence number or the digest/tag
 *   truncate     the frame cut short (down to fewer bytes than code, sequence and digest)
 *   extend       bytes added after the digest
 *   replay       a request the device served, sent again byte for byte
 *   window       a sequence number at or around the edges of the device's window (last + 0, 1,
 *                window, window + 1, behind it, half the number space ahead)
 *   foreign-key  protected with a key the device does not hold
 *   key-level    the basic key (MBK) asking to write (MEP only): verified, then refused for its level
 */
export type EnvelopeRegion = "apdu" | "sequence" | "digest";

export type EnvelopeCase =
  | {
      readonly kind: "bit-flip";
      readonly region: EnvelopeRegion;
      readonly bit: number;
      readonly write: boolean;
      readonly encrypt: boolean;
    }
  | { readonly kind: "truncate"; readonly keep: number; readonly write: boolean; readonly encrypt: boolean }
  | { readonly kind: "extend"; readonly bytes: Uint8Array; readonly write: boolean; readonly encrypt: boolean }
  | { readonly kind: "replay"; readonly write: boolean; readonly encrypt: boolean }
  | { readonly kind: "window"; readonly ahead: number; readonly write: boolean; readonly encrypt: boolean }
  | { readonly kind: "foreign-key"; readonly key: Uint8Array; readonly write: boolean; readonly encrypt: boolean }
  | { readonly kind: "key-level"; readonly encrypt: boolean };

export interface EnvelopeSpace {
  /** The device's window (PIXIT mep.sequenceWindow / plc.sequenceWindow). */
  readonly window: number;
  /** Whether a basic key is configured (MEP MBK). */
  readonly basicKey: boolean;
  /** Whether the scratch area may be written (writes test that a refused request changes nothing). */
  readonly canWrite: boolean;
}

export function arbEnvelopeCase(space: EnvelopeSpace): fc.Arbitrary<EnvelopeCase> {
  const write = space.canWrite ? fc.boolean() : fc.constant(false);
  const encrypt = fc.boolean();
  const w = space.window;
  const ahead = fc.oneof(
    fc.constantFrom(0, 1, w, w + 1, -1, 0x80000000, 0xffffffff),
    fc.integer({ min: -3, max: w + 3 }),
  );
  const kinds: fc.Arbitrary<EnvelopeCase>[] = [
    fc.record(
      {
        kind: fc.constant("bit-flip" as const),
        region: fc.constantFrom<EnvelopeRegion>("apdu", "sequence", "digest"),
        bit: fc.nat(),
        write,
        encrypt,
      },
      { noNullPrototype: true },
    ),
    fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat(), write, encrypt }, { noNullPrototype: true }),
    fc.record(
      { kind: fc.constant("extend" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), write, encrypt },
      { noNullPrototype: true },
    ),
    fc.record({ kind: fc.constant("replay" as const), write, encrypt }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant("window" as const), ahead, write, encrypt }, { noNullPrototype: true }),
    fc.record(
      {
        kind: fc.constant("foreign-key" as const),
        key: fc.uint8Array({ minLength: 16, maxLength: 16 }),
        write,
        encrypt,
      },
      { noNullPrototype: true },
    ),
  ];
  if (space.basicKey && space.canWrite)
    kinds.push(fc.record({ kind: fc.constant("key-level" as const), encrypt }, { noNullPrototype: true }));
  return fc.oneof(...kinds);
}

/** The byte range of a region in a protected request frame: APDU (or ciphertext) | seq32 | digest. */
export function regionRange(
  frameLength: number,
  region: EnvelopeRegion,
  digestLength: number,
): readonly [number, number] {
  const digestAt = frameLength - digestLength;
  const seqAt = digestAt - 4;
  if (region === "apdu") return [0, seqAt];
  if (region === "sequence") return [seqAt, digestAt];
  return [digestAt, frameLength];
}

export function describeEnvelopeCase(c: EnvelopeCase): string {
  const what =
    c.kind === "key-level"
      ? "a write with the basic key"
      : `${c.write ? "a write of the scratch area" : "a read of BT01"}${c.encrypt ? ", encrypted" : ""}`;
  switch (c.kind) {
    case "bit-flip":
      return `${what}, bit ${c.bit} (modulo its size) of the ${c.region === "apdu" ? "APDU/ciphertext" : c.region === "sequence" ? "sequence number" : "digest/tag"} flipped`;
    case "truncate":
      return `${what}, cut short: 1 + (${c.keep} modulo its length - 1) byte(s) kept`;
    case "extend":
      return `${what}, ${c.bytes.length} byte(s) added after the digest`;
    case "replay":
      return `${what}, sent again byte for byte after it was served`;
    case "window":
      return `${what}, sequence number = the device's + ${c.ahead}`;
    case "foreign-key":
      return `${what}, protected with a key the device does not hold`;
    case "key-level":
      return `${what}${c.encrypt ? ", encrypted" : ""}`;
  }
}
