import { OsgpError, SessionError, type ErrorCode } from "../errors";
import { SERVICE_LOGOFF, SERVICE_SECURITY } from "../link/c1218/link-services";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { TABLE_SERVICE_CODES } from "../protocol/table-requests";
import type { Trace } from "./trace";

/**
 * A session kept from an earlier scenario (harness/conformance/session-keeper.ts) may have been
 * ended by the device meanwhile: its session time-out, a reset, a power cycle. Nothing is sent to
 * find out, so that a healthy run pays nothing; the first request the next scenario sends tells.
 * When the device's bytes prove that request was not executed, the session is opened again in
 * place (the same session object, which steps may hold) and the request sent again, with a note in
 * the trace. When they leave it open (the request acknowledged, no answer), the error says so and
 * the session is not kept for another scenario.
 */
export interface FirstRequestCheck {
  /** Where the session came from, as the trace and an error name it. */
  readonly origin: string;
  /** Opens the session again in place; null on a link whose sessions have nothing to open again. */
  readonly reopen: (() => Promise<void>) | null;
  /** Told when the first answer leaves it unknown whether the device still held the session. */
  readonly onUnknown: () => void;
}

export type FirstAnswer = { readonly response: Uint8Array } | { readonly error: unknown };

/**
 * What the first answer says of the session: ended before the request (with the device's evidence),
 * unknown, or nothing that changes it ("as-is": the answer, or the error, goes to the caller as it is).
 */
export type SessionFate =
  { readonly kind: "as-is" } | { readonly kind: "dropped"; readonly evidence: string } | { readonly kind: "unknown" };

/** Sends the first request of a resumed session, `request`, under `check` (see above). */
export async function firstRequest(
  request: Uint8Array,
  send: () => Promise<Uint8Array>,
  fateOf: (answer: FirstAnswer, request: Uint8Array) => SessionFate,
  check: FirstRequestCheck,
  trace: Trace,
): Promise<Uint8Array> {
  let answer: FirstAnswer;
  try {
    answer = { response: await send() };
  } catch (error) {
    answer = { error };
  }
  const fate = fateOf(answer, request);
  if (fate.kind === "dropped" && check.reopen !== null) {
    trace.note(
      `the session ${check.origin} had ended (${fate.evidence}): the request was not executed; a fresh session, then the request again`,
    );
    await check.reopen();
    return send();
  }
  if ("response" in answer) return answer.response;
  if (fate.kind === "unknown") {
    check.onUnknown();
    throw withOrigin(answer.error, check.origin);
  }
  throw answer.error;
}

/**
 * C12.18: a request no packet of which was acknowledged, every retransmission included, never
 * reached the device whole; isss to a service a logged-on session serves (a table service,
 * security, logoff) says the device is no longer in that session. Not to identification, negotiate
 * or logon, which a device in the session rightly refuses so. Acknowledged and then unanswered (or
 * answered in packets that never check), the request may have been executed.
 */
export function c1218SessionFate(answer: FirstAnswer, request: Uint8Array): SessionFate {
  if ("response" in answer)
    return answer.response[0] === RESPONSE_CODE.isss && IN_SESSION_SERVICES.includes(request[0] ?? -1)
      ? { kind: "dropped", evidence: "the device answered isss, invalid service sequence state" }
      : { kind: "as-is" };
  const code = codeOf(answer.error);
  if (code === "OSGP_ERR_NO_ACK") return { kind: "dropped", evidence: "the device acknowledged none of its packets" };
  return code === "OSGP_ERR_RESPONSE_TIMEOUT" || code === "OSGP_ERR_GARBLED_RESPONSE"
    ? { kind: "unknown" }
    : { kind: "as-is" };
}

const IN_SESSION_SERVICES: readonly number[] = [...TABLE_SERVICE_CODES, SERVICE_SECURITY, SERVICE_LOGOFF];

/**
 * MEP and PLC: the device keeps no session, only its sequence number, and its proof that a request
 * was not executed (0x0C, a number outside its window) is already answered inside the session by one
 * resynchronising request (9.7). No answer after every retransmission leaves it unknown.
 */
export function securedSessionFate(answer: FirstAnswer): SessionFate {
  if ("response" in answer) return { kind: "as-is" };
  const code = codeOf(answer.error);
  return code === "OSGP_ERR_MEP_NO_RESPONSE" ||
    code === "OSGP_ERR_PLC_NO_RESPONSE" ||
    code === "OSGP_ERR_RESPONSE_TIMEOUT"
    ? { kind: "unknown" }
    : { kind: "as-is" };
}

function codeOf(error: unknown): ErrorCode | null {
  return error instanceof OsgpError ? error.code : null;
}

function withOrigin(error: unknown, origin: string): unknown {
  if (!(error instanceof OsgpError)) return error;
  return new SessionError(
    error.code,
    `${error.detail}; the session was ${origin}, and the device may have ended it meanwhile (its session time-out, a reset, a power cycle): whether it executed the request is unknown, and the next scenario opens a fresh session`,
    { ...(error.bytes === undefined ? {} : { bytes: error.bytes }), cause: error },
  );
}
