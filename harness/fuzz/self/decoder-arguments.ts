import fc from "fast-check";
import { decodeWith } from "../../bytes/decoded";
import { readApdu, type LonApdu } from "../../link/lon/lon-apdu";
import { MAX_MESSAGE_CODE } from "../../link/lon/osgp-over-lon";
import { INTEGER_TYPES } from "../../protocol/types/integers";
import { AesRequestContext, aesPskProfile } from "../../security/aes128-psk";
import { mepKeys, plcKeys, protectRequest } from "../../security/rc4-psk";
import type { DecoderEntry, Param } from "./decoder-discovery";
import { parameterTypes, structuredArgument } from "./type-hints";

/**
 * What to pass a discovered decoder besides the fuzzed bytes, found from its parameters' names:
 * the conventions of the codebase ("bytes", "order", "opts", "dims"...) say what each one is. A
 * name no rule knows is guessed as a small count and marked as guessed, so that a finding caused
 * by the guess says so (and a rule can be added here) instead of the decoder being skipped.
 *
 * Keys are fixed, made-up bytes: the self-fuzz checks parsing, never a real key.
 */
export type ArgPlan =
  | { readonly kind: "bytes" }
  | { readonly kind: "reader" }
  | { readonly kind: "value"; readonly arb: fc.Arbitrary<unknown>; readonly guessed?: true };

const SELF_FUZZ_MEP_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x30 + i);
const SELF_FUZZ_OMAK = Uint8Array.from({ length: 12 }, (_, i) => 0x41 + i);
export const SELF_FUZZ_RC4_KEYS = mepKeys(SELF_FUZZ_MEP_KEY);
export const SELF_FUZZ_AES_KEY = SELF_FUZZ_MEP_KEY;
const RC4_KEYS = fc.constantFrom(SELF_FUZZ_RC4_KEYS, plcKeys(SELF_FUZZ_OMAK, "split-halves"));

const BYTES_NAMES = /^(bytes|input|data|frame|image|datagram|payload|chunk|buf|b)$/;
const TEXT_NAMES = /^(field|path|context|label|name|what|prefix)$/;
const COUNT_NAMES =
  /^(n|count|length|size|width|byteCount|offset|index|requestCode|formatCode)$|^(dim|nbr|num|max|min)[A-Z]\w*$|\w(Count|Length|Size|Used|Entries|Number)$/;
const OBJECT_NAMES = /^(dims|dimensions|config|sizes|shape|spec|d|c|{})$/;

const small = fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 600 }));
const byteOrder = fc.constantFrom("le", "be");
const codecOptions = fc.record(
  {
    checksum: fc.boolean(),
    tryDecrypt: fc.boolean(),
    emptyInput: fc.constantFrom("one-zero-block", "zero-state"),
    encryptedBytes: fc.constantFrom("apdu+sequence", "apdu"),
    responseKeystream: fc.constantFrom("continue", "rekey"),
    versions: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  },
  { requiredKeys: [], noNullPrototype: true },
);

/** Any APDU the 14908-1 reader can produce: the input of the decoders that take one. */
export const arbLonApduValue: fc.Arbitrary<LonApdu> = fc
  .uint8Array({ minLength: 1, maxLength: 60 })
  .map((b) => decodeWith(b, "fuzz", (r) => readApdu(r, "apdu")))
  .filter((d) => d.ok)
  .map((d) => (d as { value: LonApdu }).value);

const carriage = fc.oneof(
  fc.constant({ carriage: "apdu-code" as const }),
  fc.integer({ min: 0, max: MAX_MESSAGE_CODE }).map((code) => ({ carriage: "message" as const, code })),
);

/** Parameters annotated with a primitive type, whatever their name. */
const PRIMITIVES: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  number: small,
  boolean: fc.boolean(),
  string: fc.constant("fuzz"),
  ByteOrder: byteOrder,
};

/** A run of integer fields (protocol/types/uint-fields.ts), the layout the invented tables are built of. */
const uintLayout = fc.array(
  fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom(1, 2, 4), fc.boolean()),
  { maxLength: 8 },
);

/** A dimension record of any shape: every property read gives a small number chosen per run. */
const dimensionRecord = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 8 }).map(
  (values) =>
    new Proxy({} as Record<string, number>, {
      get: (_t, key) =>
        typeof key === "string"
          ? values[[...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % 8]
          : undefined,
    }),
);

/** Per module, parameters whose meaning there differs from the general rule. */
const MODULE_RULES: Readonly<Record<string, Readonly<Record<string, fc.Arbitrary<unknown>>>>> = {
  "protocol/types/integers": { type: fc.constantFrom(...Object.keys(INTEGER_TYPES)) },
  "protocol/tables/bt01-manufacturer-identification": { idFormat: fc.constantFrom("char", "bcd") },
  "link/lon/osgp-over-lon": { options: carriage, apdu: arbLonApduValue },
  // The request code is the caller's (the request it sent), documented to be an NM code.
  "link/lon/network-management": { apdu: arbLonApduValue, requestCode: fc.integer({ min: 0x60, max: 0x7f }) },
  "link/lon/lon-address": { formatCode: fc.integer({ min: 0, max: 3 }) },
  "security/rc4-psk": {
    keys: RC4_KEYS,
    context: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), fc.boolean())
      .map(([apdu, sequence, encrypt]) => protectRequest(SELF_FUZZ_RC4_KEYS, apdu, sequence, { encrypt }).context),
  },
  "security/aes128-psk": {
    key: fc.constant(SELF_FUZZ_AES_KEY),
    context: fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 40 }))
      .map(([s, n]) => new AesRequestContext(s, n)),
    profile: fc.integer({ min: 2, max: 8 }).map((n) => aesPskProfile(2 * n)),
  },
};

export function planArguments(entry: Pick<DecoderEntry, "module" | "params"> & { readonly name?: string }): ArgPlan[] {
  let bytesGiven = false;
  return entry.params.map((p, i): ArgPlan => {
    const plan = planOne(entry, p, i, bytesGiven);
    if (plan.kind === "bytes" || plan.kind === "reader") bytesGiven = true;
    return plan;
  });
}

function planOne(
  entry: { readonly module: string; readonly name?: string },
  p: Param,
  index: number,
  bytesGiven: boolean,
): ArgPlan {
  const rule = MODULE_RULES[entry.module]?.[p.name];
  if (rule !== undefined) return value(rule, p);
  if (index === 0 && p.name === "r") return { kind: "reader" };
  if (BYTES_NAMES.test(p.name) || p.name === "apdu" || (index === 0 && /(Data|Bytes|Frame|Image)$/.test(p.name)))
    return bytesGiven ? value(fc.uint8Array({ maxLength: 40 }), p) : { kind: "bytes" };
  if (/^(order|dataOrder|byteOrder)$/.test(p.name)) return value(byteOrder, p);
  if (/^(opts|options|codec)$/.test(p.name)) return value(codecOptions, p);
  if (p.name === "layout") return value(uintLayout, p);
  if (TEXT_NAMES.test(p.name)) return value(fc.constant("fuzz"), p);
  if (COUNT_NAMES.test(p.name)) return value(small, p);
  const structured = entry.name === undefined ? null : structuredArgument(entry.module, entry.name, index);
  if (structured !== null) return value(structured, p);
  const declared = entry.name === undefined ? undefined : parameterTypes(entry.module, entry.name)[index];
  const primitive = declared === undefined ? undefined : PRIMITIVES[declared];
  if (primitive !== undefined) return value(primitive, p);
  if (OBJECT_NAMES.test(p.name)) return value(dimensionRecord, p);
  return { kind: "value", arb: small, guessed: true };
}

/** A parameter with a default is sometimes left out, so the default path is fuzzed too. */
function value(arb: fc.Arbitrary<unknown>, p: Param): ArgPlan {
  return { kind: "value", arb: p.hasDefault ? fc.option(arb, { nil: undefined, freq: 4 }) : arb };
}

export function guessedParameters(entry: Pick<DecoderEntry, "module" | "params" | "name">): string[] {
  const plans = planArguments(entry);
  return entry.params
    .filter((_, i) => plans[i]?.kind === "value" && (plans[i] as { guessed?: true }).guessed === true)
    .map((p) => p.name);
}
