import type { Decoded } from "../bytes/decoded";
import { bytesEqual } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import { ConfigError, DecodeError, OsgpError } from "../errors";
import { describeResponseCode, parseResponseCode, RESPONSE_CODE, responseMeaning } from "../protocol/response-codes";
import type { Redactor } from "../security/redactor";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * The judgements steps make, in one place so that every verdict reads the same and carries its
 * evidence. A device that answered wrongly FAILs; a device that could not be heard (time-out,
 * lost link, port error) is INCONCLUSIVE; a response that does not decode is a FAIL, with the
 * offending bytes and offset; a refusal for clearance or a lock is INCONCLUSIVE (README, Verdicts).
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

/**
 * The verdict an error calls for. With the scenario's redactor (as the step wrapper passes it, so
 * that every verdict leaving a step has been through it), the verdict's text and that of every
 * error it carries are scrubbed of the keys, and the bytes an exchange error was about (which its
 * message does not quote) are shown masked.
 */
export function verdictForError(error: unknown, what: string, redactor?: Redactor): Error {
  const verdict = bareVerdict(error, what, redactor);
  return redactor === undefined ? verdict : redactor.scrubError(verdict);
}

function bareVerdict(error: unknown, what: string, redactor: Redactor | undefined): Error {
  if (error instanceof ConformanceAssertionError || error instanceof Inconclusive) return error;
  if (error instanceof DecodeError)
    return new ConformanceAssertionError(`${what}: the device's answer does not decode: ${error.message}`);
  if (error instanceof ConfigError) return error;
  if (error instanceof OsgpError) return new Inconclusive(`${what}: ${error.message}${sentBytes(error, redactor)}`);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The bytes an exchange error holds, through the redactor; from the first
 * secret byte on all is hidden (the rest of a padded field, a CRC).
 */
function sentBytes(error: OsgpError, redactor: Redactor | undefined): string {
  if (redactor === undefined || error.bytes === undefined) return "";
  // Masked whole before it is cut, so that a key across the cut is still found.
  const parts = redactor.hex(error.bytes, (hidden) => hidden.fill(true, hidden.indexOf(true))).hex.split(" ");
  const more = parts.length > MAX_BYTES_SHOWN ? ` ... ${parts.length} bytes in all` : "";
  return `\n  bytes sent: [${parts.slice(0, MAX_BYTES_SHOWN).join(" ")}${more}]`;
}

const MAX_BYTES_SHOWN = 64;

/**
 * Refusals that say "not you" or "not now" rather than "no": a key level or a lock the harness
 * cannot see past (isc, dlk), a device busy or not ready (bsy, dnr). A table or procedure a
 * scenario needs, refused so, leaves the requirement undecided; any other refusal of something
 * the device declares is its own breach.
 */
const BUSY_REFUSALS: readonly number[] = [RESPONSE_CODE.bsy, RESPONSE_CODE.dnr];
const UNDECIDING_REFUSALS: readonly number[] = [RESPONSE_CODE.isc, RESPONSE_CODE.dlk, ...BUSY_REFUSALS];

export function isUndecidingRefusal(code: number): boolean {
  return UNDECIDING_REFUSALS.includes(code);
}

/** "Not now" alone: for a scenario whose very breach a refusal for clearance or a lock would be (A.2, 7.5). */
export function isBusyRefusal(code: number): boolean {
  return BUSY_REFUSALS.includes(code);
}

/**
 * The verdict for a refused request the scenario needed answered (`what` names it: "BT21 (10 bytes from offset 0)").
 */
export function refusalVerdict(
  code: number,
  what: string,
  evidence: readonly Evidence[] = [],
  undeciding: (code: number) => boolean = isUndecidingRefusal,
): ConformanceAssertionError | Inconclusive {
  const answered = `${what}: the device answered ${describeResponseCode(code)} (${responseMeaning(code)})`;
  return undeciding(code)
    ? new Inconclusive(`${answered}, so the requirement cannot be judged`)
    : new ConformanceAssertionError(answered, evidence);
}

/**
 * A request whose service is what the scenario judges: ok, or the verdict its refusal calls for. Where
 * the scenario's subject is the refusal itself (a read past the end, a write the PIXIT says is refused),
 * expectResponseCode judges the code instead.
 */
export function expectServed(
  code: number,
  what: string,
  evidence: readonly Evidence[] = [],
  undeciding: (code: number) => boolean = isUndecidingRefusal,
): void {
  if (code !== RESPONSE_CODE.ok) throw refusalVerdict(code, what, evidence, undeciding);
}

/** The response codes named in a PIXIT list ("isc", "0x03"), as numbers. */
export function codesNamed(names: readonly string[], item: string): number[] {
  return names.map((n) => {
    const c = parseResponseCode(n);
    if (c === null) throw new ConfigError("OSGP_ERR_PIXIT", `${item}: "${n}" is not a response code`);
    return c;
  });
}

export function expectResponseCode(
  actual: number,
  allowed: readonly number[],
  what: string,
  evidence: readonly Evidence[],
): void {
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

/** A table's bytes decoded, or a FAIL quoting them: the device's own bytes are the evidence. */
export function decoded<T>(d: Decoded<T>, what: string, bytes: Uint8Array): T {
  return mustDecode(d, what, [{ label: what, hex: toHex(bytes) }]);
}

export function expectBytes(
  actual: Uint8Array,
  expected: Uint8Array,
  what: string,
  evidence: readonly Evidence[],
): void {
  if (!bytesEqual(actual, expected)) {
    const at = firstDifference(actual, expected);
    throw new ConformanceAssertionError(
      `${what}: first difference at offset ${at} (${actual.length} bytes read, ${expected.length} expected)`,
      evidence,
    );
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
