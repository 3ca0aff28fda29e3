import type { Decoded } from "../bytes/decoded";
import { bytesEqual } from "../bytes/byte-arrays";
import { ConfigError, DecodeError, OsgpError } from "../errors";
import { describeResponseCode, parseResponseCode, responseMeaning } from "../protocol/response-codes";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * The judgements steps make, in one place so that every verdict reads the same and carries its
 * evidence. A device that answered wrongly FAILs; a device that could not be heard (time-out,
 * lost link, port error) is INCONCLUSIVE; a response that does not decode is a FAIL, with the
 * offending bytes and offset.
 */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export async function capture<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The value of an outcome, or the verdict its error calls for. */
export function valueOf<T>(o: Outcome<T> | null, what: string): T {
  if (o === null) throw new Inconclusive(`no ${what}: the scenario did not get that far`);
  if (o.ok) return o.value;
  throw verdictForError(o.error, what);
}

export function verdictForError(error: unknown, what: string): Error {
  if (error instanceof ConformanceAssertionError || error instanceof Inconclusive) return error;
  if (error instanceof DecodeError) return new ConformanceAssertionError(`${what}: the device's answer does not decode: ${error.message}`);
  if (error instanceof ConfigError) return error;
  if (error instanceof OsgpError) return new Inconclusive(`${what}: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** The response codes named in a PIXIT list ("isc", "0x03"), as numbers. */
export function codesNamed(names: readonly string[], item: string): number[] {
  return names.map((n) => {
    const c = parseResponseCode(n);
    if (c === null) throw new ConfigError("OSGP_ERR_PIXIT", `${item}: "${n}" is not a response code`);
    return c;
  });
}

export function expectResponseCode(actual: number, allowed: readonly number[], what: string, evidence: readonly Evidence[]): void {
  if (!allowed.includes(actual)) {
    throw new ConformanceAssertionError(
      `${what}: the device answered ${describeResponseCode(actual)} (${responseMeaning(actual)}); allowed: ${allowed.map(describeResponseCode).join(" or ")}`,
      evidence,
    );
  }
}

export function mustDecode<T>(d: Decoded<T>, what: string, evidence: readonly Evidence[]): T {
  if (d.ok) return d.value;
  throw new ConformanceAssertionError(`${what} does not decode: ${d.error.message}`, evidence);
}

export function expectBytes(actual: Uint8Array, expected: Uint8Array, what: string, evidence: readonly Evidence[]): void {
  if (!bytesEqual(actual, expected)) {
    const at = firstDifference(actual, expected);
    throw new ConformanceAssertionError(`${what}: first difference at offset ${at} (${actual.length} bytes read, ${expected.length} expected)`, evidence);
  }
}

export function expectThat(condition: boolean, message: string, evidence: readonly Evidence[] = []): void {
  if (!condition) throw new ConformanceAssertionError(message, evidence);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
