import { DecodeError } from "../errors";
import { ByteReader } from "./cursor";

/** What every decoder returns: a value, or the one typed error. Never undefined, never a bare Error. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/**
 * Runs a cursor-based layout over `input` and turns the DecodeError a cursor throws into a result.
 * Anything else that escapes is a bug in a decoder, and the self-fuzz tests exist to find it, so it
 * is deliberately not caught here.
 */
export function decodeWith<T>(input: Uint8Array, context: string, layout: (r: ByteReader) => T): Decoded<T> {
  try {
    const r = new ByteReader(input, context);
    const value = layout(r);
    r.end();
    return { ok: true, value };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, error: e };
    throw e;
  }
}

/** For callers that already validated their input and want the value or an exception. */
export function unwrap<T>(d: Decoded<T>): T {
  if (!d.ok) throw d.error;
  return d.value;
}
